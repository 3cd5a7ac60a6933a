-- batch_after: estimate_many answers each line as one estimate at a time does once every earlier line of
-- the call that can affect it has been posted (session 14: costshare.estimate_after, one line of a group
-- after the other). Until session 14 the batch composed paths that did not see each other's lines: a
-- window for the plan design's primary lines (started from the accumulators on the family's first date),
-- a chain for the 271 lines, and the later payers priced from their accumulators before the call.
-- Part 1 works a family's second plan by hand (its deductible, the family's); part 2 is a property test
-- over random two-coverage families: the batch equals one estimate at a time with each earlier line
-- posted to both coverages; part 3 the refusals of coordinate_second's `earlier`; part 4 one payer's
-- plan design and 271 for one member; part 5 a line posted between two lines of the call.
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;

-- ---- part 1: a family by hand ---------------------------------------------------------------------
-- A (payer PA): 20% coinsurance, no deductible: on a 200.00 fee A pays 160, the patient owes 40.
-- B (payer PB), second, maintenance of benefits: deductible 50 a member and 80 a family, then 30%.
-- B as primary on its 200.00 (its normal benefit) for a member with nothing met: 50 deductible, 30% of
-- 150 = 45. Under maintenance of benefits B adjudicates the 40 the patient owes with its accumulators.
INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES
  ('PA', 'Plan A Health', 'commercial'), ('PB', 'Plan B Health', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name, cob_method) VALUES
  ('A', 'PA', 'A: 20%', NULL), ('B', 'PB', 'B: 50 / 80 deductible, 30%', 'maintenance_of_benefits');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, ded_family, oop_individual) VALUES
  ('A', 'in', NULL, NULL, NULL), ('B', 'in', 50, 80, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies) VALUES
  ('A', 'mh_psychotherapy', 'in', 0.2, true), ('B', 'mh_psychotherapy', 'in', 0.3, true);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('PA', '90837', '[2026-01-01,2027-01-01)', 200.00), ('PB', '90837', '[2026-01-01,2027-01-01)', 200.00);
-- three children on both parents' plans: A first (the birthday rule), B second
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('C-1', 'Ada', 'Kid', '2012-01-01'), ('C-2', 'Ben', 'Kid', '2014-01-01'), ('C-3', 'Cy', 'Kid', '2016-01-01'),
  ('PAR-A', 'Ann', 'Kid', '1980-02-01'), ('PAR-B', 'Bob', 'Kid', '1980-05-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order, relationship, coverage_level)
SELECT c, sub, f, p, '[2026-01-01,2027-01-01)', o, 'child', 'family'
  FROM (VALUES ('C-1'), ('C-2'), ('C-3')) m (c)
 CROSS JOIN (VALUES ('FA', 'A', 1, 'PAR-A'), ('FB', 'B', 2, 'PAR-B')) k (f, p, o, sub);

-- 1  C-1 03-01: B's deductible unmet: the 40 goes to it, B pays 0, the patient 40. B credits what it
--    would as primary: 50 to C-1's deductible and the family's (50 of 80).
-- 2  C-2 03-02: the family has 30 of its 80 left, so C-2's deductible is 30: of the 40, 30 deductible
--    and 30% of 10 = 3 coinsurance: B pays 7, the patient 33. B credits 30: the family's 80 is met.
-- 3  C-1 03-03: C-1's deductible met: 30% of 40 = 12: B pays 28, the patient 12.
-- 4  C-3 03-04: the family's deductible met: B pays 28, the patient 12.
-- (From the accumulators before the batch, as before session 14: B pays 0 on every line.)
CREATE TEMP TABLE appts AS
SELECT * FROM (VALUES (1, 'C-1', date '2026-03-01'), (2, 'C-2', '2026-03-02'), (3, 'C-1', '2026-03-03'),
                      (4, 'C-3', '2026-03-04')) a (appt_id, member_id, service_date);
SELECT r.appt_id, (r.line).plan_pays AS primary_pays, r.cob_method, r.secondary_pays, r.patient_pays
  FROM costshare.estimate_many(ARRAY(SELECT ROW(a.appt_id, a.member_id, a.service_date, '90837', NULL, NULL, NULL)::costshare.appointment
                                       FROM appts a)) r
 ORDER BY r.appt_id;

-- the same, one estimate at a time, each line posted to both coverages before the next: B's line with
-- its own adjudication (coordinate_second's normal_deductible, normal_copay, normal_coinsurance) and
-- what it paid
CREATE FUNCTION pg_temp.one_by_one(n int)
RETURNS TABLE (appt_id int, secondary_pays numeric, patient_pays numeric)
LANGUAGE plpgsql AS $$
DECLARE
    a record;
    r record;
    co costshare.coordination;
BEGIN
    FOR a IN SELECT * FROM appts x WHERE x.appt_id <= n ORDER BY x.service_date, x.appt_id LOOP
        SELECT * INTO r FROM costshare.estimate_many(ARRAY[ROW(a.appt_id, a.member_id, a.service_date, '90837', NULL, NULL, NULL)::costshare.appointment]) e;
        co := costshare.coordinate_second(a.member_id, a.service_date, '90837', NULL, '11', NULL, r.line);
        PERFORM costshare.post_claim_line('a-' || a.appt_id, 1, 1, 'final', a.member_id, 'A', a.service_date,
                    (r.line).deductible, (r.line).copay, (r.line).coinsurance, 'mh_psychotherapy',
                    plan_paid => (r.line).plan_pays);
        PERFORM costshare.post_claim_line('b-' || a.appt_id, 1, 1, 'final', a.member_id, 'B', a.service_date,
                    co.normal_deductible, co.normal_copay, co.normal_coinsurance, 'mh_psychotherapy',
                    plan_paid => co.secondary_pays, cob_normal_benefit => co.normal_benefit, cob_paid => co.secondary_pays);
        appt_id := a.appt_id;
        secondary_pays := r.secondary_pays;
        patient_pays := r.patient_pays;
        RETURN NEXT;
    END LOOP;
END $$;
SAVEPOINT by_hand;
SELECT * FROM pg_temp.one_by_one(4) ORDER BY 1;
ROLLBACK TO SAVEPOINT by_hand;

-- ---- part 2: the property -------------------------------------------------------------------------
-- Random families of one to three members, each member covered by the family's primary plan (one of
-- P-1..P-3) and second plan (one of S-1..S-4; a second plan is never a primary plan here, see doc/rules.md
-- on a plan that is both). The second plans' method, deductibles (the member's, the family's, or
-- none), coinsurance, copay, out-of-pocket limit and plan-paid maximum are random; so are the fees.
-- Four to seven appointments a member over 2026. The batch must give every line what one estimate at a
-- time gives when each earlier line has been posted to both coverages.
SELECT setseed(0.14);
INSERT INTO costshare.payer (payer_id, name, payer_type)
SELECT 'Q' || i, 'Payer ' || i, 'commercial' FROM generate_series(1, 7) i;
INSERT INTO costshare.plan (plan_id, payer_id, name, cob_method)
SELECT CASE WHEN i <= 3 THEN 'P-' || i ELSE 'S-' || (i - 3) END, 'Q' || i, 'random plan ' || i,
       CASE WHEN i > 3 THEN (ARRAY['standard', 'maintenance_of_benefits', 'non_duplication', 'carve_out'])[i - 3] END
  FROM generate_series(1, 7) i;
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, ded_family, oop_individual, oop_family)
SELECT p.plan_id, 'in', d.ind, CASE WHEN random() < 0.6 THEN d.ind * 2 END, o.oop, CASE WHEN o.oop IS NOT NULL THEN o.oop * 2 END
  FROM costshare.plan p
 CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.8 THEN (50 + floor(random() * 10) * 25)::numeric END AS ind WHERE p.plan_id <> '') d
 CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.6 THEN (300 + floor(random() * 8) * 50)::numeric END AS oop WHERE p.plan_id <> '') o
 WHERE p.plan_id ~ '^[PS]-';
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies, plan_max_period)
SELECT p.plan_id, 'mh_psychotherapy', 'in', CASE WHEN random() < 0.25 THEN 10.00 END,
       (ARRAY[0.1, 0.2, 0.3, 0.5])[1 + floor(random() * 4)::int], random() < 0.8,
       CASE WHEN p.plan_id LIKE 'S-%' AND random() < 0.6 THEN (60 + floor(random() * 6) * 30)::numeric END
  FROM costshare.plan p WHERE p.plan_id ~ '^[PS]-';
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount)
SELECT 'Q' || i, '90837', '[2026-01-01,2027-01-01)', (120 + floor(random() * 10) * 10)::numeric
  FROM generate_series(1, 7) i;

CREATE TEMP TABLE fam AS
SELECT f, 1 + floor(random() * 3)::int AS size, 'P-' || (1 + floor(random() * 3)::int) AS p1,
       'S-' || (1 + floor(random() * 4)::int) AS p2
  FROM generate_series(1, 14) f;
CREATE TEMP TABLE mem AS
SELECT 'R-' || f || '-' || k AS member_id, f, k, fam.size, fam.p1, fam.p2 FROM fam, generate_series(1, fam.size) k;
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date)
SELECT member_id, 'Pat', 'Roe', '1990-01-01' FROM mem;
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order, relationship, coverage_level)
SELECT m.member_id, 'R-' || m.f || '-1', k.fam || m.f, k.plan_id, '[2026-01-01,2027-01-01)', k.o,
       CASE WHEN m.k = 1 THEN 'self' ELSE 'child' END, CASE WHEN m.size > 1 THEN 'family' ELSE 'individual' END
  FROM mem m CROSS JOIN LATERAL (VALUES ('RP-', m.p1, 1), ('RS-', m.p2, 2)) k (fam, plan_id, o);

CREATE TEMP TABLE pappts AS
SELECT row_number() OVER (ORDER BY m.member_id, g.n)::int AS appt_id, m.member_id, m.p1, m.p2,
       date '2026-01-05' + floor(random() * 340)::int AS service_date
  FROM mem m CROSS JOIN LATERAL generate_series(1, 4 + floor(random() * 4)::int) g (n);

CREATE TEMP TABLE batch AS
SELECT r.appt_id, r.status, r.line, r.cob_method, r.secondary_pays, r.patient_pays, r.reasons
  FROM costshare.estimate_many(ARRAY(SELECT ROW(a.appt_id, a.member_id, a.service_date, '90837', NULL, NULL, NULL)::costshare.appointment
                                       FROM pappts a)) r;

-- each line alone, from the accumulators before the batch (what the batch's second payers priced
-- from until session 14, but for the reserve and the maximums it already carried)
CREATE TEMP TABLE alone AS
SELECT a.appt_id, r.secondary_pays, r.patient_pays
  FROM pappts a
 CROSS JOIN LATERAL costshare.estimate_many(ARRAY[ROW(a.appt_id, a.member_id, a.service_date, '90837', NULL, NULL, NULL)::costshare.appointment]) r;

-- one at a time, in date order across the population, each posted to both coverages
CREATE TEMP TABLE seq (appt_id int, status text, line costshare.breakdown, cob_method text,
                       secondary_pays numeric, patient_pays numeric, reasons text[], normal_deductible numeric,
                       normal_benefit numeric);
DO $$
DECLARE
    a record;
    r record;
    co costshare.coordination;
BEGIN
    FOR a IN SELECT * FROM pappts ORDER BY service_date, appt_id LOOP
        SELECT * INTO r FROM costshare.estimate_many(ARRAY[ROW(a.appt_id, a.member_id, a.service_date, '90837', NULL, NULL, NULL)::costshare.appointment]) e;
        co := costshare.coordinate_second(a.member_id, a.service_date, '90837', NULL, '11', NULL, r.line);
        INSERT INTO seq VALUES (a.appt_id, r.status, r.line, r.cob_method, r.secondary_pays, r.patient_pays, r.reasons,
                                co.normal_deductible, co.normal_benefit);
        IF r.line IS NOT NULL THEN
            PERFORM costshare.post_claim_line('p-' || a.appt_id, 1, 1, 'final', a.member_id, a.p1, a.service_date,
                        (r.line).deductible, (r.line).copay, (r.line).coinsurance, 'mh_psychotherapy',
                        plan_paid => (r.line).plan_pays);
        END IF;
        IF co IS NOT NULL THEN
            PERFORM costshare.post_claim_line('s-' || a.appt_id, 1, 1, 'final', a.member_id, a.p2, a.service_date,
                        co.normal_deductible, co.normal_copay, co.normal_coinsurance, 'mh_psychotherapy',
                        plan_paid => co.secondary_pays, cob_normal_benefit => co.normal_benefit,
                        cob_paid => co.secondary_pays);
        END IF;
    END LOOP;
END $$;

-- every line the same: status, the primary's breakdown, the second payer's payment, the patient's amount
SELECT count(*) AS lines,
       count(*) FILTER (WHERE b.status IS DISTINCT FROM s.status OR b.line IS DISTINCT FROM s.line
                          OR b.cob_method IS DISTINCT FROM s.cob_method
                          OR b.secondary_pays IS DISTINCT FROM s.secondary_pays
                          OR b.patient_pays IS DISTINCT FROM s.patient_pays
                          OR b.reasons IS DISTINCT FROM s.reasons) AS different
  FROM batch b JOIN seq s USING (appt_id);
-- (any that differ, to read)
SELECT b.appt_id, a.member_id, a.service_date, b.cob_method, b.secondary_pays AS batch_secondary,
       s.secondary_pays AS one_by_one, b.patient_pays AS batch_patient, s.patient_pays AS one_by_one_patient
  FROM batch b JOIN seq s USING (appt_id) JOIN pappts a USING (appt_id)
 WHERE b.secondary_pays IS DISTINCT FROM s.secondary_pays OR b.patient_pays IS DISTINCT FROM s.patient_pays
 ORDER BY b.appt_id LIMIT 10;

-- the data make the carried accumulators matter (else the property would hold vacuously): lines whose
-- second payer applied a deductible, lines after the family's earlier lines had met some of it, lines
-- whose second payer's maximum cut them, each method present, and the sum of what the seconds pay
-- differs from pricing every line from the accumulators before the batch
SELECT count(*) FILTER (WHERE s.normal_deductible > 0) AS secondary_deductible_lines,
       count(DISTINCT b.cob_method) AS methods,
       count(*) FILTER (WHERE 'secondary_plan_maximum_reached' = ANY (b.reasons)) AS secondary_max_reached,
       sum(b.secondary_pays) > 0 AS seconds_pay
  FROM batch b JOIN seq s USING (appt_id);
SELECT count(*) FILTER (WHERE x.secondary_pays IS DISTINCT FROM b.secondary_pays) AS lines_carrying_changes,
       count(*) FILTER (WHERE x.patient_pays IS DISTINCT FROM b.patient_pays) AS patient_amounts_changed
  FROM batch b JOIN alone x USING (appt_id);

-- ---- part 3: the refusals of coordinate_second's and coordinate_third's earlier lines ------------------
ROLLBACK TO SAVEPOINT by_hand;
CREATE FUNCTION pg_temp.try(q text, OUT code text, OUT message text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    code := 'ok';
EXCEPTION WHEN OTHERS THEN
    code := SQLSTATE;
    message := SQLERRM;
END $$;
CREATE TEMP TABLE p1 AS
SELECT r.line FROM costshare.estimate_many(ARRAY[ROW(1, 'C-2', date '2026-03-02', '90837', NULL, NULL, NULL)::costshare.appointment]) r;
-- C-1's line of 03-01 as estimate_many carries it (B's own adjudication: 50 deductible, 45 coinsurance)
CREATE TEMP TABLE el AS
SELECT ROW('C-1', 'FB', 'B', 'PB', 'mh_psychotherapy', date '2026-03-01', 50.00, 0.00, 45.00, 1, 200.00, 0.00, 'in', NULL, NULL)::costshare.batch_271_line AS l;
SELECT x.label, t.code, t.message
  FROM (VALUES
    ('the family''s line counts (C-2 pays 7)', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[l]) FROM p1, el$q$),
    ('with batch_paid too', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, NULL, NULL, ARRAY[date '2026-03-01'], ARRAY['mh_psychotherapy'], ARRAY[0.00], ARRAY[l]) FROM p1, el$q$),
    ('a NULL element', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[NULL]::costshare.batch_271_line[]) FROM p1$q$),
    ('no bucket', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[ROW('C-1', 'FB', 'B', 'PB', NULL, date '2026-03-01', 50, 0, 45, 1, 200, 0, NULL, NULL, NULL)::costshare.batch_271_line]) FROM p1$q$),
    ('NaN deductible', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[ROW('C-1', 'FB', 'B', 'PB', NULL, date '2026-03-01', 'NaN', 0, 45, 1, 200, 0, 'in', NULL, NULL)::costshare.batch_271_line]) FROM p1$q$),
    ('a negative coinsurance', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[ROW('C-1', 'FB', 'B', 'PB', NULL, date '2026-03-01', 50, 0, -1, 1, 200, 0, 'in', NULL, NULL)::costshare.batch_271_line]) FROM p1$q$),
    ('an infinite date', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[ROW('C-1', 'FB', 'B', 'PB', NULL, 'infinity', 50, 0, 45, 1, 200, 0, 'in', NULL, NULL)::costshare.batch_271_line]) FROM p1$q$),
    ('two dimensions', $q$SELECT costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[[l]]) FROM p1, el$q$),
    ('the third''s too', $q$SELECT costshare.coordinate_third('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, costshare.coordinate(line, costshare.terms(coinsurance => 0.3)), NULL, NULL, ARRAY[date '2026-03-01'], ARRAY['mh_psychotherapy'], ARRAY[0.00], ARRAY[l]) FROM p1, el$q$)
  ) x (label, q)
 CROSS JOIN LATERAL pg_temp.try(x.q) t;
-- what the first call answers: B pays 7 (C-1's 50 leaves 30 of the family's 80); another family's or
-- plan's line is not counted (50 deductible: B pays 0); nor is a line dated after this one
SELECT 'the family''s line' AS earlier, (costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[l])).secondary_pays FROM p1, el
UNION ALL
SELECT 'another family''s', (costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[ROW('C-1', 'FX', 'B', 'PB', NULL, date '2026-03-01', 50, 0, 45, 1, 200, 0, 'in', NULL, NULL)::costshare.batch_271_line])).secondary_pays FROM p1
UNION ALL
SELECT 'another plan''s', (costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[ROW('C-1', 'FB', 'A', 'PA', NULL, date '2026-03-01', 50, 0, 45, 1, 200, 0, 'in', NULL, NULL)::costshare.batch_271_line])).secondary_pays FROM p1
UNION ALL
SELECT 'a later line', (costshare.coordinate_second('C-2', '2026-03-02', '90837', NULL, '11', NULL, line, earlier => ARRAY[ROW('C-1', 'FB', 'B', 'PB', NULL, date '2026-03-05', 50, 0, 45, 1, 200, 0, 'in', NULL, NULL)::costshare.batch_271_line])).secondary_pays FROM p1;

-- ---- part 4: one payer's plan design and its 271 for one member (session 14) ------------------------
-- The plan design of nwh-ppo covers psychotherapy (a 300 deductible, then 20%) and states nothing for
-- diagnostic evaluations; the member's 271 from the same payer prices those (a 300 deductible, 20%).
-- One estimate at a time, each line posted, every line counts the others: the plan design reads the
-- family's ledger of the plan, the 271 pricing the member's ledger lines with the payer.
--   1  03-01 90791 (271): 250 to the deductible, the patient 250
--   2  03-02 90837 (plan design): 250 of the 300 met: 50 deductible, 20% of 150 = 30: patient 80
--   3  03-03 90791 (271): the deductible met by both: 20% of 250 = 50
-- (Before session 14 the batch charged 250, 200 and 90: the plan design did not see the 271 line.)
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('NWH', 'Northwind Health', '{NWH01}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('nwh-ppo', 'NWH', 'Northwind PPO');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, oop_individual) VALUES ('nwh-ppo', 'in', 300, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies) VALUES
  ('nwh-ppo', 'mh_psychotherapy', 'in', 0.2, true);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('NWH', '90837', '[2026-01-01,2027-01-01)', 200.00), ('NWH', '90791', '[2026-01-01,2027-01-01)', 250.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('N-1', 'Pat', 'Doe', '1980-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, payer_member_id)
VALUES ('N-1', 'N-1', 'FN-1', 'nwh-ppo', '[2026-01-01,2027-01-01)', 'self', 'NWN-1');
SELECT l.status FROM costshare.load_271(
    'ISA*00*          *00*          *ZZ*NWH01          *ZZ*CLINIC         *260301*1200*^*00501*000000141*0*P*:~'
 || 'GS*HB*NWH01*CLINIC*20260301*1200*141*X*005010X279A1~ST*271*0001*005010X279A1~BHT*0022*11*1*20260301*1200~'
 || 'HL*1**20*1~NM1*PR*2*NORTHWIND*****PI*NWH01~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~HL*3*2*22*0~'
 || 'TRN*2*T141*9877281235~NM1*IL*1*DOE*PAT****MI*NWN-1~DMG*D8*19800101~DTP*291*RD8*20260101-20261231~'
 || 'EB*1*IND*30**PPO~EB*A*IND*30*****0.2****Y~EB*C*IND*30***23*300.00*****Y~SE*15*0001~GE*1*141~IEA*1*000000141~',
    '2026-03-01') l;
CREATE TEMP TABLE mixed AS
SELECT * FROM (VALUES (1, date '2026-03-01', '90791'), (2, '2026-03-02', '90837'), (3, '2026-03-03', '90791')) a (appt_id, service_date, code);
SAVEPOINT mixed;
SELECT r.appt_id, (r.line).deductible, (r.line).coinsurance, r.patient_pays
  FROM costshare.estimate_many(ARRAY(SELECT ROW(a.appt_id, 'N-1', a.service_date, a.code, NULL, '11', NULL)::costshare.appointment
                                       FROM mixed a)) r
 ORDER BY r.appt_id;
-- one at a time, each posted (the ledger line of the plan, with the payer and the line's category)
DO $$
DECLARE
    a record;
    r record;
BEGIN
    FOR a IN SELECT * FROM mixed ORDER BY service_date, appt_id LOOP
        SELECT * INTO r FROM costshare.estimate_many(ARRAY[ROW(a.appt_id, 'N-1', a.service_date, a.code, NULL, '11', NULL)::costshare.appointment]) e;
        RAISE NOTICE 'line %: deductible %, coinsurance %, patient %', a.appt_id, (r.line).deductible, (r.line).coinsurance, r.patient_pays;
        PERFORM costshare.post_claim_line('n-' || a.appt_id, 1, 1, 'final', 'N-1', 'nwh-ppo', a.service_date,
                    (r.line).deductible, (r.line).copay, (r.line).coinsurance,
                    (SELECT c.category FROM costshare.line_context('N-1', a.service_date, a.code) c),
                    payer_id => 'NWH', allowed => (r.line).allowed, plan_paid => (r.line).plan_pays);
    END LOOP;
END $$;
ROLLBACK TO SAVEPOINT mixed;

-- ---- part 5: a line posted between two lines of the call (session 14) ----------------------------------
-- N-1's plan design again (300 deductible, 20%). A claim line dated 04-15 is on the ledger with 200 of
-- deductible; the call has two psychotherapy sessions, 04-10 and 04-20 (200 each). One at a time:
--   04-10: the 04-15 line is later and does not count: 200 deductible, the patient 200
--   04-20: the ledger's 200 and the call's earlier 200 meet the 300: 20% of 200 = 40
-- Before session 14 the batch ran a family's lines from the accumulators on its first line's date, so
-- a line posted between them never counted: 04-20 was charged 100 of deductible and 20 (120). On the
-- estimate benchmark's population that changed 100 of 6,000 lines (test/bench/ESTIMATE.md).
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id,
                                          category, service_date, deductible, copay, coinsurance, visits)
VALUES ('posted-1', 1, 'final', 'FN-1', 'N-1', 'nwh-ppo', 'NWH', 'mh_psychotherapy', '2026-04-15', 200, 0, 0, 1);
SELECT r.appt_id, (r.line).deductible, (r.line).coinsurance, r.patient_pays
  FROM costshare.estimate_many(ARRAY[ROW(1, 'N-1', date '2026-04-10', '90837', NULL, '11', NULL)::costshare.appointment,
                                     ROW(2, 'N-1', date '2026-04-20', '90837', NULL, '11', NULL)::costshare.appointment]) r
 ORDER BY r.appt_id;
SELECT (costshare.estimate('N-1', '2026-04-20', '90837')).patient_pays AS "04-20 alone (the ledger's 200)";
ROLLBACK;
