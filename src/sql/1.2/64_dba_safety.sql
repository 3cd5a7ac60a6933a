-- ===================================================================================================
-- A DBA's everyday commands must not lose the practice's data; roles; what is installed and used
-- ===================================================================================================
-- The practice's members, enrollments, ledger and plans live in tables that belong to the extension
-- (pg_extension_config_dump keeps their rows in a dump). Two everyday commands used to lose them:
--   DROP EXTENSION costshare (or DROP SCHEMA costshare CASCADE, or DROP OWNED BY its owner) deleted every
--   row with the extension's code; guard_drop refuses while the tables hold rows a dump would keep,
--   unless the DBA sets costshare.allow_drop_with_data for that transaction.
--   ALTER TABLE on an extension table (a new column, an index, a trigger, a policy) is not in a dump:
--   CREATE EXTENSION recreates the tables on restore, so the restore failed (a column the data has and
--   the table has not) or silently lost the change; guard_table_ddl refuses such changes outside
--   CREATE / ALTER EXTENSION, unless the DBA sets costshare.allow_table_ddl for that transaction.
-- Event triggers need a superuser to create them, which is one reason costshare is not `trusted`
-- (see README.md, "Dropping the extension", "Security and roles").

CREATE FUNCTION @extschema@.version()
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.version() IS
    'The costshare library''s release (from META.json at build time) when it matches the SQL version installed in this database; an error naming both when it does not (after a package upgrade, before ALTER EXTENSION costshare UPDATE).';

CREATE FUNCTION @extschema@.in_extension_script()
RETURNS boolean
AS 'MODULE_PATHNAME', 'costshare_in_extension_script'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.in_extension_script() IS
    'Whether the current statement runs inside CREATE EXTENSION or ALTER EXTENSION (the extension''s own scripts may change its tables).';

-- ---- DROP EXTENSION --------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.practice_data_tables()
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- the extension's tables that hold rows a dump keeps (pg_extension_config_dump's tables, under its
-- conditions: the user's rows of a seed table), as "costshare.member, costshare.enrollment"; NULL when
-- none does. EXISTS per table: no table is counted through.
DECLARE
    cfg oid[];
    cond text[];
    found text[] := '{}';
    has boolean;
BEGIN
    SELECT e.extconfig, e.extcondition INTO cfg, cond FROM pg_catalog.pg_extension e WHERE e.extname = 'costshare';
    FOR i IN 1 .. coalesce(pg_catalog.array_length(cfg, 1), 0) LOOP
        CONTINUE WHEN (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = cfg[i]) IS DISTINCT FROM 'r';
        -- costshare.row_history (1.2, as-of estimates) starts with the seed rows of the tables it follows
        -- and a marker: those are not the practice's (the versions of its own rows are, deleted ones too)
        EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %s %s)', cfg[i]::pg_catalog.regclass,
                                  CASE WHEN cfg[i] OPERATOR(pg_catalog.=) pg_catalog.to_regclass('@extschema@.row_history')
                                       THEN 'WHERE table_name OPERATOR(pg_catalog.<>) '''' AND NOT coalesce((row_data OPERATOR(pg_catalog.->>) ''seed'')::boolean, false)'
                                       ELSE cond[i] END) INTO has;
        IF has THEN
            found := found || cfg[i]::pg_catalog.regclass::text;
        END IF;
    END LOOP;
    RETURN CASE WHEN pg_catalog.cardinality(found) > 0 THEN pg_catalog.array_to_string(found, ', ') END;
END $$;
COMMENT ON FUNCTION @extschema@.practice_data_tables() IS
    'The extension''s tables that hold the practice''s rows (those a dump keeps), comma-separated, or NULL when none does: what DROP EXTENSION costshare would delete.';

CREATE FUNCTION @extschema@.guard_drop()
RETURNS event_trigger
AS 'MODULE_PATHNAME', 'costshare_guard_drop'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.guard_drop() IS
    'Event trigger: refuses DROP EXTENSION costshare, DROP SCHEMA costshare and DROP OWNED BY the extension''s owner while costshare.practice_data_tables() is not NULL, unless costshare.allow_drop_with_data is on.';
REVOKE ALL ON FUNCTION @extschema@.guard_drop() FROM PUBLIC;

CREATE EVENT TRIGGER costshare_guard_drop ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION @extschema@.guard_drop();
COMMENT ON EVENT TRIGGER costshare_guard_drop IS
    'costshare: DROP EXTENSION costshare (and DROP SCHEMA costshare, DROP OWNED BY its owner) is refused while the extension''s tables hold the practice''s rows; SET LOCAL costshare.allow_drop_with_data = on to drop anyway.';

-- ---- changes to the extension's tables -------------------------------------------------------------

CREATE FUNCTION @extschema@.table_ddl_refused(tbl pg_catalog.regclass, what text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'cannot change table %, a table of extension costshare', tbl
        USING ERRCODE = 'feature_not_supported',
        DETAIL = pg_catalog.format('%s would not survive pg_dump / pg_restore: CREATE EXTENSION recreates the extension''s tables as its script defines them, so the restore fails or drops the change.', what),
        HINT = 'Keep your own columns, indexes and triggers on a table of your own that references this one. To change it anyway (a test, a support case), SET LOCAL costshare.allow_table_ddl = on in the same transaction.';
END $$;
COMMENT ON FUNCTION @extschema@.table_ddl_refused(pg_catalog.regclass, text) IS
    'Raises the error of costshare''s table-DDL guard for a table of the extension.';
REVOKE ALL ON FUNCTION @extschema@.table_ddl_refused(pg_catalog.regclass, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.guard_table_ddl()
RETURNS event_trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- ddl_command_end: CREATE / ALTER INDEX, CREATE TRIGGER, CREATE RULE, CREATE / ALTER
-- POLICY on a table of the extension, outside the extension's own scripts
DECLARE
    cmd record;
    rel oid;
BEGIN
    IF @extschema@.in_extension_script()
       OR coalesce(pg_catalog.current_setting('costshare.allow_table_ddl', true), '') IN ('on', 'true', '1') THEN
        RETURN;
    END IF;
    FOR cmd IN SELECT * FROM pg_catalog.pg_event_trigger_ddl_commands() LOOP
        CONTINUE WHEN cmd.in_extension;
        rel := CASE cmd.classid
                 WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN
                     coalesce((SELECT i.indrelid FROM pg_catalog.pg_index i WHERE i.indexrelid = cmd.objid), cmd.objid)
                 WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN
                     (SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE t.oid = cmd.objid)
                 WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN
                     (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = cmd.objid)
                 WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN
                     (SELECT p.polrelid FROM pg_catalog.pg_policy p WHERE p.oid = cmd.objid)
               END;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = rel
                      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
                      AND e.extname = 'costshare') THEN
            PERFORM @extschema@.table_ddl_refused(rel::pg_catalog.regclass, cmd.command_tag);
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.guard_table_ddl() IS
    'Event trigger: refuses changes to the definition of the extension''s tables (columns, indexes, triggers, rules, policies) outside CREATE / ALTER EXTENSION, because a dump does not keep them; costshare.allow_table_ddl = on overrides.';
REVOKE ALL ON FUNCTION @extschema@.guard_table_ddl() FROM PUBLIC;

CREATE EVENT TRIGGER costshare_guard_table_ddl ON ddl_command_end
    WHEN TAG IN ('CREATE INDEX', 'ALTER INDEX', 'CREATE TRIGGER', 'ALTER TRIGGER', 'CREATE RULE',
                 'CREATE POLICY', 'ALTER POLICY')
    EXECUTE FUNCTION @extschema@.guard_table_ddl();
COMMENT ON EVENT TRIGGER costshare_guard_table_ddl IS
    'costshare: changes to the extension''s tables are refused (a dump would not keep them); SET LOCAL costshare.allow_table_ddl = on to change one anyway.';

CREATE FUNCTION @extschema@.guard_table_drop()
RETURNS event_trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- sql_drop: a trigger, rule or policy of an extension table dropped outside the extension's scripts
-- (the ledger's append-only trigger, a member check): CREATE EXTENSION would bring it back on restore
DECLARE
    obj record;
    rel oid;
BEGIN
    IF @extschema@.in_extension_script()
       OR coalesce(pg_catalog.current_setting('costshare.allow_table_ddl', true), '') IN ('on', 'true', '1') THEN
        RETURN;
    END IF;
    FOR obj IN SELECT * FROM pg_catalog.pg_event_trigger_dropped_objects()
                WHERE object_type IN ('trigger', 'rule', 'policy') AND NOT is_temporary LOOP
        rel := pg_catalog.to_regclass(pg_catalog.quote_ident(obj.address_names[1]) || '.' || pg_catalog.quote_ident(obj.address_names[2]));
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = rel
                      AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
                      AND e.extname = 'costshare') THEN
            PERFORM @extschema@.table_ddl_refused(rel::pg_catalog.regclass, 'dropping ' || obj.object_type || ' ' || obj.object_identity);
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.guard_table_drop() IS
    'Event trigger: refuses dropping a trigger, rule or policy of the extension''s tables outside CREATE / ALTER EXTENSION (a restore would bring it back); costshare.allow_table_ddl = on overrides.';
REVOKE ALL ON FUNCTION @extschema@.guard_table_drop() FROM PUBLIC;

CREATE FUNCTION @extschema@.guard_alter_table()
RETURNS event_trigger
AS 'MODULE_PATHNAME', 'costshare_guard_alter_table'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.guard_alter_table() IS
    'Event trigger: refuses ALTER TABLE on the extension''s tables (columns, constraints, row-level security, storage settings, renames) outside CREATE / ALTER EXTENSION, because a dump does not keep them; enabling or disabling triggers is allowed (pg_restore --disable-triggers); costshare.allow_table_ddl = on overrides.';
REVOKE ALL ON FUNCTION @extschema@.guard_alter_table() FROM PUBLIC;

-- at ddl_command_start, where the statement's subcommands can be seen (in C)
CREATE EVENT TRIGGER costshare_guard_alter_table ON ddl_command_start
    WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION @extschema@.guard_alter_table();
COMMENT ON EVENT TRIGGER costshare_guard_alter_table IS
    'costshare: ALTER TABLE on the extension''s tables is refused (a dump would not keep it), except enabling or disabling triggers; SET LOCAL costshare.allow_table_ddl = on to change one anyway.';

CREATE EVENT TRIGGER costshare_guard_table_drop ON sql_drop
    WHEN TAG IN ('DROP TRIGGER', 'DROP RULE', 'DROP POLICY')
    EXECUTE FUNCTION @extschema@.guard_table_drop();
COMMENT ON EVENT TRIGGER costshare_guard_table_drop IS
    'costshare: dropping a trigger, rule or policy of the extension''s tables is refused (a restore would bring it back); SET LOCAL costshare.allow_table_ddl = on to drop one anyway.';

-- ---- roles -----------------------------------------------------------------------------------------
-- Roles are cluster-wide: created here when missing (another database may have made them; pg_dump
-- does not dump roles, and CREATE EXTENSION on restore makes them again), never altered or dropped.
--   costshare_estimator  runs estimate, estimate_many, eligibility, explain, line_context, accumulators,
--                        fhir_estimate without SELECT on the member tables: the C lookups accept its
--                        members (src/glue/lookup.c); it reads the plan tables (prices, not people)
--   costshare_loader     loads 271 / 835 interchanges and the Medicare CSV files
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['costshare_estimator', 'costshare_loader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;   -- made meanwhile by CREATE EXTENSION in another database
            END;
        END IF;
    END LOOP;
END $$;

-- fhir_eligibility_response reads the member and their enrollments through these, which check rights
-- as the estimate does (SELECT on the table, or costshare_estimator) and read one member's rows only
CREATE FUNCTION @extschema@.member_enrollments(member text)
RETURNS SETOF @extschema@.enrollment
AS 'MODULE_PATHNAME', 'costshare_member_enrollments'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.member_enrollments(text) IS
    'The member''s enrollments (whole rows), read by index probe: callable with SELECT on costshare.enrollment or as a member of costshare_estimator, and about the member named only.';

CREATE FUNCTION @extschema@.member_known(member text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'costshare_member_known'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.member_known(text) IS
    'Whether the member is on file: callable with SELECT on costshare.member or as a member of costshare_estimator.';

CREATE FUNCTION @extschema@.member_cob_positions(member text, service_date date,
                                                 OUT enrollment_id bigint, OUT cob_position integer)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'costshare_member_cob_positions'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.member_cob_positions(text, date) IS
    'The member''s coverages active on the date in coordination-of-benefits order (1 = primary), as costshare.cob_key orders them; positions only, so the subscriber''s birth date (the birthday rule) is not shown. Same rights as the estimate.';

GRANT USAGE ON SCHEMA @extschema@ TO costshare_estimator, costshare_loader;
GRANT SELECT ON @extschema@.payer, @extschema@.plan, @extschema@.plan_limit, @extschema@.benefit,
                @extschema@.service_code, @extschema@.place_of_service, @extschema@.credential,
                @extschema@.provider, @extschema@.network_participation, @extschema@.fee_schedule
    TO costshare_estimator, costshare_loader;
-- (prior_auth: post_835 routes each line through the estimate's line context, which reads the
-- member's authorizations when the benefit requires one)
GRANT SELECT ON @extschema@.member, @extschema@.enrollment, @extschema@.accumulator_ledger,
                @extschema@.x12_load, @extschema@.eligibility_benefit, @extschema@.eligibility_rejection,
                @extschema@.claim_trueup, @extschema@.prior_auth
    TO costshare_loader;
GRANT INSERT ON @extschema@.x12_load, @extschema@.eligibility_benefit, @extschema@.eligibility_rejection,
                @extschema@.claim_trueup, @extschema@.accumulator_ledger
    TO costshare_loader;
-- a 271 sets the accumulators it reports (ON CONFLICT DO UPDATE: same day, same payer, newer figures)
GRANT SELECT, INSERT, UPDATE ON @extschema@.accumulator_snapshot TO costshare_loader;
-- the 271 / 835 loads lock the members they name (FOR KEY SHARE, so a concurrent delete waits) through
-- costshare.lock_members, which takes the lock with its owner's rights: the loader needs no UPDATE on member
GRANT EXECUTE ON FUNCTION @extschema@.lock_members(text[]) TO costshare_loader;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.medicare_conversion_factor, @extschema@.medicare_rvu,
                @extschema@.medicare_gpci, @extschema@.medicare_locality
    TO costshare_loader;

-- ---- what this backend did, and the last loads -----------------------------------------------------

CREATE FUNCTION @extschema@.backend_stats(OUT counter text, OUT value bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'costshare_backend_stats'
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.backend_stats() IS
    'This backend''s counters: estimate / line_context / accumulators calls, plan-data cache hits, misses, resets, entries, bytes and the plan-data version it holds.';

CREATE VIEW @extschema@.stats AS
    SELECT 'backend'::text AS source, b.counter AS name, b.value, NULL::timestamptz AS last_at
      FROM @extschema@.backend_stats() b
    UNION ALL
    SELECT 'pg_stat_user_functions', f.funcname::text, f.calls, NULL
      FROM pg_catalog.pg_stat_user_functions f
     WHERE f.schemaname OPERATOR(pg_catalog.=) '@extschema@'
    UNION ALL
    SELECT 'x12_load', 'loads_' OPERATOR(pg_catalog.||) l.kind, pg_catalog.count(*), pg_catalog.max(l.loaded_at)
      FROM @extschema@.x12_load l
     GROUP BY l.kind
    UNION ALL
    SELECT 'x12_load', 'last_records_' OPERATOR(pg_catalog.||) x.kind, x.records, x.loaded_at
      FROM (SELECT DISTINCT ON (l.kind) l.kind, l.records, l.loaded_at
              FROM @extschema@.x12_load l
             ORDER BY l.kind, l.loaded_at DESC) x;
COMMENT ON VIEW @extschema@.stats IS
    'What costshare did: this backend''s call counts and plan-data cache (source backend), the database''s function calls (pg_stat_user_functions, with track_functions = pl or all) and the 271 / 835 interchanges loaded (count, last load time and its records). No member data.';
COMMENT ON COLUMN @extschema@.stats.source IS 'backend (this session), pg_stat_user_functions (this database) or x12_load (the costshare.x12_load table).';
COMMENT ON COLUMN @extschema@.stats.name IS 'The counter: estimate_calls, plan_cache_hits, ...; a function name; loads_271, last_records_835, ...';
COMMENT ON COLUMN @extschema@.stats.value IS 'The count (bytes for plan_cache_bytes).';
COMMENT ON COLUMN @extschema@.stats.last_at IS 'For x12_load rows: when the last interchange of that kind was loaded.';
GRANT SELECT ON @extschema@.stats TO costshare_estimator, costshare_loader;

-- The guards also fire under session_replication_role = replica (bulk loads, replication tools)
ALTER EVENT TRIGGER costshare_guard_drop ENABLE ALWAYS;
ALTER EVENT TRIGGER costshare_guard_alter_table ENABLE ALWAYS;
ALTER EVENT TRIGGER costshare_guard_table_ddl ENABLE ALWAYS;
ALTER EVENT TRIGGER costshare_guard_table_drop ENABLE ALWAYS;
