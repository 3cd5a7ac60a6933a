#!/usr/bin/env bash
# test/bench/batch_plan.sh — backend CPU of one costshare.estimate_many call over the estimate
# benchmark's population (sample/plans.sql and test/bench/estimate_data.sql: MEMBERS members with their
# families, second coverages, ledger and snapshots; APPTS appointments of random members over 2026, from
# the table `appointments`), three runs, with the call's totals so that two builds can be checked to
# answer the same. Own throwaway cluster (scripts/cluster.sh) from the tree given (default this one):
#   bash test/bench/batch_plan.sh [tree]        MEMBERS (100000), APPTS (100000)
# CPU time is the backend's (utime + stime from /proc/<pid>/stat), which other processes' load moves
# much less than the wall clock. A benchmark, not a test: nothing here decides pass or fail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "${1:-$here/../..}"
MEMBERS=${MEMBERS:-100000}; APPTS=${APPTS:-100000}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGOPTIONS="-c client_min_messages=warning"
. scripts/cluster.sh
cs_cluster_start 'work_mem = 256MB' >/dev/null
trap 'cs_cluster_stop >/dev/null 2>&1 || true' EXIT
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
psql -X -q -v ON_ERROR_STOP=1 -f sample/plans.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v members="$MEMBERS" -v appointments="$APPTS" -f "$here/estimate_data.sql" >/dev/null
echo "tree $(git describe --always --dirty 2>/dev/null || pwd): $MEMBERS members, $APPTS appointments"
for run in 1 2 3; do
	psql -X -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t0 AS SELECT split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint AS ticks, clock_timestamp() AS t;
CREATE TEMP TABLE r AS
SELECT * FROM costshare.estimate_many(ARRAY(
    SELECT ROW(a.appt_id, a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed)::costshare.appointment
      FROM appointments a));
SELECT 'run $run: cpu_s=' || ((split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint - t0.ticks) / 100.0)
     || ' wall_s=' || round(extract(epoch FROM clock_timestamp() - t0.t)::numeric, 2)
     || ' rows=' || (SELECT count(*) FROM r) || ' priced=' || (SELECT count(*) FILTER (WHERE sqlstate = '00000') FROM r)
     || ' patient=' || (SELECT coalesce(sum(patient_pays), 0) FROM r)
     || ' plan=' || (SELECT coalesce(sum((line).plan_pays), 0) FROM r)
     || ' secondary=' || (SELECT coalesce(sum(secondary_pays), 0) FROM r) FROM t0;
SQL
done
