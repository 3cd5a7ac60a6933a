-- ledger: costshare.post_claim_line() and the append-only accumulator ledger, and what
-- costshare.accumulators() makes of it: idempotent posting by (claim, line, version), a newer version
-- replaces the older, a reversal counts nothing, UPDATE/DELETE refused, payer snapshots plus the ledger
-- lines they do not reflect (adjudicated_on > as_of), cross-crediting buckets, and errors that never
-- echo member data. Everything runs in one transaction that is rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
-- empty plan tables, then the sample practice (sample/plans.sql), loaded quietly
\i test/regress/sample_practice.sql

\i test/regress/try.sql

-- Linh Nguyen's HDHP accumulators in 2026 up to a date (in bucket, psychotherapy visits).
CREATE FUNCTION pg_temp.nguyen(d date) RETURNS costshare.accum LANGUAGE sql AS $$
    SELECT costshare.accumulators('M-NGUYEN-1', 'F-NGUYEN', 'ACME-HDHP', 'in', 'mh_psychotherapy',
                                  costshare.benefit_period(d), d)
$$;

-- ===================================================================================================
-- 1. Idempotent posting
-- ===================================================================================================
SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02',
                                 100.00, 0, 0, 'mh_psychotherapy');
-- the same claim, line and version again: a no-op
SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02',
                                 100.00, 0, 0, 'mh_psychotherapy');
SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02',
                                 100, NULL, NULL, 'mh_psychotherapy');
-- the same version saying something else: refused with 23505 (post a new version instead)
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP',
                          '2026-03-02', 120.00, 0, 0, 'mh_psychotherapy')$$);
SELECT c.label, t.code
FROM (VALUES
  (1, 'other status', $$SELECT costshare.post_claim_line('L-1', 1, 1, 'pending', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02', 100.00, 0, 0, 'mh_psychotherapy')$$),
  (2, 'other service date', $$SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 100.00, 0, 0, 'mh_psychotherapy')$$),
  (3, 'other coinsurance', $$SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02', 100.00, 0, 0.01, 'mh_psychotherapy')$$),
  (4, 'other bucket', $$SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02', 100.00, 0, 0, 'mh_psychotherapy', 'out')$$),
  (5, 'other visit count', $$SELECT costshare.post_claim_line('L-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02', 100.00, 0, 0, 'mh_psychotherapy', 'in', 2)$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;
-- one row in the ledger for it, as first posted
SELECT claim_id, claim_version, line_no, status, deductible, bucket, visits
FROM costshare.accumulator_ledger WHERE claim_id = 'L-1';

-- ===================================================================================================
-- 2. Versions: the latest version of each line counts; a reversal counts nothing
-- ===================================================================================================
-- L-2 line 1: pending 200.00, then final 180.00 + 20.00 coinsurance (version 2 replaces version 1)
SELECT costshare.post_claim_line('L-2', 1, 1, 'pending', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-05', 200.00, 0, 0, 'mh_psychotherapy');
SELECT costshare.post_claim_line('L-2', 2, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-05', 180.00, 0, 20.00, 'mh_psychotherapy');
-- L-2 line 2: its own line, 50.00
SELECT costshare.post_claim_line('L-2', 1, 2, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-05', 50.00, 0, 0, 'mh_psychotherapy');
-- L-3: final 300.00, then reversed: counts nothing, not even the visit
SELECT costshare.post_claim_line('L-3', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-09', 300.00, 0, 0, 'mh_psychotherapy');
SELECT costshare.post_claim_line('L-3', 2, 1, 'reversed', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-09', 300.00, 0, 0, 'mh_psychotherapy');
-- L-4: version 2 (final 70.00) arrives before version 1 (pending 90.00): version 2 still counts
SELECT costshare.post_claim_line('L-4', 2, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-12', 70.00, 0, 0, 'mh_psychotherapy');
SELECT costshare.post_claim_line('L-4', 1, 1, 'pending', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-12', 90.00, 0, 0, 'mh_psychotherapy');
-- L-5: an estimate only: not counted
SELECT costshare.post_claim_line('L-5', 1, 1, 'estimated', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-16', 400.00, 0, 0, 'mh_psychotherapy');
SELECT claim_id, line_no, claim_version, status, deductible, coinsurance, visits
FROM costshare.accumulator_ledger WHERE claim_id LIKE 'L-%' ORDER BY claim_id, line_no, claim_version;
-- On 2026-03-31: deductible 100 (L-1) + 180 (L-2/1 v2) + 50 (L-2/2) + 70 (L-4 v2) = 400.00; OOP 420.00
-- (L-2's 20.00 coinsurance); 4 visits; coinsurance 20.00. On 2026-03-06 only L-1 and L-2 (330.00).
SELECT d AS as_of, pg_temp.nguyen(d) AS acc
FROM unnest(ARRAY['2026-03-01', '2026-03-06', '2026-03-31']::date[]) d ORDER BY d;
-- and the estimate sees it: 1,700 - 400 = 1,300.00 of deductible left, 5,000 - 420 = 4,580.00 OOP
SELECT ded_remaining, oop_remaining FROM costshare.eligibility('M-NGUYEN-1', '2026-03-31', '90837', '1111111112');

-- A corrected version that moves the line to a later date of service: as of a date between the two,
-- the line no longer counts (its latest version is dated after), from the new date it counts once.
SELECT costshare.post_claim_line('L-6', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-20', 100.00, 0, 0, 'mh_psychotherapy');
SELECT costshare.post_claim_line('L-6', 2, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-04-10', 100.00, 0, 0, 'mh_psychotherapy');
SELECT d AS as_of, (pg_temp.nguyen(d)).ded_individual_met, (pg_temp.nguyen(d)).visits_used
FROM unnest(ARRAY['2026-03-31', '2026-04-30']::date[]) d ORDER BY d;

-- ===================================================================================================
-- 3. The ledger is append-only
-- ===================================================================================================
SELECT c.label, t.*
FROM (VALUES
  (1, 'UPDATE', $$UPDATE costshare.accumulator_ledger SET deductible = 0 WHERE claim_id = 'L-1'$$),
  (2, 'DELETE', $$DELETE FROM costshare.accumulator_ledger WHERE claim_id = 'L-1'$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;
SELECT count(*) AS l1_rows, min(deductible) AS l1_deductible FROM costshare.accumulator_ledger WHERE claim_id = 'L-1';

-- ===================================================================================================
-- 4. Payer snapshots and the ledger lines they do not reflect
-- ===================================================================================================
-- Jon Alvarez's HDHP family (F-ALVAREZ-J: Jon, and Sofia as his dependent). Payer snapshots as of
-- 2026-05-31: Jon 500.00 deductible / 600.00 OOP; the family 800.00 / 900.00.
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source) VALUES
  ('F-ALVAREZ-J', 'M-ALVAREZ-2', 'ACME-HDHP', 'in', '2026-05-31', 500.00, 600.00, '271'),
  ('F-ALVAREZ-J', NULL, 'ACME-HDHP', 'in', '2026-05-31', 800.00, 900.00, '271'),
  ('F-ALVAREZ-J', 'M-ALVAREZ-2', 'ACME-HDHP', 'in', '2025-12-31', 1700.00, 2100.00, '271');  -- last year
-- Ledger:
--   J-1 Jon   2026-05-10  200.00  adjudicated 2026-05-20  (before the snapshot: reflected, not added)
--   J-2 Jon   2026-05-25  100.00  adjudicated 2026-05-31  (on the snapshot date: reflected, not added)
--   J-3 Jon   2026-05-28   60.00  adjudicated 2026-06-02  (after: added, though served before)
--   J-4 Jon   2026-06-05   40.00  pending, not adjudicated (added)
--   J-5 Sofia 2026-06-06   30.00  pending (added to the family only)
SELECT costshare.post_claim_line('J-1', 1, 1, 'final', 'M-ALVAREZ-2', 'ACME-HDHP', '2026-05-10', 200.00, 0, 0, 'mh_psychotherapy', 'in', 1, '2026-05-20');
SELECT costshare.post_claim_line('J-2', 1, 1, 'final', 'M-ALVAREZ-2', 'ACME-HDHP', '2026-05-25', 100.00, 0, 0, 'mh_psychotherapy', 'in', 1, '2026-05-31');
SELECT costshare.post_claim_line('J-3', 1, 1, 'final', 'M-ALVAREZ-2', 'ACME-HDHP', '2026-05-28', 60.00, 0, 0, 'mh_psychotherapy', 'in', 1, '2026-06-02');
SELECT costshare.post_claim_line('J-4', 1, 1, 'pending', 'M-ALVAREZ-2', 'ACME-HDHP', '2026-06-05', 40.00, 0, 0, 'mh_psychotherapy');
SELECT costshare.post_claim_line('J-5', 1, 1, 'pending', 'M-ALVAREZ-3', 'ACME-HDHP', '2026-06-06', 30.00, 0, 0, 'mh_psychotherapy');
-- 2026-05-30: no snapshot yet (it is dated 05-31): the ledger alone, J-1 + J-2 + J-3 = 360.00
-- 2026-06-30: Jon 500 + 60 + 40 = 600.00 (OOP 700.00); family 800 + 60 + 40 + 30 = 930.00 (OOP 1,030.00);
--             visits are not in snapshots: Jon's 4 ledger visits
-- 2027-01-05: a new year: last year's snapshot and this year's lines are not carried
SELECT d AS as_of,
       costshare.accumulators('M-ALVAREZ-2', 'F-ALVAREZ-J', 'ACME-HDHP', 'in', 'mh_psychotherapy',
                              costshare.benefit_period(d), d) AS acc
FROM unnest(ARRAY['2026-05-30', '2026-06-30', '2027-01-05']::date[]) d ORDER BY d;
-- eligibility: deductible left min(1,700 - 600, 3,400 - 930) = 1,100.00; OOP min(5,000 - 700,
-- 10,000 - 1,030) = 4,300.00
SELECT ded_remaining, oop_remaining FROM costshare.eligibility('M-ALVAREZ-2', '2026-06-30', '90837', '1111111112');
-- A newer member snapshot (2026-06-15: 700.00 / 800.00) reflects J-3 (adjudicated 06-02) but not the
-- pending J-4: Jon 700 + 40 = 740.00 / 840.00; the family keeps its 05-31 snapshot (930.00 / 1,030.00).
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source)
VALUES ('F-ALVAREZ-J', 'M-ALVAREZ-2', 'ACME-HDHP', 'in', '2026-06-15', 700.00, 800.00, '271');
SELECT costshare.accumulators('M-ALVAREZ-2', 'F-ALVAREZ-J', 'ACME-HDHP', 'in', 'mh_psychotherapy',
                              '[2026-01-01,2027-01-01)', '2026-06-30') AS acc;
-- a later version of J-4 (final, adjudicated 06-20, after every snapshot) still counts once
SELECT costshare.post_claim_line('J-4', 2, 1, 'final', 'M-ALVAREZ-2', 'ACME-HDHP', '2026-06-05', 40.00, 0, 0, 'mh_psychotherapy', 'in', 1, '2026-06-20');
SELECT costshare.accumulators('M-ALVAREZ-2', 'F-ALVAREZ-J', 'ACME-HDHP', 'in', 'mh_psychotherapy',
                              '[2026-01-01,2027-01-01)', '2026-06-30') AS acc;

-- ===================================================================================================
-- 5. Buckets: Acme PPO's out-of-network bucket also credits the in-network one (plan_limit.also_credits)
-- ===================================================================================================
-- Maria pays 300.00 of OON deductible (Riley Chen, out of network). It counts in the OON bucket, and
-- also toward her in-network deductible and OOP: 700.00 / 4,700.00 left in network.
SELECT costshare.post_claim_line('O-1', 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', '2026-04-01', 300.00, 0, 0, 'mh_psychotherapy', 'out');
SELECT network, ded_remaining, oop_remaining FROM costshare.eligibility('M-ALVAREZ-1', '2026-04-15', '90837', '1555555556');
SELECT network, ded_remaining, oop_remaining FROM costshare.eligibility('M-ALVAREZ-1', '2026-04-15', '90837', '1222222223');

-- ===================================================================================================
-- 6. Refused postings: a clear error, and never the member's data in any text
-- ===================================================================================================
SELECT c.label, t.code, t.message,
       concat_ws(' ', t.message, t.detail, t.hint) !~ '(NGUYEN|Nguyen|Linh)' AS no_member_data
FROM (VALUES
  (1, 'no coverage on that date', $$SELECT costshare.post_claim_line('E-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2024-06-01', 10, 0, 0)$$),
  (2, 'no coverage under that plan', $$SELECT costshare.post_claim_line('E-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-PPO', '2026-06-01', 10, 0, 0)$$),
  (3, 'unknown member', $$SELECT costshare.post_claim_line('E-1', 1, 1, 'final', 'M-NGUYEN-9', 'ACME-HDHP', '2026-06-01', 10, 0, 0)$$),
  (4, 'null claim id', $$SELECT costshare.post_claim_line(NULL, 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-06-01', 10, 0, 0)$$),
  (5, 'negative amount', $$SELECT costshare.post_claim_line('E-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-06-01', -10, 0, 0)$$),
  (6, 'fraction of a cent', $$SELECT costshare.post_claim_line('E-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-06-01', 10.005, 0, 0)$$),
  (7, 'unknown status', $$SELECT costshare.post_claim_line('E-1', 1, 1, 'Final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-06-01', 10, 0, 0)$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;
-- out-of-range identifiers are refused too, without the member's data (no "Failing row contains ...")
SELECT c.label, t.code <> 'ok' AS refused,
       concat_ws(' ', t.message, t.detail, t.hint) !~ '(NGUYEN|Nguyen|Linh)' AS no_member_data
FROM (VALUES
  (1, 'version 0', $$SELECT costshare.post_claim_line('E-1', 0, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-06-01', 10, 0, 0)$$),
  (2, 'line 0', $$SELECT costshare.post_claim_line('E-1', 1, 0, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-06-01', 10, 0, 0)$$),
  (3, 'empty claim id', $$SELECT costshare.post_claim_line('', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-06-01', 10, 0, 0)$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;
SELECT count(*) AS e1_rows FROM costshare.accumulator_ledger WHERE claim_id IN ('E-1', '');

ROLLBACK;
