-- 70_api_comments.sql: a comment on every column of every costshare table and every attribute of
-- every costshare composite type: what it means, its unit, and when it is NULL (issue 13). Clients read
-- them with pg_catalog.col_description(relid or typrelid, attnum); sql/api_comments.sql fails when a
-- column or attribute has none, so a new one must come with its comment. Columns commented where they
-- were created (medicare_*, seed) are not repeated; breakdown.adjustment_codes is commented in
-- 71_api.sql, where it gets that name.

-- terms
COMMENT ON COLUMN @extschema@.terms.copay IS
    'Copay per line (or per day, see copay_per), in dollars; NULL: no copay.';
COMMENT ON COLUMN @extschema@.terms.coinsurance IS
    'The patient''s share after the deductible, a fraction 0..1 (0.2 = 20%), at most six decimals; NULL counts as 0.';
COMMENT ON COLUMN @extschema@.terms.deductible_applies IS
    'Whether the line goes to the deductible first; NULL counts as true.';
COMMENT ON COLUMN @extschema@.terms.copay_after_deductible IS
    'Whether the copay applies only once the deductible is met (HSA high-deductible plans); NULL counts as false.';
COMMENT ON COLUMN @extschema@.terms.covered IS
    'Whether the service is covered at all; false makes the whole allowed amount not_covered. NULL counts as true.';
COMMENT ON COLUMN @extschema@.terms.ded_individual IS
    'Individual deductible of the benefit period, in dollars; NULL: no individual deductible.';
COMMENT ON COLUMN @extschema@.terms.ded_family IS
    'Family deductible of the benefit period, in dollars; NULL: no family deductible.';
COMMENT ON COLUMN @extschema@.terms.family_deductible IS
    'How the family deductible works: embedded (each member''s own deductible or the family''s, whichever is met first), aggregate (only the family total counts) or n_of_m (met when family_ded_members members met theirs). NULL counts as embedded.';
COMMENT ON COLUMN @extschema@.terms.oop_individual IS
    'Individual out-of-pocket maximum of the benefit period, in dollars; NULL: unlimited.';
COMMENT ON COLUMN @extschema@.terms.oop_family IS
    'Family out-of-pocket maximum of the benefit period, in dollars; NULL: unlimited.';
COMMENT ON COLUMN @extschema@.terms.family_coverage IS
    'Whether the member has family coverage (family deductible and maximum apply); NULL counts as false.';
COMMENT ON COLUMN @extschema@.terms.visit_limit IS
    'Visits covered per benefit period in this category; lines past it are not covered (CARC 119). NULL: unlimited.';
COMMENT ON COLUMN @extschema@.terms.network IS
    'in or out (of network): out-of-network lines may be balance billed. NULL counts as in.';
COMMENT ON COLUMN @extschema@.terms.rounding IS
    'How coinsurance is rounded to the cent: half_up, half_even or truncate. NULL counts as half_up.';
COMMENT ON COLUMN @extschema@.terms.period_start IS
    'A date whose month and day start each benefit period (e.g. 2025-07-01 for plan years from July); NULL: calendar year.';
COMMENT ON COLUMN @extschema@.terms.copay_counts_toward_deductible IS
    'Whether copays are also credited to the deductible; NULL counts as false.';
COMMENT ON COLUMN @extschema@.terms.copay_visits IS
    'The copay applies to the first this many visits of the period, then the deductible and coinsurance do; NULL: every visit.';
COMMENT ON COLUMN @extschema@.terms.family_ded_members IS
    'For family_deductible n_of_m: how many members meeting their individual deductible meet the family''s; NULL otherwise.';
COMMENT ON COLUMN @extschema@.terms.coinsurance_limit IS
    'Maximum coinsurance per benefit period, in dollars; NULL: no separate limit.';
COMMENT ON COLUMN @extschema@.terms.carryover IS
    'Whether deductible credited in the last three months of a period also counts in the next (fourth-quarter carryover); NULL counts as false.';
COMMENT ON COLUMN @extschema@.terms.copay_per IS
    'line: a copay on every line; day: one copay per member per day of service. NULL counts as line.';
COMMENT ON COLUMN @extschema@.terms.bucket IS
    'The accumulator bucket the line is credited to (in, out, or a tier name); NULL: the network word.';
COMMENT ON COLUMN @extschema@.terms.also_credits IS
    'Other buckets this bucket''s amounts are also credited to (e.g. in-network amounts counting toward the out-of-network maximum); NULL or empty: none.';

-- accum
COMMENT ON COLUMN @extschema@.accum.ded_individual_met IS
    'Deductible the member has met in the benefit period (and bucket), in dollars; NULL counts as 0.';
COMMENT ON COLUMN @extschema@.accum.ded_family_met IS
    'Deductible the family has met in the benefit period, in dollars; NULL counts as 0.';
COMMENT ON COLUMN @extschema@.accum.oop_individual_met IS
    'Out-of-pocket amount the member has paid toward the maximum in the period, in dollars; NULL counts as 0.';
COMMENT ON COLUMN @extschema@.accum.oop_family_met IS
    'Out-of-pocket amount the family has paid toward the maximum in the period, in dollars; NULL counts as 0.';
COMMENT ON COLUMN @extschema@.accum.visits_used IS
    'Visits the member has used in the period in the benefit''s category; NULL counts as 0.';
COMMENT ON COLUMN @extschema@.accum.coinsurance_met IS
    'Coinsurance the member has paid in the period, in dollars (for coinsurance_limit); NULL counts as 0.';
COMMENT ON COLUMN @extschema@.accum.ded_members_met IS
    'Family members who have met their individual deductible (for family_deductible n_of_m); NULL counts as 0.';

-- breakdown
COMMENT ON COLUMN @extschema@.breakdown.allowed IS
    'The allowed amount of the line, in dollars (the price the plan recognises); never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.copay IS
    'Copay the patient pays for the line, in dollars; 0 when none; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.deductible IS
    'Part of the allowed amount the patient pays toward the deductible, in dollars; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.coinsurance IS
    'Coinsurance the patient pays for the line, in dollars; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.not_covered IS
    'Part of the allowed amount not covered (service not covered, or visit limit reached), paid by the patient, in dollars; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.balance_bill IS
    'Billed minus allowed that an out-of-network provider may bill the patient, in dollars; 0 in network or without a billed amount; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.contractual IS
    'Billed minus allowed written off by an in-network provider (CARC 45), in dollars; 0 out of network or without a billed amount; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.patient_pays IS
    'What the patient pays: copay + deductible + coinsurance + not_covered + balance_bill, in dollars; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.plan_pays IS
    'What the plan pays: allowed + balance_bill - patient_pays, in dollars; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.oop_capped IS
    'Whether the out-of-pocket maximum (or coinsurance limit) cut the patient''s share of this line; never NULL.';
COMMENT ON COLUMN @extschema@.breakdown.acc_after IS
    'The accumulators after this line (the next line of the family starts from them); never NULL.';

-- eligibility_result
COMMENT ON COLUMN @extschema@.eligibility_result.status IS
    'The eligibility status: eligible, not_eligible, auth_required, carved_out, limit_reached or unknown (member, service code or provider not known, or no benefit data); never NULL.';
COMMENT ON COLUMN @extschema@.eligibility_result.reasons IS
    'Machine-readable eligibility reasons for the status (unknown_member, unknown_service_code, unknown_provider, no_active_coverage, dependent_age_limit, carved_out, no_benefit_data, not_covered, telehealth_not_covered, visit_limit_reached, prior_auth_required, out_of_network, no_fee_schedule); empty when none; never NULL. Not adjustment codes (see adjustment_codes).';
COMMENT ON COLUMN @extschema@.eligibility_result.plan_id IS
    'The plan of the coverage used (the primary one by COB order); NULL when the member has no coverage on the date.';
COMMENT ON COLUMN @extschema@.eligibility_result.payer_id IS
    'The payer of that plan; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.enrollment_id IS
    'The costshare.enrollment row used; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.cob_position IS
    'Position of the coverage used in coordination-of-benefits order, 1 = primary; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.coverages IS
    'How many coverages the member has on the date; NULL when none.';
COMMENT ON COLUMN @extschema@.eligibility_result.category IS
    'The benefit category of the service code (costshare.service_code); NULL when the code is unknown.';
COMMENT ON COLUMN @extschema@.eligibility_result.network IS
    'in, out, or unknown (no provider given, priced as in network); NULL when no coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.auth_required IS
    'Whether the benefit requires prior authorization; NULL when no benefit was found.';
COMMENT ON COLUMN @extschema@.eligibility_result.carve_out_admin IS
    'The administrator to ask instead when the benefit is carved out (e.g. a behavioral health vendor); NULL otherwise.';
COMMENT ON COLUMN @extschema@.eligibility_result.benefit_period IS
    'The benefit period containing the date of service, [start, next start); NULL when no coverage.';
COMMENT ON COLUMN @extschema@.eligibility_result.ded_remaining IS
    'Individual deductible left in the period (family deductible taken into account), in dollars; NULL when no benefit terms were found.';
COMMENT ON COLUMN @extschema@.eligibility_result.oop_remaining IS
    'Out-of-pocket maximum left in the period, in dollars; NULL when unlimited or no benefit terms were found.';
COMMENT ON COLUMN @extschema@.eligibility_result.visits_remaining IS
    'Visits left under the visit limit in the period; NULL when unlimited or no benefit terms were found.';

-- estimate_result
COMMENT ON COLUMN @extschema@.estimate_result.status IS
    'The eligibility status: eligible, not_eligible, auth_required, carved_out, limit_reached or unknown (member, service code or provider not known, or no benefit data); never NULL.';
COMMENT ON COLUMN @extschema@.estimate_result.reasons IS
    'Machine-readable eligibility reasons for the status (unknown_member, unknown_service_code, unknown_provider, no_active_coverage, dependent_age_limit, carved_out, no_benefit_data, not_covered, telehealth_not_covered, visit_limit_reached, prior_auth_required, out_of_network, no_fee_schedule); empty when none; never NULL. Not adjustment codes (see adjustment_codes).';
COMMENT ON COLUMN @extschema@.estimate_result.plan_id IS
    'The plan of the coverage used (primary by COB order); NULL when the member has no coverage on the date.';
COMMENT ON COLUMN @extschema@.estimate_result.payer_id IS
    'The payer of that plan; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.estimate_result.cob_position IS
    'Position of the coverage used in coordination-of-benefits order, 1 = primary; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.estimate_result.category IS
    'The benefit category of the service code; NULL when the code is unknown.';
COMMENT ON COLUMN @extschema@.estimate_result.network IS
    'in, out, or unknown (no provider given, priced as in network); NULL when no coverage.';
COMMENT ON COLUMN @extschema@.estimate_result.allowed IS
    'The allowed amount the line is priced on, in dollars: the fee, or the billed charge when that is lower; NULL when no fee applies (no fee schedule row, no Medicare price) or no coverage.';
COMMENT ON COLUMN @extschema@.estimate_result.allowed_source IS
    'Where allowed came from: fee_schedule, percent_of_medicare, medicare_fee_schedule, or billed (the charge was below the fee); NULL when allowed is NULL.';
COMMENT ON COLUMN @extschema@.estimate_result.copay IS
    'Copay, in dollars; NULL when the line was not priced (status or reasons say why).';
COMMENT ON COLUMN @extschema@.estimate_result.deductible IS
    'Amount toward the deductible, in dollars; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.coinsurance IS
    'Coinsurance, in dollars; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.not_covered IS
    'Amount not covered (service not covered, visit limit), in dollars; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.balance_bill IS
    'Billed minus allowed an out-of-network provider may bill, in dollars; 0 without billed; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.patient_pays IS
    'What the patient pays, in dollars; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.plan_pays IS
    'What the plan pays, in dollars; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.oop_capped IS
    'Whether the out-of-pocket maximum cut the patient''s share; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.adjustment_codes IS
    'X12 835 claim adjustment reason codes of the line (1 deductible, 2 coinsurance, 3 copay, 45 contractual, 96 not covered, 119 visit limit); NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_result.acc_before IS
    'Accumulators before the line (payer snapshot plus ledger lines not yet reflected); NULL when no benefit terms were found.';
COMMENT ON COLUMN @extschema@.estimate_result.acc_after IS
    'Accumulators after the line; NULL when not priced.';

-- appointment
COMMENT ON COLUMN @extschema@.appointment.appt_id IS
    'The caller''s id of the appointment, unique within a call; required (estimate_many refuses NULL or duplicated ids).';
COMMENT ON COLUMN @extschema@.appointment.member_id IS
    'The member (costshare.member.member_id); required: NULL gives a row with sqlstate 22004.';
COMMENT ON COLUMN @extschema@.appointment.service_date IS
    'The date of service; required and finite.';
COMMENT ON COLUMN @extschema@.appointment.service_code IS
    'The CPT/HCPCS code; required.';
COMMENT ON COLUMN @extschema@.appointment.provider_id IS
    'The rendering provider (NPI); NULL: network unknown, priced as in network.';
COMMENT ON COLUMN @extschema@.appointment.place_of_service IS
    'Two-digit CMS place of service code; NULL means 11 (office).';
COMMENT ON COLUMN @extschema@.appointment.billed IS
    'The provider''s charge, in dollars, whole cents, not negative; NULL: no balance bill or contractual write-off.';

-- line_context
COMMENT ON COLUMN @extschema@.line_context.status IS
    'The eligibility status: eligible, not_eligible, auth_required, carved_out, limit_reached or unknown (member, service code or provider not known, or no benefit data); never NULL.';
COMMENT ON COLUMN @extschema@.line_context.reasons IS
    'Machine-readable eligibility reasons for the status (unknown_member, unknown_service_code, unknown_provider, no_active_coverage, dependent_age_limit, carved_out, no_benefit_data, not_covered, telehealth_not_covered, visit_limit_reached, prior_auth_required, out_of_network, no_fee_schedule); empty when none; never NULL. Not adjustment codes (see adjustment_codes).';
COMMENT ON COLUMN @extschema@.line_context.member_id IS
    'The member looked up, as given; never NULL.';
COMMENT ON COLUMN @extschema@.line_context.family_id IS
    'The family whose accumulators the coverage shares; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.line_context.plan_id IS
    'The plan of the coverage used; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.line_context.payer_id IS
    'The payer of that plan; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.line_context.enrollment_id IS
    'The costshare.enrollment row used; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.line_context.cob_position IS
    'COB position of the coverage used, 1 = primary; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.line_context.coverages IS
    'Coverages active on the date; NULL when none.';
COMMENT ON COLUMN @extschema@.line_context.category IS
    'Benefit category of the service code; NULL when unknown.';
COMMENT ON COLUMN @extschema@.line_context.network IS
    'in, out or unknown (no provider); NULL when no coverage.';
COMMENT ON COLUMN @extschema@.line_context.bucket IS
    'Accumulator bucket of the benefit; NULL when no benefit was found.';
COMMENT ON COLUMN @extschema@.line_context.telehealth IS
    'Whether the place of service or modifier (95, 93, GT) makes the line telehealth; never NULL.';
COMMENT ON COLUMN @extschema@.line_context.auth_required IS
    'Whether the benefit requires prior authorization; NULL when no benefit was found.';
COMMENT ON COLUMN @extschema@.line_context.carve_out_admin IS
    'Carve-out administrator of the benefit; NULL when not carved out.';
COMMENT ON COLUMN @extschema@.line_context.benefit_period IS
    'Benefit period containing the date; NULL when no coverage.';
COMMENT ON COLUMN @extschema@.line_context.allowed IS
    'Allowed amount, in dollars; NULL when no fee applies.';
COMMENT ON COLUMN @extschema@.line_context.allowed_source IS
    'fee_schedule, percent_of_medicare or medicare_fee_schedule; NULL when allowed is NULL.';
COMMENT ON COLUMN @extschema@.line_context.priceable IS
    'Whether the line can be adjudicated (terms and allowed known, not unknown, not carved out, not past the dependent age limit); never NULL.';
COMMENT ON COLUMN @extschema@.line_context.terms IS
    'The benefit''s cost-sharing terms; NULL when no benefit was found.';
COMMENT ON COLUMN @extschema@.line_context.acc IS
    'Accumulators before the line; NULL when no benefit was found.';

-- eligibility_facts
COMMENT ON COLUMN @extschema@.eligibility_facts.member_known IS
    'The member is in costshare.member.';
COMMENT ON COLUMN @extschema@.eligibility_facts.service_known IS
    'The service code maps to a category.';
COMMENT ON COLUMN @extschema@.eligibility_facts.provider_known IS
    'The provider is in costshare.provider (true when no provider was given).';
COMMENT ON COLUMN @extschema@.eligibility_facts.enrolled IS
    'The member has a coverage on the date of service.';
COMMENT ON COLUMN @extschema@.eligibility_facts.is_dependent_child IS
    'The coverage used is as a child of the subscriber; NULL when not enrolled.';
COMMENT ON COLUMN @extschema@.eligibility_facts.birth_date IS
    'The member''s birth date (for the dependent age limit); NULL when unknown.';
COMMENT ON COLUMN @extschema@.eligibility_facts.service_date IS
    'The date of service.';
COMMENT ON COLUMN @extschema@.eligibility_facts.dependent_age_limit IS
    'The plan''s dependent age limit in years; NULL: none or not enrolled.';
COMMENT ON COLUMN @extschema@.eligibility_facts.benefit_found IS
    'The plan has a benefit for the category (in the network used); NULL when not enrolled.';
COMMENT ON COLUMN @extschema@.eligibility_facts.covered IS
    'The benefit covers the service; NULL when no benefit.';
COMMENT ON COLUMN @extschema@.eligibility_facts.carved_out IS
    'The benefit is administered by a carve-out administrator; NULL when no benefit.';
COMMENT ON COLUMN @extschema@.eligibility_facts.telehealth IS
    'The line is telehealth (place of service or modifier).';
COMMENT ON COLUMN @extschema@.eligibility_facts.telehealth_allowed IS
    'The benefit allows telehealth; NULL when no benefit.';
COMMENT ON COLUMN @extschema@.eligibility_facts.visit_limit IS
    'Visits covered per period; NULL: unlimited or no benefit.';
COMMENT ON COLUMN @extschema@.eligibility_facts.visits_used IS
    'Visits used in the period; NULL when no benefit.';
COMMENT ON COLUMN @extschema@.eligibility_facts.auth_required IS
    'The benefit requires prior authorization; NULL when no benefit.';
COMMENT ON COLUMN @extschema@.eligibility_facts.auth_on_file IS
    'A prior authorization is on file for the date; NULL when no benefit.';

-- x12_party
COMMENT ON COLUMN @extschema@.x12_party.entity IS
    'NM101 entity identifier code: PR payer, 1P provider, IL insured, P3 primary care provider, ...; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_party.entity_type IS
    'NM102: 1 person, 2 non-person entity; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_party.last_name IS
    'NM103: last name or organisation name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_party.first_name IS
    'NM104 first name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_party.middle_name IS
    'NM105 middle name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_party.suffix IS
    'NM107 name suffix; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_party.id_qualifier IS
    'NM108 identification code qualifier: PI payer id, XX NPI, MI member id, SV, FI, ...; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_party.id IS
    'NM109 identifier, qualified by id_qualifier; NULL when not sent.';

-- x12_dates
COMMENT ON COLUMN @extschema@.x12_dates.plan IS
    'DTP*291 plan date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.plan_begin IS
    'DTP*346 plan begin date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.plan_end IS
    'DTP*347 plan end date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.eligibility IS
    'DTP*307 eligibility date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.eligibility_begin IS
    'DTP*356 eligibility begin date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.eligibility_end IS
    'DTP*357 eligibility end date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.benefit IS
    'DTP*292 benefit date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.benefit_begin IS
    'DTP*348 benefit begin date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.benefit_end IS
    'DTP*349 benefit end date, as a date range (a D8 date is a one-day range); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_dates.service IS
    'DTP*472 service date, as a date range (a D8 date is a one-day range); NULL when not sent.';

-- x12_person
COMMENT ON COLUMN @extschema@.x12_person.last_name IS
    'NM103 last name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.first_name IS
    'NM104 first name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.middle_name IS
    'NM105 middle name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.suffix IS
    'NM107 suffix; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.id_qualifier IS
    'NM108 qualifier (MI: member id); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.id IS
    'NM109 identifier (with MI, the payer''s member id); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.birth_date IS
    'DMG02 birth date; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.gender IS
    'DMG03 gender code (F, M, U); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.relationship IS
    'INS02 relationship to the subscriber code (18 self, 01 spouse, 19 child, ...); NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.trace IS
    'TRN02 trace number; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.trace_originator IS
    'TRN03 originating company identifier; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.group_number IS
    'REF*6P REF02 group number; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.group_name IS
    'REF*6P REF03 group name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.plan_number IS
    'REF*18 REF02 plan number; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.plan_name IS
    'REF*18 REF03 plan name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.x12_person.dates IS
    'The loop''s DTP dates by qualifier; never NULL (its fields are NULL when not sent).';

-- x12_adjustment
COMMENT ON COLUMN @extschema@.x12_adjustment.group_code IS
    'CAS01 claim adjustment group: CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction.';
COMMENT ON COLUMN @extschema@.x12_adjustment.reason IS
    'Claim adjustment reason code (CARC), e.g. 1 deductible, 2 coinsurance, 3 copay, 45 contractual.';
COMMENT ON COLUMN @extschema@.x12_adjustment.amount IS
    'Adjustment amount, in dollars; may be negative (reversals).';
COMMENT ON COLUMN @extschema@.x12_adjustment.quantity IS
    'Adjustment quantity (units); NULL when not sent.';

-- payer
COMMENT ON COLUMN @extschema@.payer.payer_id IS
    'The payer''s key (e.g. its X12 payer id); not empty.';
COMMENT ON COLUMN @extschema@.payer.name IS
    'The payer''s name.';
COMMENT ON COLUMN @extschema@.payer.payer_type IS
    'commercial, medicare, medicaid or other: Medicaid is the payer of last resort in COB; Medicare plans fall back to the Medicare fee schedule.';

-- plan
COMMENT ON COLUMN @extschema@.plan.plan_id IS
    'The plan''s key; not empty.';
COMMENT ON COLUMN @extschema@.plan.payer_id IS
    'The payer offering the plan.';
COMMENT ON COLUMN @extschema@.plan.name IS
    'The plan''s name.';
COMMENT ON COLUMN @extschema@.plan.plan_type IS
    'ppo, hmo, epo, pos, hdhp, medicare, medicaid or other (descriptive).';
COMMENT ON COLUMN @extschema@.plan.period_start IS
    'A date whose month and day start each plan year; NULL: calendar year.';
COMMENT ON COLUMN @extschema@.plan.hdhp IS
    'Whether the plan is a high-deductible health plan (HSA-eligible: no carryover).';
COMMENT ON COLUMN @extschema@.plan.grandfathered IS
    'Whether the plan is grandfathered under the ACA (descriptive).';
COMMENT ON COLUMN @extschema@.plan.rounding IS
    'How coinsurance is rounded to the cent: half_up, half_even or truncate.';
COMMENT ON COLUMN @extschema@.plan.carryover IS
    'Whether deductible met in the last three months of a plan year also counts in the next.';
COMMENT ON COLUMN @extschema@.plan.dependent_age_limit IS
    'Age in years at which a dependent child''s coverage ends; NULL: no limit.';

-- plan_limit
COMMENT ON COLUMN @extschema@.plan_limit.plan_id IS
    'The plan.';
COMMENT ON COLUMN @extschema@.plan_limit.bucket IS
    'The accumulator bucket: in, out, or a tier name.';
COMMENT ON COLUMN @extschema@.plan_limit.ded_individual IS
    'Individual deductible per period, in dollars; NULL: none.';
COMMENT ON COLUMN @extschema@.plan_limit.ded_family IS
    'Family deductible per period, in dollars; NULL: none.';
COMMENT ON COLUMN @extschema@.plan_limit.family_deductible IS
    'embedded, aggregate or n_of_m (see costshare.terms).';
COMMENT ON COLUMN @extschema@.plan_limit.family_ded_members IS
    'For n_of_m: how many members meeting their deductible meet the family''s; NULL otherwise.';
COMMENT ON COLUMN @extschema@.plan_limit.oop_individual IS
    'Individual out-of-pocket maximum per period, in dollars; NULL: unlimited.';
COMMENT ON COLUMN @extschema@.plan_limit.oop_family IS
    'Family out-of-pocket maximum per period, in dollars; NULL: unlimited.';
COMMENT ON COLUMN @extschema@.plan_limit.coinsurance_limit IS
    'Maximum coinsurance per period, in dollars; NULL: none.';
COMMENT ON COLUMN @extschema@.plan_limit.also_credits IS
    'Other buckets this bucket''s amounts are also credited to; NULL: none.';

-- benefit
COMMENT ON COLUMN @extschema@.benefit.plan_id IS
    'The plan.';
COMMENT ON COLUMN @extschema@.benefit.category IS
    'The service category (costshare.service_code.category), e.g. mh_psychotherapy.';
COMMENT ON COLUMN @extschema@.benefit.network IS
    'in or out: the terms for in-network or out-of-network providers.';
COMMENT ON COLUMN @extschema@.benefit.bucket IS
    'Accumulator bucket the lines are credited to; NULL: the network word.';
COMMENT ON COLUMN @extschema@.benefit.covered IS
    'Whether the category is covered.';
COMMENT ON COLUMN @extschema@.benefit.copay IS
    'Copay, in dollars; NULL: no copay.';
COMMENT ON COLUMN @extschema@.benefit.coinsurance IS
    'Patient share after the deductible, a fraction 0..1.';
COMMENT ON COLUMN @extschema@.benefit.deductible_applies IS
    'Whether lines go to the deductible first.';
COMMENT ON COLUMN @extschema@.benefit.copay_after_deductible IS
    'Whether the copay applies only once the deductible is met.';
COMMENT ON COLUMN @extschema@.benefit.copay_counts_toward_deductible IS
    'Whether copays are also credited to the deductible.';
COMMENT ON COLUMN @extschema@.benefit.copay_visits IS
    'The copay applies to the first this many visits per period; NULL: every visit.';
COMMENT ON COLUMN @extschema@.benefit.copay_per IS
    'line or day: one copay per line, or per member per day.';
COMMENT ON COLUMN @extschema@.benefit.visit_limit IS
    'Visits covered per period; NULL: unlimited.';
COMMENT ON COLUMN @extschema@.benefit.auth_required IS
    'Whether prior authorization is required.';
COMMENT ON COLUMN @extschema@.benefit.telehealth_allowed IS
    'Whether telehealth lines are covered.';
COMMENT ON COLUMN @extschema@.benefit.telehealth_copay IS
    'Copay for telehealth lines, in dollars; NULL: the regular copay.';
COMMENT ON COLUMN @extschema@.benefit.carve_out_admin IS
    'The administrator to ask instead (e.g. a behavioral health carve-out); NULL: not carved out.';

-- service_code
COMMENT ON COLUMN @extschema@.service_code.code IS
    'CPT/HCPCS code.';
COMMENT ON COLUMN @extschema@.service_code.pos IS
    'Place of service the row applies to; empty string: any.';
COMMENT ON COLUMN @extschema@.service_code.modifier IS
    'Modifier the row applies to; empty string: any.';
COMMENT ON COLUMN @extschema@.service_code.category IS
    'The benefit category the code maps to.';
COMMENT ON COLUMN @extschema@.service_code.description IS
    'Short description; NULL: none.';

-- place_of_service
COMMENT ON COLUMN @extschema@.place_of_service.pos IS
    'Two-digit CMS place of service code.';
COMMENT ON COLUMN @extschema@.place_of_service.name IS
    'Its name.';
COMMENT ON COLUMN @extschema@.place_of_service.facility IS
    'Whether the Medicare facility rate (facility PE RVU) applies.';
COMMENT ON COLUMN @extschema@.place_of_service.telehealth IS
    'Whether lines at this place are telehealth.';

-- credential
COMMENT ON COLUMN @extschema@.credential.credential IS
    'Credential code (md, phd, lcsw, ...).';
COMMENT ON COLUMN @extschema@.credential.name IS
    'Its name.';
COMMENT ON COLUMN @extschema@.credential.medicare_percent IS
    'Share of the Medicare fee schedule amount paid for this credential, a fraction (0.75 for LCSW, LMFT, LPC, LMHC).';

-- member
COMMENT ON COLUMN @extschema@.member.member_id IS
    'The practice''s own key for the person; not empty. Member data: never in errors or logs.';
COMMENT ON COLUMN @extschema@.member.first_name IS
    'First name; NULL: unknown. Member data.';
COMMENT ON COLUMN @extschema@.member.last_name IS
    'Last name; NULL: unknown. Member data.';
COMMENT ON COLUMN @extschema@.member.birth_date IS
    'Birth date (finite); NULL: unknown (dependent age limits cannot be checked). Member data.';
COMMENT ON COLUMN @extschema@.member.name_key IS
    'Unused since 1.1 (member matching uses expression indexes on costshare.name_key of the names); kept for compatibility, may be NULL.';

-- enrollment
COMMENT ON COLUMN @extschema@.enrollment.enrollment_id IS
    'Identity of the enrollment.';
COMMENT ON COLUMN @extschema@.enrollment.member_id IS
    'The covered member.';
COMMENT ON COLUMN @extschema@.enrollment.subscriber_id IS
    'The subscriber (policy holder); the member itself when relationship is self.';
COMMENT ON COLUMN @extschema@.enrollment.family_id IS
    'The family whose accumulators the coverage shares (family deductible and maximum).';
COMMENT ON COLUMN @extschema@.enrollment.plan_id IS
    'The plan.';
COMMENT ON COLUMN @extschema@.enrollment.coverage IS
    'Dates of coverage, [start, end); an open end means still covered.';
COMMENT ON COLUMN @extschema@.enrollment.relationship IS
    'self, spouse, child or other: the member''s relationship to the subscriber.';
COMMENT ON COLUMN @extschema@.enrollment.coverage_kind IS
    'active, cobra or retiree (COB: active before COBRA and retiree).';
COMMENT ON COLUMN @extschema@.enrollment.coverage_level IS
    'individual or family (family: family deductible and maximum apply).';
COMMENT ON COLUMN @extschema@.enrollment.cob_order IS
    'Explicit coordination-of-benefits position, 0..254 (1 = primary; 0 counts as 1): the coverage takes that position among the member''s coverages active on the date; those without one (NULL) fill the free positions by the COB rules. Stated orders keep their order among themselves: of two stating the same position the first by the rules takes it and the other the next, and a position beyond the number of coverages goes as late as it can (orders 2 and 3 after coverage 1 ended: 2 primary, 3 secondary).';
COMMENT ON COLUMN @extschema@.enrollment.payer_member_id IS
    'The payer''s member id for this coverage (from the card or a 271); NULL: unknown.';

-- provider
COMMENT ON COLUMN @extschema@.provider.provider_id IS
    'The rendering provider''s key (NPI).';
COMMENT ON COLUMN @extschema@.provider.name IS
    'The provider''s name.';
COMMENT ON COLUMN @extschema@.provider.credential IS
    'The credential (costshare.credential), which sets the Medicare share.';
COMMENT ON COLUMN @extschema@.provider.state IS
    'Two-letter state of practice (fee schedule rows may depend on it); NULL: unknown.';
COMMENT ON COLUMN @extschema@.provider.medicare_mac IS
    'Medicare administrative contractor number of the practice location; NULL: Medicare pricing unavailable.';
COMMENT ON COLUMN @extschema@.provider.medicare_locality IS
    'Medicare payment locality number; NULL: Medicare pricing unavailable.';

-- network_participation
COMMENT ON COLUMN @extschema@.network_participation.provider_id IS
    'The provider.';
COMMENT ON COLUMN @extschema@.network_participation.plan_id IS
    'The plan whose network the provider is in.';
COMMENT ON COLUMN @extschema@.network_participation.valid IS
    'Dates the provider is in network, [start, end).';

-- fee_schedule
COMMENT ON COLUMN @extschema@.fee_schedule.fee_id IS
    'Identity of the row.';
COMMENT ON COLUMN @extschema@.fee_schedule.payer_id IS
    'The payer whose contract this is.';
COMMENT ON COLUMN @extschema@.fee_schedule.plan_id IS
    'The plan the row is for; NULL: every plan of the payer.';
COMMENT ON COLUMN @extschema@.fee_schedule.code IS
    'CPT/HCPCS code.';
COMMENT ON COLUMN @extschema@.fee_schedule.modifier IS
    'Modifier; empty string: any.';
COMMENT ON COLUMN @extschema@.fee_schedule.facility IS
    'Facility (true) or non-facility (false) setting; NULL: either.';
COMMENT ON COLUMN @extschema@.fee_schedule.credential IS
    'Provider credential; NULL: any.';
COMMENT ON COLUMN @extschema@.fee_schedule.state IS
    'State; NULL: any.';
COMMENT ON COLUMN @extschema@.fee_schedule.valid IS
    'Dates the rate applies, [start, end).';
COMMENT ON COLUMN @extschema@.fee_schedule.amount IS
    'The allowed amount, in dollars; NULL when percent_of_medicare is given instead.';
COMMENT ON COLUMN @extschema@.fee_schedule.percent_of_medicare IS
    'The allowed amount as a multiple of the Medicare fee schedule amount (1.1 = 110%); NULL when amount is given.';

-- prior_auth
COMMENT ON COLUMN @extschema@.prior_auth.member_id IS
    'The member.';
COMMENT ON COLUMN @extschema@.prior_auth.plan_id IS
    'The plan.';
COMMENT ON COLUMN @extschema@.prior_auth.category IS
    'The benefit category authorized.';
COMMENT ON COLUMN @extschema@.prior_auth.valid IS
    'Dates the authorization covers.';
COMMENT ON COLUMN @extschema@.prior_auth.auth_number IS
    'The payer''s authorization number; NULL: not recorded.';
COMMENT ON COLUMN @extschema@.prior_auth.visits IS
    'Visits authorized; NULL: not limited by the authorization.';

-- accumulator_snapshot
COMMENT ON COLUMN @extschema@.accumulator_snapshot.family_id IS
    'The family.';
COMMENT ON COLUMN @extschema@.accumulator_snapshot.member_id IS
    'The member; NULL: the row holds the family''s figures.';
COMMENT ON COLUMN @extschema@.accumulator_snapshot.plan_id IS
    'The plan.';
COMMENT ON COLUMN @extschema@.accumulator_snapshot.bucket IS
    'The accumulator bucket (in, out, or a tier).';
COMMENT ON COLUMN @extschema@.accumulator_snapshot.as_of IS
    'The date the payer reported the figures for; ledger lines adjudicated after it are added.';
COMMENT ON COLUMN @extschema@.accumulator_snapshot.ded_met IS
    'Deductible met as of that date, in dollars.';
COMMENT ON COLUMN @extschema@.accumulator_snapshot.oop_met IS
    'Out-of-pocket amount met as of that date, in dollars.';
COMMENT ON COLUMN @extschema@.accumulator_snapshot.source IS
    'Where the figures came from: manual, or x12 271 <payer> <ISA13>.';

-- accumulator_ledger
COMMENT ON COLUMN @extschema@.accumulator_ledger.entry_id IS
    'Identity of the entry.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.claim_id IS
    'The claim''s id (the payer''s, or the practice''s for estimates); not empty.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.claim_version IS
    'Version of the claim line, from 1; the latest version of each line counts.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.line_no IS
    'Line number within the claim, from 1.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.status IS
    'estimated, pending, final or reversed; pending and final lines count in accumulators, reversed counts nothing.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.family_id IS
    'The family (from the member''s enrollment on the date).';
COMMENT ON COLUMN @extschema@.accumulator_ledger.member_id IS
    'The member.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.plan_id IS
    'The plan.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.bucket IS
    'The accumulator bucket.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.category IS
    'Benefit category (visits count per category); NULL: unknown.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.service_date IS
    'Date of service.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.deductible IS
    'Amount credited to the deductible, in dollars.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.copay IS
    'Copay paid, in dollars.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.coinsurance IS
    'Coinsurance paid, in dollars.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.visits IS
    'Visits the line counts (0 for a reversal).';
COMMENT ON COLUMN @extschema@.accumulator_ledger.adjudicated_on IS
    'The date the payer adjudicated the line; NULL: not yet (counted even over a later payer snapshot).';
COMMENT ON COLUMN @extschema@.accumulator_ledger.recorded_at IS
    'When the entry was written (clock time).';

-- medicare_conversion_factor
COMMENT ON COLUMN @extschema@.medicare_conversion_factor.year IS
    'Calendar year of the fee schedule.';

-- medicare_rvu
COMMENT ON COLUMN @extschema@.medicare_rvu.year IS
    'Calendar year of the fee schedule.';
COMMENT ON COLUMN @extschema@.medicare_rvu.hcpcs IS
    'HCPCS/CPT code, five characters.';

-- medicare_gpci
COMMENT ON COLUMN @extschema@.medicare_gpci.year IS
    'Calendar year of the fee schedule.';

-- medicare_locality
COMMENT ON COLUMN @extschema@.medicare_locality.year IS
    'Calendar year of the locality file.';

-- plan_data_version
COMMENT ON COLUMN @extschema@.plan_data_version.singleton IS
    'Always true: the table has one row.';
COMMENT ON COLUMN @extschema@.plan_data_version.version IS
    'The current plan-data version, from costshare.plan_data_version_seq; changes with every statement that changes a plan table.';

-- x12_load
COMMENT ON COLUMN @extschema@.x12_load.kind IS
    '271 (loaded eligibility) or 835 (posted remittance).';
COMMENT ON COLUMN @extschema@.x12_load.sender IS
    '271: the payer id of loop 2100A; 835: the payer id (N1*PR / REF*2U).';
COMMENT ON COLUMN @extschema@.x12_load.interchange_control IS
    'ISA13 interchange control number.';
COMMENT ON COLUMN @extschema@.x12_load.loaded_at IS
    'When the interchange was loaded (clock time).';
COMMENT ON COLUMN @extschema@.x12_load.records IS
    'Rows the load wrote (benefits and rejections, or claim lines).';

-- eligibility_benefit
COMMENT ON COLUMN @extschema@.eligibility_benefit.benefit_id IS
    'Identity of the row.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.member_id IS
    'The member the 271''s person was attached to (costshare.x12_attach_member).';
COMMENT ON COLUMN @extschema@.eligibility_benefit.payer_id IS
    'The payer id of loop 2100A.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.interchange_control IS
    'ISA13 of the 271.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.segment IS
    'Position of the EB segment in the interchange, from 1.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.as_of IS
    'The date the benefits are reported for (load_271''s as_of, default the load date).';
COMMENT ON COLUMN @extschema@.eligibility_benefit.benefit IS
    'parse_271''s word for EB01: active, inactive, coinsurance, copay, deductible, limitation, out_of_pocket, non_covered, other_payer or contact_other_entity; NULL for codes without a word.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.info IS
    'EB01 eligibility or benefit information code as sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.level IS
    'EB02 coverage level: individual or family; NULL when not sent or another level.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.network IS
    'EB12: in, out or both (in-plan network indicator); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.figure IS
    'For deductible (EB01 C) and out-of-pocket (G) amounts, what EB06 says the amount is: remaining (29, 33), met (24, year to date) or total; NULL for other benefits.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.service_types IS
    'EB03 service type codes (30 health benefit plan coverage, MH mental health, ...); empty when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.time_period IS
    'EB06 time period qualifier code as sent (23 calendar year, 24 year to date, 29 remaining, 27 visit, ...); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.amount IS
    'EB07 monetary amount, in dollars; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.percent IS
    'EB08 percent as a fraction (0.2 = 20%); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.quantity_qualifier IS
    'EB09 quantity qualifier (VS visits, ...); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.quantity IS
    'EB10 quantity (e.g. visits with VS); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.auth_required IS
    'EB11: true Y, false N; NULL for U or not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.insurance_type IS
    'EB04 insurance type code; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.plan_description IS
    'EB05 plan coverage description; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.group_number IS
    'REF*6P group number of the EB or its member loop; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.group_name IS
    'REF*6P group name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.plan_number IS
    'REF*18 plan number; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.plan_name IS
    'REF*18 plan name; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.plan_period IS
    'Plan dates: DTP 291, or 346 .. 347, of the EB or else of its member loop; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.eligibility_period IS
    'Eligibility dates: DTP 307, or 356 .. 357; NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.related IS
    'Loop 2120 entities: carve-out administrators (EB U), other payers (EB R); empty when none.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.messages IS
    'MSG free-form messages of the EB; empty when none.';
COMMENT ON COLUMN @extschema@.eligibility_benefit.recorded_at IS
    'When the row was written (its default; a restore keeps it): an as-of estimate sees the row from then on. Rows are dated here rather than copied into costshare.row_history when inserted; an update or delete records the versions there.';

-- eligibility_rejection
COMMENT ON COLUMN @extschema@.eligibility_rejection.rejection_id IS
    'Identity of the row.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.member_id IS
    'The member the rejected person was attached to; NULL: no member matched (or a rejection above the member level).';
COMMENT ON COLUMN @extschema@.eligibility_rejection.payer_id IS
    'The payer id of loop 2100A.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.interchange_control IS
    'ISA13 of the 271.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.segment IS
    'Position of the AAA segment in the interchange, from 1.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.loop IS
    'The loop the AAA is in (2000A, 2100A, 2100B, 2100C, 2110C, ...).';
COMMENT ON COLUMN @extschema@.eligibility_rejection.as_of IS
    'The date of the load.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.valid_request IS
    'AAA01 valid request indicator (Y or N); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.reject_reason IS
    'AAA03 reject reason code (e.g. 72 invalid member id, 75 subscriber not found); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.follow_up IS
    'AAA04 follow-up action code (C correct and resubmit, N do not resubmit, ...); NULL when not sent.';
COMMENT ON COLUMN @extschema@.eligibility_rejection.info IS
    'For a 2110 loop: the EB01 code of the benefit the AAA belongs to; NULL otherwise.';

-- claim_trueup
COMMENT ON COLUMN @extschema@.claim_trueup.claim_id IS
    'The claim (CLP01).';
COMMENT ON COLUMN @extschema@.claim_trueup.line_no IS
    'The claim line.';
COMMENT ON COLUMN @extschema@.claim_trueup.estimate_version IS
    'Ledger version of the estimated entry.';
COMMENT ON COLUMN @extschema@.claim_trueup.final_version IS
    'Ledger version the 835 posted.';
COMMENT ON COLUMN @extschema@.claim_trueup.interchange_control IS
    'ISA13 of the 835.';
COMMENT ON COLUMN @extschema@.claim_trueup.estimated_deductible IS
    'Deductible in the estimate, in dollars.';
COMMENT ON COLUMN @extschema@.claim_trueup.estimated_copay IS
    'Copay in the estimate, in dollars.';
COMMENT ON COLUMN @extschema@.claim_trueup.estimated_coinsurance IS
    'Coinsurance in the estimate, in dollars.';
COMMENT ON COLUMN @extschema@.claim_trueup.final_deductible IS
    'Deductible in the remittance (PR-1), in dollars.';
COMMENT ON COLUMN @extschema@.claim_trueup.final_copay IS
    'Copay in the remittance (PR-3), in dollars.';
COMMENT ON COLUMN @extschema@.claim_trueup.final_coinsurance IS
    'Coinsurance in the remittance (PR-2), in dollars.';
COMMENT ON COLUMN @extschema@.claim_trueup.difference IS
    'Final minus estimated patient amount, in dollars (generated); positive: the patient owes more than estimated.';
COMMENT ON COLUMN @extschema@.claim_trueup.recorded_at IS
    'When the true-up was recorded (clock time).';

-- identity_icu
COMMENT ON COLUMN @extschema@.identity_icu.only_row IS
    'Always true: the table has one row.';
COMMENT ON COLUMN @extschema@.identity_icu.icu_version IS
    'The ICU version the name-key indexes were built with.';
COMMENT ON COLUMN @extschema@.identity_icu.recorded_at IS
    'When that version was recorded (install or reindex_identity).';
