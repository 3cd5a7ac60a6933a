-- ===================================================================================================
-- The estimate's lookups in C (same signatures, same results)
-- ===================================================================================================
-- In 1.1 line_context and accumulators were PL/pgSQL, about twenty statements per estimate; the
-- executor's start and stop of each statement cost more than its index probe. They are now C functions
-- (src/glue/lookup.c) probing the same indexes under the statement's snapshot, with the caller's
-- SELECT privilege checked per table as a query would. The rules stay where they were: COB order,
-- eligibility status, terms validation and the benefit period are the engine's.

-- network participation is probed by provider and plan (the exclusion constraint's GiST index also
-- covers them, but a btree probe is cheaper and gives the same rows)
CREATE INDEX network_participation_lookup ON @extschema@.network_participation (provider_id, plan_id);

CREATE OR REPLACE FUNCTION @extschema@.accumulators(
    member_id text, family_id text, plan_id text, bucket text, category text,
    period daterange, service_date date)
RETURNS @extschema@.accum
AS 'MODULE_PATHNAME', 'costshare_accumulators'
LANGUAGE C STABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.line_context(
    member_id text, service_date date, service_code text,
    provider_id text DEFAULT NULL, place_of_service text DEFAULT '11', modifier text DEFAULT NULL)
RETURNS @extschema@.line_context
AS 'MODULE_PATHNAME', 'costshare_line_context'
LANGUAGE C STABLE PARALLEL SAFE;

-- estimate itself in C: line_context's lookups and the engine's adjudication in one call, without the
-- PL/pgSQL frame and the composites passed between them (same columns, same values)
CREATE OR REPLACE FUNCTION @extschema@.estimate(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL)
RETURNS @extschema@.estimate_result
AS 'MODULE_PATHNAME', 'costshare_estimate'
LANGUAGE C STABLE PARALLEL SAFE;

-- eligibility names every object with its schema, so it needs no search_path of its own; without the
-- SET clause a call skips saving and restoring the setting
ALTER FUNCTION @extschema@.eligibility(text, date, text, text, text) RESET search_path;
