#!/usr/bin/env bash
# test/bench/batch_scale.sh — issue 10's batch target: costshare.estimate_many over 1,000,000
# appointments of 100,000 members in one statement, serial, and the same per-line rate for members with
# two coverages (every line coordinated with a second payer). The estimate benchmark's population
# (sample/plans.sql and test/bench/estimate_data.sql: families, second coverages, ledger, snapshots);
# own throwaway cluster (scripts/cluster.sh) from the tree given (default this one), RUNS runs of each;
# with a second tree, a cluster of each build with the same data, their runs alternating:
#   bash test/bench/batch_scale.sh [tree [base-tree]]   MEMBERS (100000), APPTS (1000000), COB_PER (40), RUNS (3)
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
base=${2:-}
[ -n "$base" ] && base=$(cd "$base" && pwd)
MEMBERS=${MEMBERS:-100000}; APPTS=${APPTS:-1000000}; COB_PER=${COB_PER:-40}; RUNS=${RUNS:-3}
export PATH=/usr/lib/postgresql/15/bin:$PATH PGOPTIONS="-c client_min_messages=warning"
. scripts/cluster.sh

# one cluster per build (this tree's, and the base tree's when given), the same data in each
dirs=(); ports=(); labels=()
stop_all() { for d in "${dirs[@]}"; do CS_CLUSTER_DIR=$d cs_cluster_stop >/dev/null 2>&1 || true; done; }
trap stop_all EXIT
start() {	# label destdir
	CS_DESTDIR=$2 cs_cluster_start 'work_mem = 256MB' >/dev/null
	trap stop_all EXIT
	dirs+=("$CS_CLUSTER_DIR"); ports+=("$PGPORT"); labels+=("$1")
}
start "$(git describe --always --dirty 2>/dev/null || pwd)" "$PWD/build/destdir"
[ -n "$base" ] && start "$(git -C "$base" describe --always --dirty 2>/dev/null || echo "$base")" "$base/build/destdir"
on() {	# cluster index, command...
	local i=$1; shift
	PGHOST=${dirs[$i]} PGPORT=${ports[$i]} "$@"
}
for i in "${!dirs[@]}"; do
	on "$i" psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
	on "$i" psql -X -q -v ON_ERROR_STOP=1 -f sample/plans.sql >/dev/null
	on "$i" psql -X -q -v ON_ERROR_STOP=1 -v members="$MEMBERS" -v appointments="$APPTS" -f "$here/estimate_data.sql" >/dev/null
	on "$i" psql -X -q -v ON_ERROR_STOP=1 -v per="$COB_PER" <<'SQL'
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
	echo "build ${labels[$i]}: $MEMBERS members, $(on "$i" psql -X -qAt -c 'SELECT count(*) FROM appointments') appointments;" \
		"$(on "$i" psql -X -qAt -c 'SELECT count(DISTINCT member_id) FROM cob_appointments') two-coverage members," \
		"$(on "$i" psql -X -qAt -c 'SELECT count(*) FROM cob_appointments') of their appointments"
done
echo "server: $(on 0 psql -X -qAt -c "SELECT 'max_parallel_workers_per_gather=' || current_setting('max_parallel_workers_per_gather') || ', work_mem=' || current_setting('work_mem') || ', jit=' || current_setting('jit')")"

run() {	# cluster label table
	on "$1" psql -X -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE t0 AS SELECT split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
     + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint AS ticks, clock_timestamp() AS t;
CREATE TEMP TABLE r AS
SELECT count(*) AS n, count(*) FILTER (WHERE e.sqlstate = '00000') AS priced,
       coalesce(sum(e.patient_pays), 0) AS patient, coalesce(sum((e.line).plan_pays), 0) AS plan,
       coalesce(sum(e.secondary_pays), 0) AS secondary
FROM costshare.estimate_many(ARRAY(
    SELECT ROW(a.appt_id, a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed)::costshare.appointment
      FROM $3 a)) e;
SELECT format('%s: rows=%s wall_s=%s (%s rows/s) cpu_s=%s (%s rows/s) priced=%s patient=%s plan=%s secondary=%s',
              '$2', r.n, round(w, 2), round(r.n / w), round(c, 2), round(r.n / c), r.priced, r.patient, r.plan, r.secondary)
FROM r, t0,
     LATERAL (SELECT extract(epoch FROM clock_timestamp() - t0.t)::numeric AS w,
                     (split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 14)::bigint
                      + split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' ', 15)::bigint
                      - t0.ticks) / 100.0 AS c) x;
SQL
}
# the builds alternate, so that the machine's other load falls on each alike
for r in $(seq 1 "$RUNS"); do
	for i in "${!dirs[@]}"; do run "$i" "run $r, ${labels[$i]}, all appointments" appointments; done
	for i in "${!dirs[@]}"; do run "$i" "run $r, ${labels[$i]}, two coverages" cob_appointments; done
done
