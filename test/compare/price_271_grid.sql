-- price_271_grid.sql — the acceptance grid of the 271 pricing path (issue 10: costshare.price_271 from
-- PL/pgSQL into C).  Every public entry point that prices from a loaded 271 (estimate, estimate_271,
-- eligibility, estimate_many) over members with a loaded 271 in many states, and the rights matrix;
-- each call's whole result as text, or its error's SQLSTATE, message, detail and hint, written to the
-- file :out.  Run by test/compare/price_271.sh on two builds (main before the conversion, 32be8ff,
-- where price_271 was PL/pgSQL, and this tree), whose outputs it diffs.  Rolled back at the end.
SET datestyle = 'ISO, YMD';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
\pset pager off
BEGIN;
\set ECHO none
\i test/regress/try.sql
\set ECHO none

-- the grid: every entry point over members, dates (inside, stale, before the 271's coverage, outside
-- the enrollment), codes (psychotherapy, diagnostic, office visit, unknown), providers, charges, networks
CREATE TEMP TABLE grid_out (state text, n serial, line text);
CREATE FUNCTION pg_temp.grid(state text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m text; d date; c text; p text; b numeric; o boolean; q text;
BEGIN
    FOREACH m IN ARRAY ARRAY['m-doe', 'm-two', 'm-none', 'm-smith', 'm-mary'] LOOP
    FOREACH d IN ARRAY ARRAY['2013-03-05', '2013-05-20', '2012-01-31', '2014-02-01', '2006-03-01']::date[] LOOP
    FOREACH c IN ARRAY ARRAY['90837', '90791', '99213', 'X0000'] LOOP
    FOREACH p IN ARRAY ARRAY[NULL, 'P-IN', 'P-OUT'] LOOP
        q := pg_catalog.format('%L, %L, %L, %L', m, d, c, p);
        FOREACH b IN ARRAY ARRAY[NULL, 50.00, 1000.00]::numeric[] LOOP
            INSERT INTO grid_out (state, line)
            SELECT state, concat_ws(' | ', 'estimate', q, quote_nullable(b), t.code, t.message, t.detail, t.hint)
              FROM pg_temp.try(pg_catalog.format('SELECT costshare.estimate(%s, ''11'', %L)::text', q, b)) t;
            FOREACH o IN ARRAY ARRAY[NULL, true, false] LOOP
                INSERT INTO grid_out (state, line)
                SELECT state, concat_ws(' | ', 'estimate_271', q, quote_nullable(b), quote_nullable(o), t.code, t.message, t.detail, t.hint)
                  FROM pg_temp.try(pg_catalog.format('SELECT costshare.estimate_271(%s, ''11'', %L, %L)::text', q, b, o)) t;
            END LOOP;
        END LOOP;
        INSERT INTO grid_out (state, line)
        SELECT state, concat_ws(' | ', 'eligibility', q, t.code, t.message, t.detail, t.hint)
          FROM pg_temp.try(pg_catalog.format('SELECT costshare.eligibility(%s)::text', q)) t;
        INSERT INTO grid_out (state, line)
        SELECT state, concat_ws(' | ', 'estimate_many', q, t.code, t.message, t.detail, t.hint)
          FROM pg_temp.try(pg_catalog.format(
               'SELECT array_agg(x::text ORDER BY x.appt_id)::text FROM costshare.estimate_many(ARRAY[ROW(1, %s, ''11'', NULL), ROW(2, %s, ''11'', 75.00)]::costshare.appointment[]) x', q, q)) t;
    END LOOP; END LOOP; END LOOP; END LOOP;
END $$;
-- the rights matrix: costshare_estimator, and roles with SELECT on every table but one of those the
-- 271 pricing reads
CREATE FUNCTION pg_temp.rights(state text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r text; q text;
BEGIN
    FOREACH r IN ARRAY ARRAY['costshare_estimator', 'cs_grid_all', 'cs_grid_eligibility_benefit', 'cs_grid_x12_load',
                             'cs_grid_enrollment', 'cs_grid_plan', 'cs_grid_network_participation',
                             'cs_grid_service_type_category', 'cs_grid_accumulator_ledger', 'cs_grid_fee_schedule',
                             'cs_grid_prior_auth', 'cs_grid_benefit_source_policy', 'cs_grid_member'] LOOP
        FOREACH q IN ARRAY ARRAY[
            'SELECT costshare.estimate(''m-doe'', ''2013-03-05'', ''90837'', ''P-OUT'')::text',
            'SELECT costshare.estimate(''m-doe'', ''2013-03-05'', ''X0000'')::text',
            'SELECT costshare.estimate_271(''m-doe'', ''2013-03-05'', ''90837'', ''P-IN'')::text',
            'SELECT costshare.estimate_271(''m-two'', ''2013-03-05'', ''90837'')::text',
            'SELECT costshare.eligibility(''m-doe'', ''2013-03-05'', ''90837'')::text',
            'SELECT costshare.eligibility(''m-smith'', ''2006-03-01'', ''90837'')::text',
            'SELECT array_agg(x::text)::text FROM costshare.estimate_many(ARRAY[ROW(1, ''m-doe'', ''2013-03-05'', ''90837'', NULL, ''11'', NULL)]::costshare.appointment[]) x'] LOOP
            EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
            INSERT INTO grid_out (state, line)
            SELECT state, concat_ws(' | ', 'rights', r, q, t.code, t.message, t.detail, t.hint) FROM pg_temp.try(q) t;
            RESET ROLE;
        END LOOP;
    END LOOP;
END $$;
GRANT INSERT, SELECT ON grid_out TO PUBLIC;
GRANT USAGE ON SEQUENCE grid_out_n_seq TO PUBLIC;
DO $$
DECLARE t text;
BEGIN
    EXECUTE 'CREATE ROLE cs_grid_all';
    EXECUTE 'GRANT USAGE ON SCHEMA costshare TO cs_grid_all';
    EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA costshare TO cs_grid_all';
    FOREACH t IN ARRAY ARRAY['eligibility_benefit', 'x12_load', 'enrollment', 'plan', 'network_participation',
                             'service_type_category', 'accumulator_ledger', 'fee_schedule', 'prior_auth',
                             'benefit_source_policy', 'member'] LOOP
        EXECUTE pg_catalog.format('CREATE ROLE %I', 'cs_grid_' || t);
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA costshare TO %I', 'cs_grid_' || t);
        EXECUTE pg_catalog.format('GRANT SELECT ON ALL TABLES IN SCHEMA costshare TO %I', 'cs_grid_' || t);
        EXECUTE pg_catalog.format('REVOKE SELECT ON costshare.%I FROM %I', t, 'cs_grid_' || t);
    END LOOP;
END $$;

\i test/compare/price_271_states.sql

\o :out
SELECT state || ' | ' || line FROM grid_out ORDER BY n;
\o
SELECT count(*) AS lines, count(*) FILTER (WHERE line LIKE '%| 271 |%' OR line LIKE '%,271,%') AS from_271,
       count(DISTINCT split_part(line, ' | ', 1)) FROM grid_out;
ROLLBACK;
