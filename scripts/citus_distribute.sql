-- scripts/citus_distribute.sql — the Citus layout of doc/citus.md, run on the coordinator with psql:
--   psql -v ON_ERROR_STOP=1 -v tables='appointment,visit_log' -f scripts/citus_distribute.sql
-- `tables` names the practice's own high-volume tables (appointments, visits, claim staging...), each with
-- a text column member_id; they become Citus distributed tables by member_id, colocated with each other.
-- costshare's own tables stay ordinary local tables on the coordinator (Citus refuses to distribute
-- extension members, and the estimate reads them directly): the script checks that and refuses if any of
-- them is a Citus table, and refuses on a worker. Costshare's functions run on the coordinator: read the
-- distributed rows in a MATERIALIZED CTE and call estimate / estimate_many on the result (doc/citus.md).
\set ON_ERROR_STOP on
BEGIN;
DO $check$
DECLARE
    citus_tables text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE EXCEPTION 'the citus extension is not installed in this database'
            USING ERRCODE = '55000', HINT = 'CREATE EXTENSION citus on the coordinator and every worker first.';
    END IF;
    IF (SELECT groupid FROM pg_catalog.pg_dist_local_group) <> 0 THEN
        RAISE EXCEPTION 'this node is a Citus worker'
            USING ERRCODE = '55000', HINT = 'Run scripts/citus_distribute.sql on the coordinator.';
    END IF;
    SELECT pg_catalog.string_agg(c.relname, ', ') INTO citus_tables
    FROM pg_catalog.pg_dist_partition p
    JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_extension e ON e.extname = 'costshare' AND e.extnamespace = n.oid;
    IF citus_tables IS NOT NULL THEN
        RAISE EXCEPTION 'costshare''s tables must stay local on the coordinator; Citus tables in its schema: %', citus_tables
            USING ERRCODE = '55000', HINT = 'undistribute them (undistribute_table) — the estimate refuses to read them (doc/citus.md).';
    END IF;
END
$check$;
SELECT pg_catalog.format('%s distributed by member_id', t) AS distributed,
       create_distributed_table(t, 'member_id', colocate_with => CASE WHEN i = 1 THEN 'default' ELSE first_t END)
FROM (SELECT btrim(t) AS t, i, btrim((pg_catalog.string_to_array(:'tables', ','))[1]) AS first_t
      FROM pg_catalog.unnest(pg_catalog.string_to_array(:'tables', ',')) WITH ORDINALITY AS u(t, i)) s
ORDER BY i;
COMMIT;
