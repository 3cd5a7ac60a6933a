-- ===================================================================================================
-- As-of: every estimate given to a patient can be reproduced and explained later (issue 14)
-- ===================================================================================================
-- Mechanism (notes/asof.md): system-time history. Each table the estimate reads, except the ledger, is
-- listed in costshare.history_tables(); statement triggers with transition tables write every row
-- version into costshare.row_history with its validity range (clock time of the writing statement).
-- The ledger is append-only with recorded_at, so it needs no history. costshare.estimate(..., as_of)
-- copies the rows valid at as_of into session temporary tables of the same names and indexes and runs
-- the same C estimate over them (costshare.estimate_in_table_set, src/glue/asof.c): same lookups, same
-- rules, same engine. Adding a table is one line in history_tables().

CREATE FUNCTION @extschema@.history_tables()
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT ARRAY['payer', 'plan', 'plan_limit', 'benefit', 'service_code', 'place_of_service', 'provider',
             'network_participation', 'fee_schedule', 'member', 'enrollment', 'prior_auth',
             'accumulator_snapshot',
             'eligibility_benefit', 'benefit_source_policy',
             'medicare_conversion_factor', 'medicare_rvu', 'medicare_gpci', 'medicare_locality']::text[]
$$;
COMMENT ON FUNCTION @extschema@.history_tables() IS
    'The costshare tables whose row versions costshare.row_history keeps (everything the estimate reads except the append-only ledger); a new table is one more name here. The Medicare tables are kept so that an as-of estimate priced from Medicare data can tell whether that data changed since (it then refuses).';

-- Bulk-loaded, append-mostly tables date their rows themselves (a recorded_at column, and a one-column
-- primary key): an insert writes no version into row_history (load_271 writes tens of thousands of
-- eligibility_benefit rows per 271: copying each as a version took longer than the rest of the load, and
-- as much space again). A row's versions are recorded when it is first updated or deleted (its version
-- until then from recorded_at) and after that as for any tracked table; a TRUNCATE records the rows first.
-- The rows valid at a time are then the versions valid then plus the rows recorded by then that have
-- no version at all.
CREATE FUNCTION @extschema@.history_dated_tables()
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT ARRAY['eligibility_benefit']::text[]
$$;
COMMENT ON FUNCTION @extschema@.history_dated_tables() IS
    'The tables of costshare.history_tables() whose inserted rows are dated by their own recorded_at column instead of a version in costshare.row_history (bulk-loaded, rarely changed: eligibility_benefit); their updated, deleted and truncated rows get versions as usual.';

CREATE TABLE @extschema@.row_history (
    table_name text NOT NULL,
    row_data   jsonb NOT NULL,
    valid      tstzrange NOT NULL CHECK (NOT pg_catalog.isempty(valid) OR pg_catalog.lower(valid) IS NOT NULL)
);
COMMENT ON TABLE @extschema@.row_history IS
    'System-time history of the tables in costshare.history_tables(): every row version with the range of clock time it was current (upper bound open: current). The row with table_name '''' marks when the history starts.';
COMMENT ON COLUMN @extschema@.row_history.table_name IS 'The costshare table the row belongs to ('''' for the marker of the start of the history).';
COMMENT ON COLUMN @extschema@.row_history.row_data IS 'The row, as to_jsonb of the table''s row type.';
COMMENT ON COLUMN @extschema@.row_history.valid IS 'When the row version was current: from the statement that wrote it to the statement that replaced or deleted it.';
-- keyed by the 64-bit hash of the jsonb value itself: md5 of the jsonb's text cost three to four times
-- as much, once to probe and once more to index each version. A lookup then compares the rows, as
-- jsonb and as text (as the md5 of the text did: 1.0 and 1.00 are equal jsonb, not the same version)
CREATE INDEX row_history_open ON @extschema@.row_history (table_name, (pg_catalog.jsonb_hash_extended(row_data, 0)))
    WHERE pg_catalog.upper_inf(valid);
COMMENT ON INDEX @extschema@.row_history_open IS 'The current version of a row, found by its contents when it is updated or deleted.';
CREATE INDEX row_history_from ON @extschema@.row_history (table_name, (pg_catalog.lower(valid)));
COMMENT ON INDEX @extschema@.row_history_from IS 'Row versions of a table by the time they became current (the as-of copy and the explanation).';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.row_history', '');

CREATE FUNCTION @extschema@.history_record()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- every lookup below goes through the index of current versions, one probe per row written: with
-- statistics from before a bulk load the planner would otherwise scan (or hash) the whole history for
-- each statement; and JIT compiling of these short queries costs more than it saves
SET enable_seqscan = off
SET jit = off
AS $$
-- SECURITY DEFINER: whoever may change a tracked table writes its history, and nothing else
DECLARE
    at timestamptz := clock_timestamp();
    -- the table name as text of the default collation, as row_history_open keys it (TG_TABLE_NAME is a
    -- name, of collation "C": compared with it, the index would serve its hash column only)
    v_table text := TG_TABLE_NAME;
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        -- TRUNCATE of a dated table (costshare.history_dated_tables()): its rows that have no version yet
        -- get one, current from their recorded_at, which the AFTER TRUNCATE trigger then closes
        EXECUTE pg_catalog.format(
            'INSERT INTO %I.row_history (table_name, row_data, valid) '
            'SELECT $1, n.r, pg_catalog.tstzrange(LEAST((n.r OPERATOR(pg_catalog.->>) ''recorded_at'')::pg_catalog.timestamptz, $2), NULL) '
            'FROM (SELECT pg_catalog.to_jsonb(x) AS r FROM %I.%I x OFFSET 0) n '
            'WHERE NOT EXISTS (SELECT 1 FROM %I.row_history h '
            'WHERE h.table_name OPERATOR(pg_catalog.=) $1 AND pg_catalog.upper_inf(h.valid) '
            'AND pg_catalog.jsonb_hash_extended(h.row_data, 0) OPERATOR(pg_catalog.=) pg_catalog.jsonb_hash_extended(n.r, 0) '
            'AND h.row_data OPERATOR(pg_catalog.=) n.r AND h.row_data::text OPERATOR(pg_catalog.=) n.r::text OFFSET 0)',
            '@extschema@', TG_TABLE_SCHEMA, TG_TABLE_NAME, '@extschema@') USING v_table, at;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND v_table = ANY (@extschema@.history_dated_tables()) THEN
        -- a dated table's row changed for the first time: its version until now, from its recorded_at
        -- (a row written and changed within the same microsecond was never current: no version)
        INSERT INTO @extschema@.row_history (table_name, row_data, valid)
        SELECT v_table, o.r, tstzrange((o.r->>'recorded_at')::timestamptz, at)
          FROM (SELECT to_jsonb(x) AS r FROM old_rows x OFFSET 0) o
         WHERE (o.r->>'recorded_at')::timestamptz < at
           AND NOT EXISTS (SELECT 1 FROM @extschema@.row_history h
                            WHERE h.table_name = v_table AND upper_inf(h.valid)
                              AND jsonb_hash_extended(h.row_data, 0) = jsonb_hash_extended(o.r, 0)
                              AND h.row_data = o.r AND h.row_data::text = o.r::text
                           OFFSET 0);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE @extschema@.row_history h SET valid = tstzrange(lower(h.valid), greatest(lower(h.valid), at))
          FROM (SELECT to_jsonb(o) AS r FROM old_rows o) o
         WHERE h.table_name = v_table AND upper_inf(h.valid)
           AND jsonb_hash_extended(h.row_data, 0) = jsonb_hash_extended(o.r, 0)
           AND h.row_data = o.r AND h.row_data::text = o.r::text;
    ELSIF TG_OP = 'TRUNCATE' THEN
        UPDATE @extschema@.row_history h SET valid = tstzrange(lower(h.valid), greatest(lower(h.valid), at))
         WHERE h.table_name = v_table AND upper_inf(h.valid);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- a version already current is not recorded twice (a restore writes the rows of its dump again);
        -- each row's jsonb is made once (OFFSET 0 keeps the subquery from being flattened into the
        -- three expressions that use it) and looked up by one index probe (OFFSET 0 keeps the NOT EXISTS
        -- a per-row subplan instead of a hash of every current version of the table). The versions this
        -- statement writes (from at) are not candidates: said in the query, an index on lower(valid) skips
        -- them without visiting each (with statistics that know few rows of the table, the planner may
        -- probe row_history_from, which would otherwise meet every row inserted so far, once per row)
        INSERT INTO @extschema@.row_history (table_name, row_data, valid)
        SELECT v_table, n.r, tstzrange(at, NULL)
          FROM (SELECT to_jsonb(x) AS r FROM new_rows x OFFSET 0) n
         WHERE NOT EXISTS (SELECT 1 FROM @extschema@.row_history h
                            WHERE h.table_name = v_table AND upper_inf(h.valid) AND lower(h.valid) < at
                              AND jsonb_hash_extended(h.row_data, 0) = jsonb_hash_extended(n.r, 0)
                              AND h.row_data = n.r AND h.row_data::text = n.r::text
                           OFFSET 0);
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION @extschema@.history_record() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.history_record() IS
    'Statement trigger on the tables of costshare.history_tables(): closes the current versions of updated and deleted rows and records the new ones in costshare.row_history.';

-- A restore (pg_dump keeps row_history) loads the dumped versions after CREATE EXTENSION has recorded
-- its own seed rows, and in any order with the tracked tables, whose rows the history triggers record
-- again at restore time. A current version loaded directly (not by history_record) replaces an identical
-- current version recorded later, and is dropped when one was recorded earlier: the restored history
-- is the dumped one.
CREATE FUNCTION @extschema@.history_merge()
RETURNS trigger
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF upper_inf(NEW.valid) THEN
        DELETE FROM @extschema@.row_history h
         WHERE h.table_name = NEW.table_name AND upper_inf(h.valid)
           AND jsonb_hash_extended(h.row_data, 0) = jsonb_hash_extended(NEW.row_data, 0)
           AND h.row_data = NEW.row_data AND h.row_data::text = NEW.row_data::text
           AND lower(h.valid) >= lower(NEW.valid);
        IF EXISTS (SELECT 1 FROM @extschema@.row_history h
                    WHERE h.table_name = NEW.table_name AND upper_inf(h.valid)
                      AND jsonb_hash_extended(h.row_data, 0) = jsonb_hash_extended(NEW.row_data, 0)
           AND h.row_data = NEW.row_data AND h.row_data::text = NEW.row_data::text) THEN
            RETURN NULL;
        END IF;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.history_merge() IS
    'Row trigger on costshare.row_history for rows written directly (a restore): an identical current version is kept once, with its earliest start.';
-- WHEN: the versions history_record writes (trigger depth 1) skip it
CREATE TRIGGER history_merge BEFORE INSERT ON @extschema@.row_history
    FOR EACH ROW WHEN (pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.=) 0) EXECUTE FUNCTION @extschema@.history_merge();
COMMENT ON TRIGGER history_merge ON @extschema@.row_history IS
    'Keeps one current version of a row when a restore loads the dumped history next to the versions it recorded itself.';

-- three triggers per table: transition tables allow one event per trigger; ENABLE ALWAYS so that
-- replication and session_replication_role = replica keep the history too
DO $$
DECLARE
    t text;
    at timestamptz := clock_timestamp();
BEGIN
    INSERT INTO @extschema@.row_history (table_name, row_data, valid) VALUES ('', '{}', tstzrange(at, NULL));
    FOREACH t IN ARRAY @extschema@.history_tables() LOOP
        IF t OPERATOR(pg_catalog.=) ANY (@extschema@.history_dated_tables()) THEN
            -- rows dated by their recorded_at: no version per insert; a TRUNCATE records them first
            EXECUTE pg_catalog.format('CREATE TRIGGER history_truncate_before BEFORE TRUNCATE ON %I.%I '
                                      'FOR EACH STATEMENT EXECUTE FUNCTION %I.history_record()', '@extschema@', t, '@extschema@');
            EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER history_truncate_before', '@extschema@', t);
        ELSE
            EXECUTE pg_catalog.format('INSERT INTO %I.row_history (table_name, row_data, valid) '
                                      'SELECT %L, pg_catalog.to_jsonb(x), pg_catalog.tstzrange(%L, NULL) FROM %I.%I x',
                                      '@extschema@', t, at, '@extschema@', t);
            EXECUTE pg_catalog.format('CREATE TRIGGER history_insert AFTER INSERT ON %I.%I REFERENCING NEW TABLE AS new_rows '
                                      'FOR EACH STATEMENT EXECUTE FUNCTION %I.history_record()', '@extschema@', t, '@extschema@');
            EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER history_insert', '@extschema@', t);
        END IF;
        EXECUTE pg_catalog.format('CREATE TRIGGER history_update AFTER UPDATE ON %I.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                                  'FOR EACH STATEMENT EXECUTE FUNCTION %I.history_record()', '@extschema@', t, '@extschema@');
        EXECUTE pg_catalog.format('CREATE TRIGGER history_delete AFTER DELETE ON %I.%I REFERENCING OLD TABLE AS old_rows '
                                  'FOR EACH STATEMENT EXECUTE FUNCTION %I.history_record()', '@extschema@', t, '@extschema@');
        EXECUTE pg_catalog.format('CREATE TRIGGER history_truncate AFTER TRUNCATE ON %I.%I '
                                  'FOR EACH STATEMENT EXECUTE FUNCTION %I.history_record()', '@extschema@', t, '@extschema@');
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER history_update', '@extschema@', t);
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER history_delete', '@extschema@', t);
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER history_truncate', '@extschema@', t);
    END LOOP;
END $$;

CREATE FUNCTION @extschema@.history_start()
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT min(lower(h.valid)) FROM @extschema@.row_history h WHERE h.table_name = ''
$$;
COMMENT ON FUNCTION @extschema@.history_start() IS
    'When costshare.row_history starts (the extension''s install or update to 1.2): the earliest time an as-of estimate can be made.';

-- ---- the estimate log ------------------------------------------------------------------------------

CREATE TABLE @extschema@.estimate_log (
    log_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    logged_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    logged_by         name NOT NULL DEFAULT current_user,
    member_id         text NOT NULL,
    service_date      date NOT NULL,
    service_code      text NOT NULL,
    provider_id       text,
    place_of_service  text,
    billed            numeric,
    claim_id          text,
    plan_data_version bigint NOT NULL,
    result            @extschema@.estimate_result NOT NULL,
    nsa_protected     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.estimate_log IS
    'Append-only log of the estimates given to patients: the inputs, the result, the plan-data version and the time (the as-of time for costshare.estimate(..., as_of)).';
COMMENT ON COLUMN @extschema@.estimate_log.log_id IS 'Identity of the logged estimate.';
COMMENT ON COLUMN @extschema@.estimate_log.logged_at IS 'When the estimate was made: its as-of time.';
COMMENT ON COLUMN @extschema@.estimate_log.logged_by IS 'The role that logged it.';
COMMENT ON COLUMN @extschema@.estimate_log.member_id IS 'The member estimated for.';
COMMENT ON COLUMN @extschema@.estimate_log.service_date IS 'The date of service.';
COMMENT ON COLUMN @extschema@.estimate_log.service_code IS 'The service code (CPT/HCPCS).';
COMMENT ON COLUMN @extschema@.estimate_log.provider_id IS 'The rendering provider, if given.';
COMMENT ON COLUMN @extschema@.estimate_log.place_of_service IS 'The place of service.';
COMMENT ON COLUMN @extschema@.estimate_log.billed IS 'The billed amount, if given.';
COMMENT ON COLUMN @extschema@.estimate_log.claim_id IS 'The claim the booking will be billed under, if known (links the estimate to the 835''s outcome).';
COMMENT ON COLUMN @extschema@.estimate_log.plan_data_version IS 'costshare.plan_data_version when the estimate was made.';
COMMENT ON COLUMN @extschema@.estimate_log.result IS 'The estimate as given.';
COMMENT ON COLUMN @extschema@.estimate_log.nsa_protected IS
    'The line was estimated as protected by the No Surprises Act (costshare.estimate''s nsa_protected); costshare.estimate(log_id) recomputes it the same way.';
COMMENT ON SEQUENCE @extschema@.estimate_log_log_id_seq IS 'Identity of costshare.estimate_log.';
CREATE INDEX estimate_log_member ON @extschema@.estimate_log (member_id);
COMMENT ON INDEX @extschema@.estimate_log_member IS 'Logged estimates by member.';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.estimate_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.estimate_log_log_id_seq', '');

CREATE FUNCTION @extschema@.estimate_log_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the estimate log is append-only'
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'A logged estimate is what the patient was told; log a new one instead.';
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.estimate_log_append_only() IS 'Trigger function keeping costshare.estimate_log append-only.';
CREATE TRIGGER estimate_log_append_only BEFORE UPDATE OR DELETE ON @extschema@.estimate_log
    FOR EACH ROW EXECUTE FUNCTION @extschema@.estimate_log_append_only();
COMMENT ON TRIGGER estimate_log_append_only ON @extschema@.estimate_log IS 'Refuses UPDATE and DELETE of logged estimates.';
CREATE TRIGGER estimate_log_no_truncate BEFORE TRUNCATE ON @extschema@.estimate_log
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.truncate_guard();
COMMENT ON TRIGGER estimate_log_no_truncate ON @extschema@.estimate_log IS
    'Refuses TRUNCATE of the append-only estimate log unless costshare.allow_ledger_truncate is on.';
CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.estimate_log
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.error_guard();
ALTER TABLE @extschema@.estimate_log ENABLE ALWAYS TRIGGER error_guard;
COMMENT ON TRIGGER error_guard ON @extschema@.estimate_log IS
    'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.';
CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.row_history
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.error_guard();
ALTER TABLE @extschema@.row_history ENABLE ALWAYS TRIGGER error_guard;
COMMENT ON TRIGGER error_guard ON @extschema@.row_history IS
    'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.';
ALTER TABLE @extschema@.estimate_log ADD CONSTRAINT estimate_log_billed_range
    CHECK (billed >= 0 AND billed <= 1000000000 AND billed = round(billed, 2));

CREATE FUNCTION @extschema@.log_estimate(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    claim_id text DEFAULT NULL, nsa_protected boolean DEFAULT false)
RETURNS bigint
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
INSERT INTO @extschema@.estimate_log (member_id, service_date, service_code, provider_id, place_of_service,
                                      billed, claim_id, nsa_protected, plan_data_version, result)
SELECT member, service_date, service_code, provider, place_of_service, billed, claim_id, nsa_protected, v.version,
       @extschema@.estimate(member, service_date, service_code, provider, place_of_service, billed, nsa_protected)
  FROM @extschema@.plan_data_version v
RETURNING log_id
$$;
COMMENT ON FUNCTION @extschema@.log_estimate(text, date, text, text, text, numeric, text, boolean) IS
    'Makes the estimate and logs it as given to the patient (costshare.estimate_log, with its nsa_protected flag); returns the log id. One INSERT: cheap enough for every booking.';

-- ---- the as-of estimate ----------------------------------------------------------------------------

CREATE FUNCTION @extschema@.estimate_in_table_set(
    member text, service_date date, service_code text, provider text, place_of_service text, billed numeric,
    tables oid, nsa_protected boolean)
RETURNS @extschema@.estimate_result
AS 'MODULE_PATHNAME', 'costshare_estimate_in_table_set'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate_in_table_set(text, date, text, text, text, numeric, oid, boolean) IS
    'costshare.estimate (with its nsa_protected flag) reading its tables from another namespace (the session''s temporary copy made by costshare.estimate(..., as_of)); internal.';
REVOKE ALL ON FUNCTION @extschema@.estimate_in_table_set(text, date, text, text, text, numeric, oid, boolean) FROM PUBLIC;

CREATE FUNCTION @extschema@.estimate(
    member text, service_date date, service_code text, provider text, place_of_service text, billed numeric,
    as_of timestamptz, nsa_protected boolean DEFAULT false)
RETURNS @extschema@.estimate_result
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    started timestamptz := @extschema@.history_start();
    t text;
    key name;
    r @extschema@.estimate_result;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'For the estimate on current data call costshare.estimate without as_of.';
    ELSIF NOT isfinite(as_of) OR as_of > clock_timestamp() THEN
        RAISE EXCEPTION 'as_of is in the future' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'An as-of estimate recomputes a past one; the data of a later time is not known.',
            HINT = 'Give a time in the past, or call costshare.estimate without as_of.';
    ELSIF started IS NULL OR as_of < started THEN
        RAISE EXCEPTION 'as_of is before the history starts' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('costshare keeps the data as it stood from %s on.', started),
            HINT = 'The data of an earlier time was not recorded; no estimate can be reproduced for it.';
    ELSIF nsa_protected IS NULL THEN
        RAISE EXCEPTION 'nsa_protected must not be null' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'Pass true for a line the No Surprises Act protects, else false.';
    END IF;
    -- the tables as they stood, as temporary tables of the same names and indexes; dropped before
    -- returning, so that they never shadow the extension's tables in the caller's later statements
    FOREACH t IN ARRAY @extschema@.history_tables() || ARRAY['accumulator_ledger'] LOOP
        CONTINUE WHEN t LIKE 'medicare\_%';   -- read by medicare_allowed (C, lookup.c: lk_defs[].ext) from the extension's tables
        EXECUTE format('CREATE TEMP TABLE %I (LIKE %I.%I INCLUDING INDEXES)', t, '@extschema@', t);
    END LOOP;
    FOREACH t IN ARRAY @extschema@.history_tables() LOOP
        CONTINUE WHEN t LIKE 'medicare\_%';
        -- DISTINCT: a restore (pg_dump keeps the history, and the restore writes the rows again) may
        -- record the same version twice
        EXECUTE format('INSERT INTO pg_temp.%I SELECT (jsonb_populate_record(NULL::%I.%I, d.row_data)).* '
                       'FROM (SELECT DISTINCT h.row_data FROM %I.row_history h '
                       'WHERE h.table_name = %L AND lower(h.valid) <= $1 AND h.valid @> $1) d',
                       t, '@extschema@', t, '@extschema@', t) USING as_of;
        IF t = ANY (@extschema@.history_dated_tables()) THEN
            -- and the rows recorded by then that were never changed (no version: costshare.history_dated_tables())
            SELECT a.attname INTO key FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             WHERE c.conrelid = format('%I.%I', '@extschema@', t)::regclass AND c.contype = 'p';
            EXECUTE format('INSERT INTO pg_temp.%I SELECT x.* FROM %I.%I x WHERE x.recorded_at <= $1 '
                           'AND NOT EXISTS (SELECT 1 FROM %I.row_history h WHERE h.table_name = %L AND h.row_data->>%L = x.%I::text)',
                           t, '@extschema@', t, '@extschema@', t, key, key) USING as_of;
        END IF;
    END LOOP;
    INSERT INTO pg_temp.accumulator_ledger SELECT * FROM @extschema@.accumulator_ledger l WHERE l.recorded_at <= as_of;
    r := @extschema@.estimate_in_table_set(member, service_date, service_code, provider, place_of_service, billed,
                                           pg_my_temp_schema(), nsa_protected);
    FOREACH t IN ARRAY @extschema@.history_tables() || ARRAY['accumulator_ledger'] LOOP
        CONTINUE WHEN t LIKE 'medicare\_%';
        EXECUTE format('DROP TABLE pg_temp.%I', t);
    END LOOP;
    -- Medicare-derived amounts are priced from the Medicare tables as they are now: never a silently
    -- different answer when those rows changed after as_of
    IF r.allowed_source IN ('percent_of_medicare', 'medicare_fee_schedule')
       AND EXISTS (SELECT 1 FROM @extschema@.row_history h
                    WHERE h.table_name IN ('medicare_conversion_factor', 'medicare_rvu', 'medicare_gpci', 'medicare_locality')
                      AND (lower(h.valid) > as_of OR (NOT upper_inf(h.valid) AND upper(h.valid) > as_of))) THEN
        RAISE EXCEPTION 'the Medicare data this estimate is priced from changed after as_of'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('The allowed amount comes from %s; rows of the Medicare tables were loaded or changed after %s, and the Medicare price is computed from the current rows.', r.allowed_source, as_of),
                  HINT = 'The logged result in costshare.estimate_log is the estimate as given; costshare.row_history holds the Medicare rows as they were.';
    END IF;
    RETURN r;
END $$;
COMMENT ON FUNCTION @extschema@.estimate(text, date, text, text, text, numeric, timestamptz, boolean) IS
    'The estimate as it would have been made at as_of: the same C estimate over the rows valid then (costshare.row_history; the ledger''s rows recorded by then), with nsa_protected as for costshare.estimate. Refuses as_of in the future or before costshare.history_start() (22023). A literal as_of in 7th position must be typed (''...''::timestamptz) or named (as_of => ...): untyped, it matches costshare.estimate''s nsa_protected too.';

CREATE FUNCTION @extschema@.estimate(log_id bigint)
RETURNS @extschema@.estimate_result
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT @extschema@.estimate(l.member_id, l.service_date, l.service_code, l.provider_id, l.place_of_service,
                            l.billed, l.logged_at, l.nsa_protected)
  FROM @extschema@.estimate_log l WHERE l.log_id = $1
$$;
COMMENT ON FUNCTION @extschema@.estimate(bigint) IS
    'A logged estimate recomputed as of its time, with its nsa_protected flag (NULL for an unknown log id): equal to the logged result unless the history was edited.';

-- ---- what changed between a logged estimate and the claim's outcome -------------------------------

CREATE FUNCTION @extschema@.explain_estimate_change(log_id bigint)
RETURNS TABLE (changed_at timestamptz, kind text, source text, item text, before text, after text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- One row per input of the estimate that changed after it was logged, up to the claim's final ledger
-- line (or now): claims of the member's family posted in between (kind claim_posted, with their
-- patient amounts), changed rows of the tables the estimate read (kind data_changed: the table, the
-- column, the value before and after; member rows are named without their values), and the outcome
-- (kind outcome: the logged patient amounts against the claim's final ledger line and its true-up).
DECLARE
    l @extschema@.estimate_log;
    fam text;
    until_at timestamptz;
BEGIN
    SELECT * INTO l FROM @extschema@.estimate_log x WHERE x.log_id = explain_estimate_change.log_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no logged estimate with this id' USING ERRCODE = 'no_data_found';
    END IF;
    SELECT e.family_id INTO fam FROM @extschema@.enrollment e
     WHERE e.member_id = l.member_id AND e.plan_id = (l.result).plan_id LIMIT 1;
    SELECT max(a.recorded_at) INTO until_at FROM @extschema@.accumulator_ledger a
     WHERE l.claim_id IS NOT NULL AND a.claim_id = l.claim_id AND a.status = 'final';
    until_at := coalesce(until_at, clock_timestamp());

    -- claims of the family posted in between (not the estimated claim itself)
    RETURN QUERY
    SELECT a.recorded_at, 'claim_posted', 'accumulator_ledger',
           format('claim %s line %s version %s (%s, service %s)', a.claim_id, a.line_no, a.claim_version, a.status, a.service_date),
           NULL::text,
           format('deductible %s copay %s coinsurance %s', a.deductible, a.copay, a.coinsurance)
      FROM @extschema@.accumulator_ledger a
     WHERE a.recorded_at > l.logged_at AND a.recorded_at <= until_at
       AND a.plan_id = (l.result).plan_id AND (a.family_id = fam OR a.member_id = l.member_id)
       AND a.claim_id IS DISTINCT FROM l.claim_id
     ORDER BY a.recorded_at, a.entry_id;

    -- changed rows of the tables the estimate read: versions closed or opened in between, paired by time
    RETURN QUERY
    WITH relevant AS (
        SELECT h.table_name, h.row_data, h.valid
          FROM @extschema@.row_history h
         WHERE h.table_name <> ''
           AND ((lower(h.valid) > l.logged_at AND lower(h.valid) <= until_at)
                OR (upper(h.valid) > l.logged_at AND upper(h.valid) <= until_at))
           AND CASE h.table_name
                 WHEN 'fee_schedule' THEN h.row_data->>'code' = l.service_code
                                     AND h.row_data->>'payer_id' = (l.result).payer_id
                 WHEN 'benefit' THEN h.row_data->>'plan_id' = (l.result).plan_id
                                     AND h.row_data->>'category' = (l.result).category
                 WHEN 'plan_limit' THEN h.row_data->>'plan_id' = (l.result).plan_id
                 WHEN 'plan' THEN h.row_data->>'plan_id' = (l.result).plan_id
                 WHEN 'payer' THEN h.row_data->>'payer_id' = (l.result).payer_id
                 WHEN 'member' THEN h.row_data->>'member_id' = l.member_id
                 WHEN 'enrollment' THEN h.row_data->>'member_id' = l.member_id
                 WHEN 'prior_auth' THEN h.row_data->>'member_id' = l.member_id
                 WHEN 'accumulator_snapshot' THEN h.row_data->>'plan_id' = (l.result).plan_id
                                     AND (h.row_data->>'member_id' = l.member_id OR h.row_data->>'family_id' = fam)
                 WHEN 'eligibility_benefit' THEN h.row_data->>'member_id' = l.member_id
                 WHEN 'provider' THEN h.row_data->>'provider_id' = l.provider_id
                 WHEN 'network_participation' THEN h.row_data->>'provider_id' = l.provider_id
                                     AND h.row_data->>'plan_id' = (l.result).plan_id
                 ELSE false
               END
        UNION ALL
        -- the 271 benefits recorded in between that were never changed have no version (dated tables)
        SELECT 'eligibility_benefit', to_jsonb(b), tstzrange(b.recorded_at, NULL)
          FROM @extschema@.eligibility_benefit b
         WHERE b.member_id = l.member_id AND b.recorded_at > l.logged_at AND b.recorded_at <= until_at
           AND NOT EXISTS (SELECT 1 FROM @extschema@.row_history h
                            WHERE h.table_name = 'eligibility_benefit' AND h.row_data->>'benefit_id' = b.benefit_id::text)
    ), closed AS (
        SELECT r.* FROM relevant r WHERE upper(r.valid) > l.logged_at AND upper(r.valid) <= until_at
    ), opened AS (
        SELECT r.* FROM relevant r WHERE lower(r.valid) > l.logged_at AND lower(r.valid) <= until_at
    ), pairs AS (
        -- an UPDATE closes the old version and opens the new one at the same time; pair them by the
        -- key columns of the table's primary key or first unique constraint
        SELECT coalesce(o.table_name, n.table_name) AS table_name, coalesce(upper(o.valid), lower(n.valid)) AS at,
               o.row_data AS old_row, n.row_data AS new_row
          FROM closed o
          FULL JOIN opened n ON n.table_name = o.table_name AND lower(n.valid) = upper(o.valid)
               AND @extschema@.history_key(n.table_name, n.row_data) = @extschema@.history_key(o.table_name, o.row_data)
    )
    SELECT p.at, 'data_changed', p.table_name,
           CASE WHEN p.old_row IS NULL THEN 'row added'
                WHEN p.new_row IS NULL THEN 'row removed'
                ELSE c.key END,
           CASE WHEN p.table_name = 'member' THEN NULL
                WHEN p.old_row IS NULL THEN NULL
                WHEN p.new_row IS NULL THEN @extschema@.history_key(p.table_name, p.old_row)::text
                ELSE p.old_row->>c.key END,
           CASE WHEN p.table_name = 'member' THEN NULL
                WHEN p.new_row IS NULL THEN NULL
                WHEN p.old_row IS NULL THEN p.new_row::text
                ELSE p.new_row->>c.key END
      FROM pairs p
      LEFT JOIN LATERAL (SELECT e.key FROM jsonb_each(p.new_row) e
                          WHERE p.old_row IS NOT NULL AND e.value IS DISTINCT FROM p.old_row->e.key) c ON true
     WHERE p.old_row IS NULL OR p.new_row IS NULL OR c.key IS NOT NULL
     ORDER BY 1, 3, 4;

    -- the outcome: the final ledger line of the claim and its true-up
    RETURN QUERY
    SELECT a.recorded_at, 'outcome', 'accumulator_ledger',
           format('claim %s line %s version %s', a.claim_id, a.line_no, a.claim_version),
           CASE WHEN (l.result).patient_pays IS NULL THEN 'not priced: ' || (l.result).status
                ELSE format('deductible %s copay %s coinsurance %s', (l.result).deductible, (l.result).copay, (l.result).coinsurance) END,
           format('deductible %s copay %s coinsurance %s', a.deductible, a.copay, a.coinsurance)
      FROM @extschema@.accumulator_ledger a
     WHERE a.claim_id = l.claim_id AND a.status = 'final'
     ORDER BY a.recorded_at, a.entry_id;
    RETURN QUERY
    SELECT t.recorded_at, 'trueup', 'claim_trueup',
           format('claim %s line %s versions %s -> %s', t.claim_id, t.line_no, t.estimate_version, t.final_version),
           (t.estimated_deductible + t.estimated_copay + t.estimated_coinsurance)::text,
           (t.final_deductible + t.final_copay + t.final_coinsurance)::text
      FROM @extschema@.claim_trueup t
     WHERE t.claim_id = l.claim_id
     ORDER BY t.recorded_at;
END $$;
COMMENT ON FUNCTION @extschema@.explain_estimate_change(bigint) IS
    'What changed between a logged estimate and its claim''s outcome: claims posted in between, changed rows of the plan, fee, member, enrollment, prior-auth and snapshot tables (column, before, after), the final ledger line and the 835 true-up.';

CREATE FUNCTION @extschema@.history_key(table_name text, row_data jsonb)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- the row's values of its table's primary key (or first unique constraint) columns
SELECT jsonb_object_agg(a.attname, row_data->a.attname::text)
  FROM (SELECT c.conkey FROM pg_constraint c
         WHERE c.conrelid = format('%I.%I', '@extschema@', table_name)::regclass AND c.contype IN ('p', 'u')
         ORDER BY c.contype, c.oid LIMIT 1) k
  JOIN pg_attribute a ON a.attrelid = format('%I.%I', '@extschema@', table_name)::regclass
                     AND a.attnum = ANY (k.conkey)
$$;
COMMENT ON FUNCTION @extschema@.history_key(text, jsonb) IS
    'The key of a row of a history table (its primary key or first unique constraint columns), as jsonb: pairs the versions of one row in costshare.explain_estimate_change.';

-- the estimator logs estimates; recomputing and explaining them reads row_history (member rows, names
-- and birth dates included) and the ledger, so it takes SELECT on those, which costshare_estimator does
-- not have: a dispute is reviewed by a role the practice grants it to
GRANT SELECT, INSERT ON @extschema@.estimate_log TO costshare_estimator;
-- log_estimate records the plan-data version (one number, no practice data)
GRANT SELECT ON @extschema@.plan_data_version TO costshare_estimator;
