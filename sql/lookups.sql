-- lookups: what the C lookups behind costshare.estimate (line_context, accumulators) owe a DBA: the
-- caller's SELECT privilege is checked as a query would, row-level security is refused rather than
-- bypassed, the cached table and index numbers follow DDL (a new or rebuilt index, a dropped one), and
-- the plan rows kept per backend follow every change of a plan table.
-- Everything runs in one transaction that is rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
-- empty plan tables, then the sample practice (sample/plans.sql), loaded quietly
\i test/regress/sample_practice.sql

-- the answer the rest of this file must keep giving
SELECT status, plan_id, network, allowed, patient_pays
FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);

-- 1. privileges: a role that may call the function but not read the members is refused, naming the table
CREATE ROLE cs_lookup_reader;
GRANT USAGE ON SCHEMA costshare TO cs_lookup_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA costshare TO cs_lookup_reader;
REVOKE SELECT ON costshare.member FROM cs_lookup_reader;
SET ROLE cs_lookup_reader;
SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
RESET ROLE;
GRANT SELECT ON costshare.member TO cs_lookup_reader;
SET ROLE cs_lookup_reader;
SELECT status, patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
RESET ROLE;

-- 2. row-level security on a plan table is refused, not bypassed (for a role it applies to)
-- (changes to the extension's tables are refused outside tests like this one: a dump would not keep them)
SET costshare.allow_table_ddl = on;
ALTER TABLE costshare.enrollment ENABLE ROW LEVEL SECURITY;
SET ROLE cs_lookup_reader;
SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
RESET ROLE;
ALTER TABLE costshare.enrollment DISABLE ROW LEVEL SECURITY;

-- 3. DDL: a rebuilt index, a new one, and a dropped one (the estimate says which table lacks its index)
REINDEX TABLE costshare.fee_schedule;
SELECT status, allowed, patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
CREATE INDEX lookups_extra ON costshare.member (birth_date, member_id);
SELECT status, allowed, patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
SAVEPOINT before_drop;
DROP INDEX costshare.fee_schedule_lookup;
SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK TO before_drop;
-- a column of another type is a clear error naming table and column, never a misread value; a
-- binary-compatible type (varchar for text) reads the same
SAVEPOINT before_retype;
ALTER TABLE costshare.benefit ALTER COLUMN visit_limit TYPE bigint;
SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK TO before_retype;
SAVEPOINT before_varchar;
ALTER TABLE costshare.provider ALTER COLUMN state TYPE varchar(2);
SELECT status, allowed, patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK TO before_varchar;
RESET costshare.allow_table_ddl;
-- the index is back, and so is the answer
SELECT status, allowed, patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);

-- 4. the plan-data cache: every statement that changes a plan table renumbers
--    costshare.plan_data_version, and the next estimate prices with the rows its snapshot sees
--    (specs/plan_cache.spec shows the same across sessions)
SELECT version AS v0 FROM costshare.plan_data_version \gset
UPDATE costshare.fee_schedule SET amount = 171.00
 WHERE payer_id = 'ACME' AND code = '90837' AND plan_id IS NULL AND credential IS NULL;
SELECT version > :v0 AS renumbered FROM costshare.plan_data_version;
SELECT status, allowed, patient_pays FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
-- a more specific row added wins at once
INSERT INTO costshare.fee_schedule (payer_id, code, credential, valid, amount)
VALUES ('ACME', '90837', 'psyd', '[2026-01-01,)', 180.00);
SELECT status, allowed, patient_pays FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
-- a change rolled back to a savepoint is gone again
SAVEPOINT fee_change;
DELETE FROM costshare.fee_schedule WHERE credential = 'psyd';
SELECT allowed FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK TO fee_change;
SELECT allowed FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
-- TRUNCATE renumbers too: without participation rows the provider is out of network
SAVEPOINT truncated;
TRUNCATE costshare.network_participation;
SELECT status, network FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK TO truncated;
SELECT status, network FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
-- without a version row nothing is kept, and the answers still follow the tables
SAVEPOINT no_version;
DELETE FROM costshare.plan_data_version;
SELECT allowed FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
UPDATE costshare.fee_schedule SET amount = 185.00 WHERE credential = 'psyd';
SELECT allowed FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK TO no_version;
SELECT allowed FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
-- the trigger is on every plan table, fires on every kind of change, and also under replication roles
SELECT c.relname, t.tgenabled, t.tgtype
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE t.tgname = 'plan_data_changed' AND c.relnamespace = 'costshare'::regnamespace
ORDER BY 1;
-- a backend that sees many plan changes keeps one cache, not one per change (retired ones are freed)
DO $$
BEGIN
    FOR i IN 1..20 LOOP
        UPDATE costshare.fee_schedule SET amount = 180.00 + i WHERE credential = 'psyd';
        PERFORM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    END LOOP;
END $$;
SELECT allowed FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
SELECT count(*) <= 2 AS one_cache_kept FROM pg_backend_memory_contexts WHERE name = 'costshare plan-data cache';
-- one statement pricing the same request many times gives one answer (the cache serves the repeats)
SELECT count(*) AS requests, count(DISTINCT e::text) AS answers
FROM generate_series(1, 50), LATERAL costshare.estimate('M-ALVAREZ-3', '2026-03-10', '90837', '1333333334', '11', 250.00) e;
-- the benefit row that prices a line (the engine's cs_line_benefit_of): ACME-HDHP states its categories
-- in network only, so it covers nothing out of network (not_covered); an out-of-network row does not price
-- an in-network line, and a category the plan does not state has no benefit in either network (no_benefit_data)
SELECT status, network, reasons, priceable FROM costshare.line_context('M-ALVAREZ-2', '2026-03-10', '90837', '1555555556', '11');
SELECT status, network, reasons, priceable FROM costshare.line_context('M-ALVAREZ-2', '2026-03-10', '90837', '1222222223', '11');
SAVEPOINT out_only;
UPDATE costshare.benefit SET network = 'out' WHERE plan_id = 'ACME-HDHP' AND category = 'mh_psychotherapy';
SELECT status, network, reasons, priceable FROM costshare.line_context('M-ALVAREZ-2', '2026-03-10', '90837', '1222222223', '11');
SELECT status, network, reasons, priceable FROM costshare.line_context('M-ALVAREZ-2', '2026-03-10', '90837', '1555555556', '11');
DELETE FROM costshare.benefit WHERE plan_id = 'ACME-HDHP' AND category = 'mh_psychotherapy';
SELECT status, network, reasons, priceable FROM costshare.line_context('M-ALVAREZ-2', '2026-03-10', '90837', '1555555556', '11');
ROLLBACK TO out_only;
ROLLBACK;
