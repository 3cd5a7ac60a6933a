\set ECHO none
-- test/regress/sample_practice.sql — included (\i) by the regress suites that run on the sample
-- practice, inside their own transaction: the plan tables emptied whatever ran before (seed rows stay),
-- then sample/plans.sql loaded quietly. psql is left with ON_ERROR_STOP off (sample/plans.sql sets it)
-- and ECHO all. The ledger is append-only: emptying it needs the maintenance switch (a superuser, for
-- this transaction).
\set cs_quiet 1
\i test/regress/empty_practice.sql
\unset cs_quiet
\o /dev/null
\i sample/plans.sql
\o
\set ON_ERROR_STOP off
\set ECHO all
