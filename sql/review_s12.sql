-- review_s12: an adversarial review of the 271's family plan-paid maximum (EB02 FAM), the joint
-- run-down in estimate_many, claim lines moved to another member, the COB order and the engine's
-- terms mapping (session 12). Each scenario's figures are worked by hand in the comments; real X12
-- text through costshare.load_271.
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;

-- the practice: one payer, a plan without benefit rows (the 271 prices), a fee of 200 for 90837
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('NWH', 'Northwind Health', '{NWH01}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('nwh-ppo', 'NWH', 'Northwind PPO');
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('NWH', '90837', '[2026-01-01,2027-01-01)', 200.00);

-- a 271 of the payer for one member: coverage for 2026, 20% coinsurance and no deductible for mental
-- health in network, and the given EB rows
CREATE FUNCTION pg_temp.doc(isa13 text, member text, last text, first text, dob text, ebs text[])
RETURNS text LANGUAGE sql AS $$
    SELECT 'ISA*00*          *00*          *ZZ*NWH01          *ZZ*CLINIC         *260301*1200*^*00501*' || isa13 || '*0*P*:~'
        || 'GS*HB*NWH01*CLINIC*20260301*1200*' || ltrim(isa13, '0') || '*X*005010X279A1~'
        || array_to_string(s, '~') || '~SE*' || (cardinality(s) + 1) || '*0001~'
        || 'GE*1*' || ltrim(isa13, '0') || '~IEA*1*' || isa13 || '~'
      FROM (SELECT ARRAY['ST*271*0001*005010X279A1', 'BHT*0022*11*1*20260301*1200',
                         'HL*1**20*1', 'NM1*PR*2*NORTHWIND*****PI*NWH01', 'HL*2*1*21*1',
                         'NM1*1P*2*CLINIC*****XX*1234567893', 'HL*3*2*22*0', 'TRN*2*T' || isa13 || '*9877281235',
                         'NM1*IL*1*' || last || '*' || first || '****MI*NW' || member, 'DMG*D8*' || dob,
                         'DTP*291*RD8*20260101-20261231', 'EB*1*IND*30**PPO', 'EB*A*IND*MH*****0.2****Y',
                         'EB*C*IND*30***23*0.00*****Y'] || ebs AS s) x
$$;

-- ==== 1. a member without an enrollment with the 271's payer (no family on file) ==================
-- Nia's 271 states a family maximum of 200 a year for mental health (EB02 FAM) and no member's one;
-- the practice has no enrollment of hers with the payer (family_id NULL). Her own claim lines are
-- her family's whatever the family is: the payer's family maximum counts them.
--   batch of two lines (estimate_many, partitioned by member): 160, then 200 - 160 = 40
--   her line of 03-05 posted after the load (the plan paid 120): the line of 03-10 has
--   200 - 120 = 80 of the family's left: the plan pays 80 of 160, 80 not covered (119), patient 120
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-NIA', 'Nia', 'Ng', '1972-02-03');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000801', 'M-NIA', 'NG', 'NIA', '19720203',
         ARRAY['EB*F*FAM*MH***23*200.00*****Y']), '2026-03-01');
SELECT appt_id, status, reasons, (line).plan_pays, (line).not_covered, sqlstate
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'M-NIA', '2026-03-05', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(2, 'M-NIA', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('n-1', 1, 'final', 'f-NG', 'M-NIA', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-05', 0, 0, 30.00, 120.00);
SELECT r.family_id, r.family_plan_max_period_left, (r.line).plan_pays, (r.line).not_covered,
       (r.line).patient_pays, (r.estimate).reasons
  FROM costshare.estimate_271('M-NIA', '2026-03-10', '90837') r;
SELECT benefit_source, plan_pays, patient_pays, plan_max_left FROM costshare.estimate('M-NIA', '2026-03-10', '90837');
SELECT family_plan_max_period_left FROM costshare.eligibility('M-NIA', '2026-03-10', '90837');

-- ==== 2. COB: cob_order_unverified only when the unknown birth date decides something ===============
-- Tao (a child) is on three parents' plans. Uma's (birth date not on file) is stated first by hand
-- (enrollment.cob_order 1): a stated order is a position, so her plan is primary whatever her
-- birthday; Vic (Jun 20) and Wes (not on file) state nothing and fill positions 2 and 3 by the rules:
-- between those two the birthday rule needs Wes's date, which is unknown: said (Vic's plan second, the
-- unknown after the known). With Wes's date on file (Mar 1: his plan before Vic's) nothing rests on a
-- missing date (Uma's is not compared with anyone): not said.
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('nwh-hmo', 'NWH', 'Northwind HMO'), ('nwh-epo', 'NWH', 'Northwind EPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-TAO', 'Tao', 'Tam', '2016-05-05'), ('M-UMA', 'Uma', 'Tam', NULL), ('M-VIC', 'Vic', 'Tam', '1980-06-20'),
  ('M-WES', 'Wes', 'Tam', NULL);
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, cob_order)
VALUES ('M-TAO', 'M-UMA', 'f-UMA', 'nwh-ppo', '[2024-01-01,2028-01-01)', 'child', 'family', 1),
       ('M-TAO', 'M-VIC', 'f-VIC', 'nwh-hmo', '[2023-01-01,2028-01-01)', 'child', 'family', NULL),
       ('M-TAO', 'M-WES', 'f-WES', 'nwh-epo', '[2022-01-01,2028-01-01)', 'child', 'family', NULL);
SELECT rank, c.plan_id, 'cob_order_unverified' = ANY (c.reasons) AS unverified
  FROM generate_series(1, 3) rank
 CROSS JOIN LATERAL costshare.line_context('M-TAO', '2026-03-10', '90837', NULL, '11', NULL, rank) c
 ORDER BY rank;
UPDATE costshare.member SET birth_date = '1979-03-01' WHERE member_id = 'M-WES';
SELECT rank, c.plan_id, 'cob_order_unverified' = ANY (c.reasons) AS unverified
  FROM generate_series(1, 3) rank
 CROSS JOIN LATERAL costshare.line_context('M-TAO', '2026-03-10', '90837', NULL, '11', NULL, rank) c
 ORDER BY rank;
-- two parents only, Uma's stated 1: Vic's is second, nothing rests on Uma's unknown date: not said
DELETE FROM costshare.enrollment WHERE member_id = 'M-TAO' AND subscriber_id = 'M-WES';
SELECT rank, c.plan_id, 'cob_order_unverified' = ANY (c.reasons) AS unverified
  FROM generate_series(1, 2) rank
 CROSS JOIN LATERAL costshare.line_context('M-TAO', '2026-03-10', '90837', NULL, '11', NULL, rank) c
 ORDER BY rank;

-- ==== 3. checked right: the joint run-down in estimate_many =========================================
-- Abe and Bea (one family): Abe's 271 states only his own maximum (IND, 100 left of the year: EB06
-- 29) and no family one; Bea's states only the family's (FAM, 200 a year, EB06 23) and none of hers.
--   ties on the same date go by appt_id: Bea's appt 5 and Abe's appt 7, both on 03-10
--   appt 5 Bea 03-10: the family 200: 160
--   appt 7 Abe 03-10: his own 100 (the family's maximum is not in his 271: not capped by it): 100
--   appt 9 Bea 03-12: the family 200 - 160 - 100 (Abe's line is the family's, as his ledger lines
--                     would be) = 0: plan 0, 160 not covered (119)
--   appt 11 Abe 03-13: his own 100 - 100 = 0: plan 0, 160 not covered
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-ABE', 'Abe', 'Cole', '1970-03-03'), ('M-BEA', 'Bea', 'Cole', '1971-04-04');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-ABE', 'M-ABE', 'f-COLE', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'family', 'NWM-ABE'),
       ('M-BEA', 'M-ABE', 'f-COLE', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'spouse', 'family', 'NWM-BEA');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000811', 'M-ABE', 'COLE', 'ABE', '19700303',
         ARRAY['EB*F*IND*MH***29*100.00*****Y']), '2026-03-01');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000812', 'M-BEA', 'COLE', 'BEA', '19710404',
         ARRAY['EB*F*FAM*MH***23*200.00*****Y']), '2026-03-01');
SELECT appt_id, reasons, (line).plan_pays, (line).not_covered, (line).adjustment_codes, patient_pays
  FROM costshare.estimate_many(ARRAY[
         ROW(11, 'M-ABE', '2026-03-13', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(9, 'M-BEA', '2026-03-12', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(7, 'M-ABE', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(5, 'M-BEA', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
-- eligibility says what each 271 states: Abe his own (100) and no family's; Bea the family's (200)
SELECT e.member, el.benefit_source, el.plan_max_period_left, el.family_plan_max_period_left
  FROM (VALUES ('M-ABE'), ('M-BEA')) e (member)
 CROSS JOIN LATERAL costshare.eligibility(e.member, '2026-03-10', '90837') el
 ORDER BY e.member;
-- the family's remainder stated as exactly 0 (EB06 29 0.00): nothing left, the plan pays 0 of 160
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000813', 'M-BEA', 'COLE', 'BEA', '19710404',
         ARRAY['EB*F*FAM*MH***23*200.00*****Y', 'EB*F*FAM*MH***29*0.00*****Y']), '2026-03-02');
SELECT (r.line).plan_pays, (r.line).not_covered, (r.line).adjustment_codes, (r.estimate).plan_max_left,
       r.family_plan_max_period_left
  FROM costshare.estimate_271('M-BEA', '2026-03-10', '90837') r;

-- ==== 5. a 271 maximum counts every earlier line its row applies to, whatever its category ==========
-- A plan-paid maximum the 271 states (EB01 F with an amount) applies to every line whose category and
-- network take that row (service_type_category, cs_b271_choose): what the plan paid since the load on
-- a ledger line counts toward it when the 271's choice for that line's own category takes the same
-- row. The ledger records no network: a ledger line is taken at the estimated line's own network.
-- Ivy's 271: a family mental-health maximum of 200 a year in network (EB02 FAM, MH, EB12 Y) and her
-- own in-network one of 500 (EB12 Y) and out-of-network one of 300 (EB12 N), all MH. MH covers
-- psychotherapy (90837, mh_psychotherapy: MH at rank 3) and diagnostics (90791, mh_diagnostic: MH at
-- rank 0); it does not cover office_visit (98, BZ, 30). Allowed 200 each, 20% coinsurance: the plan
-- would pay 160 without a maximum.
--   a diagnostic line of Ivy's (03-05, the plan paid 150) posted after the load: a psychotherapy line
--   of 03-10 has 200 - 150 = 50 of the family's left and 500 - 150 = 350 of her own in network: the
--   plan pays 50, 110 not covered (119), the patient 40 + 110 = 150 (before this change: 160, as if
--   nothing had been paid)
--   out of network: 300 - 150 = 150 of her own (the ledger line's network is not recorded: it is taken
--   at the line's; no family maximum out of network); the 271 states no out-of-network copay or
--   coinsurance, so the line is not priced (no_benefit_data since session 16; before, as if the
--   patient's share were 0, the plan paid the 150 left of its maximum)
--   an office visit line (the plan paid 90) is not of the maximum's service types: it counts nothing
--   Jay's diagnostic line (her spouse, same family and plan; the plan paid 30): the family's left 20,
--   her own still 350
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('NWH', '90791', '[2026-01-01,2027-01-01)', 200.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-IVY', 'Ivy', 'Kent', '1975-05-05'), ('M-JAY', 'Jay', 'Kent', '1974-06-06');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-IVY', 'M-IVY', 'f-KENT', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'family', 'NWM-IVY'),
       ('M-JAY', 'M-IVY', 'f-KENT', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'spouse', 'family', 'NWM-JAY');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000821', 'M-IVY', 'KENT', 'IVY', '19750505',
         ARRAY['EB*F*FAM*MH***23*200.00*****Y', 'EB*F*IND*MH***23*500.00*****Y', 'EB*F*IND*MH***23*300.00*****N']), '2026-03-01');
-- before any ledger line: 200 of the family's, 500 of her own; the plan pays 160
SELECT r.plan_max_period_left, r.family_plan_max_period_left, (r.line).plan_pays
  FROM costshare.estimate_271('M-IVY', '2026-03-10', '90837') r;
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('k-1', 1, 'final', 'f-KENT', 'M-IVY', 'nwh-ppo', 'NWH', 'mh_diagnostic', '2026-03-05', 0, 0, 37.50, 150.00),
       ('k-2', 1, 'final', 'f-KENT', 'M-IVY', 'nwh-ppo', 'NWH', 'office_visit', '2026-03-06', 0, 0, 0, 90.00);
SELECT r.plan_max_period_left, r.family_plan_max_period_left, (r.line).plan_pays, (r.line).not_covered,
       (r.line).patient_pays, (r.line).adjustment_codes, (r.estimate).reasons
  FROM costshare.estimate_271('M-IVY', '2026-03-10', '90837') r;
SELECT r.plan_max_period_left, r.family_plan_max_period_left, (r.line).plan_pays, (r.estimate).reasons
  FROM costshare.estimate_271('M-IVY', '2026-03-10', '90837', out_of_network => true) r;
-- estimate and eligibility say the same
SELECT benefit_source, plan_pays, patient_pays, plan_max_left FROM costshare.estimate('M-IVY', '2026-03-10', '90837');
SELECT plan_max_period_left, family_plan_max_period_left FROM costshare.eligibility('M-IVY', '2026-03-10', '90837');
-- the diagnostic line's own estimate counts the same ledger line toward the same rows
SELECT r.plan_max_period_left, r.family_plan_max_period_left, (r.line).plan_pays
  FROM costshare.estimate_271('M-IVY', '2026-03-10', '90791') r;
-- Jay's diagnostic line comes off the family's: 50 - 30 = 20 left; Ivy's own still 350
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('k-3', 1, 'final', 'f-KENT', 'M-JAY', 'nwh-ppo', 'NWH', 'mh_diagnostic', '2026-03-07', 0, 0, 7.50, 30.00);
SELECT r.plan_max_period_left, r.family_plan_max_period_left, (r.line).plan_pays, (r.line).not_covered
  FROM costshare.estimate_271('M-IVY', '2026-03-10', '90837') r;


-- ==== 6. estimate_many runs a 271 maximum down across the categories of a call (session 13) ========
-- Section 5's rule within one call: an earlier line of the call counts toward a line's maximum when
-- the line's 271 takes the same row for the earlier line's category, whatever the category (the batch
-- estimates each line as if the earlier ones had been posted: section 8). estimate_271 lists the
-- categories and maximums (plan_max_categories, plan_max_toward). Before, the call ran each maximum
-- down per category: a psychotherapy line after a diagnostic one saw the whole maximum again.
-- Kim and Lou (one family): Kim's 271 states her own MH maximum of 250 a year and the family's of 300;
-- Lou's states the family's 300 only. Allowed 200 each, 20%: the plan would pay 160.
--   appt 31 Kim 03-10 diagnostic (90791): her own 250, the family's 300: 160
--   appt 32 Kim 03-11 psychotherapy (90837): her own 250 - 160 = 90, the family's 140: 90, 70 not
--                                           covered (before: 160, as if nothing had been paid)
--   appt 33 Lou 03-12 diagnostic: the family's 300 - 160 - 90 = 50: 50, 110 not covered (before: 140)
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-KIM', 'Kim', 'Lane', '1980-01-02'), ('M-LOU', 'Lou', 'Lane', '1979-02-03');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-KIM', 'M-KIM', 'f-LANE', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'family', 'NWM-KIM'),
       ('M-LOU', 'M-KIM', 'f-LANE', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'spouse', 'family', 'NWM-LOU');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000831', 'M-KIM', 'LANE', 'KIM', '19800102',
         ARRAY['EB*F*FAM*MH***23*300.00*****Y', 'EB*F*IND*MH***23*250.00*****Y']), '2026-03-01');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000832', 'M-LOU', 'LANE', 'LOU', '19790203',
         ARRAY['EB*F*FAM*MH***23*300.00*****Y']), '2026-03-01');
-- what a line's 271 says of the categories (1 her period maximum, 4 the family's period maximum): the
-- MH maximums apply to every category MH ranks in, not to office visits, nor to lines of a category
-- service_type_category does not list (only plan-coverage rows apply to those) or of none
SELECT r.plan_max_categories, r.plan_max_toward
  FROM costshare.estimate_271('M-KIM', '2026-03-11', '90837') r;
SELECT appt_id, reasons, (line).plan_pays, (line).not_covered, (line).adjustment_codes, patient_pays
  FROM costshare.estimate_many(ARRAY[
         ROW(33, 'M-LOU', '2026-03-12', '90791', NULL, '11', NULL)::costshare.appointment,
         ROW(32, 'M-KIM', '2026-03-11', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(31, 'M-KIM', '2026-03-10', '90791', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
-- the same figures one estimate at a time, each earlier line posted first (what the plan paid on it)
SAVEPOINT one_by_one;
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('l-31', 1, 'final', 'f-LANE', 'M-KIM', 'nwh-ppo', 'NWH', 'mh_diagnostic', '2026-03-10', 0, 0, 40.00, 160.00);
SELECT plan_pays, patient_pays FROM costshare.estimate('M-KIM', '2026-03-11', '90837');
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('l-32', 1, 'final', 'f-LANE', 'M-KIM', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-11', 0, 0, 40.00, 90.00);
SELECT plan_pays, patient_pays FROM costshare.estimate('M-LOU', '2026-03-12', '90791');
ROLLBACK TO SAVEPOINT one_by_one;

-- ==== 7. a maximum stated for plan coverage (EB03 30) runs down over every category ================
-- Max's 271: 20% for plan coverage (30) too, and a year's maximum of 400 for 30: every category whose
-- service types include 30 takes it (service_type_category ranks 30 last for each). A category the
-- table does not list (the practice's own speech_therapy, 92507) takes none of the 271's rows: no
-- maximum, no coinsurance (unknown), and its line counts toward none. Allowed 200 (90837, 92507) and
-- 100 (99212, an office visit).
--   appt 41 03-10 psychotherapy: 400: 160
--   appt 42 03-11 office visit: 400 - 160 = 240: 80
--   appt 43 03-12 speech therapy: no row applies: no copay or coinsurance stated, so not priced
--                                (no_benefit_data; before session 16 the plan paid 200 as if the
--                                patient's share were 0), and it counts nothing
--   appt 44 03-13 psychotherapy: 240 - 80 = 160: 160
--   appt 45 03-14 psychotherapy: 160 - 160 = 0: plan 0, 160 not covered (before: 400 - 160 - 160 = 80
--                                left in its category, the office visit not counted: 80)
INSERT INTO costshare.service_code (code, category, description) VALUES ('92507', 'speech_therapy', 'Speech therapy');
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('NWH', '99212', '[2026-01-01,2027-01-01)', 100.00), ('NWH', '92507', '[2026-01-01,2027-01-01)', 200.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-MAX', 'Max', 'Moor', '1990-09-09');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-MAX', 'M-MAX', 'f-MOOR', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'individual', 'NWM-MAX');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000841', 'M-MAX', 'MOOR', 'MAX', '19900909',
         ARRAY['EB*A*IND*30*****0.2****Y', 'EB*F*IND*30***23*400.00*****Y']), '2026-03-01');
SELECT r.plan_max_categories, r.plan_max_toward
  FROM costshare.estimate_271('M-MAX', '2026-03-13', '90837') r;
SELECT r.unknown, r.plan_max_period_left, r.plan_max_categories
  FROM costshare.estimate_271('M-MAX', '2026-03-12', '92507') r;
-- estimate_many says which terms the 271 leaves unstated (unknown_terms, as estimate's): the speech
-- therapy line has no term known, so it has no patient_pays (never a share of 0 from silence)
SELECT appt_id, reasons, (line).allowed, (line).plan_pays, (line).not_covered, patient_pays, unknown_terms
  FROM costshare.estimate_many(ARRAY[
         ROW(45, 'M-MAX', '2026-03-14', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(44, 'M-MAX', '2026-03-13', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(43, 'M-MAX', '2026-03-12', '92507', NULL, '11', NULL)::costshare.appointment,
         ROW(42, 'M-MAX', '2026-03-11', '99212', NULL, '11', NULL)::costshare.appointment,
         ROW(41, 'M-MAX', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
-- the same line alone: eligible, not priced (02000 in the batch), the allowed amount still shown, and
-- the explanation says the plan's benefit details are missing (not "you pay nothing")
SELECT status, reasons, allowed, patient_pays, plan_pays, unknown_terms
  FROM costshare.estimate('M-MAX', '2026-03-12', '92507');
SELECT sqlstate, status, patient_pays FROM costshare.estimate_many(ARRAY[
         ROW(43, 'M-MAX', '2026-03-12', '92507', NULL, '11', NULL)::costshare.appointment]);
SELECT costshare.explain('M-MAX', '2026-03-12', '92507', NULL, '11', NULL);

-- ==== 8. the batch's 271 lines run the deductible, OOP and visits down, one after the other =======
-- estimate_many estimates a family's 271 lines one after the other, each as if the earlier ones had
-- been posted (costshare.estimate_271_after): the same figures as one estimate at a time with each
-- earlier line posted. Noa's 271: 100 of a 300 deductible left, an OOP limit of 2,000.
--   appt 51 03-10: the deductible's 100 + 20% of 100 = 120
--   appt 52 03-11: the deductible met by appt 51: 20% of 200 = 40 (before this change the batch said
--                  120 again, as if appt 51 were not in the call)
--   Max (section 7: no deductible, no OOP, no visit limit stated): 40 each
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-OAK', 'Noa', 'Oak', '1985-05-05');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-OAK', 'M-OAK', 'f-OAK', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'individual', 'NWM-OAK');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000851', 'M-OAK', 'OAK', 'NOA', '19850505',
         ARRAY['EB*C*IND*MH***23*300.00*****Y', 'EB*C*IND*MH***29*100.00*****Y', 'EB*G*IND*MH***23*2000.00*****Y']), '2026-03-01');
SELECT appt_id, member_id, reasons, patient_pays
  FROM costshare.estimate_many(ARRAY[
         ROW(52, 'M-OAK', '2026-03-11', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(51, 'M-OAK', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(54, 'M-MAX', '2026-03-11', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(53, 'M-MAX', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment]) e
  JOIN (VALUES (51, 'M-OAK'), (52, 'M-OAK'), (53, 'M-MAX'), (54, 'M-MAX')) m (id, member_id) ON m.id = e.appt_id
 ORDER BY appt_id;
-- one at a time, the first posted: the same 40
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('n-51', 1, 'final', 'f-OAK', 'M-OAK', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-10', 100.00, 0, 20.00, 80.00);
SELECT patient_pays FROM costshare.estimate('M-OAK', '2026-03-11', '90837');

ROLLBACK;
