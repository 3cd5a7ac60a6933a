\set ECHO none
-- test/regress/sample_practice.sql — included (\i) by the regress suites that run on the sample
-- practice, inside their own transaction: the plan tables emptied whatever ran before (seed rows stay),
-- then sample/plans.sql loaded quietly. psql is left with ON_ERROR_STOP off (sample/plans.sql sets it)
-- and ECHO all. The ledger is append-only: emptying it needs the maintenance switch (a superuser, for
-- this transaction).
SET LOCAL costshare.allow_ledger_truncate = on;
TRUNCATE costshare.eligibility_benefit, costshare.eligibility_rejection,
         costshare.accumulator_ledger, costshare.accumulator_snapshot, costshare.prior_auth,
         costshare.fee_schedule, costshare.network_participation, costshare.provider,
         costshare.enrollment, costshare.member, costshare.benefit, costshare.plan_limit,
         costshare.parity_projection, costshare.plan, costshare.payer;
RESET costshare.allow_ledger_truncate;
DELETE FROM costshare.service_code WHERE NOT seed;
DELETE FROM costshare.credential WHERE NOT seed;
DELETE FROM costshare.place_of_service WHERE NOT seed;
DELETE FROM costshare.parity_category WHERE NOT seed;
\o /dev/null
\i sample/plans.sql
\o
\set ON_ERROR_STOP off
\set ECHO all
