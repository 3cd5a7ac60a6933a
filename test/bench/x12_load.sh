#!/usr/bin/env bash
# test/bench/x12_load.sh — serial throughput of the two X12 loaders on generated documents: post_835 of
# one 835 with N claims for N members (claims/s), and load_271 of one 271 with N subscribers and eight EB
# segments each (MB/s). Issue 11's targets: >= 1,000 claims/s and >= 5 MB/s. Own throwaway cluster
# (scripts/cluster.sh); every document is posted once into an empty practice, three runs, each on a
# fresh database. Usage: bash test/bench/x12_load.sh [N claims, default 2000] [N subscribers, default 10000]
# A benchmark, not a test: nothing here decides pass or fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLAIMS=${1:-2000}
SUBS=${2:-10000}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGOPTIONS="-c client_min_messages=warning"
. scripts/cluster.sh
cs_cluster_start >/dev/null

# the practice and the two documents, in database $1
setup() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" -v claims="$CLAIMS" -v subs="$SUBS" <<'SQL'
CREATE EXTENSION costshare CASCADE;
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('BPAY', 'Bench Payer', '{P1,1999999999}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('b-ppo', 'BPAY', 'Bench PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date)
SELECT 'm' || g, 'First' || g, 'Last' || g, date '1970-01-01' + g FROM generate_series(1, greatest(:claims, :subs)) g;
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
SELECT 'm' || g, 'm' || g, 'f' || g, 'b-ppo', '[2026-01-01,2027-01-01)', 'BM' || lpad(g::text, 6, '0')
FROM generate_series(1, greatest(:claims, :subs)) g;
ANALYZE costshare.member; ANALYZE costshare.enrollment;
CREATE TABLE public.doc835 AS
SELECT concat_ws(E'~',
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:',
  'GS*HP*SENDER*RECEIVER*20260101*1200*1*X*005010X221A1', 'ST*835*0001',
  'BPR*I*' || 50 * :claims || '.00*C*CHK************20260105',
  'TRN*1*CHK1*1999999999', 'N1*PR*BENCH PAYER', 'N1*PE*PRACTICE*XX*1222222223', 'LX*1',
  string_agg(concat_ws(E'~',
      'CLP*CLM' || g || '*1*200.00*50.00*100.00*12*P' || g,
      'NM1*QC*1*LAST' || g || '*FIRST' || g || '****MI*BM' || lpad(g::text, 6, '0'),
      'SVC*HC:90837*200.00*50.00', 'DTM*472*20260202', 'CAS*PR*1*100.00', 'CAS*CO*45*50.00'), E'~' ORDER BY g),
  'SE*' || 7 + 6 * :claims || '*0001', 'GE*1*1', 'IEA*1*000000001') || '~' AS doc
FROM generate_series(1, :claims) g;
CREATE TABLE public.doc271 AS
SELECT 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~'
    || 'GS*HB*SENDER*RECEIVER*20260101*1200*7*X*005010X279A1~ST*271*0001*005010X279A1~'
    || 'BHT*0022*11*1*20260101*1200~HL*1**20*1~NM1*PR*2*BENCH PAYER*****PI*P1~HL*2*1*21*1~'
    || 'NM1*1P*2*CLINIC*****XX*1234567893~'
    || string_agg('HL*' || (g + 2) || '*2*22*0~TRN*2*T' || g || '*9877281234~NM1*IL*1*LAST' || g || '*FIRST' || g
                  || '****MI*BM' || lpad(g::text, 6, '0') || '~DMG*D8*' || to_char(date '1970-01-01' + g, 'YYYYMMDD')
                  || '~DTP*291*RD8*20260101-20261231~EB*1*IND*30**PLAN~'
                  || 'EB*C*IND*30***23*1500.00*****Y~EB*C*IND*30***29*' || (g % 1500) || '.00*****Y~'
                  || 'EB*G*IND*30***23*5000.00*****Y~EB*G*IND*30***29*4000.00*****Y~'
                  || 'EB*B*IND*MH****30.00****Y~EB*A*IND*MH*****0.2***Y~EB*F*IND*MH***23***VS*20*Y~', '' ORDER BY g)
    || 'SE*' || (7 + 13 * :subs) || '*0001~GE*1*7~IEA*1*000000001~' AS doc
FROM generate_series(1, :subs) g;
SQL
}

# milliseconds of one statement, by psql's \timing
timed() {	# db sql
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c '\timing on' -c "$2" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}

echo "post_835: $CLAIMS claims for $CLAIMS members; load_271: $SUBS subscribers x 8 EB segments"
for run in 1 2 3; do
	createdb "bench$run"
	setup "bench$run"
	bytes=$(psql -X -qAt -d "bench$run" -c "SELECT length(doc) FROM doc271")
	ms835=$(timed "bench$run" "SELECT count(*) FROM doc835, costshare.post_835(doc835.doc)")
	ms271=$(timed "bench$run" "SELECT count(*) FROM doc271, costshare.load_271(doc271.doc, '2026-03-01')")
	awk -v r="$run" -v c="$CLAIMS" -v m8="$ms835" -v b="$bytes" -v m2="$ms271" 'BEGIN {
		printf "run %s: post_835 %.0f ms = %.0f claims/s; load_271 %.1f MB in %.0f ms = %.2f MB/s\n",
		       r, m8, c / (m8 / 1000), b / 1048576, m2, (b / 1048576) / (m2 / 1000) }'
	dropdb "bench$run"
done
