#!/usr/bin/env bash
# scripts/test_python.sh — the Python package's tests (python/tests) and the FastAPI example's
# (examples/fastapi/tests), with Debian's python3 and pytest. Each pytest session starts its own
# throwaway cluster (python/tests/pgcluster.py: a temporary directory, a private socket, the extension
# from build/destdir) and removes it at the end; it never touches a system cluster.
# It first runs make and make install DESTDIR=build/destdir (CS_SKIP_BUILD=1 skips that).
# Last line: "python: N passed, M failed" (pytest's errors count as failed, and a run that collected
# no test at all, pytest's exit code 5, counts as one failure); exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/lib/postgresql/15/bin:$PATH
py=${CS_PYTHON:-/usr/bin/python3}
mkdir -p build/test-logs
log=build/test-logs/python-pytest.log

if [ "${CS_SKIP_BUILD:-0}" != 1 ]; then
	if ! { make -s all && make -s install DESTDIR="$PWD/build/destdir"; } >build/test-logs/python-build.log 2>&1; then
		cat build/test-logs/python-build.log
		echo "python: 0 passed, 1 failed"
		exit 1
	fi
fi

PYTHONDONTWRITEBYTECODE=1 "$py" -m pytest -p no:cacheprovider -q -rfE python/tests examples/fastapi/tests 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -E '^=+ .*(passed|failed|error|no tests ran).* in [0-9.]+s' "$log" | tail -1)
[ -z "$summary" ] && summary=$(grep -E '^[0-9]+ (passed|failed).* in [0-9.]+s' "$log" | tail -1)
count() { echo "$summary" | grep -Eo "[0-9]+ $1" | awk '{s+=$1} END{print s+0}'; }
passed=$(count passed)
failed=$(( $(count failed) + $(count errors?) ))
if [ "$rc" = 5 ]; then
	echo "not ok - pytest collected no test"
	failed=$((failed + 1))
elif [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
	echo "not ok - pytest exited with $rc"
	failed=1
fi
echo "python: $passed passed, $failed failed"
[ "$failed" = 0 ]
