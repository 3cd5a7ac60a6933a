# test/bench/p271_data.sh — sourced by p271_max.sh and batch_271.sh: p271_load loads MEMBERS members in
# families of four, one 271 for all of them (coverage, the cost-sharing segments given, an individual
# maximum of 5,000 and a family maximum of 15,000 with 100 used), and LINES claim lines per member posted
# after the load (every third with a second version), into the current cluster.
#   p271_load COST_SEGMENTS (each ending in ~; default: no deductible, 20% for mental health)
p271_load() {
	local cost=${1:-'EB*C*IND*30***23*0.00*****Y~EB*A*IND*MH*****0.2****Y~'}
	local segs=${cost//[^~]/}
	local per=$((9 + ${#segs}))	# segments per member: HL, TRN, NM1, DMG, DTP, EB*1, three maximums, the cost
	psql -X -q -v ON_ERROR_STOP=1 -v n="$MEMBERS" -v lines="$LINES" -v cost="$cost" -v per="$per" <<'SQL'
CREATE EXTENSION costshare CASCADE;
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('BPAY', 'Bench Payer', '{P1}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('b-ppo', 'BPAY', 'Bench PPO');
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('BPAY', '90837', '[2026-01-01,2027-01-01)', 200.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date)
SELECT 'm' || g, 'First' || g, 'Last' || g, date '1970-01-01' + g FROM generate_series(1, :n) g;
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
SELECT 'm' || g, 'm' || (((g - 1) / 4) * 4 + 1), 'f' || ((g - 1) / 4), 'b-ppo', '[2026-01-01,2027-01-01)',
       CASE WHEN (g - 1) % 4 = 0 THEN 'self' ELSE 'spouse' END, 'family', 'BM' || lpad(g::text, 6, '0')
  FROM generate_series(1, :n) g;
ANALYZE costshare.member; ANALYZE costshare.enrollment;
SELECT count(*) AS loaded FROM (SELECT costshare.load_271(
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~'
    || 'GS*HB*SENDER*RECEIVER*20260101*1200*7*X*005010X279A1~ST*271*0001*005010X279A1~'
    || 'BHT*0022*11*1*20260101*1200~HL*1**20*1~NM1*PR*2*BENCH PAYER*****PI*P1~HL*2*1*21*1~'
    || 'NM1*1P*2*CLINIC*****XX*1234567893~'
    || string_agg('HL*' || (g + 2) || '*2*22*0~TRN*2*T' || g || '*9877281234~NM1*IL*1*LAST' || g || '*FIRST' || g
                  || '****MI*BM' || lpad(g::text, 6, '0') || '~DMG*D8*' || to_char(date '1970-01-01' + g, 'YYYYMMDD')
                  || '~DTP*291*RD8*20260101-20261231~EB*1*IND*30**PLAN~'
                  || :'cost'
                  || 'EB*F*IND*MH***23*5000.00*****Y~EB*F*FAM*MH***23*15000.00*****Y~EB*F*FAM*MH***24*100.00*****Y~', '' ORDER BY g)
    || 'SE*' || (7 + :per * :n) || '*0001~GE*1*7~IEA*1*000000001~', '2026-03-01')
  FROM generate_series(1, :n) g) x;
-- after the load: LINES claim lines per member, every third with a second version
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
SELECT 'c' || g || '-' || k, v, 'final', 'f' || ((g - 1) / 4), 'm' || g, 'b-ppo', 'BPAY', 'mh_psychotherapy',
       date '2026-02-01' + k, 0, 0, 10.00, 40.00 - v
  FROM generate_series(1, :n) g, generate_series(1, :lines) k, generate_series(1, 2) v
 WHERE v = 1 OR k % 3 = 0;
ANALYZE costshare.accumulator_ledger;
SELECT count(*) AS ledger_lines FROM costshare.accumulator_ledger;
SELECT benefit_source, plan_max_period_left FROM costshare.eligibility('m1', '2026-03-10', '90837');
SQL
}
