-- visit_window: a visit limit counted over a rolling window (benefit.visit_window_days, issue 10):
-- "3 visits in any 30 days", and "3 visits in any 365 days" across the new year, against the benefit
-- period's count (reset on January 1).
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;
INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES ('W', 'Window Health', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('W-PPO', 'W', 'Window PPO: $20 copay, 3 visits in any 30 days');
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies, visit_limit, visit_window_days)
VALUES ('W-PPO', 'mh_psychotherapy', 'in', 20, 0, false, 3, 30);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('W', '90837', '[2025-01-01,2028-01-01)', 100.00);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('W-1', 'Wren', 'Window', '1990-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('W-1', 'W-1', 'FW-1', 'W-PPO', '[2025-01-01,2028-01-01)');
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, copay)
VALUES ('w-1', 'final', 'FW-1', 'W-1', 'W-PPO', 'W', 'mh_psychotherapy', '2026-01-02', 20),
       ('w-2', 'final', 'FW-1', 'W-1', 'W-PPO', 'W', 'mh_psychotherapy', '2026-01-10', 20),
       ('w-3', 'final', 'FW-1', 'W-1', 'W-PPO', 'W', 'mh_psychotherapy', '2026-01-20', 20);

CREATE FUNCTION pg_temp.show(d date)
RETURNS TABLE (service_date date, status text, reasons text[], patient_pays numeric, visits_used integer,
               visits_remaining integer)
LANGUAGE sql AS $$
    SELECT d, e.status, e.reasons, e.patient_pays, (e.acc_before).visits_used, g.visits_remaining
      FROM costshare.estimate('W-1', d, '90837') e, costshare.eligibility('W-1', d, '90837') g
$$;
-- on Jan 25 the three visits of Jan 2, 10, 20 are within the 30 days: the limit is reached
SELECT * FROM pg_temp.show('2026-01-25');
-- on Feb 1 the window is (Jan 2, Feb 1]: Jan 2 has aged out, two visits count, one is left
SELECT * FROM pg_temp.show('2026-01-31');
SELECT * FROM pg_temp.show('2026-02-01');
-- a reversed visit does not count
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category, service_date, copay, visits)
VALUES ('w-2', 2, 'reversed', 'FW-1', 'W-1', 'W-PPO', 'W', 'mh_psychotherapy', '2026-01-10', 0, 0);
SELECT * FROM pg_temp.show('2026-01-25');

-- "3 visits in any 365 days" across the new year: Dec 10, Dec 20 and Jan 5 all count on Jan 8 (the
-- benefit period would have reset on January 1 and counted one)
DELETE FROM costshare.benefit WHERE plan_id = 'W-PPO';
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies, visit_limit, visit_window_days)
VALUES ('W-PPO', 'mh_psychotherapy', 'in', 20, 0, false, 3, 365);
SET LOCAL costshare.allow_ledger_truncate = on;
TRUNCATE costshare.accumulator_ledger;
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, copay)
VALUES ('y-1', 'final', 'FW-1', 'W-1', 'W-PPO', 'W', 'mh_psychotherapy', '2025-12-10', 20),
       ('y-2', 'final', 'FW-1', 'W-1', 'W-PPO', 'W', 'mh_psychotherapy', '2025-12-20', 20),
       ('y-3', 'final', 'FW-1', 'W-1', 'W-PPO', 'W', 'mh_psychotherapy', '2026-01-05', 20);
SELECT * FROM pg_temp.show('2026-01-08');
-- the same benefit without a window: the calendar-year period counts Jan 5 only
UPDATE costshare.benefit SET visit_window_days = NULL WHERE plan_id = 'W-PPO';
SELECT * FROM pg_temp.show('2026-01-08');
-- the window's range is checked (1..3660), and the error shows no row values
SAVEPOINT e1;
UPDATE costshare.benefit SET visit_window_days = 0 WHERE plan_id = 'W-PPO';
ROLLBACK TO SAVEPOINT e1;
ROLLBACK;
