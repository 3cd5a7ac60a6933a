#!/usr/bin/env bash
# test/bench/identity.sh — benchmarks of name keys and member matching (1.2). See test/bench/IDENTITY.md.
#
# In one run on one machine, against a throwaway cluster (scripts/cluster.sh, Unix socket only):
#   1. name_key throughput, serial: count(costshare.name_key(x)) over IDENTITY_ROWS generated realistic
#      names (Spanish, Vietnamese, accented European, hyphenated, apostrophes, English, some Cyrillic and
#      CJK) against lower(unaccent(x)) (contrib unaccent) and a bare count(x) on the same rows; the
#      median of IDENTITY_REPS runs each, for last names, for first names, and for the non-ASCII subset
#   2. loading IDENTITY_ROWS members into costshare.member (maintaining the four identity indexes)
#   3. match_member latency with pgbench -M prepared over the Unix socket, 1 client, on payer-style
#      spellings of random members (upper case, no accents, hyphens as spaces; some with day and month
#      swapped, some with first and last swapped, some with a nickname), against the same script's
#      lookup of the query row alone; and how often the true member ranks first (on a sample)
# Prints a Markdown report at the end (also saved as build/bench/identity-results.md).
#
# A benchmark, not a test: it never fails on timing; it exits non-zero only when something errors.
#
# Environment:
#   IDENTITY_ROWS             names / members to generate (default 1000000)
#   IDENTITY_REPS             runs of each throughput query, the median is reported (default 3)
#   IDENTITY_PGBENCH_SECONDS  duration of each pgbench run (default 20)
#   IDENTITY_SAMPLE           queries in the ranking check (default 2000)
#   IDENTITY_DESTDIR          the install to measure (default build/destdir)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

rows=${IDENTITY_ROWS:-1000000}
reps=${IDENTITY_REPS:-3}
pgb_seconds=${IDENTITY_PGBENCH_SECONDS:-20}
sample=${IDENTITY_SAMPLE:-2000}
export PATH=/usr/lib/postgresql/15/bin:$PATH
export CS_DESTDIR=${IDENTITY_DESTDIR:-$root/build/destdir}

fail() { echo "identity.sh: $*" >&2; exit 1; }
[ -f "$CS_DESTDIR/usr/share/postgresql/15/extension/costshare--1.1--1.2.sql" ] ||
	fail "no 1.2 install under $CS_DESTDIR: run make && make install DESTDIR=\$PWD/build/destdir first"
command -v pgbench >/dev/null || fail "pgbench not found"

mkdir -p build/bench
work=$(mktemp -d "${TMPDIR:-/tmp}/costshare-identity.XXXXXX")
out=build/bench/identity-results.md

. scripts/cluster.sh
cs_cluster_start "max_parallel_workers_per_gather = 0" "jit = off" "work_mem = 64MB" \
	"maintenance_work_mem = 256MB" "max_wal_size = 4GB" >/dev/null
trap 'cs_cluster_stop; rm -rf "$work"' EXIT

q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

q -c "CREATE EXTENSION costshare CASCADE" -c "CREATE EXTENSION unaccent" 2>/dev/null

echo "== generating $rows names"
start=$(date +%s)
q <<SQL
-- name parts, with the weights of a mixed US practice (most rows Latin script, a few per cent Cyrillic
-- and CJK); picked by deterministic hashes of the row number
CREATE TABLE first_part (i int, v text);
INSERT INTO first_part SELECT row_number() OVER () - 1, v FROM unnest(ARRAY[
  'María José', 'José Luis', 'Ángel', 'Inés', 'Sofía', 'Jesús', 'Guadalupe', 'Juan Carlos', 'Lucía', 'Andrés',
  'Thị Minh Khai', 'Văn An', 'Thị Hồng', 'Minh Tuấn', 'Ngọc Anh', 'Quốc Bảo', 'Thu Trang',
  'John', 'Mary', 'William', 'Elizabeth', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'James', 'Linda',
  'David', 'Susan', 'Mary-Kate', 'Jean-Luc', 'D''Andre', 'Zoë', 'François', 'Søren', 'Łukasz', 'Björn',
  'Chloé', 'Noémie', 'Renée', 'Ольга', 'Дмитрий', 'Наталья', '小明', '美玲', 'たろう', '민준'
]) AS v;
CREATE TABLE last_part (i int, v text);
INSERT INTO last_part SELECT row_number() OVER () - 1, v FROM unnest(ARRAY[
  'García López', 'Rodríguez', 'Martínez', 'Hernández', 'Pérez de la Cruz', 'Gómez-Sánchez', 'Díaz',
  'Fernández y Ruiz', 'Núñez', 'Muñoz', 'O''Neil-Smith', 'Castillo Ortiz',
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'O''Brien', 'McDonald', 'Smith Jr', 'Thompson III', 'van der Berg', 'De Luca', 'D''Angelo',
  'Müller', 'Schröder', 'Kowalski', 'Wiśniewski', 'Ångström', 'Lefèvre', 'Gonçalves',
  'Щербакова', 'Иванов', 'Кузнецов', '王', '李', '张', '山田', '김'
]) AS v;
CREATE TABLE names AS
SELECT g AS id,
       f.v || CASE WHEN g % 11 = 0 THEN ' ' || chr(65 + g % 26) ELSE '' END AS first_name,
       l.v || CASE WHEN g % 7 = 0 THEN '-' || l2.v WHEN g % 13 = 0 THEN ' ' || l2.v ELSE '' END AS last_name,
       date '1935-01-01' + (abs(hashint8(g)) % 30000)::int AS birth_date
FROM generate_series(1, $rows) AS g
JOIN first_part f ON f.i = abs(hashint8(g * 3)) % (SELECT count(*) FROM first_part)
JOIN last_part l ON l.i = abs(hashint8(g * 5)) % (SELECT count(*) FROM last_part)
JOIN last_part l2 ON l2.i = abs(hashint8(g * 7)) % (SELECT count(*) FROM last_part);
ALTER TABLE names ADD PRIMARY KEY (id);
VACUUM ANALYZE names;
CREATE TABLE nonascii AS SELECT * FROM names WHERE last_name !~ '^[ -~]*$';
VACUUM ANALYZE nonascii;

CREATE TABLE results (n serial, measure text, rows bigint, ms numeric, note text);
CREATE FUNCTION bench(measure text, query text, nrows bigint, reps int, note text DEFAULT NULL,
                      warm boolean DEFAULT true) RETURNS void
LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; times numeric[] := '{}';
BEGIN
    IF warm THEN
        EXECUTE query;  -- warm-up (caches, the transliterator)
    END IF;
    FOR i IN 1..reps LOOP
        t0 := clock_timestamp();
        EXECUTE query;
        times := times || (extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric;
    END LOOP;
    INSERT INTO results (measure, rows, ms, note)
    VALUES (measure, nrows, (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(times) x), note);
END \$\$;
SQL
echo "   $(( $(date +%s) - start )) s"
q -At -c "SELECT count(*), count(*) FILTER (WHERE last_name !~ '^[ -~]*\$' OR first_name !~ '^[ -~]*\$') FROM names" |
	{ IFS='|' read -r n na; echo "   $n names, $na with a non-ASCII character"; }

echo "== 1. throughput, serial, median of $reps"
q <<SQL
SELECT bench('bare count(last_name)', 'SELECT count(last_name) FROM names', $rows, $reps);
SELECT bench('lower(unaccent(last_name))', 'SELECT count(lower(unaccent(last_name))) FROM names', $rows, $reps);
SELECT bench('costshare.name_key(last_name)', 'SELECT count(costshare.name_key(last_name)) FROM names', $rows, $reps);
SELECT bench('lower(unaccent(first_name))', 'SELECT count(lower(unaccent(first_name))) FROM names', $rows, $reps);
SELECT bench('costshare.name_key(first_name)', 'SELECT count(costshare.name_key(first_name)) FROM names', $rows, $reps);
SELECT bench('non-ASCII last names: lower(unaccent(x))', 'SELECT count(lower(unaccent(last_name))) FROM nonascii',
             (SELECT count(*) FROM nonascii), $reps);
SELECT bench('non-ASCII last names: name_key(x)', 'SELECT count(costshare.name_key(last_name)) FROM nonascii',
             (SELECT count(*) FROM nonascii), $reps);
SELECT bench('costshare.member_id_key(''XYZ-'' || id)', 'SELECT count(costshare.member_id_key(''XYZ-'' || id)) FROM names', $rows, $reps);
SQL

echo "== 2. loading $rows members (four identity indexes maintained)"
q <<SQL
SELECT bench('INSERT INTO costshare.member (with the identity indexes)',
  'INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) SELECT ''B'' || id, first_name, last_name, birth_date FROM names',
  $rows, 1, 'one run: the table is loaded once', false);
ANALYZE costshare.member;
-- payer-style spellings: upper case, accents and apostrophes removed, hyphens as spaces; every 10th
-- with day and month swapped, every 10th (another) with first and last swapped, some nicknames
CREATE TABLE queries AS
SELECT row_number() OVER () AS qid, n.id,
       CASE WHEN n.id % 10 = 3 THEN p.last ELSE p.first END AS first_name,
       CASE WHEN n.id % 10 = 3 THEN p.first ELSE p.last END AS last_name,
       CASE WHEN n.id % 10 = 5 AND extract(day FROM n.birth_date) <= 12
            THEN make_date(extract(year FROM n.birth_date)::int, extract(day FROM n.birth_date)::int,
                           extract(month FROM n.birth_date)::int)
            ELSE n.birth_date END AS birth_date
FROM names n
CROSS JOIN LATERAL (SELECT upper(translate(unaccent(CASE n.first_name WHEN 'William' THEN 'Bill' WHEN 'Robert' THEN 'Bob' ELSE n.first_name END), '''-', ' ')) AS first,
                           upper(translate(unaccent(n.last_name), '''-', ' ')) AS last) p
WHERE n.id % ($rows / 100000 + 1) = 0;
ALTER TABLE queries ADD PRIMARY KEY (qid);
ANALYZE queries;
SQL
nq=$(q -At -c "SELECT count(*) FROM queries")
echo "   $nq payer-style queries"

echo "== 3. match_member, pgbench -M prepared, 1 client, $pgb_seconds s each"
cat >"$work/match.sql" <<SQL
\set qid random(1, $nq)
SELECT m.* FROM queries q, LATERAL costshare.match_member(q.first_name, q.last_name, q.birth_date) m WHERE q.qid = :qid;
SQL
cat >"$work/lookup.sql" <<SQL
\set qid random(1, $nq)
SELECT q.* FROM queries q WHERE q.qid = :qid;
SQL
for s in lookup match; do
	pgbench -n -M prepared -c 1 -T "$pgb_seconds" -f "$work/$s.sql" >"$work/$s.out" 2>&1 || { cat "$work/$s.out"; fail "pgbench $s failed"; }
	lat=$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' "$work/$s.out")
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*$/\1/p' "$work/$s.out")
	echo "   $s: latency $lat ms, $tps tps"
	q -c "INSERT INTO results (measure, rows, ms, note) VALUES ('pgbench $s', NULL, $lat, 'latency average; $tps tps')"
done

echo "== ranking check on $sample queries"
q <<SQL
CREATE TABLE ranked AS
SELECT q.qid, q.id, (SELECT array_agg(m.member ORDER BY m.score DESC, m.member)
                     FROM costshare.match_member(q.first_name, q.last_name, q.birth_date) m) AS found
FROM queries q WHERE q.qid <= $sample;
INSERT INTO results (measure, rows, ms, note)
SELECT 'true member ranked first', count(*), NULL,
       round(100.0 * count(*) FILTER (WHERE found[1] = 'B' || id) / count(*), 1) || '% (' ||
       count(*) FILTER (WHERE found IS NULL) || ' with no candidate >= 50)'
FROM ranked;
SQL
q -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
      SELECT * FROM costshare.match_candidates('MARIA JOSE', 'ONEIL SMITH', '1980-03-04', 'XYZ12345')" >"$work/explain.txt"

{
	echo "## identity benchmark: $(date -u +%Y-%m-%d) — IDENTITY_ROWS=$rows IDENTITY_REPS=$reps IDENTITY_PGBENCH_SECONDS=$pgb_seconds"
	echo
	echo "PostgreSQL $(q -At -c 'SHOW server_version'), ICU $(q -At -c 'SELECT costshare.icu_version()'), $(nproc) CPUs, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| measure | rows | ms | rows/s | note |"
	echo "|---|---:|---:|---:|---|"
	q -At -c "SELECT format('| %s | %s | %s | %s | %s |', replace(measure, '|', '\\|'), coalesce(rows::text, ''),
	                  coalesce(round(ms, 3)::text, ''),
	                  coalesce(CASE WHEN rows IS NOT NULL AND ms > 0 THEN to_char(round(rows / (ms / 1000)), 'FM999,999,999') END, ''),
	                  coalesce(note, '')) FROM results ORDER BY n"
	echo
	echo "EXPLAIN (ANALYZE) of match_candidates on $rows members:"
	echo
	echo '```'
	cat "$work/explain.txt"
	echo '```'
} >"$out"
cat "$out"
