-- labels: what the catalog says about the extension's objects, and that the labels are true:
-- every function labelled by the policy below, every object commented, every function usable under an
-- empty search_path, and adjudicate evaluated by parallel workers with the same result as serially.

SET datestyle = 'ISO, YMD';

-- Every function and aggregate of the extension, with its kind, volatility and parallel label.
SELECT p.oid::regprocedure AS function, p.prokind, p.provolatile, p.proparallel
FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e'
ORDER BY p.proname, p.pronargs, p.oid::regprocedure::text;
-- The labelling policy: functions that read no table are IMMUTABLE; functions that read the plan
-- tables, the explanations (their text depends on the ICU library's locale data) and icu_version
-- (which changes with the ICU library the server loads) are STABLE; only writers (the ledger writer,
-- the loaders, the triggers, the identity index rebuild) are VOLATILE and PARALLEL UNSAFE; every other
-- function is PARALLEL SAFE. No row below means every function follows it.
-- name_key, member_id_key and match_score are IMMUTABLE although they depend on the ICU version: the
-- obligation that comes with it (rebuild their indexes after an ICU upgrade) is in doc/identity.md.
SELECT p.oid::regprocedure AS breaks_policy, p.provolatile, p.proparallel
FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e'
  AND (p.provolatile, p.proparallel) IS DISTINCT FROM (
        CASE WHEN p.proname IN ('post_claim_line', 'post_835', 'ledger_append_only', 'seed_rows_read_only', 'check_member_row', 'check_enrollment_row',
                           'check_eligibility_member', 'check_member_references', 'reindex_identity', 'plan_data_changed',
                           'estimate_many_query', 'estimate_many_query_run', 'lock_members',
                           'check_amounts', 'clear_superseded_amounts',
                           'guard_drop', 'guard_alter_table', 'guard_table_ddl', 'guard_table_drop', 'table_ddl_refused', 'backend_stats',
                           'log_estimate') OR p.proname LIKE 'load\_%'
                        -- the as-of estimate fills temporary tables: estimate(..., as_of) and estimate(log_id)
                        OR (p.proname = 'estimate' AND (p.pronargs = 1
                            OR 'pg_catalog.timestamptz'::pg_catalog.regtype = ANY (p.proargtypes::pg_catalog.oid[])))
                        OR p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype THEN 'v'
             WHEN p.proname IN ('accumulators', 'allowed_amount', 'eligibility', 'estimate', 'estimate_271', 'estimate_271_after', 'estimate_after', 'estimate_plan', 'coordinate_second', 'coordinate_third', 'estimate_many',
                                'estimate_many_checked', 'estimate_many_failed',
                                'line_context', 'medicare_allowed', 'medicare_price', 'x12_attach_member', 'x12_payer',
                                'explain', 'explain_locale', 'fhir_eligibility_response', 'fhir_estimate',
                                'match_member', 'match_candidates', 'identity_icu_check', 'icu_version',
                                'check_stored_amounts', 'version', 'in_extension_script', 'practice_data_tables', 'member_enrollments',
                                'member_known', 'member_cob_positions', 'gfe_notices', 'good_faith_estimate', 'estimate_in_table_set', 'explain_estimate_change',
                                'history_key', 'history_start', 'parity_check', 'remittance_allowed', 'source_policy_prefers_271') THEN 's'
             ELSE 'i' END,
        CASE WHEN p.proname IN ('post_claim_line', 'post_835', 'ledger_append_only', 'seed_rows_read_only', 'check_member_row', 'check_enrollment_row',
                           'check_eligibility_member', 'check_member_references', 'reindex_identity', 'plan_data_changed',
                           'estimate_many_query', 'estimate_many_query_run', 'lock_members',
                           'check_amounts', 'clear_superseded_amounts',
                           'guard_drop', 'guard_alter_table', 'guard_table_ddl', 'guard_table_drop', 'table_ddl_refused',
                           'log_estimate') OR p.proname LIKE 'load\_%'
                        OR (p.proname = 'estimate' AND (p.pronargs = 1
                            OR 'pg_catalog.timestamptz'::pg_catalog.regtype = ANY (p.proargtypes::pg_catalog.oid[])))
                        OR p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype THEN 'u'
             -- estimate_many runs its batch in a subtransaction (to keep a family whose stored data fails
             -- from failing the others), which no parallel operation may start
             WHEN p.proname = 'estimate_many' THEN 'u'
             -- per-backend counters, and the leader's "inside CREATE EXTENSION" (a worker's is always false)
             WHEN p.proname IN ('backend_stats', 'in_extension_script') THEN 'r'
             ELSE 's' END)
ORDER BY 1;
-- Table readers are written in SQL or PL/pgSQL with a fixed search_path or only qualified names.
SELECT count(*) AS functions,
       count(*) FILTER (WHERE p.provolatile = 'i') AS immutable,
       count(*) FILTER (WHERE p.provolatile = 's') AS stable,
       count(*) FILTER (WHERE p.provolatile = 'v') AS volatile
FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e';

-- Every member object of the extension has a COMMENT: no row below.
SELECT pg_describe_object(d.classid, d.objid, 0) AS without_comment
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e'
  AND NOT EXISTS (SELECT 1 FROM pg_description c
                  WHERE c.classoid = d.classid AND c.objoid = d.objid AND c.objsubid = 0
                    AND c.description <> '')
ORDER BY 1;
-- ... out of this many objects (functions, aggregates, types), and the extension itself is commented.
SELECT count(*) AS objects,
       obj_description((SELECT oid FROM pg_extension WHERE extname = 'costshare'), 'pg_extension') IS NOT NULL
           AS extension_commented
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND d.deptype = 'e';

-- Everything works under an empty search_path (schema-qualified names only).
SET search_path = '';
SELECT (costshare.adjudicate(100, costshare.terms(copay => 10, coinsurance => 0.2, ded_individual => 50),
                             costshare.accum(ded_individual_met => 20), 120)).*;
SELECT line_id, (costshare.accumulate('A', date '2025-01-01' + line_id, 100.00,
                                      costshare.terms(ded_individual => 150), costshare.accum(), 110.00)
                     OVER (ORDER BY line_id)).deductible
FROM pg_catalog.generate_series(1, 3) AS line_id ORDER BY line_id;
SELECT costshare.benefit_period('2025-03-01', '2024-02-29');
RESET search_path;

-- Parallel workers: the labels let the planner hand adjudicate to workers, and they agree with the
-- serial result (and with the arithmetic: 20% after a 100 deductible of which met is already used).
CREATE TABLE par AS
SELECT g AS id, (g % 50000) / 100.0 + 0.01 AS allowed, (g % 7) * 20.00 AS met,
       (ARRAY[0, 0.1, 0.2, 0.333333])[1 + g % 4]::numeric AS p
FROM generate_series(1, 100000) AS g;
ANALYZE par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT sum((costshare.adjudicate(allowed, costshare.terms(coinsurance => 0.2, ded_individual => 100),
                                 costshare.accum(ded_individual_met => met))).patient_pays)
FROM par;
-- Workers were really launched for it.
CREATE FUNCTION pg_temp.workers_launched(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) ' || q INTO plan;
    RETURN (SELECT max((n->>'Workers Launched')::int)
            FROM json_array_elements(plan->0->'Plan'->'Plans') AS n);
END
$$;
SELECT pg_temp.workers_launched($$
    SELECT sum((costshare.adjudicate(allowed, costshare.terms(coinsurance => 0.2, ded_individual => 100),
                                     costshare.accum(ded_individual_met => met))).patient_pays)
    FROM par$$) > 0 AS workers_launched;
CREATE TEMP TABLE par_result AS
SELECT 'parallel' AS run,
       sum((costshare.adjudicate(allowed, costshare.terms(coinsurance => 0.2, ded_individual => 100),
                                 costshare.accum(ded_individual_met => met))).patient_pays) AS fixed_terms,
       sum((costshare.adjudicate(allowed, costshare.terms(coinsurance => p, copay => 5),
                                 NULL, allowed + 10)).plan_pays) AS terms_per_row,
       count(*) AS lines
FROM par;
SET max_parallel_workers_per_gather = 0;
INSERT INTO par_result
SELECT 'serial',
       sum((costshare.adjudicate(allowed, costshare.terms(coinsurance => 0.2, ded_individual => 100),
                                 costshare.accum(ded_individual_met => met))).patient_pays),
       sum((costshare.adjudicate(allowed, costshare.terms(coinsurance => p, copay => 5),
                                 NULL, allowed + 10)).plan_pays),
       count(*)
FROM par;
-- The arithmetic of the first sum: ded = min(allowed, 100 - met); coinsurance = round(0.2 * rest).
INSERT INTO par_result
SELECT 'arithmetic',
       round(sum(least(allowed, greatest(100 - met, 0))
                 + round(0.2 * (allowed - least(allowed, greatest(100 - met, 0))), 2)), 2),
       round(sum(allowed - least(5, allowed) - round(p * (allowed - least(5, allowed)), 2)), 2),
       count(*)
FROM par;
SELECT run, fixed_terms, terms_per_row, lines FROM par_result ORDER BY run;
SELECT count(DISTINCT (fixed_terms, terms_per_row, lines)) = 1 AS all_agree FROM par_result;
-- The window function over a parallel scan (the scan in workers, accumulate in the leader) gives the
-- serial results.
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT id, costshare.accumulate('m' || (id % 3), date '2025-01-01' + (id % 365), allowed,
                                costshare.terms(ded_individual => 500, coinsurance => 0.2,
                                                oop_individual => 3000))
           OVER (PARTITION BY id % 100 ORDER BY id % 365, id) AS r
FROM par;
CREATE TEMP TABLE win_par AS
SELECT id, costshare.accumulate('m' || (id % 3), date '2025-01-01' + (id % 365), allowed,
                                costshare.terms(ded_individual => 500, coinsurance => 0.2,
                                                oop_individual => 3000))
           OVER (PARTITION BY id % 100 ORDER BY id % 365, id) AS r
FROM par;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS lines, count(*) FILTER (WHERE s.r IS DISTINCT FROM w.r) AS differ
FROM win_par w
JOIN (SELECT id, costshare.accumulate('m' || (id % 3), date '2025-01-01' + (id % 365), allowed,
                                      costshare.terms(ded_individual => 500, coinsurance => 0.2,
                                                      oop_individual => 3000))
                     OVER (PARTITION BY id % 100 ORDER BY id % 365, id) AS r
      FROM par) s USING (id);
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE par;
