-- parity.sql: costshare.parity_check (issue 14, MHPAEA 29 CFR 2590.712(c)): a plan that passes, one
-- that fails for each reason (copay over the predominant level, coinsurance, deductible on MH/SUD
-- only, visit limit on MH/SUD only, prior authorization on MH/SUD only, a type that is not on
-- substantially all med/surg spend), both spend inputs (projection, claims in the ledger), errors.
-- Everything runs in one transaction that is rolled back at the end (errors roll back to the statement).
\set VERBOSITY default
SET client_min_messages = warning;
\set ON_ERROR_ROLLBACK on
BEGIN;
-- the sample practice (sample/plans.sql): ACME-PPO fails (its 20-visit limit on therapy, where no
-- med/surg outpatient benefit has a visit limit); SUMMIT-PY passes
\i test/regress/sample_practice.sql
\set ON_ERROR_ROLLBACK on
SELECT p.plan_id, c.classification, c.requirement, c.verdict, c.reason, c.explanation
  FROM (VALUES ('ACME-PPO'), ('SUMMIT-PY')) p(plan_id), LATERAL costshare.parity_check(p.plan_id) c
 WHERE c.verdict <> 'not_applicable'
 ORDER BY 1, 2, 3;
-- then only the hand-built plans below
SET LOCAL costshare.allow_ledger_truncate = on;
TRUNCATE costshare.accumulator_ledger, costshare.accumulator_snapshot, costshare.prior_auth,
         costshare.fee_schedule, costshare.network_participation, costshare.enrollment, costshare.member,
         costshare.benefit, costshare.plan_limit, costshare.parity_projection, costshare.plan, costshare.payer CASCADE;
RESET costshare.allow_ledger_truncate;

INSERT INTO costshare.payer (payer_id, name) VALUES ('PAR', 'Parity test payer');
INSERT INTO costshare.parity_category (category, benefit_class, setting) VALUES
  ('ms_surgery', 'med_surg', 'outpatient'), ('ms_inpatient', 'med_surg', 'inpatient'),
  ('mh_inpatient', 'mh_sud', 'inpatient'), ('ms_er', 'med_surg', 'emergency'),
  ('mh_er', 'mh_sud', 'emergency');
-- seed rows are read-only
UPDATE costshare.parity_category SET setting = 'inpatient' WHERE category = 'office_visit';

INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('PAR-OK', 'PAR', 'passes');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual) VALUES ('PAR-OK', 'in', 1000);
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies, visit_limit, auth_required) VALUES
  ('PAR-OK', 'office_visit', 'in', 30, 0, false, NULL, false),
  ('PAR-OK', 'ms_surgery', 'in', NULL, 0.2, true, NULL, false),
  ('PAR-OK', 'mh_psychotherapy', 'in', 25, 0, false, NULL, false),
  ('PAR-OK', 'ms_inpatient', 'in', NULL, 0.2, true, NULL, true),
  ('PAR-OK', 'mh_inpatient', 'in', NULL, 0.2, true, NULL, true),
  ('PAR-OK', 'ms_er', 'in', 150, 0, false, NULL, false),
  ('PAR-OK', 'mh_er', 'in', 150, 0, false, NULL, false);
INSERT INTO costshare.parity_projection (plan_id, category, service_code, classification, projected_spend) VALUES
  ('PAR-OK', 'office_visit', NULL, 'outpatient_in', 600000),
  ('PAR-OK', NULL, '99214', NULL, 300000),        -- a code: counts for office_visit
  ('PAR-OK', 'ms_surgery', NULL, NULL, 100000),
  ('PAR-OK', 'mh_psychotherapy', NULL, NULL, 80000),
  ('PAR-OK', 'ms_inpatient', NULL, 'inpatient_in', 500000),
  ('PAR-OK', 'ms_er', NULL, 'emergency', 50000);

SELECT classification, requirement, verdict, reason, med_surg_spend, subject_spend, substantially_all,
       predominant_level, mh_sud_level
  FROM costshare.parity_check('PAR-OK');
SELECT explanation FROM costshare.parity_check('PAR-OK') WHERE classification = 'outpatient_in';

-- failing plans: PAR-OK with one change each
CREATE TEMP TABLE variant (plan_id text, what text);
INSERT INTO variant VALUES
  ('PAR-COPAY', 'MH copay 40 over the predominant 30'),
  ('PAR-COINS', 'MH inpatient coinsurance 30% over the predominant 20%'),
  ('PAR-DED', 'deductible on MH psychotherapy only'),
  ('PAR-VISIT', 'visit limit on MH psychotherapy only'),
  ('PAR-AUTH', 'prior authorization on MH psychotherapy only'),
  ('PAR-SUBST', 'MH coinsurance where coinsurance is on 10% of med/surg spend');
INSERT INTO costshare.plan (plan_id, payer_id, name) SELECT plan_id, 'PAR', what FROM variant;
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual) SELECT plan_id, 'in', 1000 FROM variant;
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies, visit_limit, auth_required)
SELECT v.plan_id, b.category, b.network, b.copay, b.coinsurance, b.deductible_applies, b.visit_limit, b.auth_required
  FROM variant v CROSS JOIN costshare.benefit b WHERE b.plan_id = 'PAR-OK';
INSERT INTO costshare.parity_projection (plan_id, category, service_code, classification, projected_spend)
SELECT v.plan_id, p.category, p.service_code, p.classification, p.projected_spend
  FROM variant v CROSS JOIN costshare.parity_projection p WHERE p.plan_id = 'PAR-OK';
UPDATE costshare.benefit SET copay = 40 WHERE plan_id = 'PAR-COPAY' AND category = 'mh_psychotherapy';
UPDATE costshare.benefit SET coinsurance = 0.3 WHERE plan_id = 'PAR-COINS' AND category = 'mh_inpatient';
UPDATE costshare.benefit SET deductible_applies = (category = 'mh_psychotherapy')
 WHERE plan_id = 'PAR-DED' AND category IN ('mh_psychotherapy', 'ms_surgery');
UPDATE costshare.benefit SET visit_limit = 20 WHERE plan_id = 'PAR-VISIT' AND category = 'mh_psychotherapy';
UPDATE costshare.benefit SET auth_required = true WHERE plan_id = 'PAR-AUTH' AND category = 'mh_psychotherapy';
UPDATE costshare.benefit SET coinsurance = 0.1 WHERE plan_id = 'PAR-SUBST' AND category = 'mh_psychotherapy';

SELECT v.plan_id, c.classification, c.requirement, c.reason, c.predominant_level, c.mh_sud_level, c.explanation
  FROM variant v CROSS JOIN LATERAL costshare.parity_check(v.plan_id) c
 WHERE c.verdict = 'fail'
 ORDER BY v.plan_id, c.classification, c.requirement;
-- the passing plan has no failure
SELECT count(*) AS failures FROM costshare.parity_check('PAR-OK') WHERE verdict = 'fail';

-- levels combined: med/surg copays 10 / 20 / 50 on 30 / 30 / 40% of the spend: $50 + $20 (70%): $20
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('PAR-MIX', 'PAR', 'combined levels');
INSERT INTO costshare.parity_category (category, benefit_class, setting) VALUES
  ('ms_a', 'med_surg', 'outpatient'), ('ms_b', 'med_surg', 'outpatient'), ('ms_c', 'med_surg', 'outpatient');
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies) VALUES
  ('PAR-MIX', 'ms_a', 'in', 10, 0, false), ('PAR-MIX', 'ms_b', 'in', 20, 0, false),
  ('PAR-MIX', 'ms_c', 'in', 50, 0, false), ('PAR-MIX', 'mh_psychotherapy', 'in', 20, 0, false),
  ('PAR-MIX', 'mh_diagnostic', 'in', 25, 0, false);
INSERT INTO costshare.parity_projection (plan_id, category, projected_spend) VALUES
  ('PAR-MIX', 'ms_a', 300), ('PAR-MIX', 'ms_b', 300), ('PAR-MIX', 'ms_c', 400);
SELECT requirement, verdict, reason, predominant_level, predominant_combined, mh_sud_level
  FROM costshare.parity_check('PAR-MIX') WHERE classification = 'outpatient_in' AND requirement = 'copay';

-- the claims input: allowed amounts of final and pending lines in the window, latest version only
INSERT INTO costshare.member (member_id) VALUES ('PAR-M1');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('PAR-M1', 'PAR-M1', 'PAR-F1', 'PAR-COPAY', '[2025-01-01,)');
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, line_no, status, family_id, member_id, plan_id,
                                          bucket, category, service_date, allowed) VALUES
  ('PC-1', 1, 1, 'final', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', 'in', 'office_visit', '2025-03-01', 200.00),
  ('PC-2', 1, 1, 'final', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', 'in', 'ms_surgery', '2025-04-01', 900.00),
  ('PC-2', 2, 1, 'reversed', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', 'in', 'ms_surgery', '2025-04-01', 900.00),
  ('PC-3', 1, 1, 'pending', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', 'in', 'ms_surgery', '2025-05-01', 50.00),
  ('PC-4', 1, 1, 'final', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', 'in', 'ms_surgery', '2026-02-01', 5000.00),
  ('PC-5', 1, 1, 'estimated', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', 'in', 'ms_surgery', '2025-06-01', 5000.00),
  ('PC-6', 1, 1, 'final', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', 'in', 'mh_psychotherapy', '2025-06-01', 150.00);
-- 2025: office 200, surgery 50 (the reversed claim and 2026 do not count): the copay is on 200 of 250
SELECT classification, requirement, verdict, reason, med_surg_spend, subject_spend, predominant_level, mh_sud_level
  FROM costshare.parity_check('PAR-COPAY', 'claims', '[2025-01-01,2026-01-01)')
 WHERE classification = 'outpatient_in';
-- 2026 only: the surgery's coinsurance is the substantially-all type, the copay is not
SELECT requirement, verdict, reason, med_surg_spend, subject_spend
  FROM costshare.parity_check('PAR-COPAY', 'claims', '[2026-01-01,2027-01-01)')
 WHERE classification = 'outpatient_in' AND requirement IN ('copay', 'coinsurance');

-- the engine directly
SELECT * FROM costshare.parity_decide('visit_limit', ARRAY[false, false, true], ARRAY[true, false, true],
                                      ARRAY[30, NULL, 20]::numeric[], ARRAY[800, 200, 0]::numeric[]);

-- errors
\set ON_ERROR_STOP off
SELECT * FROM costshare.parity_check('NO-SUCH-PLAN');
SELECT * FROM costshare.parity_check('PAR-OK', 'history');
SELECT * FROM costshare.parity_check('PAR-OK', 'claims');
SELECT * FROM costshare.parity_check('PAR-OK', 'claims', '[2025-01-01,)');
SELECT * FROM costshare.parity_check(NULL);
INSERT INTO costshare.benefit (plan_id, category, network, copay) VALUES ('PAR-OK', 'ms_unmapped', 'out', 10);
SELECT * FROM costshare.parity_check('PAR-OK');
DELETE FROM costshare.benefit WHERE category = 'ms_unmapped';
INSERT INTO costshare.parity_projection (plan_id, category, classification, projected_spend) VALUES ('PAR-OK', 'ms_er', 'outpatient_in', 1);
SELECT * FROM costshare.parity_check('PAR-OK');
DELETE FROM costshare.parity_projection WHERE plan_id = 'PAR-OK' AND projected_spend = 1;
INSERT INTO costshare.parity_projection (plan_id, category, projected_spend) VALUES ('PAR-OK', 'ms_er', 'NaN');
INSERT INTO costshare.parity_projection (plan_id, category, projected_spend) VALUES ('PAR-OK', 'ms_er', 10.001);
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date, allowed)
VALUES ('PC-9', 'final', 'PAR-F1', 'PAR-M1', 'PAR-COPAY', '2025-01-02', -1);
SELECT * FROM costshare.parity_decide('copays', '{}', '{}', '{}', '{}');
SELECT * FROM costshare.parity_decide('copay', ARRAY[true], ARRAY[true, false], ARRAY[1, 2]::numeric[], ARRAY[1, 2]::numeric[]);
SELECT * FROM costshare.parity_decide('coinsurance', ARRAY[false], ARRAY[true], ARRAY[1.5]::numeric[], ARRAY[1]::numeric[]);
SELECT * FROM costshare.parity_decide('visit_limit', ARRAY[false], ARRAY[true], ARRAY[2.5]::numeric[], ARRAY[1]::numeric[]);
\set ON_ERROR_STOP on
ROLLBACK;
