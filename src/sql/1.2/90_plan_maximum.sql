-- 90_plan_maximum.sql — a plan-paid dollar maximum per benefit period and per lifetime (issue 10,
-- "Pricing rules we found missing"). A benefit may say the plan pays at most N for the category per
-- benefit period, and/or at most M over the member's lifetime in the plan. What the plan has already
-- paid comes from the ledger: plan_paid, a new optional column (post_835 records SVC03, the payer's
-- payment of the line; post_claim_line takes it as its last argument); a line without it (1.1-era rows,
-- lines posted without it) counts allowed - deductible - copay - coinsurance when its allowed amount is
-- recorded, else nothing, and the estimate then says plan_paid_unknown. The latest version of each line
-- counts, a reversed one nothing (as for the deductible). The engine (cs_apply_plan_max) caps the line's
-- plan payment at what is left of the lesser maximum; the excess is not covered (reason
-- plan_maximum_reached, CARC 119) and counts toward neither the deductible nor the out-of-pocket limit.
-- estimate_many runs the maximum down over a member's lines of the batch (costshare.plan_maximum, a
-- window aggregate). See doc/rules.md, "Plan-paid maximum".

-- ---- the benefit: the two maximums ----------------------------------------------------------------

ALTER TABLE @extschema@.benefit
    ADD COLUMN plan_max_period numeric
        CONSTRAINT benefit_plan_max_period_range
        CHECK (plan_max_period >= 0 AND plan_max_period <= 1000000000 AND plan_max_period = round(plan_max_period, 2)
               AND plan_max_period <> 'NaN'::numeric),
    ADD COLUMN plan_max_lifetime numeric
        CONSTRAINT benefit_plan_max_lifetime_range
        CHECK (plan_max_lifetime >= 0 AND plan_max_lifetime <= 1000000000 AND plan_max_lifetime = round(plan_max_lifetime, 2)
               AND plan_max_lifetime <> 'NaN'::numeric);
COMMENT ON COLUMN @extschema@.benefit.plan_max_period IS
    'The most the plan pays for this category per benefit period, in dollars (whole cents, 0 to 1000000000.00, never NaN); NULL: no such maximum. Counts what the plan paid on the member''s ledger lines of the plan and category (any network) dated in the period up to the date of service; the part of a line above what is left is not covered (reason plan_maximum_reached, CARC 119) and counts toward neither the deductible nor the out-of-pocket limit. The new benefit period starts it again (fourth-quarter carryover is the deductible''s only).';
COMMENT ON COLUMN @extschema@.benefit.plan_max_lifetime IS
    'The most the plan pays for this category over the member''s lifetime in the plan, in dollars (whole cents, 0 to 1000000000.00, never NaN); NULL: no such maximum. Counts what the plan paid on the member''s ledger lines of the plan and category (any network) dated up to the date of service, in every benefit period; applied with plan_max_period, the lesser of what is left of the two binds.';
COMMENT ON CONSTRAINT benefit_plan_max_period_range ON @extschema@.benefit IS
    'The range of plan_max_period: whole cents from 0 to 1000000000.00, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
COMMENT ON CONSTRAINT benefit_plan_max_lifetime_range ON @extschema@.benefit IS
    'The range of plan_max_lifetime: whole cents from 0 to 1000000000.00, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
DROP TRIGGER amount_check ON @extschema@.benefit;
CREATE TRIGGER amount_check BEFORE INSERT OR UPDATE ON @extschema@.benefit
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_amounts('money:copay', 'rate:coinsurance', 'count:copay_visits',
                                                           'count:visit_limit', 'money:telehealth_copay',
                                                           'money:plan_max_period', 'money:plan_max_lifetime');
COMMENT ON TRIGGER amount_check ON @extschema@.benefit IS
    'Refuses NaN, infinity, fractions of a cent and amounts, rates and counts out of range (costshare.check_amounts), naming the column and never a value of the row.';

-- ---- the ledger: what the plan paid on the line --------------------------------------------------------

-- a new nullable column: the append-only ledger's existing rows are not rewritten (NULL: not recorded)
ALTER TABLE @extschema@.accumulator_ledger ADD COLUMN plan_paid numeric
    CONSTRAINT accumulator_ledger_plan_paid_range
    CHECK (plan_paid >= 0 AND plan_paid <= 1000000000 AND plan_paid = round(plan_paid, 2) AND plan_paid <> 'NaN'::numeric);
COMMENT ON COLUMN @extschema@.accumulator_ledger.plan_paid IS
    'What the plan paid on the line, in dollars, when the poster knows it (post_835: the payer''s payment of the line, SVC03, or CLP04 for a claim without lines, when not negative; 0 for a reversal; post_claim_line: its plan_paid argument); NULL: not recorded, and the plan-paid maximums (costshare.benefit.plan_max_period, plan_max_lifetime) count allowed - deductible - copay - coinsurance for the line when allowed is recorded, else nothing (the estimate says plan_paid_unknown).';
COMMENT ON CONSTRAINT accumulator_ledger_plan_paid_range ON @extschema@.accumulator_ledger IS
    'The range of plan_paid: whole cents from 0 to 1000000000.00, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
DROP TRIGGER amount_check ON @extschema@.accumulator_ledger;
CREATE TRIGGER amount_check BEFORE INSERT OR UPDATE ON @extschema@.accumulator_ledger
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_amounts('money:deductible', 'money:copay',
                                                           'money:coinsurance', 'count:visits',
                                                           'money:cob_normal_benefit', 'money:cob_paid',
                                                           'money:allowed', 'money:plan_paid');
COMMENT ON TRIGGER amount_check ON @extschema@.accumulator_ledger IS
    'Refuses NaN, infinity, fractions of a cent and amounts, rates and counts out of range (costshare.check_amounts), naming the column and never a value of the row.';

-- ---- the estimate: what is left before the line ---------------------------------------------------------

ALTER TYPE @extschema@.line_context
    ADD ATTRIBUTE plan_max_period_left numeric,
    ADD ATTRIBUTE plan_max_lifetime_left numeric;
COMMENT ON COLUMN @extschema@.line_context.plan_max_period_left IS
    'What is left of the benefit''s plan-paid maximum of the benefit period before the line (costshare.benefit.plan_max_period minus what the plan paid on the member''s ledger lines of the plan and category in the period up to the date of service, at least 0), in dollars; NULL when the benefit has no such maximum.';
COMMENT ON COLUMN @extschema@.line_context.plan_max_lifetime_left IS
    'What is left of the benefit''s lifetime plan-paid maximum before the line (costshare.benefit.plan_max_lifetime minus what the plan paid on the member''s ledger lines of the plan and category up to the date of service, at least 0), in dollars; NULL when the benefit has no such maximum.';
-- costshare.eligibility reports what is left of the maximums (appended: 1.1 callers read by position)
ALTER TYPE @extschema@.eligibility_result
    ADD ATTRIBUTE plan_max_period_left numeric,
    ADD ATTRIBUTE plan_max_lifetime_left numeric,
    ADD ATTRIBUTE secondary_plan_max_period_left numeric,
    ADD ATTRIBUTE secondary_plan_max_lifetime_left numeric;
COMMENT ON COLUMN @extschema@.eligibility_result.plan_max_period_left IS
    'What is left of the primary benefit''s plan-paid maximum of the benefit period before the line (costshare.benefit.plan_max_period less what the plan paid on the member''s ledger lines of the plan and category in the period up to the date, at least 0; as costshare.line_context''s plan_max_period_left), in dollars; NULL when the benefit states no such maximum or when no benefit applies. A line priced from a 271 (benefit_source 271) is not capped by the plan design''s maximums: then what is left of the maximum of the period the 271 states (costshare.estimate_271''s plan_max_period_left), NULL when it states none.';
COMMENT ON COLUMN @extschema@.eligibility_result.plan_max_lifetime_left IS
    'What is left of the primary benefit''s lifetime plan-paid maximum before the line (costshare.benefit.plan_max_lifetime less what the plan paid on the member''s ledger lines of the plan and category up to the date, at least 0), in dollars; NULL as for plan_max_period_left (a line priced from a 271: the 271''s lifetime maximum, costshare.estimate_271''s plan_max_lifetime_left). The plan pays at most the lesser of the two (costshare.estimate''s plan_max_left).';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_plan_max_period_left IS
    'What is left of the second coverage''s own plan-paid maximum of its benefit period for the line''s category (its benefit''s plan_max_period less what it paid on the member''s ledger lines of that plan and category in its period up to the date, at least 0), in dollars; NULL when it states none, or there is no second coverage. It caps what the second coverage pays (costshare.coordinate).';
COMMENT ON COLUMN @extschema@.eligibility_result.secondary_plan_max_lifetime_left IS
    'What is left of the second coverage''s own lifetime plan-paid maximum for the line''s category (its benefit''s plan_max_lifetime less what it paid on the member''s ledger lines of that plan and category up to the date, at least 0), in dollars; NULL when it states none, or there is no second coverage.';
ALTER TYPE @extschema@.estimate_result ADD ATTRIBUTE plan_max_left numeric;
COMMENT ON COLUMN @extschema@.estimate_result.plan_max_left IS
    'What the plan could still pay for the category before this line: the lesser of what is left of the benefit''s period and lifetime plan-paid maximums (costshare.benefit.plan_max_period, plan_max_lifetime), in dollars; NULL when the benefit has neither. A line priced from a 271 is capped by the maximums the 271 states instead (costshare.estimate_271''s plan_max_period_left and plan_max_lifetime_left). When the line''s plan payment would exceed it, the plan pays plan_max_left, the rest is not covered (in not_covered and patient_pays; reason plan_maximum_reached, adjustment code 119).';

-- ---- estimate_many: the maximum run down over a member's lines of the batch -------------------------------

CREATE FUNCTION @extschema@.plan_maximum_step(internal, @extschema@.breakdown, daterange, numeric, numeric)
RETURNS internal
AS 'MODULE_PATHNAME', 'costshare_plan_maximum_step'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.plan_maximum_step(internal, @extschema@.breakdown, daterange, numeric, numeric) IS
    'Transition function of costshare.plan_maximum (internal).';
CREATE FUNCTION @extschema@.plan_maximum_final(internal)
RETURNS @extschema@.breakdown
AS 'MODULE_PATHNAME', 'costshare_plan_maximum_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.plan_maximum_final(internal) IS
    'Final function of costshare.plan_maximum: the latest line, capped (internal).';
CREATE AGGREGATE @extschema@.plan_maximum(line @extschema@.breakdown, period daterange, period_left numeric,
                                          lifetime_left numeric) (
    SFUNC = @extschema@.plan_maximum_step,
    STYPE = internal,
    FINALFUNC = @extschema@.plan_maximum_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.plan_maximum(@extschema@.breakdown, daterange, numeric, numeric) IS
    'The plan-paid maximum run down over one member''s lines of one plan and category, as a window function OVER (PARTITION BY member, plan, category ORDER BY service_date, line_id): each line (an adjudicated breakdown) is capped at what is left of period_left and lifetime_left (each NULL: no such maximum; what was left before the set, e.g. costshare.line_context''s plan_max_period_left and plan_max_lifetime_left) less what the plan pays on the earlier lines of the set (in the same benefit period for period_left, in any for lifetime_left); the excess is not covered (not_covered, patient_pays, adjustment code 119). Used by costshare.estimate_many.';

-- ---- estimate_many: a 271's member and family maximums run down together ---------------------------

CREATE FUNCTION @extschema@.plan_maximum_joint_step(internal, text, date, @extschema@.breakdown, daterange,
                                                    numeric, numeric, numeric, numeric, text, text[], integer[])
RETURNS internal
AS 'MODULE_PATHNAME', 'costshare_plan_maximum_joint_step'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.plan_maximum_joint_step(internal, text, date, @extschema@.breakdown, daterange,
                                                        numeric, numeric, numeric, numeric, text, text[], integer[]) IS
    'Transition function of costshare.plan_maximum_joint (internal).';
CREATE FUNCTION @extschema@.plan_maximum_joint_final(internal)
RETURNS @extschema@.breakdown
AS 'MODULE_PATHNAME', 'costshare_plan_maximum_joint_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.plan_maximum_joint_final(internal) IS
    'Final function of costshare.plan_maximum_joint: the latest line, capped (internal).';
CREATE AGGREGATE @extschema@.plan_maximum_joint(member_id text, service_date date, line @extschema@.breakdown,
                                                period daterange, period_left numeric, lifetime_left numeric,
                                                family_period_left numeric, family_lifetime_left numeric,
                                                category text, toward_categories text[], toward integer[]) (
    SFUNC = @extschema@.plan_maximum_joint_step,
    STYPE = internal,
    FINALFUNC = @extschema@.plan_maximum_joint_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.plan_maximum_joint(text, date, @extschema@.breakdown, daterange, numeric, numeric,
                                                    numeric, numeric, text, text[], integer[]) IS
    'A member''s and the family''s plan-paid maximums run down together over one family''s lines of one plan, as a window function OVER (PARTITION BY family, plan ORDER BY service_date, line_id): each line (an adjudicated breakdown; NULL: none, nothing paid) is capped at the least of what is left of its member''s period_left and lifetime_left and of the family''s family_period_left and family_lifetime_left (each NULL: no such maximum; what was left before the set, e.g. costshare.estimate_271''s plan_max_period_left, plan_max_lifetime_left, family_plan_max_period_left, family_plan_max_lifetime_left) less what the plan actually paid on the earlier lines of the set after every cap that count toward it (the member''s own (member_id) for the member''s maximums, any line of the partition for the family''s; for a period''s maximum only lines dated in the line''s benefit period, period; NULL: every earlier line). Which earlier lines count toward which maximum is the line''s own list: an earlier line of category c (category; NULL: none) counts toward the maximums whose bits the element of toward at the position of c in toward_categories sets (1 the member''s period maximum, 2 her lifetime maximum, 4 the family''s period maximum, 8 its lifetime maximum; a NULL element of toward_categories stands for lines of no category; a category not listed, or no category without a NULL element: none), as costshare.estimate_271''s plan_max_categories and plan_max_toward state it (the same maximum row of the 271 applies to both lines); toward_categories and toward both NULL: every earlier line counts toward every maximum. The excess is not covered (not_covered, patient_pays, adjustment code 119). member_id and service_date are required for a line (22004); an amount left that is NaN, negative or above 1,000,000,000.00 is refused (22003/22023); only one of toward_categories and toward, or a NULL element of toward (22004), arrays of different lengths or an element of toward outside 0 to 15 (22023), or a multi-dimensional array (2202E) are refused. For a set of lines priced from 271s (costshare.estimate_271 of each); costshare.estimate_many itself estimates a family''s 271 lines one after the other (costshare.estimate_271_after), which gives the same maximums and runs the deductible, out-of-pocket limit and visits down too.';

-- ---- the words and codes that now also mean the plan-paid maximum -------------------------------------

COMMENT ON COLUMN @extschema@.estimate_result.reasons IS
    'Machine-readable eligibility and pricing reasons (unknown_member, unknown_service_code, unknown_provider, no_active_coverage, dependent_age_limit, carved_out, no_benefit_data, not_covered, telehealth_not_covered, visit_limit_reached, prior_auth_required, out_of_network, no_fee_schedule, nsa_protected, plan_maximum_reached: the benefit''s plan-paid maximum (or for a line priced from a 271, the one the 271 states) cut the plan''s payment, plan_paid_unknown: a ledger line counted toward the maximum has neither plan_paid nor allowed recorded, cob_order_unverified: the COB order of the coverages rests on a subscriber''s unknown birth date (the birthday rule could not be applied), secondary_not_priced, secondary_plan_maximum_reached: what is left of the second coverage''s own plan-paid maximum cut its payment (the rest stays in patient_pays), third_payer_not_priced, third_payer_plan_maximum_reached: the same for the third coverage); empty when none; never NULL. Not adjustment codes (see adjustment_codes).';
COMMENT ON COLUMN @extschema@.estimate_result.adjustment_codes IS
    'X12 835 claim adjustment reason codes of the line (1 deductible, 2 coinsurance, 3 copay, 45 contractual, 96 not covered, 119 benefit maximum reached: the visit limit, or the benefit''s plan-paid maximum); NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.not_covered IS
    'Amount not covered (service not covered, visit limit, or what the plan would have paid above what is left of the benefit''s plan-paid maximum), in dollars; NULL when not priced.';
COMMENT ON COLUMN @extschema@.breakdown.adjustment_codes IS
    'The line''s X12 835 claim adjustment reason codes (CARC), in this order when they apply: 1 deductible, 2 coinsurance, 3 copay, 45 contractual write-off (billed above allowed in network), 96 not covered, 119 benefit maximum reached (the visit limit, or in an estimate the benefit''s plan-paid maximum). Empty array when none applies; never NULL. Named reasons before 1.2 (costshare.reasons(breakdown) still reads it, deprecated).';
COMMENT ON COLUMN @extschema@.breakdown.not_covered IS
    'Part of the allowed amount not covered (service not covered, visit limit reached, or in an estimate what the plan would have paid above what is left of the benefit''s plan-paid maximum), paid by the patient, in dollars; never NULL.';
