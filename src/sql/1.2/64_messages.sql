-- 64_messages.sql: what messages may quote, and explain's natural three-argument call.
--   * costshare.error_excerpt: the one PL/pgSQL helper for quoting a value the user gave in an error
--     (the C glue uses the same code, cs_excerpt in src/glue/text.c): at most 40 characters, then
--     "...", control characters replaced.  A 1 MB argument never becomes a 1 MB message or log line.
--   * costshare.cms_decimal quotes the refused number through it, and refuses a number longer than 40
--     characters before casting it (a 1 MB one gave 22003 "value overflows numeric format").
--   * costshare.explain(member, 'YYYY-MM-DD', code, ...): with every argument an untyped literal the
--     call was ambiguous (42725) between explain(estimate_result, locale, terms), explain(breakdown,
--     locale, terms) and explain(member, date, code, ...): PostgreSQL prefers the string category for
--     an unknown literal, which the date parameter is not.  An overload taking the date as text makes
--     the natural call resolve; typed callers (a date value) still get the date overload.

CREATE FUNCTION @extschema@.error_excerpt(value text)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_error_excerpt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.error_excerpt(text) IS
    'Internal: a value as the extension quotes it in a message: its first 40 characters, then ... when it is longer, control characters replaced by ?.';

CREATE OR REPLACE FUNCTION @extschema@.cms_decimal(
    value text, max_scale integer, max_value numeric, positive boolean, column_label text, line bigint)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v text := pg_catalog.btrim(coalesce($1, ''), E' \t');
    x numeric;
BEGIN
    -- a NaN or infinite bound would let every value pass (NaN sorts above every number): refused
    IF $3 OPERATOR(pg_catalog.=) ANY (ARRAY['NaN', 'Infinity', '-Infinity']::pg_catalog.numeric[]) THEN
        RAISE EXCEPTION 'max_value must be a finite number' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'max_value is not finite.',
            HINT = 'Give the largest value the column may hold, for example 100000.';
    END IF;
    IF v OPERATOR(pg_catalog.!~) '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$' THEN
        RAISE EXCEPTION 'invalid number in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = pg_catalog.format('Line %s, column %s: %s is not a number.', $6, $5,
                            CASE WHEN v OPERATOR(pg_catalog.=) '' THEN 'the field is empty, which'
                                 ELSE pg_catalog.quote_literal(@extschema@.error_excerpt(v)) END),
            HINT = 'Load the file as published by CMS; its numbers are plain decimals such as 1.06.';
    END IF;
    -- a plain decimal longer than any CMS number: refused before the cast (a 1 MB one overflows numeric)
    IF pg_catalog.length(v) OPERATOR(pg_catalog.>) 40 THEN
        RAISE EXCEPTION 'number out of range in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = pg_catalog.format('Line %s, column %s: %s has more than 40 characters.', $6, $5,
                                       @extschema@.error_excerpt(v)),
            HINT = 'Load the file as published by CMS.';
    END IF;
    x := v::numeric;
    IF x OPERATOR(pg_catalog.<) 0 THEN
        RAISE EXCEPTION 'negative number in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = pg_catalog.format('Line %s, column %s: %s is negative.', $6, $5,
                                       @extschema@.error_excerpt(v)),
            HINT = 'RVUs, GPCIs and conversion factors are never negative; load the file as published by CMS.';
    END IF;
    IF $4 AND x OPERATOR(pg_catalog.=) 0 THEN
        RAISE EXCEPTION 'zero index in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = pg_catalog.format('Line %s, column %s: the value is 0.', $6, $5),
            HINT = 'GPCIs are above 0; load the file as published by CMS.';
    END IF;
    IF x OPERATOR(pg_catalog.<>) pg_catalog.round(x, $2) THEN
        RAISE EXCEPTION 'too many decimal places in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = pg_catalog.format('Line %s, column %s: %s has more than %s decimal places.', $6, $5,
                                       @extschema@.error_excerpt(v), $2),
            HINT = 'CMS prints RVUs with 2 decimals, GPCIs with 3 and conversion factors with 4; load the file as published.';
    END IF;
    IF x OPERATOR(pg_catalog.>) $3 THEN
        RAISE EXCEPTION 'number out of range in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = pg_catalog.format('Line %s, column %s: %s is above %s.', $6, $5,
                                       @extschema@.error_excerpt(v), $3),
            HINT = 'Load the file as published by CMS.';
    END IF;
    RETURN x;
END $$;

CREATE FUNCTION @extschema@.explain(
    member text, service_date text, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    locale text DEFAULT 'en-US')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- the date as the date input of the session reads it (DateStyle), then the date overload
DECLARE
    d date;
BEGIN
    BEGIN
        d := $2::date;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        RAISE EXCEPTION 'service_date is not a date' USING ERRCODE = 'invalid_datetime_format',
            DETAIL = pg_catalog.format('service_date %s cannot be read as a date.',
                                       pg_catalog.quote_literal(@extschema@.error_excerpt($2))),
            HINT = 'Write the date as YYYY-MM-DD, e.g. 2026-10-05, or pass a date value.';
    END;
    RETURN @extschema@.explain($1, d, $3, $4, $5, $6, $7);
END $$;
COMMENT ON FUNCTION @extschema@.explain(text, text, text, text, text, numeric, text) IS
    'costshare.explain(member, service_date, service_code, ...) with the date written as a literal or text (e.g. explain(''M-1'', ''2026-10-05'', ''90837'')): reads the date as the session''s date input does and explains as the overload taking a date.';
