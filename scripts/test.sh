#!/usr/bin/env bash
# scripts/test.sh — `make test`: from nothing, install what is missing, build, and run every suite:
#   engine unit tests (plain C, outside the server), the same under ASan/UBSan (clang), a bounded
#   libFuzzer run over the X12 parsers,
#   pg_regress (sql/ + expected/), pgTAP suites (test/pgtap, pg_prove; includes the differential test
#   against the PL/pgSQL reference), all on a throwaway cluster that is removed at exit, then the
#   pg_regress suite again against a server under valgrind (CS_SKIP_VALGRIND=1 skips it locally);
#   the Python package's and the FastAPI example's pytest suites (scripts/test_python.sh).
# Ends with one line: "tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }
export PATH=/usr/lib/postgresql/15/bin:$PATH
. scripts/cluster.sh

passed=0
failed=0
logdir=$root/build/test-logs
mkdir -p "$logdir"

failures=()	# one line per failed suite, repeated just above the last line (CI shows the tail)
skipped=()	# suites that could not run here (their own "name: skipped (why)" line)
record() {	# suite passed failed [what failed]
	echo "== $1: $2 passed, $3 failed"
	passed=$((passed + $2))
	failed=$((failed + $3))
	[ "$3" != 0 ] && failures+=("$1: ${4:-see $logdir}")
	return 0
}
summary() {
	local f
	for f in "${failures[@]}"; do echo "FAILED $f"; done
	for f in "${skipped[@]}"; do echo "SKIPPED $f"; done
	echo "tests: $passed passed, $failed failed"
}

# TAP from prove: count test points of a run
prove_counts() {	# logfile -> "passed failed"
	local total fails
	total=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$1" | tail -1)
	fails=$(grep -Eo 'Failed [0-9]+/[0-9]+ subtests' "$1" | awk '{split($2,a,"/"); s+=a[1]} END{print s+0}')
	total=${total:-0}
	if ! grep -q '^Result: PASS' "$1" && [ "$fails" = 0 ]; then fails=1; fi
	echo "$((total - fails)) $fails"
}

echo "== build with clang (-Wall -Wextra -Werror)"
if { make -s clean && make -s CC=clang all; } >"$logdir/build-clang.log" 2>&1; then
	record "clang build" 1 0
else
	cat "$logdir/build-clang.log"; record "clang build" 0 1
fi

echo "== build with gcc (-Wall -Wextra -Werror)"
if ! { make -s clean && make -s all && make -s install DESTDIR="$root/build/destdir"; } >"$logdir/build.log" 2>&1; then
	cat "$logdir/build.log"
	record "gcc build" 0 1
	summary
	exit 1
fi

record "gcc build" 1 0

echo "== engine unit tests"
if make -s test/unit/test_engine >"$logdir/unit-build.log" 2>&1; then
	prove test/unit/test_engine >"$logdir/unit.log" 2>&1
	tail -3 "$logdir/unit.log"
	record "engine unit" $(prove_counts "$logdir/unit.log") "$(grep -m3 '^not ok' "$logdir/unit.log" | tr '\n' ' ')"
else
	cat "$logdir/unit-build.log"; record "engine unit" 0 1
fi

echo "== engine unit tests under ASan/UBSan"
if make -s test/unit/test_engine_san >"$logdir/san-build.log" 2>&1; then
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 prove test/unit/test_engine_san >"$logdir/san.log" 2>&1
	tail -3 "$logdir/san.log"
	record "engine unit (sanitizers)" $(prove_counts "$logdir/san.log") "$(grep -m3 -E '^not ok|ERROR|runtime error' "$logdir/san.log" | tr '\n' ' ')"
else
	cat "$logdir/san-build.log"; record "engine unit (sanitizers)" 0 1
fi

echo "== fuzzing the X12 tokenizer and parsers (libFuzzer, bounded)"
FUZZ_SECONDS=${FUZZ_SECONDS:-60} bash test/fuzz/run.sh >"$logdir/fuzz.log" 2>&1
tail -2 "$logdir/fuzz.log"
fz=$(tail -1 "$logdir/fuzz.log" | sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
record fuzz ${fz:-0 1} "$(grep -E '^fuzz: .*(ERROR|SUMMARY|harness|reproducer)' "$logdir/fuzz.log" | head -3 | tr '\n' ' ')"

echo "== starting a throwaway cluster"
if ! cs_cluster_start; then
	record cluster 0 1
	summary
	exit 1
fi

echo "== pg_regress"
rm -f regression.diffs
make -s installcheck >"$logdir/regress.log" 2>&1
rc=$?
grep -E ' \.\.\. |tests (passed|failed)' "$logdir/regress.log" | tail -40
n=$(grep -cE ' \.\.\. ' "$logdir/regress.log")
nok=$(grep -cE ' \.\.\. ok ' "$logdir/regress.log")
nf=$((n - nok))
if [ "$rc" != 0 ] && [ "$nf" = 0 ]; then nf=1; tail -20 "$logdir/regress.log"; fi
[ -f regression.diffs ] && [ "$nf" != 0 ] && head -150 regression.diffs
record pg_regress "$nok" "$nf" "$(grep -E ' \.\.\. ' "$logdir/regress.log" | grep -v ' ok ' | awk '{print $2}' | tr '\n' ' ')"

echo "== pgTAP (pg_prove)"
if ls test/pgtap/*.sql >/dev/null 2>&1; then
	psql -qAtX -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS costshare CASCADE" -c "CREATE EXTENSION IF NOT EXISTS pgtap" >/dev/null
	# the independent PL/pgSQL implementation the differential test compares against
	psql -qAtX -v ON_ERROR_STOP=1 -f test/reference/costshare_ref.sql >/dev/null
	# the 1.1 PL/pgSQL lookups, which test/pgtap/lookups.sql compares the C lookups against
	bash test/reference/lookups_1_1.sh | psql -qAtX -v ON_ERROR_STOP=1 >/dev/null
	# the PL/pgSQL price_271 the C estimate's 271 pricing replaced (test/pgtap/pricing_271_c.sql)
	psql -qAtX -v ON_ERROR_STOP=1 -f test/reference/price_271_1_2.sql >/dev/null
	# the PL/pgSQL x12_payer the C engine's rule replaced (test/pgtap/x12_payer_c.sql)
	psql -qAtX -v ON_ERROR_STOP=1 -f test/reference/x12_payer_1_2.sql >/dev/null
	pg_prove --ext .sql -r test/pgtap >"$logdir/pgtap.log" 2>&1
	grep -vE '^\s*$' "$logdir/pgtap.log" | tail -15
	record pgTAP $(prove_counts "$logdir/pgtap.log") "$(grep -m3 -E '^not ok|Failed test' "$logdir/pgtap.log" | tr '\n' ' ')"
fi

# self-contained scripts, each on its own throwaway cluster; each ends with "<name>: N passed, M failed"
cs_cluster_stop
for script in test_concurrency test_batch_population test_dump_restore test_upgrade test_error_privacy test_dba_safety test_python test_search_path test_citus; do
	echo "== $script"
	CS_SKIP_BUILD=1 bash "scripts/$script.sh" >"$logdir/$script.log" 2>&1
	grep -E '^not ok' "$logdir/$script.log" | head -10
	# a suite that could not run here says so (test_citus without Citus): shown, not only counted as 0
	if grep -qE '^[a-z_]+: skipped' "$logdir/$script.log"; then
		grep -E '^[a-z_]+: skipped' "$logdir/$script.log"
		skipped+=("$(grep -m1 -E '^[a-z_]+: skipped' "$logdir/$script.log")")
	fi
	counts=$(tail -1 "$logdir/$script.log" | sed -n 's/^[a-z_]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
	[ -z "$counts" ] && tail -20 "$logdir/$script.log"
	record "$script" ${counts:-0 1} "$(grep -m3 '^not ok' "$logdir/$script.log" | tr '\n' ' ')"
done

echo "== pg_regress against a server under valgrind memcheck (slow: about 10 minutes)"
if [ "${CS_SKIP_VALGRIND:-0}" = 1 ]; then
	echo "skipped (CS_SKIP_VALGRIND=1)"
else
	bash scripts/valgrind.sh >"$logdir/valgrind.log" 2>&1
	tail -3 "$logdir/valgrind.log"
	vg=$(sed -n 's/^valgrind: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$logdir/valgrind.log")
	record valgrind ${vg:-0 1}
fi

summary
[ "$failed" = 0 ]
