-- 91_third_payer.sql — a third payer (issue 10, "the second payer", continued).
-- For a member with three coverages on the date, the coverage at COB position 3 coordinates after the
-- second: the line it sees is the primary's with both payments together and the patient's remainder
-- after the second payer (the engine's cs_cob_prior_next), priced by the third plan's own context and
-- method (costshare.coordinate; src/glue/lookup.c coordinate_payer). The attributes are added at the
-- end, so that positional readers of the earlier columns read what they read before.

ALTER TYPE @extschema@.estimate_result
    ADD ATTRIBUTE third_plan_id text,
    ADD ATTRIBUTE third_payer_id text,
    ADD ATTRIBUTE third_cob_method text,
    ADD ATTRIBUTE third_pays numeric;
COMMENT ON COLUMN @extschema@.estimate_result.third_plan_id IS
    'The member''s third coverage on the date in COB order (costshare.cob_key), which pays after the first two (when the second priced the line); NULL when there is none or the second could not price the line.';
COMMENT ON COLUMN @extschema@.estimate_result.third_payer_id IS
    'The payer of third_plan_id.';
COMMENT ON COLUMN @extschema@.estimate_result.third_cob_method IS
    'How the third coverage coordinated the line (costshare.coordinate, after the primary and the second payer together): its plan''s cob_method, else by payer type (medicare_secondary, medicaid, standard); NULL when no third coverage priced it (reason third_payer_not_priced when one exists but it or the second cannot price the line).';
COMMENT ON COLUMN @extschema@.estimate_result.third_pays IS
    'What the third coverage pays after the first two (costshare.coordinate with its own terms, accumulators, allowable and what is left of its own plan-paid maximums, reason third_payer_plan_maximum_reached when they cut it; the earlier payment is both payers'' together, what the patient owed is what was left after the second); NULL when there is none or it cannot be priced. patient_pays is then what the patient owes after all three (a fourth coverage is not coordinated: reason fourth_payer_not_priced).';

CREATE FUNCTION @extschema@.coordinate_third(
    member text, service_date date, service_code text, provider text, place_of_service text, billed numeric,
    "primary" @extschema@.breakdown, second @extschema@.coordination,
    carried_reserve numeric DEFAULT NULL, carried_date date DEFAULT NULL,
    batch_dates date[] DEFAULT NULL, batch_categories text[] DEFAULT NULL, batch_paid numeric[] DEFAULT NULL,
    earlier @extschema@.batch_271_line[] DEFAULT NULL)
RETURNS @extschema@.coordination
AS 'MODULE_PATHNAME', 'costshare_coordinate_third'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.coordinate_third(text, date, text, text, text, numeric, @extschema@.breakdown, @extschema@.coordination, numeric, date, date[], text[], numeric[], @extschema@.batch_271_line[]) IS
    'What the member''s coverage at COB position 3 on the date pays after the given primary line and the second payer''s coordination of it (costshare.coordinate_second), as costshare.estimate coordinates it: the earlier payment is both payers'' together, what the patient owed is what the second left (a write-off by the second is no longer collectable); that coverage''s own benefit, terms, accumulators, allowable and method (under the standard method, the member''s benefit reserve with that plan on record; at most what is left of that plan''s own plan-paid maximums on its ledger). carried_reserve, carried_date, batch_dates, batch_categories, batch_paid, earlier: as for costshare.coordinate_second, of the earlier lines of the batch coordinated by the same third plan (earlier: the family''s). NULL when primary or second is NULL, or the member has no third coverage or it cannot price the line. For a caller that coordinates a set of lines itself (costshare.estimate_many counts earlier lines through costshare.estimate_after); same rights as the estimate.';
