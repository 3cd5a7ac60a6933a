-- amount_checks: every money, rate and count column refuses NaN, infinity, fractions of a cent and
-- values out of range, whatever writes it (post_claim_line, load_271, INSERT, UPDATE, COPY), with
-- 22003 / 22023 and a detail naming the column, never a member id; after each refusal the family's
-- estimate still works. A bad value stored before the checks (made here by disabling them) is
-- reported where it is read, naming the table, column and row key, and costshare.check_stored_amounts()
-- lists it; a corrected version of the ledger line clears it. Everything is rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
\set SHOW_CONTEXT never
BEGIN;
\i test/regress/sample_practice.sql

-- Runs one statement: 'ok' and its first column, or the error's SQLSTATE and texts, and whether any
-- text names a member or family of the sample practice (M-..., F-..., a surname).
CREATE FUNCTION pg_temp.try(q text)
RETURNS TABLE (code text, message text, detail text, hint text, leaks boolean)
LANGUAGE plpgsql AS $$
DECLARE
    res text;
BEGIN
    EXECUTE q INTO res;
    RETURN QUERY SELECT 'ok'::text, res, NULL::text, NULL::text, NULL::boolean;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    leaks := concat_ws(' ', message, detail, hint) ~* '(M-[A-Z]+-[0-9]|F-[A-Z]|NGUYEN|m-john|fam-doe|DOE)';
    RETURN NEXT;
END
$$;

-- The family's estimate, eligibility and accumulators, in one row (each must keep working)
CREATE FUNCTION pg_temp.family_ok() RETURNS text LANGUAGE sql AS $$
    SELECT format('patient pays %s, ded remaining %s, visits used %s',
                  (costshare.estimate('M-NGUYEN-1', '2026-03-31', '90837', '1111111112')).patient_pays,
                  (costshare.eligibility('M-NGUYEN-1', '2026-03-31', '90837', '1111111112')).ded_remaining,
                  (costshare.accumulators('M-NGUYEN-1', 'F-NGUYEN', 'ACME-HDHP', 'in', 'mh_psychotherapy',
                                          costshare.benefit_period('2026-03-31'), '2026-03-31')).visits_used)
$$;

SELECT costshare.post_claim_line('A-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02',
                                 100.00, 0, 0, 'mh_psychotherapy');
SELECT pg_temp.family_ok() AS before;

-- ===================================================================================================
-- 1. post_claim_line: every bad amount refused (22003 range / NaN / infinity, 22023 fractions)
-- ===================================================================================================
SELECT c.label, t.code, t.message, t.detail, t.leaks, pg_temp.family_ok() AS family_after
FROM (VALUES
  (1, 'NaN deductible', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 'NaN', 0, 0, 'mh_psychotherapy')$$),
  (2, 'Infinity copay', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 0, 'Infinity', 0, 'mh_psychotherapy')$$),
  (3, '-Infinity coinsurance', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 0, 0, '-Infinity', 'mh_psychotherapy')$$),
  (4, '-0.01', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', -0.01, 0, 0, 'mh_psychotherapy')$$),
  (5, '1000000000.01', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 1000000000.01, 0, 0, 'mh_psychotherapy')$$),
  (6, '9999999999.99', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 9999999999.99, 0, 0, 'mh_psychotherapy')$$),
  (7, '0.005', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 0.005, 0, 0, 'mh_psychotherapy')$$),
  (8, 'visits 2147483647', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 0, 0, 0, 'mh_psychotherapy', 'in', 2147483647)$$),
  (9, 'visits 1000001', $$SELECT costshare.post_claim_line('A-2', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03', 0, 0, 0, 'mh_psychotherapy', 'in', 1000001)$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;
-- nothing of A-2 was stored
SELECT count(*) AS a2_rows FROM costshare.accumulator_ledger WHERE claim_id = 'A-2';
-- the limits themselves are accepted, and stored with two decimals
SELECT costshare.post_claim_line('A-3', 1, 1, 'estimated', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03',
                                 1000000000, 0.1, 0, 'mh_psychotherapy', 'in', 1000000);
SELECT deductible, copay, coinsurance, visits FROM costshare.accumulator_ledger WHERE claim_id = 'A-3';

-- ===================================================================================================
-- 2. Direct INSERT, UPDATE and COPY into the ledger, snapshots and plan tables
-- ===================================================================================================
SELECT c.label, t.code, t.message, t.detail, t.hint, t.leaks
FROM (VALUES
  (1, 'ledger NaN', $$INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date, deductible) VALUES ('D-1', 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-04', 'NaN') RETURNING 'stored'$$),
  (2, 'ledger 9999999999.99', $$INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date, copay) VALUES ('D-1', 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-04', 9999999999.99) RETURNING 'stored'$$),
  (3, 'ledger 0.005', $$INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date, coinsurance) VALUES ('D-1', 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-04', 0.005) RETURNING 'stored'$$),
  (4, 'ledger visits', $$INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date, visits) VALUES ('D-1', 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-04', 2147483647) RETURNING 'stored'$$),
  (5, 'snapshot NaN', $$INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met) VALUES ('F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-10', 'NaN') RETURNING 'stored'$$),
  (6, 'snapshot Infinity', $$INSERT INTO costshare.accumulator_snapshot (family_id, plan_id, as_of, oop_met) VALUES ('F-NGUYEN', 'ACME-HDHP', '2026-03-10', 'Infinity') RETURNING 'stored'$$),
  (7, 'snapshot negative', $$INSERT INTO costshare.accumulator_snapshot (family_id, plan_id, as_of, ded_met) VALUES ('F-NGUYEN', 'ACME-HDHP', '2026-03-10', -5) RETURNING 'stored'$$),
  (8, 'snapshot 0.001', $$INSERT INTO costshare.accumulator_snapshot (family_id, plan_id, as_of, ded_met) VALUES ('F-NGUYEN', 'ACME-HDHP', '2026-03-10', 0.001) RETURNING 'stored'$$),
  (9, 'plan_limit NaN', $$UPDATE costshare.plan_limit SET ded_individual = 'NaN' WHERE plan_id = 'ACME-HDHP' RETURNING 'stored'$$),
  (10, 'plan_limit 0.005', $$UPDATE costshare.plan_limit SET oop_family = 6000.005 WHERE plan_id = 'ACME-HDHP' RETURNING 'stored'$$),
  (11, 'benefit copay NaN', $$UPDATE costshare.benefit SET copay = 'NaN' WHERE plan_id = 'ACME-HDHP' RETURNING 'stored'$$),
  (12, 'benefit coinsurance 1.5', $$UPDATE costshare.benefit SET coinsurance = 1.5 WHERE plan_id = 'ACME-HDHP' RETURNING 'stored'$$),
  (13, 'benefit coinsurance 7 decimals', $$UPDATE costshare.benefit SET coinsurance = 0.1234567 WHERE plan_id = 'ACME-HDHP' RETURNING 'stored'$$),
  (14, 'benefit coinsurance NaN', $$UPDATE costshare.benefit SET coinsurance = 'NaN' WHERE plan_id = 'ACME-HDHP' RETURNING 'stored'$$),
  (15, 'benefit visit_limit', $$UPDATE costshare.benefit SET visit_limit = 2147483647 WHERE plan_id = 'ACME-HDHP' RETURNING 'stored'$$),
  (16, 'fee amount NaN', $$UPDATE costshare.fee_schedule SET amount = 'NaN' WHERE amount IS NOT NULL RETURNING 'stored'$$),
  (17, 'fee percent NaN', $$INSERT INTO costshare.fee_schedule (payer_id, code, valid, percent_of_medicare) VALUES ('ACME', 'X0001', '[2026-01-01,2027-01-01)', 'NaN') RETURNING 'stored'$$),
  (18, 'prior_auth visits', $$INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid, visits) VALUES ('M-NGUYEN-1', 'ACME-HDHP', 'mh_psychotherapy', '[2026-01-01,2027-01-01)', -1) RETURNING 'stored'$$),
  (19, 'eligibility amount', $$INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, info, service_types, amount) VALUES ('M-NGUYEN-1', 'ACME', '1', 1, '2026-03-01', 'C', '{30}', 'NaN') RETURNING 'stored'$$),
  (20, 'eligibility percent 100', $$INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, info, service_types, percent) VALUES ('M-NGUYEN-1', 'ACME', '1', 1, '2026-03-01', 'A', '{30}', 100) RETURNING 'stored'$$),
  (21, 'eligibility quantity NaN', $$INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, info, service_types, quantity) VALUES ('M-NGUYEN-1', 'ACME', '1', 1, '2026-03-01', 'F', '{30}', 'NaN') RETURNING 'stored'$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;
SELECT pg_temp.family_ok() AS after_direct_dml;
-- a good snapshot is stored with two decimals; updating it to NaN is refused
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met, oop_met)
VALUES ('F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', '2026-01-15', 10, 10.5);
SELECT ded_met, oop_met FROM costshare.accumulator_snapshot WHERE family_id = 'F-NGUYEN' AND as_of = '2026-01-15';
SELECT code, message, detail, leaks FROM pg_temp.try($$UPDATE costshare.accumulator_snapshot SET oop_met = 'NaN' WHERE family_id = 'F-NGUYEN' RETURNING 'stored'$$);
-- rates are stored with six decimals as before
UPDATE costshare.benefit SET coinsurance = 0.25 WHERE plan_id = 'ACME-HDHP' AND category = 'mh_psychotherapy' AND network = 'in';
SELECT coinsurance FROM costshare.benefit WHERE plan_id = 'ACME-HDHP' AND category = 'mh_psychotherapy' AND network = 'in';
-- COPY: the same trigger (the COPY's own context line is not shown here)
COPY costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met) FROM stdin;
F-NGUYEN	M-NGUYEN-1	ACME-HDHP	2026-03-11	NaN
\.
COPY costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date, deductible) FROM stdin;
D-2	final	F-NGUYEN	M-NGUYEN-1	ACME-HDHP	2026-03-04	0.001
\.
SELECT (SELECT count(*) FROM costshare.accumulator_snapshot WHERE as_of = '2026-03-11') AS copied_snapshots,
       (SELECT count(*) FROM costshare.accumulator_ledger WHERE claim_id = 'D-2') AS copied_lines,
       pg_temp.family_ok() AS family_after_copy;

-- ===================================================================================================
-- 3. load_271: a remaining above the total (a negative met) and a percent of 100 are refused whole
-- ===================================================================================================
\set f `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
CREATE TEMP TABLE doc271 AS SELECT :'f'::text AS doc;
INSERT INTO costshare.payer (payer_id, name) VALUES ('MOCKPAYER', 'Mock Payer');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-advantage', 'MOCKPAYER', 'Mock Individual Advantage');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-john', 'John', 'Doe', '1970-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('m-john', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'self', 'family', '000-000-000-01');
SELECT c.label, t.code, t.message, t.detail, t.leaks
FROM (VALUES
  (1, 'remaining above total', replace((SELECT doc FROM doc271), 'EB*C*IND*30***29*2983.57*', 'EB*C*IND*30***29*3983.57*')),
  (2, 'percent of 100', replace((SELECT doc FROM doc271), 'EB*A*ESP*98*****0.5****N', 'EB*A*ESP*98*****100****N')))
  AS c(n, label, doc)
CROSS JOIN LATERAL pg_temp.try(format('SELECT costshare.load_271(%L, %L)::text', c.doc, '2013-06-01')) t
ORDER BY c.n;
SELECT (SELECT count(*) FROM costshare.x12_load) AS loads, (SELECT count(*) FROM costshare.eligibility_benefit) AS benefits,
       (SELECT count(*) FROM costshare.accumulator_snapshot WHERE family_id = 'fam-doe') AS snapshots;
-- the document as sent loads
SELECT l.status FROM doc271, costshare.load_271(doc, '2013-06-01') l;

-- ===================================================================================================
-- 4. A bad value stored before the checks (test-only: the checks are switched off to store it)
-- ===================================================================================================
SELECT * FROM costshare.check_stored_amounts();
-- (changing an extension table's constraints needs the DBA's switch: the test does what a 1.1 database
-- updated with such rows looks like)
SET LOCAL costshare.allow_table_ddl = on;
-- (the constraints are made again as the extension makes them: bound to pg_catalog's operators and
-- functions, whatever the session's search_path)
SET LOCAL search_path = pg_catalog, pg_temp;
ALTER TABLE costshare.accumulator_ledger DISABLE TRIGGER amount_check;
ALTER TABLE costshare.accumulator_ledger DROP CONSTRAINT accumulator_ledger_deductible_range;
ALTER TABLE costshare.accumulator_ledger DROP CONSTRAINT accumulator_ledger_visits_range;
INSERT INTO costshare.accumulator_ledger (payer_id, claim_id, claim_version, line_no, status, family_id, member_id, plan_id, bucket, category, service_date, deductible, visits)
VALUES ('ACME', 'P-1', 1, 1, 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'in', 'mh_psychotherapy', '2026-03-05', 'NaN', 1),
       ('ACME', 'P-2', 1, 1, 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'in', 'mh_psychotherapy', '2026-03-06', 0, 2147483647);
ALTER TABLE costshare.accumulator_ledger ENABLE TRIGGER amount_check;
-- as after an update from 1.1 with such rows: the constraints are there, NOT VALID
ALTER TABLE costshare.accumulator_ledger
    ADD CONSTRAINT accumulator_ledger_deductible_range
        CHECK (deductible >= 0 AND deductible <= 1000000000 AND deductible = round(deductible, 2)) NOT VALID,
    ADD CONSTRAINT accumulator_ledger_visits_range CHECK (visits >= 0 AND visits <= 1000000) NOT VALID;
SELECT * FROM costshare.check_stored_amounts();
-- every reader of the family names the table, column and line, never the member: 22003, not XX000
SELECT c.label, t.code, CASE WHEN t.code = 'ok' THEN '(a result)' ELSE t.message END AS message, t.detail, t.hint, t.leaks
FROM (VALUES
  (1, 'estimate', $$SELECT (costshare.estimate('M-NGUYEN-1', '2026-03-31', '90837', '1111111112')).patient_pays::text$$),
  (2, 'eligibility', $$SELECT (costshare.eligibility('M-NGUYEN-1', '2026-03-31', '90837', '1111111112')).ded_remaining::text$$),
  (3, 'accumulators', $$SELECT costshare.accumulators('M-NGUYEN-1', 'F-NGUYEN', 'ACME-HDHP', 'in', 'mh_psychotherapy', costshare.benefit_period('2026-03-31'), '2026-03-31')::text$$),
  (4, 'explain', $$SELECT costshare.explain('M-NGUYEN-1', '2026-03-31', '90837', '1111111112')$$),
  (5, 'fhir_estimate', $$SELECT costshare.fhir_estimate('M-NGUYEN-1', '2026-03-31', '90837', '1111111112')::text$$),
  (6, 'fhir_eligibility_response', $$SELECT (costshare.fhir_eligibility_response('M-NGUYEN-1', '2026-03-31') - 'created')::text$$),
  (7, 'the next year', $$SELECT (costshare.estimate('M-NGUYEN-1', '2027-03-31', '90837', '1111111112')).patient_pays::text$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;
-- estimate_many: the bad stored value fails only the appointments of its member's family group; the
-- other families' rows are what a batch without that family answers, and the message names no member
CREATE TEMP TABLE em_appts AS
SELECT ROW(n, m, date '2026-03-31' + n, c, p, '11', NULL)::costshare.appointment AS a, m
FROM (VALUES (1, 'M-NGUYEN-1', '90837', '1111111112'), (2, 'M-NGUYEN-1', NULL, '1111111112'),
             (3, 'M-ALVAREZ-1', '90837', '1555555556'), (4, 'M-ALVAREZ-3', '90837', '1333333334'),
             (5, 'M-OKAFOR-1', '90837', '1222222223'), (6, 'M-DAVIS-1', '90837', '1333333334'),
             (7, 'M-BROWN-1', '90837', '1444444445'), (8, 'M-ALVAREZ-2', '90837', '1222222223')) v(n, m, c, p);
SELECT e.appt_id, e.status, e.sqlstate, e.message, e.line IS NOT NULL AS priced,
       e.message ~* 'nguyen|linh|1990' AS leaks
FROM costshare.estimate_many((SELECT array_agg(a ORDER BY (a).appt_id) FROM em_appts)) e
ORDER BY e.appt_id;
SELECT count(*) AS rows_as_without_the_family, bool_and(w IS NOT DISTINCT FROM o) AS same
FROM costshare.estimate_many((SELECT array_agg(a ORDER BY (a).appt_id) FROM em_appts)) w
FULL JOIN costshare.estimate_many((SELECT array_agg(a ORDER BY (a).appt_id) FROM em_appts WHERE m <> 'M-NGUYEN-1')) o
  ON o.appt_id = w.appt_id
WHERE w.appt_id NOT IN (1, 2) OR o.appt_id IS NOT NULL;
-- the same as costshare_estimator (no SELECT on the member tables: the groups are read with the
-- estimate's rights)
GRANT SELECT ON em_appts TO costshare_estimator;
SET ROLE costshare_estimator;
SELECT e.appt_id, e.status, e.sqlstate
FROM costshare.estimate_many((SELECT array_agg(a ORDER BY (a).appt_id) FROM em_appts)) e
ORDER BY e.appt_id;
RESET ROLE;
-- only the bad family alone: its rows, each with its error (the request's own first)
SELECT e.appt_id, e.status, e.sqlstate
FROM costshare.estimate_many((SELECT array_agg(a) FROM em_appts WHERE m = 'M-NGUYEN-1')) e ORDER BY 1;
-- a corrected version of the line clears it (the older version no longer counts) ...
SELECT costshare.post_claim_line('P-1', 2, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-05', 40.00, 0, 0, 'mh_psychotherapy');
SELECT code, message, detail, leaks FROM pg_temp.try($$SELECT pg_temp.family_ok()$$);
-- ... and so does a reversal
SELECT costshare.post_claim_line('P-2', 2, 1, 'reversed', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-06', 0, 0, 0, 'mh_psychotherapy');
SELECT pg_temp.family_ok() AS after_reversal;
SELECT e.appt_id, e.status, e.sqlstate
FROM costshare.estimate_many((SELECT array_agg(a) FROM em_appts WHERE m = 'M-NGUYEN-1')) e ORDER BY 1;
SELECT * FROM costshare.check_stored_amounts();
-- the superseded versions count for nothing: clearing their bad values changes no answer and lets the
-- ledger's constraints be validated (a dump of the database restores again)
SELECT costshare.clear_superseded_amounts() AS cleared;
SELECT claim_id, claim_version, deductible, visits FROM costshare.accumulator_ledger WHERE claim_id IN ('P-1', 'P-2') ORDER BY 1, 2;
SELECT pg_temp.family_ok() AS after_clearing;
SELECT conname, convalidated FROM pg_constraint
 WHERE conrelid = 'costshare.accumulator_ledger'::regclass AND conname LIKE '%\_range' ORDER BY 1;
SELECT * FROM costshare.check_stored_amounts();
-- the ledger is append-only again
SELECT code, message FROM pg_temp.try($$UPDATE costshare.accumulator_ledger SET copay = 1 WHERE claim_id = 'P-1' RETURNING 'changed'$$);

-- a snapshot: the latest one counts; a later good one clears it
ALTER TABLE costshare.accumulator_snapshot DISABLE TRIGGER amount_check;
ALTER TABLE costshare.accumulator_snapshot DROP CONSTRAINT accumulator_snapshot_ded_met_range;
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met, oop_met)
VALUES ('F-NGUYEN', NULL, 'ACME-HDHP', '2026-02-01', 9999999999.99, 0);
ALTER TABLE costshare.accumulator_snapshot ENABLE TRIGGER amount_check;
ALTER TABLE costshare.accumulator_snapshot ADD CONSTRAINT accumulator_snapshot_ded_met_range
    CHECK (ded_met >= 0 AND ded_met <= 1000000000 AND ded_met = round(ded_met, 2)) NOT VALID;
SELECT * FROM costshare.check_stored_amounts();
SELECT code, message, detail, hint, leaks FROM pg_temp.try($$SELECT pg_temp.family_ok()$$);
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met, oop_met)
VALUES ('F-NGUYEN', NULL, 'ACME-HDHP', '2026-02-02', 0, 0);
SELECT pg_temp.family_ok() AS after_newer_snapshot;

-- a plan's benefit and limits are reported with their keys
ALTER TABLE costshare.benefit DISABLE TRIGGER amount_check;
ALTER TABLE costshare.benefit DROP CONSTRAINT benefit_coinsurance_range, DROP CONSTRAINT benefit_coinsurance_check;
UPDATE costshare.benefit SET coinsurance = 'NaN' WHERE plan_id = 'ACME-HDHP' AND category = 'mh_psychotherapy' AND network = 'in';
ALTER TABLE costshare.benefit ENABLE TRIGGER amount_check;
ALTER TABLE costshare.plan_limit DISABLE TRIGGER amount_check;
ALTER TABLE costshare.plan_limit DROP CONSTRAINT plan_limit_oop_individual_range;
UPDATE costshare.plan_limit SET oop_individual = 'Infinity' WHERE plan_id = 'ACME-HDHP' AND bucket = 'in';
ALTER TABLE costshare.plan_limit ENABLE TRIGGER amount_check;
ALTER TABLE costshare.benefit ADD CONSTRAINT benefit_coinsurance_range
    CHECK (coinsurance >= 0 AND coinsurance <= 1 AND coinsurance = round(coinsurance, 6)) NOT VALID;
ALTER TABLE costshare.plan_limit ADD CONSTRAINT plan_limit_oop_individual_range
    CHECK (oop_individual >= 0 AND oop_individual <= 1000000000 AND oop_individual = round(oop_individual, 2)) NOT VALID;
SELECT * FROM costshare.check_stored_amounts();
SELECT code, message, detail, leaks FROM pg_temp.try($$SELECT pg_temp.family_ok()$$);
UPDATE costshare.benefit SET coinsurance = 0.2 WHERE plan_id = 'ACME-HDHP' AND category = 'mh_psychotherapy' AND network = 'in';
SELECT code, message, detail, leaks FROM pg_temp.try($$SELECT pg_temp.family_ok()$$);
SELECT code, message, detail, hint, leaks FROM pg_temp.try($$SELECT costshare.fhir_eligibility_response('M-NGUYEN-1', '2026-03-31')::text$$);
UPDATE costshare.plan_limit SET oop_individual = 5000 WHERE plan_id = 'ACME-HDHP' AND bucket = 'in';
SELECT pg_temp.family_ok() AS after_plan_fixed;
-- a fee schedule row (its fee_id depends on the sequence: shown as N)
ALTER TABLE costshare.fee_schedule DISABLE TRIGGER amount_check;
ALTER TABLE costshare.fee_schedule DROP CONSTRAINT fee_schedule_amount_range;
UPDATE costshare.fee_schedule SET amount = 'NaN' WHERE payer_id = 'ACME' AND code = '90837' AND amount IS NOT NULL;
ALTER TABLE costshare.fee_schedule ENABLE TRIGGER amount_check;
SELECT code, message, regexp_replace(detail, 'fee_id [0-9]+', 'fee_id N') AS detail, leaks
FROM pg_temp.try($$SELECT pg_temp.family_ok()$$);
UPDATE costshare.fee_schedule SET amount = 165.00 WHERE payer_id = 'ACME' AND code = '90837' AND credential IS NULL;
UPDATE costshare.fee_schedule SET amount = 190.00 WHERE payer_id = 'ACME' AND code = '90837' AND credential = 'md';
UPDATE costshare.fee_schedule SET amount = 140.00 WHERE payer_id = 'ACME' AND code = '90837' AND credential = 'lcsw';
ALTER TABLE costshare.fee_schedule ADD CONSTRAINT fee_schedule_amount_range
    CHECK (amount >= 0 AND amount <= 1000000000 AND amount = round(amount, 2));
SELECT pg_temp.family_ok() AS after_fee_fixed;
-- every corrected table validates again
ALTER TABLE costshare.benefit VALIDATE CONSTRAINT benefit_coinsurance_range;
ALTER TABLE costshare.plan_limit VALIDATE CONSTRAINT plan_limit_oop_individual_range;
RESET search_path;
SELECT * FROM costshare.check_stored_amounts();

-- ===================================================================================================
-- 5. The C entry points refuse the same values (cases errors.sql does not already cover)
-- ===================================================================================================
SELECT c.label, t.code, t.message, t.detail
FROM (VALUES
  (1, 'accum ded_individual_met NaN', $$SELECT costshare.accum(ded_individual_met => 'NaN')::text$$),
  (2, 'accum oop_family_met Infinity', $$SELECT costshare.accum(oop_family_met => 'Infinity')::text$$),
  (3, 'accum coinsurance_met 9999999999.99', $$SELECT costshare.accum(coinsurance_met => 9999999999.99)::text$$),
  (4, 'accum visits_used 2147483647', $$SELECT costshare.accum(visits_used => 2147483647)::text$$),
  (5, 'raw accum ded_family_met NaN', $$SELECT costshare.adjudicate(100, costshare.terms(), jsonb_populate_record(costshare.accum(), '{"ded_family_met": "NaN"}'))::text$$),
  (6, 'terms copay 9999999999.99', $$SELECT costshare.terms(copay => 9999999999.99)::text$$),
  (7, 'terms ded_family NaN', $$SELECT costshare.terms(ded_family => 'NaN')::text$$),
  (8, 'terms visit_limit 2147483647', $$SELECT costshare.terms(visit_limit => 2147483647)::text$$),
  (9, 'raw terms copay NaN', $$SELECT costshare.adjudicate(100, jsonb_populate_record(costshare.terms(), '{"copay": "NaN"}'))::text$$),
  (10, 'adjudicate billed 9999999999.99', $$SELECT costshare.adjudicate(100, costshare.terms(), NULL, 9999999999.99)::text$$),
  (11, 'accumulate allowed NaN', $$SELECT (costshare.accumulate('A', date '2026-01-05', 'NaN'::numeric, costshare.terms()) OVER ())::text$$),
  (12, 'accumulate opening NaN', $$SELECT (costshare.accumulate('A', date '2026-01-05', 100, costshare.terms(), jsonb_populate_record(costshare.accum(), '{"oop_individual_met": "NaN"}')) OVER ())::text$$),
  (13, 'estimate billed NaN', $$SELECT costshare.estimate('M-NGUYEN-1', '2026-03-31', '90837', '1111111112', '11', 'NaN')::text$$),
  (14, 'estimate billed 0.005', $$SELECT costshare.estimate('M-NGUYEN-1', '2026-03-31', '90837', '1111111112', '11', 0.005)::text$$),
  (15, 'medicare_fee percent NaN', $$SELECT costshare.medicare_fee(1, 0, 0, 1, 0, 0, 30, 'NaN')::text$$),
  (16, 'medicare_fee conversion factor 9999999999.99', $$SELECT costshare.medicare_fee(1, 0, 0, 1, 0, 0, 9999999999.99)::text$$))
  AS c(n, label, q)
CROSS JOIN LATERAL pg_temp.try(c.q) t
ORDER BY c.n;

-- The row checks are C trigger functions anyone may attach to a table of their own: a column of
-- another type than the check reads is refused (42804, naming the table and column), never read as
-- if it were one (an integer read as a numeric or a text crashed the server)
CREATE TABLE pg_temp.wrong_amounts (amount integer, visits numeric, rate text);
CREATE TRIGGER c BEFORE INSERT ON pg_temp.wrong_amounts FOR EACH ROW EXECUTE FUNCTION costshare.check_amounts('money:amount');
INSERT INTO pg_temp.wrong_amounts (amount) VALUES (5);
DROP TRIGGER c ON pg_temp.wrong_amounts;
CREATE TRIGGER c BEFORE INSERT ON pg_temp.wrong_amounts FOR EACH ROW EXECUTE FUNCTION costshare.check_amounts('count:visits');
INSERT INTO pg_temp.wrong_amounts (visits) VALUES (5);
DROP TRIGGER c ON pg_temp.wrong_amounts;
CREATE TRIGGER c BEFORE INSERT ON pg_temp.wrong_amounts FOR EACH ROW EXECUTE FUNCTION costshare.check_amounts('rate:rate');
INSERT INTO pg_temp.wrong_amounts (rate) VALUES ('0.2');
-- ... and a NULL of another type is refused as well (the check is of the column, not of the value)
INSERT INTO pg_temp.wrong_amounts (rate) VALUES (NULL);
CREATE TABLE pg_temp.member (member_id text PRIMARY KEY);
INSERT INTO pg_temp.member VALUES ('a'), ('b');
CREATE TABLE pg_temp.wrong_eligibility (member_id integer);
CREATE TRIGGER c BEFORE INSERT ON pg_temp.wrong_eligibility FOR EACH ROW EXECUTE FUNCTION costshare.check_eligibility_member();
INSERT INTO pg_temp.wrong_eligibility VALUES (1);
CREATE DOMAIN pg_temp.dollars AS numeric CHECK (VALUE < 1000);
CREATE TABLE pg_temp.domain_amounts (amount pg_temp.dollars);
CREATE TRIGGER c BEFORE INSERT ON pg_temp.domain_amounts FOR EACH ROW EXECUTE FUNCTION costshare.check_amounts('money:amount');
INSERT INTO pg_temp.domain_amounts VALUES (5), (2.50);
INSERT INTO pg_temp.domain_amounts VALUES (0.001);
CREATE TABLE pg_temp.eligibility_ok (member_id varchar(10));
CREATE TRIGGER c BEFORE INSERT ON pg_temp.eligibility_ok FOR EACH ROW EXECUTE FUNCTION costshare.check_eligibility_member();
INSERT INTO pg_temp.eligibility_ok VALUES ('a');
INSERT INTO pg_temp.eligibility_ok VALUES ('c');
DROP TABLE pg_temp.member CASCADE;
CREATE TABLE pg_temp.member (member_id integer PRIMARY KEY);
INSERT INTO pg_temp.member VALUES (1), (2);
INSERT INTO pg_temp.eligibility_ok VALUES ('a');

ROLLBACK;
