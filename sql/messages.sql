-- messages: what the extension's messages may echo of the user's input, and explain's natural call
-- (issue 9 defect 10).  Every message that quotes a value quotes at most 40 characters of it, then
-- "...", with control characters replaced (one helper: cs_excerpt in C, costshare.error_excerpt in
-- PL/pgSQL); costshare.explain(member, 'YYYY-MM-DD', code) resolves (it was 42725, ambiguous).

SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never

-- Runs one statement; its SQLSTATE and texts, or 'ok' and the first column of its first row.
CREATE FUNCTION pg_temp.try(q text)
RETURNS TABLE (code text, message text, detail text, detail_chars integer)
LANGUAGE plpgsql AS $$
DECLARE
    res text;
BEGIN
    EXECUTE q INTO res;
    RETURN QUERY SELECT 'ok'::text, res, NULL::text, NULL::integer;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    detail_chars := length(detail);
    RETURN NEXT;
END
$$;

-- ===================================================================================================
-- 1. The helper: 40 characters (not bytes), then "...", control characters as '?'
-- ===================================================================================================
SELECT n, v, costshare.error_excerpt(v) AS excerpt, length(costshare.error_excerpt(v)) AS chars
FROM (VALUES (1, ''), (2, 'short'), (3, repeat('a', 40)), (4, repeat('a', 41)), (5, repeat('ñ', 45)),
             (6, E'line\nbreak\tand\u001bescape'), (7, repeat('x', 1000000))) t(n, v)
WHERE n < 7
UNION ALL
SELECT 7, '(1 MB)', costshare.error_excerpt(repeat('x', 1000000)), length(costshare.error_excerpt(repeat('x', 1000000)))
ORDER BY n;
SELECT costshare.error_excerpt(NULL) IS NULL AS null_is_null;

-- ===================================================================================================
-- 2. The unknown place of service (C): a 1 MB code is quoted as 40 characters
-- ===================================================================================================
SELECT * FROM pg_temp.try($$SELECT costshare.estimate('M', date '2026-10-05', '90837', NULL, repeat('9', 1048576))::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.estimate('M', date '2026-10-05', '90837', NULL, E'1\n2')::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.explain('M', date '2026-10-05', '90837', NULL, repeat('ab', 524288))$$);

-- ===================================================================================================
-- 3. The CMS number checks (PL/pgSQL): a 1 MB number is quoted as 40 characters
-- ===================================================================================================
SELECT * FROM pg_temp.try($$SELECT costshare.cms_decimal(repeat('1', 1048576) || 'x', 2, 100, false, 'WORK RVU', 5)::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.cms_decimal('-' || repeat('1', 1048576), 2, 100, false, 'WORK RVU', 5)::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.cms_decimal('1.' || repeat('1', 1048576), 2, 100, false, 'WORK RVU', 5)::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.cms_decimal(repeat('1', 1000), 2, 100, false, 'WORK RVU', 5)::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.cms_decimal(repeat('1', 30) || '.5', 2, 100, false, 'WORK RVU', 5)::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.cms_decimal('1.92', 2, 100, false, 'WORK RVU', 5)::text$$);

-- ===================================================================================================
-- 4. explain with three arguments, all literals (the natural call), and every other overload
-- ===================================================================================================
SELECT costshare.explain('NOBODY', '2026-10-05', '90837') AS three_literals;
SELECT costshare.explain('NOBODY', '2026-10-05', '90837', locale => 'es') AS named_locale;
SELECT costshare.explain('NOBODY', date '2026-10-05', '90837') AS typed_date;
SELECT costshare.explain('NOBODY', '2026-10-05', '90837', NULL, '11', 100.00, 'es') AS seven_literals;
SELECT costshare.explain(costshare.estimate('NOBODY', '2026-10-05', '90837')) AS of_an_estimate;
SELECT costshare.explain(costshare.estimate('NOBODY', '2026-10-05', '90837'), 'es') AS of_an_estimate_es;
SELECT costshare.explain(costshare.adjudicate(100.00, costshare.terms(copay => 20.00))) AS of_a_line;
SELECT costshare.explain(costshare.adjudicate(100.00, costshare.terms(copay => 20.00)), 'es', costshare.terms(copay => 20.00)) AS of_a_line_with_terms;
-- which overload each call resolves to (the literal date: the text overload; a date value: the date one)
EXPLAIN (VERBOSE, COSTS OFF) SELECT costshare.explain('NOBODY', '2026-10-05', '90837');
EXPLAIN (VERBOSE, COSTS OFF) SELECT costshare.explain('NOBODY', date '2026-10-05', '90837');
-- a date the session cannot read: 22007, the value quoted through the helper
SELECT * FROM pg_temp.try($$SELECT costshare.explain('NOBODY', 'next tuesday', '90837')$$);
SELECT * FROM pg_temp.try($$SELECT costshare.explain('NOBODY', repeat('9', 100000), '90837')$$);
SELECT * FROM pg_temp.try($$SELECT costshare.explain(NULL, NULL, NULL)$$);
