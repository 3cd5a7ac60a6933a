-- nsa: lines the No Surprises Act protects (domain.md §5; costshare.estimate's nsa_protected). A
-- protected line with an out-of-network provider gets in-network cost sharing on the recognized amount
-- (the lesser of billed and the plan's in-network amount), credited to the in-network accumulators,
-- with no balance bill; network still says out and reasons add nsa_protected. An in-network provider's
-- line is the same either way. The log records the flag, and the as-of estimate recomputes it.
-- One transaction, rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
\i test/regress/sample_practice.sql
\set ECHO all

\i test/regress/try.sql

-- Maria Alvarez (Acme PPO). In network: 25.00 therapy copay, deductible waived. Out of network:
-- deductible 2,000, then 40%, and the balance bill. Riley Chen (LPC, 1555555556) is out of every Acme
-- network; Acme's allowance for 90837 (payer-wide) is 165.00. Distinct in- and out-of-network
-- accumulators show which bucket a line reads and credits.
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source) VALUES
  ('F-ALVAREZ', 'M-ALVAREZ-1', 'ACME-PPO', 'in', '2026-02-01', 300.00, 400.00, '271'),
  ('F-ALVAREZ', 'M-ALVAREZ-1', 'ACME-PPO', 'out', '2026-02-01', 50.00, 60.00, '271');

-- ==== 1. out of network, billed 250.00: unprotected, then protected ================================
SELECT p AS nsa_protected, e.status, e.reasons, e.network, e.allowed, e.allowed_source, e.copay, e.deductible,
       e.coinsurance, e.balance_bill, e.patient_pays, e.plan_pays, e.adjustment_codes,
       (e.acc_before).ded_individual_met AS ded_before, (e.acc_before).oop_individual_met AS oop_before,
       (e.acc_after).ded_individual_met AS ded_after, (e.acc_after).oop_individual_met AS oop_after
FROM unnest(ARRAY[false, true]) p
CROSS JOIN LATERAL costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00, p) e
ORDER BY p;
-- the protected line read and credited the in-network accumulators: its acc_before is what the
-- in-network bucket holds, not the out-of-network one
SELECT e.acc_before = costshare.accumulators('M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', 'in', 'mh_psychotherapy',
                                             '[2026-01-01,2027-01-01)', '2026-03-05') AS reads_in_bucket,
       e.acc_before = costshare.accumulators('M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', 'out', 'mh_psychotherapy',
                                             '[2026-01-01,2027-01-01)', '2026-03-05') AS reads_out_bucket
FROM costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00, true) e;

-- ==== 2. the recognized amount: the lesser of billed and the in-network amount ======================
-- billed below the allowance: the charge (allowed_source billed); no charge given: the allowance
SELECT b AS billed, e.allowed, e.allowed_source, e.copay, e.balance_bill, e.patient_pays, e.plan_pays
FROM unnest(ARRAY[100.00, 165.00, 250.00, NULL]) WITH ORDINALITY AS x(b, i)
CROSS JOIN LATERAL costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', b, true) e
ORDER BY i;
-- 90834 (Acme 120.00), protected: the same in-network copay on its own allowance
SELECT e.network, e.allowed, e.copay, e.deductible, e.balance_bill, e.patient_pays, e.plan_pays, e.reasons
FROM costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90834', '1555555556', '11', 200.00, nsa_protected => true) e;

-- ==== 3. an in-network provider, or none: the flag changes nothing =================================
SELECT prov, costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', prov, '11', 250.00, true)
       IS NOT DISTINCT FROM costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', prov, '11', 250.00, false) AS same,
       (costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', prov, '11', 250.00, true)).reasons,
       (costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', prov, '11', 250.00, true)).network
FROM unnest(ARRAY['1222222223', NULL]) WITH ORDINALITY AS x(prov, i)
ORDER BY i;
-- Casey Morgan left the Acme network at the end of 2025: protected in 2025 (in network) is unchanged,
-- protected in 2026 (out of network) is the in-network copay without the balance bill
SELECT d AS on_date, e.network, e.allowed, e.copay, e.deductible, e.balance_bill, e.patient_pays, e.reasons
FROM unnest(ARRAY['2025-12-31', '2026-01-02']::date[]) d
CROSS JOIN LATERAL costshare.estimate('M-ALVAREZ-3', d, '90834', '1444444445', '11', 180.00, true) e
ORDER BY d;

-- ==== 4. every existing call keeps working ==========================================================
-- six arguments (and fewer) are the unprotected estimate
SELECT costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00)
       IS NOT DISTINCT FROM costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00, false) AS six_is_unprotected,
       costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556')
       IS NOT DISTINCT FROM costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', nsa_protected => false) AS four_is_unprotected;
-- the plan design's estimate takes the flag too
SELECT p AS nsa_protected, e.network, e.copay, e.deductible, e.balance_bill, e.patient_pays, e.reasons
FROM unnest(ARRAY[false, true]) p
CROSS JOIN LATERAL costshare.estimate_plan('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00, p) e
ORDER BY p;
-- NULL is refused, not read as false
SELECT * FROM pg_temp.try($$SELECT costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00, NULL::boolean)::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.estimate_plan('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00, NULL)::text$$);
-- the 7th argument of the as-of estimate is as_of timestamptz: typed or named, each call finds its
-- function; an untyped literal in that position matches both and is refused as ambiguous (42725)
SELECT * FROM pg_temp.try($$SELECT costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', NULL, '11', NULL, NULL)::text$$);
SELECT code, message FROM pg_temp.try($$SELECT costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', NULL, '11', NULL, as_of => NULL)::text$$);
SELECT code, message FROM pg_temp.try($$SELECT costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', NULL, '11', NULL, 'infinity'::timestamptz)::text$$);
SELECT code FROM pg_temp.try($$SELECT costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', NULL, '11', NULL, 'true'::boolean)::text$$);
SELECT code, message FROM pg_temp.try($$SELECT costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', NULL, '11', NULL, clock_timestamp(), NULL)::text$$);
-- the one-argument estimate(log_id) is not confused with the estimate (which needs three)
SELECT costshare.estimate(-1::bigint) IS NULL AS unknown_log_id;

-- ==== 5. the log records the flag; the as-of estimate recomputes the protected estimate ==============
CREATE TEMP TABLE booked AS
SELECT p, costshare.log_estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00,
                                 'C-NSA-' || p::text, p) AS log_id
FROM unnest(ARRAY[false, true]) p;
-- the default is unprotected, as every earlier log row was
CREATE TEMP TABLE booked_default AS
SELECT costshare.log_estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00) AS log_id;
SELECT b.p, l.nsa_protected, (l.result).network, (l.result).copay, (l.result).deductible,
       (l.result).balance_bill, (l.result).patient_pays, (l.result).reasons
FROM booked b JOIN costshare.estimate_log l USING (log_id)
ORDER BY b.p;
SELECT l.nsa_protected FROM booked_default JOIN costshare.estimate_log l USING (log_id);
-- the world moves on: the in-network copay rises to 40.00 and the fee to 175.00
UPDATE costshare.benefit SET copay = 40 WHERE plan_id = 'ACME-PPO' AND category = 'mh_psychotherapy' AND network = 'in';
UPDATE costshare.fee_schedule SET amount = 175.00
 WHERE payer_id = 'ACME' AND code = '90837' AND credential IS NULL AND plan_id IS NULL;
-- today's protected estimate differs; the as-of estimate of each log row equals what was logged
SELECT (costshare.estimate('M-ALVAREZ-1', '2026-03-05', '90837', '1555555556', '11', 250.00, true)).patient_pays AS today;
SELECT b.p, (costshare.estimate(b.log_id)).patient_pays AS as_of, (l.result).patient_pays AS logged,
       costshare.estimate(b.log_id) IS NOT DISTINCT FROM l.result AS same_result
FROM booked b JOIN costshare.estimate_log l USING (log_id)
ORDER BY b.p;
-- the explicit as-of form with the flag, at the logged time
SELECT costshare.estimate(l.member_id, l.service_date, l.service_code, l.provider_id, l.place_of_service, l.billed,
                          l.logged_at, l.nsa_protected) IS NOT DISTINCT FROM l.result AS same_result
FROM booked b JOIN costshare.estimate_log l USING (log_id)
WHERE b.p;

ROLLBACK;
