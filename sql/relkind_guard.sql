-- relkind_guard: the estimate reads the plan tables directly through their indexes, so a relation that
-- cannot hold the rows there (a view, a partitioned parent; under Citus a distributed or reference shell
-- table, or a worker's own copies: scripts/test_citus.sh) is refused naming the table, never read as
-- empty. Everything runs in one transaction that is rolled back at the end.

SET datestyle = 'ISO, YMD';
\set ON_ERROR_ROLLBACK on
BEGIN;
\i test/regress/sample_practice.sql

-- the answer one node gives
SELECT status, plan_id, patient_pays
FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);

-- 1. a view swapped in for a plan table (the rows are all still there, behind the view)
SET LOCAL costshare.allow_table_ddl = on;
ALTER TABLE costshare.benefit RENAME TO benefit_kept;
CREATE VIEW costshare.benefit AS SELECT * FROM costshare.benefit_kept;
SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
\echo :LAST_ERROR_SQLSTATE
DROP VIEW costshare.benefit;
ALTER TABLE costshare.benefit_kept RENAME TO benefit;

-- 2. a partitioned parent in place of a plan table (its index is partitioned; its own heap is empty)
ALTER TABLE costshare.prior_auth RENAME TO prior_auth_kept;
CREATE TABLE costshare.prior_auth (LIKE costshare.prior_auth_kept) PARTITION BY LIST (category);
CREATE INDEX ON costshare.prior_auth (member_id, plan_id, category);
SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
\echo :LAST_ERROR_SQLSTATE
DROP TABLE costshare.prior_auth;
ALTER TABLE costshare.prior_auth_kept RENAME TO prior_auth;

-- 3. the plain tables back: the same answer as before
SELECT status, plan_id, patient_pays
FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK;
