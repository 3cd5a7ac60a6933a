#!/usr/bin/env bash
# test/bench/run.sh — the costshare benchmark suite (`make bench`). See test/bench/README.md.
#
# Starts its own throwaway cluster (scripts/cluster.sh), installs the extension from build/destdir (build
# and install first: make && make install DESTDIR=$PWD/build/destdir), loads the PL/pgSQL reference
# (test/reference/costshare_ref.sql), generates deterministic data (test/bench/data.sql) and times, on
# the same machine in the same run: a bare scan, costshare.adjudicate (C), the PL/pgSQL reference, plain
# SQL CASE expressions, Python application code, costshare.accumulate against a bare window, and
# parallel execution. Prints a Markdown table at the end (also saved under build/bench/).
#
# A benchmark, not a test: it never fails on timing. It exits non-zero only when something errors or a
# correctness cross-check (plain SQL / Python / PL/pgSQL sums against C's) does not match.
#
# Environment:
#   BENCH_ROWS            lines to generate (default 10000000; quick mode: BENCH_ROWS=200000)
#   BENCH_PLPGSQL_ROWS    PL/pgSQL sample size (default BENCH_ROWS/20)
#   BENCH_APP_ROWS        Python application sample size (default min(1000000, BENCH_ROWS))
#   BENCH_REPEAT          timed runs per query after one warm-up (default 3)
#   BENCH_JIT             the server's jit setting (default off; see README)
#   BENCH_SHARED_BUFFERS  shared_buffers of the throwaway cluster (default 4GB, 1GB under 12 GiB of RAM)
#   BENCH_PYTHON          a Python 3 with psycopg 3 (default: /usr/bin/python3, Debian's python3-psycopg)
#   BENCH_DESTDIR         the install to measure (default build/destdir); it is copied to a private
#                         directory first, so a rebuild in the work tree during the run cannot mix builds
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

cmd="test/bench/run.sh"
for v in BENCH_ROWS BENCH_PLPGSQL_ROWS BENCH_APP_ROWS BENCH_REPEAT BENCH_JIT BENCH_SHARED_BUFFERS BENCH_DESTDIR; do
	[ -n "${!v:-}" ] && cmd="$v=${!v} $cmd"
done

export BENCH_ROWS=${BENCH_ROWS:-10000000}
export BENCH_PLPGSQL_ROWS=${BENCH_PLPGSQL_ROWS:-$(( BENCH_ROWS / 20 > 0 ? BENCH_ROWS / 20 : 1 ))}
export BENCH_APP_ROWS=${BENCH_APP_ROWS:-$(( BENCH_ROWS < 1000000 ? BENCH_ROWS : 1000000 ))}
export BENCH_REPEAT=${BENCH_REPEAT:-3}
export BENCH_COMMAND=$cmd
jit=${BENCH_JIT:-off}
mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
if [ -z "${BENCH_SHARED_BUFFERS:-}" ]; then
	if [ "$mem_kb" -ge $((12 * 1024 * 1024)) ]; then BENCH_SHARED_BUFFERS=4GB; else BENCH_SHARED_BUFFERS=1GB; fi
fi

export PATH=/usr/lib/postgresql/15/bin:$PATH

fail() { echo "bench: $*" >&2; exit 1; }

destdir=${BENCH_DESTDIR:-$root/build/destdir}
so=$destdir$(pg_config --pkglibdir)/costshare.so
[ -f "$so" ] || fail "no install in $destdir; run: make && make install DESTDIR=$root/build/destdir"
[ -f "$root/test/reference/costshare_ref.sql" ] || fail "test/reference/costshare_ref.sql is missing"

py=${BENCH_PYTHON:-}
if [ -z "$py" ]; then
	for cand in /usr/bin/python3 python3; do
		if "$cand" -c 'import psycopg' 2>/dev/null; then py=$cand; break; fi
	done
fi
[ -n "$py" ] || fail "no Python 3 with psycopg 3 found; install Debian's python3-psycopg (or set BENCH_PYTHON)"

outdir=$root/build/bench
mkdir -p "$outdir"
export BENCH_MARKDOWN=$outdir/results-$BENCH_ROWS.md

echo "== machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before starting"
# The build measured: a private copy of the install, and what it was built from as far as can be told.
snap=$(mktemp -d "${TMPDIR:-/tmp}/costshare-bench-destdir.XXXXXX")
trap 'rm -rf "$snap"' EXIT
cp -a "$destdir/." "$snap/"
chmod 755 "$snap"
so=$snap$(pg_config --pkglibdir)/costshare.so
BENCH_BUILD="$(md5sum <"$so" | cut -c1-12) (installed $(stat -c %y "$so" | cut -d. -f1))"
if [ -z "${BENCH_DESTDIR:-}" ] && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
	BENCH_BUILD="$BENCH_BUILD from the work tree at $(git -C "$root" describe --always --dirty)"
	[ -n "$(git -C "$root" status --porcelain -- src costshare--*.sql Makefile)" ] &&
		BENCH_BUILD="$BENCH_BUILD (src has uncommitted changes: the install may not match any commit)"
fi
export BENCH_BUILD="costshare.so md5 $BENCH_BUILD${BENCH_BUILD_NOTE:+; $BENCH_BUILD_NOTE}"
echo "== measuring $BENCH_BUILD"

. "$root/scripts/cluster.sh"
echo "== starting a throwaway cluster (shared_buffers = $BENCH_SHARED_BUFFERS, jit = $jit)"
CS_SHARED_BUFFERS=$BENCH_SHARED_BUFFERS CS_DESTDIR=$snap cs_cluster_start \
	'max_parallel_workers_per_gather = 2' 'work_mem = 256MB' "jit = $jit" ||
	fail "could not start the cluster"
trap 'cs_cluster_stop; rm -rf "$snap"' EXIT

psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" ||
	fail "CREATE EXTENSION costshare failed"
echo "== loading the PL/pgSQL reference"
psql -X -q -v ON_ERROR_STOP=1 -f "$root/test/reference/costshare_ref.sql" >/dev/null ||
	fail "loading test/reference/costshare_ref.sql failed"

echo "== generating $BENCH_ROWS lines (PL/pgSQL sample $BENCH_PLPGSQL_ROWS, app sample $BENCH_APP_ROWS)"
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -v rows="$BENCH_ROWS" -v plpgsql_rows="$BENCH_PLPGSQL_ROWS" \
	-v app_rows="$BENCH_APP_ROWS" -f "$root/test/bench/data.sql" || fail "data generation failed"
t1=$(date +%s.%N)
BENCH_GEN_SECONDS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
export BENCH_GEN_SECONDS
echo "   done in $BENCH_GEN_SECONDS s"
psql -X -qAt -c "SELECT '   ' || relname || ': ' || pg_size_pretty(pg_relation_size(oid))
                 FROM pg_class WHERE relname IN ('claims', 'lines', 'lines_family_date', 'sample_plpgsql', 'sample_app')
                 ORDER BY relname"

status=0
"$py" "$root/test/bench/bench.py" || status=$?
echo "== results saved to ${BENCH_MARKDOWN#$root/}"
exit $status
