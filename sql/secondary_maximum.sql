-- secondary_maximum: a later payer's own plan-paid maximum (issue 10, doc/rules.md step 10 and "A later
-- payer"), the maximums in costshare.eligibility, and estimate_many's benefit reserve per member and
-- second plan. Figures by hand in the comments.
--
-- P-1 (payer P), primary: psychotherapy 50%, no deductible, no maximum. Fee 90837: 200.00, so the
--   primary pays 100 and the patient owes 100 on every line.
-- Q-1 (payer Q), second: 20% coinsurance, no deductible; the plan pays at most 150 a calendar year and
--   200 a lifetime for psychotherapy. Fee 200.00: N2 = 80% of 200 = 160; standard COB pays
--   min(N2 + reserve, 200 - 100 = 100), at most the 100 owed, and at most what is left of its maximum.
-- Q-2 (payer Q), second: as Q-1 without a maximum. R-2 (payer RR), second: pays 30% (N2 = 60).
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;
INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES
  ('P', 'Primary Health', 'commercial'), ('Q', 'Second Health', 'commercial'), ('RR', 'Other Health', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES
  ('P-1', 'P', 'P: 50%, no deductible'),
  ('Q-1', 'Q', 'Q: 20%, no deductible, plan pays at most 150 a year and 200 a lifetime for therapy'),
  ('Q-2', 'Q', 'Q: 20%, no deductible, no maximum'),
  ('R-2', 'RR', 'R: 70%, no deductible, no maximum');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, oop_individual) VALUES
  ('P-1', 'in', NULL, NULL), ('Q-1', 'in', NULL, NULL), ('Q-2', 'in', NULL, NULL), ('R-2', 'in', NULL, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies, plan_max_period, plan_max_lifetime)
VALUES ('P-1', 'mh_psychotherapy', 'in', 0.5, false, NULL, NULL),
       ('Q-1', 'mh_psychotherapy', 'in', 0.2, false, 150, 200),
       ('Q-2', 'mh_psychotherapy', 'in', 0.2, false, NULL, NULL),
       ('R-2', 'mh_psychotherapy', 'in', 0.7, false, NULL, NULL);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('P', '90837', '[2025-01-01,2028-01-01)', 200.00), ('Q', '90837', '[2025-01-01,2028-01-01)', 200.00),
  ('RR', '90837', '[2025-01-01,2028-01-01)', 200.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('K-1', 'Kim', 'Cap', '1980-01-01'), ('K-2', 'Kai', 'Cap', '1981-01-01'), ('K-3', 'Kit', 'Cap', '1982-01-01');
-- K-1: P-1 then Q-1; K-2: P-1 then Q-2 until March, R-2 from April; K-3: Q-1 alone (its primary)
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order) VALUES
  ('K-1', 'K-1', 'FK-1', 'P-1', '[2025-01-01,2028-01-01)', 1),
  ('K-1', 'K-1', 'FK-1Q', 'Q-1', '[2025-01-01,2028-01-01)', 2),
  ('K-2', 'K-2', 'FK-2', 'P-1', '[2025-01-01,2028-01-01)', 1),
  ('K-2', 'K-2', 'FK-2Q', 'Q-2', '[2025-01-01,2026-04-01)', 2),
  ('K-2', 'K-2', 'FK-2R', 'R-2', '[2026-04-01,2028-01-01)', 2),
  ('K-3', 'K-3', 'FK-3', 'Q-1', '[2025-01-01,2028-01-01)', NULL);

-- Q-1 paid 90 on K-1's line of 2026-01-10: 150 - 90 = 60 left of 2026, 200 - 90 = 110 of the lifetime
SELECT costshare.post_claim_line('q-1', 1, 1, 'final', 'K-1', 'Q-1', '2026-01-10', 0, 0, 0, 'mh_psychotherapy', plan_paid => 90);

-- eligibility: the primary states no maximum (NULL); the second's own remainders 60 and 110
SELECT e.plan_id, e.plan_max_period_left, e.plan_max_lifetime_left, e.secondary_plan_id,
       e.secondary_plan_max_period_left, e.secondary_plan_max_lifetime_left
  FROM costshare.eligibility('K-1', '2026-03-01', '90837') e;
-- K-3 has Q-1 as its primary and nothing paid: 150 and 200; no second coverage (NULL)
SELECT e.plan_id, e.plan_max_period_left, e.plan_max_lifetime_left, e.secondary_plan_id,
       e.secondary_plan_max_period_left, e.secondary_plan_max_lifetime_left
  FROM costshare.eligibility('K-3', '2026-03-01', '90837') e;
-- the new columns are appended: 1.1's fifteen and part 81's twelve keep their positions
SELECT a.attnum, a.attname FROM pg_attribute a
 WHERE a.attrelid = 'costshare.eligibility_result'::regclass AND a.attnum > 25 ORDER BY a.attnum;

-- the single estimate, 2026-03-01: the primary pays 100, the patient owes 100. Q-1 as primary would pay
-- 160, capped at min(60, 110) = 60: N2 = 60; it pays min(60 + 0, 100, 60) = 60; without the maximum
-- it would pay 100: 40 stays with the patient (reason secondary_plan_maximum_reached)
SELECT e.primary_pays, e.cob_method, e.secondary_pays, e.patient_pays, e.reasons
  FROM costshare.estimate('K-1', '2026-03-01', '90837') e;
-- the same coordination: normal_benefit 60, plan_max_excess 40, codes 23 (the primary paid), 2, 119
SELECT c.normal_benefit, c.secondary_pays, c.patient_pays, c.plan_max_excess, c.reserve_after, c.adjustment_codes
  FROM costshare.coordinate_second('K-1', '2026-03-01', '90837', NULL, '11', NULL,
                                   costshare.adjudicate(200, costshare.terms(coinsurance => 0.5))) c;

-- costshare.coordinate, the pure function: without the new arguments as before (pays 100, reserve
-- 60); with 60 left of the period: as above; exactly 0 left: pays 0, the patient owes the 100;
-- lifetime 30 < period 500: the lifetime binds, pays 30
SELECT x.label, c.normal_benefit, c.secondary_pays, c.patient_pays, c.plan_max_excess, c.reserve_after, c.adjustment_codes
  FROM (VALUES ('no maximum', NULL::numeric, NULL::numeric), ('60 left', 60, NULL), ('0 left', 0, NULL),
               ('lifetime 30', 500, 30)) x(label, p, l)
 CROSS JOIN LATERAL costshare.coordinate(
         costshare.adjudicate(200, costshare.terms(coinsurance => 0.5)), costshare.terms(coinsurance => 0.2),
         NULL, 'standard', NULL, NULL, 0, x.p, x.l) c;
-- the seven-argument call still resolves (reserve 25: min(160 + 25, 100) = 100, reserve 25 + 60 = 85)
SELECT c.secondary_pays, c.reserve_after, c.plan_max_excess
  FROM costshare.coordinate(costshare.adjudicate(200, costshare.terms(coinsurance => 0.5)),
                            costshare.terms(coinsurance => 0.2), NULL, 'standard', NULL, NULL, 25) c;
-- refused: a negative remainder (22003)
SAVEPOINT s1;
SELECT costshare.coordinate(costshare.adjudicate(200, costshare.terms(coinsurance => 0.5)),
                            costshare.terms(coinsurance => 0.2), NULL, 'standard', NULL, NULL, 0, -1, NULL);
ROLLBACK TO SAVEPOINT s1;

-- estimate_many runs Q-1's maximum down over K-1's lines of the batch (60 and 110 left before it):
--   1  2026-03-01: as the single estimate: Q-1 pays 60 (40 excess), patient 40; reserve 0 + 60 - 60 = 0
--   2  2026-03-02: 60 - 60 = 0 left of 2026: Q-1 pays 0 (exactly at zero), patient 100
--   3  2027-01-10: a new year: 150 left of it; lifetime 110 - 60 = 50: the lifetime binds: N2 = 50,
--      pays min(50, 100, 50) = 50, patient 50
SELECT r.appt_id, (r.line).plan_pays AS primary_pays, r.cob_method, r.secondary_pays, r.patient_pays, r.reasons
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'K-1', '2026-03-01', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(2, 'K-1', '2026-03-02', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(3, 'K-1', '2027-01-10', '90837', NULL, NULL, NULL)::costshare.appointment]) r
 ORDER BY r.appt_id;
-- alone, the 2027 line has 150 and 110 left: N2 = 110, Q-1 pays the 100 owed, no excess
SELECT e.secondary_pays, e.patient_pays, e.reasons FROM costshare.estimate('K-1', '2027-01-10', '90837') e;

-- the reserve per member and second plan: K-2's second coverage is Q-2 until March, R-2 from April
--   1  2026-03-01 Q-2: N2 160, pays min(160, 100) = 100, reserve 60
--   2  2026-03-15 Q-2: reserve 60 carried: min(220, 100) = 100, reserve 60 + 60 = 120
--   3  2026-04-15 R-2: N2 = 30% of 200 = 60; R-2's reserve is R-2's own (0 on record), not Q-2's 120:
--      pays min(60 + 0, 100) = 60, patient 40 (carrying Q-2's reserve would have paid 100)
--   4  2026-05-01 R-2: from line 3's reserve (60 - 60 = 0): pays 60, patient 40
SELECT r.appt_id, r.cob_method, r.secondary_pays, r.patient_pays
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'K-2', '2026-03-01', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(2, 'K-2', '2026-03-15', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(3, 'K-2', '2026-04-15', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(4, 'K-2', '2026-05-01', '90837', NULL, NULL, NULL)::costshare.appointment]) r
 ORDER BY r.appt_id;

-- a third payer's own maximum, run down in the batch: K-4 has P-1, then R-2 (pays 30%: N2 60), then
-- T-1 (20% coinsurance, at most 50 a year). The primary pays 100, R-2 60: the patient owes 40.
--   1  2026-03-01: T-1 as primary would pay 160, capped at 50: N2 = 50; standard: min(50, 200 - 160 =
--      40, 50) = 40, patient 0; reserve 50 - 40 = 10
--   2  2026-03-02: 50 - 40 = 10 left: N2 = 10, pays min(10 + 10, 40, 10) = 10 (it would pay 40): 30
--      stays with the patient (reason third_payer_plan_maximum_reached); reserve 10 - 0 + 0 = 10
INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES ('T', 'Third Health', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('T-1', 'T', 'T: 20%, at most 50 a year for therapy');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, oop_individual) VALUES ('T-1', 'in', NULL, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies, plan_max_period)
VALUES ('T-1', 'mh_psychotherapy', 'in', 0.2, false, 50);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('T', '90837', '[2025-01-01,2028-01-01)', 200.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('K-4', 'Kay', 'Cap', '1983-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order) VALUES
  ('K-4', 'K-4', 'FK-4', 'P-1', '[2025-01-01,2028-01-01)', 1),
  ('K-4', 'K-4', 'FK-4R', 'R-2', '[2025-01-01,2028-01-01)', 2),
  ('K-4', 'K-4', 'FK-4T', 'T-1', '[2025-01-01,2028-01-01)', 3);
SELECT r.appt_id, r.secondary_pays, r.third_pays, r.patient_pays, r.reasons
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'K-4', '2026-03-01', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(2, 'K-4', '2026-03-02', '90837', NULL, NULL, NULL)::costshare.appointment]) r
 ORDER BY r.appt_id;
-- alone, each line has the 50: the third pays the 40 owed
SELECT e.secondary_pays, e.third_pays, e.patient_pays, e.reasons FROM costshare.estimate('K-4', '2026-03-02', '90837') e;

-- estimate vs estimate_many over a population: 30 members, G-01..G-30; i % 3 = 0: P-1 alone; 1: P-1
-- then Q-1 (with a maximum), Q-1 having paid 7 i % 200 on 2026-01-05 (from 143 left of the year to 0,
-- from 193 left of the lifetime to 4); 2: P-1 then Q-2 (no maximum)
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date)
SELECT format('G-%s', lpad(i::text, 2, '0')), 'Gen', 'Pop', date '1970-01-01' + i FROM generate_series(1, 30) i;
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order)
SELECT format('G-%s', lpad(i::text, 2, '0')), format('G-%s', lpad(i::text, 2, '0')), format('FG-%s-%s', i, p.k),
       p.plan_id, '[2025-01-01,2028-01-01)', p.k
  FROM generate_series(1, 30) i
 CROSS JOIN LATERAL (VALUES (1, 'P-1'), (2, CASE i % 3 WHEN 1 THEN 'Q-1' WHEN 2 THEN 'Q-2' END)) p(k, plan_id)
 WHERE p.plan_id IS NOT NULL;
SELECT count(*) FILTER (WHERE costshare.post_claim_line(format('g-%s', i), 1, 1, 'final', format('G-%s', lpad(i::text, 2, '0')),
                                                        'Q-1', '2026-01-05', 0, 0, 0, 'mh_psychotherapy',
                                                        plan_paid => (7 * i) % 200) IS NOT NULL) AS posted
  FROM generate_series(1, 30) i WHERE i % 3 = 1;
CREATE TEMP TABLE pop AS
SELECT i AS appt_id, format('G-%s', lpad(i::text, 2, '0')) AS member_id FROM generate_series(1, 30) i;
-- one line per member: the batch is the single estimate, member by member
SELECT count(*) AS lines,
       count(*) FILTER (WHERE m.secondary_pays IS NOT DISTINCT FROM e.secondary_pays
                          AND m.patient_pays = e.patient_pays AND (m.line).plan_pays = e.plan_pays
                          AND m.reasons = e.reasons AND m.cob_method IS NOT DISTINCT FROM e.cob_method) AS agree,
       count(*) FILTER (WHERE 'secondary_plan_maximum_reached' = ANY (e.reasons)) AS capped,
       count(*) FILTER (WHERE e.secondary_pays = 0 AND e.cob_method IS NOT NULL) AS nothing_left,
       sum(e.secondary_pays) AS secondary_total, sum(e.patient_pays) AS patient_total
  FROM costshare.estimate_many(ARRAY(SELECT ROW(p.appt_id, p.member_id, '2026-03-01', '90837', NULL, NULL, NULL)::costshare.appointment
                                       FROM pop p)) m
  JOIN pop p USING (appt_id)
 CROSS JOIN LATERAL costshare.estimate(p.member_id, '2026-03-01', '90837') e;
-- two lines per member: the batch's second line is the single estimate once the first line's second
-- payment is on the ledger (its plan_paid and its coordination: the maximum and the reserve)
CREATE TEMP TABLE batch2 AS
SELECT m.* FROM costshare.estimate_many(ARRAY(
         SELECT ROW(p.appt_id * 10 + d, p.member_id, date '2026-02-28' + d, '90837', NULL, NULL, NULL)::costshare.appointment
           FROM pop p CROSS JOIN generate_series(1, 2) d)) m;
SELECT count(*) FILTER (WHERE costshare.post_claim_line(format('h-%s', p.appt_id), 1, 1, 'final', p.member_id,
                                                        CASE p.appt_id % 3 WHEN 1 THEN 'Q-1' ELSE 'Q-2' END,
                                                        '2026-03-01', 0, 0, 0, 'mh_psychotherapy',
                                                        plan_paid => b.secondary_pays,
                                                        cob_normal_benefit => c.normal_benefit,
                                                        cob_paid => c.secondary_pays) IS NOT NULL) AS posted
  FROM pop p
  JOIN batch2 b ON b.appt_id = p.appt_id * 10 + 1
 CROSS JOIN LATERAL costshare.coordinate_second(p.member_id, '2026-03-01', '90837', NULL, '11', NULL, b.line) c
 WHERE p.appt_id % 3 <> 0 AND b.secondary_pays = c.secondary_pays;
SELECT count(*) AS second_lines,
       count(*) FILTER (WHERE b.secondary_pays IS NOT DISTINCT FROM e.secondary_pays
                          AND b.patient_pays = e.patient_pays AND b.reasons = e.reasons) AS agree,
       count(*) FILTER (WHERE 'secondary_plan_maximum_reached' = ANY (e.reasons)) AS capped,
       sum(e.secondary_pays) AS secondary_total
  FROM pop p
  JOIN batch2 b ON b.appt_id = p.appt_id * 10 + 2
 CROSS JOIN LATERAL costshare.estimate(p.member_id, '2026-03-02', '90837') e;
ROLLBACK;
