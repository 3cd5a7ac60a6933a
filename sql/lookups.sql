-- lookups: what the C lookups behind costshare.estimate (line_context, accumulators) owe a DBA: the
-- caller's SELECT privilege is checked as a query would, row-level security is refused rather than
-- bypassed, and the cached table and index numbers follow DDL (a new or rebuilt index, a dropped one).
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
-- the index is back, and so is the answer
SELECT status, allowed, patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK;
