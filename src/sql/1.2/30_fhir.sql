-- 30_fhir.sql: FHIR R4 shapes as jsonb, composed from the plan tables and the existing readers
-- (eligibility, estimate, line_context, accumulators). Nothing is decided here: every amount is what
-- those readers return, and money becomes a JSON number with two decimals straight from numeric.
-- The mapping (element by element, and the code systems used) is in doc/fhir.md.

CREATE FUNCTION @extschema@.fhir_money(amount numeric)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN $1 IS NOT NULL
                THEN jsonb_build_object('value', round($1, 2), 'currency', 'USD') END
$$;
COMMENT ON FUNCTION @extschema@.fhir_money(numeric) IS
    'A FHIR Money value: {"value": amount with exactly two decimals (from numeric, never a float), "currency": "USD"}; NULL for NULL.';

CREATE FUNCTION @extschema@.fhir_service_type(category text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- the X12 service type (271 EB03) that carries each shipped benefit category; the category itself
    -- is the text, so a category of the practice's own still reads
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'coding', CASE WHEN st.code IS NOT NULL THEN jsonb_build_array(jsonb_build_object(
                      'system', 'https://x12.org/codes/service-type-codes', 'code', st.code, 'display', st.display)) END,
        'text', $1))
    FROM (SELECT CASE WHEN $1 IS NULL THEN '30'
                      WHEN $1 IN ('mh_psychotherapy', 'mh_psychotherapy_addon', 'mh_family', 'mh_group') THEN 'A6'
                      WHEN $1 IN ('mh_diagnostic', 'mh_crisis') THEN 'MH'
                      WHEN $1 = 'office_visit' THEN '98' END AS code,
                 CASE WHEN $1 IS NULL THEN 'Health Benefit Plan Coverage'
                      WHEN $1 IN ('mh_psychotherapy', 'mh_psychotherapy_addon', 'mh_family', 'mh_group') THEN 'Psychotherapy'
                      WHEN $1 IN ('mh_diagnostic', 'mh_crisis') THEN 'Mental Health'
                      WHEN $1 = 'office_visit' THEN 'Professional (Physician) Visit - Office' END AS display) st
$$;
COMMENT ON FUNCTION @extschema@.fhir_service_type(text) IS
    'A FHIR CodeableConcept for a benefit category: the X12 service type code (https://x12.org/codes/service-type-codes; A6 psychotherapy, MH mental health, 98 office visit; 30 health benefit plan coverage for NULL, the plan level) with the category as text.';

CREATE FUNCTION @extschema@.fhir_eligibility_response(
    member text, service_date date, service_code text DEFAULT NULL,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11')
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_member ALIAS FOR $1; v_date ALIAS FOR $2; v_code ALIAS FOR $3; v_provider ALIAS FOR $4; v_pos ALIAS FOR $5;
    elig @extschema@.eligibility_result;
    known boolean;
    v_payer text;
    insurance jsonb;
    coding_net CONSTANT text := 'http://terminology.hl7.org/CodeSystem/benefit-network';
    coding_unit CONSTANT text := 'http://terminology.hl7.org/CodeSystem/benefit-unit';
    coding_term CONSTANT text := 'http://terminology.hl7.org/CodeSystem/benefit-term';
    coding_type CONSTANT text := 'http://terminology.hl7.org/CodeSystem/benefit-type';
    coding_pct CONSTANT text := 'http://hl7.org/fhir/us/davinci-pct/CodeSystem/PCTFinancialType';
BEGIN
    IF v_member IS NULL OR v_date IS NULL THEN
        RAISE EXCEPTION 'member and service date must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'A CoverageEligibilityResponse is about one member on one date.',
            HINT = 'Pass the member and the date; the service code, provider and place of service are optional.';
    END IF;
    IF NOT isfinite(v_date) THEN
        RAISE EXCEPTION 'service date must be a finite date' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The service date is infinity or -infinity.', HINT = 'Give the date of service.';
    END IF;
    -- the member and their enrollments through the estimate's lookups (the same rights: SELECT on the
    -- tables or costshare_estimator; see 64_dba_safety.sql)
    known := @extschema@.member_known(v_member);
    IF v_code IS NOT NULL THEN
        elig := @extschema@.eligibility(v_member, v_date, v_code, v_provider, coalesce(v_pos, '11'));
    END IF;

    -- one insurance per coverage active on the date, primary first (COB order); the insurer is the
    -- primary's payer (or the one eligibility() chose for the service)
    SELECT jsonb_agg(ins ORDER BY position), (array_agg((c.pl).payer_id ORDER BY position))[1]
      INTO insurance, v_payer
    FROM (
        SELECT cob.cob_position AS position,
               e, pl, py, @extschema@.benefit_period(v_date, pl.period_start) AS period
          FROM @extschema@.member_enrollments(v_member) e
          JOIN @extschema@.member_cob_positions(v_member, v_date) cob ON cob.enrollment_id = e.enrollment_id
          JOIN @extschema@.plan pl ON pl.plan_id = e.plan_id
          JOIN @extschema@.payer py ON py.payer_id = pl.payer_id
         WHERE e.coverage @> v_date
    ) c
    CROSS JOIN LATERAL (
        SELECT jsonb_strip_nulls(jsonb_build_object(
            'coverage', jsonb_build_object(
                'identifier', jsonb_build_object('value', (c.e).payer_member_id),
                'display', (c.pl).name),
            'inforce', true,
            'benefitPeriod', jsonb_build_object('start', lower(c.period), 'end', upper(c.period) - 1),
            'item', coalesce(plan_items.items, '[]'::jsonb) || coalesce(benefit_items.items, '[]'::jsonb))) AS ins
        FROM
        -- the plan level: deductible and out-of-pocket maximum per bucket, individual and (family
        -- coverage) family, allowed (the limit) and used (the accumulators up to the date)
        (SELECT jsonb_agg(item ORDER BY lim.bucket, unit_order) AS items
           FROM @extschema@.plan_limit lim
          CROSS JOIN LATERAL @extschema@.accumulators(v_member, (c.e).family_id, (c.pl).plan_id, lim.bucket, NULL,
                                                      c.period, v_date) acc
          CROSS JOIN LATERAL (VALUES
              (1, 'individual', lim.ded_individual, acc.ded_individual_met, lim.oop_individual, acc.oop_individual_met),
              (2, 'family', CASE WHEN (c.e).coverage_level = 'family' THEN lim.ded_family END, acc.ded_family_met,
                            CASE WHEN (c.e).coverage_level = 'family' THEN lim.oop_family END, acc.oop_family_met))
              AS u(unit_order, unit, ded_total, ded_used, oop_total, oop_used)
          CROSS JOIN LATERAL (SELECT jsonb_build_object(
              'category', @extschema@.fhir_service_type(NULL),
              'network', jsonb_build_object('coding', jsonb_build_array(CASE WHEN lim.bucket IN ('in', 'out')
                  THEN jsonb_build_object('system', coding_net, 'code', lim.bucket)
                  ELSE jsonb_build_object('code', lim.bucket) END)),
              'unit', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_unit, 'code', u.unit))),
              'term', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_term, 'code', 'annual'))),
              'benefit', (SELECT jsonb_agg(x ORDER BY o) FROM (VALUES
                  (1, CASE WHEN u.ded_total IS NOT NULL THEN jsonb_build_object(
                      'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_type, 'code', 'deductible'))),
                      'allowedMoney', @extschema@.fhir_money(u.ded_total),
                      'usedMoney', @extschema@.fhir_money(u.ded_used)) END),
                  (2, CASE WHEN u.oop_total IS NOT NULL THEN jsonb_build_object(
                      'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_pct, 'code', 'out-of-pocket-maximum'))),
                      'allowedMoney', @extschema@.fhir_money(u.oop_total),
                      'usedMoney', @extschema@.fhir_money(u.oop_used)) END)) AS b(o, x)
                  WHERE x IS NOT NULL)) AS item) it
          WHERE lim.plan_id = (c.pl).plan_id AND (u.ded_total IS NOT NULL OR u.oop_total IS NOT NULL)) plan_items,
        -- per benefit category and network: covered or not, authorization, copay, coinsurance, visits
        (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                    'category', @extschema@.fhir_service_type(b.category),
                    'network', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_net, 'code', b.network))),
                    'unit', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_unit, 'code', 'individual'))),
                    'term', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_term, 'code', 'annual'))),
                    'excluded', NOT b.covered,
                    'authorizationRequired', b.auth_required,
                    'description', CASE WHEN b.carve_out_admin IS NOT NULL
                                        THEN 'Benefits are administered by ' || b.carve_out_admin END,
                    'benefit', CASE WHEN b.covered AND b.carve_out_admin IS NULL THEN (
                        SELECT jsonb_agg(x ORDER BY o) FROM (VALUES
                          (1, CASE WHEN b.copay IS NOT NULL THEN jsonb_build_object(
                              'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_type, 'code', 'copay'))),
                              'allowedMoney', @extschema@.fhir_money(b.copay)) END),
                          (2, CASE WHEN b.coinsurance > 0 THEN jsonb_build_object(
                              'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_type, 'code', 'copay-percent'))),
                              CASE WHEN b.coinsurance * 100 = trunc(b.coinsurance * 100) THEN 'allowedUnsignedInt' ELSE 'allowedString' END,
                              CASE WHEN b.coinsurance * 100 = trunc(b.coinsurance * 100)
                                   THEN to_jsonb(trunc(b.coinsurance * 100)::integer)
                                   ELSE to_jsonb(trim_scale(b.coinsurance * 100)::text) END) END),
                          (3, CASE WHEN b.visit_limit IS NOT NULL THEN jsonb_build_object(
                              'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', coding_type, 'code', 'visit'))),
                              'allowedUnsignedInt', b.visit_limit,
                              'usedUnsignedInt', (@extschema@.accumulators(v_member, (c.e).family_id, (c.pl).plan_id,
                                                      coalesce(b.bucket, b.network), b.category, c.period, v_date)).visits_used) END))
                          AS v(o, x) WHERE x IS NOT NULL) END))
                    ORDER BY b.category, b.network) AS items
           FROM @extschema@.benefit b
          WHERE b.plan_id = (c.pl).plan_id
            AND (elig.category IS NULL OR b.category = elig.category)) benefit_items
    ) i;

    RETURN jsonb_strip_nulls(jsonb_build_object(
        'resourceType', 'CoverageEligibilityResponse',
        'status', 'active',
        'purpose', CASE WHEN v_code IS NULL THEN jsonb_build_array('benefits')
                        ELSE jsonb_build_array('validation', 'benefits') END,
        'patient', jsonb_build_object('reference', 'Patient/' || v_member),
        'servicedDate', v_date,
        'created', to_char(current_date, 'YYYY-MM-DD'),
        'request', jsonb_build_object('display', 'costshare eligibility inquiry'),
        'outcome', CASE WHEN known THEN 'complete' ELSE 'error' END,
        'disposition', CASE WHEN elig.status IS NOT NULL
                            THEN elig.status || CASE WHEN cardinality(elig.reasons) > 0
                                                     THEN ': ' || array_to_string(elig.reasons, ', ') ELSE '' END END,
        'insurer', coalesce((SELECT jsonb_build_object('identifier', jsonb_build_object('value', p.payer_id), 'display', p.name)
                               FROM @extschema@.payer p WHERE p.payer_id = coalesce(elig.payer_id, v_payer)),
                            jsonb_build_object('display', 'no coverage on file')),
        'insurance', coalesce(insurance, '[]'::jsonb),
        'error', CASE WHEN NOT known THEN jsonb_build_array(jsonb_build_object('code', jsonb_build_object(
                          'text', 'unknown_member'))) END));
END $$;
COMMENT ON FUNCTION @extschema@.fhir_eligibility_response(text, date, text, text, text) IS
    'A FHIR R4 CoverageEligibilityResponse (jsonb) for a member on a date from the plan tables: one insurance per active coverage in COB order with its benefit period; plan-level deductible and out-of-pocket maximum (allowed and used, individual and family, per network bucket); per benefit category and network the copay, coinsurance percent, visit limit (allowed and used), exclusion, prior authorization and carve-out. With a service code, only that category, and costshare.eligibility()''s status and reasons as disposition. See doc/fhir.md.';

CREATE FUNCTION @extschema@.fhir_estimate(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- an estimate as a Da Vinci Patient Cost Transparency style Advanced EOB: the amounts are
-- costshare.estimate()'s, the benefit balance the terms and accumulators line_context() found
DECLARE
    v_member ALIAS FOR $1; v_date ALIAS FOR $2; v_code ALIAS FOR $3; v_provider ALIAS FOR $4;
    v_pos text := coalesce($5, '11'); v_billed ALIAS FOR $6;
    e @extschema@.estimate_result;
    c @extschema@.line_context;
    t @extschema@.terms;
    adj CONSTANT text := 'http://terminology.hl7.org/CodeSystem/adjudication';
    c4bb CONSTANT text := 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication';
    pct CONSTANT text := 'http://hl7.org/fhir/us/davinci-pct/CodeSystem/PCTFinancialType';
    carc CONSTANT text := 'https://x12.org/codes/claim-adjustment-reason-codes';
    priced boolean;
    adjudication jsonb;
    totals jsonb;
BEGIN
    e := @extschema@.estimate(v_member, v_date, v_code, v_provider, v_pos, v_billed);
    c := @extschema@.line_context(v_member, v_date, v_code, v_provider, v_pos);
    t := c.terms;
    priced := e.patient_pays IS NOT NULL;

    -- per item: submitted (billed, else allowed), eligible (allowed), the member's parts, the
    -- member's liability and the plan's benefit; the 835 reason codes on the parts they explain
    SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
               'category', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', a.sys, 'code', a.code))),
               'reason', CASE WHEN a.reason IS NOT NULL THEN jsonb_build_object('coding', jsonb_build_array(
                                  jsonb_build_object('system', carc, 'code', a.reason))) END,
               'amount', @extschema@.fhir_money(a.amount))) ORDER BY a.o)
      INTO adjudication
      FROM (VALUES
        (1, adj, 'submitted', coalesce(v_billed, e.allowed), NULL::text),
        (2, adj, 'eligible', e.allowed, NULL),
        (3, adj, 'copay', e.copay, CASE WHEN e.copay > 0 THEN '3' END),
        (4, adj, 'deductible', e.deductible, CASE WHEN e.deductible > 0 THEN '1' END),
        (5, c4bb, 'coinsurance', e.coinsurance, CASE WHEN e.coinsurance > 0 THEN '2' END),
        (6, c4bb, 'noncovered', nullif(e.not_covered, 0),
            CASE WHEN '96' = ANY (e.adjustment_codes) THEN '96' WHEN '119' = ANY (e.adjustment_codes) THEN '119' END),
        -- the EOB is the primary payer's: the patient's liability under it, before any second (or
        -- third) payer (estimate_result.secondary_pays, third_pays, 1.2) pays part of it
        (7, c4bb, 'memberliability', e.patient_pays + coalesce(e.secondary_pays, 0) + coalesce(e.third_pays, 0), NULL),
        (8, adj, 'benefit', e.plan_pays, NULL)) AS a(o, sys, code, amount, reason)
     WHERE priced AND a.amount IS NOT NULL;

    SELECT jsonb_agg(jsonb_build_object(
               'category', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', a.sys, 'code', a.code))),
               'amount', @extschema@.fhir_money(a.amount)) ORDER BY a.o)
      INTO totals
      FROM (VALUES (1, adj, 'submitted', coalesce(v_billed, e.allowed)), (2, adj, 'eligible', e.allowed),
                   (3, c4bb, 'memberliability', e.patient_pays + coalesce(e.secondary_pays, 0)),
                   (4, adj, 'benefit', e.plan_pays)) AS a(o, sys, code, amount)
     WHERE priced;

    RETURN jsonb_strip_nulls(jsonb_build_object(
        'resourceType', 'ExplanationOfBenefit',
        'status', 'active',
        'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
                    'system', 'http://terminology.hl7.org/CodeSystem/claim-type', 'code', 'professional'))),
        'use', 'predetermination',
        'patient', jsonb_build_object('reference', 'Patient/' || v_member),
        'billablePeriod', jsonb_build_object('start', v_date, 'end', v_date),
        'created', to_char(current_date, 'YYYY-MM-DD'),
        'insurer', coalesce((SELECT jsonb_build_object('identifier', jsonb_build_object('value', p.payer_id), 'display', p.name)
                               FROM @extschema@.payer p WHERE p.payer_id = e.payer_id),
                            jsonb_build_object('display', 'no coverage on file')),
        'provider', CASE WHEN v_provider IS NOT NULL
                         THEN jsonb_build_object('identifier', jsonb_build_object(
                                  'system', 'http://hl7.org/fhir/sid/us-npi', 'value', v_provider))
                         ELSE jsonb_build_object('display', 'provider not given') END,
        'outcome', CASE WHEN priced THEN 'complete' ELSE 'error' END,
        'disposition', e.status || CASE WHEN cardinality(e.reasons) > 0
                                        THEN ': ' || array_to_string(e.reasons, ', ') ELSE '' END,
        'insurance', CASE WHEN e.plan_id IS NOT NULL THEN jsonb_build_array(jsonb_build_object(
                         'focal', true,
                         'coverage', jsonb_build_object('display', (SELECT pl.name FROM @extschema@.plan pl
                                                                    WHERE pl.plan_id = e.plan_id)))) END,
        'item', jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
            'sequence', 1,
            'productOrService', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
                'system', 'http://www.ama-assn.org/go/cpt', 'code', v_code))),
            'servicedDate', v_date,
            'locationCodeableConcept', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
                'system', 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
                'code', v_pos))),
            'adjudication', adjudication))),
        'total', totals,
        'processNote', jsonb_build_array(jsonb_build_object(
            'number', 1, 'type', 'display', 'text', @extschema@.explain(e, 'en-US', t))),
        'benefitPeriod', CASE WHEN c.benefit_period IS NOT NULL THEN jsonb_build_object(
            'start', lower(c.benefit_period), 'end', upper(c.benefit_period) - 1) END,
        -- before this line: the limits of the terms and the accumulators as the payer and the
        -- ledger know them (what the estimate started from)
        'benefitBalance', CASE WHEN num_nonnulls(t) = 1 THEN jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
            'category', @extschema@.fhir_service_type(c.category),
            'network', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
                'system', 'http://terminology.hl7.org/CodeSystem/benefit-network',
                'code', CASE WHEN c.network = 'out' THEN 'out' ELSE 'in' END))),
            'unit', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
                'system', 'http://terminology.hl7.org/CodeSystem/benefit-unit',
                'code', CASE WHEN t.family_coverage THEN 'family' ELSE 'individual' END))),
            'term', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
                'system', 'http://terminology.hl7.org/CodeSystem/benefit-term', 'code', 'annual'))),
            'financial', (SELECT jsonb_agg(x ORDER BY o) FROM (VALUES
                (1, CASE WHEN t.ded_individual IS NOT NULL AND t.deductible_applies THEN jsonb_build_object(
                    'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', pct, 'code', 'deductible'))),
                    'allowedMoney', @extschema@.fhir_money(t.ded_individual),
                    'usedMoney', @extschema@.fhir_money((c.acc).ded_individual_met)) END),
                (2, CASE WHEN t.oop_individual IS NOT NULL THEN jsonb_build_object(
                    'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', pct, 'code', 'out-of-pocket-maximum'))),
                    'allowedMoney', @extschema@.fhir_money(t.oop_individual),
                    'usedMoney', @extschema@.fhir_money((c.acc).oop_individual_met)) END),
                (3, CASE WHEN t.visit_limit IS NOT NULL THEN jsonb_build_object(
                    'type', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object('system', pct, 'code', 'visit'))),
                    'allowedUnsignedInt', t.visit_limit,
                    'usedUnsignedInt', (c.acc).visits_used) END)) AS f(o, x)
                WHERE x IS NOT NULL)))) END));
END $$;
COMMENT ON FUNCTION @extschema@.fhir_estimate(text, date, text, text, text, numeric) IS
    'An estimate (costshare.estimate) as a FHIR R4 ExplanationOfBenefit in the style of the Da Vinci Patient Cost Transparency Advanced EOB (jsonb): use predetermination; per item the adjudication amounts submitted, eligible, copay, deductible, coinsurance, noncovered (with the 835 reason), memberliability and benefit; totals; the patient-facing explanation as processNote; benefitBalance with the deductible, out-of-pocket maximum and visits allowed and used before the line. Money has two decimals, from numeric. See doc/fhir.md.';
