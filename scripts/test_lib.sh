# scripts/test_lib.sh — sourced by the self-contained test scripts (test_concurrency, test_dump_restore,
# test_upgrade): "ok - ..." / "not ok - ..." lines, one-value SQL checks, and the common start (build into
# build/destdir unless CS_SKIP_BUILD=1, then a throwaway cluster from scripts/cluster.sh).
#   cs_test_begin NAME    build, start the cluster, make $work (a folder inside the cluster's temp dir);
#                         the last line of the script is then "NAME: N passed, M failed" (finish)
#   check NAME SQL        the SQL (run in $PGDATABASE) returns one value; 't' passes, anything else
#                         fails and is shown
#   check_in DB NAME SQL  the same in database DB
#   q DB SQL              run SQL in DB, unaligned, stop at the first error
set -uo pipefail
export PATH=/usr/lib/postgresql/15/bin:$PATH

passed=0
failed=0
cs_test_name=test
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; [ -n "${2:-}" ] && echo "$2" | head -40 | sed 's/^/#   /'; failed=$((failed + 1)); }
finish() { echo "$cs_test_name: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }
q() { psql -qAtX -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
check_in() {
	local out
	out=$(q "$1" "$3" 2>&1)
	if [ "$out" = t ]; then ok "$2"; else not_ok "$2" "$out"; fi
}
check() { check_in "$PGDATABASE" "$1" "$2"; }

cs_test_begin() {
	cs_test_name=$1
	if [ "${CS_SKIP_BUILD:-0}" != 1 ]; then
		if ! { make -s && make -s install DESTDIR="$PWD/build/destdir"; } >/dev/null 2>&1; then
			not_ok "build and install into build/destdir"; finish
		fi
	fi
	. scripts/cluster.sh
	cs_cluster_start || { not_ok "start a throwaway cluster"; finish; }
	work=$CS_CLUSTER_DIR/$cs_test_name
	mkdir -p "$work"
}
