\set ECHO none
-- test/regress/empty_practice.sql — included (\i) inside a suite's own transaction: every table of the
-- practice emptied (seed rows stay), whatever ran before. Every table that references another one here
-- must be listed (a new table of the practice goes here, once). The ledger is append-only: emptying it
-- needs the maintenance switch (a superuser, for this transaction). Leaves psql with ECHO all
-- (unless the includer set cs_quiet: sample_practice.sql goes on quietly).
SET LOCAL costshare.allow_ledger_truncate = on;
TRUNCATE costshare.self_pay_price, costshare.eligibility_benefit, costshare.eligibility_rejection,
         costshare.accumulator_ledger, costshare.accumulator_snapshot, costshare.prior_auth,
         costshare.fee_schedule, costshare.network_participation, costshare.provider,
         costshare.enrollment, costshare.member, costshare.benefit, costshare.plan_limit,
         costshare.parity_projection, costshare.plan, costshare.payer, costshare.benefit_source_policy;
RESET costshare.allow_ledger_truncate;
DELETE FROM costshare.service_code WHERE NOT seed;
DELETE FROM costshare.credential WHERE NOT seed;
DELETE FROM costshare.place_of_service WHERE NOT seed;
DELETE FROM costshare.parity_category WHERE NOT seed;
\if :{?cs_quiet}
\else
\set ECHO all
\endif
