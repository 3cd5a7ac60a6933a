-- pricing_271_c.sql — the 271 pricing in C (costshare.estimate_271, which prices from a loaded 271 in
-- the C estimate since issue 10) against the PL/pgSQL costshare.price_271 it replaced (schema
-- costshare_ref271, loaded by test.sh from test/reference/price_271_1_2.sql), handed the same plan
-- design's estimate: compared as text, errors by SQLSTATE, message, detail and hint, on every
-- combination of the grid of test/compare/price_271_states.sql (members with a loaded 271: 271 only,
-- two coverages, no enrollment; fresh and stale; ledger lines since the load, remittance history, a
-- visit limit reached, authorization required with and without one on file, a carve-out, plan periods
-- with an end and a start only, inactive coverage, a later load, a bad and a negative stale setting;
-- providers in and out of network, NULL / true / false out_of_network, charges below the allowed
-- amount; the real 271 files of ../shared/data).  test/compare/price_271.sh runs the same states over
-- every entry point (estimate, eligibility, estimate_many too) and the rights matrix against a build
-- of main.
-- The reference never capped a line by a plan-paid dollar maximum a 271 states (EB01 F with an amount
-- and no quantity, capped since issue 10: sql/pricing_271_max.sql tests it); the grid's states state
-- none (their only F row is a visit limit, EB09 VS), so the two still agree on every line, and the
-- new fields plan_max_period_left / plan_max_lifetime_left are NULL in both, as are the family's
-- (family_plan_max_period_left / _lifetime_left: no F row with EB02 FAM); family_id, added with them, is
-- the chosen enrollment's in both (the reference sets it from the enrollment it already chose).
-- The ledger since the load counts toward the 271's deductible and OOP only when dated in its period
-- (s10-h5; the grid's line c-5 of 2012-12-30 is outside the 2013 period):
-- the reference applies the same rule in its own SQL, so the 4,104 lines it changes are compared too.
BEGIN;
SELECT plan(4);
SET LOCAL client_min_messages = warning;
\o /dev/null
-- pg_temp.try: one statement's first column, or its error's SQLSTATE, message, detail and hint
\i test/regress/try.sql
\unset ECHO
CREATE TEMP TABLE grid_out (state text, n serial, line text);
CREATE TEMP TABLE grid_cmp (state text, args text, c text, ref text);
CREATE FUNCTION pg_temp.grid(state text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m text; d date; c text; p text; b numeric; o boolean; q text;
BEGIN
    FOREACH m IN ARRAY ARRAY['m-doe', 'm-two', 'm-none', 'm-smith', 'm-mary'] LOOP
    FOREACH d IN ARRAY ARRAY['2013-03-05', '2013-05-20', '2012-01-31', '2014-02-01', '2006-03-01']::date[] LOOP
    FOREACH c IN ARRAY ARRAY['90837', '90791', '99213', 'X0000'] LOOP
    FOREACH p IN ARRAY ARRAY[NULL, 'P-IN', 'P-OUT'] LOOP
    FOREACH b IN ARRAY ARRAY[NULL, 50.00, 1000.00]::numeric[] LOOP
    FOREACH o IN ARRAY ARRAY[NULL, true, false] LOOP
        q := pg_catalog.format('%L, %L, %L, %L, ''11'', %L', m, d, c, p, b);
        INSERT INTO grid_cmp
        SELECT state, q || ', ' || quote_nullable(o),
               (SELECT t::text FROM pg_temp.try(pg_catalog.format('SELECT costshare.estimate_271(%s, %L)::text', q, o)) t),
               (SELECT t::text FROM pg_temp.try(pg_catalog.format(
                    'SELECT costshare_ref271.price_271(costshare.estimate_plan(%s), %s, %L)::text', q, q, o)) t);
    END LOOP; END LOOP; END LOOP; END LOOP; END LOOP; END LOOP;
END $$;
CREATE FUNCTION pg_temp.rights(state text) RETURNS void LANGUAGE sql AS $$ SELECT $$;
\i test/compare/price_271_states.sql
\o
SELECT cmp_ok((SELECT count(*) FROM grid_cmp), '>', 35000::bigint, 'the grid has more than 35,000 lines');
SELECT cmp_ok((SELECT count(*) FROM grid_cmp WHERE c LIKE '%,271,%'), '>', 10000::bigint,
              'more than 10,000 of them are priced from a 271');
SELECT cmp_ok((SELECT count(*) FROM grid_cmp WHERE c NOT LIKE '(ok,%'), '>', 1000::bigint,
              'more than 1,000 of them are errors (compared by SQLSTATE, message, detail and hint)');
SELECT is((SELECT count(*) FROM grid_cmp WHERE c IS DISTINCT FROM ref), 0::bigint,
          'estimate_271 in C equals the PL/pgSQL price_271 over the plan estimate on every line');
SELECT state, args, c, ref FROM grid_cmp WHERE c IS DISTINCT FROM ref LIMIT 5;
SELECT * FROM finish();
ROLLBACK;
