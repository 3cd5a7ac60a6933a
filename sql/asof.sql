-- asof: estimates logged as given to a patient (costshare.log_estimate, append-only estimate_log),
-- recomputed as the data stood then (costshare.estimate(..., as_of), from costshare.row_history and the
-- append-only ledger), and the difference from the claim's outcome explained
-- (costshare.explain_estimate_change). One transaction, rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
\i test/regress/sample_practice.sql
\set ECHO all

\i test/regress/try.sql

-- ==== 1. a booking: Linh Nguyen (HDHP), 90837 with the MD on 2026-11-20, logged as given ==========
CREATE TEMP TABLE booked AS
SELECT costshare.log_estimate('M-NGUYEN-1', '2026-11-20', '90837', '1111111112', '11', NULL, 'C-ASOF') AS log_id;
SELECT l.member_id, l.service_code, l.claim_id, l.logged_by = current_user AS by_me,
       l.plan_data_version = (SELECT version FROM costshare.plan_data_version) AS version_now,
       (l.result).allowed, (l.result).deductible, (l.result).coinsurance, (l.result).patient_pays
FROM costshare.estimate_log l JOIN booked USING (log_id);
-- right away, the as-of estimate is the logged one
SELECT costshare.estimate(log_id) IS NOT DISTINCT FROM (SELECT result FROM costshare.estimate_log l WHERE l.log_id = b.log_id) AS same
FROM booked b;

-- ==== 2. the world moves on ========================================================================
-- a claim of the member posted in between (deductible 150.00)
SELECT costshare.post_claim_line('C-OTHER', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-11-10',
                                 150.00, 0, 0, 'mh_psychotherapy');
-- a plan change: coinsurance 20% -> 30%
UPDATE costshare.benefit SET coinsurance = 0.3 WHERE plan_id = 'ACME-HDHP' AND category = 'mh_psychotherapy';
-- a fee change: the MD rate 190.00 -> 200.00
UPDATE costshare.fee_schedule SET amount = 200.00 WHERE payer_id = 'ACME' AND code = '90837' AND credential = 'md';
-- a 271: the member's snapshot says more deductible met
UPDATE costshare.accumulator_snapshot SET ded_met = 1300.00 WHERE member_id = 'M-NGUYEN-1' AND plan_id = 'ACME-HDHP';
-- an unrelated change (another code's fee) is not named
UPDATE costshare.fee_schedule SET amount = 99.00 WHERE payer_id = 'STATEMCD' AND code = '90837';
-- the claim of the booking, final
SELECT costshare.post_claim_line('C-ASOF', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-11-20',
                                 0, 0, 60.00, 'mh_psychotherapy');

-- today's estimate differs; the as-of estimate still equals the logged one to the cent
SELECT (costshare.estimate('M-NGUYEN-1', '2026-11-20', '90837', '1111111112')).patient_pays AS today,
       (l.result).patient_pays AS logged,
       (costshare.estimate(l.log_id)).patient_pays AS as_of,
       costshare.estimate(l.log_id) IS NOT DISTINCT FROM l.result AS same_result
FROM costshare.estimate_log l JOIN booked USING (log_id);
-- the explicit form, at the logged time
SELECT costshare.estimate(l.member_id, l.service_date, l.service_code, l.provider_id, l.place_of_service, l.billed,
                          l.logged_at) IS NOT DISTINCT FROM l.result AS same_result
FROM costshare.estimate_log l JOIN booked USING (log_id);
-- the temporary copies are gone: nothing shadows the extension's tables afterwards
SELECT count(*) AS temp_tables_left FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relname = 'benefit';

-- what changed: the claim in between, the plan, the fee, the snapshot, and the outcome
SELECT e.kind, e.source, e.item, e.before, e.after
FROM booked b, costshare.explain_estimate_change(b.log_id) e;

-- ==== 3. an 835 and its true-up =====================================================================
\set f `cat ../shared/data/x12-835-linuxforhealth/secondary-payment.835`
CREATE TEMP TABLE remit AS SELECT replace(:'f', '*T*:~', '*T*>~') AS doc;
INSERT INTO costshare.payer (payer_id, name) VALUES ('TAXPAYER', 'Your Tax Dollars At Work');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('tax-ppo', 'TAXPAYER', 'PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('m-baki', 'Pat', 'Baki', '1960-01-01'), ('m-townsend', 'T', 'Townsend', '1950-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id) VALUES
  ('m-baki', 'm-baki', 'fam-baki', 'tax-ppo', '[2005-01-01,2006-01-01)', '456789123'),
  ('m-townsend', 'm-townsend', 'fam-t', 'tax-ppo', '[2005-01-01,2006-01-01)', 'XXX-123456789');
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies) VALUES
  ('tax-ppo', 'office_visit', 'in', 0.2, true);
CREATE TEMP TABLE booked835 AS
SELECT costshare.log_estimate('m-baki', '2005-01-06', '99213', NULL, '11', 250.00, '0001000053') AS log_id;
SELECT costshare.post_claim_line('0001000053', 1, 2, 'estimated', 'm-baki', 'tax-ppo', '2005-01-06', 100.00, 0, 50.00);
-- a plan change before the 835 is named; the one after it is not (the outcome did not see it)
UPDATE costshare.benefit SET coinsurance = 0.25 WHERE plan_id = 'tax-ppo';
SELECT count(*) > 0 AS posted FROM remit, costshare.post_835(remit.doc);
UPDATE costshare.benefit SET copay = 10.00 WHERE plan_id = 'tax-ppo';
SELECT costshare.estimate(l.log_id) IS NOT DISTINCT FROM l.result AS same_result
FROM costshare.estimate_log l JOIN booked835 USING (log_id);
SELECT e.kind, e.source, e.item, e.before, e.after
FROM booked835 b, costshare.explain_estimate_change(b.log_id) e;

-- ==== 4. refusals ===================================================================================
SELECT * FROM pg_temp.try($$SELECT costshare.estimate('M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL, clock_timestamp() + interval '1 day')::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.estimate('M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL, 'infinity'::timestamptz)::text$$);
SELECT code, message, hint FROM pg_temp.try($$SELECT costshare.estimate('M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL, costshare.history_start() - interval '1 second')::text$$);
SELECT * FROM pg_temp.try($$SELECT costshare.estimate('M-NGUYEN-1', '2026-11-20', '90837', NULL, '11', NULL, NULL::timestamptz)::text$$);
SELECT * FROM pg_temp.try($$SELECT count(*)::text FROM costshare.explain_estimate_change(-1)$$);
SELECT costshare.estimate(-1::bigint) IS NULL AS unknown_log_id;
-- the log is append-only
SELECT * FROM pg_temp.try($$UPDATE costshare.estimate_log SET billed = 1 RETURNING log_id::text$$);
SELECT * FROM pg_temp.try($$DELETE FROM costshare.estimate_log RETURNING log_id::text$$);
SELECT * FROM pg_temp.try($$TRUNCATE costshare.estimate_log$$);
SELECT * FROM pg_temp.try($$INSERT INTO costshare.estimate_log (member_id, service_date, service_code, billed, plan_data_version, result) VALUES ('x', '2026-01-01', '90837', 0.001, 1, pg_catalog.jsonb_populate_record(NULL::costshare.estimate_result, '{}')) RETURNING log_id::text$$);

-- the estimator role logs estimates; recomputing reads the history (member rows), which it may not
SET LOCAL ROLE costshare_estimator;
SELECT costshare.log_estimate('M-NGUYEN-1', '2026-11-20', '90837', '1111111112') > 0 AS logged;
\set VERBOSITY terse
SELECT costshare.estimate(max(log_id)) FROM costshare.estimate_log;
\set VERBOSITY default
RESET ROLE;

-- ==== 5. the history: one version per write, closed by updates and deletes ==========================
SELECT table_name, count(*) FILTER (WHERE upper_inf(valid)) AS current, count(*) FILTER (WHERE NOT upper_inf(valid)) AS closed
FROM costshare.row_history WHERE table_name IN ('benefit', 'fee_schedule', 'accumulator_snapshot')
 -- (versions current in this transaction: suites that ran before may have left closed ones)
 AND (upper_inf(valid) OR upper(valid) >= now()) GROUP BY 1 ORDER BY 1;
-- the current versions are the tables' rows
SELECT t, (SELECT count(*) FROM costshare.row_history h WHERE h.table_name = t AND upper_inf(h.valid)) =
          (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM costshare.%I', t), false, true, '')))[1]::text::bigint AS matches
FROM unnest(costshare.history_tables()) t ORDER BY t;

-- ==== 6. Medicare-priced estimates: the Medicare tables are priced as they are now, so an as-of
-- estimate priced from them refuses once they changed after as_of (never a silently different answer)
\set rvu `cat ../shared/data/cms-pfs-2025/PPRRVU2025_Oct_subset.csv`
\set gpci `cat ../shared/data/cms-pfs-2025/GPCI2025.csv`
\set locco `cat ../shared/data/cms-pfs-2025/25LOCCO.csv`
SELECT costshare.load_medicare_rvu(2025, :'rvu') > 0 AS rvu, costshare.load_medicare_gpci(2025, :'gpci') > 0 AS gpci,
       costshare.load_medicare_locality(2025, :'locco') > 0 AS localities;
SELECT costshare.log_estimate('M-BROWN-1', '2025-06-10', '90837', '1222222223', '11', 250.00, NULL) AS mcr_log \gset
SELECT (result).allowed, (result).allowed_source FROM costshare.estimate_log WHERE log_id = :mcr_log;
-- unchanged Medicare data: recomputed to the cent
SELECT (e).allowed = (l.result).allowed AND (e).patient_pays = (l.result).patient_pays AS same
FROM costshare.estimate_log l, LATERAL (SELECT costshare.estimate(l.log_id) AS e) x WHERE l.log_id = :mcr_log;
-- a corrected RVU after the estimate: refused (55000), the logged result stays as given
UPDATE costshare.medicare_rvu SET work_rvu = work_rvu + 0.10 WHERE year = 2025 AND hcpcs = '90837';
SELECT code, message, hint FROM pg_temp.try(format('SELECT costshare.estimate(%s::bigint)::text', :mcr_log));
ROLLBACK;
