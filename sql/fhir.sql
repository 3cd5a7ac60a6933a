-- fhir: costshare.fhir_eligibility_response() and costshare.fhir_estimate() on the sample practice
-- (sample/plans.sql): resource shapes, code systems, money as JSON numbers with exactly two decimals
-- equal to estimate()'s to the cent, COB order of insurances, deductible / OOP allowed and used from
-- the snapshot plus ledger, visits allowed and used, unknown members, carve-outs, refused inputs.
-- "created" is the day the test runs and is removed before comparing.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
-- empty plan tables, then the sample practice (sample/plans.sql), loaded quietly
\i test/regress/sample_practice.sql

-- ===================================================================================================
-- 1. CoverageEligibilityResponse
-- ===================================================================================================
-- Linh Nguyen (HDHP, self-only) on 2026-10-20: the payer's snapshot of 2026-10-01 (1,200.00 met) plus
-- the pending ledger line of 2026-10-15 (165.00) = 1,365.00 used of the 1,700.00 deductible.
SELECT jsonb_pretty(costshare.fhir_eligibility_response('M-NGUYEN-1', '2026-10-20') - 'created');
-- The used deductible is what costshare.eligibility() says remains, subtracted from the total.
SELECT (r #>> '{insurance,0,item,0,benefit,0,usedMoney,value}')::numeric AS used,
       1700.00 - (costshare.eligibility('M-NGUYEN-1', '2026-10-20', '90837')).ded_remaining AS from_eligibility,
       r #> '{insurance,0,item,0,benefit,0,usedMoney,value}' AS json_number,
       jsonb_typeof(r #> '{insurance,0,item,0,benefit,0,usedMoney,value}') AS json_type
FROM costshare.fhir_eligibility_response('M-NGUYEN-1', '2026-10-20') r;
-- Sofia Alvarez has two coverages: the insurances come in COB order (the birthday rule: her mother's
-- ACME-PPO first), each with its own plan; with a service code only that category, and the status.
SELECT r ->> 'disposition' AS disposition, r #>> '{insurer,identifier,value}' AS insurer,
       jsonb_path_query_array(r, '$.insurance[*].coverage.display') AS coverages,
       jsonb_path_query_array(r, '$.insurance[*].item[*].category.text') AS categories,
       jsonb_path_query_array(r, '$.insurance[0].item[*] ? (@.category.text == "mh_psychotherapy").benefit[*]') AS ppo_psychotherapy,
       jsonb_path_query_array(r, '$.insurance[0].item[*] ? (@.unit.coding[0].code == "family").benefit[*].allowedMoney.value') AS ppo_family_limits
FROM costshare.fhir_eligibility_response('M-ALVAREZ-3', '2026-10-20', '90837', '1222222223') r;
-- The carve-out says who administers it and offers no benefit amounts; a Medicaid auth is required.
SELECT jsonb_path_query_first(r, '$.insurance[0].item[*] ? (@.category.text == "mh_psychotherapy")') AS summit_psychotherapy
FROM costshare.fhir_eligibility_response('M-OKAFOR-1', '2026-10-05') r;
SELECT r ->> 'disposition' AS disposition,
       jsonb_path_query_first(r, '$.insurance[0].item[*] ? (@.category.text == "mh_family").authorizationRequired') AS auth
FROM costshare.fhir_eligibility_response('M-DAVIS-1', '2026-10-05', '90847', '1333333334') r;
-- Unknown member and no coverage on the date: no insurance; outcome error for the unknown member.
SELECT r - 'created' AS unknown FROM costshare.fhir_eligibility_response('NOBODY', '2026-10-05') r;
SELECT r ->> 'outcome' AS outcome, r -> 'insurance' AS insurance, r -> 'insurer' AS insurer
FROM costshare.fhir_eligibility_response('M-NGUYEN-1', '2024-06-01') r;

-- ===================================================================================================
-- 2. ExplanationOfBenefit (Advanced EOB style)
-- ===================================================================================================
-- The deductible finishes, then 20%: the whole resource.
SELECT jsonb_pretty(costshare.fhir_estimate('M-NGUYEN-1', '2026-12-20', '90791', '1111111112') - 'created');
-- Every adjudication amount equals estimate()'s, to the cent, as a JSON number with two decimals.
CREATE TEMP TABLE cases (n int, member text, service_date date, code text, provider text, billed numeric);
INSERT INTO cases VALUES
  (1, 'M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', NULL),
  (2, 'M-NGUYEN-1',  '2026-10-20', '90837', '1222222223', NULL),
  (3, 'M-NGUYEN-1',  '2026-12-20', '90791', '1111111112', NULL),
  (4, 'M-ALVAREZ-1', '2026-10-05', '90837', '1555555556', 250.00),
  (5, 'M-DAVIS-1',   '2026-10-05', '90837', '1333333334', NULL),
  (6, 'M-ALVAREZ-2', '2026-10-05', '90837', '1111111112', 210.00);
SELECT c.n, a.code, a.amount, a.json_amount, a.json_amount::text ~ '^\d+\.\d\d$' AS two_decimals,
       a.amount = CASE a.code WHEN 'submitted' THEN coalesce(c.billed, e.allowed) WHEN 'eligible' THEN e.allowed
                              WHEN 'copay' THEN e.copay WHEN 'deductible' THEN e.deductible
                              WHEN 'coinsurance' THEN e.coinsurance WHEN 'noncovered' THEN e.not_covered
                              -- the primary payer's EOB: the patient's liability before a second payer pays
                              -- (case 6: Jon Alvarez's spouse's PPO pays after his HDHP)
                              WHEN 'memberliability' THEN e.patient_pays + coalesce(e.secondary_pays, 0)
                              WHEN 'benefit' THEN e.plan_pays END AS equals_estimate
FROM cases c
CROSS JOIN LATERAL costshare.estimate(c.member, c.service_date, c.code, c.provider, '11', c.billed) e
CROSS JOIN LATERAL costshare.fhir_estimate(c.member, c.service_date, c.code, c.provider, '11', c.billed) f
CROSS JOIN LATERAL (SELECT x #>> '{category,coding,0,code}' AS code, x #> '{amount,value}' AS json_amount,
                           (x #>> '{amount,value}')::numeric AS amount
                    FROM jsonb_array_elements(f #> '{item,0,adjudication}') x) a
ORDER BY c.n, a.code;
-- The totals balance like an 835 line: memberliability + benefit = eligible + balance bill; and the
-- benefit balance (before the line) is the terms' limits and the accumulators estimate() started from.
SELECT c.n, f ->> 'outcome' AS outcome,
       jsonb_path_query_array(f, '$.total[*].amount.value') AS totals,
       (jsonb_path_query_first(f, '$.total[*] ? (@.category.coding[0].code == "memberliability").amount.value')::text::numeric
        + jsonb_path_query_first(f, '$.total[*] ? (@.category.coding[0].code == "benefit").amount.value')::text::numeric)
         = e.allowed + e.balance_bill AS balances,
       jsonb_path_query_array(f, '$.benefitBalance[0].financial[*].type.coding[0].code') AS financial,
       jsonb_path_query_array(f, '$.benefitBalance[0].financial[*].usedMoney.value') AS used_money,
       jsonb_path_query_first(f, '$.benefitBalance[0].financial[*] ? (@.type.coding[0].code == "deductible").usedMoney.value')::text::numeric
         IS NOT DISTINCT FROM CASE WHEN jsonb_path_exists(f, '$.benefitBalance[0].financial[*] ? (@.type.coding[0].code == "deductible")')
                                   THEN (e.acc_before).ded_individual_met END AS used_is_acc_before
FROM cases c
CROSS JOIN LATERAL costshare.estimate(c.member, c.service_date, c.code, c.provider, '11', c.billed) e
CROSS JOIN LATERAL costshare.fhir_estimate(c.member, c.service_date, c.code, c.provider, '11', c.billed) f
ORDER BY c.n;
-- An estimate that cannot be priced: no adjudication, outcome error, the reason and the explanation.
SELECT f - 'created' AS carved_out FROM costshare.fhir_estimate('M-OKAFOR-1', '2026-10-05', '90837', '1222222223') f;
-- The visit limit reached: not covered with reason 119, the patient liable for it all.
SELECT count(costshare.post_claim_line('CLM-A-' || g, 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', date '2026-01-05' + g,
                                       0, 25.00, 0, 'mh_psychotherapy', 'in', 1, date '2026-01-20' + g)) AS posted
FROM generate_series(1, 20) g;
SELECT f ->> 'disposition' AS disposition,
       jsonb_path_query_array(f, '$.item[0].adjudication[*] ? (@.category.coding[0].code == "noncovered")') AS noncovered,
       jsonb_path_query_array(f, '$.benefitBalance[0].financial[*] ? (@.type.coding[0].code == "visit")') AS visits
FROM costshare.fhir_estimate('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223') f;

-- ===================================================================================================
-- 3. Refused inputs and an empty search_path
-- ===================================================================================================
SELECT costshare.fhir_eligibility_response(NULL, '2026-10-05');
SELECT costshare.fhir_eligibility_response('M-NGUYEN-1', 'infinity');
SELECT costshare.fhir_estimate('M-NGUYEN-1', NULL, '90837');
SELECT costshare.fhir_money(1500), costshare.fhir_money(0.1), costshare.fhir_money(NULL) IS NULL AS null_is_null;
SET search_path = '';
SELECT (costshare.fhir_estimate('M-NGUYEN-1', '2026-10-20', '90837', '1222222223') #> '{total}') AS total,
       costshare.fhir_eligibility_response('M-NGUYEN-1', '2026-10-20') ->> 'resourceType' AS resource;
RESET search_path;
ROLLBACK;
