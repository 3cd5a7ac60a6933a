-- Citus (doc/citus.md): on a Citus node the library must be loaded in every session, so that the
-- executor's guard (src/glue/lookup.c, cs_citus_worker_guard) refuses any query that names the
-- extension's tables on a worker — a SQL or PL/pgSQL function of the extension included, which would
-- otherwise read the worker's own copies (empty, or not the coordinator's) without a word. Citus runs
-- this script on every node it propagates the extension to, so each node is checked.
DO $$
DECLARE
    libs text := pg_catalog.lower(pg_catalog.concat_ws(',', pg_catalog.current_setting('shared_preload_libraries', true),
                                                       pg_catalog.current_setting('session_preload_libraries', true)));
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus')
       AND libs !~ '(^|[ ,/"])costshare([ ,"]|$)' THEN
        RAISE EXCEPTION 'costshare needs session_preload_libraries = ''costshare'' on a Citus node'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Citus is installed in this database. costshare refuses queries on its tables on a Citus worker (their copies there are not the coordinator''s), which it can do only in sessions that have loaded its library.',
                  HINT = 'On every node: ALTER SYSTEM SET session_preload_libraries = ''costshare'' (keep any libraries already listed), SELECT pg_reload_conf(); then run this command again (doc/citus.md).';
    END IF;
END $$;
