-- ===================================================================================================
-- No member data in PostgreSQL's own constraint errors; the append-only tables refuse TRUNCATE
-- ===================================================================================================
-- The row triggers of 1.1 (check_member_row, check_enrollment_row, check_member_references,
-- check_eligibility_member) refuse bad rows about people with clean errors before the constraints
-- run. Races and isolation levels above READ COMMITTED get past any pre-check to PostgreSQL's own
-- unique, exclusion, foreign-key, not-null and check errors, which quote the row ("Key (member_id)=
-- (...) already exists", "Failing row contains (...)"). The library rewrites every such error about a
-- table of this schema before a PL/pgSQL handler, the server log or the client sees it: the detail
-- names table, constraint and key columns but no value, the context keeps no quoted text (COPY lines,
-- SQL statements) and the server log gets no STATEMENT: line for it (src/glue/privacy.c).
--
-- costshare.error_guard fires before every INSERT, UPDATE, DELETE, MERGE or COPY on every table of the
-- extension: calling it loads the library, so the rewriting is in place before any row is written.

CREATE FUNCTION @extschema@.error_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'costshare_error_guard'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.error_guard() IS
    'Statement trigger on every costshare table: loads the library before any row is written, so that PostgreSQL''s own constraint errors on costshare tables (unique, exclusion, foreign key, not null, check) are reported without row values (no member data in errors or logs).';

-- Every table of the extension in its schema, those of 1.0 to 1.2 (a table added later needs the
-- same trigger: sql/error_privacy.sql checks that every table has it)
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN
        SELECT c.relname
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                                     AND d.objid OPERATOR(pg_catalog.=) c.oid
                                     AND d.deptype OPERATOR(pg_catalog.=) 'e'
          JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
         WHERE e.extname OPERATOR(pg_catalog.=) 'costshare'
           AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::"char"[])
           AND c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON %I.%I '
                                  'FOR EACH STATEMENT EXECUTE FUNCTION %I.error_guard()', '@extschema@', t, '@extschema@');
        -- ALWAYS: also under session_replication_role = replica (bulk loads)
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER error_guard', '@extschema@', t);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER error_guard ON %I.%I IS %L', '@extschema@', t,
            'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.');
    END LOOP;
END $$;

-- A payer-reported snapshot with a negative amount is refused by the amount_check trigger of
-- 61_amount_checks.sql (22003, naming the column), before the CHECK constraints could quote the row (a
-- 271 whose remaining deductible or out-of-pocket exceeds its total is refused before, by load_271's
-- check of its figures, naming the segments).

-- ---------------------------------------------------------------------------------------------------
-- TRUNCATE of the append-only tables
-- ---------------------------------------------------------------------------------------------------
-- TRUNCATE skips row triggers, so accumulator_ledger_append_only does not stop it. The ledger and the
-- true-ups that compare estimates with remittances are kept for good: TRUNCATE (also through
-- TRUNCATE member/plan ... CASCADE) is refused unless the maintenance switch
-- costshare.allow_ledger_truncate is on (PGC_SUSET: a superuser, or a role granted SET on the
-- parameter, sets it with SET LOCAL for one transaction); an allowed truncate is written to the log.

CREATE FUNCTION @extschema@.truncate_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'costshare_truncate_guard'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.truncate_guard() IS
    'TRUNCATE trigger on costshare.accumulator_ledger and costshare.claim_trueup: refuses TRUNCATE (also by CASCADE) unless costshare.allow_ledger_truncate is on for the transaction, and logs an allowed one.';

CREATE TRIGGER accumulator_ledger_no_truncate BEFORE TRUNCATE ON @extschema@.accumulator_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.truncate_guard();
CREATE TRIGGER claim_trueup_no_truncate BEFORE TRUNCATE ON @extschema@.claim_trueup
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.truncate_guard();
COMMENT ON TRIGGER accumulator_ledger_no_truncate ON @extschema@.accumulator_ledger IS
    'Refuses TRUNCATE of the append-only ledger unless costshare.allow_ledger_truncate is on.';
COMMENT ON TRIGGER claim_trueup_no_truncate ON @extschema@.claim_trueup IS
    'Refuses TRUNCATE of the append-only true-ups unless costshare.allow_ledger_truncate is on.';
