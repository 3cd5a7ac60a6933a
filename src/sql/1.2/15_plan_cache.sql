-- ===================================================================================================
-- The plan-data version: what lets each backend keep the plan-table rows the estimate reads
-- ===================================================================================================
-- line_context keeps, per backend, the rows of the plan tables (payer, plan, plan_limit, benefit,
-- service_code, place_of_service, provider, network_participation, fee_schedule) that its probes
-- returned. It uses them only when its snapshot sees the same row of plan_data_version as when they
-- were read. Every statement that changes a plan table sets that row to a new number from a sequence,
-- in its own transaction: writers of plan tables serialize on the row, sequence numbers are never
-- reused (not even after a rollback), so one number names one state of all plan tables. See
-- src/glue/lookup.c ("the plan-data cache") and README.md ("The one-call estimate").

CREATE SEQUENCE @extschema@.plan_data_version_seq;
COMMENT ON SEQUENCE @extschema@.plan_data_version_seq IS
    'Numbers for costshare.plan_data_version; never reused, so a number names one state of the plan tables.';

CREATE TABLE @extschema@.plan_data_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL
);
COMMENT ON TABLE @extschema@.plan_data_version IS
    'One row, renumbered by every statement that changes a plan table; estimates keep plan rows per backend only while their snapshot sees the same number. Not user data: not dumped, recreated by CREATE EXTENSION.';
INSERT INTO @extschema@.plan_data_version (version) VALUES (pg_catalog.nextval('@extschema@.plan_data_version_seq'));

CREATE FUNCTION @extschema@.plan_data_changed()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
-- SECURITY DEFINER: whoever may change a plan table may renumber the version, and nothing else
BEGIN
    UPDATE @extschema@.plan_data_version SET version = nextval('@extschema@.plan_data_version_seq');
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION @extschema@.plan_data_changed() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.plan_data_changed() IS
    'Statement trigger on the plan tables: renumbers costshare.plan_data_version, so backends stop using the plan rows they keep.';

-- AFTER ... FOR EACH STATEMENT, also on TRUNCATE; ENABLE ALWAYS so logical replication and
-- session_replication_role = replica renumber too
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['payer', 'plan', 'plan_limit', 'benefit', 'service_code', 'place_of_service',
                             'provider', 'network_participation', 'fee_schedule'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER plan_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION %I.plan_data_changed()', '@extschema@', t, '@extschema@');
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER plan_data_changed', '@extschema@', t);
    END LOOP;
END $$;
