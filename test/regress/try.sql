\set ECHO none
-- test/regress/try.sql — included (\i) by the regress suites that print errors: pg_temp.try(q) runs one
-- statement and returns 'ok' and the first column of its first row, or the error's SQLSTATE, message,
-- detail and hint (so the expected output does not depend on line numbers in CONTEXT).
CREATE FUNCTION pg_temp.try(q text)
RETURNS TABLE (code text, message text, detail text, hint text)
LANGUAGE plpgsql AS $$
DECLARE
    res text;
BEGIN
    EXECUTE q INTO res;
    RETURN QUERY SELECT 'ok'::text, res, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN NEXT;
END
$$;
\set ECHO all
