#!/usr/bin/env bash
# test/bench/adjudicate.sh — issue 10's serial adjudicate benchmark: on 2 M random whole-cent amounts,
#   A: SELECT sum(allowed) FROM t                                          (the bare scan and sum)
#   B: SELECT sum((costshare.adjudicate(allowed, terms(...), accum(...))).patient_pays) FROM t
#   C: the same rules for these terms written as a plain-SQL CASE expression (no C function)
# with max_parallel_workers_per_gather = 0 and jit off, N runs each, interleaved (A B C, A B C, ...).
# Per run: the backend's CPU time (utime+stime from /proc/<pid>/stat, in ms) and psql's wall time; then
# the ratio B/A and C/A of CPU times per run. The target (issue 10) is B/A <= 4.
# A benchmark, not a test: it fails only when a query errors or B and C disagree.
#
# Environment: ADJ_RUNS (default 5), ADJ_ROWS (default 2000000), ADJ_DESTDIR (default build/destdir).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH=/usr/lib/postgresql/15/bin:$PATH
runs=${ADJ_RUNS:-5}
rows=${ADJ_ROWS:-2000000}
CS_DESTDIR=${ADJ_DESTDIR:-$PWD/build/destdir}
export CS_DESTDIR
. scripts/cluster.sh
cs_cluster_start "jit = off" "max_parallel_workers_per_gather = 0" >/dev/null

hz=$(getconf CLK_TCK)
out=$(mktemp)
# B's terms: deductible 1500 (700 met), then 20% coinsurance, OOP 5000 (0 met; the deductible counts).
# C: the same line in SQL: deductible part, coinsurance on the rest rounded half up to the cent, capped
# by what is left of the OOP limit (5000, none met).
{
	echo "\\set ON_ERROR_STOP 1"
	echo "CREATE EXTENSION costshare CASCADE;"
	echo "CREATE TABLE t AS SELECT (random()*300)::numeric(10,2) AS allowed FROM generate_series(1,$rows);"
	echo "VACUUM ANALYZE t;"
	echo "SET max_parallel_workers_per_gather = 0;"
	echo "SELECT pg_backend_pid() AS pid \\gset"
	echo "\\setenv BACKEND_PID :pid"
	echo "SELECT sum(allowed) FROM t \\g /dev/null"
	echo "SELECT sum((costshare.adjudicate(allowed, costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000), costshare.accum(ded_individual_met => 700))).patient_pays) AS b FROM t \\gset"
	echo "SELECT sum(least(d + round((allowed - d) * 0.2, 2), 5000.00)) AS c FROM (SELECT allowed, CASE WHEN allowed < 800.00 THEN allowed ELSE 800.00 END AS d FROM t) s \\gset"
	echo "SELECT CASE WHEN :'b' = :'c' THEN 'same' ELSE 'DIFFERENT' END AS check, :'b' AS adjudicate_sum, :'c' AS case_sum;"
	echo "\\timing on"
	for i in $(seq 1 "$runs"); do
		for q in A B C; do
			echo "\\! echo $q $i \$(cut -d' ' -f14,15 /proc/\$BACKEND_PID/stat) >>$out"
			case $q in
			A) echo "SELECT sum(allowed) FROM t \\g /dev/null" ;;
			B) echo "SELECT sum((costshare.adjudicate(allowed, costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000), costshare.accum(ded_individual_met => 700))).patient_pays) FROM t \\g /dev/null" ;;
			C) echo "SELECT sum(least(d + round((allowed - d) * 0.2, 2), 5000.00)) FROM (SELECT allowed, CASE WHEN allowed < 800.00 THEN allowed ELSE 800.00 END AS d FROM t) s \\g /dev/null" ;;
			esac
			echo "\\! echo $q $i \$(cut -d' ' -f14,15 /proc/\$BACKEND_PID/stat) >>$out"
		done
	done
} | psql -X -q 2>&1 | tee "$out.psql" | grep -v '^Time' || true
grep -q DIFFERENT "$out.psql" && { echo "adjudicate and the CASE version disagree"; exit 1; }
grep -q same "$out.psql" || { cat "$out.psql"; exit 1; }
grep '^Time' "$out.psql" | sed 's/Time: \([0-9.]*\) ms.*/\1/' >"$out.wall"

echo "rows=$rows runs=$runs; backend CPU ms (utime+stime) / wall ms; ratios of CPU times"
echo "run | A sum cpu/wall | B adjudicate cpu/wall | C CASE cpu/wall | B/A | C/A"
awk -v hz="$hz" -v wallf="$out.wall" '
	BEGIN { w = 0; while ((getline line < wallf) > 0) wall[w++] = line }
	{ key = $1 " " $2; t = ($3 + $4) * 1000 / hz; if (key in start) { cpu[key] = t - start[key] } else start[key] = t }
	END {
		k = 0
		for (i = 1; i in cpu || (("A " i) in cpu); i++) {
			a = cpu["A " i]; b = cpu["B " i]; c = cpu["C " i]
			printf "%d | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %.2f | %.2f\n", i, a, wall[k], b, wall[k+1], c, wall[k+2], (a ? b / a : 0), (a ? c / a : 0)
			k += 3; sa += a; sb += b; sc += c
		}
		printf "total | %.0f | %.0f | %.0f | %.2f | %.2f\n", sa, sb, sc, (sa ? sb / sa : 0), (sa ? sc / sa : 0)
	}' "$out"
rm -f "$out" "$out.psql" "$out.wall"
