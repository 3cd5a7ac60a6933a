#!/usr/bin/env bash
# price_271_bench.sh — 20,000 costshare.eligibility and 20,000 costshare.estimate calls priced from a 271
# (the pokitdok mock payer's 271 for a member whose plan has no plan design, 20 ledger lines since the
# load), 3 runs each, on a throwaway cluster with the build in DESTDIR (default build/destdir).
# usage: bash test/compare/price_271_bench.sh [destdir] [label]
# The CHANGELOG's figures (issue 10, the 271 pricing in C): this script on a build of 32be8ff and on this
# branch, in two sessions on the shared 2-core machine.
cd "$(dirname "$0")/../.."
export PATH=$(pg_config --bindir):$PATH
CS_DESTDIR=${1:-$PWD/build/destdir}
label=${2:-build}
. scripts/cluster.sh
cs_cluster_start >/dev/null
psql -qAtX -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
psql -qAtX -v ON_ERROR_STOP=1 <<'SQL'
\set f `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('MOCK', 'Mock Payer', '{MOCKPAYER}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-plan', 'MOCK', 'Mock');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-doe', 'John', 'Doe', '1970-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id) VALUES
  ('m-doe', 'm-doe', 'f-doe', 'mock-plan', '[2013-01-01,2014-01-01)', 'self', 'individual', '00000000001');
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('MOCK', '90837', '[2013-01-01,2014-01-01)', 150.00);
SELECT count(*) FROM costshare.load_271(:'f', '2013-03-01');
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, service_date, deductible, copay)
SELECT 'c-' || i, 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', '2013-03-02', 1.00, 2.00 FROM generate_series(1, 20) i;
ANALYZE;
SQL
psql -qAtX -c "SELECT (costshare.estimate('m-doe','2013-03-05','90837')).benefit_source, (costshare.eligibility('m-doe','2013-03-05','90837')).benefit_source"
for run in 1 2 3; do
  for fn in eligibility estimate; do
    ms=$(psql -qAtX <<SQL | grep -o 'Time: [0-9.]*' | cut -d' ' -f2
\timing on
SELECT count(costshare.$fn('m-doe', '2013-03-05', '90837')) FROM generate_series(1, 20000);
SQL
)
    echo "$label run $run $fn 20000: $ms ms"
  done
done
