-- ===================================================================================================
-- Posting to the ledger: a claim line is the payer's; concurrent postings serialize per line; no TEMP
-- (issue 9, defects 3, 4, 5 and 8)
-- ===================================================================================================
-- 1. The payer is part of a claim line's identity. Two payers use the same claim id (a secondary payer
--    answers the practice's claim under the practice's CLP01), so the ledger's key is (payer, claim,
--    line, version) and "the latest version of each line" is taken per (payer, claim, line). Existing
--    rows take the payer of their plan.
-- 2. An 835 posts to the coverage of the payer that sent it: its payer (N1*PR N104 / REF*2U, TRN03, or
--    the N1*PR name) is looked up in costshare.payer (costshare.x12_payer), and the claim goes to the
--    member's enrollment in a plan of that payer. A remit from a payer the member has no coverage with
--    is refused (a row with result no_coverage in lenient mode). A 271 reports snapshots only to the
--    plans of its own payer.
-- 3. post_835 takes a transaction advisory lock per stripe of (payer, claim, line) (256 stripes)
--    before it reads the lines' latest versions, all of a document's stripes at once in one order: two
--    interchanges holding the same claim both land, one after the other, and cannot deadlock.
-- 4. post_claim_line, post_835 and load_271 keep the members they write about (FOR KEY SHARE, through
--    costshare.lock_members) until their transaction ends: a concurrent member delete waits, then meets
--    member_reference_check; the foreign keys' own errors (which quote the member id) cannot happen.
-- 5. load_271 and post_835 use no temporary table, so they work after REVOKE TEMPORARY ON DATABASE.

-- ---- payers as X12 names them ----------------------------------------------------------------------

ALTER TABLE @extschema@.payer ADD COLUMN x12_ids text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN @extschema@.payer.x12_ids IS
    'Identifiers under which the payer appears in X12 documents: 271 NM1*PR NM109, 835 N1*PR N104 or REF*2U, 835 TRN03 (1 followed by the payer''s tax id); compared case-insensitively. costshare.x12_payer reads them.';

-- The rule is the engine's (cs_x12_payer.c, issue 10); the C function reads costshare.payer with the
-- caller's rights (SELECT on the table or its payer_id, name and x12_ids, and its row-level security
-- policies), as the PL/pgSQL it replaces did (test/reference/x12_payer_1_2.sql keeps it); its one query
-- (under row-level security) names only qualified objects. Not STRICT: any key may be NULL.
CREATE FUNCTION @extschema@.x12_payer(payer_id text, payer_name text DEFAULT NULL,
                                     trace_originator text DEFAULT NULL)
RETURNS text
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'costshare_x12_payer';
COMMENT ON FUNCTION @extschema@.x12_payer(text, text, text) IS
    'The costshare.payer an X12 document comes from: the first of its payer id (271 NM1*PR NM109, 835 N1*PR N104 / REF*2U), its trace originator (835 TRN03) and its payer name that names exactly one payer (ids against payer_id and x12_ids, the name against name and x12_ids, case and spacing ignored); NULL when none does or one is ambiguous.';

-- ---- members kept until the transaction ends -------------------------------------------------------

CREATE FUNCTION @extschema@.lock_members(member_ids text[])
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
-- SECURITY DEFINER: a row lock needs UPDATE on the table, and the loaders must not need that on
-- costshare.member; this locks and counts, nothing else (EXECUTE is not granted to PUBLIC).
-- PL/pgSQL rather than SQL: its plan is kept for the session (it runs once per claim line); one
-- equality probe per member (a probe by = ANY under FOR KEY SHARE cost four times as much).
DECLARE
    n integer := 0;
    v_id text;
BEGIN
    IF cardinality(member_ids) > 1 THEN
        member_ids := ARRAY(SELECT DISTINCT u.id FROM unnest(member_ids) AS u(id));
    END IF;
    FOREACH v_id IN ARRAY coalesce(member_ids, '{}') LOOP
        PERFORM 1 FROM @extschema@.member m WHERE m.member_id = v_id FOR KEY SHARE OF m;
        IF FOUND THEN
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION @extschema@.lock_members(text[]) FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.lock_members(text[]) IS
    'Locks the given members FOR KEY SHARE until the transaction ends and returns how many exist: a concurrent delete of one of them waits, then meets member_reference_check. Used by post_claim_line, post_835 and load_271; grant EXECUTE to the roles that post claims or load X12 (not to PUBLIC: the count says whether an id exists).';

-- ---- the ledger: the payer in a claim line's key ---------------------------------------------------

ALTER TABLE @extschema@.accumulator_ledger ADD COLUMN payer_id text;
-- existing rows take the payer of their plan (the ledger is append-only: its trigger is set aside for
-- this one update)
ALTER TABLE @extschema@.accumulator_ledger DISABLE TRIGGER accumulator_ledger_append_only;
UPDATE @extschema@.accumulator_ledger l SET payer_id = p.payer_id
  FROM @extschema@.plan p WHERE p.plan_id = l.plan_id;
ALTER TABLE @extschema@.accumulator_ledger ENABLE TRIGGER accumulator_ledger_append_only;
ALTER TABLE @extschema@.accumulator_ledger
    ALTER COLUMN payer_id SET NOT NULL,
    ADD CONSTRAINT accumulator_ledger_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES @extschema@.payer,
    DROP CONSTRAINT accumulator_ledger_claim_id_line_no_claim_version_key,
    ADD CONSTRAINT accumulator_ledger_line_version_key UNIQUE (payer_id, claim_id, line_no, claim_version);
COMMENT ON COLUMN @extschema@.accumulator_ledger.payer_id IS
    'The payer whose claim line this is (the payer of plan_id): a claim line is identified by payer, claim id and line number, so another payer''s remit of the same claim id is another line.';
COMMENT ON TABLE @extschema@.accumulator_ledger IS
    'Append-only ledger of claim-line events (estimated, pending, final, reversed), one row per payer, claim id, line and version; the latest version of each (payer, claim, line) counts.';

-- a row written without its payer (direct INSERT or COPY, as before 1.2) is the payer of its plan
CREATE FUNCTION @extschema@.ledger_default_payer() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.payer_id IS NULL THEN
        SELECT p.payer_id INTO NEW.payer_id FROM @extschema@.plan p WHERE p.plan_id OPERATOR(pg_catalog.=) NEW.plan_id;
    END IF;
    RETURN NEW;
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.ledger_default_payer() IS
    'Trigger function: a costshare.accumulator_ledger row inserted without payer_id takes the payer of its plan.';
CREATE TRIGGER accumulator_ledger_default_payer BEFORE INSERT ON @extschema@.accumulator_ledger
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_default_payer();
COMMENT ON TRIGGER accumulator_ledger_default_payer ON @extschema@.accumulator_ledger IS
    'Fills payer_id from the plan when an insert leaves it out.';

-- the true-up is the payer's too (the table is new in 1.2 and empty here)
ALTER TABLE @extschema@.claim_trueup
    ADD COLUMN payer_id text NOT NULL,
    DROP CONSTRAINT claim_trueup_pkey,
    ADD PRIMARY KEY (payer_id, claim_id, line_no, final_version);
COMMENT ON COLUMN @extschema@.claim_trueup.payer_id IS
    'The payer whose remittance trued up the estimate (the claim line''s payer in costshare.accumulator_ledger).';

-- ---- the ledger: a later payer's coordination of the line (the benefit reserve, issue 10) ---------

-- A line a payer paid after another (as secondary or tertiary) under the standard (traditional) COB
-- method records that payer's normal benefit N2 (what it would have paid as primary) and what it paid:
-- the saving N2 - paid is the member's benefit reserve with that plan for later claims of the benefit
-- period (domain.md §6). Which lines count and how they add up is the engine's
-- (cs_cob_reserve_on_record): the latest version of each line, pending or final, in the plan's period.
-- New nullable columns: existing rows are not rewritten (NULL: no coordination recorded).
ALTER TABLE @extschema@.accumulator_ledger
    ADD COLUMN cob_normal_benefit numeric,
    ADD COLUMN cob_paid numeric,
    ADD CONSTRAINT accumulator_ledger_cob_check CHECK ((cob_normal_benefit IS NULL) = (cob_paid IS NULL));
COMMENT ON COLUMN @extschema@.accumulator_ledger.cob_normal_benefit IS
    'For a line this payer paid after another payer: its normal benefit in dollars, what it would have paid as primary (costshare.coordinate''s normal_benefit); NULL: no coordination recorded. With cob_paid it makes the member''s benefit reserve with the plan (standard method): the saving cob_normal_benefit - cob_paid is kept for later claims of the benefit period.';
COMMENT ON COLUMN @extschema@.accumulator_ledger.cob_paid IS
    'For a line this payer paid after another payer: what it paid, in dollars (post_835: the remit''s line payment; post_claim_line: its cob_paid argument); NULL exactly when cob_normal_benefit is NULL.';
COMMENT ON CONSTRAINT accumulator_ledger_cob_check ON @extschema@.accumulator_ledger IS
    'A line''s coordination is recorded whole: cob_normal_benefit and cob_paid are both given or both NULL.';

-- ---- post_claim_line: the payer, the member lock ---------------------------------------------------

-- a new optional last argument: the 1.1 function is replaced (calls with 14 arguments keep working)
DROP FUNCTION @extschema@.post_claim_line(text, integer, integer, text, text, text, date, numeric, numeric,
                                          numeric, text, text, integer, date);

CREATE FUNCTION @extschema@.post_claim_line(
    claim_id text, claim_version integer, line_no integer, status text,
    member_id text, plan_id text, service_date date,
    deductible numeric, copay numeric, coinsurance numeric,
    category text DEFAULT NULL, bucket text DEFAULT 'in', visits integer DEFAULT 1,
    adjudicated_on date DEFAULT NULL, payer_id text DEFAULT NULL, allowed numeric DEFAULT NULL,
    service_code text DEFAULT NULL, provider text DEFAULT NULL, plan_paid numeric DEFAULT NULL,
    cob_normal_benefit numeric DEFAULT NULL, cob_paid numeric DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_family text;
    v_payer text;
    v_visits integer := CASE WHEN status = 'reversed' THEN 0 ELSE coalesce(visits, 1) END;
    existing record;
BEGIN
    -- load the library first: its hook keeps member data out of any error (and of the statement
    -- logged with it) from here on, even in a session's first call (src/glue/privacy.c)
    PERFORM @extschema@.error_excerpt('');
    IF claim_id IS NULL OR claim_version IS NULL OR line_no IS NULL OR status IS NULL
       OR member_id IS NULL OR plan_id IS NULL OR service_date IS NULL THEN
        RAISE EXCEPTION 'claim line fields must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'claim_id, claim_version, line_no, status, member_id, plan_id and service_date are required.',
            HINT = 'Pass every identifying field of the claim line.';
    END IF;
    IF coalesce(deductible, 0) < 0 OR coalesce(copay, 0) < 0 OR coalesce(coinsurance, 0) < 0 OR coalesce(visits, 0) < 0
       OR coalesce(post_claim_line.plan_paid, 0) < 0 THEN
        RAISE EXCEPTION 'amount must not be negative' USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = 'A claim line''s deductible, copay, coinsurance, visits or plan_paid is negative.',
            HINT = 'Post the line''s amounts as they are; reverse a line by posting a new version with status reversed.';
    END IF;
    IF coalesce(deductible, 0) <> round(coalesce(deductible, 0), 2) OR coalesce(copay, 0) <> round(coalesce(copay, 0), 2)
       OR coalesce(coinsurance, 0) <> round(coalesce(coinsurance, 0), 2)
       OR coalesce(post_claim_line.plan_paid, 0) <> round(coalesce(post_claim_line.plan_paid, 0), 2) THEN
        RAISE EXCEPTION 'amount has fractions of a cent' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'A claim line''s amount is not a whole number of cents.',
            HINT = 'Round the amounts to cents first, for example with round(x, 2).';
    END IF;
    IF claim_id = '' OR claim_version < 1 OR line_no < 1 THEN
        RAISE EXCEPTION 'invalid claim line key' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'claim_id must not be empty; claim_version and line_no start at 1.',
            HINT = 'Use the payer''s claim id, the claim''s version (frequency) and the line number.';
    END IF;
    IF status NOT IN ('estimated', 'pending', 'final', 'reversed') THEN
        RAISE EXCEPTION 'unknown setting word' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'status accepts estimated, pending, final or reversed.',
            HINT = 'Use one of the accepted words, in lower case.';
    END IF;
    IF post_claim_line.service_code = '' OR post_claim_line.provider = '' THEN
        RAISE EXCEPTION 'service code or provider is empty' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'service_code and provider are optional, but when given must not be empty.',
            HINT = 'Pass the line''s CPT/HCPCS code and the rendering provider''s id (NPI), or NULL.';
    END IF;
    IF (post_claim_line.cob_normal_benefit IS NULL) <> (post_claim_line.cob_paid IS NULL) THEN
        RAISE EXCEPTION 'coordination amounts must be given together' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'cob_normal_benefit and cob_paid record a later payer''s coordination of the line: give both or neither.',
            HINT = 'Pass the payer''s normal benefit (costshare.coordinate''s normal_benefit) with what it paid, or leave both out.';
    END IF;
    -- a provider is recorded only when it is on file: the remittance median never counts an invented one
    IF post_claim_line.provider IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM @extschema@.provider pr WHERE pr.provider_id = post_claim_line.provider) THEN
        RAISE EXCEPTION 'the provider is not known' USING ERRCODE = 'foreign_key_violation',
            DETAIL = 'provider names no row of costshare.provider.',
            HINT = 'Add the provider to costshare.provider first, or post the line without it.';
    END IF;

    -- the claim line is the plan's payer's; a payer named by the caller must be that one
    SELECT p.payer_id INTO v_payer FROM @extschema@.plan p WHERE p.plan_id = post_claim_line.plan_id;
    IF FOUND AND post_claim_line.payer_id IS NOT NULL AND post_claim_line.payer_id <> v_payer THEN
        RAISE EXCEPTION 'the plan is not a plan of this payer' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'payer_id names another payer than the payer of plan_id.',
            HINT = 'Post a payer''s claim line to the member''s plan of that payer, or leave payer_id out.';
    END IF;

    -- keep the member until this transaction ends (a concurrent delete waits, then meets
    -- member_reference_check), so the ledger's foreign key cannot fail and quote the id; a member
    -- deleted meanwhile has no enrollment either (the lookup below runs after the lock)
    PERFORM @extschema@.lock_members(ARRAY[post_claim_line.member_id]);
    SELECT e.family_id INTO v_family
      FROM @extschema@.enrollment e
     WHERE e.member_id = post_claim_line.member_id AND e.plan_id = post_claim_line.plan_id
       AND e.coverage @> post_claim_line.service_date;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no coverage for this claim line' USING ERRCODE = 'foreign_key_violation',
            DETAIL = 'The member has no enrollment in this plan on the date of service.',
            HINT = 'Load the enrollment first, or check the plan and the date of service.';
    END IF;

    INSERT INTO @extschema@.accumulator_ledger AS l
        (payer_id, claim_id, claim_version, line_no, status, family_id, member_id, plan_id, bucket, category,
         service_date, deductible, copay, coinsurance, visits, adjudicated_on, allowed, service_code, provider_id,
         plan_paid, cob_normal_benefit, cob_paid)
    VALUES (v_payer, claim_id, claim_version, line_no, status, v_family, member_id, plan_id, coalesce(bucket, 'in'),
            category, service_date, coalesce(deductible, 0), coalesce(copay, 0), coalesce(coinsurance, 0),
            v_visits, adjudicated_on, allowed, post_claim_line.service_code, post_claim_line.provider,
            post_claim_line.plan_paid, post_claim_line.cob_normal_benefit, post_claim_line.cob_paid)
    ON CONFLICT ON CONSTRAINT accumulator_ledger_line_version_key DO NOTHING;
    IF FOUND THEN
        RETURN 'posted';
    END IF;

    -- the same version again: a no-op when it says the same thing, an error when it does not
    SELECT * INTO existing FROM @extschema@.accumulator_ledger x
     WHERE x.payer_id = v_payer AND x.claim_id = post_claim_line.claim_id
       AND x.line_no = post_claim_line.line_no AND x.claim_version = post_claim_line.claim_version;
    IF existing.status = status AND existing.member_id = member_id AND existing.plan_id = plan_id
       AND existing.service_date = service_date AND existing.deductible = coalesce(deductible, 0)
       AND existing.copay = coalesce(copay, 0) AND existing.coinsurance = coalesce(coinsurance, 0)
       AND existing.bucket = coalesce(bucket, 'in') AND existing.category IS NOT DISTINCT FROM category
       AND existing.visits = v_visits
       AND existing.adjudicated_on IS NOT DISTINCT FROM adjudicated_on
       -- the allowed amount is recorded since 1.2: a line posted without it is the same line
       AND (existing.allowed IS NULL OR post_claim_line.allowed IS NULL OR existing.allowed = post_claim_line.allowed)
       -- so are the service code and provider (recorded since 1.2)
       AND (existing.service_code IS NULL OR post_claim_line.service_code IS NULL
            OR existing.service_code = post_claim_line.service_code)
       AND (existing.provider_id IS NULL OR post_claim_line.provider IS NULL
            OR existing.provider_id = post_claim_line.provider)
       -- and what the plan paid (recorded since 1.2, part 90)
       AND (existing.plan_paid IS NULL OR post_claim_line.plan_paid IS NULL
            OR existing.plan_paid = post_claim_line.plan_paid)
       -- and the coordination (recorded since 1.2; the two are given together)
       AND (existing.cob_paid IS NULL OR post_claim_line.cob_paid IS NULL
            OR (existing.cob_normal_benefit = post_claim_line.cob_normal_benefit
                AND existing.cob_paid = post_claim_line.cob_paid)) THEN
        RETURN 'duplicate';
    END IF;
    RAISE EXCEPTION 'claim line version already posted with other values' USING ERRCODE = 'unique_violation',
        DETAIL = format('Version %s of line %s of this claim is already in the ledger with different values.',
                        claim_version, line_no),
        HINT = 'Post corrections as a new claim_version.';
END $$;
COMMENT ON FUNCTION @extschema@.post_claim_line(text, integer, integer, text, text, text, date, numeric, numeric, numeric, text, text, integer, date, text, numeric, text, text, numeric, numeric, numeric) IS
    'Posts one claim-line event to the accumulator ledger: a claim line is identified by payer (the plan''s payer; payer_id, when given, must be it), claim id and line; allowed (optional) is the line''s allowed amount (post_835 records the remit''s); service_code and provider (optional) are the line''s CPT/HCPCS code and rendering provider (a costshare.provider id, refused when not on file), which with allowed make the line count for costshare.remittance_allowed; plan_paid (optional) is what the plan paid on the line (post_835 records SVC03), counted toward the benefit''s plan-paid maximums (without it: allowed - deductible - copay - coinsurance when allowed is given); cob_normal_benefit and cob_paid (optional, together) record a later payer''s coordination of the line, its normal benefit and what it paid, whose saving is the member''s benefit reserve with the plan for later claims of the period (costshare.estimate, standard method); idempotent by payer, claim id, line and version (posting the same version twice is a no-op), safe under concurrency (the member is kept until the transaction ends); the latest version of each line counts, and a reversed version counts nothing.';

-- ---- load_271: no temporary table; snapshots only to the plans of the 271's payer ------------------

CREATE FUNCTION @extschema@.load_271(doc text, as_of date DEFAULT NULL,
    OUT status text, OUT benefits integer, OUT snapshots integer, OUT rejections integer)
RETURNS record
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
#variable_conflict use_column
DECLARE
    v_as_of date := coalesce(load_271.as_of, current_date);
    v_payer text;
    v_payer_key text;
    v_isa13 text;
    v_missing bigint;
    v_locked integer;
    v_wanted integer;
    v_conflicts bigint;
    v_bad_segment bigint;
    v_bad_other bigint;
    v_bad_sqlstate text;
    v_bad_message text;
    v_bad_detail text;
    v_bad_hint text;
    r record;
BEGIN
    -- load the library first: its hook keeps member data out of any error (and of the statement
    -- logged with it) from here on, even in a session's first call (src/glue/privacy.c)
    PERFORM @extschema@.error_excerpt('');
    IF doc IS NULL THEN
        RAISE EXCEPTION 'doc must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'A value is required for doc.', HINT = 'Pass the text of a 271 document.';
    END IF;
    -- the document is parsed where it is used (twice: checks, then the load), never kept in a
    -- temporary table: the loader needs no TEMP privilege
    -- (a row before the payer's NM1, e.g. an AAA of the information source, has no payer: not a second one)
    SELECT count(*) AS n, count(DISTINCT (p.payer).id) AS payers, coalesce(min((p.payer).id), '') AS payer,
           min((p.payer).last_name) AS payer_name,
           count(DISTINCT p.interchange_control) AS isas, min(p.interchange_control) AS isa13
      INTO r FROM @extschema@.parse_271(doc, 'strict') p;
    IF r.n = 0 THEN
        RAISE EXCEPTION '271 holds no benefit and no rejection' USING ERRCODE = 'no_data_found',
            DETAIL = 'The document parsed, but has no EB and no AAA segment.',
            HINT = 'Load the 271 the payer sent in answer to a 270.';
    END IF;
    IF r.payers > 1 OR r.isas > 1 THEN
        RAISE EXCEPTION '271 holds more than one interchange or payer' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('The document has %s interchanges and %s payers.', r.isas, r.payers),
            HINT = 'Load one interchange at a time: each is recorded by payer and ISA13.';
    END IF;
    v_payer := r.payer; v_isa13 := r.isa13;
    v_payer_key := @extschema@.x12_payer(v_payer, r.payer_name);

    INSERT INTO @extschema@.x12_load (kind, sender, interchange_control, records)
    VALUES ('271', v_payer, v_isa13, r.n) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        status := 'duplicate'; benefits := 0; snapshots := 0; rejections := 0;
        RETURN;
    END IF;

    -- One statement from here on: the document is parsed once more, each distinct person is attached to a
    -- member once (a subscriber's EB segments share one attachment), the members found are locked, and
    -- only then are the rows written (the gate of p below: its InitPlan reads chk first); the snapshots
    -- are computed from the same rows rather than read back from the table.  When a benefit's person
    -- matches no member, or a member was deleted meanwhile, nothing is written and the errors below are
    -- raised after the statement (was: attach, lock, write and snapshot a statement each, two more parses).
    -- Only the columns stored are kept in q: the parser's rows are wide (payer, provider, subscriber and
    -- dependent loops); narrow rows keep the CTEs in memory instead of temporary files.
    WITH q AS MATERIALIZED (
        SELECT p.record_kind, p.segment, p.loop, p.valid_request, p.reject_reason, p.follow_up,
               p.info, p.benefit, p.level, p.network, p.figure, p.service_types, p.time_period,
               p.amount, p.percent, p.quantity_qualifier, p.quantity,
               CASE p.authorization WHEN 'Y' THEN true WHEN 'N' THEN false END AS auth_required,
               p.insurance_type, p.plan_description,
               (x.person).group_number, (x.person).group_name, (x.person).plan_number,
               (x.person).plan_name,
               CASE WHEN p.record_kind = 'benefit' THEN   -- (rejections store no dates)
               coalesce((p.dates).plan, ((x.person).dates).plan,
                        CASE WHEN coalesce((p.dates).plan_begin, ((x.person).dates).plan_begin,
                                       (p.dates).plan_end, ((x.person).dates).plan_end) IS NOT NULL
                        THEN daterange(lower(coalesce((p.dates).plan_begin, ((x.person).dates).plan_begin)),
                                       upper(coalesce((p.dates).plan_end, ((x.person).dates).plan_end))) END) END
                   AS plan_period,
               CASE WHEN p.record_kind = 'benefit' THEN   -- (rejections store no dates)
               coalesce((p.dates).eligibility, ((x.person).dates).eligibility,
                        CASE WHEN coalesce((p.dates).eligibility_begin, ((x.person).dates).eligibility_begin,
                                       (p.dates).eligibility_end, ((x.person).dates).eligibility_end) IS NOT NULL
                        THEN daterange(lower(coalesce((p.dates).eligibility_begin, ((x.person).dates).eligibility_begin)),
                                       upper(coalesce((p.dates).eligibility_end, ((x.person).dates).eligibility_end))) END) END
                   AS eligibility_period,
               p.related, p.messages,
               pg_catalog.concat_ws(',', pg_catalog.quote_nullable((x.person).id),
                                    pg_catalog.quote_nullable((x.person).birth_date),
                                    pg_catalog.quote_nullable((x.person).first_name),
                                    pg_catalog.quote_nullable((x.person).last_name)) AS person_key,
               (x.person).id AS person_id, (x.person).birth_date AS person_birth_date,
               (x.person).first_name AS person_first_name, (x.person).last_name AS person_last_name
          FROM @extschema@.parse_271(doc, 'strict') p,
               LATERAL (SELECT coalesce(p.dependent, p.subscriber) AS person) x
         WHERE p.record_kind IN ('benefit', 'rejection')),
    -- every benefit's person is attached to a member, or the load fails (and changes nothing)
    -- (each person's EB figures are gathered here too, for the check of bad below: no second join of
    -- q with the people)
    people AS MATERIALIZED (
        SELECT q.person_key, q.person_id, q.person_birth_date, q.person_first_name, q.person_last_name,
               min(q.segment) FILTER (WHERE q.record_kind = 'benefit') AS first_benefit,
               array_agg(ROW(q.segment, q.benefit, q.level, q.network, q.figure, q.service_types, q.amount,
                             q.percent, q.quantity_qualifier, q.quantity, q.auth_required,
                             q.time_period)::@extschema@.benefit_271_figure)
                   FILTER (WHERE q.record_kind = 'benefit') AS figures
          FROM q
         GROUP BY q.person_key, q.person_id, q.person_birth_date, q.person_first_name, q.person_last_name),
    attached AS MATERIALIZED (
        SELECT pp.person_key, pp.first_benefit, pp.figures,
               @extschema@.x12_attach_member(pp.person_id, pp.person_birth_date,
                                             pp.person_first_name, pp.person_last_name) AS member_id
          FROM people pp),
    -- The member ids written below are the ones x12_attach_member has just read from costshare.member
    -- (rejections may have none, NULL).  Locking those rows FOR KEY SHARE keeps them until this
    -- transaction ends (a concurrent delete waits, then meets member_reference_check), so the foreign
    -- keys to costshare.member cannot fail here and quote an id.
    chk AS MATERIALIZED (
        SELECT m.missing, cardinality(m.ids) AS wanted,
               CASE WHEN m.missing IS NULL THEN @extschema@.lock_members(m.ids) END AS locked
          FROM (SELECT min(a.first_benefit) FILTER (WHERE a.member_id IS NULL) AS missing,
                       coalesce(array_agg(DISTINCT a.member_id) FILTER (WHERE a.member_id IS NOT NULL), '{}') AS ids
                  FROM attached a) m),
    -- Figures of the 271 that contradict each other for a line it could price: the estimate's own rule
    -- (costshare.benefit_271_conflict: the engine's cs_p271_stored_conflict, cs_b271_choose with each
    -- category's service-type ranks and without a category, in and out of network, then the one
    -- predicate the estimate refuses by: a plan-paid maximum's remainder, 29 or 33, or used amount, 24,
    -- above its total; a deductible's or out-of-pocket's remaining above its total with no met stated;
    -- remaining + met with no total above the money range), over each member's EB segments; the first
    -- such pair of segments, and then nothing is written. Loaded, it would make every estimate of the
    -- member that takes both figures fail (estimate_many's whole batch with it).
    bad AS MATERIALIZED (
        SELECT x.segment, x.other_segment, x.sqlstate, x.message, x.detail, x.hint
          FROM (SELECT array_agg(f) AS figs
                  FROM attached a, unnest(a.figures) f
                 GROUP BY a.member_id IS NULL, coalesce(a.member_id, a.person_key)) f,
               LATERAL @extschema@.benefit_271_conflict(f.figs,
                   (SELECT coalesce(array_agg(s), '{}') FROM @extschema@.service_type_category s)) x
         WHERE x.segment IS NOT NULL
         ORDER BY x.segment, x.other_segment
         LIMIT 1),
    p AS MATERIALIZED (
        SELECT q.*, a.member_id
          FROM q JOIN attached a ON a.person_key = q.person_key
         WHERE (SELECT c.missing IS NULL AND c.locked = c.wanted FROM chk c)
           AND NOT EXISTS (SELECT 1 FROM bad)),
    rej AS (
        INSERT INTO @extschema@.eligibility_rejection
            (member_id, payer_id, interchange_control, segment, loop, as_of, valid_request, reject_reason, follow_up, info)
        SELECT p.member_id, v_payer, v_isa13, p.segment, p.loop, v_as_of, p.valid_request, p.reject_reason, p.follow_up, p.info
          FROM p WHERE p.record_kind = 'rejection'
        RETURNING 1),
    ben AS (
        INSERT INTO @extschema@.eligibility_benefit
            (member_id, payer_id, interchange_control, segment, as_of, benefit, info, level, network, figure,
             service_types, time_period, amount, percent, quantity_qualifier, quantity, auth_required,
             insurance_type, plan_description, group_number, group_name, plan_number, plan_name,
             plan_period, eligibility_period, related, messages)
        SELECT p.member_id, v_payer, v_isa13, p.segment, v_as_of, p.benefit, p.info, p.level, p.network, p.figure,
               p.service_types, p.time_period, p.amount, p.percent, p.quantity_qualifier, p.quantity,
               p.auth_required, p.insurance_type, p.plan_description,
               p.group_number, p.group_name, p.plan_number, p.plan_name,
               p.plan_period, p.eligibility_period, p.related, p.messages
          FROM p WHERE p.record_kind = 'benefit'
        RETURNING 1),
    -- deductible and OOP met per level and network, as dated payer-reported snapshots of the member's
    -- (individual) or family's accumulators under the enrollment on as_of in a plan of the 271's payer
    -- (another payer's figures are not this plan's; an unknown payer: none). Met is the payer's own
    -- year-to-date figure (EB06 24) when it states one, else total - remaining.
    -- Each member's figures are gathered first (one row per member, level and network), then joined to
    -- the enrollment: one enrollment probe per member rather than per EB segment, and the payer's own
    -- year-to-date figure is compared with total - remaining in the same pass.
    fig AS MATERIALIZED (
        SELECT b.member_id, b.level, b.network,
               max(b.amount) FILTER (WHERE b.benefit = 'deductible' AND b.figure = 'met') AS ded_ytd,
               max(b.amount) FILTER (WHERE b.benefit = 'deductible' AND b.figure = 'total') AS ded_total,
               max(b.amount) FILTER (WHERE b.benefit = 'deductible' AND b.figure = 'remaining') AS ded_left,
               max(b.amount) FILTER (WHERE b.benefit = 'out_of_pocket' AND b.figure = 'met') AS oop_ytd,
               max(b.amount) FILTER (WHERE b.benefit = 'out_of_pocket' AND b.figure = 'total') AS oop_total,
               max(b.amount) FILTER (WHERE b.benefit = 'out_of_pocket' AND b.figure = 'remaining') AS oop_left,
               count(*) FILTER (WHERE b.figure IN ('remaining', 'met')) AS stated
          FROM p b
         WHERE b.record_kind = 'benefit'
           AND b.benefit IN ('deductible', 'out_of_pocket') AND b.network IN ('in', 'out')
           AND b.level IS NOT NULL AND b.figure IN ('total', 'remaining', 'met')
         GROUP BY b.member_id, b.level, b.network),
    snap AS (
        INSERT INTO @extschema@.accumulator_snapshot AS s (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source)
        SELECT e.family_id, CASE WHEN f.level = 'individual' THEN f.member_id END, e.plan_id, f.network, v_as_of,
               coalesce(max(f.ded_ytd), max(f.ded_total) - max(f.ded_left), 0),
               coalesce(max(f.oop_ytd), max(f.oop_total) - max(f.oop_left), 0),
               'x12 271 ' || v_payer || ' ' || v_isa13
          FROM fig f
          -- (= ANY: the planner expects one row of fig and would probe enrollment_no_overlap, a btree_gist
          -- index, about 20 us a probe; gist cannot take = ANY, so the member's btree serves the join)
          JOIN @extschema@.enrollment e ON e.member_id = ANY (ARRAY[f.member_id]) AND e.coverage @> v_as_of
          JOIN @extschema@.plan pl ON pl.plan_id = e.plan_id AND pl.payer_id = v_payer_key
         GROUP BY e.family_id, CASE WHEN f.level = 'individual' THEN f.member_id END, e.plan_id, f.network
        HAVING sum(f.stated) > 0
        ON CONFLICT (family_id, member_id, plan_id, bucket, as_of)
        DO UPDATE SET ded_met = excluded.ded_met, oop_met = excluded.oop_met, source = excluded.source
        RETURNING 1)
    -- where the payer states both its year-to-date figure and a total and remaining that say otherwise,
    -- the payer's figure was used: say so below (counts only, no member data)
    SELECT (SELECT count(*) FROM rej), (SELECT count(*) FROM ben), (SELECT count(*) FROM snap),
           (SELECT count(*) FILTER (WHERE f.ded_ytd <> f.ded_total - f.ded_left)
                   + count(*) FILTER (WHERE f.oop_ytd <> f.oop_total - f.oop_left)
              FROM fig f),
           c.missing, c.locked, c.wanted,
           (SELECT b.segment FROM bad b), (SELECT b.other_segment FROM bad b), (SELECT b.sqlstate FROM bad b),
           (SELECT b.message FROM bad b), (SELECT b.detail FROM bad b), (SELECT b.hint FROM bad b)
      INTO rejections, benefits, snapshots, v_conflicts, v_missing, v_locked, v_wanted,
           v_bad_segment, v_bad_other, v_bad_sqlstate, v_bad_message, v_bad_detail, v_bad_hint
      FROM chk c;
    -- the engine's error for it (message, SQLSTATE, hint; no amount, no member data), naming the segments
    IF v_bad_segment IS NOT NULL THEN
        RAISE EXCEPTION USING MESSAGE = v_bad_message, ERRCODE = v_bad_sqlstate,
            DETAIL = pg_catalog.format('Segments %s and %s of interchange %s: %s.', v_bad_segment, v_bad_other,
                                       @extschema@.error_excerpt(v_isa13), v_bad_detail),
            HINT = v_bad_hint;
    END IF;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'no member matches the person of a 271 benefit' USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('Segment %s: neither the payer member id (with the birth date the loop states) nor member matching by name and birth date finds a single member.',
                            v_missing),
            HINT = 'Add the member (and the enrollment with payer_member_id) first, then load the 271 again.';
    END IF;
    IF v_locked <> v_wanted THEN
        RAISE EXCEPTION 'a member of the 271 was deleted during the load' USING ERRCODE = 'serialization_failure',
            DETAIL = 'Another transaction deleted a member the 271 is about while it was being loaded.',
            HINT = 'Load the 271 again.';
    END IF;

    IF v_conflicts > 0 THEN
        RAISE WARNING 'the 271 states amounts met that disagree with its totals and remaining amounts'
            USING DETAIL = pg_catalog.format('%s deductible or out-of-pocket figure(s) of interchange %s: the payer''s year-to-date amount (EB06 24) differs from total (EB06 22/23) minus remaining (EB06 29); the year-to-date amount was used.',
                                             v_conflicts, @extschema@.error_excerpt(v_isa13)),
                  HINT = 'Ask the payer which figure is current if the difference matters.';
    END IF;

    status := 'loaded';
END $$;
COMMENT ON FUNCTION @extschema@.load_271(text, date) IS
    'Loads a 271 (strict mode) into the eligibility tables: each EB as a dated payer-reported benefit of the member it is about (costshare.x12_attach_member), deductible and OOP met (total - remaining) per level and network as costshare.accumulator_snapshot rows under the member''s enrollment on as_of (default today) in a plan of the 271''s payer (costshare.x12_payer), AAA rejections into costshare.eligibility_rejection; figures that contradict each other for a line the 271 could price (costshare.benefit_271_conflict, the estimate''s own rule: a plan-paid maximum''s remainder, 29 or 33, or used amount, 24, above its total, 23 or 32; a deductible or out-of-pocket remaining above its total with no met stated) are refused (22023, naming the segments) and nothing is loaded, so that no estimate meets them later; idempotent by payer and ISA13 (status duplicate); atomic: an error changes nothing; needs no TEMP privilege.';

-- ---- post_835: the payer's coverage, per-line serialization, no temporary table --------------------

CREATE FUNCTION @extschema@.post_835(doc text, mode text DEFAULT 'strict')
RETURNS TABLE (claim_id text, line_no integer, claim_version integer, status text, result text,
               deductible numeric, copay numeric, coinsurance numeric, trueup numeric)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
DECLARE
    v_sender text;     -- the payer as the 835 names it (costshare.x12_load.sender)
    v_payer text;      -- the costshare.payer it is
    v_isa13 text;
    v_lock integer;
    r record;
    v_member text;
    v_locked text[] := '{}';
    v_plan text;
    v_version integer;
    v_status text;
    v_provider text;
    v_position integer;
    ctx @extschema@.line_context;
    est record;
BEGIN
    -- load the library first: its hook keeps member data out of any error (and of the statement
    -- logged with it) from here on, even in a session's first call (src/glue/privacy.c)
    PERFORM @extschema@.error_excerpt('');
    IF doc IS NULL OR mode IS NULL THEN
        RAISE EXCEPTION 'doc and mode must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'A value is required for doc and mode.', HINT = 'Pass the text of an 835 document and strict or lenient.';
    END IF;
    -- the document is parsed twice (its summary, then its lines), never kept in a temporary table:
    -- posting needs no TEMP privilege
    SELECT count(*) AS n,
           count(DISTINCT p.interchange_control) AS isa, min(p.interchange_control) AS isa13,
           count(DISTINCT coalesce(p.payer_id, p.payer_name, '')) AS payers,
           min(coalesce(p.payer_id, p.payer_name, '')) AS payer,
           min(p.payer_id) AS payer_id, min(p.payer_name) AS payer_name, min(p.trace_originator) AS trace_originator,
           array_agg(DISTINCT p.claim_id || E'\x1f' || coalesce(p.line_number, 1))
               FILTER (WHERE p.record_kind = 'line' OR p.record_kind = 'claim' AND p.lines = 0) AS line_keys
      INTO r FROM @extschema@.parse_835(doc, mode) p WHERE p.record_kind <> 'finding';
    IF r.n = 0 THEN
        RAISE EXCEPTION '835 holds no claim' USING ERRCODE = 'no_data_found',
            DETAIL = 'The document parsed, but has no CLP segment.', HINT = 'Post the 835 the payer sent.';
    END IF;
    IF r.isa > 1 OR r.payers > 1 THEN
        RAISE EXCEPTION '835 holds more than one interchange or payer' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('The document has %s interchanges and %s payers.', r.isa, r.payers),
            HINT = 'Post one interchange at a time: each is recorded by payer and ISA13.';
    END IF;
    v_sender := r.payer; v_isa13 := r.isa13;

    -- the remit posts to the coverage of the payer that sent it: which costshare.payer is it?
    v_payer := @extschema@.x12_payer(r.payer_id, r.payer_name, r.trace_originator);
    IF v_payer IS NULL THEN
        RAISE EXCEPTION 'the payer of the 835 is not known' USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('No single costshare.payer has the payer id %s, the trace originator %s or the name %s of the 835 (N1*PR, REF*2U, TRN03).',
                            coalesce(quote_literal(left(r.payer_id, 80)), 'NULL'),
                            coalesce(quote_literal(left(r.trace_originator, 80)), 'NULL'),
                            coalesce(quote_literal(left(r.payer_name, 80)), 'NULL')),
            HINT = 'Add the payer''s X12 identifier to costshare.payer.x12_ids, then post the 835 again.';
    END IF;

    INSERT INTO @extschema@.x12_load (kind, sender, interchange_control, records)
    VALUES ('835', v_sender, v_isa13, r.n) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::text, NULL::integer, NULL::integer, NULL::text, 'duplicate'::text,
                            NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric;
        RETURN;
    END IF;

    -- Each line's next version is max(version) + 1 of that (payer, claim, line): another posting of
    -- the same line must wait until this one commits. Transaction advisory locks, the two-key form
    -- (hashtext('costshare.accumulator_ledger'), stripe): a line's stripe is one of 256 by the hash
    -- of (payer, claim, line), so a document takes at most 256 locks (the shared lock table stays
    -- small) and two documents wait for each other only when they share a stripe. All of a
    -- document's stripes are taken now, in ascending order: two documents cannot deadlock.
    FOR v_lock IN
        SELECT DISTINCT hashtext(v_payer || E'\x1f' || k) & 255 FROM unnest(r.line_keys) k ORDER BY 1
    LOOP
        PERFORM pg_advisory_xact_lock(hashtext('costshare.accumulator_ledger'), v_lock);
    END LOOP;

    -- one ledger event per service line (or per claim without lines): PR-1, PR-3, PR-2
    FOR r IN
        SELECT p.*, coalesce(p.line_number, 1) AS line,
               coalesce(lower(p.service), lower(p.statement)) AS service_date
          FROM @extschema@.parse_835(doc, mode) p
         WHERE p.record_kind = 'line'
            OR p.record_kind = 'claim' AND p.lines = 0
         ORDER BY p.segment
    LOOP
        -- the patient (NM1*QC) when named, else the insured; the payer's member id of either
        v_member := @extschema@.x12_attach_member(coalesce((r.patient).id, (r.insured).id), NULL,
                                                  coalesce((r.patient).first_name, (r.insured).first_name),
                                                  coalesce((r.patient).last_name, (r.insured).last_name));
        IF v_member IS NULL THEN
            RAISE EXCEPTION 'no member matches the patient of an 835 claim' USING ERRCODE = 'foreign_key_violation',
                DETAIL = format('Segment %s: neither the payer member id nor member matching by name finds a single member for NM1*QC (else NM1*IL).', r.claim_segment),
                HINT = 'Add the member and its enrollment (payer_member_id) first, then post the 835 again.';
        END IF;
        -- keep the member found until this transaction ends (as load_271 does): a concurrent delete
        -- waits, then meets member_reference_check, so the ledger's foreign key cannot fail and quote an id
        IF NOT v_member = ANY (v_locked) THEN
            IF @extschema@.lock_members(ARRAY[v_member]) = 0 THEN
                RAISE EXCEPTION 'a member of the 835 was deleted during the posting' USING ERRCODE = 'serialization_failure',
                    DETAIL = format('Segment %s: another transaction deleted the member this claim is about while it was being posted.', r.claim_segment),
                    HINT = 'Post the 835 again.';
            END IF;
            v_locked := v_locked || v_member;   -- locked until the transaction ends: once is enough
        END IF;
        IF r.service_date IS NULL THEN
            RAISE EXCEPTION '835 claim line has no date of service' USING ERRCODE = 'null_value_not_allowed',
                DETAIL = format('Segment %s: neither DTM*472/150 nor DTM*232 gives a date.', r.segment),
                HINT = 'Ask the payer for a remittance with service dates.';
        END IF;
        -- the member's coverage with this payer on the date of service (of its plans: the one whose
        -- payer member id the 835 states; else the one at the COB position the claim says it was
        -- processed at (CLP02 1/19 primary, 2/20 secondary, 3/21 tertiary: two plans of one payer, a
        -- couple both insured by it); else the first in COB order)
        SELECT e.plan_id, cp.cob_position INTO v_plan, v_position
          FROM @extschema@.enrollment e
          JOIN @extschema@.plan pl ON pl.plan_id = e.plan_id
          LEFT JOIN @extschema@.member_cob_positions(v_member, r.service_date) cp ON cp.enrollment_id = e.enrollment_id
         WHERE e.member_id = v_member AND e.coverage @> r.service_date AND pl.payer_id = v_payer
         ORDER BY (upper(regexp_replace(e.payer_member_id, '[\s-]', '', 'g'))
                   = upper(regexp_replace(coalesce((r.patient).id, (r.insured).id), '[\s-]', '', 'g'))) DESC NULLS LAST,
                  (cp.cob_position = CASE WHEN r.claim_status IN ('1', '19') THEN 1 WHEN r.claim_status IN ('2', '20') THEN 2
                                          WHEN r.claim_status IN ('3', '21') THEN 3 END) DESC NULLS LAST,
                  cp.cob_position NULLS LAST, e.plan_id
         LIMIT 1;
        IF NOT FOUND THEN
            IF mode = 'lenient' THEN
                -- a finding: nothing posted for this line
                claim_id := r.claim_id; line_no := r.line; claim_version := NULL; status := NULL;
                result := 'no_coverage'; deductible := NULL; copay := NULL; coinsurance := NULL; trueup := NULL;
                RETURN NEXT;
                CONTINUE;
            END IF;
            RAISE EXCEPTION 'the patient of an 835 claim has no coverage with its payer' USING ERRCODE = 'foreign_key_violation',
                DETAIL = format('Segment %s: the member has no enrollment in a plan of payer %s on the date of service; a remit posts only to the coverage of the payer that sent it.',
                                r.claim_segment, v_payer),
                HINT = 'Add the member''s enrollment with this payer first, then post the 835 again (lenient mode posts the other claims and reports this one as no_coverage).';
        END IF;
        -- claim status 22 (reversal of a previous payment) or frequency 8 (void) reverses the line
        v_status := CASE WHEN r.claim_status = '22' OR r.frequency = '8' THEN 'reversed' ELSE 'final' END;
        SELECT l.* INTO est FROM @extschema@.accumulator_ledger l
         WHERE l.payer_id = v_payer AND l.claim_id = r.claim_id AND l.line_no = r.line
         ORDER BY l.claim_version DESC LIMIT 1;
        v_version := coalesce(est.claim_version, 0) + 1;
        claim_id := r.claim_id; line_no := r.line; claim_version := v_version; status := v_status;
        deductible := CASE WHEN v_status = 'reversed' THEN 0 ELSE r.pr_deductible END;
        copay := CASE WHEN v_status = 'reversed' THEN 0 ELSE r.pr_copay END;
        coinsurance := CASE WHEN v_status = 'reversed' THEN 0 ELSE r.pr_coinsurance END;
        -- the rendering provider: the claim's NM1*82 NPI when the remit names one, else the payee's
        -- N1*PE NPI; recorded only when that provider is on file (never an invented one)
        SELECT pr.provider_id INTO v_provider FROM @extschema@.provider pr
         WHERE pr.provider_id = coalesce(CASE WHEN (r.rendering).id_qualifier = 'XX' THEN nullif((r.rendering).id, '') END,
                                         nullif(r.payee_npi, ''));
        -- the line's category, network and accumulator bucket are the estimate's (one path: the C line
        -- context of this coverage, at its COB position): the service-code row for the code and its
        -- first modifier, the provider's participation in the plan on the date, the benefit's bucket.
        -- A payer's PR amounts from an out-of-network provider credit the out-of-network bucket, as the
        -- estimate reads them; without a benefit row of the category (or without a procedure code: a
        -- claim without service lines), out for a provider out of network, else in (a provider not
        -- on file, network unknown: in, as before).
        ctx := @extschema@.line_context(v_member, r.service_date, coalesce(r.procedure_code, ''), v_provider, NULL,
                                        (SELECT m FROM pg_catalog.unnest(r.modifiers) m WHERE m <> '' LIMIT 1),
                                        v_position);
        IF ctx.plan_id IS DISTINCT FROM v_plan THEN
            RAISE EXCEPTION 'the line context of an 835 line is not the coverage it posts to'
                USING ERRCODE = 'internal_error',
                      DETAIL = format('Segment %s: the coverage at COB position %s is not the plan chosen for the payer.', r.segment, v_position),
                      HINT = 'Report this as a costshare bug, with the plans and enrollments involved (not the 835).';
        END IF;
        result := @extschema@.post_claim_line(r.claim_id, v_version, r.line, v_status, v_member, v_plan,
                      r.service_date, deductible, copay, coinsurance,
                      ctx.category,
                      CASE WHEN ctx.bucket IS NOT NULL THEN ctx.bucket WHEN ctx.network = 'out' THEN 'out' ELSE 'in' END, 1,
                      coalesce(r.payment_date, r.production_date), v_payer,
                      CASE WHEN v_status = 'reversed' THEN NULL ELSE r.allowed END,
                      nullif(r.procedure_code, ''), v_provider,
                      -- what the payer paid on the line (SVC03; CLP04 for a claim without lines): the
                      -- plan-paid maximums count it; a negative payment (a recoupment) is not recorded
                      CASE WHEN v_status = 'reversed' THEN 0
                           WHEN coalesce(r.paid, r.claim_paid) >= 0 THEN coalesce(r.paid, r.claim_paid) END,
                      -- a line the payer processed after another (CLP02 2/20 secondary, 3/21 tertiary) whose
                      -- earlier version recorded the payer's normal benefit (the practice posted its
                      -- coordinated estimate): the remit's payment with that normal benefit (the 835
                      -- itself does not state it), for the member's benefit reserve
                      CASE WHEN v_status <> 'reversed' AND r.claim_status IN ('2', '20', '3', '21')
                                AND est.cob_normal_benefit IS NOT NULL
                                AND coalesce(r.paid, r.claim_paid) IS NOT NULL THEN est.cob_normal_benefit END,
                      CASE WHEN v_status <> 'reversed' AND r.claim_status IN ('2', '20', '3', '21')
                                AND est.cob_normal_benefit IS NOT NULL
                                AND coalesce(r.paid, r.claim_paid) IS NOT NULL THEN coalesce(r.paid, r.claim_paid) END);
        trueup := NULL;
        IF est.status = 'estimated' THEN
            INSERT INTO @extschema@.claim_trueup (payer_id, claim_id, line_no, estimate_version, final_version,
                interchange_control, estimated_deductible, estimated_copay, estimated_coinsurance,
                final_deductible, final_copay, final_coinsurance)
            VALUES (v_payer, r.claim_id, r.line, est.claim_version, v_version, v_isa13, est.deductible, est.copay,
                    est.coinsurance, deductible, copay, coinsurance);
            trueup := deductible + copay + coinsurance - est.deductible - est.copay - est.coinsurance;
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.post_835(text, text) IS
    'Posts an 835 to the accumulator ledger through costshare.post_claim_line: the 835''s payer is found in costshare.payer (costshare.x12_payer) and each service line (or claim without lines) posts to the patient''s coverage with that payer as a new version of the payer''s claim line, with PR-1 deductible, PR-3 copay and PR-2 coinsurance, the allowed amount (AMT*B6), the SVC01 procedure code, the rendering provider (NM1*82 NPI, else the payee''s N1*PE NPI, when on file in costshare.provider), the category, network and accumulator bucket the estimate''s line context gives that coverage (the service-code row for the code and its first modifier, the provider''s participation in the plan, the benefit''s bucket, else the network''s: an out-of-network provider''s PR amounts credit the out-of-network accumulators) and the payer''s payment of the line (SVC03, or CLP04 for a claim without lines, as plan_paid; not when negative), status final, or reversed for claim status 22 or frequency 8; a line processed as secondary or tertiary (CLP02 2, 3, 20, 21) whose earlier version recorded the payer''s normal benefit (cob_normal_benefit) records it again with the remit''s payment (SVC03, else CLP04) as cob_paid (the member''s benefit reserve); a patient without coverage with that payer is refused (lenient mode: result no_coverage, nothing posted for the line); an earlier estimated entry of the line is trued up in costshare.claim_trueup; concurrent postings of the same line wait for each other; idempotent by payer and ISA13 (result duplicate); atomic; needs no TEMP privilege.';
