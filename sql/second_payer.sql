-- second_payer: costshare.estimate prices a member's second coverage after the primary (issue 10):
-- the coverage at COB position 2 on the date is adjudicated with its own terms, accumulators and
-- allowable, and coordinates the primary's line by its plan's method (costshare.coordinate, the
-- engine's cs_cob.c). Figures by hand from domain.md §6.
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;
INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES
  ('X-A', 'Employer plan A', 'commercial'), ('X-B', 'Spouse plan B', 'commercial'),
  ('X-MCR', 'Medicare', 'medicare'), ('X-MCD', 'Medicaid', 'medicaid');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES
  ('X-PRI', 'X-A', 'A: 20% coinsurance, no deductible'),
  ('X-SEC', 'X-B', 'B: $50 deductible, then 30%'),
  ('X-MCR', 'X-MCR', 'Medicare: 20%'),
  ('X-MCD', 'X-MCD', 'Medicaid: $2 copay'),
  ('X-BARE', 'X-B', 'a plan without a benefit for therapy');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, oop_individual) VALUES
  ('X-PRI', 'in', NULL, NULL), ('X-SEC', 'in', 50, NULL), ('X-MCR', 'in', NULL, NULL), ('X-MCD', 'in', NULL, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies) VALUES
  ('X-PRI', 'mh_psychotherapy', 'in', NULL, 0.2, true),
  ('X-SEC', 'mh_psychotherapy', 'in', NULL, 0.3, true),
  ('X-MCR', 'mh_psychotherapy', 'in', NULL, 0.2, true),
  ('X-MCD', 'mh_psychotherapy', 'in', 2, 0, false);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('X-A', '90837', '[2026-01-01,2027-01-01)', 100.00), ('X-B', '90837', '[2026-01-01,2027-01-01)', 120.00),
  ('X-MCR', '90837', '[2026-01-01,2027-01-01)', 100.00), ('X-MCD', '90837', '[2026-01-01,2027-01-01)', 90.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('X-1', 'Pat', 'One', '1980-01-01'), ('X-2', 'Sam', 'One', '1981-02-02'),
  ('X-3', 'Lee', 'Three', '1955-03-03'), ('X-4', 'Kim', 'Four', '1990-04-04'),
  ('X-5', 'Ash', 'Five', '1985-05-05'), ('X-6', 'Max', 'Six', '1970-06-06');
-- X-1: own employer plan (self) first, the spouse's plan second (employee before dependent)
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship) VALUES
  ('X-1', 'X-1', 'FX-1', 'X-PRI', '[2026-01-01,2027-01-01)', 'self'),
  ('X-1', 'X-2', 'FX-2', 'X-SEC', '[2026-01-01,2027-01-01)', 'spouse'),
  ('X-2', 'X-2', 'FX-2', 'X-SEC', '[2026-01-01,2027-01-01)', 'self'),
-- X-3: working, employer plan first, Medicare second (Medicare secondary payer)
  ('X-3', 'X-3', 'FX-3', 'X-PRI', '[2026-01-01,2027-01-01)', 'self'),
  ('X-3', 'X-3', 'FX-3M', 'X-MCR', '[2026-01-01,2027-01-01)', 'self'),
-- X-4: employer plan, then Medicaid (payer of last resort)
  ('X-4', 'X-4', 'FX-4', 'X-PRI', '[2026-01-01,2027-01-01)', 'self'),
  ('X-4', 'X-4', 'FX-4D', 'X-MCD', '[2026-01-01,2027-01-01)', 'self'),
-- X-5: a second plan that states no benefit for therapy
  ('X-5', 'X-5', 'FX-5', 'X-PRI', '[2026-01-01,2027-01-01)', 'self'),
  ('X-5', 'X-5', 'FX-5B', 'X-BARE', '[2026-01-01,2027-01-01)', 'self'),
-- X-6: three coverages
  ('X-6', 'X-6', 'FX-6', 'X-PRI', '[2026-01-01,2027-01-01)', 'self'),
  ('X-6', 'X-6', 'FX-6B', 'X-SEC', '[2026-01-01,2027-01-01)', 'self'),
  ('X-6', 'X-6', 'FX-6D', 'X-MCD', '[2026-01-01,2027-01-01)', 'self');
-- the order the practice states (cob_order): the employer plan first
UPDATE costshare.enrollment
   SET cob_order = CASE WHEN plan_id = 'X-PRI' THEN 1 WHEN member_id = 'X-6' AND plan_id = 'X-MCD' THEN 3 ELSE 2 END
 WHERE member_id IN ('X-3', 'X-4', 'X-5', 'X-6');

CREATE FUNCTION pg_temp.show(member text, billed numeric DEFAULT NULL)
RETURNS TABLE (plan_id text, allowed numeric, coinsurance numeric, primary_pays numeric, secondary_plan_id text,
               cob_method text, secondary_pays numeric, patient_pays numeric, reasons text[])
LANGUAGE sql AS $$
    SELECT e.plan_id, e.allowed, e.coinsurance, e.primary_pays, e.secondary_plan_id, e.cob_method, e.secondary_pays,
           e.patient_pays, e.reasons
      FROM costshare.estimate(member, '2026-05-01', '90837', billed => billed) e
$$;

-- The primary (A) on its 100.00: 20% -> patient 20, A pays 80 (P1). B as primary on its own 120.00:
-- 50 deductible, 30% of 70 = 21 -> B would pay N2 = 49.
-- standard: min(N2, A2 - P1) = min(49, 40) = 40, never more than the 20 owed -> B pays 20, patient 0
SELECT * FROM pg_temp.show('X-1');
-- non-duplication: max(0, N2 - P1) = max(0, 49 - 80) = 0 -> patient 20
UPDATE costshare.plan SET cob_method = 'non_duplication' WHERE plan_id = 'X-SEC';
SELECT * FROM pg_temp.show('X-1');
-- carve-out: the same arithmetic
UPDATE costshare.plan SET cob_method = 'carve_out' WHERE plan_id = 'X-SEC';
SELECT * FROM pg_temp.show('X-1');
-- maintenance of benefits: B adjudicates what is left, A2 - P1 = 40, with its unmet deductible: all 40
-- to the deductible -> B pays 0, patient 20
UPDATE costshare.plan SET cob_method = 'maintenance_of_benefits' WHERE plan_id = 'X-SEC';
SELECT * FROM pg_temp.show('X-1');
-- the secondary's deductible met (a snapshot of 50): MOB 70% of 40 = 28, never more than the 20 owed
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source)
VALUES ('FX-2', 'X-1', 'X-SEC', 'in', '2026-01-15', 50, 50, 'test');
SELECT * FROM pg_temp.show('X-1');
-- standard again, deductible met: N2 = 70% of 120 = 84; min(84, 40) = 40 -> 20 (all the patient owes)
UPDATE costshare.plan SET cob_method = NULL WHERE plan_id = 'X-SEC';
SELECT * FROM pg_temp.show('X-1');

-- Medicare secondary payer (42 CFR 411.33), by payer type: the lowest of (1) charge - P1 = 150 - 80 = 70,
-- (2) what Medicare pays as primary: 80% of 100 = 80, (3) max(Medicare 100, primary 100) - P1 = 20
-- -> 20 (limit 3 binds; the patient owed 20) -> patient 0
SELECT * FROM pg_temp.show('X-3', 150.00);
-- Medicaid as payer of last resort: pays up to its own allowable, 90 - 80 = 10 of the 20 owed; the
-- patient owes at most Medicaid's $2 copay and the provider writes off the other 8 -> patient 2
SELECT * FROM pg_temp.show('X-4');
-- a second plan without a benefit for the line: the primary's answer, and it says so
SELECT * FROM pg_temp.show('X-5');
-- three coverages (employer plan A, the member's own plan B, Medicaid): the second coordinates after
-- the primary, the third after both. B standard: pays 20 of the 20 owed -> patient 0. Medicaid third:
-- the earlier payments are 80 + 20 = 100, owed 0; it pays min(A3 - P, owed) = min(90 - 100 -> 0, 0) = 0
SELECT * FROM pg_temp.show('X-6');
SELECT e.third_plan_id, e.third_payer_id, e.third_cob_method, e.third_pays, e.patient_pays
  FROM costshare.estimate('X-6', '2026-05-01', '90837') e;
-- B by non-duplication: max(0, N2 - P1) = max(0, 49 - 80) = 0 -> the patient still owes 20 after B.
-- Medicaid third: P = 80 + 0 = 80, owed 20; pays min(A3 - P, owed) = min(90 - 80, 20) = 10; of the 10
-- left the patient owes at most Medicaid's $2 copay, the provider writes off 8 -> patient 2
UPDATE costshare.plan SET cob_method = 'non_duplication' WHERE plan_id = 'X-SEC';
SELECT e.cob_method, e.secondary_pays, e.third_plan_id, e.third_payer_id, e.third_cob_method, e.third_pays,
       e.patient_pays, e.reasons
  FROM costshare.estimate('X-6', '2026-05-01', '90837') e;
-- the same through coordinate_second and coordinate_third (estimate_many's path): the third's line is
-- the primary's with both payments (80) and the patient's remainder (20)
SELECT (c3).method, (c3).primary_paid, (c3).secondary_pays, (c3).written_off, (c3).patient_pays
  FROM (SELECT costshare.coordinate_third('X-6', '2026-05-01', '90837', NULL, '11', NULL, b,
                   costshare.coordinate_second('X-6', '2026-05-01', '90837', NULL, '11', NULL, b)) AS c3
          FROM (SELECT costshare.adjudicate(100.00, (l).terms, (l).acc) AS b
                  FROM costshare.line_context('X-6', '2026-05-01', '90837') l) x) y;
-- the second cannot price the line (no benefit): the third is not coordinated either, and says so
UPDATE costshare.plan SET cob_method = NULL WHERE plan_id = 'X-SEC';
DELETE FROM costshare.benefit WHERE plan_id = 'X-SEC';
SELECT e.secondary_pays, e.third_plan_id, e.third_pays, e.patient_pays, e.reasons
  FROM costshare.estimate('X-6', '2026-05-01', '90837') e;
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies) VALUES
  ('X-SEC', 'mh_psychotherapy', 'in', NULL, 0.3, true);
-- eligibility still describes the primary; the COB positions of every coverage
SELECT status, plan_id, cob_position, coverages FROM costshare.eligibility('X-6', '2026-05-01', '90837');
-- ... and says what the second coverage is and what it says of the line (its own plan design): X-1's
-- spouse plan B, its $50 deductible met (the snapshot above), no OOP or visit limit; X-5's second plan
-- has no benefit for therapy (unknown, no_benefit_data); X-2 has one coverage (NULLs)
SELECT m, e.plan_id, e.secondary_plan_id, e.secondary_payer_id, e.secondary_status, e.secondary_reasons,
       e.secondary_ded_remaining, e.secondary_oop_remaining, e.secondary_visits_remaining
  FROM unnest(ARRAY['X-1', 'X-2', 'X-5']) m, LATERAL costshare.eligibility(m, '2026-05-01', '90837') e
 ORDER BY 1;
-- line_context at a COB position: 1 is the six-argument form, 2 the second payer, 3 beyond X-1's two
-- coverages (no coverage there: not_eligible); NULL and 0 refused
SELECT costshare.line_context('X-1', '2026-05-01', '90837', NULL, '11', NULL, 1)
       IS NOT DISTINCT FROM costshare.line_context('X-1', '2026-05-01', '90837') AS position_1_is_primary,
       (costshare.line_context('X-1', '2026-05-01', '90837', NULL, '11', NULL, 2)).plan_id AS position_2,
       (costshare.line_context('X-1', '2026-05-01', '90837', NULL, '11', NULL, 3)).status AS position_3;
\set VERBOSITY sqlstate
SAVEPOINT lc;
SELECT costshare.line_context('X-1', '2026-05-01', '90837', NULL, '11', NULL, NULL);
ROLLBACK TO SAVEPOINT lc;
SELECT costshare.line_context('X-1', '2026-05-01', '90837', NULL, '11', NULL, 0);
ROLLBACK TO SAVEPOINT lc;
\set VERBOSITY default
-- estimate_many coordinates the same way: the primary's line, then what the second coverage pays after
-- it (X-1: the standard method, 20 -> patient 0; X-2 has one coverage; X-5's second plan cannot price
-- the line; X-6 has a third coverage, which pays 0 after the second paid the 20); patient_pays is what
-- the patient owes after every payer
SELECT r.appt_id, r.status, r.reasons, (r.line).patient_pays AS primary_patient_share, r.cob_method,
       r.secondary_pays, r.third_pays, r.patient_pays, r.sqlstate,
       r.patient_pays = (costshare.estimate(m.member_id, '2026-05-01', '90837')).patient_pays AS same_as_estimate
  FROM costshare.estimate_many(ARRAY[ROW(1, 'X-1', '2026-05-01', '90837', NULL, '11', NULL),
                                     ROW(2, 'X-2', '2026-05-01', '90837', NULL, '11', NULL),
                                     ROW(3, 'X-5', '2026-05-01', '90837', NULL, '11', NULL),
                                     ROW(4, 'X-6', '2026-05-01', '90837', NULL, '11', NULL)]::costshare.appointment[]) r
  JOIN (VALUES (1, 'X-1'), (2, 'X-2'), (3, 'X-5'), (4, 'X-6')) m(appt_id, member_id) USING (appt_id)
 ORDER BY r.appt_id;
-- an 835 from a payer that covers the member twice (a couple both insured by it, one payer member id
-- on both cards) posts to the coverage at the COB position the claim says it was processed at
-- (CLP02 2: as secondary; 1: as primary)
UPDATE costshare.payer SET x12_ids = '{XB835}' WHERE payer_id = 'X-B';
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('X-B2', 'X-B', 'B2: the member''s own plan with payer B');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('X-7', 'Xavier', 'Seven', '1975-07-07');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, payer_member_id) VALUES
  ('X-7', 'X-7', 'FX-7', 'X-B2', '[2026-01-01,2027-01-01)', 'self', 'XB700'),
  ('X-7', 'X-2', 'FX-2', 'X-SEC', '[2026-01-01,2027-01-01)', 'spouse', 'XB700');
SELECT claim_id, status, deductible, coinsurance, result
  FROM costshare.post_835(
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260601*1200*^*00501*000000071*0*T*:~'
 || 'GS*HP*SENDER*RECEIVER*20260601*1200*71*X*005010X221A1~ST*835*0001~BPR*I*20.00*C*CHK************20260605~'
 || 'TRN*1*CHK71*XB835~N1*PR*SPOUSE PLAN B~N1*PE*PRACTICE*XX*1222222223~LX*1~'
 || 'CLP*CLM-SEC*2*200.00*10.00*5.00*12*P71~NM1*QC*1*SEVEN*XAVIER****MI*XB700~SVC*HC:90837*200.00*10.00~'
 || 'DTM*472*20260502~CAS*PR*2*5.00~CAS*CO*45*185.00~'
 || 'CLP*CLM-PRI*1*200.00*10.00*5.00*12*P72~NM1*QC*1*SEVEN*XAVIER****MI*XB700~SVC*HC:90837*200.00*10.00~'
 || 'DTM*472*20260503~CAS*PR*2*5.00~CAS*CO*45*185.00~'
 || 'SE*19*0001~GE*1*71~IEA*1*000000071~')
 ORDER BY claim_id;
SELECT claim_id, plan_id, family_id, coinsurance FROM costshare.accumulator_ledger WHERE member_id = 'X-7' ORDER BY claim_id;
-- the same answer through the as-of path (the same C code over the rows as they stood)
SELECT (e).patient_pays = (costshare.estimate(costshare.log_estimate('X-1', '2026-05-01', '90837'))).patient_pays AS as_of_same
  FROM costshare.estimate('X-1', '2026-05-01', '90837') e;
ROLLBACK;
