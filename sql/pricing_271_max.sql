-- pricing_271_max: a plan-paid dollar maximum a payer's 271 states (issue 10): an EB01 F row with a
-- monetary EB07 and no EB09/EB10 quantity caps the plan's payment of a line priced from that 271.
-- EB06 says what the amount is: 23 (or 21, 22, 25, none) the period's maximum, 32 the lifetime's,
-- 29 / 33 what is left of them, 24 what was used this year; 27 (per visit) and other per-unit
-- qualifiers are not a running maximum. What the plan paid on the member's ledger lines of the
-- category recorded since the 271 was loaded comes off; estimate_many runs it down over the batch.
-- Real X12 text through costshare.load_271.
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;
\i test/regress/try.sql

-- the practice: one payer, a plan without any benefit rows (no plan design: the 271 prices), a fee
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('NWH', 'Northwind Health', '{NWH01}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('nwh-ppo', 'NWH', 'Northwind PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-PERIOD', 'Ana', 'Perez', '1980-04-02'), ('M-VISIT', 'Ben', 'Vance', '1981-05-03'),
  ('M-LIFE', 'Cleo', 'Lind', '1982-06-04'), ('M-REM', 'Dev', 'Rao', '1983-07-05'),
  ('M-USED', 'Eli', 'Ustad', '1984-08-06'), ('M-BATCH', 'Fay', 'Baker', '1985-09-07');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
SELECT m, m, 'f-' || m, 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'individual', 'NW' || m
  FROM unnest(ARRAY['M-PERIOD', 'M-VISIT', 'M-LIFE', 'M-REM', 'M-USED', 'M-BATCH']) m;
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('NWH', '90837', '[2026-01-01,2027-01-01)', 200.00);

-- a 271 of the payer for one member: coverage for the plan year, 20% coinsurance and no deductible
-- for mental health in network, and the given EB rows (the SE count computed)
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

-- what the 271 path says of a line
CREATE FUNCTION pg_temp.show(member text, d date)
RETURNS TABLE (status text, reasons text[], allowed numeric, coinsurance numeric, not_covered numeric,
               patient_pays numeric, plan_pays numeric, codes text[], plan_max_left numeric,
               period_left numeric, lifetime_left numeric)
LANGUAGE sql AS $$
    SELECT (r.estimate).status, (r.estimate).reasons, (r.estimate).allowed, (r.estimate).coinsurance,
           (r.estimate).not_covered, (r.estimate).patient_pays, (r.estimate).plan_pays,
           (r.estimate).adjustment_codes, (r.estimate).plan_max_left, r.plan_max_period_left,
           r.plan_max_lifetime_left
      FROM costshare.estimate_271(member, d, '90837') r
$$;

-- the F rows the parser figures: a dollar amount without a quantity (by EB06), never a visit limit
SELECT p.info, p.time_period, p.amount, p.quantity_qualifier, p.quantity, p.figure
  FROM costshare.parse_271(pg_temp.doc('000000501', 'M-PERIOD', 'PEREZ', 'ANA', '19800402',
         ARRAY['EB*F*IND*MH***23*100.00*****Y', 'EB*F*IND*MH***27*50.00*****Y', 'EB*F*IND*MH***32*2000.00*****Y',
               'EB*F*IND*MH***29*70.00*****Y', 'EB*F*IND*MH***24*10.00*****Y', 'EB*F*IND*MH***23******VS*20*Y'])) p
 WHERE p.info = 'F' ORDER BY p.segment;

-- ==== the period's maximum (EB06 23) binds mid-claim =========================================
-- allowed 200, coinsurance 20%: the plan would pay 160; 100 is left of the year's maximum: the plan
-- pays 100, the other 60 is not covered (the patient's: 40 + 60; code 119). The per-visit cap of 50
-- (EB06 27) in the same 271 is not a running maximum: it does not make the plan pay 50.
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000501', 'M-PERIOD', 'PEREZ', 'ANA', '19800402',
         ARRAY['EB*F*IND*MH***23*100.00*****Y', 'EB*F*IND*MH***27*50.00*****Y']), '2026-03-01');
SELECT * FROM pg_temp.show('M-PERIOD', '2026-03-10');
-- estimate and eligibility agree: what is left before the line (the period's; no lifetime stated)
SELECT benefit_source, plan_pays, patient_pays, plan_max_left, reasons FROM costshare.estimate('M-PERIOD', '2026-03-10', '90837');
SELECT benefit_source, plan_max_period_left, plan_max_lifetime_left FROM costshare.eligibility('M-PERIOD', '2026-03-10', '90837');
SELECT (SELECT plan_max_left FROM costshare.estimate('M-PERIOD', '2026-03-10', '90837'))
     = (SELECT plan_max_period_left FROM costshare.eligibility('M-PERIOD', '2026-03-10', '90837')) AS agree;

-- ==== a ledger payment after the 271 reduces what is left ====================================
-- the plan paid 30.00 on a psychotherapy session of 2026-03-05 posted after the load: 70 is left;
-- a line of a category the maximum's row (service type MH) does not cover (office_visit: 98, BZ, 30),
-- one reversed, and one dated after the line count nothing (a line of a category it covers does:
-- review_s12, section 5)
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, coinsurance, plan_paid)
VALUES ('p-1', 'final', 'f-M-PERIOD', 'M-PERIOD', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-05', 7.50, 30.00),
       ('p-2', 'final', 'f-M-PERIOD', 'M-PERIOD', 'nwh-ppo', 'NWH', 'office_visit', '2026-03-05', 0, 40.00),
       ('p-3', 'reversed', 'f-M-PERIOD', 'M-PERIOD', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-06', 0, 0),
       ('p-4', 'final', 'f-M-PERIOD', 'M-PERIOD', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-20', 0, 25.00);
SELECT * FROM pg_temp.show('M-PERIOD', '2026-03-10');
SELECT plan_max_period_left FROM costshare.eligibility('M-PERIOD', '2026-03-10', '90837');
-- a line posted without plan_paid counts allowed - deductible - copay - coinsurance: 50 - 10 = 40 more
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, allowed)
VALUES ('p-5', 'final', 'f-M-PERIOD', 'M-PERIOD', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-06', 0, 0, 10.00, 50.00);
SELECT * FROM pg_temp.show('M-PERIOD', '2026-03-10');
-- one with neither: counted 0, and the estimate says so
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, copay)
VALUES ('p-6', 'final', 'f-M-PERIOD', 'M-PERIOD', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-07', 0);
SELECT reasons, plan_pays, period_left FROM pg_temp.show('M-PERIOD', '2026-03-10');

-- ==== a per-visit cap (EB06 27) alone is not a running maximum ================================
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000502', 'M-VISIT', 'VANCE', 'BEN', '19810503',
         ARRAY['EB*F*IND*MH***27*50.00*****Y', 'EB*F*IND*MH***7*20.00*****Y']), '2026-03-01');
SELECT * FROM pg_temp.show('M-VISIT', '2026-03-10');
SELECT plan_max_period_left, plan_max_lifetime_left FROM costshare.eligibility('M-VISIT', '2026-03-10', '90837');

-- ==== the lifetime maximum (EB06 32) ============================================================
-- 120 over the lifetime: the plan pays 120 of 160; eligibility reports it as the lifetime's
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000503', 'M-LIFE', 'LIND', 'CLEO', '19820604',
         ARRAY['EB*F*IND*MH***32*120.00*****Y']), '2026-03-01');
SELECT * FROM pg_temp.show('M-LIFE', '2026-03-10');
SELECT plan_max_period_left, plan_max_lifetime_left FROM costshare.eligibility('M-LIFE', '2026-03-10', '90837');
-- a payment dated in an earlier plan year, posted since the load, still counts toward the lifetime
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, coinsurance, plan_paid)
VALUES ('l-1', 'final', 'f-M-LIFE', 'M-LIFE', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2025-12-15', 0, 100.00);
SELECT plan_pays, not_covered, lifetime_left FROM pg_temp.show('M-LIFE', '2026-03-10');

-- ==== what is left of the period's (EB06 29) and the used amount (EB06 24) ======================
-- the remainder wins over the total: 70 left of 1000
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000504', 'M-REM', 'RAO', 'DEV', '19830705',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***29*70.00*****Y', 'EB*F*IND*MH***33*5000.00*****Y']), '2026-03-01');
SELECT * FROM pg_temp.show('M-REM', '2026-03-10');
-- the total less what was used this year: 500 - 420 = 80 left
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000505', 'M-USED', 'USTAD', 'ELI', '19840806',
         ARRAY['EB*F*IND*MH***23*500.00*****Y', 'EB*F*IND*MH***24*420.00*****Y']), '2026-03-01');
SELECT plan_pays, not_covered, period_left, reasons FROM pg_temp.show('M-USED', '2026-03-10');
-- a 271 stating the total, the used amount and a remainder that disagree: the lesser of what they
-- leave (1000 - 950 = 50, not the 500 the remainder says), never more than any statement leaves
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000507', 'M-USED', 'USTAD', 'ELI', '19840806',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***24*950.00*****Y', 'EB*F*IND*MH***29*500.00*****Y']), '2026-03-02');
SELECT plan_pays, not_covered, period_left, reasons FROM pg_temp.show('M-USED', '2026-03-10');
-- out of network, a row stating EB12 Y is not the line's: no maximum
SELECT (r.estimate).plan_max_left, r.plan_max_period_left FROM costshare.estimate_271('M-USED', '2026-03-10', '90837', out_of_network => true) r;

-- ==== estimate_many runs the 271's maximum down over the batch ================================
-- 300 left of the year: the first session's plan payment (160) fits, the second is capped at the 140
-- left (reason plan_maximum_reached); a third in the next week has nothing left; an appointment of
-- another member is not counted
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000506', 'M-BATCH', 'BAKER', 'FAY', '19850907',
         ARRAY['EB*F*IND*MH***23*300.00*****Y']), '2026-03-01');
SELECT appt_id, status, reasons, (line).plan_pays, (line).not_covered, patient_pays, (line).adjustment_codes, sqlstate
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'M-BATCH', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(2, 'M-BATCH', '2026-03-17', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(3, 'M-BATCH', '2026-03-24', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(4, 'M-LIFE', '2026-03-17', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
-- each alone is priced from what is left before the batch (the estimate does not know the others)
SELECT plan_pays, plan_max_left FROM costshare.estimate('M-BATCH', '2026-03-17', '90837');

-- ==== claim lines changed since the load: only what changed counts ============================
-- The 271 (as of 2026-03-01) says 150 of the year's 1000 used, from the two claims posted before the
-- load (v-1: the plan paid 100; r-1: 50). After the load v-1 is re-versioned to 120 and r-1 reversed:
-- 1000 - 150 - (120 - 100) + 50 = 880 is left, not 1000 - 150 - 120 = 730 (the re-versioned line
-- counted again in full, the reversed one still inside the 271's figure). The deductible is the same
-- class: a reversed line the 271 counted gives its deductible back (the 271's 80 met, less 30).
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-VERS', 'Gil', 'Varga', '1986-10-08');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-VERS', 'M-VERS', 'f-M-VERS', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'individual', 'NWM-VERS');
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('v-1', 1, 'final', 'f-M-VERS', 'M-VERS', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-10', 0, 0, 25.00, 100.00),
       ('r-1', 1, 'final', 'f-M-VERS', 'M-VERS', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-17', 30.00, 0, 12.50, 50.00);
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000508', 'M-VERS', 'VARGA', 'GIL', '19861008',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***24*150.00*****Y',
               'EB*C*IND*MH***23*500.00*****Y', 'EB*C*IND*MH***29*420.00*****Y']), '2026-03-01');
SELECT period_left FROM pg_temp.show('M-VERS', '2026-03-10');
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('v-1', 2, 'final', 'f-M-VERS', 'M-VERS', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-10', 0, 0, 30.00, 120.00),
       ('r-1', 2, 'reversed', 'f-M-VERS', 'M-VERS', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-17', 0, 0, 0, 0);
SELECT period_left FROM pg_temp.show('M-VERS', '2026-03-10');
SELECT (r.priced_terms).ded_individual, ((r.estimate).acc_before).ded_individual_met
  FROM costshare.estimate_271('M-VERS', '2026-03-10', '90837') r;

-- Only what changed within the 271's period: the 271's figures are the plan year's (2026 here), so a
-- line of the year before that was posted before the load and reversed after it was never in them and
-- gives nothing back (the deductible met stays the 271's 80, not 80 - 40), nor does its re-posting add
-- anything; a 2026 line posted after the load still adds its 15.
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-YEAR', 'Hal', 'Yates', '1987-11-09');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-YEAR', 'M-YEAR', 'f-M-YEAR', 'nwh-ppo', '[2025-01-01,2027-01-01)', 'self', 'individual', 'NWM-YEAR');
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('y-1', 1, 'final', 'f-M-YEAR', 'M-YEAR', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2025-12-15', 40.00, 0, 10.00, 90.00),
       ('y-2', 1, 'final', 'f-M-YEAR', 'M-YEAR', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2025-12-20', 25.00, 0, 5.00, 60.00);
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000509', 'M-YEAR', 'YATES', 'HAL', '19871109',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***24*150.00*****Y',
               'EB*C*IND*MH***23*500.00*****Y', 'EB*C*IND*MH***29*420.00*****Y']), '2026-03-01');
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('y-1', 2, 'reversed', 'f-M-YEAR', 'M-YEAR', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2025-12-15', 0, 0, 0, 0),
       ('y-2', 2, 'final', 'f-M-YEAR', 'M-YEAR', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2025-12-20', 35.00, 0, 5.00, 50.00),
       ('y-3', 1, 'final', 'f-M-YEAR', 'M-YEAR', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-20', 15.00, 0, 5.00, 60.00);
SELECT (r.priced_terms).ded_individual, ((r.estimate).acc_before).ded_individual_met, r.plan_max_period_left
  FROM costshare.estimate_271('M-YEAR', '2026-03-10', '90837') r;
-- eligibility and estimate_many say the same: 500 - 95 of the deductible left, the same payment
SELECT benefit_source, ded_remaining FROM costshare.eligibility('M-YEAR', '2026-03-10', '90837');
SELECT (e.line).plan_pays = (costshare.estimate('M-YEAR', '2026-03-10', '90837')).plan_pays AS same_payment,
       (e.line).patient_pays
  FROM costshare.estimate_many(ARRAY[ROW(1, 'M-YEAR', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment]) e;

-- ==== a family's maximum (EB02 FAM) ===========================================================
-- "The family" is the family_id of the member's enrollment with the 271's plan, as the plan design's
-- family accumulators read it: what the plan paid on every member's ledger lines of that family and
-- plan (with the 271's payer) since the 271 was loaded comes off the family's maximum the member's 271
-- states; the line is capped at the lesser of the member's and the family's left.
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-FA', 'Ida', 'Fox', '1970-01-02'), ('M-FB', 'Jon', 'Fox', '1971-02-03');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-FA', 'M-FA', 'f-FOX', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'family', 'NWM-FA'),
       ('M-FB', 'M-FA', 'f-FOX', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'spouse', 'family', 'NWM-FB');
-- Jon's session of February, posted before Ida's 271 was loaded: the plan paid 200 (in the 271's figures)
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('fb-0', 1, 'final', 'f-FOX', 'M-FB', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-10', 0, 0, 50.00, 200.00);
-- Ida's 271: her own year's maximum 1000; the family's 500, of which 200 used: 300 left. Her line
-- (the plan would pay 160) fits both
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000510', 'M-FA', 'FOX', 'IDA', '19700102',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*FAM*MH***23*500.00*****Y', 'EB*F*FAM*MH***24*200.00*****Y']), '2026-03-01');
SELECT p.info, p.coverage_level, p.time_period, p.amount
  FROM costshare.parse_271(pg_temp.doc('000000510', 'M-FA', 'FOX', 'IDA', '19700102',
         ARRAY['EB*F*FAM*MH***23*500.00*****Y'])) p WHERE p.info = 'F';
SELECT * FROM pg_temp.show('M-FA', '2026-03-10');
SELECT r.family_id, r.family_plan_max_period_left, r.family_plan_max_lifetime_left
  FROM costshare.estimate_271('M-FA', '2026-03-10', '90837') r;
-- Jon's session of March, posted after the load (the plan paid 250): the family has 300 - 250 = 50
-- left, Ida still 1000: the family's binds before hers. The plan pays 50 of 160, the other 110 is not
-- covered (the patient's 40 + 110; code 119)
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('fb-1', 1, 'final', 'f-FOX', 'M-FB', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-05', 0, 0, 62.50, 250.00);
SELECT * FROM pg_temp.show('M-FA', '2026-03-10');
SELECT r.family_plan_max_period_left FROM costshare.estimate_271('M-FA', '2026-03-10', '90837') r;
-- estimate and eligibility say the same
SELECT benefit_source, plan_pays, patient_pays, plan_max_left, reasons FROM costshare.estimate('M-FA', '2026-03-10', '90837');
SELECT benefit_source, plan_max_period_left, plan_max_lifetime_left, family_plan_max_period_left, family_plan_max_lifetime_left
  FROM costshare.eligibility('M-FA', '2026-03-10', '90837');
-- Jon's February claim reversed after the load: its 200 (inside the 271's used) is given back:
-- 500 - 200 - 250 + 200 = 250 left, and Ida's line is paid in full again
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('fb-0', 2, 'reversed', 'f-FOX', 'M-FB', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-10', 0, 0, 0, 0);
SELECT plan_pays, not_covered, plan_max_left, reasons FROM pg_temp.show('M-FA', '2026-03-10');
SELECT family_plan_max_period_left FROM costshare.eligibility('M-FA', '2026-03-10', '90837');
-- Jon's 271, loaded now (it reflects every line so far): his own remainder 40, the family's 250: his
-- own binds before the family's (the plan pays 40 of 160)
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000511', 'M-FB', 'FOX', 'JON', '19710203',
         ARRAY['EB*F*IND*MH***23*300.00*****Y', 'EB*F*IND*MH***29*40.00*****Y',
               'EB*F*FAM*MH***23*500.00*****Y', 'EB*F*FAM*MH***29*250.00*****Y']), '2026-03-06');
SELECT * FROM pg_temp.show('M-FB', '2026-03-12');
SELECT r.family_plan_max_period_left FROM costshare.estimate_271('M-FB', '2026-03-12', '90837') r;
-- a family maximum of a lifetime (EB06 32), family's only: 120 over the lifetime, no individual one
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-FL', 'Kay', 'Lowe', '1972-03-04');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-FL', 'M-FL', 'f-LOWE', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'family', 'NWM-FL');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000512', 'M-FL', 'LOWE', 'KAY', '19720304',
         ARRAY['EB*F*FAM*MH***32*120.00*****Y']), '2026-03-01');
SELECT * FROM pg_temp.show('M-FL', '2026-03-10');
SELECT r.family_id, r.family_plan_max_period_left, r.family_plan_max_lifetime_left
  FROM costshare.estimate_271('M-FL', '2026-03-10', '90837') r;

-- ==== estimate_many runs the family's maximum down over the family's lines ======================
-- Ida (1000 of her own left, 250 of the family's) on 03-10 and 03-17, Jon (40 of his own) on 03-12:
-- Ida's first is paid 160 (90 of the family's left), Jon's 40 (his own cap; 50 left), Ida's second
-- 50 of 160 (the family's cap, though 840 of her own are left: reason plan_maximum_reached, 119).
-- Another family's line (Kay's) is not counted.
SELECT appt_id, status, reasons, (line).plan_pays, (line).not_covered, patient_pays, (line).adjustment_codes, sqlstate
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'M-FA', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(2, 'M-FB', '2026-03-12', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(3, 'M-FA', '2026-03-17', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(4, 'M-FL', '2026-03-11', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
-- a member of the family whose own 271 states no plan-paid maximum (Liv): her line is not capped, but
-- what the plan pays on it (160, on 03-09) counts toward the family's in the batch, as her ledger lines
-- would: Ida's line of 03-10 has 250 - 160 = 90 of the family's left and is paid 90 of 160
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-FC', 'Liv', 'Fox', '2001-04-05');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-FC', 'M-FA', 'f-FOX', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'child', 'family', 'NWM-FC');
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000514', 'M-FC', 'FOX', 'LIV', '20010405', '{}'), '2026-03-06');
SELECT appt_id, status, reasons, (line).plan_pays, (line).not_covered, sqlstate
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'M-FC', '2026-03-09', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(2, 'M-FA', '2026-03-10', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
SELECT r.family_id, r.family_plan_max_period_left FROM costshare.estimate_271('M-FC', '2026-03-09', '90837') r;
-- a batch of one line agrees with the estimate, for each member
SELECT e.member, (m.line).plan_pays = (costshare.estimate(e.member, e.d, '90837')).plan_pays AS same_payment,
       (m.line).plan_pays
  FROM (VALUES ('M-FA', date '2026-03-17'), ('M-FB', date '2026-03-12'), ('M-FL', date '2026-03-10')) e (member, d)
  CROSS JOIN LATERAL costshare.estimate_many(ARRAY[ROW(1, e.member, e.d, '90837', NULL, '11', NULL)::costshare.appointment]) m
 ORDER BY e.member;

-- ==== the member's and the family's maximums run down together =================================
-- Joy (an individual lifetime maximum of 250, EB06 32; the family's 200 a plan year, EB06 23) and Kit
-- (the family's only), one plan year starting on January 1 (DTP 291 with a start only: 2026 and 2027).
-- Each line pays the least of its own payment (160), what the member has left after what the plan
-- actually paid on the member's earlier lines of the batch, and what the family has left after what it
-- actually paid on the family's earlier lines (of the line's plan year for the period's maximum):
--   Kit 2026-12-01: the family 200 left: 160
--   Joy 2026-12-10: her own 250, the family 200 - 160 = 40: 40 (120 not covered, plan_maximum_reached)
--   Joy 2027-01-05: her own 250 - 40 = 210 (what the plan paid on her line of December, not the 160 her
--                  own maximum alone would have let it pay), the family's new year 200: 160
--   Kit 2027-01-12: the family 200 - 160 = 40: 40 (120 not covered)
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-JA', 'Joy', 'Ray', '1976-07-08'), ('M-JB', 'Kit', 'Ray', '1977-08-09');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-JA', 'M-JA', 'f-RAY', 'nwh-ppo', '[2026-01-01,2028-01-01)', 'self', 'family', 'NWM-JA'),
       ('M-JB', 'M-JA', 'f-RAY', 'nwh-ppo', '[2026-01-01,2028-01-01)', 'spouse', 'family', 'NWM-JB');
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('NWH', '90837', '[2027-01-01,2028-01-01)', 200.00);
SELECT status, benefits FROM costshare.load_271(replace(pg_temp.doc('000000515', 'M-JA', 'RAY', 'JOY', '19760708',
         ARRAY['EB*F*IND*MH***32*250.00*****Y', 'EB*F*FAM*MH***23*200.00*****Y']),
         'DTP*291*RD8*20260101-20261231', 'DTP*291*D8*20260101'), '2026-03-01');
SELECT status, benefits FROM costshare.load_271(replace(pg_temp.doc('000000516', 'M-JB', 'RAY', 'KIT', '19770809',
         ARRAY['EB*F*FAM*MH***23*200.00*****Y']),
         'DTP*291*RD8*20260101-20261231', 'DTP*291*D8*20260101'), '2026-03-01');
SELECT appt_id, status, reasons, (line).plan_pays, (line).not_covered, patient_pays, sqlstate
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'M-JB', '2026-12-01', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(2, 'M-JA', '2026-12-10', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(3, 'M-JA', '2027-01-05', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(4, 'M-JB', '2027-01-12', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;
-- each line alone: the estimate and a batch of that line say the same (nothing of the batch before it:
-- 160 each, the maximums as the 271s and the ledger leave them)
SELECT e.member, e.d, (costshare.estimate(e.member, e.d, '90837')).plan_pays AS estimate_pays,
       (m.line).plan_pays AS batch_pays, r.plan_max_lifetime_left, r.family_plan_max_period_left
  FROM (VALUES ('M-JB', date '2026-12-01'), ('M-JA', date '2026-12-10'), ('M-JA', date '2027-01-05'),
               ('M-JB', date '2027-01-12')) e (member, d)
  CROSS JOIN LATERAL costshare.estimate_many(ARRAY[ROW(1, e.member, e.d, '90837', NULL, '11', NULL)::costshare.appointment]) m
  CROSS JOIN LATERAL costshare.estimate_271(e.member, e.d, '90837') r
 ORDER BY e.d;
-- the batch's first line of each member agrees with the estimate of that line when nothing of the
-- family precedes it: Kit's first line is the batch's first
SELECT (m.line).plan_pays = (costshare.estimate('M-JB', '2026-12-01', '90837')).plan_pays AS kit_first_agrees
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'M-JB', '2026-12-01', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(2, 'M-JA', '2026-12-10', '90837', NULL, '11', NULL)::costshare.appointment]) m
 WHERE m.appt_id = 1;
-- Joy's lines without Kit's: her own maximum alone: 160, then 250 - 160 = 90
SELECT appt_id, (line).plan_pays, (line).not_covered
  FROM costshare.estimate_many(ARRAY[
         ROW(2, 'M-JA', '2026-12-10', '90837', NULL, '11', NULL)::costshare.appointment,
         ROW(3, 'M-JA', '2027-01-05', '90837', NULL, '11', NULL)::costshare.appointment])
 ORDER BY appt_id;

-- costshare.plan_maximum_joint refuses a line without its member or date, and an amount left that is
-- NaN or negative; a frame that skips lines; a line of NULL is nothing (NULL, nothing paid)
CREATE TEMP TABLE jl AS SELECT (costshare.estimate_271('M-JA', '2026-12-10', '90837')).line AS line;
SELECT code, message, detail, hint FROM pg_temp.try($$SELECT costshare.plan_maximum_joint(NULL, '2026-12-10', line, NULL, 10, NULL, NULL, NULL, NULL, NULL, NULL) OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, detail, hint FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', NULL, line, NULL, 10, NULL, NULL, NULL, NULL, NULL, NULL) OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, detail, hint FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL) OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, detail, hint FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, NULL, -1, NULL, NULL, NULL, NULL, NULL) OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, hint FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, NULL, NULL, NULL, NULL, NULL) OVER (ORDER BY 1 ROWS BETWEEN CURRENT ROW AND CURRENT ROW)::text FROM jl$$);
-- the categories an earlier line counts toward (session 13): given together, of one length, each 0-15,
-- one-dimensional
SELECT code, message, detail, hint FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, NULL, NULL, 'x', '{x}', NULL) OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, detail FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, NULL, NULL, 'x', '{x,y}', '{1}') OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, detail FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, NULL, NULL, 'x', '{x}', '{16}') OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, detail FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, NULL, NULL, 'x', '{x}', '{-1}') OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message, detail FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, NULL, NULL, 'x', '{x}', '{NULL}') OVER (ORDER BY 1)::text FROM jl$$);
SELECT code, message FROM pg_temp.try($$SELECT costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, NULL, NULL, 'x', '{{x}}', '{{1}}') OVER (ORDER BY 1)::text FROM jl$$);
-- two lines of the member (the plan would pay 160 on each, 200 left of her period's): the second
-- counts the first toward her period maximum when its list names the first's category with bit 1
-- (200 - 160 = 40), not when the bit is 4 (the family's) or the category is not listed (160); a
-- NULL category matches a NULL element; no lists: every earlier line counts
SELECT x.toward_categories, x.toward, x.cat,
       (SELECT array_agg((j.capped).plan_pays ORDER BY j.k) FROM (
          SELECT v.k, costshare.plan_maximum_joint('M-JA', '2026-12-10', jl.line, NULL, 200, NULL, NULL, NULL,
                                                   v.cat, x.toward_categories, x.toward) OVER (ORDER BY v.k) AS capped
            FROM jl, (VALUES (1, x.cat), (2, 'b')) v (k, cat)) j) AS plan_pays
  FROM (VALUES ('{a,b}'::text[], '{1,1}'::int[], 'a'), ('{a,b}', '{4,1}', 'a'), ('{b}', '{1}', 'a'),
               ('{NULL,b}', '{1,0}', NULL), ('{b}', '{1}', NULL), (NULL, NULL, 'a')) x (toward_categories, toward, cat);
SELECT (costshare.plan_maximum_joint('M-JA', '2026-12-10', line, NULL, 10, NULL, 5, NULL, NULL, NULL, NULL) OVER (ORDER BY 1)).plan_pays AS capped,
       costshare.plan_maximum_joint(NULL, NULL, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL, NULL, NULL) OVER (ORDER BY 1) IS NULL AS no_line
  FROM jl;

-- ==== a claim line that moves to another member after the load ==================================
-- Max's claim lines mv-1 (the plan paid 100) and mv-2 (40) are in his 271's used figures, his own and
-- his family's (1000 - 140 = 860 and 600 - 140 = 460 left). After the load mv-1's next version is
-- recorded for a member of another family: Max and his family get the 100 back, and that member has
-- it as a line of his own (counted toward his 271, not Max's). mv-2 moves within the family (to Ola):
-- given back to Max, still the family's. Before, the ledger was read by member and a version of
-- another member was never seen: Max's earlier version stayed counted.
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-MA', 'Max', 'Moss', '1973-04-05'), ('M-MB', 'Ned', 'Nash', '1974-05-06'), ('M-MC', 'Ola', 'Moss', '1975-06-07');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-MA', 'M-MA', 'f-MOSS', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'family', 'NWM-MA'),
       ('M-MC', 'M-MA', 'f-MOSS', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'spouse', 'family', 'NWM-MC'),
       ('M-MB', 'M-MB', 'f-NASH', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'individual', 'NWM-MB');
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('mv-1', 1, 'final', 'f-MOSS', 'M-MA', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-10', 0, 0, 25.00, 100.00),
       ('mv-2', 1, 'final', 'f-MOSS', 'M-MA', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-11', 0, 0, 10.00, 40.00);
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000513', 'M-MA', 'MOSS', 'MAX', '19730405',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***24*140.00*****Y',
               'EB*F*FAM*MH***23*600.00*****Y', 'EB*F*FAM*MH***24*140.00*****Y']), '2026-03-01');
SELECT r.plan_max_period_left, r.family_plan_max_period_left FROM costshare.estimate_271('M-MA', '2026-03-10', '90837') r;
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('mv-1', 2, 'final', 'f-NASH', 'M-MB', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-10', 0, 0, 25.00, 100.00),
       ('mv-2', 2, 'final', 'f-MOSS', 'M-MC', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-02-11', 0, 0, 10.00, 40.00);
-- Max: 1000 - 140 + 100 + 40 = 1000 of his own; the family 600 - 140 + 100 = 560 (mv-2 is still the family's)
SELECT r.plan_max_period_left, r.family_plan_max_period_left FROM costshare.estimate_271('M-MA', '2026-03-10', '90837') r;

-- A 271 whose plan-paid maximum contradicts itself is refused when it is loaded, as a deductible
-- whose remainder is above its total is, and nothing of it is written: before, it loaded and then
-- every estimate of the member failed (estimate_many's whole batch with it). A remainder (29) above
-- the period's total (23), a lifetime remainder (33) above the lifetime total (32), and what was used
-- this year (24) above the period's total; the message names segments, never the member.
SELECT m.n, t.code, t.message, t.detail, t.hint
  FROM (VALUES (1, '000000590', ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***29*1500.00*****Y']),
               (2, '000000591', ARRAY['EB*F*IND*MH***32*5000.00*****Y', 'EB*F*IND*MH***33*5000.01*****Y']),
               (3, '000000592', ARRAY['EB*F*IND*MH***24*1200.00*****Y', 'EB*F*IND*MH***23*1000.00*****Y']),
               (4, '000000593', ARRAY['EB*F*FAM*MH***23*600.00*****Y', 'EB*F*FAM*MH***29*600.01*****Y'])) m(n, isa13, ebs)
 CROSS JOIN LATERAL pg_temp.try(format('SELECT costshare.load_271(%L, %L)',
         pg_temp.doc(m.isa13, 'M-REM', 'RAO', 'DEV', '19830705', m.ebs), '2026-03-05')) t
 ORDER BY m.n;
SELECT count(*) AS benefits, (SELECT count(*) FROM costshare.x12_load WHERE interchange_control IN ('000000590', '000000591', '000000592', '000000593')) AS loads
  FROM costshare.eligibility_benefit WHERE interchange_control IN ('000000590', '000000591', '000000592', '000000593');
-- figures that agree (1000 = 600 left + 400 used), or a remainder stated for another service type or
-- network than the total, load
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000594', 'M-REM', 'RAO', 'DEV', '19830705',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***29*600.00*****Y', 'EB*F*IND*MH***24*400.00*****Y',
               'EB*F*IND*30***29*1500.00*****Y', 'EB*F*IND*MH***29*1500.00*****N']), '2026-03-05');
-- and the member is priced from it: 600 left of the period's maximum
SELECT status, plan_max_left FROM pg_temp.show('M-REM', '2026-03-10');
-- load_271 refuses what the estimate refuses, by the same rule (costshare.benefit_271_conflict, the
-- engine's cs_p271_stored_conflict: the figures a line of each category of service_type_category, and
-- a line without one, takes in and out of network, then the estimate's own predicate), every kind:
-- 1. a remainder for both networks (W) above the in-network total; 2. a remainder for plan coverage
-- (30) above the mental-health total (an mh_psychotherapy line takes both: MH states no remainder of
-- its own); 3. what was used (no EB02) above the individual total; 4. the family's out-of-pocket
-- remaining for both networks above its in-network total; 5. a family deductible remaining above its
-- total; 6. an out-of-pocket remaining and met with no total above the money range; 7. a lifetime
-- remainder above its total for a service type only an inpatient line takes (mh_inpatient: A7).
-- Until this release load_271 compared only the maximums of the same service types and network, and a
-- deductible or out-of-pocket only through the snapshot it wrote: 1, 2, 4 (the snapshot skipped W) and
-- 6 (costshare.terms refused the implied total later) loaded, and then every estimate of the member
-- that took both figures failed; 5 failed on the snapshot (22003, naming a column).
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-OLD', 'Gus', 'Olsen', '1986-10-08');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('M-OLD', 'M-OLD', 'f-M-OLD', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'individual', 'NWM-OLD');
SELECT m.n, t.code, t.message, t.detail, t.hint
  FROM (VALUES (1, '000000601', ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***29*1500.00*****W']),
               (2, '000000602', ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*30***29*1500.00*****Y']),
               (3, '000000603', ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F**MH***24*1200.00*****Y']),
               (4, '000000604', ARRAY['EB*G*FAM*30****6000.00*****Y', 'EB*G*FAM*30***29*7000.00*****W']),
               (5, '000000605', ARRAY['EB*C*FAM*30***23*500.00*****Y', 'EB*C*FAM*30***29*600.00*****Y']),
               (6, '000000606', ARRAY['EB*G*IND*30***29*600000000.00*****Y', 'EB*G*IND*30***24*600000000.00*****Y']),
               (7, '000000607', ARRAY['EB*F*IND*A7***32*5000.00*****Y', 'EB*F*IND*A7***33*6000.00*****Y'])) m(n, isa13, ebs)
 CROSS JOIN LATERAL pg_temp.try(format('SELECT costshare.load_271(%L, %L)',
         pg_temp.doc(m.isa13, 'M-OLD', 'OLSEN', 'GUS', '19861008', m.ebs), '2026-03-05')) t
 ORDER BY m.n;
SELECT count(*) AS benefits, (SELECT count(*) FROM costshare.x12_load WHERE interchange_control BETWEEN '000000601' AND '000000607') AS loads,
       (SELECT count(*) FROM costshare.accumulator_snapshot WHERE family_id = 'f-M-OLD') AS snapshots
  FROM costshare.eligibility_benefit WHERE member_id = 'M-OLD';
-- Figures no line takes together load: a remaining stated with the payer's met (24) is not compared
-- with the total (met is the payer's figure); a maximum of a service type no category lists (AL) is
-- taken by no line (were a category to list it later, its estimates would refuse the pair, naming the
-- segments)
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000608', 'M-OLD', 'OLSEN', 'GUS', '19861008',
         ARRAY['EB*C*FAM*30***23*500.00*****Y', 'EB*C*FAM*30***29*600.00*****Y', 'EB*C*FAM*30***24*50.00*****Y',
               'EB*F*IND*AL***23*1000.00*****Y', 'EB*F*IND*AL***29*1500.00*****Y']), '2026-03-05');
SELECT status, reasons FROM pg_temp.show('M-OLD', '2026-03-10');
-- The estimate refuses the pairs load_271 refuses, naming the same segments: a 271 stored before this
-- release (here: the agreeing figures of 000000609, made to contradict as 000000601's did) fails
-- every estimate that takes both figures, and load_271 now refuses such a 271 whole
SELECT status, benefits FROM costshare.load_271(pg_temp.doc('000000609', 'M-OLD', 'OLSEN', 'GUS', '19861008',
         ARRAY['EB*F*IND*MH***23*1000.00*****Y', 'EB*F*IND*MH***29*600.00*****W']), '2026-03-06');
SELECT status, plan_max_left FROM pg_temp.show('M-OLD', '2026-03-10');
UPDATE costshare.eligibility_benefit SET amount = 1500.00 WHERE member_id = 'M-OLD' AND interchange_control = '000000609' AND time_period = '29';
SELECT code, message, detail, hint FROM pg_temp.try($$SELECT (costshare.estimate('M-OLD', '2026-03-10', '90837')).plan_pays$$);
-- a used amount above its total is refused by the estimate too (load_271 refused it already)
UPDATE costshare.eligibility_benefit SET amount = 600.00, time_period = '24', figure = 'met'
 WHERE member_id = 'M-OLD' AND interchange_control = '000000609' AND time_period = '29';
UPDATE costshare.eligibility_benefit SET amount = 500.00
 WHERE member_id = 'M-OLD' AND interchange_control = '000000609' AND time_period = '23';
SELECT code, message, detail, hint FROM pg_temp.try($$SELECT (costshare.estimate('M-OLD', '2026-03-10', '90837')).plan_pays$$);

-- only the versions after the lowest one read can supersede it: mv-3 came from Ned (v1) to Max (v2):
-- Max's v2 counts (the plan paid 50), Ned's v1 changes nothing; mv-4 went Max (v1, 30) -> Ned (v2) ->
-- Max (v3, 20): only v3 counts. Max 1000 - 50 - 20 = 930, the family 560 - 50 - 20 = 490
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, deductible, copay, coinsurance, plan_paid)
VALUES ('mv-3', 1, 'final', 'f-NASH', 'M-MB', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-02', 0, 0, 12.50, 50.00),
       ('mv-3', 2, 'final', 'f-MOSS', 'M-MA', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-02', 0, 0, 12.50, 50.00),
       ('mv-4', 1, 'final', 'f-MOSS', 'M-MA', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-03', 0, 0, 7.50, 30.00),
       ('mv-4', 2, 'final', 'f-NASH', 'M-MB', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-03', 0, 0, 7.50, 30.00),
       ('mv-4', 3, 'final', 'f-MOSS', 'M-MA', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-03-03', 0, 0, 5.00, 20.00);
SELECT r.plan_max_period_left, r.family_plan_max_period_left FROM costshare.estimate_271('M-MA', '2026-03-10', '90837') r;

-- a remainder above its total is refused, naming the segments
UPDATE costshare.eligibility_benefit SET amount = 1500.00 WHERE member_id = 'M-REM' AND info = 'F' AND time_period = '29';
SELECT code, message, hint FROM pg_temp.try($$SELECT (costshare.estimate('M-REM', '2026-03-10', '90837')).plan_pays$$);

ROLLBACK;
