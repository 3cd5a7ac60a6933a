#!/usr/bin/env bash
# test/bench/python_app.sh — what the costshare Python package costs (issue 13's target: at most 10% on
# top of a bare psycopg call), and the FastAPI example's throughput against the same estimate over SQL.
#
# On a throwaway cluster (scripts/cluster.sh, TCP on 127.0.0.1) with sample/plans.sql and a small
# deterministic population (test/bench/estimate_data.sql, PYBENCH_MEMBERS members):
#   1. in-process: bare psycopg vs costshare.estimate(conn, ...) on the same requests, alternating blocks
#      (estimate_app.py inprocess), microseconds per call and the package's overhead, per round;
#   2. clients: 1 and 8 client processes for PYBENCH_SECONDS each, in modes
#        db    SELECT * FROM costshare.estimate(...) over bare psycopg
#        pkg   costshare.estimate(conn, ...) (the package, no HTTP)
#        http  GET /estimate of examples/fastapi (uvicorn, one worker, access log off, pool of 8)
#      PYBENCH_RUNS times each, as requests (estimates) per second.
# A benchmark, not a test: timings never make it fail. Prints JSON lines, then a Markdown summary with
# the median and the spread (min-max) of the runs. Needs make install DESTDIR=build/destdir first.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export PATH=/usr/lib/postgresql/15/bin:$PATH
py=${BENCH_PYTHON:-/usr/bin/python3}
members=${PYBENCH_MEMBERS:-5000}
seconds=${PYBENCH_SECONDS:-8}
runs=${PYBENCH_RUNS:-3}
calls=${PYBENCH_CALLS:-2000}
rounds=${PYBENCH_ROUNDS:-6}
export PYTHONPATH=$root/python${PYTHONPATH:+:$PYTHONPATH}
. scripts/cluster.sh
CS_CLUSTER_TCP=1 cs_cluster_start "max_connections = 60" >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/costshare-pybench.XXXXXX")
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; cs_cluster_stop; }
trap cleanup EXIT
psql -qX -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION costshare CASCADE" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -f sample/plans.sql >/dev/null
psql -qX -v ON_ERROR_STOP=1 -v members="$members" -v appointments=1000 -f test/bench/estimate_data.sql >/dev/null
app="$py $root/test/bench/estimate_app.py"

echo "== in-process: bare psycopg vs costshare.estimate ($calls calls per block, $rounds rounds)"
$app inprocess --calls "$calls" --rounds "$rounds" --members "$members" --port "$PGPORT" | tee "$work/inprocess.jsonl"

hport=$(cs_free_port $((PGPORT + 100)))
# (from $work: in the repository root the extension's costshare.so would shadow the package for -m)
cd "$work"
COSTSHARE_DSN="host=127.0.0.1 port=$PGPORT user=postgres dbname=postgres" COSTSHARE_POOL_MAX=8 \
	$py -m uvicorn --app-dir "$root/examples/fastapi" app:app --host 127.0.0.1 --port "$hport" \
	--no-access-log --log-level warning >"$work/uvicorn.log" 2>&1 &
server=$!
cd "$root"
for _ in $(seq 150); do
	(exec 3<>"/dev/tcp/127.0.0.1/$hport") 2>/dev/null && break
	kill -0 "$server" 2>/dev/null || { cat "$work/uvicorn.log"; exit 1; }
	sleep 0.2
done

echo "== clients: ${seconds}s per run, $runs runs"
modes=(db pkg http)
for n in 1 8; do
	for r in $(seq "$runs"); do
		# the order of the modes rotates from run to run, so that a change in the machine's other load
		# does not always fall on the same mode
		k=$(( (r - 1) % 3 ))
		for mode in "${modes[@]:k}" "${modes[@]:0:k}"; do
			$app clients --mode "$mode" --clients "$n" --seconds "$seconds" --warmup 1 --members "$members" \
				--port "$PGPORT" --http-port "$hport" --via "run $r" | tee -a "$work/clients.jsonl"
		done
	done
done

$py - "$work" <<'PY'
import json, os, statistics, sys
d = sys.argv[1]
ip = [json.loads(l) for l in open(os.path.join(d, 'inprocess.jsonl'))]
print('\n### In-process: the package vs the bare psycopg call (same requests, interleaved call by call)\n')
print('bare = `conn.execute(sql, params).fetchone()`; kept = bare on one kept cursor (psycopg keeps its loaders); '
      'package = `costshare.estimate(conn, ...)` (dataclasses, Decimal, nested accum parsed). Wall: median '
      'of a call; CPU: mean client CPU of a call.\n')
print('| round | bare wall (µs) | kept wall | package wall | package vs bare | package vs kept | bare CPU (µs) | kept CPU | package CPU | other CPUs |')
print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for r in ip:
    print('| %d | %.0f | %.0f | %.0f | %+.1f%% | %+.1f%% | %.0f | %.0f | %.0f | %.2f |' % (
        r['round'], r['bare_us'], r['kept_us'], r['pkg_us'], 100 * r['overhead'], 100 * r['overhead_vs_kept'],
        r['bare_cpu_us'], r['kept_cpu_us'], r['pkg_cpu_us'], r['other']))
ov = [100 * r['overhead'] for r in ip]
ok = [100 * r['overhead_vs_kept'] for r in ip]
cpu = [100 * r['cpu_overhead_vs_kept'] for r in ip]
print('\npackage vs bare: median %+.1f%% (%+.1f .. %+.1f); vs kept cursor: median %+.1f%% (%+.1f .. %+.1f); '
      'the package\'s extra client CPU over the kept cursor, as a share of a kept call: median %+.1f%% (%+.1f .. %+.1f)'
      % (statistics.median(ov), min(ov), max(ov), statistics.median(ok), min(ok), max(ok),
         statistics.median(cpu), min(cpu), max(cpu)))
cl = [json.loads(l) for l in open(os.path.join(d, 'clients.jsonl'))]
print('\n### Clients: requests per second (median of %d runs, min .. max)\n' % (len(cl) // 6 or 1))
print('| clients | bare psycopg | costshare package | FastAPI example (HTTP) | package / bare | HTTP / bare |')
print('|---:|---:|---:|---:|---:|---:|')
for n in (1, 8):
    v = {m: [r['per_second'] for r in cl if r['clients'] == n and r['mode'] == m] for m in ('db', 'pkg', 'http')}
    med = {m: statistics.median(x) for m, x in v.items()}
    print('| %d | %s | %s | %s | %.2f | %.2f |' % (n, *('%.0f (%.0f .. %.0f)' % (med[m], min(v[m]), max(v[m]))
                                                      for m in ('db', 'pkg', 'http')),
                                                 med['pkg'] / med['db'], med['http'] / med['db']))
busy = [r['machine_busy_cpus'] for r in cl]
other = [r['other_cpus'] for r in cl]
print('\nmachine busy CPUs during the client runs: %.2f .. %.2f; used by other processes: %.2f .. %.2f'
      % (min(busy), max(busy), min(other), max(other)))
PY
