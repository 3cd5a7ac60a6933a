-- test/reference/price_271_1_2.sql — schema costshare_ref271 holding costshare.price_271 as it was in
-- 1.2 before it moved into the C estimate (issue 10; src/sql/1.2/87_271_pricing.sql at 32be8ff, the
-- PL/pgSQL composition the C estimate called through fmgr as its owner), verbatim except for the
-- schema of the function itself. test/pgtap/pricing_271_c.sql compares costshare.estimate_271 with
-- it, handed the same plan estimate; scripts/test.sh loads this before pg_prove.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS costshare_ref271 CASCADE;
CREATE SCHEMA costshare_ref271;
CREATE FUNCTION costshare_ref271.price_271(
    plan_estimate costshare.estimate_result, member text, service_date date, service_code text,
    provider text, place_of_service text, billed numeric, out_of_network boolean)
RETURNS costshare.estimate_271_result
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e        costshare.estimate_result := plan_estimate;
    r        costshare.estimate_271_result;
    t        costshare.benefit_271_terms;
    b        costshare.breakdown;
    pt       costshare.terms;
    acc      costshare.accum;
    v_ic     text;
    v_sender text;
    v_as_of  date;
    v_loaded timestamptz;
    v_payer  text;
    v_plan   text;
    v_family text;
    v_level  text;
    v_cat    text;
    v_prefer boolean;
    v_rows   costshare.benefit_271_row[];
    v_allowed numeric;
    v_allowed_source text;
    v_lines  integer;
    v_ded    numeric;
    v_oop    numeric;
    v_visits integer;
    v_period daterange;
    v_coverage text;
    v_age    text := pg_catalog.current_setting('costshare.stale_271_days', true);
    v_status text;
    v_reasons text[];
    v_left   record;
BEGIN
    IF member IS NULL OR service_date IS NULL OR service_code IS NULL THEN
        RAISE EXCEPTION 'member, service_date, service_code must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF coalesce(v_age, '') = '' THEN
        v_age := '30';
    ELSIF v_age !~ '^-?[0-9]{1,6}$' THEN
        RAISE EXCEPTION 'costshare.stale_271_days must be a whole number of days' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The setting is not an integer between -999999 and 999999.',
            HINT = 'SET costshare.stale_271_days = 30 (a negative number: a 271 is never stale).';
    END IF;

    -- the member's latest 271: the latest as-of date, then the latest load
    SELECT eb.interchange_control, eb.payer_id, eb.as_of, l.loaded_at
      INTO v_ic, v_sender, v_as_of, v_loaded
      FROM costshare.eligibility_benefit eb
      JOIN costshare.x12_load l ON l.kind = '271' AND l.sender = eb.payer_id AND l.interchange_control = eb.interchange_control
     WHERE eb.member_id = price_271.member
     ORDER BY eb.as_of DESC, l.loaded_at DESC
     LIMIT 1;
    IF v_ic IS NOT NULL THEN
        v_payer := costshare.x12_payer(v_sender);
        SELECT en.plan_id, en.family_id, en.coverage_level INTO v_plan, v_family, v_level
          FROM costshare.enrollment en JOIN costshare.plan p ON p.plan_id = en.plan_id
         WHERE en.member_id = price_271.member AND p.payer_id = v_payer
           AND en.coverage @> price_271.service_date
         ORDER BY en.cob_order NULLS LAST, en.plan_id LIMIT 1;
        -- the source policy of the plan design that covers the line, else of the 271's payer and plan
        v_prefer := costshare.source_policy_prefers_271(
            coalesce(CASE WHEN e.benefit_source = 'plan' THEN e.payer_id END, v_payer),
            coalesce(CASE WHEN e.benefit_source = 'plan' THEN e.plan_id END, v_plan));
    END IF;

    r.benefit_source := costshare.benefit_source(e.benefit_source IS NOT DISTINCT FROM 'plan', v_ic IS NOT NULL,
                                                   coalesce(v_prefer, false));
    IF r.benefit_source IS DISTINCT FROM '271' THEN
        r.estimate := e;
        RETURN r;
    END IF;
    -- the network of the line: as the caller says, else out of network for a provider that does not
    -- participate in the member's plan on the date (costshare.network_participation), else in
    IF out_of_network IS NULL THEN
        out_of_network := provider IS NOT NULL AND NOT EXISTS (
            SELECT FROM costshare.network_participation np
             WHERE np.provider_id = price_271.provider AND np.plan_id = v_plan
               AND np.valid @> price_271.service_date);
    END IF;
    r.interchange_control := v_ic;
    -- family_id (added with the 271's family plan-paid maximum, after this function was replaced): the
    -- family_id of the enrollment chosen above, as the C sets it for every line the 271 prices (the
    -- family whose 271-priced lines estimate_many runs a family maximum down over); the grid's 271s
    -- state no family maximum, so family_plan_max_*_left stay NULL here as in the C
    r.family_id := v_family;
    r.benefits_as_of := v_as_of;
    r.stale := costshare.benefit_271_stale(v_as_of, service_date, v_age::integer);

    -- the line's category: the plan estimate's (the C lookup's choice of service_code row, made whether
    -- or not the member has a coverage)
    v_cat := e.category;
    SELECT pg_catalog.array_agg(ROW(eb.benefit, eb.network, eb.level, eb.figure,
               CASE WHEN v_cat IS NULL THEN CASE WHEN '30' = ANY (eb.service_types) THEN 0 END
                    ELSE (SELECT pg_catalog.min(s.rank) FROM costshare.service_type_category s
                           WHERE s.category = v_cat AND s.service_type = ANY (eb.service_types)) END,
               eb.amount, eb.percent,
               CASE WHEN eb.quantity_qualifier = 'VS' AND eb.quantity = pg_catalog.trunc(eb.quantity)
                    THEN eb.quantity::integer END,
               eb.auth_required, eb.segment)::costshare.benefit_271_row ORDER BY eb.segment)
      INTO v_rows
      FROM costshare.eligibility_benefit eb
     WHERE eb.member_id = price_271.member AND eb.payer_id = v_sender AND eb.interchange_control = v_ic;

    -- the coverage the 271 states for the date, and the period its visit limit counts in: the plan
    -- period of the active row that covers the date
    SELECT costshare.benefit_271_coverage(coalesce(pg_catalog.array_agg(eb.benefit = 'active'), '{}'),
                                            coalesce(pg_catalog.array_agg(coalesce(eb.eligibility_period, eb.plan_period)), '{}'),
                                            price_271.service_date),
           (pg_catalog.array_agg(eb.plan_period ORDER BY eb.segment)
                FILTER (WHERE eb.benefit = 'active' AND eb.plan_period @> price_271.service_date))[1]
      INTO v_coverage, v_period
      FROM costshare.eligibility_benefit eb
     WHERE eb.member_id = price_271.member AND eb.payer_id = v_sender AND eb.interchange_control = v_ic
       AND eb.benefit IN ('active', 'inactive');
    -- a plan period with an end is the period; a start only (DTP 346, or 291 D8) starts the plan year
    -- the date falls in; none: the calendar year (the engine's benefit period)
    IF v_period IS NULL OR pg_catalog.upper_inf(v_period) THEN
        v_period := costshare.benefit_period(price_271.service_date, pg_catalog.lower(v_period));
    END IF;
    -- ledger lines posted since the 271 was loaded: the latest version of each line, when its status
    -- counts (the engine's rule, as for the plan design's accumulators: pending or final), dated in that
    -- period (changed in 1.2 after this function was replaced, s10-h5: the 271's figures are its period's,
    -- and a line dated outside it adds nothing to them; the C pricing's rule, kept here so that the
    -- comparison of test/pgtap/pricing_271_c.sql still covers every other difference)
    SELECT coalesce(pg_catalog.sum(x.deductible), 0), coalesce(pg_catalog.sum(x.deductible + x.copay + x.coinsurance), 0)
      INTO v_ded, v_oop
      FROM (SELECT DISTINCT ON (al.payer_id, al.claim_id, al.line_no) al.*
              FROM costshare.accumulator_ledger al
             WHERE al.member_id = price_271.member AND al.payer_id = v_payer
             ORDER BY al.payer_id, al.claim_id, al.line_no, al.claim_version DESC) x
     WHERE x.recorded_at > v_loaded AND costshare.ledger_status_counts(x.status) AND v_period @> x.service_date;
    -- visits of the line's category in that period (latest version of each line, when its status counts)
    SELECT coalesce(pg_catalog.sum(x.visits), 0)::integer INTO v_visits
      FROM (SELECT DISTINCT ON (al.payer_id, al.claim_id, al.line_no) al.*
              FROM costshare.accumulator_ledger al
             WHERE al.member_id = price_271.member AND al.payer_id = v_payer
             ORDER BY al.payer_id, al.claim_id, al.line_no, al.claim_version DESC) x
     WHERE costshare.ledger_status_counts(x.status) AND x.category IS NOT DISTINCT FROM v_cat AND v_period @> x.service_date
       AND x.service_date < price_271.service_date;

    t := costshare.benefit_271_terms(coalesce(v_rows, '{}'), out_of_network, v_ded, v_oop);
    r.terms := t;
    r.unknown := t.unknown;
    r.auth_required := t.auth_required;
    r.carve_out := t.carve_out;
    -- the entity a carve-out names: the 2120 party of the category's first EB01 U row (an organisation,
    -- never the member: 2120 loops name payers, administrators and providers)
    IF t.carve_out THEN
        SELECT pg_catalog.concat_ws(', ', nullif(pg_catalog.concat_ws(' ', (p).last_name, (p).first_name), ''),
                                    (p).id)
          INTO r.carve_out_admin
          FROM costshare.eligibility_benefit eb
               CROSS JOIN LATERAL pg_catalog.unnest(eb.related) p
         WHERE eb.member_id = price_271.member AND eb.payer_id = v_sender AND eb.interchange_control = v_ic
           AND eb.benefit = 'contact_other_entity'
           AND (v_cat IS NULL OR EXISTS (SELECT FROM costshare.service_type_category s
                                          WHERE s.category = v_cat AND s.service_type = ANY (eb.service_types)))
         ORDER BY eb.segment LIMIT 1;
    END IF;
    r.visit_limit := t.visit_limit;

    v_allowed := e.allowed;
    v_allowed_source := e.allowed_source;
    IF v_allowed IS NULL THEN
        SELECT f.amount, 'fee_schedule' INTO v_allowed, v_allowed_source
          FROM costshare.fee_schedule f
         WHERE f.payer_id = v_payer AND (f.plan_id = v_plan OR f.plan_id IS NULL)
           AND f.code = price_271.service_code AND f.valid @> price_271.service_date AND f.amount IS NOT NULL
         ORDER BY f.plan_id NULLS LAST, f.modifier DESC, f.credential NULLS LAST, f.state NULLS LAST LIMIT 1;
    END IF;
    -- no fee row: the practice's remittance history with the 271's payer (the estimate's own rule,
    -- costshare.remittance_allowed: median of posted allowed amounts, with the count behind it)
    IF v_allowed IS NULL AND v_payer IS NOT NULL THEN
        SELECT ra.allowed, ra.lines INTO v_allowed, v_lines
          FROM costshare.remittance_allowed(v_payer, price_271.service_code, price_271.provider, price_271.service_date) ra;
        IF v_allowed IS NOT NULL THEN
            v_allowed_source := 'remittance_history';
        END IF;
    END IF;

    acc := costshare.accum(ded_individual_met => coalesce(t.ded_individual_met, 0),
                             ded_family_met => coalesce(t.ded_family_met, 0),
                             oop_individual_met => coalesce(t.oop_individual_met, 0),
                             oop_family_met => coalesce(t.oop_family_met, 0),
                             visits_used => v_visits);
    pt := costshare.terms(copay => t.copay, coinsurance => coalesce(t.coinsurance, 0),
                            deductible_applies => t.deductible_applies,
                            ded_individual => t.ded_individual, ded_family => t.ded_family,
                            oop_individual => t.oop_individual, oop_family => t.oop_family,
                            family_coverage => v_level = 'family',
                            visit_limit => t.visit_limit,
                            network => CASE WHEN out_of_network THEN 'out' ELSE 'in' END);
    r.priced_terms := pt;
    r.benefit_period := v_period;
    SELECT x.visits INTO v_left FROM costshare.remaining(pt, acc) x;

    -- status: the 271's coverage on the date first, then a carve-out, the visit limit, and an
    -- authorization the 271 requires (satisfied by one on file for the member, plan and category)
    v_reasons := ARRAY['271_benefits'];
    v_status := CASE WHEN v_coverage IN ('inactive', 'outside') THEN 'not_eligible'
                     WHEN t.carve_out THEN 'carved_out'
                     WHEN v_left.visits = 0 THEN 'limit_reached'
                     WHEN t.auth_required AND NOT EXISTS (
                         SELECT FROM costshare.prior_auth pa
                          WHERE pa.member_id = price_271.member AND pa.plan_id = v_plan
                            AND pa.category = v_cat AND pa.valid @> price_271.service_date)
                     THEN 'auth_required' ELSE 'eligible' END;
    v_reasons := v_reasons || CASE v_status WHEN 'not_eligible' THEN ARRAY['no_active_coverage']
                                            WHEN 'carved_out' THEN ARRAY['carved_out']
                                            WHEN 'limit_reached' THEN ARRAY['visit_limit_reached']
                                            WHEN 'auth_required' THEN ARRAY['prior_auth_required']
                                            ELSE '{}'::text[] END;
    IF out_of_network THEN
        v_reasons := v_reasons || 'out_of_network'::text;
    END IF;
    IF v_allowed IS NULL THEN
        v_reasons := v_reasons || 'no_fee_schedule'::text;
    END IF;
    -- session 16 (not in 32be8ff): a 271 that states neither a copay nor a coinsurance for the line
    -- gives no number (no_benefit_data), not a patient share of 0; the C applies the same rule
    IF t.copay IS NULL AND t.coinsurance IS NULL AND v_status NOT IN ('not_eligible', 'carved_out') THEN
        v_reasons := v_reasons || 'no_benefit_data'::text;
    END IF;
    IF v_allowed IS NOT NULL AND v_status NOT IN ('not_eligible', 'carved_out')
       AND (t.copay IS NOT NULL OR t.coinsurance IS NOT NULL) THEN
        b := costshare.adjudicate(v_allowed, pt, acc, billed);
        r.line := b;
        IF b.allowed IS DISTINCT FROM v_allowed THEN
            v_allowed := b.allowed;   -- the lesser of the charge and the allowed amount
            v_allowed_source := 'billed';
        END IF;
    END IF;
    r.estimate := ROW(v_status, v_reasons,
                      v_plan, v_payer, e.cob_position, v_cat, CASE WHEN out_of_network THEN 'out' ELSE 'in' END,
                      v_allowed, v_allowed_source,
                      b.copay, b.deductible, b.coinsurance, b.not_covered, b.balance_bill,
                      b.patient_pays, b.plan_pays, b.oop_capped, b.adjustment_codes,
                      acc, b.acc_after,
                      '271', v_ic, v_as_of, r.stale, t.unknown,
                      NULL, NULL, NULL, b.plan_pays, NULL,
                      -- allowed_lines (part 89): the count behind the plan estimate's allowed amount when
                      -- that is the one used (or none was found), not behind a fee row found here
                      -- or behind the remittance median found here
                      coalesce(v_lines, CASE WHEN e.allowed IS NOT NULL OR v_allowed IS NULL THEN e.allowed_lines END),
                      -- plan_max_left (part 90): the plan design's plan-paid maximums do not price a 271 line
                      NULL,
                      -- the third payer (part 91): a line the 271 prices is not coordinated
                      NULL, NULL, NULL, NULL)::costshare.estimate_result;
    RETURN r;
END $$;
