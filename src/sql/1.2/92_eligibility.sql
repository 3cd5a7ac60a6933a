-- 92_eligibility.sql — costshare.eligibility in C (issue 10: "estimate, estimate_many, line_context,
-- eligibility ... share this one path"). Until here it was PL/pgSQL (1.1, then 87_271_pricing.sql)
-- composing costshare.line_context, costshare.source_policy_prefers_271, costshare.estimate_271 and
-- costshare.remaining; now src/glue/lookup.c makes the same answer from the same internal calls as the
-- C estimate: the line context of the coverage at COB position 1 (and 2, with two coverages or more),
-- the estimate's 271 path (the source policy read by the estimate's reading, the C pricing from the 271
-- over the plan design's estimate, which decides) and the engine's remaining amounts (cs_remaining). Which
-- columns a 271's answer fills, and when it is taken, is the engine's (cs_elig_answer_of).
--
-- Same signature, defaults, labels and COMMENT; EXECUTE as before (PUBLIC: the rights are checked on
-- every table read, as the estimate checks them; costshare_estimator needs no SELECT). A C function
-- runs no SQL of its own, so it needs no pinned search_path (the SET clause the PL/pgSQL body had is
-- dropped with it). The result type's columns are checked against the catalog by name and type when a
-- call site is first used.
CREATE OR REPLACE FUNCTION @extschema@.eligibility(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11')
RETURNS @extschema@.eligibility_result
AS 'MODULE_PATHNAME', 'costshare_eligibility'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eligibility(text, date, text, text, text) IS
    'Is the member covered for this service on this date with this provider and place of service? Status, reasons, plan, network, COB position and remaining deductible / OOP / visits — from the plan design, or from the member''s latest loaded 271 when no plan design states the line''s benefits (or costshare.benefit_source_policy prefers the 271): benefit_source says which; from a 271, a NULL remaining amount listed in unknown_terms is unknown, not unlimited, enrollment_id is NULL and carve_out_admin is the entity the 271 names for a carve-out. With a second coverage on the date, the secondary_* columns say what it is and what it says of the line (its plan design).';

-- the family's 271 plan-paid maximums (appended: callers read by position)
ALTER TYPE @extschema@.eligibility_result
    ADD ATTRIBUTE family_plan_max_period_left numeric,
    ADD ATTRIBUTE family_plan_max_lifetime_left numeric;
COMMENT ON COLUMN @extschema@.eligibility_result.family_plan_max_period_left IS
    'A line priced from a 271 (benefit_source 271) whose 271 states a family plan-paid maximum of the period for the category (EB01 F, EB02 FAM): what is left of it before the line, less what the plan paid on the family''s ledger lines on the plan since the 271 was loaded (costshare.estimate_271''s family_plan_max_period_left), in dollars; else NULL. The plan pays at most the lesser of this, family_plan_max_lifetime_left, plan_max_period_left and plan_max_lifetime_left.';
COMMENT ON COLUMN @extschema@.eligibility_result.family_plan_max_lifetime_left IS
    'A line priced from a 271 whose 271 states a family lifetime plan-paid maximum for the category (EB02 FAM, EB06 32 or 33): what is left of it before the line (costshare.estimate_271''s family_plan_max_lifetime_left), in dollars; else NULL.';
