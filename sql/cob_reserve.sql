-- cob_reserve: the standard (traditional) COB method's benefit reserve across claims (issue 10,
-- domain.md §6): "the saving N2 - paid goes to a benefit reserve for later claims in the period".
-- A secondary's coordinated claim line is recorded in the ledger (cob_normal_benefit N2, cob_paid);
-- costshare.estimate uses the member's reserve on record in the secondary plan's benefit period, and
-- estimate_many carries it from line to line of a member. Figures by hand below.
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;
INSERT INTO costshare.payer (payer_id, name, payer_type, x12_ids) VALUES
  ('R-A', 'Employer plan A', 'commercial', '{}'), ('R-B', 'Spouse plan B', 'commercial', '{RB835}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES
  ('R-PRI', 'R-A', 'A: psychotherapy 20%, evaluation 60%, no deductible'),
  ('R-SEC', 'R-B', 'B: pays 50% of everything, no deductible (standard COB)');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, oop_individual) VALUES
  ('R-PRI', 'in', NULL, NULL), ('R-SEC', 'in', NULL, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies) VALUES
  ('R-PRI', 'mh_psychotherapy', 'in', NULL, 0.2, true), ('R-PRI', 'mh_diagnostic', 'in', NULL, 0.6, true),
  ('R-SEC', 'mh_psychotherapy', 'in', NULL, 0.5, true), ('R-SEC', 'mh_diagnostic', 'in', NULL, 0.5, true);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('R-A', '90837', '[2026-01-01,2028-01-01)', 100.00), ('R-A', '90791', '[2026-01-01,2028-01-01)', 100.00),
  ('R-B', '90837', '[2026-01-01,2028-01-01)', 120.00), ('R-B', '90791', '[2026-01-01,2028-01-01)', 100.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('R-1', 'Robin', 'Reserve', '1980-01-01'), ('R-2', 'Dana', 'Reserve', '1981-02-02');
-- R-1: own employer plan first, the spouse's plan B second; R-2 (the spouse) has plan B only
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, payer_member_id) VALUES
  ('R-1', 'R-1', 'FR-1', 'R-PRI', '[2026-01-01,2028-01-01)', 'self', NULL),
  ('R-1', 'R-2', 'FR-2', 'R-SEC', '[2026-01-01,2028-01-01)', 'spouse', 'RB100'),
  ('R-2', 'R-2', 'FR-2', 'R-SEC', '[2026-01-01,2028-01-01)', 'self', 'RB200');

-- what the patient owes after both payers, and the secondary's coordination of the same line
CREATE FUNCTION pg_temp.show(member text, day date, code text)
RETURNS TABLE (service_date date, primary_pays numeric, cob_method text, normal_benefit numeric,
               secondary_pays numeric, reserve_used numeric, reserve_after numeric, patient_pays numeric)
LANGUAGE sql AS $$
    SELECT day, e.primary_pays, e.cob_method, c.normal_benefit, e.secondary_pays, c.reserve_used,
           c.reserve_after, e.patient_pays
      FROM costshare.estimate(member, day, code) e
      CROSS JOIN LATERAL costshare.coordinate_second(
          member, day, code, NULL, '11', NULL,
          (costshare.adjudicate(e.allowed, (costshare.line_context(member, day, code)).terms,
                                (costshare.line_context(member, day, code)).acc))) c
$$;

-- Claim 1, 2026-02-02, 90837. A: 100.00 at 20% -> P1 = 80, the patient owes 20. B on its own 120.00:
-- N2 = 50% x 120 = 60. standard: min(N2 + reserve, A2 - P1) = min(60 + 0, 120 - 80 = 40) = 40, at most
-- the 20 owed -> B pays 20, patient 0; the saving N2 - paid = 60 - 20 = 40 is B's benefit reserve.
SELECT * FROM pg_temp.show('R-1', '2026-02-02', '90837');
-- Claim 2, 2026-03-03, 90791, nothing on record yet. A: 100.00 at 60% -> P1 = 40, the patient owes 60.
-- B: N2 = 50% x 100 = 50; min(50 + 0, 100 - 40 = 60) = 50 -> patient 60 - 50 = 10.
SELECT * FROM pg_temp.show('R-1', '2026-03-03', '90791');

-- B's line of claim 1 posted with its coordination (N2 60, paid 20): the reserve is on record
SELECT costshare.post_claim_line('C1', 1, 1, 'final', 'R-1', 'R-SEC', '2026-02-02', 0, 0, 0,
                                 cob_normal_benefit => 60.00, cob_paid => 20.00);
-- Claim 2 again: reserve 40. min(50 + 40, 60) = 60 -> B pays 60 (10 of it from the reserve),
-- patient 0 instead of 10; reserve left 40 - 10 = 30.
SELECT * FROM pg_temp.show('R-1', '2026-03-03', '90791');
-- a line before claim 1's date does not see it (the reserve is of earlier claims): 50, patient 10
SELECT * FROM pg_temp.show('R-1', '2026-01-15', '90791');
-- the next benefit period (B's calendar year 2027): the reserve is gone -> 50, patient 10
SELECT * FROM pg_temp.show('R-1', '2027-03-03', '90791');
-- the reserve is the member's: a coordinated line of the spouse's in the same family and plan (N2 100,
-- paid 0) does not add to R-1's reserve -> still 40: B pays 60, reserve left 30
SELECT costshare.post_claim_line('D1', 1, 1, 'final', 'R-2', 'R-SEC', '2026-02-05', 0, 0, 0,
                                 cob_normal_benefit => 100.00, cob_paid => 0);
SELECT * FROM pg_temp.show('R-1', '2026-03-03', '90791');

-- Claim 1 reversed (version 2): its reserve no longer counts -> claim 2 back to 50, patient 10
SELECT costshare.post_claim_line('C1', 2, 1, 'reversed', 'R-1', 'R-SEC', '2026-02-02', 0, 0, 0);
SELECT * FROM pg_temp.show('R-1', '2026-03-03', '90791');

-- An estimated line counts nothing until the payer's remit finalizes it: the practice posts B's
-- coordinated estimate of claim C3 (2026-02-10, N2 60, paid 20), then B's 835 for it (CLP02 2:
-- processed as secondary) pays 15.00: the final version keeps N2 60 with the remit's 15 -> reserve 45.
SELECT costshare.post_claim_line('C3', 1, 1, 'estimated', 'R-1', 'R-SEC', '2026-02-10', 0, 0, 0,
                                 cob_normal_benefit => 60.00, cob_paid => 20.00);
SELECT * FROM pg_temp.show('R-1', '2026-03-03', '90791');
SELECT claim_id, claim_version, status, result
  FROM costshare.post_835(
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*^*00501*000000081*0*T*:~'
 || 'GS*HP*SENDER*RECEIVER*20260301*1200*81*X*005010X221A1~ST*835*0001~BPR*I*15.00*C*CHK************20260305~'
 || 'TRN*1*CHK81*RB835~N1*PR*SPOUSE PLAN B~N1*PE*PRACTICE*XX*1222222223~LX*1~'
 || 'CLP*C3*2*150.00*15.00*0*12*P81~NM1*QC*1*RESERVE*ROBIN****MI*RB100~SVC*HC:90837*150.00*15.00~'
 || 'DTM*472*20260210~CAS*OA*23*105.00~CAS*CO*45*30.00~'
 || 'SE*13*0001~GE*1*81~IEA*1*000000081~');
SELECT claim_id, claim_version, status, cob_normal_benefit, cob_paid
  FROM costshare.accumulator_ledger WHERE member_id = 'R-1' ORDER BY claim_id, claim_version;
-- claim 2 with reserve 60 - 15 = 45: min(50 + 45, 60) = 60 -> patient 0; reserve left 45 - 10 = 35
SELECT * FROM pg_temp.show('R-1', '2026-03-03', '90791');

-- the coordination is recorded whole, in whole cents
SAVEPOINT s;
SELECT costshare.post_claim_line('C4', 1, 1, 'final', 'R-1', 'R-SEC', '2026-02-11', 0, 0, 0, cob_normal_benefit => 60.00);
ROLLBACK TO SAVEPOINT s;
SELECT costshare.post_claim_line('C4', 1, 1, 'final', 'R-1', 'R-SEC', '2026-02-11', 0, 0, 0,
                                 cob_normal_benefit => 60.001, cob_paid => 0);
ROLLBACK TO SAVEPOINT s;
-- posting the same version again with the same coordination is a no-op; with another, an error
SELECT costshare.post_claim_line('C1', 1, 1, 'final', 'R-1', 'R-SEC', '2026-02-02', 0, 0, 0,
                                 cob_normal_benefit => 60.00, cob_paid => 20.00);
SELECT costshare.post_claim_line('C1', 1, 1, 'final', 'R-1', 'R-SEC', '2026-02-02', 0, 0, 0,
                                 cob_normal_benefit => 60.00, cob_paid => 21.00);
ROLLBACK;

-- estimate_many carries the reserve from line to line of a member, in date order, from the reserve
-- on record (none here), within B's benefit period
BEGIN;
INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES
  ('R-A', 'Employer plan A', 'commercial'), ('R-B', 'Spouse plan B', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('R-PRI', 'R-A', 'A'), ('R-SEC', 'R-B', 'B');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, oop_individual) VALUES
  ('R-PRI', 'in', NULL, NULL), ('R-SEC', 'in', NULL, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies) VALUES
  ('R-PRI', 'mh_psychotherapy', 'in', NULL, 0.2, true), ('R-PRI', 'mh_diagnostic', 'in', NULL, 0.6, true),
  ('R-SEC', 'mh_psychotherapy', 'in', NULL, 0.5, true), ('R-SEC', 'mh_diagnostic', 'in', NULL, 0.5, true);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('R-A', '90837', '[2026-01-01,2028-01-01)', 100.00), ('R-A', '90791', '[2026-01-01,2028-01-01)', 100.00),
  ('R-B', '90837', '[2026-01-01,2028-01-01)', 120.00), ('R-B', '90791', '[2026-01-01,2028-01-01)', 100.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('R-1', 'Robin', 'Reserve', '1980-01-01'), ('R-2', 'Dana', 'Reserve', '1981-02-02');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship) VALUES
  ('R-1', 'R-1', 'FR-1', 'R-PRI', '[2026-01-01,2028-01-01)', 'self'),
  ('R-1', 'R-2', 'FR-2', 'R-SEC', '[2026-01-01,2028-01-01)', 'spouse'),
  ('R-2', 'R-2', 'FR-2', 'R-SEC', '[2026-01-01,2028-01-01)', 'self');
-- appointments given out of date order: 1 (Mar, 90791), 2 (Feb, 90837), 3 (2027 Mar, 90791), 4 (Apr, 90791)
-- in date order: Feb 90837: B pays 20, reserve 0 + 60 - 20 = 40, patient 0
--                Mar 90791: min(50 + 40, 60) = 60, reserve 40 - 10 = 30, patient 0
--                Apr 90791: min(50 + 30, 60) = 60, reserve 30 - 10 = 20, patient 0
--                2027 Mar 90791: a new period of B, the reserve is gone: 50, patient 10
SELECT r.appt_id, r.cob_method, r.secondary_pays, r.patient_pays, r.sqlstate
  FROM costshare.estimate_many(ARRAY[ROW(1, 'R-1', '2026-03-03', '90791', NULL, '11', NULL),
                                     ROW(2, 'R-1', '2026-02-02', '90837', NULL, '11', NULL),
                                     ROW(3, 'R-1', '2027-03-03', '90791', NULL, '11', NULL),
                                     ROW(4, 'R-1', '2026-04-04', '90791', NULL, '11', NULL),
                                     ROW(5, 'R-2', '2026-03-03', '90791', NULL, '11', NULL)]::costshare.appointment[]) r
 ORDER BY r.appt_id;
-- a reserve of 5.00 on record (a line of 2026-01-20: N2 25, paid 20) starts the member's 2026 chain:
-- Mar 90791 alone: min(50 + 5, 60) = 55 -> patient 5; 2027 Mar: the record is of 2026 -> 50, patient 10;
-- the batch's answer is the estimate's
SELECT costshare.post_claim_line('C0', 1, 1, 'final', 'R-1', 'R-SEC', '2026-01-20', 0, 0, 0,
                                 cob_normal_benefit => 25.00, cob_paid => 20.00);
SELECT r.appt_id, r.secondary_pays, r.patient_pays,
       r.patient_pays = (costshare.estimate('R-1', d, '90791')).patient_pays AS same_as_estimate
  FROM costshare.estimate_many(ARRAY[ROW(1, 'R-1', '2026-03-03', '90791', NULL, '11', NULL),
                                     ROW(3, 'R-1', '2027-03-03', '90791', NULL, '11', NULL)]::costshare.appointment[]) r
  JOIN (VALUES (1, date '2026-03-03'), (3, date '2027-03-03')) m(appt_id, d) USING (appt_id)
 ORDER BY r.appt_id;
-- coordinate_second: the Feb line from the record (5): B pays 20, reserve 5 + 60 - 20 = 45
SELECT (c).normal_benefit, (c).secondary_pays, (c).reserve_used, (c).reserve_after
  FROM (SELECT costshare.coordinate_second('R-1', '2026-02-02', '90837', NULL, '11', NULL,
                   costshare.adjudicate(100.00, (l).terms, (l).acc)) AS c
          FROM costshare.line_context('R-1', '2026-02-02', '90837') l) x;
-- a reserve carried from a line of last period is not used, the record's is: min(50 + 5, 60) -> 5 used;
-- one carried from this period is: 30 -> min(50 + 30, 60) = 60, 10 used
SELECT (costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
            costshare.adjudicate(100.00, (l).terms, (l).acc), 500.00, '2025-12-31')).reserve_used AS from_last_period,
       (costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
            costshare.adjudicate(100.00, (l).terms, (l).acc), 30.00, '2026-02-02')).reserve_used AS carried
  FROM costshare.line_context('R-1', '2026-03-03', '90791') l;
-- a reserve carried from a line dated after this one is not this line's (it was built by a later
-- claim), as a batch's later payments do not count toward the maximums: the record's, 5 used
SELECT (costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
            costshare.adjudicate(100.00, (l).terms, (l).acc), 500.00, '2026-06-01')).reserve_used AS from_a_later_line,
       (costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
            costshare.adjudicate(100.00, (l).terms, (l).acc), 30.00, '2026-03-03')).reserve_used AS same_day
  FROM costshare.line_context('R-1', '2026-03-03', '90791') l;
-- the arguments that go together are refused when only some are given (never silently dropped)
SAVEPOINT together;
SELECT costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
           costshare.adjudicate(100.00, (l).terms, (l).acc), 30.00, NULL)
  FROM costshare.line_context('R-1', '2026-03-03', '90791') l;
ROLLBACK TO together;
SELECT costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
           costshare.adjudicate(100.00, (l).terms, (l).acc), NULL, '2026-02-02')
  FROM costshare.line_context('R-1', '2026-03-03', '90791') l;
ROLLBACK TO together;
SELECT costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
           costshare.adjudicate(100.00, (l).terms, (l).acc), batch_dates => '{2026-02-02}',
           batch_paid => '{20.00}')
  FROM costshare.line_context('R-1', '2026-03-03', '90791') l;
ROLLBACK TO together;
SELECT costshare.coordinate_third('R-1', '2026-03-03', '90791', NULL, '11', NULL, b,
           costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL, b),
           batch_categories => '{mh_diagnostic}')
  FROM (SELECT costshare.adjudicate(100.00, (l).terms, (l).acc) AS b
          FROM costshare.line_context('R-1', '2026-03-03', '90791') l) x;
ROLLBACK TO together;
-- a carried reserve is money
SELECT costshare.coordinate_second('R-1', '2026-03-03', '90791', NULL, '11', NULL,
           costshare.adjudicate(100.00, (l).terms, (l).acc), -1, '2026-02-02')
  FROM costshare.line_context('R-1', '2026-03-03', '90791') l;
ROLLBACK;
