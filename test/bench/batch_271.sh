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
. "$(cd "$(dirname "$0")" && pwd)/p271_data.sh"
cd "${1:-$(dirname "$0")/../..}"
MEMBERS=${MEMBERS:-2000}; APPTS=${APPTS:-6}; LINES=${LINES:-3}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGOPTIONS="-c client_min_messages=warning ${EXTRA_PGOPTIONS:-}"
. scripts/cluster.sh
cs_cluster_start >/dev/null
p271_load 'EB*C*IND*30***23*300.00*****Y~EB*G*IND*30***23*2000.00*****Y~EB*A*IND*MH*****0.2****Y~'
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
