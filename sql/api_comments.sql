-- api_comments: the result API explains itself (issue 13).
-- 1. Every column of every table and every attribute of every composite type the extension owns has a
--    comment: no row below. A column added without one (in any later part) makes this suite fail.
-- 2. One word, one meaning: `reasons` is an attribute only of the types whose reasons are eligibility
--    reasons; the 835 adjustment reason codes are `adjustment_codes` wherever they appear.
-- 3. The name breakdown.reasons had before 1.2 still reads the codes (deprecated): (b).reasons where
--    costshare is on the search_path, costshare.reasons(b) everywhere.

WITH owned AS (
    SELECT CASE d.classid WHEN 'pg_class'::regclass THEN d.objid
                          ELSE (SELECT t.typrelid FROM pg_type t WHERE t.oid = d.objid) END AS relid
      FROM pg_depend d
     WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
       AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')
       AND d.classid IN ('pg_class'::regclass, 'pg_type'::regclass)
)
SELECT c.oid::regclass || '.' || a.attname AS column_without_comment
  FROM owned o
  JOIN pg_class c ON c.oid = o.relid AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE coalesce(pg_catalog.col_description(c.oid, a.attnum), '') = ''
 ORDER BY 1;

-- ... out of this many tables and composite types (so the check above is not vacuous)
SELECT count(DISTINCT c.oid) FILTER (WHERE c.relkind = 'r') > 20 AS tables_checked,
       count(DISTINCT c.oid) FILTER (WHERE c.relkind = 'c') > 10 AS types_checked,
       count(*) > 300 AS columns_checked
  FROM pg_depend d
  JOIN pg_class c ON c.oid = CASE d.classid WHEN 'pg_class'::regclass THEN d.objid
                                            ELSE (SELECT t.typrelid FROM pg_type t WHERE t.oid = d.objid) END
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')
   AND d.classid IN ('pg_class'::regclass, 'pg_type'::regclass);

-- 2. Where `reasons` and `adjustment_codes` are attributes (tables and composite types)
SELECT a.attname, string_agg(c.relname, ', ' ORDER BY c.relname) AS in_types
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'costshare'::regnamespace AND a.attname IN ('reasons', 'adjustment_codes')
 GROUP BY a.attname ORDER BY 1;
-- the breakdown's attributes, in order (the rename kept the position)
SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a
 WHERE a.attrelid = 'costshare.breakdown'::regclass AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;

-- 3. The old name, deprecated
SELECT (b).adjustment_codes, costshare.reasons(b) AS through_function
  FROM (SELECT costshare.adjudicate(200, costshare.terms(copay => 30, ded_individual => 100, coinsurance => 0.2), NULL, 250) AS b) s;
SET search_path = public, costshare;
SELECT (b).reasons AS field_notation, r.reasons AS alias_notation
  FROM (SELECT adjudicate(200, terms(copay => 30, ded_individual => 100, coinsurance => 0.2), NULL, 250) AS b) s,
       adjudicate(200, terms(copay => 30, ded_individual => 100, coinsurance => 0.2), NULL, 250) r;
RESET search_path;
-- without costshare on the search_path the field notation does not find it: the new name is the way
SELECT (costshare.adjudicate(200, costshare.terms(copay => 30))).reasons;
-- a NULL breakdown has NULL codes
SELECT costshare.reasons(NULL::costshare.breakdown) IS NULL AS null_line;
