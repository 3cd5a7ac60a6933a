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
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
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
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
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
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
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
