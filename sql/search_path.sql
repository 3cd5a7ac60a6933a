-- search_path: no function body of the extension resolves a name through the caller's search_path
-- (issue 9, defect 1). Over the catalog: every SQL and PL/pgSQL function the extension owns either pins
-- search_path (pg_catalog first, or public not at all, and pg_temp last) or is a SQL function whose body
-- names every function, operator, type and relation with its schema. The bodies are read by a small
-- lexer (test/search_path/scan.sql: comments and literals stripped, SQL syntax such as COALESCE, NULLIF,
-- CASE, EXISTS, ANY, ARRAY, ROW and CAST told apart from calls, operators implied by LIKE, BETWEEN, IN,
-- IS DISTINCT FROM, NULLIF and simple CASE counted). scripts/test_search_path.sh checks the same thing by
-- running the suites against planted shadows.
\set ECHO none
\i test/search_path/scan.sql
\set ECHO all

-- The lexer on a body with one of each: what it reports as resolved through search_path (schema NULL)
-- or qualified; nothing inside literals or comments, nothing for syntax.
SELECT kind, coalesce(schema, '-') AS schema, name
FROM cs_scan.refs($body$
    SELECT unnest($1), pg_catalog.lower(x), coalesce(a, b), greatest(a, b), nullif(a, b),
           CASE x WHEN 1 THEN 'f(x)' END, CASE WHEN a THEN b END, x::text, x::pg_catalog.text, x::integer,
           CAST(y AS date), CAST(y AS pg_catalog.date), date '2026-01-01', a OPERATOR(pg_catalog.=) b, a = b,
           -1, a - 1, count(*), a LIKE b, a NOT BETWEEN 1 AND 2, a IN (1, 2), a IS DISTINCT FROM b,
           EXISTS (SELECT 1), ARRAY[1], ROW(1, 2), (x).y, substring(a FROM 1 FOR 2), substring(a, 1, 2),
           left(a, 1), pg_catalog.format('%s', a), E'it''s \' g(x)', "Quoted"(1), $$h(x)$$, $t$ i(x) $t$
      FROM t, costshare.member m, pg_catalog.generate_series(1, 2) g(i)  -- j(x)
      /* k(x) /* nested */ l(x) */
      JOIN LATERAL costshare.line_context(m.member_id) c ON true
$body$)
ORDER BY at;

-- Every SQL or PL/pgSQL function of the extension that breaks the rule: no row. A function breaks it
-- when it is SECURITY DEFINER or procedural without a pinned search_path, or a SQL function without one
-- whose body resolves a name through the caller's search_path (each such name is listed).
WITH fn AS (
    SELECT p.oid, p.oid::regprocedure AS function, l.lanname, p.prosecdef, p.prosrc,
           (SELECT pg_catalog.string_to_array(pg_catalog.substr(c, 13), ', ')
              FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'search\_path=%') AS path
    FROM pg_depend d
    JOIN pg_proc p ON p.oid = d.objid
    JOIN pg_language l ON l.oid = p.prolang
    WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
      AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e'
      AND l.lanname NOT IN ('c', 'internal')
), judged AS (
    SELECT fn.*,
           path IS NOT NULL AND path[cardinality(path)] = 'pg_temp'
           AND (path[1] = 'pg_catalog' OR NOT path && ARRAY['public', '"$user"', '$user']) AS pinned
    FROM fn
)
SELECT j.function, j.lanname,
       CASE WHEN j.prosecdef THEN 'security definer without a pinned search_path'
            WHEN j.lanname <> 'sql' THEN 'procedural body without a pinned search_path'
            ELSE 'unqualified ' || r.kind || ' ' || r.name END AS breaks_rule
FROM judged j
LEFT JOIN LATERAL cs_scan.refs(j.prosrc) r ON j.lanname = 'sql' AND NOT j.prosecdef
WHERE NOT j.pinned
  AND (j.prosecdef OR j.lanname <> 'sql' OR (r.kind IS NOT NULL AND r.schema IS NULL))
ORDER BY 1, 3;

-- The functions that do not pin search_path (every name in them is qualified, as checked above). A new
-- one must be added here knowingly: match_candidates (inlined: its index probes planned in the caller's
-- query), reasons (a SQL-standard body, parsed and bound when created), estimate_many_checked (inlined
-- into the batch's query, so that the planner sees how many appointments there are) and
-- estimate_many_query (it reads the caller's search_path for the caller's query and hands it to its
-- pinned worker).
SELECT p.oid::regprocedure AS unpinned, l.lanname, p.provolatile, p.proretset,
       (SELECT count(*) FROM cs_scan.refs(p.prosrc) r WHERE r.schema = 'pg_catalog') AS pg_catalog_names
FROM pg_depend d
JOIN pg_proc p ON p.oid = d.objid
JOIN pg_language l ON l.oid = p.prolang
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e'
  AND l.lanname NOT IN ('c', 'internal')
  AND NOT EXISTS (SELECT FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'search\_path=%')
ORDER BY 1;

-- What they pin it to: one setting for all.
SELECT DISTINCT c AS setting
FROM pg_depend d
JOIN pg_proc p ON p.oid = d.objid
CROSS JOIN LATERAL pg_catalog.unnest(p.proconfig) c
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e'
  AND c LIKE 'search\_path=%'
ORDER BY 1;

-- Bodies that are not functions. A view's query, like column defaults, CHECK constraints and index
-- expressions, is stored parsed, bound to its objects when created, so the caller's search_path never
-- reaches it; the event triggers run C functions (checked below). The list shows a new one in review.
SELECT pg_describe_object(d.classid, d.objid, 0) AS stored_body
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')
  AND (d.classid IN ('pg_rewrite'::regclass, 'pg_policy'::regclass, 'pg_event_trigger'::regclass)
       OR (d.classid = 'pg_class'::regclass
           AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('v', 'm')))
ORDER BY 1;
-- Event triggers whose function is neither C nor pinned: no row.
SELECT e.evtname, e.evtfoid::regprocedure AS event_trigger_function
FROM pg_event_trigger e
JOIN pg_proc p ON p.oid = e.evtfoid
WHERE p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')
  AND NOT EXISTS (SELECT FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'search\_path=%');

-- Triggers on its tables whose function (SQL or PL/pgSQL; C runs no SQL) does not pin search_path: no row.
SELECT t.tgrelid::regclass AS "table", t.tgname, t.tgfoid::regprocedure AS trigger_function
FROM pg_trigger t
JOIN pg_proc p ON p.oid = t.tgfoid
WHERE NOT t.tgisinternal
  AND p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')
  AND NOT EXISTS (SELECT FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'search\_path=%')
  AND t.tgrelid IN (
    SELECT d.objid FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
      AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare'))
ORDER BY 1, 2;

DROP SCHEMA cs_scan CASCADE;
