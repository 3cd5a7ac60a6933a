#!/usr/bin/env bash
# test/bench/estimate.sh — benchmarks of costshare.estimate. See test/bench/ESTIMATE.md.
#
# In one run on one machine, against a throwaway cluster (scripts/cluster.sh) listening on a Unix socket
# and on 127.0.0.1 only:
#   1. one estimate per round trip: pgbench -M prepared, SELECT * FROM costshare.estimate(...) for random
#      members vs SELECT 1, 1 and 8 clients, over TCP on 127.0.0.1
#   2. application code (several queries per estimate + the cost share in Python, integer cents; checked
#      against costshare.estimate on a sample) vs one costshare.estimate call per estimate, 1 and 8 client
#      processes, over local TCP and through a delaying TCP proxy on 127.0.0.1 (estimate_app.py proxy)
#   3. batch: line_context + accumulate over the `appointments` table in one statement (as
#      costshare.estimate_many does), max_parallel_workers_per_gather = 2 and 0, EXPLAIN ANALYZE
# Prints a Markdown report at the end (also saved as build/bench/estimate-results.md).
#
# A benchmark, not a test: it never fails on timing. It exits non-zero only when something errors or the
# application code's estimates differ from costshare.estimate's.
#
# Environment:
#   ESTIMATE_MEMBERS          members to generate (default 100000, in ~members/2.5 families)
#   ESTIMATE_APPOINTMENTS     rows of the batch table (default 1000000)
#   ESTIMATE_BATCH_ROWS       batch sizes to time (default "100000 1000000"); each must be <= APPOINTMENTS
#   ESTIMATE_BATCH_TIMEOUT    statement_timeout of one batch statement, in s (default 900): a size that does
#                             not finish in time is reported as such, not as an error
#   ESTIMATE_PGBENCH_SECONDS  duration of each pgbench run (default 20)
#   ESTIMATE_CLIENT_SECONDS   duration of each timed Python client run (default 15, after 2 s warm-up)
#   ESTIMATE_CLIENTS          client counts (default "1 8")
#   ESTIMATE_PROXY_DELAYS     one-way delays of the proxy runs, in ms (default "0 1"; empty: no proxy runs)
#   ESTIMATE_CHECK_SAMPLES    requests in the application-vs-estimate cross-check (default 3000)
#   ESTIMATE_PROFILE          1: perf-record the backend during the 1-client pgbench estimate run and save
#                             the report under build/bench/ (default 0)
#   ESTIMATE_SHARED_BUFFERS   shared_buffers (default 1GB)
#   ESTIMATE_JIT              the server's jit (default off, as in run.sh)
#   ESTIMATE_PYTHON           a Python 3 with psycopg 3 (default /usr/bin/python3, Debian's python3-psycopg)
#   ESTIMATE_DESTDIR          the install to measure (default build/destdir); copied to a private directory
#                             first, so a rebuild in the work tree during the run cannot mix builds
#   ESTIMATE_BUILD_NOTE       free text added to the report's build line (e.g. the commit it was built from)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

cmd="test/bench/estimate.sh"
for v in ESTIMATE_MEMBERS ESTIMATE_APPOINTMENTS ESTIMATE_BATCH_ROWS ESTIMATE_BATCH_TIMEOUT ESTIMATE_PGBENCH_SECONDS \
	ESTIMATE_CLIENT_SECONDS ESTIMATE_CLIENTS ESTIMATE_PROXY_DELAYS ESTIMATE_CHECK_SAMPLES ESTIMATE_PROFILE \
	ESTIMATE_SHARED_BUFFERS ESTIMATE_JIT ESTIMATE_DESTDIR; do
	[ -n "${!v+x}" ] && cmd="$v='${!v}' $cmd"
done

members=${ESTIMATE_MEMBERS:-100000}
appointments=${ESTIMATE_APPOINTMENTS:-1000000}
batch_rows=${ESTIMATE_BATCH_ROWS-100000 1000000}
batch_timeout=${ESTIMATE_BATCH_TIMEOUT:-900}
pgb_seconds=${ESTIMATE_PGBENCH_SECONDS:-20}
client_seconds=${ESTIMATE_CLIENT_SECONDS:-15}
clients=${ESTIMATE_CLIENTS:-1 8}
delays=${ESTIMATE_PROXY_DELAYS-0 1}
samples=${ESTIMATE_CHECK_SAMPLES:-3000}
profile=${ESTIMATE_PROFILE:-0}
jit=${ESTIMATE_JIT:-off}
shared_buffers=${ESTIMATE_SHARED_BUFFERS:-1GB}
export PATH=/usr/lib/postgresql/15/bin:$PATH

fail() { echo "estimate bench: $*" >&2; exit 1; }

for n in $batch_rows; do
	[ "$n" -le "$appointments" ] || fail "ESTIMATE_BATCH_ROWS $n is above ESTIMATE_APPOINTMENTS $appointments"
done

py=${ESTIMATE_PYTHON:-}
if [ -z "$py" ]; then
	for cand in /usr/bin/python3 python3; do
		if "$cand" -c 'import psycopg' 2>/dev/null; then py=$cand; break; fi
	done
fi
[ -n "$py" ] || fail "no Python 3 with psycopg 3 found; install Debian's python3-psycopg (or set ESTIMATE_PYTHON)"
command -v pgbench >/dev/null || fail "pgbench not found (postgresql-contrib / postgresql-15)"
app="$py $root/test/bench/estimate_app.py"

destdir=${ESTIMATE_DESTDIR:-$root/build/destdir}
so=$destdir$(pg_config --pkglibdir)/costshare.so
[ -f "$so" ] || fail "no install in $destdir; run: make && make install DESTDIR=$root/build/destdir"

outdir=$root/build/bench
mkdir -p "$outdir"
work=$(mktemp -d "${TMPDIR:-/tmp}/costshare-estimate.XXXXXX")
chmod 755 "$work"
proxy_pid=
cleanup() {
	[ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
	[ "$(type -t cs_cluster_stop)" = function ] && cs_cluster_stop
	rm -rf "$work"
}
trap cleanup EXIT

echo "== machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before starting"
# the build measured: a private copy of the install
mkdir -p "$work/destdir"
cp -a "$destdir/." "$work/destdir/"
chmod -R a+rX "$work/destdir"
so=$work/destdir$(pg_config --pkglibdir)/costshare.so
build="costshare.so md5 $(md5sum <"$so" | cut -c1-12) (installed $(stat -c %y "$so" | cut -d. -f1))"
if [ -z "${ESTIMATE_DESTDIR:-}" ] && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
	build="$build from the work tree at $(git -C "$root" describe --always --dirty)"
	[ -n "$(git -C "$root" status --porcelain -- src costshare--*.sql Makefile)" ] &&
		build="$build (src has uncommitted changes: the install may not match any commit)"
fi
build="$build${ESTIMATE_BUILD_NOTE:+; $ESTIMATE_BUILD_NOTE}"
echo "== measuring $build"
cp "$root/sample/plans.sql" "$work/plans.sql"

. "$root/scripts/cluster.sh"
echo "== starting a throwaway cluster (shared_buffers = $shared_buffers, jit = $jit, TCP on 127.0.0.1)"
# listen_addresses is given here (quoted) rather than through CS_CLUSTER_TCP=1, whose unquoted
# 'listen_addresses = 127.0.0.1' the server refuses as a syntax error
CS_SHARED_BUFFERS=$shared_buffers CS_DESTDIR=$work/destdir cs_cluster_start \
	"listen_addresses = '127.0.0.1'" 'max_parallel_workers_per_gather = 2' 'work_mem = 256MB' "jit = $jit" \
	"statement_timeout = 0" || fail "could not start the cluster"
trap cleanup EXIT
export PGPORT PGHOST
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" -c "CREATE EXTENSION pg_prewarm" 2>&1 |
	grep -v 'installing required extension' || true
version=$(cs_extversion)
psql -X -qAt -c "SELECT extversion FROM pg_extension WHERE extname = 'costshare'" | grep -qx "$version" ||
	fail "CREATE EXTENSION costshare did not install version $version"

echo "== loading sample/plans.sql and generating $members members, $appointments appointments"
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -f "$work/plans.sql" >/dev/null || fail "loading sample/plans.sql failed"
psql -X -q -v ON_ERROR_STOP=1 -v members="$members" -v appointments="$appointments" \
	-f "$root/test/bench/estimate_data.sql" || fail "data generation failed"
gen_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
data=$(psql -X -qAt -F' ' -c "
	SELECT format('%s members in %s families (%s enrollments), %s ledger rows, %s snapshots, %s prior auths, %s appointments; generated in $gen_seconds s',
	  (SELECT count(*) FROM costshare.member), (SELECT count(DISTINCT family_id) FROM costshare.enrollment),
	  (SELECT count(*) FROM costshare.enrollment), (SELECT count(*) FROM costshare.accumulator_ledger),
	  (SELECT count(*) FROM costshare.accumulator_snapshot), (SELECT count(*) FROM costshare.prior_auth),
	  (SELECT count(*) FROM appointments))")
echo "   $data"
psql -X -qAt -c "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname IN ('costshare', 'public') AND c.relkind IN ('r', 'i')" >/dev/null

settings=$(psql -X -qAt -c "SELECT string_agg(name || ' = ' || setting || coalesce(unit, ''), ', ' ORDER BY name)
	FROM pg_settings WHERE name IN ('max_parallel_workers_per_gather', 'work_mem', 'jit', 'shared_buffers', 'fsync',
	                                'synchronous_commit', 'max_worker_processes', 'max_parallel_workers')")
server=$(psql -X -qAt -c "SHOW server_version")
machine="$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/^MemTotal:/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
"$py" - "$work/meta.json" <<EOF
import json, sys
json.dump({'command': """$cmd""", 'machine': """$machine""", 'build': """$build""", 'data': """$data""",
           'server': """$server""", 'settings': """$settings""", 'pgbench_seconds': $pgb_seconds,
           'client_seconds': $client_seconds}, open(sys.argv[1], 'w'))
EOF

# ---------------------------------------------------------------------------------------------------
# 1. pgbench
# ---------------------------------------------------------------------------------------------------
cat >"$work/select1.pgb" <<'EOF'
SELECT 1;
EOF
cat >"$work/estimate.pgb" <<EOF
\\set m random(1, $members)
\\set d random(0, 364)
\\set p random(1, 8)
SELECT * FROM costshare.estimate('M' || :m::int, date '2026-01-01' + :d::int, '90837', (ARRAY['1111111112','1222222223','1333333334','1444444445','1111111112','1222222223','1333333334','1555555556'])[:p::int]);
EOF
echo "== 1. pgbench over TCP 127.0.0.1:$PGPORT, -M prepared, $pgb_seconds s per run"
for n in $clients; do
	threads=$(( n < 2 ? n : 2 ))
	for s in select1 estimate; do
		label=$([ $s = select1 ] && echo '`SELECT 1`' || echo '`SELECT * FROM costshare.estimate(...)`')
		$app pgbench --label "$label" --script-kind $s --conn "TCP 127.0.0.1" --clients "$n" -- \
			-n -h 127.0.0.1 -p "$PGPORT" -M prepared -c "$n" -j "$threads" -T "$pgb_seconds" -f "$work/$s.pgb" \
			>>"$work/pgbench.jsonl" || fail "pgbench ($s, $n clients) failed"
		tail -1 "$work/pgbench.jsonl" | sed 's/^/   /'
	done
done

if [ "$profile" = 1 ]; then
	# a separate, unreported run: perf's sampling would slow the measured ones
	echo "== profiling one backend during a 1-client pgbench estimate run (perf record -g, not in the report)"
	pgbench -n -h 127.0.0.1 -p "$PGPORT" -M prepared -c 1 -j 1 -T 16 -f "$work/estimate.pgb" >"$work/profile-pgbench.out" 2>&1 &
	pgb=$!
	sleep 2
	pid=$(psql -X -qAt -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgbench' AND pid <> pg_backend_pid() LIMIT 1")
	perf record -e cpu-clock -F 999 -g -p "$pid" -o "$work/perf.data" -- sleep 12 >/dev/null 2>&1 || true
	wait "$pgb" || true
	if [ -s "$work/perf.data" ]; then
		perf report -i "$work/perf.data" --no-children --sort dso,symbol -g none 2>/dev/null |
			grep -v '^$' | head -80 >"$outdir/estimate-profile-self.txt" || true
		perf report -i "$work/perf.data" --children --sort symbol -g none 2>/dev/null |
			grep -v '^$' | head -150 >"$outdir/estimate-profile-children.txt" || true
		cp "$work/perf.data" "$outdir/estimate-perf.data"
		echo "   saved build/bench/estimate-profile-{self,children}.txt and estimate-perf.data (backend pid $pid)"
	else
		echo "   perf recorded nothing (is perf installed, and may this user trace other processes?)"
	fi
fi

# ---------------------------------------------------------------------------------------------------
# 2. application code vs one call
# ---------------------------------------------------------------------------------------------------
echo "== 2. application code vs costshare.estimate: cross-check on $samples requests"
check_status=0
$app check --samples "$samples" --members "$members" >"$work/check.jsonl" || check_status=$?
sed 's/^/   /' "$work/check.jsonl"
[ "$check_status" = 0 ] || echo "   MISMATCH: the application code and costshare.estimate disagree (see above)"

run_clients() {    # via port label [proxy pid]
	local n m
	for n in $clients; do
		for m in app db; do
			$app clients --mode $m --clients "$n" --seconds "$client_seconds" --members "$members" \
				--host 127.0.0.1 --port "$2" --via "$3" --proxy-pid "${4:-0}" >>"$work/clients.jsonl" ||
				fail "client run ($m, $n clients, $3) failed"
			tail -1 "$work/clients.jsonl" | sed 's/^/   /'
		done
	done
}
echo "== 2. clients over local TCP ($client_seconds s per run)"
run_clients local "$PGPORT" "local TCP"
for delay in $delays; do
	echo "== 2. clients through the delaying proxy, $delay ms each way"
	runs=$(( $(wc -w <<<"$clients") * 2 ))
	$app proxy --target-port "$PGPORT" --delay-ms "$delay" --max-seconds $(( runs * (client_seconds + 30) + 60 )) \
		--ready-file "$work/proxy.port" >>"$work/proxy.jsonl" 2>"$work/proxy.err" &
	proxy_pid=$!
	for _ in $(seq 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
	[ -s "$work/proxy.port" ] || fail "the proxy did not start: $(cat "$work/proxy.err")"
	port=$(cat "$work/proxy.port")
	run_clients proxy "$port" "proxy $delay ms one way" "$proxy_pid"
	kill -TERM "$proxy_pid" 2>/dev/null || true
	wait "$proxy_pid" 2>/dev/null || true
	proxy_pid=
	rm -f "$work/proxy.port"
done

# ---------------------------------------------------------------------------------------------------
# 3. batch
# ---------------------------------------------------------------------------------------------------
batch() {    # rows workers query [--analyze] [--force-parallel]
	local out forced=false
	[[ " $* " == *" --force-parallel "* ]] && forced=true
	if out=$(PGOPTIONS="-c statement_timeout=${batch_timeout}s" $app batch --rows "$1" --workers "$2" --query "$3" "${@:4}" 2>&1); then
		echo "$out" >>"$work/batch.jsonl"
		echo "$out" | "$py" -c 'import json,sys; r=json.loads(sys.stdin.read()); print("   %s rows=%d workers=%d planned=%d launched=%s %.1f s %.0f rows/s" % (r["query"], r["rows"], r["workers_setting"], r["planned"], r["launched"], r["seconds"], r["rows_per_second"]))'
	elif grep -q 'statement timeout' <<<"$out"; then
		echo "{\"timeout\": true, \"query\": \"$3\", \"rows\": $1, \"workers_setting\": $2, \"forced\": $forced, \"limit\": $batch_timeout}" >>"$work/batch.jsonl"
		echo "   $3 rows=$1 workers=$2 forced=$forced: did not finish within ${batch_timeout} s"
	else
		echo "$out" >&2
		fail "batch ($3, $1 rows, $2 workers) failed"
	fi
}
for n in $batch_rows; do
	echo "== 3. batch: $n appointments"
	if [ "$n" -le 200000 ]; then
		# timed by the client (with the result's sums), then EXPLAIN ANALYZE for the workers launched
		batch "$n" 2 all
		batch "$n" 2 all --analyze
		batch "$n" 0 all
		batch "$n" 0 all --analyze
		batch "$n" 2 all --force-parallel
		batch "$n" 2 all --analyze --force-parallel
		batch "$n" 2 many
	else
		# large sizes: EXPLAIN ANALYZE (TIMING OFF) only, each bounded by statement_timeout
		batch "$n" 2 all --analyze
		batch "$n" 2 all --analyze --force-parallel
		batch "$n" 0 all --analyze
	fi
done

$app report --dir "$work" >"$outdir/estimate-results.md" || fail "report failed"
cat "$outdir/estimate-results.md"
echo "== results saved to build/bench/estimate-results.md"
exit "$check_status"
