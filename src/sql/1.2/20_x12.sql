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
    -- when the row was written: dates its first version for as-of estimates instead of a copy of every
    -- inserted row in costshare.row_history (84_asof.sql, costshare.history_dated_tables())
    recorded_at         timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    -- one row per EB segment and member; led by member_id, so that the one index serves the readers
    -- (the 271 pricing, eligibility, the as-of copy, FHIR: all by member), the foreign key to
    -- costshare.member and member_reference_check (a second index by member cost load_271 about 0.1 s
    -- per 80,000 rows)
    CONSTRAINT eligibility_benefit_once UNIQUE (member_id, payer_id, interchange_control, segment)
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
-- (eligibility_benefit: through its unique key, which leads with member_id)
COMMENT ON INDEX @extschema@.eligibility_benefit_once IS 'One row per EB segment of an interchange (payer and ISA13) and member; benefits by member: for the 271 pricing and the other readers, the foreign key to costshare.member and costshare.member_reference_check.';
CREATE INDEX eligibility_rejection_member ON @extschema@.eligibility_rejection (member_id);
COMMENT ON INDEX @extschema@.eligibility_rejection_member IS 'Rejections by member: for the foreign key to costshare.member and costshare.member_reference_check.';

-- As for enrollment (check_enrollment_row): rows about people are checked by triggers before the
-- foreign keys, so that a refused row is reported without its values; PostgreSQL's own foreign key
-- errors quote the key ("Key (member_id)=(...)").  The foreign keys stay as the last line of defence.
CREATE FUNCTION @extschema@.check_eligibility_member() RETURNS trigger
AS 'MODULE_PATHNAME', 'costshare_check_eligibility_member'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
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

-- costshare.load_271 and costshare.post_835 are in 58_ledger_posting.sql (a claim line is its payer's,
-- members are locked through costshare.lock_members, no temporary tables).

