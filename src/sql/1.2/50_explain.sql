-- 50_explain.sql: patient-facing explanations of an estimate or a line, in the patient's language.
-- The sentences are ICU MessageFormat patterns in msg/<language>.txt, compiled into the module; which
-- sentences a line gets and the locale fallback are rules of the engine (src/engine/cs_explain.c).
-- Labels: the functions read no table but their text depends on the ICU library's locale data (CLDR
-- number conventions, plural rules), which changes with ICU upgrades: STABLE, never IMMUTABLE, so that
-- no index or stored generated column can hold a text that a library upgrade would change.

CREATE FUNCTION @extschema@.explain_locale(locale text)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_explain_locale'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.explain_locale(text) IS
    'The locale costshare.explain uses for a requested locale (BCP 47, e.g. es-MX; es_MX is accepted): the requested language when it has a message catalog (en, es), with the region''s number conventions when ICU has them, else the catalog''s default (en-US, es); every other language, an unreadable tag, NULL or '''' give en-US.';

CREATE FUNCTION @extschema@.explain(estimate @extschema@.estimate_result, locale text DEFAULT 'en-US',
                                   terms @extschema@.terms DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_explain_estimate'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.explain(@extschema@.estimate_result, text, @extschema@.terms) IS
    'A short patient-facing text saying what the patient pays for an estimate and why (copay, deductible, coinsurance, out-of-pocket maximum, balance bill, visits, not covered, prior authorization, or why it could not be priced), in the locale (see costshare.explain_locale). With the benefit''s terms it also names the deductible and what is left of it, the coinsurance rate and the visits left; costshare.explain(member, ...) passes them. NULL estimate gives NULL.';

CREATE FUNCTION @extschema@.explain(line @extschema@.breakdown, locale text DEFAULT 'en-US',
                                   terms @extschema@.terms DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_explain_line'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.explain(@extschema@.breakdown, text, @extschema@.terms) IS
    'A short patient-facing text explaining one adjudicated line (a result of costshare.adjudicate or costshare.accumulate) in the locale (see costshare.explain_locale); pass the terms the line was adjudicated with to name the deductible, the rate and the visits left. NULL line gives NULL.';

CREATE FUNCTION @extschema@.explain(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    locale text DEFAULT 'en-US')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- the estimate as costshare.estimate() gives it, explained with the terms line_context found for it
BEGIN
    RETURN @extschema@.explain(@extschema@.estimate($1, $2, $3, $4, $5, $6), $7,
                               (@extschema@.line_context($1, $2, $3, $4, $5)).terms);
END $$;
COMMENT ON FUNCTION @extschema@.explain(text, date, text, text, text, numeric, text) IS
    'Estimates a visit (as costshare.estimate) and explains it to the patient in the locale, naming the deductible and what is left of it, the coinsurance rate and the visits left from the benefit''s terms.';
