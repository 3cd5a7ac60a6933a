-- 90_nsa.sql: lines the No Surprises Act protects (issue 10, "Pricing rules we found missing";
-- domain.md §5).
--
-- A protected line (emergency services; a non-emergency out-of-network provider at an in-network
-- facility; air ambulance) gets in-network cost sharing on the recognized amount, credited to the
-- in-network accumulators, with no balance bill. Whether a line is protected is the caller's to say: a
-- new last argument nsa_protected (default false) of estimate, estimate_plan, log_estimate and the
-- as-of estimate. The rule is the engine's (src/engine/cs_nsa.c): with a provider out of network the
-- line takes the plan's in-network benefit row (its copay, coinsurance, deductible, bucket and
-- accumulators) and in-network terms (no balance bill); the network column still says out, and the
-- reasons add nsa_protected. The recognized amount is the lesser of billed (when given) and the
-- plan's in-network amount the estimate finds (fee schedule, percent of Medicare, remittance history),
-- which stands for the qualifying payment amount; an all-payer model amount and a state-law amount
-- are not modelled. A protected line with an in-network provider (or without a provider) is unchanged.
--
-- Every existing call keeps working: the 6-argument estimate is replaced by one with a defaulted 7th
-- argument (same C symbol, which reads PG_NARGS()). The as-of estimate's 7th argument is as_of
-- timestamptz: a 7th argument of known type (timestamptz or boolean) or a named one picks the function;
-- an untyped literal (NULL, 'infinity') in 7th position matches both and is refused as ambiguous —
-- write it typed or named (as_of => ...).

-- ---- the estimate ----------------------------------------------------------------------------------

DROP FUNCTION @extschema@.estimate(text, date, text, text, text, numeric);
CREATE FUNCTION @extschema@.estimate(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    nsa_protected boolean DEFAULT false)
RETURNS @extschema@.estimate_result
AS 'MODULE_PATHNAME', 'costshare_estimate'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate(text, date, text, text, text, numeric, boolean) IS
    'What will the patient pay for this line? The plan design''s estimate (coverage, network, benefit, allowed amount, accumulators, the engine''s adjudication); when the member has a loaded 271 and no plan design states the line''s benefits, or costshare.benefit_source_policy prefers the 271 for the plan, the estimate priced from that 271 (costshare.estimate_271 shows its detail). benefit_source says which; patient_pays is what the patient owes. nsa_protected (default false): the line is protected by the No Surprises Act (emergency; non-emergency out-of-network provider at an in-network facility; air ambulance); with a provider out of network it is priced with the in-network benefit and accumulators on the recognized amount (the lesser of billed and the plan''s in-network amount; all-payer and state amounts are not modelled), with no balance bill; network stays out and reasons add nsa_protected. NULL is refused (22004).';

DROP FUNCTION @extschema@.estimate_plan(text, date, text, text, text, numeric);
CREATE FUNCTION @extschema@.estimate_plan(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    nsa_protected boolean DEFAULT false)
RETURNS @extschema@.estimate_result
AS 'MODULE_PATHNAME', 'costshare_estimate_plan'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate_plan(text, date, text, text, text, numeric, boolean) IS
    'costshare.estimate from the plan design only: never priced from a loaded 271 (benefit_source plan or NULL). nsa_protected as for costshare.estimate.';

-- ---- the log and the as-of estimate ----------------------------------------------------------------

-- a constant default: existing rows are not rewritten (the append-only trigger is not fired), and they
-- were all estimated unprotected
ALTER TABLE @extschema@.estimate_log ADD COLUMN nsa_protected boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN @extschema@.estimate_log.nsa_protected IS
    'The line was estimated as protected by the No Surprises Act (costshare.estimate''s nsa_protected); costshare.estimate(log_id) recomputes it the same way.';

DROP FUNCTION @extschema@.log_estimate(text, date, text, text, text, numeric, text);
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

DROP FUNCTION @extschema@.estimate_in_table_set(text, date, text, text, text, numeric, oid);
CREATE FUNCTION @extschema@.estimate_in_table_set(
    member text, service_date date, service_code text, provider text, place_of_service text, billed numeric,
    tables oid, nsa_protected boolean)
RETURNS @extschema@.estimate_result
AS 'MODULE_PATHNAME', 'costshare_estimate_in_table_set'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate_in_table_set(text, date, text, text, text, numeric, oid, boolean) IS
    'costshare.estimate (with its nsa_protected flag) reading its tables from another namespace (the session''s temporary copy made by costshare.estimate(..., as_of)); internal.';
REVOKE ALL ON FUNCTION @extschema@.estimate_in_table_set(text, date, text, text, text, numeric, oid, boolean) FROM PUBLIC;

DROP FUNCTION @extschema@.estimate(text, date, text, text, text, numeric, timestamptz);
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
        CONTINUE WHEN t LIKE 'medicare\_%';   -- read by medicare_allowed from the extension's tables
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

CREATE OR REPLACE FUNCTION @extschema@.estimate(log_id bigint)
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

-- ---- the 271 path ----------------------------------------------------------------------------------
-- costshare.estimate passes the flag to the 271 path itself (a protected line whose provider the plan
-- design finds out of network is priced from the 271 with out_of_network => false, and marked);
-- costshare.estimate_271 already takes the network from its caller, so it gets no flag of its own.
COMMENT ON FUNCTION @extschema@.estimate_271(text, date, text, text, text, numeric, boolean) IS
    'costshare.estimate with the detail of its 271 pricing: the plan design''s estimate handed to costshare.price_271, which prices from the member''s latest loaded 271 when no plan design states the line''s benefits (or when costshare.benefit_source_policy prefers the 271): the EB rows of the line''s category (costshare.service_type_category) give copay, coinsurance, deductible and OOP (met from the 271 plus ledger lines posted since), visit limit (visits of the category in the 271''s plan period), authorization and carve-out by the engine''s precedence; a 271 that states no active coverage on the date gives not_eligible; the line is out of network as out_of_network says, else when provider does not participate in the plan on the date (a line the No Surprises Act protects: pass out_of_network => false for the in-network terms without a balance bill); the result names the source (plan or 271 with its ISA13 and as-of date), flags a 271 older than costshare.stale_271_days (default 30) and lists the terms the 271 leaves unstated (unknown, never zero). Allowed amount: the estimate''s, else a fee_schedule amount of the 271''s payer. Same rights as costshare.estimate.';
