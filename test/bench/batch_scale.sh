#!/usr/bin/env bash
# test/bench/batch_scale.sh — issue 10's batch target: costshare.estimate_many over 1,000,000
# appointments of 100,000 members in one statement, serial, and the same per-line rate for members with
# two coverages (every line coordinated with a second payer). The estimate benchmark's population
# (sample/plans.sql and test/bench/estimate_data.sql: families, second coverages, ledger, snapshots);
# own throwaway cluster (scripts/cluster.sh) from the tree given (default this one), RUNS runs of each:
#   bash test/bench/batch_scale.sh [tree]        MEMBERS (100000), APPTS (1000000), COB_PER (40), RUNS (3)
# Each run is one statement, `SELECT count(*), sum(...) FROM costshare.estimate_many(ARRAY(SELECT ROW(...)
# FROM appointments))`: reading the appointments, building the array, every estimate and reading every
# row back are all inside it. Reported: wall time and the backend's CPU time (utime + stime from
# /proc/<pid>/stat, which other processes' load moves much less), rows per second of each, and the
# totals, so that two builds can be checked to answer the same. The two-coverage batch is COB_PER
# appointments (over 2026) for each member with two or more enrollments. Workers: the statement plans
# none (estimate_many is PARALLEL UNSAFE: it runs a subtransaction); max_parallel_workers_per_gather
# is reported. A benchmark, not a test: nothing here decides pass or fail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "${1:-$here/../..}"
MEMBERS=${MEMBERS:-100000}; APPTS=${APPTS:-1000000}; COB_PER=${COB_PER:-40}; RUNS=${RUNS:-3}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGOPTIONS="-c client_min_messages=warning"
. scripts/cluster.sh
cs_cluster_start 'work_mem = 256MB' >/dev/null
trap 'cs_cluster_stop >/dev/null 2>&1 || true' EXIT
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
psql -X -q -v ON_ERROR_STOP=1 -f sample/plans.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v members="$MEMBERS" -v appointments="$APPTS" -f "$here/estimate_data.sql" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v per="$COB_PER" <<'SQL'
CREATE TABLE cob_appointments AS
SELECT row_number() OVER (ORDER BY m.member_id, g) AS appt_id, m.member_id,
       date '2026-01-01' + (abs(hashint8extended(g * 7919 + length(m.member_id), 81)) % 365)::int AS service_date,
       (ARRAY['90837', '90837', '90834', '90791', '90847'])[1 + g % 5] AS service_code,
       (ARRAY['1111111112', '1222222223', '1333333334'])[1 + g % 3] AS provider_id,
       '11'::text AS place_of_service, (150 + g % 150)::numeric(12,2) AS billed
FROM (SELECT member_id FROM costshare.enrollment GROUP BY member_id HAVING count(*) > 1) m,
     generate_series(1, :per) g;
ANALYZE cob_appointments;
SQL
rev=$(git describe --always --dirty 2>/dev/null || pwd)
echo "tree $rev: $MEMBERS members, $(psql -X -qAt -c 'SELECT count(*) FROM appointments') appointments;" \
	"$(psql -X -qAt -c 'SELECT count(DISTINCT member_id) FROM cob_appointments') two-coverage members," \
	"$(psql -X -qAt -c 'SELECT count(*) FROM cob_appointments') of their appointments"
echo "server: $(psql -X -qAt -c "SELECT 'max_parallel_workers_per_gather=' || current_setting('max_parallel_workers_per_gather') || ', work_mem=' || current_setting('work_mem') || ', jit=' || current_setting('jit')")"

run() {	# label table
	psql -X -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t0 AS SELECT split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint AS ticks, clock_timestamp() AS t;
CREATE TEMP TABLE r AS
SELECT count(*) AS n, count(*) FILTER (WHERE e.sqlstate = '00000') AS priced,
       coalesce(sum(e.patient_pays), 0) AS patient, coalesce(sum((e.line).plan_pays), 0) AS plan,
       coalesce(sum(e.secondary_pays), 0) AS secondary
FROM costshare.estimate_many(ARRAY(
    SELECT ROW(a.appt_id, a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed)::costshare.appointment
      FROM $2 a)) e;
SELECT format('%s: rows=%s wall_s=%s (%s rows/s) cpu_s=%s (%s rows/s) priced=%s patient=%s plan=%s secondary=%s',
              '$1', r.n, round(w, 2), round(r.n / w), round(c, 2), round(r.n / c), r.priced, r.patient, r.plan, r.secondary)
FROM r, t0,
     LATERAL (SELECT extract(epoch FROM clock_timestamp() - t0.t)::numeric AS w,
                     (split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
                      + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint
                      - t0.ticks) / 100.0 AS c) x;
SQL
}
for i in $(seq 1 "$RUNS"); do
	run "run $i, all appointments" appointments
	run "run $i, two coverages" cob_appointments
done
