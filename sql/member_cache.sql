-- member_cache: the member-data cache of the C lookups (src/glue/lookup.c, "lks"). What a batch reads
-- under one snapshot from the practice's own tables -- per family and plan the ledger lines (converted to
-- cents, checked and ordered), per family the accumulator snapshots, per member the enrollments and the
-- member's row -- is kept for that snapshot's later calls. What it owes: the answers the tables give
-- (costshare.member_cache = off reads every call), every change the snapshot would see -- an own write in
-- the same statement or transaction, a rolled-back savepoint, a parallel worker's own cache -- seen at
-- once, DDL on the tables retiring it, a bad stored value reported by the same call as without it, and
-- nothing left behind by an error. specs/member_cache_sessions.spec shows the same across sessions
-- (another session's commit, REPEATABLE READ).
-- Everything runs in one transaction that is rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
\i test/regress/sample_practice.sql
\i test/regress/try.sql

CREATE FUNCTION pg_temp.counter(name text) RETURNS bigint LANGUAGE sql VOLATILE
AS $$ SELECT value FROM costshare.backend_stats() WHERE counter = name $$;

-- every appointment of a grid: the sample's members, dates across two plan years, codes, providers
CREATE TEMP TABLE grid AS
SELECT row_number() OVER (ORDER BY m, d, c, p) AS id, m, d::date AS d, c, p
FROM unnest(ARRAY['M-ALVAREZ-1', 'M-ALVAREZ-2', 'M-ALVAREZ-3', 'M-ALVAREZ-4', 'M-BROWN-1', 'M-DAVIS-1',
                  'M-NGUYEN-1', 'M-OKAFOR-1', 'M-NOBODY']) m,
     unnest(ARRAY['2025-06-01', '2026-01-02', '2026-03-10', '2026-12-31']) d,
     unnest(ARRAY['90837', '90834', '90791', '99213']) c,
     unnest(ARRAY['1222222223', '1333333334', NULL]) p;

-- 1. a batch gives the answers of the tables: cache off, then on (three times over, so that later
--    rows hit what earlier rows read), compared row by row
SET LOCAL costshare.member_cache = off;
SELECT pg_temp.counter('member_cache_hits') AS h0 \gset
CREATE TEMP TABLE uncached AS
SELECT g.id, e::text AS answer FROM grid g, LATERAL costshare.estimate(g.m, g.d, g.c, g.p, '11', 250.00) e;
SELECT pg_temp.counter('member_cache_hits') = :h0 AS off_means_no_hits;
SET LOCAL costshare.member_cache = on;
CREATE TEMP TABLE cached AS
SELECT g.id, r, e::text AS answer
FROM generate_series(1, 3) r, grid g, LATERAL costshare.estimate(g.m, g.d, g.c, g.p, '11', 250.00) e;
SELECT pg_temp.counter('member_cache_hits') > :h0 + 1000 AS batch_hits;
SELECT count(*) AS rows, count(*) FILTER (WHERE c.answer IS DISTINCT FROM u.answer) AS differ
FROM cached c JOIN uncached u USING (id);
-- the same for line_context and eligibility
SET LOCAL costshare.member_cache = on;
CREATE TEMP TABLE ctx_on AS SELECT g.id, costshare.line_context(g.m, g.d, g.c, g.p, '11')::text AS x FROM grid g;
SET LOCAL costshare.member_cache = off;
CREATE TEMP TABLE ctx_off AS SELECT g.id, costshare.line_context(g.m, g.d, g.c, g.p, '11')::text AS x FROM grid g;
SELECT count(*) AS rows, count(*) FILTER (WHERE a.x IS DISTINCT FROM b.x) AS differ
FROM ctx_on a JOIN ctx_off b USING (id);
CREATE TEMP TABLE elig_on AS SELECT g.id, costshare.eligibility(g.m, g.d, g.c, g.p)::text AS x FROM grid g;
SET LOCAL costshare.member_cache = off;
CREATE TEMP TABLE elig_off AS SELECT g.id, costshare.eligibility(g.m, g.d, g.c, g.p)::text AS x FROM grid g;
SET LOCAL costshare.member_cache = on;
SELECT count(*) AS rows, count(*) FILTER (WHERE a.x IS DISTINCT FROM b.x) AS differ
FROM elig_on a JOIN elig_off b USING (id);

-- the batch composition of test/bench/estimate_app.py (line_context per appointment, then the
-- accumulate window over each family and plan), cache on and off
CREATE FUNCTION pg_temp.batch_answer() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT md5(string_agg(b::text, '|' ORDER BY id))
  FROM (SELECT x.id, costshare.accumulate(x.m, x.d, (x.c).allowed, (x.c).terms, (x.c).acc, 250.00)
                   OVER (PARTITION BY (x.c).family_id, (x.c).plan_id ORDER BY x.d, x.id) AS b
          FROM (SELECT r * 10000 + g.id AS id, g.m, g.d, costshare.line_context(g.m, g.d, g.c, g.p, '11') AS c
                  FROM generate_series(1, 2) r, grid g) x
         WHERE (x.c).priceable) s $$;
SET LOCAL costshare.member_cache = off;
SELECT pg_temp.batch_answer() AS uncached_batch \gset
SET LOCAL costshare.member_cache = on;
SELECT pg_temp.batch_answer() = :'uncached_batch' AS batch_same;
SELECT value > 0 AS cache_filled FROM costshare.backend_stats() WHERE counter = 'member_cache_entries';

-- a relcache invalidation of a table (DDL that changes no row) retires the cache: nothing is kept, and
-- the next batch still gives the tables' answers
SET LOCAL costshare.allow_table_ddl = on;
ALTER TABLE costshare.accumulator_ledger ALTER COLUMN category SET STATISTICS 150;
SELECT value AS entries_after_ddl FROM costshare.backend_stats() WHERE counter = 'member_cache_entries';
SELECT pg_temp.batch_answer() = :'uncached_batch' AS batch_same_after_ddl;
ALTER TABLE costshare.accumulator_ledger ALTER COLUMN category SET STATISTICS -1;
RESET costshare.allow_table_ddl;

-- an error in the middle of a batch (an unknown place of service on one row) leaves nothing behind:
-- the next statement gives the tables' answers
SELECT count(x::text) FROM (SELECT costshare.line_context(g.m, g.d, g.c, g.p, CASE WHEN g.id = 300 THEN 'XX' ELSE '11' END) AS x
                             FROM grid g ORDER BY g.id) s;
SELECT pg_temp.batch_answer() = :'uncached_batch' AS batch_same_after_error;

-- 2. an own write in the same transaction: the next statement sees it
SELECT (acc_before).ded_individual_met, deductible, patient_pays FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
SELECT (acc_before).ded_individual_met, deductible, patient_pays FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
SELECT costshare.post_claim_line('MC-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02',
                                 1400.00, 0, 0, 'mh_psychotherapy');
SELECT (acc_before).ded_individual_met, deductible, patient_pays FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);

-- 3. an own write in the same statement: each call of a volatile function runs under a snapshot that
--    sees the line it posted just before (the deductible runs down call by call), cache on and off alike
CREATE FUNCTION pg_temp.post_then_estimate(i integer) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    e costshare.estimate_result;
BEGIN
    PERFORM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    PERFORM costshare.post_claim_line('MC-2-' || i, 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-03',
                                      100.00, 0, 0, 'mh_psychotherapy');
    e := costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    RETURN (e.acc_before).ded_individual_met || ' ' || e.deductible || ' ' || e.patient_pays;
END $$;
SAVEPOINT before_same_statement;
SELECT i, pg_temp.post_then_estimate(i) AS cached FROM generate_series(1, 4) i;
ROLLBACK TO before_same_statement;
SET LOCAL costshare.member_cache = off;
SELECT i, pg_temp.post_then_estimate(i) AS uncached FROM generate_series(1, 4) i;
ROLLBACK TO before_same_statement;
SET LOCAL costshare.member_cache = on;

-- 4. a rolled-back savepoint: its line is gone again (statement by statement, and inside one
--    statement when an exception block rolls back its subtransaction)
SAVEPOINT posting;
SELECT costshare.post_claim_line('MC-3', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-04',
                                 400.00, 0, 0, 'mh_psychotherapy');
SELECT (acc_before).ded_individual_met, deductible, patient_pays FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
ROLLBACK TO posting;
SELECT (acc_before).ded_individual_met, deductible, patient_pays FROM costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
CREATE FUNCTION pg_temp.post_and_fail() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    inside text;
    e costshare.estimate_result;
BEGIN
    e := costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    e := costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    BEGIN
        PERFORM costshare.post_claim_line('MC-4', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-04',
                                          400.00, 0, 0, 'mh_psychotherapy');
        e := costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
        inside := (e.acc_before).ded_individual_met || ' ' || e.deductible || ' ' || e.patient_pays;
        RAISE EXCEPTION 'undo';
    EXCEPTION WHEN raise_exception THEN
        NULL;
    END;
    e := costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    RETURN 'inside: ' || inside || ', after: ' || (e.acc_before).ded_individual_met || ' ' || e.deductible || ' ' || e.patient_pays;
END $$;
SELECT pg_temp.post_and_fail();

-- 5. an enrollment ended in the same transaction: the next coverage answers at once
SELECT status, plan_id FROM costshare.estimate('M-ALVAREZ-2', '2026-03-10', '90837', '1222222223', '11', 250.00);
SELECT status, plan_id FROM costshare.estimate('M-ALVAREZ-2', '2026-03-10', '90837', '1222222223', '11', 250.00);
UPDATE costshare.enrollment SET coverage = daterange(lower(coverage), '2026-01-01')
 WHERE member_id = 'M-ALVAREZ-2' AND plan_id = 'ACME-HDHP';
SELECT status, plan_id FROM costshare.estimate('M-ALVAREZ-2', '2026-03-10', '90837', '1222222223', '11', 250.00);

-- 6. parallel workers run the batch under the leader's snapshot with caches of their own: same answers
SAVEPOINT parallel;
CREATE TABLE public.member_cache_grid AS SELECT * FROM grid;
ANALYZE public.member_cache_grid;
SET LOCAL force_parallel_mode = on;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT md5(string_agg(e::text, '|' ORDER BY g.id))
FROM public.member_cache_grid g, LATERAL costshare.estimate(g.m, g.d, g.c, g.p, '11', 250.00) e;
SELECT md5(string_agg(e::text, '|' ORDER BY g.id)) AS parallel_answers
FROM public.member_cache_grid g, LATERAL costshare.estimate(g.m, g.d, g.c, g.p, '11', 250.00) e \gset
RESET force_parallel_mode;
SET LOCAL max_parallel_workers_per_gather = 0;
SET LOCAL costshare.member_cache = off;
SELECT md5(string_agg(e::text, '|' ORDER BY g.id)) = :'parallel_answers' AS same_answers
FROM public.member_cache_grid g, LATERAL costshare.estimate(g.m, g.d, g.c, g.p, '11', 250.00) e;
ROLLBACK TO parallel;
SET LOCAL costshare.member_cache = on;

-- 7. a bad stored value is reported by the call that reports it without the cache. The family's lines
--    are read (and kept) by calls that do not count the bad one (out of network: the PPO's in-network
--    lines are not credited to its out-of-network bucket); the next call of the same statement, in
--    network, counts it and reports it
SAVEPOINT stored;
SET LOCAL costshare.allow_table_ddl = on;
SET LOCAL search_path = pg_catalog, pg_temp;
ALTER TABLE costshare.accumulator_ledger DISABLE TRIGGER amount_check;
ALTER TABLE costshare.accumulator_ledger DROP CONSTRAINT accumulator_ledger_deductible_range;
INSERT INTO costshare.accumulator_ledger (payer_id, claim_id, claim_version, line_no, status, family_id, member_id, plan_id, bucket, category, service_date, deductible, visits)
VALUES ('ACME', 'MC-BAD', 1, 1, 'final', 'F-ALVAREZ', 'M-ALVAREZ-1', 'ACME-PPO', 'in', 'mh_psychotherapy', '2026-03-05', 'NaN', 1);
ALTER TABLE costshare.accumulator_ledger ENABLE TRIGGER amount_check;
RESET search_path;
CREATE FUNCTION pg_temp.three(p3 text) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(p || ' ' || (e).status || ' ' || coalesce(((e).patient_pays)::text, '-'), ', ' ORDER BY n)
  FROM (SELECT n, p, costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', p, '11', 250.00) AS e
          FROM (VALUES (1, '1555555556'), (2, '1555555556'), (3, p3)) v(n, p)) s $$;
SELECT pg_temp.counter('member_cache_hits') AS h1 \gset
SELECT code, message, detail FROM pg_temp.try($$SELECT pg_temp.three('1222222223')$$);
SELECT pg_temp.counter('member_cache_hits') > :h1 AS third_call_hit;
SET LOCAL costshare.member_cache = off;
SELECT code, message, detail FROM pg_temp.try($$SELECT pg_temp.three('1222222223')$$);
SET LOCAL costshare.member_cache = on;
-- out of network throughout: the bad line never counts, cached or not
SELECT pg_temp.three('1555555556') AS cached;
SET LOCAL costshare.member_cache = off;
SELECT pg_temp.three('1555555556') AS uncached;
SET LOCAL costshare.member_cache = on;
ROLLBACK TO stored;

-- 8. the settings are registered and documented; the cap is at least 1MB
SELECT name, setting, unit, context, vartype, short_desc IS NOT NULL AND short_desc <> '' AS described
FROM pg_settings WHERE name IN ('costshare.member_cache', 'costshare.member_cache_size') ORDER BY name;
SELECT code, message FROM pg_temp.try($$SET LOCAL costshare.member_cache_size = '512kB'$$);

-- 9. one cache at a time, however many snapshots come and go (retired caches are freed)
DO $$
BEGIN
    FOR i IN 1..20 LOOP
        PERFORM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)
        FROM generate_series(1, 3);
        PERFORM costshare.post_claim_line('MC-5-' || i, 1, 1, 'pending', 'M-ALVAREZ-1', 'ACME-PPO', '2026-03-05',
                                          1.00, 0, 0, 'mh_psychotherapy');
    END LOOP;
END $$;
SELECT count(*) <= 2 AS one_cache_kept FROM pg_backend_memory_contexts WHERE name = 'costshare member-data cache';
SELECT counter FROM costshare.backend_stats() WHERE counter LIKE 'member_cache%' ORDER BY 1;

-- 10. a statement still writing: an INSERT ... SELECT writes each row under the command id it started
--     with, below the curcid of the snapshots the volatile function it calls takes row by row, so those
--     snapshots are equal in every field and still see one more own row each time (the rows inserted
--     so far). Each row records what the estimate said of the deductible met: cache on and off alike
--     (the cache counts the backend's WAL records with the snapshot; it used to answer 0 three times)
CREATE FUNCTION pg_temp.met_so_far(i integer) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    e costshare.estimate_result;
BEGIN
    e := costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    e := costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223', '11', 250.00);
    RETURN 'MC-6-' || i || ' met ' || (e.acc_before).ded_individual_met;
END $$;
SAVEPOINT still_writing;
INSERT INTO costshare.accumulator_ledger (payer_id, claim_id, claim_version, line_no, status, family_id, member_id, plan_id, bucket, category, service_date, deductible, visits)
SELECT 'ACME', pg_temp.met_so_far(i), 1, 1, 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'in', 'mh_psychotherapy', '2026-03-05', 100.00, 1
FROM generate_series(1, 3) i;
SELECT claim_id AS cached FROM costshare.accumulator_ledger WHERE claim_id LIKE 'MC-6-%' ORDER BY 1;
ROLLBACK TO still_writing;
SET LOCAL costshare.member_cache = off;
INSERT INTO costshare.accumulator_ledger (payer_id, claim_id, claim_version, line_no, status, family_id, member_id, plan_id, bucket, category, service_date, deductible, visits)
SELECT 'ACME', pg_temp.met_so_far(i), 1, 1, 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'in', 'mh_psychotherapy', '2026-03-05', 100.00, 1
FROM generate_series(1, 3) i;
SELECT claim_id AS uncached FROM costshare.accumulator_ledger WHERE claim_id LIKE 'MC-6-%' ORDER BY 1;
ROLLBACK TO still_writing;
SET LOCAL costshare.member_cache = on;
ROLLBACK;
