-- estimate: costshare.estimate() and costshare.estimate_many() end to end on the sample practice
-- (sample/plans.sql) plus rows of its own: the most specific fee schedule row wins, overlapping fee
-- rows are refused (23P01), out-of-network terms and the balance bill (domain.md §5, worked figure 12),
-- payer snapshots plus ledger lines the snapshot does not reflect, plan-year resets (and fourth-quarter
-- carryover), statuses that must not be priced as covered, and estimate_many's order within a family.
-- Everything runs in one transaction that is rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
-- empty plan tables, then the sample practice (sample/plans.sql), loaded quietly
\i test/regress/sample_practice.sql
SELECT (SELECT count(*) FROM costshare.fee_schedule) AS fee_rows, (SELECT count(*) FROM costshare.accumulator_ledger) AS ledger_rows;

-- ===================================================================================================
-- 1. The most specific fee schedule row wins
-- ===================================================================================================
-- Sample rows for Acme 90837: payer-wide 165.00, MD 190.00, LCSW 140.00. More specific rows of this test:
INSERT INTO costshare.fee_schedule (payer_id, plan_id, code, modifier, facility, credential, state, valid, amount) VALUES
  ('ACME', 'ACME-HDHP', '90837', '', NULL, 'md', NULL, '[2025-01-01,)', 185.00),   -- HDHP plan, MD
  ('ACME', NULL, '90837', '', true, 'lcsw', NULL, '[2025-01-01,)', 130.00),        -- LCSW at facility rate
  ('ACME', NULL, '90837', '95', NULL, NULL, NULL, '[2025-01-01,)', 160.00),        -- telehealth modifier
  ('ACME', NULL, '90832', '', NULL, NULL, 'NE', '[2025-01-01,)', 85.00);           -- Nebraska (payer-wide 80.00)

-- Maria Alvarez (Acme PPO: 25.00 therapy copay, deductible waived; 15.00 telehealth copay) on 2026-10-05.
SELECT c.label, e.status, e.network, e.allowed, e.allowed_source, e.copay, e.deductible, e.coinsurance,
       e.patient_pays, e.plan_pays, e.allowed = c.expected_allowed AS ok
FROM (VALUES
  (1, 'PsyD: payer-wide row',               '90837', '1222222223', '11', 165.00),
  (2, 'MD: credential row',                 '90837', '1111111112', '11', 190.00),
  (3, 'LCSW in the office: credential row', '90837', '1333333334', '11', 140.00),
  (4, 'LCSW, POS 02: credential+facility',  '90837', '1333333334', '02', 130.00),
  (5, 'PsyD, POS 10 (home telehealth)',     '90837', '1222222223', '10', 165.00),
  (6, '90832 in Nebraska: state row',       '90832', '1222222223', '11', 85.00))
  AS c(n, label, code, provider, pos, expected_allowed)
CROSS JOIN LATERAL costshare.estimate('M-ALVAREZ-1', '2026-10-05', c.code, c.provider, c.pos) e
ORDER BY c.n;
-- Jon Alvarez (HDHP primary; nothing met in 2026): the plan's own MD row beats the payer-wide MD row.
-- He is also on his spouse's ACME-PPO (second by COB: his own plan as employee first), which pays after
-- the HDHP by the standard method: secondary pays min(N2, A2 - P1) with N2 what the PPO pays as primary
-- (its allowable less the $25 copay) and P1 = 0 (all of the HDHP line went to the deductible):
-- MD: PPO allowable 190, N2 165, pays 165 of the 185 owed -> patient 20; PsyD 165 - 25 = 140 -> 25;
-- LCSW 140 - 25 = 115 -> 25
SELECT p AS provider, e.plan_id, e.allowed, e.deductible, e.primary_pays, e.secondary_plan_id, e.cob_method,
       e.secondary_pays, e.patient_pays
FROM unnest(ARRAY['1111111112', '1222222223', '1333333334']) p
CROSS JOIN LATERAL costshare.estimate('M-ALVAREZ-2', '2026-10-05', '90837', p) e
ORDER BY p;
-- costshare.allowed_amount directly: modifier, state, date range; nothing on file gives NULL
SELECT c.label, a.amount, a.source
FROM (VALUES
  (1, 'modifier 95',              '90837', '95', false, 'psyd', 'NE', '2026-10-05'::date),
  (2, 'modifier GT (no row)',     '90837', 'GT', false, 'psyd', 'NE', '2026-10-05'),
  (3, 'modifier 95 beats MD row', '90837', '95', false, 'md',   'NE', '2026-10-05'),
  (4, '90832 in Iowa',            '90832', '',   false, 'psyd', 'IA', '2026-10-05'),
  (5, 'before the rows start',    '90837', '',   false, 'psyd', 'NE', '2024-12-31'),
  (6, 'code not on file',         '90846', '',   false, 'psyd', 'NE', '2026-10-05'))
  AS c(n, label, code, modifier, facility, credential, state, on_date)
CROSS JOIN LATERAL costshare.allowed_amount('ACME', 'ACME-PPO', c.code, c.modifier, c.facility,
                                            c.credential, c.state, NULL, NULL, c.on_date) a
ORDER BY c.n;
-- ... and it is the estimate's own choice of fee row (one rule, the engine's cs_fee_row_rank): for each
-- provider of the sample, the estimate's allowed amount is allowed_amount's for that provider's facts
SELECT pr.provider_id, e.allowed_source, e.allowed, a.amount, e.allowed = a.amount AS same
FROM costshare.provider pr
CROSS JOIN LATERAL costshare.estimate('M-ALVAREZ-1', '2026-10-05', '90837', pr.provider_id) e
CROSS JOIN LATERAL costshare.allowed_amount(e.payer_id, e.plan_id, '90837', '', false, pr.credential, pr.state,
                                            pr.medicare_mac, pr.medicare_locality, '2026-10-05') a
WHERE e.allowed_source IN ('fee_schedule', 'percent_of_medicare')
ORDER BY 1;

-- Overlapping rows for the same key are refused at insert time (SQLSTATE 23P01) ...
\set VERBOSITY sqlstate
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount)
VALUES ('ACME', '90837', '[2026-01-01,)', 170.00);
INSERT INTO costshare.fee_schedule (payer_id, code, credential, valid, amount)
VALUES ('ACME', '90837', 'md', '[2024-06-01,2025-06-01)', 180.00);
INSERT INTO costshare.fee_schedule (payer_id, plan_id, code, credential, valid, amount)
VALUES ('ACME', 'ACME-HDHP', '90837', 'md', '[2026-12-01,2027-02-01)', 200.00);
INSERT INTO costshare.fee_schedule (payer_id, code, modifier, valid, amount)
VALUES ('ACME', '90837', '95', '[2026-01-01,2026-02-01)', 150.00);
-- ... also an amount and a percent of Medicare for the same key
INSERT INTO costshare.fee_schedule (payer_id, code, valid, percent_of_medicare)
VALUES ('SUMMIT', '99214', '[2026-01-01,2027-01-01)', 1.25);
\set VERBOSITY default
-- A new rate from 2027: close the old row, then add the new one (adjacent ranges do not overlap).
UPDATE costshare.fee_schedule SET valid = '[2025-01-01,2027-01-01)' WHERE payer_id = 'SUMMIT' AND code = '99214';
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('SUMMIT', '99214', '[2027-01-01,)', 150.00);
-- rows that differ in a key column (state, facility) do not conflict
INSERT INTO costshare.fee_schedule (payer_id, code, state, valid, amount) VALUES ('SUMMIT', '99214', 'IA', '[2025-01-01,)', 135.00);
INSERT INTO costshare.fee_schedule (payer_id, code, facility, valid, amount) VALUES ('SUMMIT', '99214', true, '[2025-01-01,)', 120.00);
SELECT d AS on_date, e.allowed
FROM unnest(ARRAY['2026-12-31', '2027-01-04']::date[]) d
CROSS JOIN LATERAL costshare.estimate('M-OKAFOR-1', d, '99214', '1111111112') e
ORDER BY d;

-- ===================================================================================================
-- 2. Out of network: OON terms, OON accumulators, and the balance bill
-- ===================================================================================================
-- Riley Chen (LPC) is out of every Acme network. Maria, nothing met out of network in 2026: the OON
-- benefit (deductible 2,000, then 40%) applies to Acme's allowance 165.00; billed 250.00, so the
-- balance bill is 85.00: patient 165 + 85 = 250, plan 0.
SELECT status, reasons, network, allowed, copay, deductible, coinsurance, balance_bill, patient_pays,
       plan_pays, adjustment_codes, acc_after
FROM costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00);
-- Worked figure 12 (domain.md §11): billed 200, OON allowed 120, OON deductible met, 40%: coinsurance
-- 48 + balance bill 80 = 128; the OON OOP is credited 48 (the balance bill counts toward nothing).
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source)
VALUES ('F-ALVAREZ', 'M-ALVAREZ-1', 'ACME-PPO', 'out', '2026-06-30', 2000.00, 2000.00, '271');
SELECT status, network, allowed, deductible, coinsurance, balance_bill, patient_pays, plan_pays,
       adjustment_codes, (acc_before).oop_individual_met AS oop_before, (acc_after).oop_individual_met AS oop_after
FROM costshare.estimate('M-ALVAREZ-1', '2026-07-15', '90834', '1555555556', '11', 200.00);
-- In network a charge above the allowed amount is written off, never balance-billed.
SELECT network, allowed, copay, balance_bill, patient_pays, plan_pays
FROM costshare.estimate('M-ALVAREZ-1', '2026-07-15', '90834', '1222222223', '11', 200.00);
-- Casey Morgan (LMFT) left the Acme network at the end of 2025: Sofia's 90834 (allowed 120.00, billed
-- 180.00) is a 25.00 copay on 2025-12-31, and OON deductible plus a 60.00 balance bill on 2026-01-02.
SELECT d AS on_date, e.network, e.allowed, e.copay, e.deductible, e.balance_bill, e.patient_pays, e.plan_pays
FROM unnest(ARRAY['2025-12-31', '2026-01-02']::date[]) d
CROSS JOIN LATERAL costshare.estimate('M-ALVAREZ-3', d, '90834', '1444444445', '11', 180.00) e
ORDER BY d;

-- ===================================================================================================
-- 3. Accumulators: payer snapshot + ledger lines the snapshot does not reflect
-- ===================================================================================================
-- Linh Nguyen (HDHP 1,700, then 20%; 90837 with Dr. Raman: 185.00 on the HDHP). Snapshot 2026-10-01:
-- 1,200 met. Claims: 2026-09-20 180.00 adjudicated 2026-09-28 (in the snapshot: not added again),
-- 2026-10-15 165.00 pending (added), 2026-11-05 165.00 adjudicated 2026-11-12 (added).
--   10-05: met 1,200, 500 left: deductible 185
--   10-20: met 1,365, 335 left: deductible 185
--   11-20: met 1,530, 170 left: deductible 170, coinsurance 20% of 15 = 3.00, patient 173.00
SELECT d AS on_date, e.allowed, e.deductible, e.coinsurance, e.patient_pays, e.plan_pays,
       (e.acc_before).ded_individual_met AS ded_met_before, (e.acc_before).oop_individual_met AS oop_met_before,
       (e.acc_before).visits_used AS visits_before
FROM unnest(ARRAY['2026-10-05', '2026-10-20', '2026-11-20']::date[]) d
CROSS JOIN LATERAL costshare.estimate('M-NGUYEN-1', d, '90837', '1111111112') e
ORDER BY d;

-- ===================================================================================================
-- 4. Benefit period resets
-- ===================================================================================================
-- Calendar year (HDHP): 2026-12-31 still sees 1,530 met; 2027-01-04 starts from nothing.
SELECT d AS on_date, e.deductible, e.coinsurance, e.patient_pays, e.acc_before
FROM unnest(ARRAY['2026-12-31', '2027-01-04']::date[]) d
CROSS JOIN LATERAL costshare.estimate('M-NGUYEN-1', d, '90837', '1111111112') e
ORDER BY d;
-- A plan year starting July 1, without carryover: a deductible of 140.00 paid on 2026-06-20 counts on
-- 2026-06-25 (360.00 of 500.00 left) and not from 2026-07-01.
INSERT INTO costshare.plan (plan_id, payer_id, name, plan_type, period_start, carryover)
VALUES ('T-PY', 'SUMMIT', 'Summit plan-year PPO without carryover', 'ppo', '2025-07-01', false);
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, ded_family, oop_individual, oop_family)
VALUES ('T-PY', 'in', 500, 1000, 4000, 8000);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies)
VALUES ('T-PY', 'office_visit', 'in', 0.2, true);
INSERT INTO costshare.member (member_id, birth_date) VALUES ('T-PY-1', '1970-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('T-PY-1', 'T-PY-1', 'T-F-PY', 'T-PY', '[2025-07-01,)');
INSERT INTO costshare.network_participation (provider_id, plan_id, valid) VALUES ('1111111112', 'T-PY', '[2020-01-01,)');
SELECT costshare.post_claim_line('T-PY-C1', 1, 1, 'final', 'T-PY-1', 'T-PY', '2026-06-20', 140.00, 0, 0, 'office_visit');
SELECT d AS on_date, e.benefit_period, e.ded_remaining, e.oop_remaining
FROM unnest(ARRAY['2026-06-25', '2026-06-30', '2026-07-01']::date[]) d
CROSS JOIN LATERAL costshare.eligibility('T-PY-1', d, '99214', '1111111112') e
ORDER BY d;
SELECT d AS on_date, e.allowed, e.deductible, e.coinsurance, e.patient_pays, e.acc_before
FROM unnest(ARRAY['2026-06-25', '2026-07-01']::date[]) d
CROSS JOIN LATERAL costshare.estimate('T-PY-1', d, '99214', '1111111112') e
ORDER BY d;
-- Summit's plan has fourth-quarter carryover (plan year from July 1: April to June is the last
-- quarter). Ada Okafor paid 100.00 of deductible on 2026-03-10 (not carried) and 150.00 (+10.00
-- coinsurance) on 2026-06-20 (carried): from 2026-07-01 she has 500 - 150 = 350.00 of deductible left,
-- while the OOP starts again (4,000.00 left).
SELECT costshare.post_claim_line('S-OK-1', 1, 1, 'final', 'M-OKAFOR-1', 'SUMMIT-PY', '2026-03-10', 100.00, 0, 0, 'office_visit');
SELECT costshare.post_claim_line('S-OK-2', 1, 1, 'final', 'M-OKAFOR-1', 'SUMMIT-PY', '2026-06-20', 150.00, 0, 10.00, 'office_visit');
SELECT d AS on_date, e.benefit_period, e.ded_remaining, e.oop_remaining
FROM unnest(ARRAY['2026-06-25', '2026-07-05']::date[]) d
CROSS JOIN LATERAL costshare.eligibility('M-OKAFOR-1', d, '99214', '1111111112') e
ORDER BY d;

-- ===================================================================================================
-- 5. Statuses: what is priced and what is not
-- ===================================================================================================
-- carve-out: no amounts (Summit's behavioral health is priced by its carve-out administrator)
SELECT status, reasons, allowed, patient_pays, plan_pays
FROM costshare.estimate('M-OKAFOR-1', '2026-10-05', '90837', '1111111112');
-- a dependent aged out is not eligible: the plan pays nothing for him
SELECT status, reasons, plan_pays IS NULL OR plan_pays = 0 AS plan_pays_nothing
FROM costshare.estimate('M-ALVAREZ-4', '2026-10-05', '90837', '1222222223');
-- prior authorization required (Medicaid, no auth on file yet): says so; Medicaid has no cost share
SELECT status, reasons, allowed, patient_pays, plan_pays
FROM costshare.estimate('M-DAVIS-1', '2026-08-15', '90837', '1333333334');
-- out of network on a plan with in-network benefits only: not covered, nothing priced as covered
SELECT status, reasons, plan_pays IS NULL OR plan_pays = 0 AS plan_pays_nothing
FROM costshare.estimate('M-NGUYEN-1', '2026-10-05', '90837', '1555555556', '11', 250.00);
-- unknown member / code / provider: status unknown, no amounts, no member data
SELECT c.label, e.status, e.reasons[1] AS first_reason, e.allowed, e.patient_pays,
       position('NOBODY' IN row(e.*)::text) = 0 AS no_member_data
FROM (VALUES (1, 'unknown member', 'M-NOBODY-123', '90837', '1222222223'),
             (2, 'unknown code', 'M-ALVAREZ-1', '99999', '1222222223'),
             (3, 'unknown provider', 'M-ALVAREZ-1', '90837', '9999999999')) AS c(n, label, member, code, provider)
CROSS JOIN LATERAL costshare.estimate(c.member, '2026-10-05', c.code, c.provider) e
ORDER BY c.n;
-- No provider given: network unknown, in-network terms on the payer-wide rate (165.00; 170.00 left).
SELECT status, reasons, network, allowed, deductible, coinsurance, patient_pays, plan_pays
FROM costshare.estimate('M-NGUYEN-1', '2026-11-20', '90837');

-- ===================================================================================================
-- 6. estimate_many: order-aware within a family, unknown members get a row with a NULL line
-- ===================================================================================================
-- A family on the HDHP with family coverage (embedded 1,700 / 3,400, then 20%). Already posted in
-- 2026: the subscriber met her 1,700; the spouse paid 1,550. The family has 150.00 left.
INSERT INTO costshare.member (member_id, birth_date) VALUES
  ('T-FAM-1', '1985-01-01'), ('T-FAM-2', '1987-02-02'), ('T-FAM-3', '2015-03-03');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level) VALUES
  ('T-FAM-1', 'T-FAM-1', 'T-F-FAM', 'ACME-HDHP', '[2026-01-01,)', 'self', 'family'),
  ('T-FAM-2', 'T-FAM-1', 'T-F-FAM', 'ACME-HDHP', '[2026-01-01,)', 'spouse', 'family'),
  ('T-FAM-3', 'T-FAM-1', 'T-F-FAM', 'ACME-HDHP', '[2026-01-01,)', 'child', 'family');
SELECT costshare.post_claim_line('T-FAM-C1', 1, 1, 'final', 'T-FAM-1', 'ACME-HDHP', '2026-02-01', 1700.00, 0, 0, 'mh_psychotherapy');
SELECT costshare.post_claim_line('T-FAM-C2', 1, 1, 'final', 'T-FAM-2', 'ACME-HDHP', '2026-02-10', 1550.00, 0, 0, 'mh_psychotherapy');
-- Appointments (90837 with Dr. Raman: 185.00 on the HDHP), given out of date order:
--   10: the child on 03-03, 11: the spouse on 03-02 -> the spouse's line comes first: deductible
--       150.00 (family and individual both have 150 left), coinsurance 20% of 35 = 7.00, patient 157.00;
--       then the child: family deductible met, coinsurance 20% of 185 = 37.00, patient 37.00
--   12: an unknown member: a row with a NULL line
--   13: Linh Nguyen on 03-03, another family: 185.00 to her own deductible, untouched by the others
--   14: Ada Okafor's therapy (carved out): a row with a NULL line
SELECT m.appt_id, m.status, m.reasons, m.plan_id, m.network, m.allowed, (m.line).deductible,
       (m.line).coinsurance, (m.line).patient_pays, (m.line).plan_pays,
       (m.line).acc_after.ded_family_met AS family_ded_met_after
FROM costshare.estimate_many(ARRAY[
  (10, 'T-FAM-3', '2026-03-03', '90837', '1111111112', '11', NULL),
  (11, 'T-FAM-2', '2026-03-02', '90837', '1111111112', '11', NULL),
  (12, 'M-NOBODY-123', '2026-03-03', '90837', '1111111112', '11', NULL),
  (13, 'M-NGUYEN-1', '2026-03-03', '90837', '1111111112', '11', NULL),
  (14, 'M-OKAFOR-1', '2026-03-03', '90837', '1111111112', NULL, NULL)]::costshare.appointment[]) m
ORDER BY m.appt_id;
-- One at a time the child's estimate cannot know about the spouse's appointment the day before.
SELECT deductible, coinsurance, patient_pays
FROM costshare.estimate('T-FAM-3', '2026-03-03', '90837', '1111111112');
-- Linh Nguyen's two November appointments: the earlier one takes the last 170.00 of her deductible
-- (+ 20% of 15 = 3.00), the later one is 20% of 185 = 37.00.
SELECT m.appt_id, (m.line).deductible, (m.line).coinsurance, (m.line).patient_pays,
       (m.line).acc_after.ded_individual_met AS ded_met_after
FROM costshare.estimate_many(ARRAY[
  (1, 'M-NGUYEN-1', '2026-11-27', '90837', '1111111112', '11', NULL),
  (2, 'M-NGUYEN-1', '2026-11-20', '90837', '1111111112', '11', NULL)]::costshare.appointment[]) m
ORDER BY m.appt_id;
-- Appointments across Summit's plan-year boundary: each sees its own benefit period.
SELECT m.appt_id, (m.line).deductible, (m.line).acc_after.ded_individual_met AS ded_met_after
FROM costshare.estimate_many(ARRAY[
  (1, 'T-PY-1', '2026-06-25', '99214', '1111111112', '11', NULL),
  (2, 'T-PY-1', '2026-07-02', '99214', '1111111112', '11', NULL)]::costshare.appointment[]) m
ORDER BY m.appt_id;

-- ===================================================================================================
-- The lesser of the charge and the fee schedule: a $10 charge against the $165 fee costs at most $10,
-- and allowed_source says the charge was lower (Maria Alvarez: Acme PPO, 25.00 copay)
-- ===================================================================================================
SELECT e.allowed, e.allowed_source, e.copay, e.deductible, e.coinsurance, e.patient_pays, e.plan_pays
  FROM costshare.estimate('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', '11', 10.00) e;
SELECT e.allowed, e.allowed_source, e.patient_pays
  FROM costshare.estimate('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', '11', 165.00) e;

ROLLBACK;

