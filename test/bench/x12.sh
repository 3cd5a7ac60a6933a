#!/usr/bin/env bash
# test/bench/x12.sh — in-server parse throughput of costshare.parse_271 / parse_835 against the bare
# read of the same text column (sum(length(doc))), over >= 100 MB of generated documents per kind.
# Own throwaway cluster (scripts/cluster.sh). Usage: bash test/bench/x12.sh [MB per kind, default 100]
# Each figure is the best of 3 runs; see test/bench/X12.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-100}
export PATH=/usr/lib/postgresql/15/bin:$PATH
. scripts/cluster.sh
cs_cluster_start 'max_parallel_workers_per_gather = 0' 'work_mem = 64MB' >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -v mb="$MB" <<'SQL'
CREATE EXTENSION btree_gist; CREATE EXTENSION costshare;
\set d271 `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
\set d835 `sed 's/\*T\*:~/*T*>~/' ../shared/data/x12-835-linuxforhealth/secondary-payment.835`
-- each document: the shared file with its ISA13 varied, so no two rows are the same text
CREATE TABLE docs271 AS
SELECT replace(:'d271', '*000000001*0*P', '*' || lpad(g::text, 9, '0') || '*0*P') AS doc
FROM generate_series(1, (:mb * 1048576) / length(:'d271') + 1) g;
CREATE TABLE docs835 AS
SELECT replace(:'d835', '000000907', lpad(g::text, 9, '0')) AS doc
FROM generate_series(1, (:mb * 1048576) / length(:'d835') + 1) g;
VACUUM ANALYZE docs271; VACUUM ANALYZE docs835;
SELECT 'docs271' AS t, pg_size_pretty(sum(length(doc))) AS text, count(*) AS docs FROM docs271
UNION ALL SELECT 'docs835', pg_size_pretty(sum(length(doc))), count(*) FROM docs835;
SQL
# label, query: best of 3 runs, as "wall cpu": psql's wall-clock ms, and the CPU ms the backend spent
# (Linux /proc/self/schedstat, read by the backend itself; "n/a" where it cannot be read).  On a shared
# machine the CPU time is the steadier figure: waiting for a core does not count.
run() {
	local best= bestcpu=
	for i in 1 2 3; do
		local out ms cpu
		out=$(psql -X -q -At -v q="$2" 2>/dev/null <<'SQL'
SELECT coalesce(split_part(pg_read_file('/proc/self/schedstat', 0, 200, true), ' ', 1), '') AS t0 \gset
\timing on
:q;
\timing off
SELECT CASE WHEN :'t0' = '' THEN 'cpu n/a'
            ELSE 'cpu ' || round((split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint - :'t0'::bigint) / 1e6) END;
SQL
)
		ms=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out")
		cpu=$(sed -n 's/^cpu \(.*\)$/\1/p' <<<"$out")
		best=$(awk -v a="${best:-$ms}" -v b="$ms" 'BEGIN { print (b < a ? b : a) }')
		if [ "$cpu" = n/a ]; then bestcpu=n/a; else
			bestcpu=$(awk -v a="${bestcpu:-$cpu}" -v b="$cpu" 'BEGIN { print (b < a ? b : a) }'); fi
	done
	echo "$best $bestcpu"
}
for k in 271 835; do
	bytes=$(psql -X -At -c "SELECT sum(length(doc)) FROM docs$k")
	read -r bare barecpu <<<"$(run bare "SELECT sum(length(doc)) FROM docs$k")"
	read -r parse parsecpu <<<"$(run parse "SELECT count(*) FROM docs$k, costshare.parse_$k(doc, 'lenient')")"
	awk -v k="$k" -v b="$bytes" -v r="$bare" -v p="$parse" -v rc="$barecpu" -v pc="$parsecpu" 'BEGIN {
		printf "%s: %.1f MB; bare read %.0f ms (%.0f MB/s); parse_%s %.0f ms (%.1f MB/s); ratio %.2fx", \
			k, b / 1048576, r, b / 1048576 / (r / 1000), k, p, b / 1048576 / (p / 1000), p / r
		if (rc != "n/a" && pc != "n/a" && rc > 0)
			printf "; backend CPU %s ms / %s ms, ratio %.2fx", rc, pc, pc / rc
		printf "\n" }'
done
