-- reference_doc: doc/reference.md documents result types column by column; it must list every column
-- of each type it documents, at its position, as the catalog has it (a column added to a type without
-- its line in the reference shows here). The meanings there are the catalog's COMMENT ON COLUMN texts.
\set doc `cat doc/reference.md`
CREATE TEMP TABLE ref_sections AS
SELECT m[1] AS typname, m[2] AS body
FROM regexp_matches(:'doc' || E'\n',   -- (the shell's backticks drop the last newline)
       '## `costshare\.([a-z_0-9]+)`[^\n]*\n\n\| # \| column \| type \| meaning, unit, when NULL \|\n\|---\|---\|---\|---\|\n((?:\| [^\n]*\n)+)',
       'g') AS m;
-- the types documented
SELECT array_agg(typname ORDER BY typname) AS documented FROM ref_sections;
-- every difference between the reference and the catalog (none)
WITH doc AS (
    SELECT s.typname, r[1]::int AS pos, r[2] AS col, r[3] AS typ
    FROM ref_sections s, regexp_matches(s.body, '\| ([0-9]+) \| `([a-z_0-9]+)` \| ([^|]+) \|', 'g') AS r),
cat AS (
    SELECT t.typname::text, a.attnum::int AS pos, a.attname::text AS col,
           regexp_replace(format_type(a.atttypid, a.atttypmod), '^costshare\.', '') AS typ
    FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE t.typnamespace = 'costshare'::regnamespace AND t.typname IN (SELECT typname FROM ref_sections))
SELECT coalesce(c.typname, d.typname) AS type, coalesce(c.pos, d.pos) AS pos,
       c.col AS in_catalog, d.col AS in_reference, c.typ AS catalog_type, trim(d.typ) AS reference_type
FROM cat c FULL JOIN doc d ON d.typname = c.typname AND d.pos = c.pos
WHERE c.col IS DISTINCT FROM d.col OR c.typ IS DISTINCT FROM trim(d.typ)
ORDER BY 1, 2;
