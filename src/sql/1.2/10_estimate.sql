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

-- allowed_amount (1.1: PL/pgSQL with its own ORDER BY of the fee rows) is the estimate's own fee choice
-- in C: the engine ranks the rows (cs_fee_row_rank), so the function and the estimate cannot disagree
CREATE OR REPLACE FUNCTION @extschema@.allowed_amount(
    payer_id text, plan_id text, code text, modifier text, facility boolean,
    credential text, state text, mac text, locality text, service_date date,
    OUT amount numeric, OUT source text)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_allowed_amount'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.allowed_amount(text, text, text, text, boolean, text, text, text, text, date) IS
    'The allowed amount the fee schedule gives for these facts, as costshare.estimate chooses it: of the payer''s rows for the code valid on the date whose every stated column (plan, modifier, facility, credential, state) matches, the most specific (plan, then modifier, credential, facility, state); its amount (source fee_schedule), or its percent of Medicare''s fee at the MAC and locality (percent_of_medicare; amount NULL when the Medicare data is not loaded); NULL, NULL when no row applies or payer, code or date is NULL. The estimate''s further sources (Medicare''s own fee schedule for a Medicare plan, the remittance history) need the plan''s payer type and the provider: see costshare.estimate.';

CREATE OR REPLACE FUNCTION @extschema@.line_context(
    member_id text, service_date date, service_code text,
    provider_id text DEFAULT NULL, place_of_service text DEFAULT '11', modifier text DEFAULT NULL)
RETURNS @extschema@.line_context
AS 'MODULE_PATHNAME', 'costshare_line_context'
LANGUAGE C STABLE PARALLEL SAFE;

-- the context of a later payer (eligibility's second coverage): the same lookups for the coverage at a
-- COB position (no default: the six-argument form stays the only match for calls without it)
CREATE FUNCTION @extschema@.line_context(
    member_id text, service_date date, service_code text,
    provider_id text, place_of_service text, modifier text, cob_position integer)
RETURNS @extschema@.line_context
AS 'MODULE_PATHNAME', 'costshare_line_context_at'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.line_context(text, date, text, text, text, text, integer) IS
    'costshare.line_context for the member''s coverage at a COB position on the date (1: the primary, as the six-argument form; 2: the second payer); a position beyond the member''s coverages gives the context of no coverage. NULL provider, place of service and modifier as for the six-argument form; cob_position 1..16, NULL refused (22004).';

-- estimate itself in C: line_context's lookups and the engine's adjudication in one call, without the
-- PL/pgSQL frame and the composites passed between them (same columns, same values)
-- A new last argument, nsa_protected: lines the No Surprises Act protects (issue 10; domain.md §5).
--
-- A protected line (emergency services; a non-emergency out-of-network provider at an in-network
-- facility; air ambulance) gets in-network cost sharing on the recognized amount, credited to the
-- in-network accumulators, with no balance bill. Whether a line is protected is the caller's to say: a
-- new last argument nsa_protected (default false) of estimate, estimate_plan, log_estimate and the
-- as-of estimate. The rule is the engine's (src/engine/cs_nsa.c): with a provider out of network the
-- line takes the plan's in-network benefit row (its copay, coinsurance, deductible, bucket and
-- accumulators) and in-network terms (no balance bill); the network column still says out, and the
-- reasons add nsa_protected. The recognized amount is the lesser of billed (when given) and the
-- plan's in-network amount the estimate finds (fee schedule, percent of Medicare, remittance history),
-- which stands for the qualifying payment amount; an all-payer model amount and a state-law amount
-- are not modelled. A protected line with an in-network provider (or without a provider) is unchanged.
--
-- Every existing call keeps working: the 6-argument estimate is replaced by one with a defaulted 7th
-- argument (same C symbol, which reads PG_NARGS()). The as-of estimate's 7th argument is as_of
-- timestamptz: a 7th argument of known type (timestamptz or boolean) or a named one picks the function;
-- an untyped literal (NULL, 'infinity') in 7th position matches both and is refused as ambiguous —
-- write it typed or named (as_of => ...).
DROP FUNCTION @extschema@.estimate(text, date, text, text, text, numeric);
CREATE FUNCTION @extschema@.estimate(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    nsa_protected boolean DEFAULT false)
RETURNS @extschema@.estimate_result
AS 'MODULE_PATHNAME', 'costshare_estimate'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate(text, date, text, text, text, numeric, boolean) IS
    'What will the patient pay for this line? The plan design''s estimate (coverage, network, benefit, allowed amount, accumulators, the engine''s adjudication); when the member has a loaded 271 and no plan design states the line''s benefits, or costshare.benefit_source_policy prefers the 271 for the plan, the estimate priced from that 271 (costshare.estimate_271 shows its detail). benefit_source says which; patient_pays is what the patient owes. nsa_protected (default false): the line is protected by the No Surprises Act (emergency; non-emergency out-of-network provider at an in-network facility; air ambulance); with a provider out of network it is priced with the in-network benefit and accumulators on the recognized amount (the lesser of billed and the plan''s in-network amount; all-payer and state amounts are not modelled), with no balance bill; network stays out and reasons add nsa_protected. NULL is refused (22004).';

-- eligibility names every object with its schema, so it needs no search_path of its own; without the
-- SET clause a call skips saving and restoring the setting
ALTER FUNCTION @extschema@.eligibility(text, date, text, text, text) RESET search_path;
