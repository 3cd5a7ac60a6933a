-- ===================================================================================================
-- X12 in the database: 271 / 835 / 270 parsing, 270 building, loading 271s, posting 835s (doc/x12.md)
--
-- The parsers and the builder are the engine's (src/engine/cs_x12*.c), reached through the thin glue in
-- src/glue/x12.c; the loaders below only compose those functions with the plan tables.
-- ===================================================================================================

CREATE TYPE @extschema@.x12_party AS (
    entity       text,   -- NM101: PR payer, 1P provider, IL insured, P3 primary care provider, ...
    entity_type  text,   -- NM102: 1 person, 2 non-person entity
    last_name    text,   -- NM103: last name or organisation name
    first_name   text,   -- NM104
    middle_name  text,   -- NM105
    suffix       text,   -- NM107
    id_qualifier text,   -- NM108: PI payer id, XX NPI, MI member id, SV, FI, ...
    id           text    -- NM109
);
COMMENT ON TYPE @extschema@.x12_party IS 'A party named by an X12 NM1 segment: entity code, name and identifier.';

CREATE TYPE @extschema@.x12_dates AS (
    plan              daterange,   -- DTP*291
    plan_begin        daterange,   -- DTP*346
    plan_end          daterange,   -- DTP*347
    eligibility       daterange,   -- DTP*307
    eligibility_begin daterange,   -- DTP*356
    eligibility_end   daterange,   -- DTP*357
    benefit           daterange,   -- DTP*292
    benefit_begin     daterange,   -- DTP*348
    benefit_end       daterange,   -- DTP*349
    service           daterange    -- DTP*472
);
COMMENT ON TYPE @extschema@.x12_dates IS 'The DTP dates of a 271 loop by qualifier, each a date range (a D8 date is a one-day range); NULL when not sent.';

CREATE TYPE @extschema@.x12_person AS (
    last_name        text,
    first_name       text,
    middle_name      text,
    suffix           text,
    id_qualifier     text,
    id               text,    -- NM109 (MI: the payer's member id)
    birth_date       date,    -- DMG02
    gender           text,    -- DMG03
    relationship     text,    -- INS02
    trace            text,    -- TRN02
    trace_originator text,    -- TRN03
    group_number     text,    -- REF*6P REF02
    group_name       text,    -- REF*6P REF03
    plan_number      text,    -- REF*18 REF02
    plan_name        text,    -- REF*18 REF03
    dates            @extschema@.x12_dates
);
COMMENT ON TYPE @extschema@.x12_person IS 'The subscriber (2100C) or dependent (2100D) of a 271: name, member id, demographics, group and plan references and dates.';

CREATE TYPE @extschema@.x12_adjustment AS (
    group_code text,      -- CAS01: CO, PR, OA, PI, CR
    reason     text,      -- claim adjustment reason code
    amount     numeric,   -- may be negative
    quantity   numeric
);
COMMENT ON TYPE @extschema@.x12_adjustment IS 'One 835 CAS adjustment: group, reason, amount and quantity.';

-- ---------------------------------------------------------------------------------------------------
-- Parsers
-- ROWS: a 271 answers for one member (tens of EBs), an 835 holds a few claims, a 270 one inquiry; the
-- default estimate of 1000 rows per call made a query over a table of documents look so costly that
-- the planner JIT-compiled it with inlining (100-250 ms per query that do nothing for the C parser).
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.parse_271(doc text, mode text DEFAULT 'strict',
    OUT record_kind text, OUT loop text, OUT segment bigint, OUT segment_id text, OUT byte_offset bigint,
    OUT interchange_control text, OUT group_control text, OUT transaction_control text, OUT reference text,
    OUT payer @extschema@.x12_party, OUT provider @extschema@.x12_party, OUT provider_npi text,
    OUT subscriber @extschema@.x12_person, OUT dependent @extschema@.x12_person,
    OUT valid_request text, OUT reject_reason text, OUT follow_up text,
    OUT eb_segment bigint, OUT info text, OUT coverage_level text, OUT service_types text[],
    OUT insurance_type text, OUT plan_description text, OUT time_period text,
    OUT amount numeric, OUT percent numeric, OUT quantity_qualifier text, OUT quantity numeric,
    OUT authorization text, OUT in_network text,
    OUT procedure_qualifier text, OUT procedure_code text, OUT modifiers text[],
    OUT hsd text[], OUT refs text[], OUT dates @extschema@.x12_dates, OUT messages text[], OUT iii text[],
    OUT related @extschema@.x12_party[],
    OUT benefit text, OUT level text, OUT network text, OUT figure text,
    OUT finding_kind text, OUT finding text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'costshare_parse_271'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 20;
COMMENT ON FUNCTION @extschema@.parse_271(text, text) IS
    'Parses an X12 271 eligibility response (005010X279A1) into one row per EB benefit (record_kind benefit) and per AAA rejection at any level (record_kind rejection), with the loop context as columns; mode strict (default) raises on envelope findings, lenient returns them as record_kind finding rows. benefit/level/network/figure say what the EB means for plan data.';

CREATE FUNCTION @extschema@.parse_835(doc text, mode text DEFAULT 'strict',
    OUT record_kind text, OUT segment bigint, OUT segment_id text, OUT byte_offset bigint,
    OUT interchange_control text, OUT group_control text, OUT transaction_control text,
    OUT handling text, OUT payment_amount numeric, OUT credit_debit text, OUT payment_method text,
    OUT payment_date date, OUT trace text, OUT trace_originator text, OUT production_date date,
    OUT payer_name text, OUT payer_id text, OUT payee_name text, OUT payee_id_qualifier text,
    OUT payee_id text, OUT payee_npi text,
    OUT claim_segment bigint, OUT claim_id text, OUT claim_status text, OUT claim_charge numeric,
    OUT claim_paid numeric, OUT patient_responsibility numeric, OUT filing_indicator text,
    OUT payer_claim_id text, OUT facility_type text, OUT frequency text,
    OUT patient @extschema@.x12_party, OUT insured @extschema@.x12_party, OUT rendering @extschema@.x12_party,
    OUT statement daterange, OUT received date, OUT coverage_amount numeric,
    OUT claim_adjustments @extschema@.x12_adjustment[],
    OUT line_number integer, OUT procedure_qualifier text, OUT procedure_code text, OUT modifiers text[],
    OUT procedure_description text, OUT original_procedure_qualifier text, OUT original_procedure_code text,
    OUT original_modifiers text[], OUT alternate_separator boolean,
    OUT charge numeric, OUT paid numeric, OUT revenue_code text, OUT units numeric, OUT original_units numeric,
    OUT service daterange, OUT allowed numeric, OUT amt_b6 numeric, OUT amt_au numeric,
    OUT control_number text, OUT adjustments @extschema@.x12_adjustment[],
    OUT lines integer, OUT adjustment_total numeric, OUT patient_total numeric, OUT imbalance numeric,
    OUT pr_deductible numeric, OUT pr_coinsurance numeric, OUT pr_copay numeric, OUT pr_other numeric,
    OUT finding_kind text, OUT finding text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'costshare_parse_835'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 20;
COMMENT ON FUNCTION @extschema@.parse_835(text, text) IS
    'Parses an X12 835 remittance (005010X221A1) into one row per service line (record_kind line) and per claim after its lines (record_kind claim), with payment, payer, payee and claim context, CAS adjustments, AMT B6/AU, balancing (imbalance) and the patient split by PR reason; mode strict (default) raises on envelope and balancing findings, lenient returns them as record_kind finding rows.';

CREATE FUNCTION @extschema@.parse_270(doc text, mode text DEFAULT 'strict',
    OUT record_kind text, OUT segment bigint, OUT segment_id text, OUT byte_offset bigint,
    OUT sender_qualifier text, OUT sender_id text, OUT receiver_qualifier text, OUT receiver_id text,
    OUT usage text, OUT interchange_control text, OUT group_control text, OUT transaction_control text,
    OUT reference text, OUT created date, OUT created_time text,
    OUT payer @extschema@.x12_party, OUT provider @extschema@.x12_party,
    OUT subscriber @extschema@.x12_party, OUT subscriber_birth date,
    OUT dependent @extschema@.x12_party, OUT dependent_birth date,
    OUT trace text, OUT trace_originator text, OUT service daterange, OUT service_types text[],
    OUT finding_kind text, OUT finding text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'costshare_parse_270'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 1;
COMMENT ON FUNCTION @extschema@.parse_270(text, text) IS
    'Reads an X12 270 eligibility inquiry: one row per inquiry (record_kind inquiry) with the values costshare.build_270 takes; lenient mode returns envelope findings as record_kind finding rows.';

CREATE FUNCTION @extschema@.build_270(
    sender_id text, receiver_id text, interchange_control bigint, created timestamp,
    reference text, payer_name text, payer_id text, provider_name text, provider_npi text,
    trace text, trace_originator text, subscriber_last text, subscriber_id text,
    service_types text[],
    subscriber_first text DEFAULT NULL, subscriber_middle text DEFAULT NULL,
    subscriber_birth date DEFAULT NULL,
    dependent_last text DEFAULT NULL, dependent_first text DEFAULT NULL, dependent_birth date DEFAULT NULL,
    service_date date DEFAULT NULL, provider_first text DEFAULT NULL,
    group_control bigint DEFAULT NULL, transaction_control bigint DEFAULT NULL,
    sender_qualifier text DEFAULT NULL, receiver_qualifier text DEFAULT NULL,
    production boolean DEFAULT false, line_breaks boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_build_270'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.build_270(text, text, bigint, timestamp, text, text, text, text, text, text, text, text, text, text[], text, text, date, text, text, date, date, text, bigint, bigint, text, text, boolean, boolean) IS
    'Builds one X12 270 eligibility inquiry (005010X279A1) about a subscriber, or a dependent when dependent_last is given, for the service types and date, from the provider NPI; group and transaction control numbers default to the interchange control number; the creation time is an input, so the output is reproducible. costshare.parse_270 reads it back.';

-- ---------------------------------------------------------------------------------------------------
-- Loading 271s, posting 835s
-- ---------------------------------------------------------------------------------------------------

CREATE TABLE @extschema@.x12_load (
    kind                text NOT NULL CHECK (kind IN ('271', '835')),
    sender              text NOT NULL,   -- 271: the payer id of 2100A; 835: the payer id (N1*PR / REF*2U)
    interchange_control text NOT NULL CHECK (interchange_control <> ''),
    loaded_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    records             integer NOT NULL CHECK (records >= 0),
    PRIMARY KEY (kind, sender, interchange_control)
);
COMMENT ON TABLE @extschema@.x12_load IS 'X12 interchanges already loaded (271) or posted (835), by sender and ISA13: a second load of the same interchange changes nothing.';

CREATE TABLE @extschema@.eligibility_benefit (
    benefit_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the member x12_attach_member found; a refused row is reported by eligibility_member_check and a
    -- refused member delete by member_reference_check, both without the id (the foreign key's own
    -- error would quote it)
    member_id           text NOT NULL CHECK (member_id <> '') REFERENCES @extschema@.member,
    payer_id            text NOT NULL,
    interchange_control text NOT NULL,
    segment             bigint NOT NULL CHECK (segment > 0),
    as_of               date NOT NULL,
    benefit             text,            -- parse_271's word: active, deductible, copay, coinsurance, limitation, ...
    info                text NOT NULL,   -- EB01 as sent
    level               text CHECK (level IN ('individual', 'family')),
    network             text CHECK (network IN ('in', 'out', 'both')),
    figure              text CHECK (figure IN ('total', 'remaining', 'met')),
    service_types       text[] NOT NULL,
    time_period         text,
    amount              numeric(14,2),
    percent             numeric(9,6),
    quantity_qualifier  text,
    quantity            numeric,
    auth_required       boolean,         -- EB11 Y / N (U or not sent: NULL)
    insurance_type      text,
    plan_description    text,
    group_number        text,
    group_name          text,
    plan_number         text,
    plan_name           text,
    plan_period         daterange,       -- DTP 291, or 346 .. 347, of the EB or else of its member loop
    eligibility_period  daterange,       -- DTP 307, or 356 .. 357
    related             @extschema@.x12_party[] NOT NULL DEFAULT '{}',  -- 2120 entities: carve-out administrators, other payers
    messages            text[] NOT NULL DEFAULT '{}',
    UNIQUE (payer_id, interchange_control, segment, member_id)
);
COMMENT ON TABLE @extschema@.eligibility_benefit IS 'Payer-reported benefits from loaded 271s, one row per EB and member, dated: active coverage with plan and eligibility periods, deductible and OOP totals and remaining, copays, coinsurance, limitations (visit limits), prior-auth flags, carve-out administrators (EB U and 2120 entities) and other payers (EB R) for COB.';

CREATE TABLE @extschema@.eligibility_rejection (
    rejection_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id           text CHECK (member_id <> '') REFERENCES @extschema@.member,   -- NULL: no member matched
    payer_id            text NOT NULL,
    interchange_control text NOT NULL,
    segment             bigint NOT NULL CHECK (segment > 0),
    loop                text NOT NULL,
    as_of               date NOT NULL,
    valid_request       text,
    reject_reason       text,
    follow_up           text,
    info                text,            -- the EB the AAA belongs to (2110 loops)
    UNIQUE (payer_id, interchange_control, segment)
);
COMMENT ON TABLE @extschema@.eligibility_rejection IS 'AAA rejections of loaded 271s (reason and follow-up action, at any level), recorded as rejections and never as coverage.';

CREATE TABLE @extschema@.claim_trueup (
    claim_id            text NOT NULL,
    line_no             integer NOT NULL,
    estimate_version    integer NOT NULL,
    final_version       integer NOT NULL,
    interchange_control text NOT NULL,
    estimated_deductible  numeric(12,2) NOT NULL,
    estimated_copay       numeric(12,2) NOT NULL,
    estimated_coinsurance numeric(12,2) NOT NULL,
    final_deductible      numeric(12,2) NOT NULL,
    final_copay           numeric(12,2) NOT NULL,
    final_coinsurance     numeric(12,2) NOT NULL,
    difference            numeric(12,2) GENERATED ALWAYS AS
        (final_deductible + final_copay + final_coinsurance
         - estimated_deductible - estimated_copay - estimated_coinsurance) STORED,
    recorded_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (claim_id, line_no, final_version),
    CHECK (final_version > estimate_version)
);
COMMENT ON TABLE @extschema@.claim_trueup IS 'The true-up of an estimate by an 835: for each claim line that had an estimated ledger entry, the estimate''s and the remittance''s patient amounts (deductible, copay, coinsurance) and their difference (positive: the patient owes more than estimated).';

COMMENT ON SEQUENCE @extschema@.eligibility_benefit_benefit_id_seq IS 'Identity of costshare.eligibility_benefit.';
COMMENT ON SEQUENCE @extschema@.eligibility_rejection_rejection_id_seq IS 'Identity of costshare.eligibility_rejection.';

-- Deleting a member (or changing its key) looks up these tables by member_id
CREATE INDEX eligibility_benefit_member ON @extschema@.eligibility_benefit (member_id);
COMMENT ON INDEX @extschema@.eligibility_benefit_member IS 'Benefits by member: for the foreign key to costshare.member and costshare.member_reference_check.';
CREATE INDEX eligibility_rejection_member ON @extschema@.eligibility_rejection (member_id);
COMMENT ON INDEX @extschema@.eligibility_rejection_member IS 'Rejections by member: for the foreign key to costshare.member and costshare.member_reference_check.';

-- As for enrollment (check_enrollment_row): rows about people are checked by triggers before the
-- foreign keys, so that a refused row is reported without its values; PostgreSQL's own foreign key
-- errors quote the key ("Key (member_id)=(...)").  The foreign keys stay as the last line of defence.
CREATE FUNCTION @extschema@.check_eligibility_member() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.member_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.member m WHERE m.member_id = NEW.member_id) THEN
        RAISE EXCEPTION 'eligibility row refers to an unknown member' USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('The member of the %s row is not in costshare.member.', TG_TABLE_NAME),
            HINT = 'Insert the member first; costshare.load_271 attaches the people of a 271 to members itself.';
    END IF;
    RETURN NEW;
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.check_eligibility_member() IS
    'Trigger function: refuses an eligibility_benefit or eligibility_rejection row whose member is not in costshare.member, without quoting the member id.';
CREATE TRIGGER eligibility_member_check BEFORE INSERT OR UPDATE OF member_id ON @extschema@.eligibility_benefit
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_eligibility_member();
CREATE TRIGGER eligibility_member_check BEFORE INSERT OR UPDATE OF member_id ON @extschema@.eligibility_rejection
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_eligibility_member();

-- A member still referenced cannot be deleted or change its key: refused here, naming the table and
-- not the member (the foreign keys' error would say "Key (member_id)=(...) is still referenced").
-- Covers every table that references costshare.member, those of 1.1 included.
CREATE FUNCTION @extschema@.check_member_references() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_table text;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.member_id IS NOT DISTINCT FROM OLD.member_id THEN
        RETURN NEW;
    END IF;
    v_table := CASE
        WHEN EXISTS (SELECT 1 FROM @extschema@.enrollment e WHERE e.member_id = OLD.member_id OR e.subscriber_id = OLD.member_id)
            THEN 'costshare.enrollment'
        WHEN EXISTS (SELECT 1 FROM @extschema@.prior_auth a WHERE a.member_id = OLD.member_id)
            THEN 'costshare.prior_auth'
        WHEN EXISTS (SELECT 1 FROM @extschema@.accumulator_ledger l WHERE l.member_id = OLD.member_id)
            THEN 'costshare.accumulator_ledger'
        WHEN EXISTS (SELECT 1 FROM @extschema@.eligibility_benefit b WHERE b.member_id = OLD.member_id)
            THEN 'costshare.eligibility_benefit'
        WHEN EXISTS (SELECT 1 FROM @extschema@.eligibility_rejection r WHERE r.member_id = OLD.member_id)
            THEN 'costshare.eligibility_rejection'
    END;
    IF v_table IS NOT NULL THEN
        RAISE EXCEPTION 'member is still referenced' USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('Rows of %s refer to the member.', v_table),
            HINT = CASE WHEN TG_OP = 'DELETE'
                        THEN 'Delete or reassign the rows that refer to the member first (eligibility rows come from loaded 271s; ledger entries are kept for good).'
                        ELSE 'Keep the member''s key: insert a member with the new key and move the rows that refer to the old one.' END;
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.check_member_references() IS
    'Trigger function: refuses deleting a member, or changing its key, while rows of costshare.enrollment, prior_auth, accumulator_ledger, eligibility_benefit or eligibility_rejection refer to it, naming the table and not the member.';
CREATE TRIGGER member_reference_check BEFORE DELETE OR UPDATE OF member_id ON @extschema@.member
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_member_references();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.x12_load', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.eligibility_benefit', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.eligibility_rejection', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.claim_trueup', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.eligibility_benefit_benefit_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.eligibility_rejection_rejection_id_seq', '');

-- The one place that attaches an X12 person to a member (to be replaced by costshare.match_member).
-- (costshare.x12_attach_member, which attaches a person named in a 271 or 835 to a member, is in
-- 45_x12_identity.sql: it uses the member matching of 40_identity.sql)

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
    v_isa13 text;
    v_records integer;
    r record;
BEGIN
    IF doc IS NULL THEN
        RAISE EXCEPTION 'doc must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'A value is required for doc.', HINT = 'Pass the text of a 271 document.';
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS x12_271_rows ON COMMIT DROP AS
        SELECT * FROM @extschema@.parse_271('', 'lenient') WITH NO DATA;
    TRUNCATE x12_271_rows;
    INSERT INTO x12_271_rows SELECT * FROM @extschema@.parse_271(doc, 'strict');
    SELECT count(*) AS n, count(DISTINCT coalesce((p.payer).id, '')) AS payers, min(coalesce((p.payer).id, '')) AS payer,
           count(DISTINCT p.interchange_control) AS isas, min(p.interchange_control) AS isa13
      INTO r FROM x12_271_rows p;
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
    v_payer := r.payer; v_isa13 := r.isa13; v_records := r.n;

    INSERT INTO @extschema@.x12_load (kind, sender, interchange_control, records)
    VALUES ('271', v_payer, v_isa13, v_records) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        status := 'duplicate'; benefits := 0; snapshots := 0; rejections := 0;
        RETURN;
    END IF;

    -- every benefit's person is attached to a member, or the load fails (and changes nothing)
    CREATE TEMP TABLE IF NOT EXISTS x12_271_people
        (segment bigint, member_id text, person @extschema@.x12_person) ON COMMIT DROP;
    TRUNCATE x12_271_people;
    INSERT INTO x12_271_people
    SELECT p.segment, @extschema@.x12_attach_member((q.person).id, (q.person).birth_date,
                                                 (q.person).first_name, (q.person).last_name), q.person
      FROM x12_271_rows p, LATERAL (SELECT coalesce(p.dependent, p.subscriber) AS person) q
     WHERE p.record_kind IN ('benefit', 'rejection');
    IF EXISTS (SELECT 1 FROM x12_271_rows p JOIN x12_271_people m USING (segment)
                WHERE p.record_kind = 'benefit' AND m.member_id IS NULL) THEN
        RAISE EXCEPTION 'no member matches the person of a 271 benefit' USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('Segment %s: neither the payer member id (with the birth date the loop states) nor member matching by name and birth date finds a single member.',
                            (SELECT min(p.segment) FROM x12_271_rows p JOIN x12_271_people m USING (segment)
                              WHERE p.record_kind = 'benefit' AND m.member_id IS NULL)),
            HINT = 'Add the member (and the enrollment with payer_member_id) first, then load the 271 again.';
    END IF;

    -- The member ids written below are the ones x12_attach_member has just read from costshare.member
    -- (benefits without one were refused above; rejections may have none, NULL).  Locking those rows
    -- FOR KEY SHARE keeps them until this transaction ends (a concurrent delete waits, then meets
    -- member_reference_check), so the foreign keys to costshare.member cannot fail here and quote an id.
    IF (SELECT count(*) FROM (SELECT 1 FROM @extschema@.member m
                               WHERE m.member_id IN (SELECT q.member_id FROM x12_271_people q)
                               FOR KEY SHARE OF m) l)
       <> (SELECT count(DISTINCT q.member_id) FROM x12_271_people q) THEN
        RAISE EXCEPTION 'a member of the 271 was deleted during the load' USING ERRCODE = 'serialization_failure',
            DETAIL = 'Another transaction deleted a member the 271 is about while it was being loaded.',
            HINT = 'Load the 271 again.';
    END IF;

    INSERT INTO @extschema@.eligibility_rejection
        (member_id, payer_id, interchange_control, segment, loop, as_of, valid_request, reject_reason, follow_up, info)
    SELECT m.member_id, v_payer, v_isa13, p.segment, p.loop, v_as_of, p.valid_request, p.reject_reason, p.follow_up, p.info
      FROM x12_271_rows p JOIN x12_271_people m USING (segment)
     WHERE p.record_kind = 'rejection';
    GET DIAGNOSTICS rejections = ROW_COUNT;

    INSERT INTO @extschema@.eligibility_benefit
        (member_id, payer_id, interchange_control, segment, as_of, benefit, info, level, network, figure,
         service_types, time_period, amount, percent, quantity_qualifier, quantity, auth_required,
         insurance_type, plan_description, group_number, group_name, plan_number, plan_name,
         plan_period, eligibility_period, related, messages)
    SELECT m.member_id, v_payer, v_isa13, p.segment, v_as_of, p.benefit, p.info, p.level, p.network, p.figure,
           p.service_types, p.time_period, p.amount, p.percent, p.quantity_qualifier, p.quantity,
           CASE p.authorization WHEN 'Y' THEN true WHEN 'N' THEN false END,
           p.insurance_type, p.plan_description,
           (m.person).group_number, (m.person).group_name, (m.person).plan_number, (m.person).plan_name,
           coalesce((p.dates).plan, ((m.person).dates).plan,
                    CASE WHEN coalesce((p.dates).plan_begin, ((m.person).dates).plan_begin,
                                   (p.dates).plan_end, ((m.person).dates).plan_end) IS NOT NULL
                    THEN daterange(lower(coalesce((p.dates).plan_begin, ((m.person).dates).plan_begin)),
                                   upper(coalesce((p.dates).plan_end, ((m.person).dates).plan_end))) END),
           coalesce((p.dates).eligibility, ((m.person).dates).eligibility,
                    CASE WHEN coalesce((p.dates).eligibility_begin, ((m.person).dates).eligibility_begin,
                                   (p.dates).eligibility_end, ((m.person).dates).eligibility_end) IS NOT NULL
                    THEN daterange(lower(coalesce((p.dates).eligibility_begin, ((m.person).dates).eligibility_begin)),
                                   upper(coalesce((p.dates).eligibility_end, ((m.person).dates).eligibility_end))) END),
           p.related, p.messages
      FROM x12_271_rows p JOIN x12_271_people m USING (segment)
     WHERE p.record_kind = 'benefit';
    GET DIAGNOSTICS benefits = ROW_COUNT;

    -- deductible and OOP met (total - remaining) per level and network, as dated payer-reported
    -- snapshots of the member's (individual) or family's accumulators under the enrollment on as_of
    INSERT INTO @extschema@.accumulator_snapshot AS s (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source)
    SELECT e.family_id, CASE WHEN b.level = 'individual' THEN b.member_id END, e.plan_id, b.network, v_as_of,
           coalesce(max(b.amount) FILTER (WHERE b.benefit = 'deductible' AND b.figure = 'total')
                    - max(b.amount) FILTER (WHERE b.benefit = 'deductible' AND b.figure = 'remaining'), 0),
           coalesce(max(b.amount) FILTER (WHERE b.benefit = 'out_of_pocket' AND b.figure = 'total')
                    - max(b.amount) FILTER (WHERE b.benefit = 'out_of_pocket' AND b.figure = 'remaining'), 0),
           'x12 271 ' || v_payer || ' ' || v_isa13
      FROM @extschema@.eligibility_benefit b
      JOIN @extschema@.enrollment e ON e.member_id = b.member_id AND e.coverage @> v_as_of
     WHERE b.payer_id = v_payer AND b.interchange_control = v_isa13
       AND b.benefit IN ('deductible', 'out_of_pocket') AND b.network IN ('in', 'out')
       AND b.level IS NOT NULL AND b.figure IN ('total', 'remaining')
     GROUP BY e.family_id, CASE WHEN b.level = 'individual' THEN b.member_id END, e.plan_id, b.network
    HAVING count(*) FILTER (WHERE b.figure = 'remaining') > 0
    ON CONFLICT (family_id, member_id, plan_id, bucket, as_of)
    DO UPDATE SET ded_met = excluded.ded_met, oop_met = excluded.oop_met, source = excluded.source;
    GET DIAGNOSTICS snapshots = ROW_COUNT;

    status := 'loaded';
END $$;
COMMENT ON FUNCTION @extschema@.load_271(text, date) IS
    'Loads a 271 (strict mode) into the eligibility tables: each EB as a dated payer-reported benefit of the member it is about (costshare.x12_attach_member), deductible and OOP met (total - remaining) per level and network as costshare.accumulator_snapshot rows under the member''s enrollment on as_of (default today), AAA rejections into costshare.eligibility_rejection; idempotent by payer and ISA13 (status duplicate); atomic: an error changes nothing.';

CREATE FUNCTION @extschema@.post_835(doc text, mode text DEFAULT 'strict')
RETURNS TABLE (claim_id text, line_no integer, claim_version integer, status text, result text,
               deductible numeric, copay numeric, coinsurance numeric, trueup numeric)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
AS $$
DECLARE
    v_payer text;
    v_isa13 text;
    r record;
    v_member text;
    v_plan text;
    v_version integer;
    v_status text;
    est record;
BEGIN
    IF doc IS NULL OR mode IS NULL THEN
        RAISE EXCEPTION 'doc and mode must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'A value is required for doc and mode.', HINT = 'Pass the text of an 835 document and strict or lenient.';
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS x12_835_rows ON COMMIT DROP AS
        SELECT * FROM @extschema@.parse_835('', 'lenient') WITH NO DATA;
    TRUNCATE x12_835_rows;
    INSERT INTO x12_835_rows SELECT * FROM @extschema@.parse_835(doc, mode);
    SELECT count(*) FILTER (WHERE p.record_kind <> 'finding') AS n,
           count(DISTINCT p.interchange_control) AS isa, min(p.interchange_control) AS isa13,
           count(DISTINCT coalesce(p.payer_id, p.payer_name, '')) AS payers,
           min(coalesce(p.payer_id, p.payer_name, '')) AS payer
      INTO r FROM x12_835_rows p WHERE p.record_kind <> 'finding';
    IF r.n = 0 THEN
        RAISE EXCEPTION '835 holds no claim' USING ERRCODE = 'no_data_found',
            DETAIL = 'The document parsed, but has no CLP segment.', HINT = 'Post the 835 the payer sent.';
    END IF;
    IF r.isa > 1 OR r.payers > 1 THEN
        RAISE EXCEPTION '835 holds more than one interchange or payer' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('The document has %s interchanges and %s payers.', r.isa, r.payers),
            HINT = 'Post one interchange at a time: each is recorded by payer and ISA13.';
    END IF;
    v_payer := r.payer; v_isa13 := r.isa13;
    INSERT INTO @extschema@.x12_load (kind, sender, interchange_control, records)
    VALUES ('835', v_payer, v_isa13, r.n) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::text, NULL::integer, NULL::integer, NULL::text, 'duplicate'::text,
                            NULL::numeric, NULL::numeric, NULL::numeric, NULL::numeric;
        RETURN;
    END IF;

    -- one ledger event per service line (or per claim without lines): PR-1, PR-3, PR-2
    FOR r IN
        SELECT p.*, coalesce(p.line_number, 1) AS line,
               coalesce(lower(p.service), lower(p.statement)) AS service_date
          FROM x12_835_rows p
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
        PERFORM 1 FROM @extschema@.member m WHERE m.member_id = v_member FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'a member of the 835 was deleted during the posting' USING ERRCODE = 'serialization_failure',
                DETAIL = format('Segment %s: another transaction deleted the member this claim is about while it was being posted.', r.claim_segment),
                HINT = 'Post the 835 again.';
        END IF;
        IF r.service_date IS NULL THEN
            RAISE EXCEPTION '835 claim line has no date of service' USING ERRCODE = 'null_value_not_allowed',
                DETAIL = format('Segment %s: neither DTM*472/150 nor DTM*232 gives a date.', r.segment),
                HINT = 'Ask the payer for a remittance with service dates.';
        END IF;
        SELECT e.plan_id INTO v_plan FROM @extschema@.enrollment e
         WHERE e.member_id = v_member AND e.coverage @> r.service_date
         ORDER BY (upper(regexp_replace(e.payer_member_id, '[\s-]', '', 'g'))
                   = upper(regexp_replace(coalesce((r.patient).id, (r.insured).id), '[\s-]', '', 'g'))) DESC NULLS LAST,
                  e.cob_order NULLS LAST, e.plan_id
         LIMIT 1;
        -- claim status 22 (reversal of a previous payment) or frequency 8 (void) reverses the line
        v_status := CASE WHEN r.claim_status = '22' OR r.frequency = '8' THEN 'reversed' ELSE 'final' END;
        SELECT coalesce(max(l.claim_version), 0) + 1 INTO v_version FROM @extschema@.accumulator_ledger l
         WHERE l.claim_id = r.claim_id AND l.line_no = r.line;
        SELECT l.* INTO est FROM @extschema@.accumulator_ledger l
         WHERE l.claim_id = r.claim_id AND l.line_no = r.line
         ORDER BY l.claim_version DESC LIMIT 1;
        claim_id := r.claim_id; line_no := r.line; claim_version := v_version; status := v_status;
        deductible := CASE WHEN v_status = 'reversed' THEN 0 ELSE r.pr_deductible END;
        copay := CASE WHEN v_status = 'reversed' THEN 0 ELSE r.pr_copay END;
        coinsurance := CASE WHEN v_status = 'reversed' THEN 0 ELSE r.pr_coinsurance END;
        result := @extschema@.post_claim_line(r.claim_id, v_version, r.line, v_status, v_member, v_plan,
                      r.service_date, deductible, copay, coinsurance,
                      (SELECT s.category FROM @extschema@.service_code s
                        WHERE s.code = r.procedure_code AND s.pos = '' AND s.modifier = ''),
                      'in', 1, coalesce(r.payment_date, r.production_date));
        trueup := NULL;
        IF est.status = 'estimated' THEN
            INSERT INTO @extschema@.claim_trueup (claim_id, line_no, estimate_version, final_version,
                interchange_control, estimated_deductible, estimated_copay, estimated_coinsurance,
                final_deductible, final_copay, final_coinsurance)
            VALUES (r.claim_id, r.line, est.claim_version, v_version, v_isa13, est.deductible, est.copay,
                    est.coinsurance, deductible, copay, coinsurance);
            trueup := deductible + copay + coinsurance - est.deductible - est.copay - est.coinsurance;
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.post_835(text, text) IS
    'Posts an 835 to the accumulator ledger through costshare.post_claim_line: per service line (or claim without lines) a new claim version with PR-1 deductible, PR-3 copay and PR-2 coinsurance, status final, or reversed for claim status 22 or frequency 8; an earlier estimated entry of the line is trued up in costshare.claim_trueup; idempotent by payer and ISA13 (result duplicate); atomic.';
