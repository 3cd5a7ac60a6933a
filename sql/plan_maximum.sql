-- plan_maximum: a plan-paid dollar maximum per benefit period and per lifetime (issue 10). The benefit
-- mh_psychotherapy of M-PPO: deductible 200, then 20% coinsurance, OOP limit 3,000; the plan pays at
-- most 1,000 per calendar year and 1,500 over the member's lifetime. Fee for 90837: 500.00, so a line
-- with the deductible unmet is: deductible 200, coinsurance 20% of 300 = 60, patient 260, plan 240.
-- What the plan already paid comes from the ledger (plan_paid; without it allowed - deductible - copay -
-- coinsurance; the latest version of a line counts, a reversed one nothing, an estimated one nothing).
-- Figures by hand in the comments.
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;
INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES
  ('M', 'Maximum Health', 'commercial'), ('S', 'Second Health', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES
  ('M-PPO', 'M', 'M PPO: 200 deductible, 20%, plan pays at most 1,000 a year and 1,500 a lifetime for therapy'),
  ('S-PLAN', 'S', 'S: 20%, no deductible');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, oop_individual) VALUES
  ('M-PPO', 'in', 200, 3000), ('S-PLAN', 'in', NULL, NULL);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies, plan_max_period, plan_max_lifetime)
VALUES ('M-PPO', 'mh_psychotherapy', 'in', 0.2, true, 1000, 1500),
       ('M-PPO', 'mh_diagnostic', 'in', 0.2, true, NULL, NULL),
       ('S-PLAN', 'mh_psychotherapy', 'in', 0.2, false, NULL, NULL);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('M', '90837', '[2025-01-01,2028-01-01)', 500.00), ('M', '90791', '[2025-01-01,2028-01-01)', 300.00),
  ('S', '90837', '[2025-01-01,2028-01-01)', 500.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-1', 'Mara', 'Max', '1980-01-01'), ('M-2', 'Milo', 'Max', '1982-02-02');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order) VALUES
  ('M-1', 'M-1', 'FM-1', 'M-PPO', '[2025-01-01,2028-01-01)', NULL),
  ('M-2', 'M-2', 'FM-2', 'M-PPO', '[2025-01-01,2028-01-01)', 1),
  ('M-2', 'M-2', 'FM-2S', 'S-PLAN', '[2025-01-01,2028-01-01)', 2);

CREATE FUNCTION pg_temp.show(member text, d date, code text DEFAULT '90837')
RETURNS TABLE (service_date date, allowed numeric, deductible numeric, coinsurance numeric, not_covered numeric,
               plan_pays numeric, patient_pays numeric, plan_max_left numeric, adjustment_codes text[],
               reasons text[], oop_met_after numeric)
LANGUAGE sql AS $$
    SELECT d, e.allowed, e.deductible, e.coinsurance, e.not_covered, e.plan_pays, e.patient_pays, e.plan_max_left,
           e.adjustment_codes, e.reasons, (e.acc_after).oop_individual_met
      FROM costshare.estimate(member, d, code) e
$$;

-- nothing paid yet: 1,000 left of the year, 1,500 of the lifetime; the plan's 240 fits
SELECT * FROM pg_temp.show('M-1', '2026-03-01');
SELECT c.plan_max_period_left, c.plan_max_lifetime_left FROM costshare.line_context('M-1', '2026-03-01', '90837') c;
-- a benefit without a maximum: plan_max_left NULL
SELECT * FROM pg_temp.show('M-1', '2026-03-01', '90791');

-- the ledger (post_claim_line: ..., allowed, service_code, provider, plan_paid):
--   c-0  2025-06-01 final,   plan paid 300                       -> lifetime only (last year)
--   c-1  2026-01-10 final,   plan paid 400                       -> 400
--   c-2  2026-02-01 final,   plan paid 300, then version 2: 350  -> 350 (the latest version)
--   c-3  2026-02-15 final,   plan paid 200, then reversed        -> 0
--   c-4  2026-02-20 final,   no plan_paid; allowed 150, coinsurance 30 -> 150 - 30 = 120
--   c-5  2026-02-21 estimated, plan paid 999                     -> 0 (an estimate is not a payment)
--   c-6  2026-02-22 final,   mh_diagnostic, plan paid 500        -> 0 (another category)
--   c-7  2026-04-01 final,   plan paid 100                       -> 0 for a line of 2026-03-01 (later)
-- On 2026-03-01: paid in 2026 = 400 + 350 + 120 = 870, 130 left of the year;
-- paid in all = 870 + 300 = 1,170, 330 left of the lifetime.
SELECT costshare.post_claim_line('c-0', 1, 1, 'final', 'M-1', 'M-PPO', '2025-06-01', 0, 0, 0, 'mh_psychotherapy', plan_paid => 300);
SELECT costshare.post_claim_line('c-1', 1, 1, 'final', 'M-1', 'M-PPO', '2026-01-10', 0, 0, 0, 'mh_psychotherapy', plan_paid => 400);
SELECT costshare.post_claim_line('c-2', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-01', 0, 0, 0, 'mh_psychotherapy', plan_paid => 300);
SELECT costshare.post_claim_line('c-2', 2, 1, 'final', 'M-1', 'M-PPO', '2026-02-01', 0, 0, 0, 'mh_psychotherapy', plan_paid => 350);
SELECT costshare.post_claim_line('c-3', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-15', 0, 0, 0, 'mh_psychotherapy', plan_paid => 200);
SELECT costshare.post_claim_line('c-3', 2, 1, 'reversed', 'M-1', 'M-PPO', '2026-02-15', 0, 0, 0, 'mh_psychotherapy', plan_paid => 0);
SELECT costshare.post_claim_line('c-4', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-20', 0, 0, 30, 'mh_psychotherapy', allowed => 150);
SELECT costshare.post_claim_line('c-5', 1, 1, 'estimated', 'M-1', 'M-PPO', '2026-02-21', 0, 0, 0, 'mh_psychotherapy', plan_paid => 999);
SELECT costshare.post_claim_line('c-6', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-22', 0, 0, 0, 'mh_diagnostic', plan_paid => 500);
SELECT costshare.post_claim_line('c-7', 1, 1, 'final', 'M-1', 'M-PPO', '2026-04-01', 0, 0, 0, 'mh_psychotherapy', plan_paid => 100);
-- the same version posted again with the same plan_paid is a duplicate; with another, refused
SELECT costshare.post_claim_line('c-7', 1, 1, 'final', 'M-1', 'M-PPO', '2026-04-01', 0, 0, 0, 'mh_psychotherapy', plan_paid => 100);
SAVEPOINT s0;
SELECT costshare.post_claim_line('c-7', 1, 1, 'final', 'M-1', 'M-PPO', '2026-04-01', 0, 0, 0, 'mh_psychotherapy', plan_paid => 101);
ROLLBACK TO SAVEPOINT s0;

SELECT c.plan_max_period_left, c.plan_max_lifetime_left FROM costshare.line_context('M-1', '2026-03-01', '90837') c;
-- binding mid-claim: the plan would pay 240, 130 is left of the year: plan 130, not covered 110,
-- patient 260 + 110 = 370 (codes 1, 2, 119); the 110 does not count toward the OOP limit: OOP met after
-- = 30 (c-4's coinsurance) + 260 = 290
SELECT * FROM pg_temp.show('M-1', '2026-03-01');
-- the patient's explanation says why the patient pays 110 more (not a visit limit)
SELECT costshare.explain(e) FROM costshare.estimate('M-1', '2026-03-01', '90837') e;
SELECT costshare.explain(e, 'es') FROM costshare.estimate('M-1', '2026-03-01', '90837') e;
-- on 2026-04-02 c-7 counts too: 970 paid in 2026, 30 left: plan 30, not covered 210, patient 470
SELECT * FROM pg_temp.show('M-1', '2026-04-02');

-- a new benefit period starts the year's maximum again, not the lifetime's: on 2027-01-15 the year has
-- 1,000 left, the lifetime 1,500 - (1,170 + 100 of c-7) = 230; the plan's 240 (deductible 200 again)
-- is capped at 230 by the lifetime maximum: not covered 10, patient 270
SELECT c.plan_max_period_left, c.plan_max_lifetime_left FROM costshare.line_context('M-1', '2027-01-15', '90837') c;
SELECT * FROM pg_temp.show('M-1', '2027-01-15');

-- estimate_many runs the maximum down over the member's lines in date order (130 left of 2026 and 330
-- of the lifetime before the batch, as above):
--   1  2026-03-01: deductible 200, coinsurance 60, plan 240 -> capped at 130 (year): patient 370
--   2  2026-03-02: deductible met in the batch, 20% of 500 = 100, plan 400 -> 130 - 130 = 0 left: plan 0,
--      patient 500
--   3  2027-01-15: a new year: 1,000 left of it; the lifetime: 230 before the batch (line_context, with
--      c-7) - 130 paid on line 1 = 100; deductible 200 again, coinsurance 60, plan 240 -> 100: patient 400
--   4  2026-03-02, 90791 (mh_diagnostic, no maximum): deductible met, 20% of 300 = 60, plan 240
SELECT r.appt_id, r.sqlstate, r.reasons, (r.line).plan_pays, (r.line).not_covered, (r.line).patient_pays,
       (r.line).adjustment_codes
  FROM costshare.estimate_many(ARRAY[
         ROW(1, 'M-1', '2026-03-01', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(2, 'M-1', '2026-03-02', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(3, 'M-1', '2027-01-15', '90837', NULL, NULL, NULL)::costshare.appointment,
         ROW(4, 'M-1', '2026-03-02', '90791', NULL, NULL, NULL)::costshare.appointment]) r
 ORDER BY r.appt_id;
-- the first line of the batch is the single estimate's
SELECT e.plan_pays, e.patient_pays FROM costshare.estimate('M-1', '2026-03-01', '90837') e;

-- a line posted without plan_paid or allowed counts nothing toward the maximum, and the estimate says so
SELECT costshare.post_claim_line('c-8', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-25', 0, 0, 0, 'mh_psychotherapy');
SELECT reasons, plan_max_left FROM pg_temp.show('M-1', '2026-03-01');

-- the secondary payer sees the primary's capped payment: M-2 has 100 left of the year (900 paid).
-- The primary would pay 240, pays 100; the patient owes 260 + 140 = 400. S as primary would pay 80% of
-- 500 = 400; standard COB: min(400, 500 - 100) = 400, at most the 400 owed: S pays 400, patient 0
-- (without the maximum S would pay the 260 owed)
SELECT costshare.post_claim_line('d-1', 1, 1, 'final', 'M-2', 'M-PPO', '2026-01-05', 0, 0, 0, 'mh_psychotherapy', plan_paid => 900);
SELECT e.plan_pays, e.not_covered, e.primary_pays, e.cob_method, e.secondary_pays, e.patient_pays, e.plan_max_left, e.reasons
  FROM costshare.estimate('M-2', '2026-03-01', '90837') e;
SELECT r.cob_method, r.secondary_pays, r.patient_pays, (r.line).plan_pays, r.reasons
  FROM costshare.estimate_many(ARRAY[ROW(1, 'M-2', '2026-03-01', '90837', NULL, NULL, NULL)::costshare.appointment]) r;
-- the second coverage's own maximum (doc/rules.md, "A later payer"): S-PLAN pays at most 150 a year
-- for therapy, nothing paid yet: N2 = 400 capped at 150, S pays 150 (it would pay 400): the patient owes
-- 400 - 150 = 250 (reason secondary_plan_maximum_reached); eligibility shows both remainders: M-PPO
-- 100 of the year and 1,500 - 900 = 600 of the lifetime, S-PLAN 150 and no lifetime maximum
UPDATE costshare.benefit SET plan_max_period = 150 WHERE plan_id = 'S-PLAN';
SELECT e.plan_pays, e.secondary_pays, e.patient_pays, e.reasons FROM costshare.estimate('M-2', '2026-03-01', '90837') e;
SELECT r.secondary_pays, r.patient_pays, r.reasons
  FROM costshare.estimate_many(ARRAY[ROW(1, 'M-2', '2026-03-01', '90837', NULL, NULL, NULL)::costshare.appointment]) r;
SELECT e.plan_max_period_left, e.plan_max_lifetime_left, e.secondary_plan_max_period_left, e.secondary_plan_max_lifetime_left
  FROM costshare.eligibility('M-2', '2026-03-01', '90837') e;
UPDATE costshare.benefit SET plan_max_period = NULL WHERE plan_id = 'S-PLAN';

-- the as-of estimate (costshare.row_history copies the benefit's rows whole): logged with 130 left of
-- the year; the maximum raised to 5,000 afterwards; the as-of estimate is still the logged one (plan
-- 130), today's pays the whole 240
CREATE TEMP TABLE booked AS
SELECT costshare.log_estimate('M-1', '2026-03-01', '90837', NULL, '11', NULL, 'C-PM') AS log_id;
UPDATE costshare.benefit SET plan_max_period = 5000 WHERE plan_id = 'M-PPO' AND category = 'mh_psychotherapy';
SELECT (costshare.estimate(b.log_id)).plan_pays AS as_of_plan_pays, (costshare.estimate(b.log_id)).plan_max_left AS as_of_left,
       costshare.estimate(b.log_id) IS NOT DISTINCT FROM (SELECT l.result FROM costshare.estimate_log l WHERE l.log_id = b.log_id) AS same_as_logged,
       (costshare.estimate('M-1', '2026-03-01', '90837')).plan_pays AS plan_pays_now
  FROM booked b;

-- a maximum of 0: the plan pays nothing for the category (everything above the member's share is not covered)
UPDATE costshare.benefit SET plan_max_period = 0 WHERE plan_id = 'M-PPO' AND category = 'mh_psychotherapy';
SELECT * FROM pg_temp.show('M-1', '2026-03-01');

-- refused: NaN, negative, fractions of a cent (benefit and ledger), each with its SQLSTATE and no values
CREATE FUNCTION pg_temp.try(q text) RETURNS TABLE (code text, message text, detail text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN NEXT;
END $$;
SELECT * FROM pg_temp.try($$UPDATE costshare.benefit SET plan_max_period = 'NaN' WHERE plan_id = 'M-PPO'$$);
SELECT * FROM pg_temp.try($$UPDATE costshare.benefit SET plan_max_lifetime = 'NaN' WHERE plan_id = 'M-PPO'$$);
SELECT * FROM pg_temp.try($$UPDATE costshare.benefit SET plan_max_period = -1 WHERE plan_id = 'M-PPO'$$);
SELECT * FROM pg_temp.try($$UPDATE costshare.benefit SET plan_max_lifetime = 10.005 WHERE plan_id = 'M-PPO'$$);
SELECT * FROM pg_temp.try($$UPDATE costshare.benefit SET plan_max_lifetime = 'Infinity' WHERE plan_id = 'M-PPO'$$);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('c-9', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-25', 0, 0, 0, 'mh_psychotherapy', plan_paid => -1)$$);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('c-9', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-25', 0, 0, 0, 'mh_psychotherapy', plan_paid => 1.001)$$);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('c-9', 1, 1, 'final', 'M-1', 'M-PPO', '2026-02-25', 0, 0, 0, 'mh_psychotherapy', plan_paid => 'NaN')$$);
SELECT * FROM pg_temp.try($$INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, plan_paid)
                            VALUES ('c-9', 'final', 'FM-1', 'M-1', 'M-PPO', 'M', 'mh_psychotherapy', '2026-02-25', 'NaN')$$);
-- the constraints hold even without the trigger (the last line of defence)
ALTER TABLE costshare.benefit DISABLE TRIGGER amount_check;
SELECT * FROM pg_temp.try($$UPDATE costshare.benefit SET plan_max_period = 'NaN' WHERE plan_id = 'M-PPO'$$);
ALTER TABLE costshare.benefit ENABLE TRIGGER amount_check;
ROLLBACK;
