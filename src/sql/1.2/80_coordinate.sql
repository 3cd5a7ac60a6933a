-- ===================================================================================================
-- Coordination of benefits: what a later payer pays on a line after an earlier payer (domain.md §6)
--
-- The rules are the engine's (src/engine/cs_cob.c); costshare.coordinate is its thin glue
-- (src/glue/cob.c) and needs no table, so any caller can coordinate a line it priced elsewhere.
-- ===================================================================================================

CREATE TYPE @extschema@.coordination AS (
    method           text,
    allowed          numeric,
    primary_paid     numeric,
    normal_benefit   numeric,
    secondary_pays   numeric,
    patient_pays     numeric,
    written_off      numeric,
    reserve_used     numeric,
    reserve_after    numeric,
    adjustment_codes text[],
    acc_after        @extschema@.accum,
    plan_max_excess  numeric,
    normal_deductible  numeric,
    normal_copay       numeric,
    normal_coinsurance numeric
);
COMMENT ON TYPE @extschema@.coordination IS
    'One line coordinated by a later payer (costshare.coordinate): what it pays, what the patient owes after both payers, the benefit reserve and the later payer''s accumulators.';
COMMENT ON COLUMN @extschema@.coordination.method IS
    'The coordination method applied: standard, non_duplication, carve_out, maintenance_of_benefits, medicare_secondary or medicaid.';
COMMENT ON COLUMN @extschema@.coordination.allowed IS
    'The later payer''s allowable (dollars): the allowed argument, or the primary''s allowed amount when that is NULL.';
COMMENT ON COLUMN @extschema@.coordination.primary_paid IS
    'What the earlier payer paid on the line (its plan_pays, dollars).';
COMMENT ON COLUMN @extschema@.coordination.normal_benefit IS
    'What the later payer would pay as primary: its own full adjudication of the line, at most what is left of its own plan-paid maximum (dollars).';
COMMENT ON COLUMN @extschema@.coordination.secondary_pays IS
    'What the later payer pays (dollars): between 0 and what the patient owed after the earlier payer.';
COMMENT ON COLUMN @extschema@.coordination.patient_pays IS
    'What the patient owes after both payers (dollars); patient_pays + secondary_pays + written_off = the primary line''s patient_pays.';
COMMENT ON COLUMN @extschema@.coordination.written_off IS
    'What the provider may not collect (dollars): under medicaid, the Medicare cost sharing Medicaid does not pay (QMB and full-benefit duals owe none of it); 0 for the other methods.';
COMMENT ON COLUMN @extschema@.coordination.reserve_used IS
    'Benefit reserve spent on this line (dollars; standard method only, else 0).';
COMMENT ON COLUMN @extschema@.coordination.reserve_after IS
    'Benefit reserve left for later lines of the same benefit period (dollars): the reserve given, less what was used, plus normal_benefit - secondary_pays when that is positive (standard method; the other methods return the reserve unchanged).';
COMMENT ON COLUMN @extschema@.coordination.adjustment_codes IS
    '835 claim adjustment reason codes of the later payer''s line: 23 (impact of prior payer adjudication) when the earlier payer paid, then the codes of its own adjudication (1 deductible, 2 coinsurance, 3 copay, 45, 96, 119).';
COMMENT ON COLUMN @extschema@.coordination.acc_after IS
    'The later payer''s accumulators after the line: it credits its deductible and out-of-pocket with what it would have credited as primary (the NAIC model''s rule; Medicare likewise).';
COMMENT ON COLUMN @extschema@.coordination.normal_deductible IS
    'The deductible of the later payer''s own adjudication of the line as primary (dollars): what it credits to its deductible (acc_after) and what a posting of its line records; costshare.estimate_many carries it to the family''s later lines of the plan.';
COMMENT ON COLUMN @extschema@.coordination.normal_copay IS
    'The copay of the later payer''s own adjudication of the line as primary (dollars), credited to its out-of-pocket as normal_deductible is.';
COMMENT ON COLUMN @extschema@.coordination.normal_coinsurance IS
    'The coinsurance of the later payer''s own adjudication of the line as primary (dollars), credited to its out-of-pocket (and coinsurance limit) as normal_deductible is.';
COMMENT ON COLUMN @extschema@.coordination.plan_max_excess IS
    'What the later payer would have paid on the line above what is left of its own plan-paid maximum (costshare.coordinate''s plan_max_period_left, plan_max_lifetime_left), in dollars; 0 when it has no maximum or the payment fits. It is not paid: it stays in patient_pays (under medicaid, in written_off), and adjustment_codes then has 119.';

CREATE FUNCTION @extschema@.coordinate(
    "primary" @extschema@.breakdown, terms @extschema@.terms, acc @extschema@.accum DEFAULT NULL,
    method text DEFAULT 'standard', allowed numeric DEFAULT NULL, billed numeric DEFAULT NULL,
    reserve numeric DEFAULT 0, plan_max_period_left numeric DEFAULT NULL, plan_max_lifetime_left numeric DEFAULT NULL)
RETURNS @extschema@.coordination
AS 'MODULE_PATHNAME', 'costshare_coordinate'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.coordinate(@extschema@.breakdown, @extschema@.terms, @extschema@.accum, text, numeric, numeric, numeric, numeric, numeric) IS
    'Coordinates one line after an earlier payer: the later plan''s terms and accumulators, its method (standard with a benefit reserve, non_duplication, carve_out, maintenance_of_benefits, medicare_secondary per 42 CFR 411.33, medicaid as payer of last resort), its allowable (default: the primary''s), the charge, the reserve left in the period, and what is left of the later plan''s own plan-paid maximums for the category (period and lifetime, e.g. costshare.line_context(..., 2)''s plan_max_period_left and plan_max_lifetime_left; NULL: no such maximum): its normal benefit and its payment are at most the lesser of them, the excess stays with the patient (plan_max_excess, code 119).';

-- the method a plan coordinates by when it pays second; NULL: by plan type (medicare ->
-- medicare_secondary, medicaid -> medicaid, any other -> standard)
ALTER TABLE @extschema@.plan ADD COLUMN cob_method text
    CHECK (cob_method IN ('standard', 'non_duplication', 'carve_out', 'maintenance_of_benefits',
                          'medicare_secondary', 'medicaid'));
COMMENT ON COLUMN @extschema@.plan.cob_method IS
    'How this plan pays when it is not primary (costshare.coordinate''s method); NULL: by plan type -- medicare_secondary for Medicare, medicaid for Medicaid, standard otherwise.';

-- ---- a batch's earlier lines, as the ledger lines posting them would record (sessions 13, 14) ----------------
CREATE TYPE @extschema@.batch_271_line AS (
    member_id    text,
    family_id    text,
    plan_id      text,
    payer_id     text,
    category     text,
    service_date date,
    deductible   numeric,
    copay        numeric,
    coinsurance  numeric,
    visits       integer,
    allowed      numeric,
    plan_paid    numeric,
    bucket       text,
    cob_normal_benefit numeric,
    cob_paid     numeric
);
COMMENT ON TYPE @extschema@.batch_271_line IS 'A line of a costshare.estimate_many call, as the ledger line posting it would record it (one per payer that priced it: the primary''s line, each later payer''s own adjudication with what it paid): costshare.estimate_after counts the earlier lines of a call as posted lines, and so do costshare.estimate_271_after (a family''s lines priced from a 271) and costshare.coordinate_second / coordinate_third (a family''s lines of the later payer''s plan).';
COMMENT ON COLUMN @extschema@.batch_271_line.member_id IS 'Whose line it is.';
COMMENT ON COLUMN @extschema@.batch_271_line.family_id IS 'The family of the member''s enrollment with the plan (estimate_271_result.family_id; for a later payer, line_context''s family_id at its COB position). A later payer counts a line only of its own family and plan.';
COMMENT ON COLUMN @extschema@.batch_271_line.plan_id IS 'The plan the line was priced under.';
COMMENT ON COLUMN @extschema@.batch_271_line.payer_id IS 'The plan''s payer (the 271''s payer for a 271 line).';
COMMENT ON COLUMN @extschema@.batch_271_line.category IS 'The line''s benefit category (NULL: none).';
COMMENT ON COLUMN @extschema@.batch_271_line.service_date IS 'The date of service.';
COMMENT ON COLUMN @extschema@.batch_271_line.deductible IS 'The deductible the line applied, in dollars (NULL: unknown): what the patient paid toward it; for a later payer, its own adjudication''s (coordination.normal_deductible), what it credits.';
COMMENT ON COLUMN @extschema@.batch_271_line.copay IS 'The copay, in dollars (NULL: unknown).';
COMMENT ON COLUMN @extschema@.batch_271_line.coinsurance IS 'The coinsurance, in dollars (NULL: unknown).';
COMMENT ON COLUMN @extschema@.batch_271_line.visits IS 'The visits the line counts (1 for a visit).';
COMMENT ON COLUMN @extschema@.batch_271_line.allowed IS 'The allowed amount, in dollars.';
COMMENT ON COLUMN @extschema@.batch_271_line.plan_paid IS 'What the plan pays on the line, after every cap, in dollars (a later payer: what it pays after the earlier payers, its secondary_pays).';
COMMENT ON COLUMN @extschema@.batch_271_line.cob_normal_benefit IS 'A later payer''s line: what it would have paid as primary (coordination.normal_benefit), as accumulator_ledger.cob_normal_benefit records it for its benefit reserve; NULL otherwise (then cob_paid is NULL too).';
COMMENT ON COLUMN @extschema@.batch_271_line.cob_paid IS 'A later payer''s line: what it paid (accumulator_ledger.cob_paid); with cob_normal_benefit it counts toward the member''s benefit reserve with the plan as a posted line does.';
COMMENT ON COLUMN @extschema@.batch_271_line.bucket IS 'The accumulator bucket the line credits (line_context''s bucket): required by costshare.coordinate_second and costshare.coordinate_third, which count it toward the buckets the plan credits from it; costshare.estimate_271_after does not read it (the 271''s figures are per network).';

CREATE FUNCTION @extschema@.coordinate_second(
    member text, service_date date, service_code text, provider text, place_of_service text, billed numeric,
    "primary" @extschema@.breakdown, carried_reserve numeric DEFAULT NULL, carried_date date DEFAULT NULL,
    batch_dates date[] DEFAULT NULL, batch_categories text[] DEFAULT NULL, batch_paid numeric[] DEFAULT NULL,
    earlier @extschema@.batch_271_line[] DEFAULT NULL)
RETURNS @extschema@.coordination
AS 'MODULE_PATHNAME', 'costshare_coordinate_second'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.coordinate_second(text, date, text, text, text, numeric, @extschema@.breakdown, numeric, date, date[], text[], numeric[], @extschema@.batch_271_line[]) IS
    'What the member''s coverage at COB position 2 on the date pays after the given primary line, as costshare.estimate coordinates it (that coverage''s own benefit, terms, accumulators and allowable; its plan''s cob_method, else by payer type; under the standard method the member''s benefit reserve with the plan on record for the period up to the date); NULL when the member has no second coverage or it cannot price the line. carried_reserve and carried_date (together): the reserve_after of the member''s previous line coordinated by the same plan in the same batch and its date of service, used instead of the record when that date is in this line''s benefit period of the plan and not after this line''s date. The plan''s own plan-paid maximums (its benefit''s plan_max_period, plan_max_lifetime) cap what it pays at what is left on its own ledger (reason secondary_plan_maximum_reached in costshare.estimate); batch_dates, batch_categories and batch_paid (together, one element per line): the member''s earlier lines of the batch coordinated by the same plan, whose payments of the same category count toward the maximums as well (in this line''s benefit period for the period one). Either group given in part (some NULL, some not) is refused (22004). earlier: the family''s earlier lines of the batch with that coverage''s plan (its own adjudication of each and what it paid, costshare.batch_271_line with bucket), counted in its accumulators and plan-paid maximums as lines posted after every snapshot; it carries the payments, so batch_paid must then be NULL (22023). For a caller that coordinates a set of lines itself (costshare.estimate_many counts earlier lines through costshare.estimate_after); same rights as the estimate.';
