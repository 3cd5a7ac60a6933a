#!/usr/bin/env bash
# price_271.sh — the acceptance grid of the 271 pricing path (price_271_grid.sql), run on two builds and
# diffed: the baseline commit (default 32be8ff, main before costshare.price_271 moved from PL/pgSQL to
# C), built in a temporary worktree, and this tree's build in build/destdir (make install
# DESTDIR=$PWD/build/destdir first).  Each on its own throwaway cluster.  The grid is about 59,000
# calls, each line the call and its whole result or its error's SQLSTATE, message, detail and hint;
# too large to keep as an expected file, hence the baseline build.
# usage: bash test/compare/price_271.sh [baseline-commit]   (CS_GRID_KEEP=dir keeps both outputs there)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$PWD
base=${1:-32be8ff}
export PATH=$(pg_config --bindir):$PATH
work=$(mktemp -d)
chmod 755 "$work"   # the server (user postgres when run as root) reads the baseline build from here
trap 'git -C "$here" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/base" "$base" >/dev/null 2>&1
(cd "$work/base" && make -s -j2 >/dev/null 2>&1 && make -s install DESTDIR="$work/destdir" >/dev/null 2>&1) ||
	{ echo "cannot build $base"; exit 1; }
run() {	# destdir output
	(
		CS_DESTDIR=$1
		. scripts/cluster.sh
		cs_cluster_start >/dev/null
		psql -qAtX -v ON_ERROR_STOP=1 -c "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
		psql -qAtX -v ON_ERROR_STOP=1 -v out="$2" -f test/compare/price_271_grid.sql >/dev/null
	)
}
run "$work/destdir" "$work/base.out"
run "$here/build/destdir" "$work/this.out"
[ -n "${CS_GRID_KEEP:-}" ] && cp "$work/base.out" "$work/this.out" "$CS_GRID_KEEP/"
if cmp -s "$work/base.out" "$work/this.out"; then
	echo "price_271 grid: identical to $base ($(wc -l <"$work/this.out") lines, $(grep -c '| 271 |\|,271,' "$work/this.out") priced from a 271)"
else
	diff -u "$work/base.out" "$work/this.out" | head -200
	echo "price_271 grid: DIFFERS from $base"
	exit 1
fi
