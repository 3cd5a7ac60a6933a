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

-- The appt_ids are checked before anything is estimated, and the checks must raise
CREATE FUNCTION @extschema@.estimate_many_check(appointments @extschema@.appointment[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    dup record;
BEGIN
    -- one pass over the appointments: a NULL appt_id first, else the smallest duplicated one
    SELECT a.appt_id, count(*) AS n INTO dup
      FROM unnest($1) a
     GROUP BY a.appt_id HAVING count(*) > 1 OR a.appt_id IS NULL
     ORDER BY a.appt_id NULLS FIRST LIMIT 1;
    IF FOUND AND dup.appt_id IS NULL THEN
        RAISE EXCEPTION 'appt_id must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = format('Appointments without an appt_id: %s.', dup.n),
            HINT = 'Give every appointment its own appt_id; the results are matched to the appointments by it.';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'duplicate appt_id in the appointments' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('appt_id %s appears %s times.', dup.appt_id, dup.n),
            HINT = 'Give every appointment its own appt_id; the results are matched to the appointments by it.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.estimate_many_check(@extschema@.appointment[]) IS
    'Internal (costshare.estimate_many): refuses the call when an appt_id is NULL (22004) or appears twice (22023, the detail names it).';

-- The batch itself (costshare.estimate_many runs it, and runs it again per family group when a
-- member's stored data makes it fail).
CREATE FUNCTION @extschema@.estimate_many_batch(appointments @extschema@.appointment[])
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown, sqlstate text, message text,
               cob_method text, secondary_pays numeric, patient_pays numeric, third_pays numeric,
               unknown_terms text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- refused appointments are classified first (the estimate's own checks, without raising); the
    -- others are looked up once each, and the priceable ones adjudicated in date order per family and
    -- plan so that each line sees the family's earlier appointments of the batch
    RETURN QUERY
    WITH RECURSIVE checked AS (
        SELECT k.* FROM @extschema@.estimate_many_checked($1) k
    ), ctx AS (
        SELECT k.appt_id, k.member_id, k.service_date, k.service_code, k.provider_id, k.pos, k.billed,
               @extschema@.line_context(k.member_id, k.service_date, k.service_code, k.provider_id, k.pos) AS c
          FROM checked k
         WHERE k.sqlstate IS NULL
    ), from_271 AS (
        -- no plan design states the line's benefits, or the source policy prefers the 271 for the plan
        -- (as costshare.estimate decides): the member's loaded 271 may price it (costshare.estimate_271,
        -- the estimate's own path and rights check)
        SELECT x.appt_id, x.c, x.member_id, x.service_date, x.service_code, x.provider_id, x.pos, x.billed,
               @extschema@.estimate_271(x.member_id, x.service_date, x.service_code, x.provider_id, x.pos, x.billed) AS r
          FROM ctx x
         WHERE (NOT (x.c).priceable AND (x.c).terms IS NOT DISTINCT FROM NULL)
            OR ((x.c).terms IS DISTINCT FROM NULL AND @extschema@.source_policy_prefers_271((x.c).payer_id, (x.c).plan_id))
    ), r271 AS (
        -- the lines a 271 prices, numbered per family in date order (the family_id of the member's
        -- enrollment with the 271's plan; a member without one: per member)
        SELECT t.*, coalesce((t.r).family_id, t.member_id) AS fkey, (t.r).family_id IS NULL AS fnull,
               pg_catalog.row_number() OVER (PARTITION BY coalesce((t.r).family_id, t.member_id), (t.r).family_id IS NULL
                                             ORDER BY t.service_date, t.appt_id) AS k
          FROM from_271 t
         WHERE (t.r).benefit_source = '271'
    ), chain271 AS (
        -- one line of a family after the other, each estimated as if the family's earlier lines of the
        -- call had been posted (costshare.estimate_271_after: the member's own count toward her
        -- deductible, out-of-pocket, visits and maximums, another member's toward the family's maximum,
        -- as posted lines do): what one estimate at a time gives once each earlier line is posted.
        -- before: the family's earlier lines, a priced one as the ledger line posting it would record
        -- (costshare.batch_271_line); the first line of a family is estimate_271's. OFFSET 0: one call
        -- per line
        SELECT x.appt_id, x.fkey, x.fnull, x.k, x.member_id, x.service_date, x.r,
               '{}'::@extschema@.batch_271_line[] AS before
          FROM r271 x
         WHERE x.k = 1
        UNION ALL
        SELECT x.appt_id, x.fkey, x.fnull, x.k, x.member_id, x.service_date, n.r, p.before
          FROM chain271 c
          JOIN r271 x ON x.fkey = c.fkey AND x.fnull = c.fnull AND x.k = c.k + 1
          CROSS JOIN LATERAL (
                SELECT c.before || CASE WHEN (c.r).line IS DISTINCT FROM NULL
                    THEN ARRAY[ROW(c.member_id, (c.r).family_id, ((c.r).estimate).plan_id, ((c.r).estimate).payer_id,
                                   ((c.r).estimate).category, c.service_date, ((c.r).line).deductible,
                                   ((c.r).line).copay, ((c.r).line).coinsurance, 1, ((c.r).line).allowed,
                                   ((c.r).line).plan_pays, NULL)::@extschema@.batch_271_line]
                    ELSE '{}'::@extschema@.batch_271_line[] END AS before) p
          CROSS JOIN LATERAL (SELECT @extschema@.estimate_271_after(x.member_id, x.service_date, x.service_code,
                                 x.provider_id, x.pos, x.billed, p.before) AS r OFFSET 0) n
    ), uncapped AS (
        SELECT x.appt_id, x.member_id, x.service_date, x.service_code, x.provider_id, x.pos, x.billed,
               (x.c).status, (x.c).reasons, (x.c).plan_id, (x.c).network, (x.c).coverages,
               (x.c).category, (x.c).benefit_period, (x.c).plan_max_period_left AS period_left,
               (x.c).plan_max_lifetime_left AS lifetime_left,
               @extschema@.accumulate(x.member_id, x.service_date, (x.c).allowed, (x.c).terms, (x.c).acc,
                                      x.billed)
                   OVER (PARTITION BY (x.c).family_id, (x.c).plan_id ORDER BY x.service_date, x.appt_id)
                   AS uncapped
          FROM ctx x
         WHERE (x.c).priceable
           AND NOT EXISTS (SELECT FROM from_271 t WHERE t.appt_id = x.appt_id AND (t.r).benefit_source = '271')
    ), priced AS (
        -- the benefit's plan-paid maximums run down over the member's lines of the plan and category in
        -- date order (costshare.plan_maximum: each line capped at what is left after the earlier ones)
        SELECT u.*,
               @extschema@.plan_maximum(u.uncapped, u.benefit_period, u.period_left, u.lifetime_left)
                   OVER (PARTITION BY u.member_id, u.plan_id, u.category ORDER BY u.service_date, u.appt_id)
                   AS line
          FROM uncapped u
    ), dual AS (
        -- the lines of members with a second coverage, numbered per family and plan of that coverage (the
        -- family, plan and category of costshare.line_context at COB position 2; a coverage without a
        -- family: per member) in date order
        SELECT p.*, (s.c2).plan_id AS plan2, (s.c2).category AS category2, (s.c2).family_id AS family2,
               (s.c2).payer_id AS payer2, (s.c2).bucket AS bucket2,
               coalesce((s.c2).family_id, p.member_id) AS fkey2, (s.c2).family_id IS NULL AS fnull2,
               row_number() OVER (PARTITION BY coalesce((s.c2).family_id, p.member_id), (s.c2).family_id IS NULL,
                                               (s.c2).plan_id
                                  ORDER BY p.service_date, p.appt_id) AS k
          FROM priced p
          CROSS JOIN LATERAL (SELECT @extschema@.line_context(p.member_id, p.service_date, p.service_code,
                                  p.provider_id, p.pos, NULL, 2) AS c2) s
         WHERE p.coverages >= 2
    ), chain AS (
        -- a second coverage pays after the primary's line (costshare.coordinate_second, the estimate's
        -- own coordination), one line of a family and second plan after the other, each as if the family's
        -- earlier lines of that plan had been posted: `before` holds them as the ledger lines posting the
        -- plan's own adjudication would record (costshare.batch_271_line: what it credits to its
        -- deductible and out-of-pocket, the visit, what it paid), which the plan's accumulators and
        -- plan-paid maximums count as posted lines do (the member's own toward her and the family's,
        -- another member's toward the family's). The member's benefit reserve starts from the
        -- reserve_after of her own latest line of the plan in the chain (its date says whether it is of the
        -- same benefit period), else from the reserve on record: rmembers / reserves / rdates, latest
        -- first. OFFSET 0: the coordination is made once per line, not once per reference to it (a
        -- flattened subquery would repeat the call)
        SELECT d.appt_id, d.fkey2, d.fnull2, d.plan2, d.k, co.co,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[ROW(d.member_id, d.family2, d.plan2, d.payer2,
                        d.category2, d.service_date, (co.co).normal_deductible, (co.co).normal_copay,
                        (co.co).normal_coinsurance, 1, (co.co).allowed, (co.co).secondary_pays,
                        d.bucket2)::@extschema@.batch_271_line]
                    ELSE '{}'::@extschema@.batch_271_line[] END AS before,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[d.member_id] ELSE '{}'::text[] END AS rmembers,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[(co.co).reserve_after] ELSE '{}'::numeric[] END AS reserves,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[d.service_date] ELSE '{}'::date[] END AS rdates
          FROM dual d
          CROSS JOIN LATERAL (SELECT @extschema@.coordinate_second(d.member_id, d.service_date, d.service_code,
                                 d.provider_id, d.pos, d.billed, d.line) AS co OFFSET 0) co
         WHERE d.k = 1
        UNION ALL
        SELECT d.appt_id, d.fkey2, d.fnull2, d.plan2, d.k, co.co,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_append(c.before, ROW(d.member_id, d.family2, d.plan2, d.payer2,
                        d.category2, d.service_date, (co.co).normal_deductible, (co.co).normal_copay,
                        (co.co).normal_coinsurance, 1, (co.co).allowed, (co.co).secondary_pays,
                        d.bucket2)::@extschema@.batch_271_line)
                    ELSE c.before END,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_prepend(d.member_id, c.rmembers) ELSE c.rmembers END,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_prepend((co.co).reserve_after, c.reserves) ELSE c.reserves END,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_prepend(d.service_date, c.rdates) ELSE c.rdates END
          FROM chain c
          -- (a hashable join: a line without a coverage at position 2 (plan2 NULL) is coordinated by nothing
          -- anyway, so only its partition's first line is tried)
          JOIN dual d ON d.fkey2 = c.fkey2 AND d.fnull2 = c.fnull2 AND d.plan2 = c.plan2 AND d.k = c.k + 1
          CROSS JOIN LATERAL (SELECT pg_catalog.array_position(c.rmembers, d.member_id) AS i) m
          CROSS JOIN LATERAL (SELECT @extschema@.coordinate_second(d.member_id, d.service_date, d.service_code,
                                 d.provider_id, d.pos, d.billed, d.line, c.reserves[m.i], c.rdates[m.i],
                                 NULL, NULL, NULL, c.before) AS co OFFSET 0) co
    ), triple AS (
        -- the lines a second coverage priced of members with a third, numbered per family and plan of the
        -- third coverage (costshare.line_context at COB position 3) in date order
        SELECT z.*, ch.co, (s.c3).plan_id AS plan3, (s.c3).category AS category3, (s.c3).family_id AS family3,
               (s.c3).payer_id AS payer3, (s.c3).bucket AS bucket3,
               coalesce((s.c3).family_id, z.member_id) AS fkey3, (s.c3).family_id IS NULL AS fnull3,
               row_number() OVER (PARTITION BY coalesce((s.c3).family_id, z.member_id), (s.c3).family_id IS NULL,
                                               (s.c3).plan_id
                                  ORDER BY z.service_date, z.appt_id) AS k3
          FROM priced z
          JOIN chain ch ON ch.appt_id = z.appt_id
          CROSS JOIN LATERAL (SELECT @extschema@.line_context(z.member_id, z.service_date, z.service_code,
                                  z.provider_id, z.pos, NULL, 3) AS c3) s
         WHERE z.coverages >= 3 AND ch.co IS DISTINCT FROM NULL
    ), chain3 AS (
        -- a third coverage pays after the first two (costshare.coordinate_third), one line of a family and
        -- third plan after the other, carrying its earlier lines and the members' reserves as the second's
        -- chain does
        SELECT t.appt_id, t.fkey3, t.fnull3, t.plan3, t.k3, co.co,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[ROW(t.member_id, t.family3, t.plan3, t.payer3,
                        t.category3, t.service_date, (co.co).normal_deductible, (co.co).normal_copay,
                        (co.co).normal_coinsurance, 1, (co.co).allowed, (co.co).secondary_pays,
                        t.bucket3)::@extschema@.batch_271_line]
                    ELSE '{}'::@extschema@.batch_271_line[] END AS before,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[t.member_id] ELSE '{}'::text[] END AS rmembers,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[(co.co).reserve_after] ELSE '{}'::numeric[] END AS reserves,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN ARRAY[t.service_date] ELSE '{}'::date[] END AS rdates
          FROM triple t
          CROSS JOIN LATERAL (SELECT @extschema@.coordinate_third(t.member_id, t.service_date, t.service_code,
                                 t.provider_id, t.pos, t.billed, t.line, t.co) AS co OFFSET 0) co
         WHERE t.k3 = 1
        UNION ALL
        SELECT t.appt_id, t.fkey3, t.fnull3, t.plan3, t.k3, co.co,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_append(c.before, ROW(t.member_id, t.family3, t.plan3, t.payer3,
                        t.category3, t.service_date, (co.co).normal_deductible, (co.co).normal_copay,
                        (co.co).normal_coinsurance, 1, (co.co).allowed, (co.co).secondary_pays,
                        t.bucket3)::@extschema@.batch_271_line)
                    ELSE c.before END,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_prepend(t.member_id, c.rmembers) ELSE c.rmembers END,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_prepend((co.co).reserve_after, c.reserves) ELSE c.reserves END,
               CASE WHEN co.co IS DISTINCT FROM NULL THEN pg_catalog.array_prepend(t.service_date, c.rdates) ELSE c.rdates END
          FROM chain3 c
          JOIN triple t ON t.fkey3 = c.fkey3 AND t.fnull3 = c.fnull3 AND t.plan3 = c.plan3 AND t.k3 = c.k3 + 1
          CROSS JOIN LATERAL (SELECT pg_catalog.array_position(c.rmembers, t.member_id) AS i) m
          CROSS JOIN LATERAL (SELECT @extschema@.coordinate_third(t.member_id, t.service_date, t.service_code,
                                 t.provider_id, t.pos, t.billed, t.line, t.co, c.reserves[m.i], c.rdates[m.i],
                                 NULL, NULL, NULL, c.before) AS co OFFSET 0) co
    )
    -- allowed: what the line was priced on (the lesser of the charge and the fee, as estimate() says);
    -- a second coverage pays after the primary's (capped) line: the chain's
    SELECT y.appt_id, y.status,
           y.reasons || CASE WHEN (y.line).plan_pays < (y.uncapped).plan_pays THEN ARRAY['plan_maximum_reached'] ELSE '{}'::text[] END
                     || CASE WHEN y.coverages >= 2 AND y.co IS NOT DISTINCT FROM NULL THEN ARRAY['secondary_not_priced'] ELSE '{}'::text[] END
                     || CASE WHEN (y.co).plan_max_excess > 0 THEN ARRAY['secondary_plan_maximum_reached'] ELSE '{}'::text[] END
                     || CASE WHEN y.coverages >= 3 AND y.co3 IS NOT DISTINCT FROM NULL THEN ARRAY['third_payer_not_priced'] ELSE '{}'::text[] END
                     || CASE WHEN (y.co3).plan_max_excess > 0 THEN ARRAY['third_payer_plan_maximum_reached'] ELSE '{}'::text[] END
                     || CASE WHEN y.coverages > 3 THEN ARRAY['fourth_payer_not_priced'] ELSE '{}'::text[] END,
           y.plan_id, y.network, (y.line).allowed, y.line,
           '00000'::text, NULL::text, (y.co).method, (y.co).secondary_pays,
           coalesce((y.co3).patient_pays, (y.co).patient_pays, (y.line).patient_pays), (y.co3).secondary_pays,
           NULL::text[]
      FROM (SELECT z.*, ch.co, c3.co AS co3
              FROM priced z
              LEFT JOIN chain ch ON ch.appt_id = z.appt_id
              -- a third coverage pays after the first two (when the second priced the line)
              LEFT JOIN chain3 c3 ON c3.appt_id = z.appt_id) y
    UNION ALL
    SELECT t.appt_id, ((t.r).estimate).status, ((t.r).estimate).reasons,
           ((t.r).estimate).plan_id, ((t.r).estimate).network, ((t.r).line).allowed, (t.r).line, '00000'::text,
           NULL::text, NULL::text, NULL::numeric, ((t.r).line).patient_pays, NULL::numeric,
           ((t.r).estimate).unknown_terms
      FROM chain271 t
     WHERE (t.r).line IS DISTINCT FROM NULL
    UNION ALL
    SELECT x.appt_id, coalesce(((t.r).estimate).status, (x.c).status), coalesce(((t.r).estimate).reasons, (x.c).reasons),
           coalesce(((t.r).estimate).plan_id, (x.c).plan_id), coalesce(((t.r).estimate).network, (x.c).network),
           CASE WHEN (t.r).benefit_source = '271' THEN ((t.r).estimate).allowed ELSE (x.c).allowed END,
           NULL::@extschema@.breakdown, '02000'::text,
           'not priced: ' || pg_catalog.array_to_string(coalesce(((t.r).estimate).reasons, (x.c).reasons), ', '),
           NULL::text, NULL::numeric, NULL::numeric, NULL::numeric, ((t.r).estimate).unknown_terms
      FROM ctx x
      LEFT JOIN chain271 t ON t.appt_id = x.appt_id
     WHERE (NOT (x.c).priceable OR t.r IS DISTINCT FROM NULL)
       AND NOT (t.r IS DISTINCT FROM NULL AND (t.r).line IS DISTINCT FROM NULL)
    UNION ALL
    SELECT k.appt_id, 'error'::text, NULL::text[], NULL::text, NULL::text, NULL::numeric,
           NULL::@extschema@.breakdown, k.sqlstate, k.message, NULL::text, NULL::numeric, NULL::numeric,
           NULL::numeric, NULL::text[]
      FROM checked k
     WHERE k.sqlstate IS NOT NULL;
END $$;
COMMENT ON FUNCTION @extschema@.estimate_many_batch(@extschema@.appointment[]) IS
    'Internal (costshare.estimate_many): the batch over the given appointments, one row per appointment, as costshare.estimate_many describes; an error in any line fails the whole call.';

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

-- C: it runs estimate_many_check, then the batch (estimate_many_batch) in a subtransaction. When the
-- batch fails with a data exception (SQLSTATE class 22: a value stored in a member's ledger, snapshots
-- or 271, or in a plan, that the estimate refuses), it estimates the appointments again in groups that
-- share no member and no family (a member's families are those of its enrollments), halving the set of
-- groups until each failing group is alone, and answers a failing group's appointments with the error
-- (estimate_many_failed). Any other error fails the call. PARALLEL UNSAFE: no parallel operation may
-- start a subtransaction (the batch inside still plans its own parallel workers).
CREATE FUNCTION @extschema@.estimate_many(appointments @extschema@.appointment[])
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown, sqlstate text, message text,
               cob_method text, secondary_pays numeric, patient_pays numeric, third_pays numeric,
               unknown_terms text[])
AS 'MODULE_PATHNAME', 'costshare_estimate_many'
LANGUAGE C STABLE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.estimate_many(@extschema@.appointment[]) IS
    'Estimates many appointments at once, one result row per appointment (in no particular order: ORDER BY appt_id), set-based and in date order within each family and plan: each line sees the accumulators of the family''s earlier appointments in the set. sqlstate says what happened to each: 00000 priced (line is the adjudicated line), 02000 not priced (status and reasons say why), or the SQLSTATE costshare.estimate() would raise for that appointment alone (status error, message says why; 22004, 22023, 22003). A NULL appt_id (22004) or a duplicated one (22023, the detail names it) refuses the whole call. A value stored for a member or a plan that the estimate refuses with a data exception (SQLSTATE class 22, e.g. a ledger amount that is not a finite number of cents) fails only the appointments of that member''s family group (members linked by a family of their enrollments): status error, that SQLSTATE and message (an appointment''s own refusal first); every other appointment is estimated as if the group were not in the call. A line no plan design covers, or whose plan costshare.benefit_source_policy prefers the 271 for (as costshare.estimate decides), is priced from the member''s loaded 271 when there is one (costshare.estimate_271), one line of the family after the other in date order, each as if the family''s earlier 271-priced lines of the call had been posted to the ledger (costshare.estimate_271_after): the member''s own count toward her deductible, out-of-pocket limit, visits and plan-paid maximums, another member''s toward the family''s maximum, as posted lines do, so each such line is what one estimate at a time gives once each earlier line is posted (outside the plan design''s running accumulators); the benefit''s plan-paid maximums run down over each member''s lines of a plan and category in date order (costshare.plan_maximum; reason plan_maximum_reached); a member''s second coverage pays after the primary''s line as costshare.estimate coordinates it (cob_method, secondary_pays; its accumulators are those before the batch; under the standard method the benefit reserve is carried from the member''s earlier line of the batch coordinated by the same second plan in the same benefit period of that plan, in date order, after the reserve on record: never across two second plans or two benefit periods; the second plan''s own plan-paid maximums run down over the member''s lines of the batch it coordinates, after what its ledger shows: reason secondary_plan_maximum_reached); a third coverage pays after the first two as costshare.estimate coordinates it (costshare.coordinate_third; third_pays; its reserve and its own plan-paid maximums are carried and run down per member and third plan as the second''s: reason third_payer_plan_maximum_reached); patient_pays is what the patient owes after every payer (the line''s own patient_pays is the primary''s share); a second coverage that cannot price the line: reason secondary_not_priced; a third (or a third after a second that cannot): third_payer_not_priced; a fourth: fourth_payer_not_priced. unknown_terms: for a line priced from a 271 (reason 271_benefits), the terms the 271 leaves unstated (copay, coinsurance, deductible, out_of_pocket, visit_limit), as costshare.estimate''s unknown_terms: unknown, not zero, the estimate applies none of them, so patient_pays does not include them; else NULL.';

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
