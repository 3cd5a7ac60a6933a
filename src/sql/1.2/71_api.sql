-- 71_api.sql: the result API explaining itself (issue 13).
--   * one word, one meaning: costshare.breakdown's 835 adjustment reason codes are adjustment_codes
--     (as in estimate_result); `reasons` now means eligibility reasons only. The old name stays
--     reachable for 1.2 as the computed field costshare.reasons(breakdown).
--   * estimate_many answers every appointment: a row per appointment with a SQLSTATE-like code and a
--     message for those that cannot be estimated; NULL or duplicated appt_ids are refused up front.
--   * estimate_many_query: the same over the rows of a query (analytics).
-- Column comments of every table and composite type are in 70_api_comments.sql (and, for the
-- attribute renamed here, below).

-- ===================================================================================================
-- breakdown.reasons -> breakdown.adjustment_codes
-- ===================================================================================================
-- RENAME keeps the attribute's number, type and values: the C code that forms breakdowns by position
-- (src/glue/convert.c cs_breakdown_values, explain.c) is unchanged; breakdowns stored in user tables
-- under 1.0/1.1 read back the same (a composite's text form has no names); views made earlier keep
-- working (they refer to the attribute by number, and keep their own output column names).
ALTER TYPE @extschema@.breakdown RENAME ATTRIBUTE reasons TO adjustment_codes;
COMMENT ON COLUMN @extschema@.breakdown.adjustment_codes IS
    'The line''s X12 835 claim adjustment reason codes (CARC), in this order when they apply: 1 deductible, 2 coinsurance, 3 copay, 45 contractual write-off (billed above allowed in network), 96 not covered, 119 benefit maximum (visit limit) reached. Empty array when none applies; never NULL. Named reasons before 1.2 (costshare.reasons(breakdown) still reads it, deprecated).';

-- (b).reasons and alias.reasons keep working for callers that have costshare on their search_path:
-- PostgreSQL reads x.f as f(x) when x has no attribute f. Deprecated in 1.2, to be dropped in 1.3.
CREATE FUNCTION @extschema@.reasons(line @extschema@.breakdown)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (line).adjustment_codes;
COMMENT ON FUNCTION @extschema@.reasons(@extschema@.breakdown) IS
    'Deprecated (1.2; removed in 1.3): the breakdown''s adjustment_codes under their name before 1.2, so that (b).reasons keeps working where costshare is on the search_path. Use (b).adjustment_codes.';

-- ===================================================================================================
-- estimate_many: one row per appointment, always
-- ===================================================================================================

CREATE FUNCTION @extschema@.appointment_problem(
    member_id text, service_date date, service_code text, place_of_service_known boolean, billed numeric,
    OUT sqlstate text, OUT message text)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_appointment_problem'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.appointment_problem(text, date, text, boolean, numeric) IS
    'Internal (costshare.estimate_many): why costshare.estimate() would refuse an appointment, as the SQLSTATE it would raise and a message without member data (22004 member, date or code NULL; 22023 infinite date, unknown place of service, billed with fractions of a cent; 22003 billed negative, not finite or too large); NULL sqlstate and message when it would accept it.';

-- the result columns change (sqlstate and message appended): a new function, not a replacement
DROP FUNCTION @extschema@.estimate_many(@extschema@.appointment[]);

-- The appointments with the estimate's own refusal (costshare.appointment_problem; NULL sqlstate and
-- message when it would accept it), the place of service defaulted: the batch's first step, and what
-- a failed family group answers for each of its appointments (costshare.estimate_many_failed).
-- No SET clause, every name qualified: the batch's query inlines it, so the planner sees how many
-- appointments unnest gives (a function it cannot inline is planned as 1,000 rows, and the batch's
-- recursive joins then took minutes for 100,000).
CREATE FUNCTION @extschema@.estimate_many_checked(appointments @extschema@.appointment[])
RETURNS TABLE (appt_id bigint, member_id text, service_date date, service_code text, provider_id text,
               pos text, billed numeric, sqlstate text, message text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT x.appt_id, x.member_id, x.service_date, x.service_code, x.provider_id, x.pos, x.billed,
           p.sqlstate, p.message
      FROM (SELECT a.appt_id, a.member_id, a.service_date, a.service_code, a.provider_id,
                   coalesce(a.place_of_service, '11'::pg_catalog.text) AS pos, a.billed
              FROM pg_catalog.unnest($1) a) x
     CROSS JOIN LATERAL @extschema@.appointment_problem(
            x.member_id, x.service_date, x.service_code,
            x.pos OPERATOR(pg_catalog.=) ANY (SELECT s.pos FROM @extschema@.place_of_service s), x.billed) p
$$;
COMMENT ON FUNCTION @extschema@.estimate_many_checked(@extschema@.appointment[]) IS
    'Internal (costshare.estimate_many): each appointment, its place of service defaulted to 11, with the SQLSTATE and message costshare.estimate() would refuse it with (costshare.appointment_problem), NULL when it would accept it.';

-- What a family group answers when its stored data makes the batch fail: each appointment its own
-- refusal (costshare.estimate_many_checked), else the group's error.
CREATE FUNCTION @extschema@.estimate_many_failed(appointments @extschema@.appointment[], sqlstate text, message text)
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown, sqlstate text, message text,
               cob_method text, secondary_pays numeric, patient_pays numeric, third_pays numeric,
               unknown_terms text[])
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT k.appt_id, 'error'::text, NULL::text[], NULL::text, NULL::text, NULL::numeric,
           NULL::@extschema@.breakdown, coalesce(k.sqlstate, $2), coalesce(k.message, $3), NULL::text,
           NULL::numeric, NULL::numeric, NULL::numeric, NULL::text[]
      FROM @extschema@.estimate_many_checked($1) k
$$;
COMMENT ON FUNCTION @extschema@.estimate_many_failed(@extschema@.appointment[], text, text) IS
    'Internal (costshare.estimate_many): the rows of appointments that could not be estimated together: status error, each appointment''s own refusal (costshare.appointment_problem) when it has one, else the given SQLSTATE and message.';

-- C: it refuses a NULL or duplicated appt_id (22004 with how many; 22023 naming the smallest duplicated
-- one), groups the appointments (members and the families of their enrollments, union-find), then runs
-- the batch (C: each group's lines in date order, then appt_id, each after the group's earlier lines) in
-- a subtransaction. When the batch fails with a data exception (SQLSTATE class 22: a value stored in a
-- member's ledger, snapshots or 271, or in a plan, that the estimate refuses), it estimates the
-- appointments again in groups that share no member and no family (a member's families are those of
-- its enrollments), halving the set of groups until each failing group is alone, and answers a failing
-- group's appointments with the error (estimate_many_failed). Any other error fails the call. PARALLEL
-- UNSAFE: no parallel operation may start a subtransaction.
CREATE FUNCTION @extschema@.estimate_many(appointments @extschema@.appointment[])
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown, sqlstate text, message text,
               cob_method text, secondary_pays numeric, patient_pays numeric, third_pays numeric,
               unknown_terms text[])
AS 'MODULE_PATHNAME', 'costshare_estimate_many'
LANGUAGE C STABLE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.estimate_many(@extschema@.appointment[]) IS
    'Estimates many appointments at once, one result row per appointment (in no particular order: ORDER BY appt_id): each line is what costshare.estimate gives for it once every earlier line of the call that can affect it has been posted. Lines can affect each other only through a ledger both read (a member''s; a family''s in a plan), so the call''s appointments are grouped by member and by every family of the members'' enrollments, and each group''s lines are estimated one after the other in date order (then appt_id), each counting the group''s earlier lines as posted ledger lines (costshare.estimate_after): the primary''s line, whether the plan design or a 271 prices it, and each later payer''s own adjudication with what it paid. So every running quantity -- a member''s and a family''s deductible and out-of-pocket, visits, plan-paid maximums (reason plan_maximum_reached), a later payer''s own accumulators, plan-paid maximums and benefit reserve -- runs through the call across sources and payers. sqlstate says what happened to each: 00000 priced (line is the primary''s adjudicated line), 02000 not priced (status and reasons say why), or the SQLSTATE costshare.estimate() would raise for that appointment alone (status error, message says why; 22004, 22023, 22003). A NULL appt_id (22004) or a duplicated one (22023, the detail names it) refuses the whole call. A value stored for a member or a plan that the estimate refuses with a data exception (SQLSTATE class 22, e.g. a ledger amount that is not a finite number of cents) fails only the appointments of that member''s group: status error, that SQLSTATE and message (an appointment''s own refusal first); every other appointment is estimated as if the group were not in the call. A line no plan design covers, or whose plan costshare.benefit_source_policy prefers the 271 for (as costshare.estimate decides), is priced from the member''s loaded 271 when there is one. cob_method, secondary_pays and third_pays are the later payers'' (as costshare.estimate coordinates them; reasons secondary_not_priced, third_payer_not_priced, fourth_payer_not_priced, secondary_plan_maximum_reached, third_payer_plan_maximum_reached as it says them); patient_pays is what the patient owes after every payer (the line''s own patient_pays is the primary''s share). unknown_terms: for a line priced from a 271 (reason 271_benefits), the terms the 271 leaves unstated (copay, coinsurance, deductible, out_of_pocket, visit_limit), as costshare.estimate''s unknown_terms: unknown, not zero, the estimate applies none of them, so patient_pays does not include them; else NULL.';

-- The caller's query must run under the caller's search_path (it names the caller's tables), but no
-- body of the extension may: the SQL wrapper below names everything with its schema and passes the
-- caller's search_path to the pinned worker, which sets it only while the caller's query runs.
CREATE FUNCTION @extschema@.estimate_many_query_run(query text, caller_search_path text)
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown, sqlstate text, message text,
               cob_method text, secondary_pays numeric, patient_pays numeric, third_pays numeric,
               unknown_terms text[])
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    appointments @extschema@.appointment[];
BEGIN
    IF query IS NULL THEN
        RAISE EXCEPTION 'query must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'A value is required for query.',
            HINT = 'Pass a query returning appt_id, member_id, service_date, service_code, provider_id, place_of_service and billed, e.g. ''TABLE my_appointments''.';
    END IF;
    -- the caller's query, under the caller's search_path (transaction-local: the SET clause of this
    -- function restores its own setting when it returns or fails)
    PERFORM pg_catalog.set_config('search_path', caller_search_path, true);
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.array_agg(ROW(q.appt_id::pg_catalog.int8, q.member_id::pg_catalog.text, '
        'q.service_date::pg_catalog.date, q.service_code::pg_catalog.text, q.provider_id::pg_catalog.text, '
        'q.place_of_service::pg_catalog.text, q.billed::pg_catalog.numeric)::@extschema@.appointment) '
        'FROM (%s) q', query)
       INTO appointments;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    RETURN QUERY SELECT e.* FROM @extschema@.estimate_many(appointments) e;
END $$;
COMMENT ON FUNCTION @extschema@.estimate_many_query_run(text, text) IS
    'Internal (costshare.estimate_many_query): runs the query under the given search_path, then estimate_many over its rows under the extension''s own.';

CREATE FUNCTION @extschema@.estimate_many_query(query text)
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown, sqlstate text, message text,
               cob_method text, secondary_pays numeric, patient_pays numeric, third_pays numeric,
               unknown_terms text[])
LANGUAGE sql VOLATILE PARALLEL UNSAFE
-- no SET clause: current_setting reads the caller's search_path; every name here is qualified
AS $$
    SELECT r.* FROM @extschema@.estimate_many_query_run($1, pg_catalog.current_setting('search_path')) r
$$;
COMMENT ON FUNCTION @extschema@.estimate_many_query(text) IS
    'costshare.estimate_many over the rows of a query (or ''TABLE name''), run with the caller''s privileges and search_path; the query must return columns named appt_id, member_id, service_date, service_code, provider_id, place_of_service and billed (each cast to bigint, text, date, text, text, text, numeric). Never build the query text from untrusted input. VOLATILE because the query may be.';
