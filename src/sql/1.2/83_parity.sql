-- 83_parity.sql: the mental-health parity check of a plan (issue 14; MHPAEA, 29 CFR 2590.712(c)).
--
-- costshare.parity_check(plan) composes: each covered benefit row of the plan gets a classification
-- (inpatient / outpatient in or out of network, emergency, prescription) and a side (MH/SUD or
-- medical/surgical) from costshare.parity_category by its category, and the benefit's network; a spend
-- weight from the chosen input (costshare.parity_projection, or the allowed amounts of claims in the
-- ledger over a window); and per requirement type its level. The determination (substantially all,
-- predominant level, most restrictive MH/SUD level, verdict) is the engine's (src/engine/cs_parity.c)
-- through costshare.parity_decide. See doc/parity.md.

-- ---- the engine's determination -------------------------------------------------------------------

CREATE FUNCTION @extschema@.parity_decide(
    requirement text, mh_sud boolean[], applies boolean[], level numeric[], spend numeric[],
    OUT verdict text, OUT reason text, OUT med_surg_spend numeric, OUT subject_spend numeric,
    OUT substantially_all boolean, OUT predominant_level numeric, OUT predominant_combined boolean,
    OUT mh_sud_level numeric)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_parity_decide'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.parity_decide(text, boolean[], boolean[], numeric[], numeric[]) IS
    'The MHPAEA determination for one classification and requirement type (copay, coinsurance, deductible, visit_limit, prior_auth) from parallel arrays, one element per benefit: MH/SUD or med/surg, whether the type applies, its level (dollars; coinsurance as a fraction; visits; 1 for prior authorization) and its spend weight (dollars). Returns the verdict (pass, fail, not_applicable), the reason, the med/surg spend and the part subject to the type, whether that is substantially all (at least two-thirds), the predominant med/surg level (over one-half of the subject spend, else levels combined from the most restrictive down, the least restrictive of the combination) and the most restrictive MH/SUD level.';

-- ---- which side and classification a benefit category is ------------------------------------------

CREATE TABLE @extschema@.parity_category (
    category       text PRIMARY KEY CHECK (category <> ''),
    benefit_class  text NOT NULL CHECK (benefit_class IN ('mh_sud', 'med_surg')),
    setting        text NOT NULL DEFAULT 'outpatient'
                   CHECK (setting IN ('inpatient', 'outpatient', 'emergency', 'prescription')),
    seed           boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.parity_category IS
    'For the parity check (costshare.parity_check): whether a benefit category (costshare.benefit.category, costshare.service_code.category) is a mental-health / substance-use-disorder or a medical/surgical benefit, and its setting. The classification of a benefit row is its setting and, for inpatient and outpatient, its network.';
COMMENT ON COLUMN @extschema@.parity_category.category IS 'The benefit category, as in costshare.benefit and costshare.service_code.';
COMMENT ON COLUMN @extschema@.parity_category.benefit_class IS 'mh_sud (mental health or substance use disorder) or med_surg (medical/surgical).';
COMMENT ON COLUMN @extschema@.parity_category.setting IS 'inpatient, outpatient, emergency or prescription; with the benefit''s network it gives the MHPAEA classification (emergency and prescription are not split by network).';
COMMENT ON COLUMN @extschema@.parity_category.seed IS 'Shipped with the extension (read-only, not dumped); rows you add have seed = false.';

INSERT INTO @extschema@.parity_category (category, benefit_class, setting, seed) VALUES
  ('mh_diagnostic', 'mh_sud', 'outpatient', true),
  ('mh_psychotherapy', 'mh_sud', 'outpatient', true),
  ('mh_psychotherapy_addon', 'mh_sud', 'outpatient', true),
  ('mh_family', 'mh_sud', 'outpatient', true),
  ('mh_group', 'mh_sud', 'outpatient', true),
  ('mh_crisis', 'mh_sud', 'outpatient', true),
  ('office_visit', 'med_surg', 'outpatient', true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.parity_category', 'WHERE NOT seed');
CREATE TRIGGER parity_category_seed BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.parity_category
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seed_rows_read_only();
COMMENT ON TRIGGER parity_category_seed ON @extschema@.parity_category IS
    'Keeps the rows shipped with the extension read-only (add rows of your own).';

-- ---- spend weights: a projection ... ---------------------------------------------------------------

CREATE TABLE @extschema@.parity_projection (
    projection_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id         text NOT NULL REFERENCES @extschema@.plan ON DELETE CASCADE,
    classification  text CHECK (classification IN ('inpatient_in', 'inpatient_out', 'outpatient_in',
                                                   'outpatient_out', 'emergency', 'prescription')),
    category        text,
    service_code    text,
    network         text NOT NULL DEFAULT 'in' CHECK (network IN ('in', 'out')),
    projected_spend numeric NOT NULL,
    CHECK (category IS NOT NULL OR service_code IS NOT NULL)
);
COMMENT ON TABLE @extschema@.parity_projection IS
    'Projected spend (allowed amounts expected to be paid in a plan year) per plan, benefit category or service code, and network: the spend weights of costshare.parity_check(plan, ''projection''). A row with a service code and no category counts for the category the code maps to (the any-place, any-modifier row of costshare.service_code); several rows for one category add up.';
COMMENT ON COLUMN @extschema@.parity_projection.projection_id IS 'Identity of the row.';
COMMENT ON COLUMN @extschema@.parity_projection.plan_id IS 'The plan.';
COMMENT ON COLUMN @extschema@.parity_projection.classification IS 'Optional: the classification the row is meant for; when given it must be the one the category and network give (costshare.parity_check refuses the projection otherwise). NULL: not stated.';
COMMENT ON COLUMN @extschema@.parity_projection.category IS 'The benefit category; NULL: the category of service_code.';
COMMENT ON COLUMN @extschema@.parity_projection.service_code IS 'Optional CPT/HCPCS code the projection was made for (its category is used when category is NULL).';
COMMENT ON COLUMN @extschema@.parity_projection.network IS 'in or out: the benefit row (network) the spend falls to.';
COMMENT ON COLUMN @extschema@.parity_projection.projected_spend IS 'Projected allowed amount in dollars, whole cents, 0 to 1000000000.00.';
COMMENT ON SEQUENCE @extschema@.parity_projection_projection_id_seq IS 'Identity of costshare.parity_projection.';
CREATE INDEX parity_projection_plan ON @extschema@.parity_projection (plan_id);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.parity_projection', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.parity_projection_projection_id_seq', '');

ALTER TABLE @extschema@.parity_projection ADD CONSTRAINT parity_projection_projected_spend_range
    CHECK (projected_spend >= 0 AND projected_spend <= 1000000000 AND projected_spend = round(projected_spend, 2));
COMMENT ON CONSTRAINT parity_projection_projected_spend_range ON @extschema@.parity_projection IS
    'The range of projected_spend: whole cents from 0 to 1000000000.00, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
CREATE TRIGGER amount_check BEFORE INSERT OR UPDATE ON @extschema@.parity_projection
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_amounts('money:projected_spend');
COMMENT ON TRIGGER amount_check ON @extschema@.parity_projection IS
    'Refuses NaN, infinity, fractions of a cent and amounts, rates and counts out of range (costshare.check_amounts), naming the column and never a value of the row.';

-- ---- ... or the allowed amounts of claims in the ledger --------------------------------------------

ALTER TABLE @extschema@.accumulator_ledger ADD COLUMN allowed numeric;
COMMENT ON COLUMN @extschema@.accumulator_ledger.allowed IS
    'The line''s allowed amount in dollars when the poster knows it (post_835 records the remit''s, post_claim_line takes it as its allowed argument); NULL: not recorded. The spend weight of costshare.parity_check(plan, ''claims'', window).';
ALTER TABLE @extschema@.accumulator_ledger ADD CONSTRAINT accumulator_ledger_allowed_range
    CHECK (allowed >= 0 AND allowed <= 1000000000 AND allowed = round(allowed, 2));
COMMENT ON CONSTRAINT accumulator_ledger_allowed_range ON @extschema@.accumulator_ledger IS
    'The range of allowed: whole cents from 0 to 1000000000.00, never NaN. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.';
DROP TRIGGER amount_check ON @extschema@.accumulator_ledger;
CREATE TRIGGER amount_check BEFORE INSERT OR UPDATE ON @extschema@.accumulator_ledger
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_amounts('money:deductible', 'money:copay',
                                                           'money:coinsurance', 'count:visits', 'money:cob_normal_benefit',
                                                           'money:cob_paid', 'money:allowed');
COMMENT ON TRIGGER amount_check ON @extschema@.accumulator_ledger IS
    'Refuses NaN, infinity, fractions of a cent and amounts, rates and counts out of range (costshare.check_amounts), naming the column and never a value of the row.';

-- ---- the new tables: error guard, grants ------------------------------------------------------------

CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.parity_category
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.error_guard();
ALTER TABLE @extschema@.parity_category ENABLE ALWAYS TRIGGER error_guard;
COMMENT ON TRIGGER error_guard ON @extschema@.parity_category IS
    'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.';
CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.parity_projection
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.error_guard();
ALTER TABLE @extschema@.parity_projection ENABLE ALWAYS TRIGGER error_guard;
COMMENT ON TRIGGER error_guard ON @extschema@.parity_projection IS
    'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.';
GRANT SELECT ON @extschema@.parity_category, @extschema@.parity_projection TO costshare_estimator, costshare_loader;

-- ---- the check ---------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.parity_check(plan_id text, spend_source text DEFAULT 'projection',
                                         claims_window daterange DEFAULT NULL)
RETURNS TABLE (classification text, requirement text, verdict text, reason text,
               med_surg_spend numeric, subject_spend numeric, substantially_all boolean,
               predominant_level numeric, predominant_combined boolean, mh_sud_level numeric,
               level_unit text, explanation text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_missing text;
BEGIN
    IF plan_id IS NULL OR spend_source IS NULL THEN
        RAISE EXCEPTION 'plan_id and spend_source must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'The parity check needs the plan and the input of its spend weights.',
            HINT = 'Pass a plan_id of costshare.plan and projection or claims.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.plan p WHERE p.plan_id = parity_check.plan_id) THEN
        RAISE EXCEPTION 'unknown plan' USING ERRCODE = 'no_data_found',
            DETAIL = format('No plan %s in costshare.plan.', quote_literal(parity_check.plan_id)),
            HINT = 'Check the plan_id, or load the plan and its benefits first.';
    END IF;
    IF spend_source NOT IN ('projection', 'claims') THEN
        RAISE EXCEPTION 'unknown setting word' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'spend_source accepts projection (costshare.parity_projection) or claims (allowed amounts in costshare.accumulator_ledger).',
            HINT = 'Use one of the accepted words, in lower case.';
    END IF;
    IF spend_source = 'claims' AND (claims_window IS NULL OR isempty(claims_window)
                                    OR lower_inf(claims_window) OR upper_inf(claims_window)) THEN
        RAISE EXCEPTION 'claims window must be a bounded date range' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The claims input weighs benefits by the allowed amounts of claim lines with dates of service in the window.',
            HINT = 'Pass a window such as ''[2025-01-01,2026-01-01)''.';
    END IF;
    SELECT string_agg(DISTINCT b.category, ', ' ORDER BY b.category) INTO v_missing
      FROM @extschema@.benefit b
     WHERE b.plan_id = parity_check.plan_id AND b.covered
       AND NOT EXISTS (SELECT 1 FROM @extschema@.parity_category c WHERE c.category = b.category);
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'benefit category not classified for parity' USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = format('The plan''s categories %s have no row in costshare.parity_category.', v_missing),
            HINT = 'Insert a row per category into costshare.parity_category saying mh_sud or med_surg and its setting.';
    END IF;
    IF spend_source = 'projection' THEN
        SELECT string_agg(DISTINCT coalesce(pr.category, pr.service_code), ', ') INTO v_missing
          FROM @extschema@.parity_projection pr
          LEFT JOIN @extschema@.parity_category c
                 ON c.category = coalesce(pr.category, (SELECT s.category FROM @extschema@.service_code s
                                                         WHERE s.code = pr.service_code AND s.pos = '' AND s.modifier = ''))
         WHERE pr.plan_id = parity_check.plan_id
           AND (c.category IS NULL
                OR pr.classification <> CASE WHEN c.setting IN ('inpatient', 'outpatient') THEN c.setting || '_' || pr.network
                                             ELSE c.setting END);
        IF v_missing IS NOT NULL THEN
            RAISE EXCEPTION 'projection row does not match a classified category' USING ERRCODE = 'invalid_parameter_value',
                DETAIL = format('Projection rows for %s name a category or code without a costshare.parity_category row, or a classification other than their category and network give.', v_missing),
                HINT = 'Give each projection row a classified category (or a service code that maps to one) and leave classification NULL or make it agree.';
        END IF;
    END IF;

    RETURN QUERY
    WITH ben AS (
        SELECT b.category, b.network, c.benefit_class = 'mh_sud' AS mh_sud,
               CASE WHEN c.setting IN ('inpatient', 'outpatient') THEN c.setting || '_' || b.network
                    ELSE c.setting END AS cls,
               b.copay, b.coinsurance, b.deductible_applies, b.visit_limit, b.auth_required,
               (SELECT l.ded_individual FROM @extschema@.plan_limit l
                 WHERE l.plan_id = b.plan_id AND l.bucket = coalesce(b.bucket, b.network)) AS ded,
               CASE WHEN parity_check.spend_source = 'projection' THEN
                    (SELECT coalesce(sum(pr.projected_spend), 0) FROM @extschema@.parity_projection pr
                      WHERE pr.plan_id = b.plan_id AND pr.network = b.network
                        AND coalesce(pr.category, (SELECT s.category FROM @extschema@.service_code s
                                                    WHERE s.code = pr.service_code AND s.pos = '' AND s.modifier = '')) = b.category)
               ELSE
                    (SELECT coalesce(sum(x.allowed), 0)
                       FROM (SELECT DISTINCT ON (g.payer_id, g.claim_id, g.line_no) g.status, g.allowed, g.category,
                                    g.bucket, g.service_date
                               FROM @extschema@.accumulator_ledger g
                              WHERE g.plan_id = b.plan_id
                              ORDER BY g.payer_id, g.claim_id, g.line_no, g.claim_version DESC) x
                      WHERE x.status IN ('final', 'pending') AND x.category = b.category
                        AND x.bucket = coalesce(b.bucket, b.network)
                        AND x.service_date <@ parity_check.claims_window)
               END AS spend
          FROM @extschema@.benefit b
          JOIN @extschema@.parity_category c ON c.category = b.category
         WHERE b.plan_id = parity_check.plan_id AND b.covered
    ), req AS (
        SELECT r.ord AS rord, r.req FROM unnest(ARRAY['copay', 'coinsurance', 'deductible', 'visit_limit', 'prior_auth'])
                                        WITH ORDINALITY AS r (req, ord)
    ), cls AS (
        SELECT k.ord AS kord, k.cls FROM unnest(ARRAY['inpatient_in', 'inpatient_out', 'outpatient_in', 'outpatient_out',
                                                      'emergency', 'prescription']) WITH ORDINALITY AS k (cls, ord)
    ), items AS (
        SELECT cls.kord, cls.cls, req.rord, req.req,
               coalesce(array_agg(ben.mh_sud ORDER BY ben.category, ben.network) FILTER (WHERE ben.cls IS NOT NULL), '{}') AS mh,
               coalesce(array_agg(CASE req.req
                                    WHEN 'copay' THEN ben.copay > 0
                                    WHEN 'coinsurance' THEN ben.coinsurance > 0
                                    WHEN 'deductible' THEN ben.deductible_applies AND ben.ded > 0
                                    WHEN 'visit_limit' THEN ben.visit_limit IS NOT NULL
                                    ELSE ben.auth_required END
                                  ORDER BY ben.category, ben.network) FILTER (WHERE ben.cls IS NOT NULL), '{}') AS applies,
               coalesce(array_agg(CASE req.req
                                    WHEN 'copay' THEN ben.copay
                                    WHEN 'coinsurance' THEN ben.coinsurance
                                    WHEN 'deductible' THEN ben.ded
                                    WHEN 'visit_limit' THEN ben.visit_limit::numeric
                                    ELSE 1::numeric END
                                  ORDER BY ben.category, ben.network) FILTER (WHERE ben.cls IS NOT NULL), '{}') AS lvl,
               coalesce(array_agg(ben.spend ORDER BY ben.category, ben.network) FILTER (WHERE ben.cls IS NOT NULL), '{}') AS spend
          FROM cls CROSS JOIN req
          LEFT JOIN ben ON ben.cls = cls.cls
         GROUP BY cls.kord, cls.cls, req.rord, req.req
    )
    SELECT i.cls, i.req, d.verdict, d.reason, d.med_surg_spend, d.subject_spend, d.substantially_all,
           d.predominant_level, d.predominant_combined, d.mh_sud_level,
           CASE i.req WHEN 'copay' THEN 'dollars per visit' WHEN 'coinsurance' THEN 'fraction of allowed'
                      WHEN 'deductible' THEN 'dollars (individual deductible)' WHEN 'visit_limit' THEN 'visits per period'
                      ELSE 'required (1)' END,
           CASE d.reason
             WHEN 'no_mh_sud_benefit' THEN 'No MH/SUD benefit in this classification.'
             WHEN 'no_med_surg_spend' THEN 'No med/surg spend in this classification to compare with.'
             WHEN 'not_applied_to_mh_sud' THEN format('No MH/SUD benefit here has a %s.', CASE i.req WHEN 'prior_auth' THEN 'prior authorization requirement' ELSE replace(i.req, '_', ' ') END)
             WHEN 'within_predominant' THEN format('The most restrictive MH/SUD level %s is no more restrictive than the predominant med/surg level %s.',
                                                   d.mh_sud_level, d.predominant_level)
             WHEN 'also_applied_to_med_surg' THEN 'Prior authorization also applies to med/surg benefits here; whether the processes are comparable is not computable from the plan tables.'
             WHEN 'more_restrictive_than_predominant' THEN format('The MH/SUD level %s is more restrictive than the predominant med/surg level %s.',
                                                                  d.mh_sud_level, d.predominant_level)
             WHEN 'not_substantially_all' THEN format('The %s applies to %s of %s of med/surg spend, less than two-thirds, so it cannot apply to MH/SUD benefits.',
                                                      replace(i.req, '_', ' '), d.subject_spend, d.med_surg_spend)
             WHEN 'mh_sud_only' THEN format('The %s applies to MH/SUD benefits and to no med/surg benefit here.', CASE i.req WHEN 'prior_auth' THEN 'prior authorization requirement' ELSE replace(i.req, '_', ' ') END)
           END
      FROM items i
     CROSS JOIN LATERAL @extschema@.parity_decide(i.req, i.mh, i.applies, i.lvl, i.spend) d
     ORDER BY i.kord, i.rord;
END $$;
COMMENT ON FUNCTION @extschema@.parity_check(text, text, daterange) IS
    'Mental-health parity check of a plan (MHPAEA, 29 CFR 2590.712(c)): one row per classification (inpatient_in, inpatient_out, outpatient_in, outpatient_out, emergency, prescription) and requirement type (copay, coinsurance, deductible, visit_limit, prior_auth) with the med/surg spend and the part subject to the type, whether that is substantially all (two-thirds), the predominant med/surg level, the most restrictive MH/SUD level, the verdict (pass, fail, not_applicable), the reason and an explanation. Classification and side come from costshare.parity_category and the benefit''s network; spend weights from costshare.parity_projection (spend_source projection) or the allowed amounts of final and pending claim lines in costshare.accumulator_ledger with dates of service in claims_window (spend_source claims). Unknown plan: P0002 (no_data_found). See doc/parity.md.';
