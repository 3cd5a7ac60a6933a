#!/usr/bin/env bash
# test/bench/batch_271.sh — backend CPU of costshare.estimate_many over members priced from a payer's
# 271 (a deductible of 300, an out-of-pocket limit of 2,000, 20% for mental health, an individual and a
# family plan-paid maximum), families of four, APPTS upcoming sessions per member (90837, one a week from
# March 10) in one call: what an analyst's "every upcoming appointment" query costs for a 271-priced
# practice. Since session 13 the batch estimates a family's 271 lines one after the other, each as if the
# earlier ones were posted (costshare.estimate_271_after). CPU time is the backend's (utime + stime from
# /proc/<pid>/stat), three runs. Own throwaway cluster (scripts/cluster.sh) from the tree given (default
# this one), so two builds can be compared: bash test/bench/batch_271.sh /tmp/other-tree.
#   MEMBERS (2000), APPTS (6), LINES (3: claim lines per member posted after the load)
# A benchmark, not a test: nothing here decides pass or fail.
set -euo pipefail
cd "${1:-$(dirname "$0")/../..}"
MEMBERS=${MEMBERS:-2000}; APPTS=${APPTS:-6}; LINES=${LINES:-3}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGOPTIONS="-c client_min_messages=warning ${EXTRA_PGOPTIONS:-}"
. scripts/cluster.sh
cs_cluster_start >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v n="$MEMBERS" -v lines="$LINES" <<'SQL'
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
                  || 'EB*C*IND*30***23*300.00*****Y~EB*G*IND*30***23*2000.00*****Y~EB*A*IND*MH*****0.2****Y~'
                  || 'EB*F*IND*MH***23*5000.00*****Y~EB*F*FAM*MH***23*15000.00*****Y~EB*F*FAM*MH***24*100.00*****Y~', '' ORDER BY g)
    || 'SE*' || (7 + 12 * :n) || '*0001~GE*1*7~IEA*1*000000001~', '2026-03-01')
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
for run in 1 2 3; do
  psql -X -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t0 AS SELECT split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint AS ticks, clock_timestamp() AS t;
SELECT count(*) FILTER (WHERE e.sqlstate = '00000') || ' priced of ' || count(*) || ', patient_pays sum '
       || sum((e.line).patient_pays)
  FROM costshare.estimate_many(ARRAY(
         SELECT ROW(g * 100 + k, 'm' || g, date '2026-03-10' + 7 * k, '90837', NULL, '11', NULL)::costshare.appointment
           FROM generate_series(1, $MEMBERS) g, generate_series(0, $APPTS - 1) k)) e;
SELECT 'estimate_many run $run ($MEMBERS members x $APPTS): cpu_s=' || ((split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint - t0.ticks) / 100.0)
     || ' wall_s=' || round(extract(epoch FROM clock_timestamp() - t0.t)::numeric, 2) FROM t0;
SQL
done
