#!/usr/bin/env bash
# test/bench/p271_max.sh — backend CPU of costshare.estimate and costshare.eligibility for members priced
# from a payer's 271 that states an individual and a family plan-paid maximum (EB01 F, EB02 IND and FAM),
# with LINES claim lines per member posted after the load (every third with a second version), families
# of four. CALLS calls in one statement, member 'm' || (g % MEMBERS + 1): MEMBERS = CALLS is one call per
# member (what a single estimate costs), fewer members repeat them (a batch under one snapshot, where the
# member-data cache serves the repeats). CPU time is the backend's (utime + stime from /proc/<pid>/stat),
# three runs each. Own throwaway cluster (scripts/cluster.sh) from the tree given (default this one), so
# two builds can be compared: bash test/bench/p271_max.sh /tmp/other-tree.
#   MEMBERS (2000), CALLS (20000), LINES (6), EXTRA_PGOPTIONS (e.g. "-c costshare.member_cache=off"),
#   STATS_SQL (a statement run after each measurement, e.g. one reading costshare.backend_stats()).
# A benchmark, not a test: nothing here decides pass or fail.
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/p271_data.sh"
cd "${1:-$(dirname "$0")/../..}"
MEMBERS=${MEMBERS:-2000}; CALLS=${CALLS:-20000}; LINES=${LINES:-6}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGOPTIONS="-c client_min_messages=warning ${EXTRA_PGOPTIONS:-}"
. scripts/cluster.sh
cs_cluster_start >/dev/null
p271_load
for what in estimate eligibility; do
 for run in 1 2 3; do
  psql -X -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t0 AS SELECT split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint AS ticks, clock_timestamp() AS t;
SELECT count(r) FROM (SELECT costshare.$what('m' || (g % $MEMBERS + 1), '2026-03-10', '90837') AS r
                        FROM generate_series(1, $CALLS) g) x;
SELECT '$what run $run: cpu_s=' || ((split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint - t0.ticks) / 100.0)
     || ' wall_s=' || round(extract(epoch FROM clock_timestamp() - t0.t)::numeric, 2) FROM t0;
${STATS_SQL:-}
SQL
 done
done
