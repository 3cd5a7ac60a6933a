-- 81_estimate_sources.sql — where an estimate's terms came from (issue 11, "271 benefits that price"),
-- and what a second payer adds (issue 10, "the second payer").
-- costshare.estimate and costshare.eligibility price from the member's latest loaded 271 when no plan
-- design covers the line (or when costshare.benefit_source_policy prefers the 271); their results say
-- which source priced the line, the 271's interchange and as-of date, whether it is stale, and which
-- terms it leaves unstated. The attributes are added at the end, so that positional readers of 1.1's
-- columns read what they read before.

ALTER TYPE @extschema@.estimate_result
    ADD ATTRIBUTE benefit_source text,
    ADD ATTRIBUTE benefits_interchange text,
    ADD ATTRIBUTE benefits_as_of date,
    ADD ATTRIBUTE benefits_stale boolean,
    ADD ATTRIBUTE unknown_terms text[],
    ADD ATTRIBUTE secondary_plan_id text,
    ADD ATTRIBUTE secondary_payer_id text,
    ADD ATTRIBUTE cob_method text,
    ADD ATTRIBUTE primary_pays numeric,
    ADD ATTRIBUTE secondary_pays numeric;
COMMENT ON COLUMN @extschema@.estimate_result.secondary_plan_id IS
    'The member''s second coverage on the date in COB order (costshare.cob_key), which pays after the primary; NULL when there is none.';
COMMENT ON COLUMN @extschema@.estimate_result.secondary_payer_id IS
    'The payer of secondary_plan_id.';
COMMENT ON COLUMN @extschema@.estimate_result.cob_method IS
    'How the second coverage coordinated the line (costshare.coordinate): its plan''s cob_method, else by payer type (medicare_secondary, medicaid, standard); NULL when no second coverage priced it (reason secondary_not_priced when one exists but cannot be priced).';
COMMENT ON COLUMN @extschema@.estimate_result.primary_pays IS
    'What the primary plan pays for the line (the same as plan_pays); NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.secondary_pays IS
    'What the second coverage pays after the primary (costshare.coordinate with the secondary''s own terms, accumulators and allowable; under the standard method with the member''s benefit reserve with that plan on record for the benefit period; at most what is left of that plan''s own plan-paid maximums for the category, reason secondary_plan_maximum_reached when they cut it); NULL when there is none or it cannot be priced. patient_pays is then what the patient owes after every payer; copay, deductible and coinsurance stay the primary''s.';
COMMENT ON COLUMN @extschema@.estimate_result.benefit_source IS
    'Where the terms came from: plan (the plan design states the line''s benefits), 271 (the member''s latest loaded 271 priced the line: no plan design covers it, or costshare.benefit_source_policy prefers the 271), NULL (neither states the line''s benefits).';
COMMENT ON COLUMN @extschema@.estimate_result.benefits_interchange IS
    'benefit_source 271: the ISA13 control number of the 271 the terms came from; else NULL.';
COMMENT ON COLUMN @extschema@.estimate_result.benefits_as_of IS
    'benefit_source 271: the as-of date of that 271 (its DTP*291/BHT date, or the load''s as_of); else NULL.';
COMMENT ON COLUMN @extschema@.estimate_result.benefits_stale IS
    'benefit_source 271: the 271 is older than costshare.stale_271_days (default 30) on the service date; else NULL.';
COMMENT ON COLUMN @extschema@.estimate_result.unknown_terms IS
    'benefit_source 271: the terms the 271 leaves unstated (copay, coinsurance, deductible, out_of_pocket, visit_limit) — unknown, not zero: the estimate applies none of them; else NULL.';

ALTER TYPE @extschema@.eligibility_result
    ADD ATTRIBUTE benefit_source text,
    ADD ATTRIBUTE benefits_interchange text,
    ADD ATTRIBUTE benefits_as_of date,
    ADD ATTRIBUTE benefits_stale boolean,
    ADD ATTRIBUTE unknown_terms text[];
COMMENT ON COLUMN @extschema@.eligibility_result.benefit_source IS
    'Where the answer came from: plan (the plan design), 271 (the member''s latest loaded 271: no plan design covers the line, or costshare.benefit_source_policy prefers the 271), NULL (neither).';
COMMENT ON COLUMN @extschema@.eligibility_result.benefits_interchange IS
    'benefit_source 271: the ISA13 control number of that 271; else NULL.';
COMMENT ON COLUMN @extschema@.eligibility_result.benefits_as_of IS
    'benefit_source 271: the as-of date of that 271; else NULL.';
COMMENT ON COLUMN @extschema@.eligibility_result.benefits_stale IS
    'benefit_source 271: the 271 is older than costshare.stale_271_days (default 30) on the service date; else NULL.';
COMMENT ON COLUMN @extschema@.eligibility_result.unknown_terms IS
    'benefit_source 271: the terms the 271 leaves unstated — a NULL remaining amount is then unknown, not unlimited; else NULL.';

-- the second payer (issue 10): a dual-covered member's other coverage on the date, as the estimate
-- coordinates it (costshare.line_context at COB position 2)
ALTER TYPE @extschema@.eligibility_result
    ADD ATTRIBUTE secondary_plan_id text,
    ADD ATTRIBUTE secondary_payer_id text,
    ADD ATTRIBUTE secondary_status text,
    ADD ATTRIBUTE secondary_reasons text[],
    ADD ATTRIBUTE secondary_ded_remaining numeric,
    ADD ATTRIBUTE secondary_oop_remaining numeric,
    ADD ATTRIBUTE secondary_visits_remaining integer;
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_plan_id IS
    'The plan of the member''s coverage at COB position 2 on the date (the second payer the estimate coordinates); NULL with one coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_payer_id IS
    'The payer of that second coverage; NULL with one coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_status IS
    'Whether the second coverage covers the line, as status says of the primary (eligible, not_eligible, auth_required, carved_out, limit_reached, unknown); NULL with one coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_reasons IS
    'Why, for the second coverage (as reasons for the primary); NULL with one coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_ded_remaining IS
    'What is left of the second coverage''s deductible (from its plan design); NULL with one coverage or no benefit for the line.';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_oop_remaining IS
    'What is left of the second coverage''s out-of-pocket limit (NULL: unlimited, one coverage or no benefit for the line).';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_visits_remaining IS
    'Visits left under the second coverage''s visit limit (NULL: unlimited, one coverage or no benefit for the line).';

-- Which source prices a line when both exist. Made here, before the history (84_asof.sql), which keeps
-- its rows like the plan tables'; the C estimate reads it through the plan-data cache.
CREATE TABLE @extschema@.benefit_source_policy (
    payer_id   text NOT NULL REFERENCES @extschema@.payer,
    plan_id    text REFERENCES @extschema@.plan,   -- NULL: every plan of the payer
    prefer_271 boolean NOT NULL,
    UNIQUE NULLS NOT DISTINCT (payer_id, plan_id)
);
COMMENT ON TABLE @extschema@.benefit_source_policy IS
    'When both a plan design and a loaded 271 cover a line, which one prices it: per plan, else per payer (plan_id NULL), else the plan design.';
COMMENT ON COLUMN @extschema@.benefit_source_policy.payer_id IS 'The payer.';
COMMENT ON COLUMN @extschema@.benefit_source_policy.plan_id IS 'The plan; NULL for every plan of the payer (a plan''s own row wins).';
COMMENT ON COLUMN @extschema@.benefit_source_policy.prefer_271 IS 'true: the 271''s benefits price the line even where a plan design covers it; false: the plan design.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.benefit_source_policy', '');
CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.benefit_source_policy
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.error_guard();
ALTER TABLE @extschema@.benefit_source_policy ENABLE ALWAYS TRIGGER error_guard;
COMMENT ON TRIGGER error_guard ON @extschema@.benefit_source_policy IS
    'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.';
-- the C estimate reads the policy through the plan-data cache: a write renumbers the plan data
CREATE TRIGGER plan_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.benefit_source_policy
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.plan_data_changed();
ALTER TABLE @extschema@.benefit_source_policy ENABLE ALWAYS TRIGGER plan_data_changed;
GRANT SELECT ON @extschema@.benefit_source_policy TO costshare_estimator, costshare_loader;
