#!/usr/bin/env bash
# usage: [CS_DESTDIR=<install>] test/bench/ledger_271.sh [lines] — one member with a loaded 271 (an EB01 F
# plan-paid period maximum, so the 271 path reads the member's ledger) and N (default 20,000) ledger lines
# with the 271's payer, each a claim of its own (line 1, version 1); prints the wall time of 3 runs of 20
# costshare.estimate_271() calls on a throwaway cluster. The 271 path groups the lines' versions per claim
# line: pairwise this took 297 ms a call at 5,000 lines and 4.8 s at 20,000 (quadratic, uninterruptible);
# sorted, 16 ms and 20 ms (2026-12-07, this machine).
cd "$(dirname "$0")/../.."
N=${1:-20000}
export PATH=/usr/lib/postgresql/15/bin:$PATH
. scripts/cluster.sh
cs_cluster_start >/dev/null || exit 1
psql -qX -c 'CREATE EXTENSION costshare CASCADE' >/dev/null 2>&1
psql -qAtX -v N=$N <<'SQL'
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('NWH', 'Northwind Health', '{NWH01}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('nwh-ppo', 'NWH', 'Northwind PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-B', 'Ana', 'Perez', '1980-04-02');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-B', 'M-B', 'f-M-B', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'individual', 'NWM-B');
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('NWH', '90837', '[2026-01-01,2027-01-01)', 200.00);
SELECT status FROM costshare.load_271(
  'ISA*00*          *00*          *ZZ*NWH01          *ZZ*CLINIC         *260301*1200*^*00501*000000501*0*P*:~'
  || 'GS*HB*NWH01*CLINIC*20260301*1200*501*X*005010X279A1~ST*271*0001*005010X279A1~BHT*0022*11*1*20260301*1200~'
  || 'HL*1**20*1~NM1*PR*2*NORTHWIND*****PI*NWH01~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~HL*3*2*22*0~'
  || 'TRN*2*T000000501*9877281235~NM1*IL*1*PEREZ*ANA****MI*NWM-B~DMG*D8*19800402~DTP*291*RD8*20260101-20261231~'
  || 'EB*1*IND*30**PPO~EB*A*IND*MH*****0.2****Y~EB*C*IND*30***23*0.00*****Y~EB*F*IND*MH***23*100000.00*****Y~'
  || 'SE*16*0001~GE*1*501~IEA*1*000000501~', '2026-03-01');
SELECT count(costshare.post_claim_line('CL' || g, 1, 1, 'final', 'M-B', 'nwh-ppo', date '2026-01-02' + (g % 60), 0, 0, 10,
                                       category => 'mh_psychotherapy', payer_id => 'NWH', allowed => 50, plan_paid => 40))
  FROM generate_series(1, :N) g;
CREATE FUNCTION pg_temp.run(n int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  FOR i IN 1 .. n LOOP
    PERFORM costshare.estimate_271('M-B', '2026-03-10', '90837');
  END LOOP;
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;
SELECT (r.estimate).status, (r.estimate).plan_max_left FROM costshare.estimate_271('M-B', '2026-03-10', '90837') r;
SELECT format('%s ledger lines, wall ms of 20 calls: %s %s %s', :N, pg_temp.run(20), pg_temp.run(20), pg_temp.run(20));
SQL
