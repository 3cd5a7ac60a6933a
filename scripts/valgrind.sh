#!/usr/bin/env bash
# scripts/valgrind.sh — the pg_regress suite against a server running under valgrind memcheck.
# The engine is covered by ASan/UBSan unit tests; this covers the Postgres glue (numeric and composite
# conversion, the aggregate state) inside a real backend. A valgrind error in costshare's code fails the
# run: one whose innermost frame, outside valgrind's own preload and the C library's string functions,
# is in costshare.so (named by file and line from its debug information, or by the library when it has
# none). Errors inside PostgreSQL or the C library (a JIT's dlopen, the regex cache's memmove) are
# counted apart and not failed. (Until session 14 only frames that named costshare.so counted, which a
# build with debug information never shows: no error of ours could fail the run.)
# Prints "valgrind: N passed, M failed" (N/M = regress tests; a costshare error counts as a failure).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/lib/postgresql/15/bin:$PATH
. scripts/cluster.sh
command -v valgrind >/dev/null || { apt-get install -y -qq valgrind >/dev/null; }

cs_cluster_start || exit 1
cs_as_server_user "$CS_PGBIN/pg_ctl" -D "$CS_CLUSTER_DIR/data" -m fast -w stop >/dev/null
vglog=$CS_CLUSTER_DIR/vg
mkdir -p "$vglog" && chmod 777 "$vglog"
cs_as_server_user valgrind --quiet --trace-children=yes --leak-check=no --track-origins=yes \
	--read-var-info=no --num-callers=30 --error-limit=no --log-file="$vglog/%p.log" \
	--suppressions="$PWD/test/valgrind.supp" \
	"$CS_PGBIN/postgres" -D "$CS_CLUSTER_DIR/data" >"$CS_CLUSTER_DIR/vg-server.log" 2>&1 &
for i in $(seq 1 120); do pg_isready -q && break; sleep 1; done
rm -f regression.diffs
make -s installcheck >"$CS_CLUSTER_DIR/regress.log" 2>&1
n=$(grep -cE ' \.\.\. ' "$CS_CLUSTER_DIR/regress.log")
nok=$(grep -cE ' \.\.\. ok ' "$CS_CLUSTER_DIR/regress.log")
grep -E " \.\.\. " "$CS_CLUSTER_DIR/regress.log" || { tail -n 30 "$CS_CLUSTER_DIR/regress.log"; tail -n 30 "$CS_CLUSTER_DIR/vg-server.log"; }
cs_as_server_user "$CS_PGBIN/pg_ctl" -D "$CS_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1

ours=0
others=0
# costshare's source files, as valgrind names them in a frame: "(lookup.c:123)"
src=$(ls src/glue/*.c src/engine/*.c | xargs -n1 basename | sed 's/\.c$//' | paste -sd'|')
for f in "$vglog"/*.log; do
	[ -s "$f" ] || continue
	# one valgrind error record = lines from "==pid== <kind>" to the blank "==pid== " line; it is ours when
	# its innermost frame outside valgrind's preload and the C library's string functions is costshare's
	c=$(awk -v src="$src" '
		/^==[0-9]+== [A-Z]/ { inrec = 1; decided = 0; mine = 0; next }
		inrec && /^==[0-9]+== +(at|by) 0x/ {
			if (decided) next
			if ($0 ~ /\(in \/usr\/libexec\/valgrind\// || $0 ~ /string_fortified\.h:/ || $0 ~ /\.S:[0-9]+\)/) next
			decided = 1
			if ($0 ~ /costshare\.so/ || $0 ~ ("\\((" src ")\\.c:[0-9]+\\)")) mine = 1
			next
		}
		/^==[0-9]+== $/ { if (inrec && mine) n++; inrec = 0 }
		END { print n + 0 }' "$f")
	o=$(grep -cE '^==[0-9]+== (Invalid|Conditional|Use of uninit|Syscall param|Source and destination)' "$f")
	if [ "$c" != 0 ]; then cat "$f"; fi
	ours=$((ours + c)); others=$((others + o))
done
echo "valgrind: $ours error(s) in costshare code, $((others - ours)) elsewhere in the server"
failed=$((n - nok))
[ "$ours" != 0 ] && failed=$((failed + 1))
echo "valgrind: $nok passed, $failed failed"
[ "$failed" = 0 ]
