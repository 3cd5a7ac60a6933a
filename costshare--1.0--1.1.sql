/* costshare--1.0--1.1.sql: plan tables, eligibility, the one-call estimate, and the accumulator ledger */

\echo Use "ALTER EXTENSION costshare UPDATE TO '1.1'" to load this file. \quit

-- ===================================================================================================
-- Rules from the engine (C): coordination-of-benefits order and the eligibility decision
-- ===================================================================================================

CREATE FUNCTION @extschema@.cob_key(
    relationship         text,
    coverage_kind        text,
    subscriber_birth     date,
    coverage_start       date,
    explicit_order       integer DEFAULT NULL,
    payer_of_last_resort boolean DEFAULT false)
RETURNS bigint
AS 'MODULE_PATHNAME', 'costshare_cob_key'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cob_key(text, text, date, date, integer, boolean) IS
    'Sort key for coordination of benefits: ORDER BY it ascending puts the primary coverage first (explicit order; Medicaid last; as subscriber before as dependent; active before COBRA/retiree; birthday rule for dependent children; longer coverage first).';

CREATE TYPE @extschema@.eligibility_facts AS (
    member_known        boolean,
    service_known       boolean,
    provider_known      boolean,
    enrolled            boolean,
    is_dependent_child  boolean,
    birth_date          date,
    service_date        date,
    dependent_age_limit integer,
    benefit_found       boolean,
    covered             boolean,
    carved_out          boolean,
    telehealth          boolean,
    telehealth_allowed  boolean,
    visit_limit         integer,
    visits_used         integer,
    auth_required       boolean,
    auth_on_file        boolean
);
COMMENT ON TYPE @extschema@.eligibility_facts IS
    'What the plan-table lookups found for an eligibility request; input of costshare.eligibility_decide.';

CREATE FUNCTION @extschema@.eligibility_decide(facts @extschema@.eligibility_facts, OUT status text, OUT reasons text[])
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_eligibility_decide'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.eligibility_decide(@extschema@.eligibility_facts) IS
    'The eligibility status (eligible, not_eligible, auth_required, carved_out, limit_reached, unknown) and machine-readable reasons for the facts found.';

-- ===================================================================================================
-- Plan data (extension-owned tables; rows are the user's and are kept by pg_dump)
-- ===================================================================================================

CREATE TABLE @extschema@.payer (
    payer_id    text PRIMARY KEY CHECK (payer_id <> ''),
    name        text NOT NULL,
    payer_type  text NOT NULL DEFAULT 'commercial'
                CHECK (payer_type IN ('commercial', 'medicare', 'medicaid', 'other'))
);
COMMENT ON TABLE @extschema@.payer IS 'Payers (insurers, Medicare, Medicaid programs).';

CREATE TABLE @extschema@.plan (
    plan_id             text PRIMARY KEY CHECK (plan_id <> ''),
    payer_id            text NOT NULL REFERENCES @extschema@.payer,
    name                text NOT NULL,
    plan_type           text NOT NULL DEFAULT 'ppo'
                        CHECK (plan_type IN ('ppo', 'hmo', 'epo', 'pos', 'hdhp', 'medicare', 'medicaid', 'other')),
    period_start        date,           -- its month and day start each plan year; NULL = calendar year
    hdhp                boolean NOT NULL DEFAULT false,
    grandfathered       boolean NOT NULL DEFAULT false,
    rounding            text NOT NULL DEFAULT 'half_up' CHECK (rounding IN ('half_up', 'half_even', 'truncate')),
    carryover           boolean NOT NULL DEFAULT false,
    dependent_age_limit integer DEFAULT 26 CHECK (dependent_age_limit BETWEEN 0 AND 150),
    CONSTRAINT plan_hsa_no_carryover CHECK (NOT (hdhp AND carryover))
);
COMMENT ON TABLE @extschema@.plan IS 'Plans (one row per product and plan design): benefit period, HDHP, grandfathered status, rounding, fourth-quarter carryover and the dependent age limit. An HSA plan cannot have carryover.';

CREATE TABLE @extschema@.plan_limit (
    plan_id            text NOT NULL REFERENCES @extschema@.plan ON DELETE CASCADE,
    bucket             text NOT NULL DEFAULT 'in' CHECK (bucket <> ''),
    ded_individual     numeric(12,2) CHECK (ded_individual >= 0),
    ded_family         numeric(12,2) CHECK (ded_family >= 0),
    family_deductible  text NOT NULL DEFAULT 'embedded' CHECK (family_deductible IN ('embedded', 'aggregate', 'n_of_m')),
    family_ded_members integer CHECK (family_ded_members >= 1),
    oop_individual     numeric(12,2) CHECK (oop_individual >= 0),
    oop_family         numeric(12,2) CHECK (oop_family >= 0),
    coinsurance_limit  numeric(12,2) CHECK (coinsurance_limit >= 0),
    also_credits       text[],
    PRIMARY KEY (plan_id, bucket),
    CHECK (family_deductible <> 'n_of_m' OR (family_ded_members IS NOT NULL AND ded_individual IS NOT NULL))
);
COMMENT ON TABLE @extschema@.plan_limit IS 'Deductible, out-of-pocket and coinsurance limits of a plan per accumulator bucket (in, out, or a tier), with the buckets each also credits.';

CREATE TABLE @extschema@.benefit (
    plan_id                        text NOT NULL REFERENCES @extschema@.plan ON DELETE CASCADE,
    category                       text NOT NULL,
    network                        text NOT NULL DEFAULT 'in' CHECK (network IN ('in', 'out')),
    bucket                         text,            -- NULL: the network word
    covered                        boolean NOT NULL DEFAULT true,
    copay                          numeric(12,2) CHECK (copay >= 0),
    coinsurance                    numeric(7,6) NOT NULL DEFAULT 0 CHECK (coinsurance BETWEEN 0 AND 1),
    deductible_applies             boolean NOT NULL DEFAULT true,
    copay_after_deductible         boolean NOT NULL DEFAULT false,
    copay_counts_toward_deductible boolean NOT NULL DEFAULT false,
    copay_visits                   integer CHECK (copay_visits >= 0),
    copay_per                      text NOT NULL DEFAULT 'day' CHECK (copay_per IN ('line', 'day')),
    visit_limit                    integer CHECK (visit_limit >= 0),
    auth_required                  boolean NOT NULL DEFAULT false,
    telehealth_allowed             boolean NOT NULL DEFAULT true,
    telehealth_copay               numeric(12,2) CHECK (telehealth_copay >= 0),
    carve_out_admin                text,            -- the administrator to ask instead (e.g. a behavioral health carve-out)
    PRIMARY KEY (plan_id, category, network),
    CHECK (NOT copay_after_deductible OR deductible_applies),
    CHECK (copay_visits IS NULL OR copay IS NOT NULL)
);
COMMENT ON TABLE @extschema@.benefit IS 'What a plan covers for a service category in or out of network: copay and its variant, coinsurance, deductible, visit limit, prior authorization, telehealth rules and carve-out administrator.';

CREATE TABLE @extschema@.service_code (
    code        text NOT NULL CHECK (code <> ''),
    pos         text NOT NULL DEFAULT '',   -- '' = any place of service
    modifier    text NOT NULL DEFAULT '',   -- '' = any modifier
    category    text NOT NULL,
    description text,
    PRIMARY KEY (code, pos, modifier)
);
COMMENT ON TABLE @extschema@.service_code IS 'Maps a CPT/HCPCS code (with place of service and modifier, '''' = any) to a benefit category; the most specific row wins.';

CREATE TABLE @extschema@.place_of_service (
    pos         text PRIMARY KEY,
    name        text NOT NULL,
    facility    boolean NOT NULL,       -- Medicare facility rate (PE facility RVU)
    telehealth  boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.place_of_service IS 'Places of service: whether the facility rate applies and whether it is telehealth.';

CREATE TABLE @extschema@.credential (
    credential       text PRIMARY KEY,
    name             text NOT NULL,
    medicare_percent numeric(4,3) NOT NULL DEFAULT 1 CHECK (medicare_percent > 0 AND medicare_percent <= 1)
);
COMMENT ON TABLE @extschema@.credential IS 'Provider credentials and the share of the Medicare fee schedule amount each is paid (75% for clinical social workers, marriage and family therapists and mental health counselors).';

CREATE TABLE @extschema@.member (
    member_id   text PRIMARY KEY CHECK (member_id <> ''),
    first_name  text,
    last_name   text,
    birth_date  date,
    name_key    text
);
COMMENT ON TABLE @extschema@.member IS 'People the practice serves; member_id is the practice''s own key.';

CREATE TABLE @extschema@.enrollment (
    enrollment_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id      text NOT NULL REFERENCES @extschema@.member,
    subscriber_id  text NOT NULL REFERENCES @extschema@.member,
    family_id      text NOT NULL,
    plan_id        text NOT NULL REFERENCES @extschema@.plan,
    coverage       daterange NOT NULL CHECK (NOT isempty(coverage) AND lower(coverage) IS NOT NULL),
    relationship   text NOT NULL DEFAULT 'self' CHECK (relationship IN ('self', 'spouse', 'child', 'other')),
    coverage_kind  text NOT NULL DEFAULT 'active' CHECK (coverage_kind IN ('active', 'cobra', 'retiree')),
    coverage_level text NOT NULL DEFAULT 'individual' CHECK (coverage_level IN ('individual', 'family')),
    cob_order      integer CHECK (cob_order BETWEEN 0 AND 254),
    payer_member_id text,
    CHECK ((relationship = 'self') = (member_id = subscriber_id)),
    CONSTRAINT enrollment_no_overlap EXCLUDE USING gist (member_id WITH =, plan_id WITH =, coverage WITH &&)
);
COMMENT ON TABLE @extschema@.enrollment IS 'Coverage of a member under a plan over a date range, with the subscriber, the family whose accumulators it shares, the relationship and COB order; overlapping coverage under the same plan is refused.';

CREATE TABLE @extschema@.provider (
    provider_id       text PRIMARY KEY CHECK (provider_id <> ''),
    name              text NOT NULL,
    credential        text NOT NULL REFERENCES @extschema@.credential,
    state             text,
    medicare_mac      text,
    medicare_locality text
);
COMMENT ON TABLE @extschema@.provider IS 'Rendering providers (NPI), their credential and Medicare locality.';

CREATE TABLE @extschema@.network_participation (
    provider_id text NOT NULL REFERENCES @extschema@.provider,
    plan_id     text NOT NULL REFERENCES @extschema@.plan,
    valid       daterange NOT NULL CHECK (NOT isempty(valid)),
    CONSTRAINT participation_no_overlap EXCLUDE USING gist (provider_id WITH =, plan_id WITH =, valid WITH &&)
);
COMMENT ON TABLE @extschema@.network_participation IS 'A provider is in network for a plan over a date range; outside every range the provider is out of network.';

CREATE TABLE @extschema@.fee_schedule (
    fee_id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payer_id            text NOT NULL REFERENCES @extschema@.payer,
    plan_id             text REFERENCES @extschema@.plan,      -- NULL: every plan of the payer
    code                text NOT NULL,
    modifier            text NOT NULL DEFAULT '',              -- '' = any
    facility            boolean,                               -- NULL = either
    credential          text REFERENCES @extschema@.credential,  -- NULL = any
    state               text,                                  -- NULL = any
    valid               daterange NOT NULL CHECK (NOT isempty(valid)),
    amount              numeric(12,2) CHECK (amount >= 0),
    percent_of_medicare numeric(7,4) CHECK (percent_of_medicare > 0),
    CHECK ((amount IS NULL) <> (percent_of_medicare IS NULL)),
    CONSTRAINT fee_no_overlap EXCLUDE USING gist (
        payer_id WITH =, (coalesce(plan_id, '')) WITH =, code WITH =, modifier WITH =,
        (coalesce(facility::int, -1)) WITH =, (coalesce(credential, '')) WITH =,
        (coalesce(state, '')) WITH =, valid WITH &&)
);
COMMENT ON TABLE @extschema@.fee_schedule IS 'Contracted allowed amounts (or a percent of Medicare) by payer, plan, code, modifier, facility, credential, state and date range; the most specific matching row wins; overlapping rows for the same key are refused.';

CREATE TABLE @extschema@.prior_auth (
    member_id   text NOT NULL REFERENCES @extschema@.member,
    plan_id     text NOT NULL REFERENCES @extschema@.plan,
    category    text NOT NULL,
    valid       daterange NOT NULL,
    auth_number text,
    visits      integer CHECK (visits >= 0)
);
COMMENT ON TABLE @extschema@.prior_auth IS 'Prior authorizations on file for a member, plan and category over a date range.';

CREATE TABLE @extschema@.accumulator_snapshot (
    family_id   text NOT NULL,
    member_id   text,               -- NULL: the family's figures
    plan_id     text NOT NULL REFERENCES @extschema@.plan,
    bucket      text NOT NULL DEFAULT 'in',
    as_of       date NOT NULL,
    ded_met     numeric(12,2) NOT NULL DEFAULT 0 CHECK (ded_met >= 0),
    oop_met     numeric(12,2) NOT NULL DEFAULT 0 CHECK (oop_met >= 0),
    source      text NOT NULL DEFAULT 'manual',
    UNIQUE NULLS NOT DISTINCT (family_id, member_id, plan_id, bucket, as_of)
);
COMMENT ON TABLE @extschema@.accumulator_snapshot IS 'Payer-reported accumulators (e.g. from a 271) as of a date, per member or (member_id NULL) per family.';

CREATE TABLE @extschema@.accumulator_ledger (
    entry_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id       text NOT NULL CHECK (claim_id <> ''),
    claim_version  integer NOT NULL DEFAULT 1 CHECK (claim_version >= 1),
    line_no        integer NOT NULL DEFAULT 1 CHECK (line_no >= 1),
    status         text NOT NULL CHECK (status IN ('estimated', 'pending', 'final', 'reversed')),
    family_id      text NOT NULL,
    member_id      text NOT NULL REFERENCES @extschema@.member,
    plan_id        text NOT NULL REFERENCES @extschema@.plan,
    bucket         text NOT NULL DEFAULT 'in',
    category       text,
    service_date   date NOT NULL,
    deductible     numeric(12,2) NOT NULL DEFAULT 0 CHECK (deductible >= 0),
    copay          numeric(12,2) NOT NULL DEFAULT 0 CHECK (copay >= 0),
    coinsurance    numeric(12,2) NOT NULL DEFAULT 0 CHECK (coinsurance >= 0),
    visits         integer NOT NULL DEFAULT 1 CHECK (visits >= 0),
    adjudicated_on date,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (claim_id, line_no, claim_version)
);
COMMENT ON TABLE @extschema@.accumulator_ledger IS 'Append-only ledger of claim-line events (estimated, pending, final, reversed), one row per claim id, line and version; the latest version of each line counts.';

COMMENT ON SEQUENCE @extschema@.enrollment_enrollment_id_seq IS 'Identity of costshare.enrollment.';
COMMENT ON SEQUENCE @extschema@.fee_schedule_fee_id_seq IS 'Identity of costshare.fee_schedule.';
COMMENT ON SEQUENCE @extschema@.accumulator_ledger_entry_id_seq IS 'Identity of costshare.accumulator_ledger.';

-- Rows about people are checked by triggers before the constraints, so that a refused row is
-- reported without its values: PostgreSQL's own constraint errors quote the failing row (member IDs,
-- names, birth dates). The constraints stay as the last line of defence (e.g. against races).
CREATE FUNCTION @extschema@.check_member_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.member_id IS NULL OR NEW.member_id = '' THEN
        RAISE EXCEPTION 'member_id must not be empty' USING ERRCODE = 'check_violation',
            DETAIL = 'A member row needs the practice''s key for the person.',
            HINT = 'Give every member a non-empty member_id.';
    END IF;
    IF (TG_OP = 'INSERT' OR NEW.member_id <> OLD.member_id)
       AND EXISTS (SELECT 1 FROM @extschema@.member m WHERE m.member_id = NEW.member_id) THEN
        RAISE EXCEPTION 'member already exists' USING ERRCODE = 'unique_violation',
            DETAIL = 'A member with this member_id is already in costshare.member.',
            HINT = 'Update the existing row, or use another key.';
    END IF;
    IF NEW.birth_date IS NOT NULL AND NOT isfinite(NEW.birth_date) THEN
        RAISE EXCEPTION 'birth date must be a finite date' USING ERRCODE = 'check_violation',
            DETAIL = 'A member''s birth date is infinity or -infinity.', HINT = 'Give the real date or NULL.';
    END IF;
    RETURN NEW;
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.check_member_row() IS
    'Trigger function: refuses an invalid member row without quoting it (no member data in errors).';
CREATE TRIGGER member_check BEFORE INSERT OR UPDATE ON @extschema@.member
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_member_row();

CREATE FUNCTION @extschema@.check_enrollment_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM @extschema@.member m WHERE m.member_id = NEW.member_id)
       OR NOT EXISTS (SELECT 1 FROM @extschema@.member m WHERE m.member_id = NEW.subscriber_id) THEN
        RAISE EXCEPTION 'enrollment refers to an unknown member' USING ERRCODE = 'foreign_key_violation',
            DETAIL = 'The member or the subscriber of the enrollment is not in costshare.member.',
            HINT = 'Insert the member rows first.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.plan p WHERE p.plan_id = NEW.plan_id) THEN
        RAISE EXCEPTION 'enrollment refers to an unknown plan' USING ERRCODE = 'foreign_key_violation',
            DETAIL = 'The enrollment''s plan is not in costshare.plan.', HINT = 'Insert the plan first.';
    END IF;
    IF NEW.coverage IS NULL OR isempty(NEW.coverage) OR lower_inf(NEW.coverage) THEN
        RAISE EXCEPTION 'coverage must have a start date' USING ERRCODE = 'check_violation',
            DETAIL = 'The enrollment''s coverage range is empty or has no lower bound.',
            HINT = 'Give the coverage as a date range such as [2026-01-01,) or [2026-01-01,2027-01-01).';
    END IF;
    IF NEW.relationship NOT IN ('self', 'spouse', 'child', 'other')
       OR NEW.coverage_kind NOT IN ('active', 'cobra', 'retiree')
       OR NEW.coverage_level NOT IN ('individual', 'family') THEN
        RAISE EXCEPTION 'unknown setting word' USING ERRCODE = 'check_violation',
            DETAIL = 'relationship accepts self, spouse, child or other; coverage_kind active, cobra or retiree; coverage_level individual or family.',
            HINT = 'Use one of the accepted words, in lower case.';
    END IF;
    IF (NEW.relationship = 'self') <> (NEW.member_id = NEW.subscriber_id) THEN
        RAISE EXCEPTION 'relationship and subscriber disagree' USING ERRCODE = 'check_violation',
            DETAIL = 'A member is their own subscriber exactly when the relationship is self.',
            HINT = 'Set subscriber_id to the member for relationship self, and to the subscriber otherwise.';
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.enrollment e
                WHERE e.member_id = NEW.member_id AND e.plan_id = NEW.plan_id AND e.coverage && NEW.coverage
                  AND (TG_OP = 'INSERT' OR e.enrollment_id <> NEW.enrollment_id)) THEN
        RAISE EXCEPTION 'overlapping coverage' USING ERRCODE = 'exclusion_violation',
            DETAIL = 'The member already has an enrollment in this plan for part of these dates.',
            HINT = 'End the existing enrollment before the new one starts, or correct the dates.';
    END IF;
    RETURN NEW;
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.check_enrollment_row() IS
    'Trigger function: refuses an invalid or overlapping enrollment without quoting it (no member data in errors).';
CREATE TRIGGER enrollment_check BEFORE INSERT OR UPDATE ON @extschema@.enrollment
    FOR EACH ROW EXECUTE FUNCTION @extschema@.check_enrollment_row();

CREATE INDEX accumulator_ledger_family ON @extschema@.accumulator_ledger (family_id, plan_id, service_date);
CREATE INDEX enrollment_member ON @extschema@.enrollment (member_id);
CREATE INDEX fee_schedule_lookup ON @extschema@.fee_schedule (payer_id, code);
CREATE INDEX prior_auth_lookup ON @extschema@.prior_auth (member_id, plan_id, category);

CREATE FUNCTION @extschema@.ledger_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the accumulator ledger is append-only'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = format('%s of ledger rows is not allowed.', TG_OP),
              HINT = 'Post a new version of the claim line (or a reversal) with costshare.post_claim_line.';
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.ledger_append_only() IS 'Trigger function keeping the accumulator ledger append-only.';

CREATE TRIGGER accumulator_ledger_append_only BEFORE UPDATE OR DELETE ON @extschema@.accumulator_ledger
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_append_only();

-- user rows survive pg_dump / restore (seed rows are marked as such by the WHERE filters below)
SELECT pg_catalog.pg_extension_config_dump('@extschema@.payer', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.plan', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.plan_limit', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.benefit', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.member', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.enrollment', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.provider', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.network_participation', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.fee_schedule', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.prior_auth', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.accumulator_snapshot', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.accumulator_ledger', '');
-- and the identities' sequences, so inserts after a restore continue after the restored rows
SELECT pg_catalog.pg_extension_config_dump('@extschema@.enrollment_enrollment_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.fee_schedule_fee_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.accumulator_ledger_entry_id_seq', '');

-- ---------------------------------------------------------------------------------------------------
-- Seed data: places of service, credentials, behavioral-health service codes (domain.md §7, §10).
-- Seed rows carry seed = true; pg_dump keeps only rows users add or change (seed = false).
-- ---------------------------------------------------------------------------------------------------

ALTER TABLE @extschema@.place_of_service ADD COLUMN seed boolean NOT NULL DEFAULT false;
ALTER TABLE @extschema@.credential ADD COLUMN seed boolean NOT NULL DEFAULT false;
ALTER TABLE @extschema@.service_code ADD COLUMN seed boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN @extschema@.place_of_service.seed IS 'Shipped with the extension (read-only, not dumped); rows you add have seed = false.';
COMMENT ON COLUMN @extschema@.credential.seed IS 'Shipped with the extension (read-only, not dumped); rows you add have seed = false.';
COMMENT ON COLUMN @extschema@.service_code.seed IS 'Shipped with the extension (read-only, not dumped); rows you add have seed = false.';

INSERT INTO @extschema@.place_of_service (pos, name, facility, telehealth, seed) VALUES
  ('02', 'Telehealth provided other than in patient''s home', true, true, true),
  ('10', 'Telehealth provided in patient''s home', false, true, true),
  ('11', 'Office', false, false, true),
  ('12', 'Home', false, false, true),
  ('19', 'Off campus outpatient hospital', true, false, true),
  ('21', 'Inpatient hospital', true, false, true),
  ('22', 'On campus outpatient hospital', true, false, true),
  ('23', 'Emergency room - hospital', true, false, true),
  ('53', 'Community mental health center', true, false, true),
  ('57', 'Non-residential substance abuse treatment facility', false, false, true);

INSERT INTO @extschema@.credential (credential, name, medicare_percent, seed) VALUES
  ('md', 'Physician (MD), including psychiatrists', 1, true),
  ('do', 'Physician (DO)', 1, true),
  ('np', 'Nurse practitioner', 0.85, true),
  ('pa', 'Physician assistant', 0.85, true),
  ('phd', 'Clinical psychologist (PhD)', 1, true),
  ('psyd', 'Clinical psychologist (PsyD)', 1, true),
  ('lcsw', 'Licensed clinical social worker', 0.75, true),
  ('lmft', 'Licensed marriage and family therapist', 0.75, true),
  ('lpc', 'Licensed professional counselor (mental health counselor)', 0.75, true),
  ('lmhc', 'Licensed mental health counselor', 0.75, true),
  ('other', 'Other', 1, true);

INSERT INTO @extschema@.service_code (code, category, description, seed) VALUES
  ('90791', 'mh_diagnostic', 'Psychiatric diagnostic evaluation', true),
  ('90792', 'mh_diagnostic', 'Psychiatric diagnostic evaluation with medical services', true),
  ('90832', 'mh_psychotherapy', 'Psychotherapy, 30 minutes', true),
  ('90834', 'mh_psychotherapy', 'Psychotherapy, 45 minutes', true),
  ('90837', 'mh_psychotherapy', 'Psychotherapy, 60 minutes (53 minutes or more)', true),
  ('90846', 'mh_family', 'Family psychotherapy without the patient', true),
  ('90847', 'mh_family', 'Family psychotherapy with the patient', true),
  ('90853', 'mh_group', 'Group psychotherapy', true),
  ('90839', 'mh_crisis', 'Psychotherapy for crisis, first 60 minutes', true),
  ('90840', 'mh_crisis', 'Psychotherapy for crisis, each additional 30 minutes', true),
  ('90833', 'mh_psychotherapy_addon', 'Psychotherapy with E/M, 30 minutes (add-on)', true),
  ('90836', 'mh_psychotherapy_addon', 'Psychotherapy with E/M, 45 minutes (add-on)', true),
  ('90838', 'mh_psychotherapy_addon', 'Psychotherapy with E/M, 60 minutes (add-on)', true),
  ('90785', 'mh_psychotherapy_addon', 'Interactive complexity (add-on)', true),
  ('99212', 'office_visit', 'Office visit, established patient, straightforward', true),
  ('99213', 'office_visit', 'Office visit, established patient, low complexity', true),
  ('99214', 'office_visit', 'Office visit, established patient, moderate complexity', true),
  ('99215', 'office_visit', 'Office visit, established patient, high complexity', true),
  ('99203', 'office_visit', 'Office visit, new patient, low complexity', true),
  ('99204', 'office_visit', 'Office visit, new patient, moderate complexity', true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.place_of_service', 'WHERE NOT seed');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.credential', 'WHERE NOT seed');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.service_code', 'WHERE NOT seed');

-- Seed rows are re-created by CREATE EXTENSION on restore, so a change to one could not survive a
-- dump: they are read-only, and rows users insert are never seed rows.
CREATE FUNCTION @extschema@.seed_rows_read_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.seed := false;
        RETURN NEW;
    END IF;
    IF OLD.seed THEN
        RAISE EXCEPTION 'rows shipped with the extension are read-only'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s of a seed row of costshare.%s is not allowed: it would be lost by pg_dump and restore.',
                                  TG_OP, TG_TABLE_NAME),
                  HINT = 'Add a row of your own instead: a more specific service_code row (place of service, modifier) or a new credential or place of service code.';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$ VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.seed_rows_read_only() IS
    'Trigger function keeping the rows shipped with the extension read-only (users add rows of their own).';

CREATE TRIGGER place_of_service_seed BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.place_of_service
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seed_rows_read_only();
CREATE TRIGGER credential_seed BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.credential
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seed_rows_read_only();
CREATE TRIGGER service_code_seed BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.service_code
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seed_rows_read_only();

-- ===================================================================================================
-- Medicare physician fee schedule: pricing, CSV reading, loaders for CMS's published files
-- ===================================================================================================

/*
 * src/sql/fee_schedule.sql — the Medicare physician fee schedule: the exact fee formula, a CSV
 * tokenizer, tables for CMS's published files (RVUs, GPCIs, localities, conversion factors), loaders
 * for those files, and the price of a code at a locality.
 *
 * A fragment of the 1.0 -> 1.1 upgrade script (costshare--1.0--1.1.sql), written with @extschema@;
 * it has no \echo guard of its own. Rules are in C (src/engine/cs_fee.c, src/engine/cs_csv.c); this
 * file only declares and composes.
 */

-- ===================================================================================================
-- Pure functions (C)
-- ===================================================================================================

CREATE FUNCTION @extschema@.medicare_fee(
    work_rvu          numeric,
    pe_rvu            numeric,
    mp_rvu            numeric,
    work_gpci         numeric,
    pe_gpci           numeric,
    mp_gpci           numeric,
    conversion_factor numeric,
    percent           numeric DEFAULT 1)
RETURNS numeric
AS 'MODULE_PATHNAME', 'costshare_medicare_fee'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.medicare_fee(numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Medicare physician fee schedule amount: (work RVU x work GPCI + PE RVU x PE GPCI + MP RVU x MP GPCI) x conversion factor, computed exactly and rounded once to the cent, half up (as CMS''s locality prices are); then times percent (0.75 for clinical social workers, MFTs and counselors), rounded half up to the cent. Pass the non-facility or the facility PE RVU as the place of service requires.';

CREATE FUNCTION @extschema@.csv_rows(document text)
RETURNS SETOF text[]
AS 'MODULE_PATHNAME', 'costshare_csv_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csv_rows(text) IS
    'The records of a CSV document (RFC 4180: quoted fields with commas, line ends and "" inside; CRLF, LF or CR line ends; a UTF-8 byte order mark is skipped), one text[] per record in order, the header included. Malformed input raises 22P04 naming the line.';

CREATE FUNCTION @extschema@.csv_records(document text, OUT line_number bigint, OUT fields text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'costshare_csv_records'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csv_records(text) IS
    'Like costshare.csv_rows, with the line on which each record starts (line ends inside quoted fields count), for error messages that name the line.';

-- ===================================================================================================
-- Tables (extension-owned; rows are the user's and are kept by pg_dump)
-- ===================================================================================================

CREATE TABLE @extschema@.medicare_conversion_factor (
    year                  integer PRIMARY KEY CHECK (year BETWEEN 1992 AND 2100),
    conversion_factor     numeric NOT NULL
                          CHECK (conversion_factor > 0 AND conversion_factor <= 10000
                                 AND conversion_factor = round(conversion_factor, 4)),
    conversion_factor_apm numeric
                          CHECK (conversion_factor_apm > 0 AND conversion_factor_apm <= 10000
                                 AND conversion_factor_apm = round(conversion_factor_apm, 4)),
    seed                  boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.medicare_conversion_factor IS
    'Medicare physician fee schedule conversion factors (dollars per RVU) by calendar year; costshare.medicare_price uses conversion_factor.';
COMMENT ON COLUMN @extschema@.medicare_conversion_factor.conversion_factor IS
    'The conversion factor, 4 decimals as CMS publishes it (2025: 32.3465).';
COMMENT ON COLUMN @extschema@.medicare_conversion_factor.conversion_factor_apm IS
    'The conversion factor for qualifying APM participants when CMS publishes a separate one (from 2026: 33.5675); NULL otherwise.';
COMMENT ON COLUMN @extschema@.medicare_conversion_factor.seed IS
    'Shipped with the extension (not dumped); rows you add have seed = false.';

INSERT INTO @extschema@.medicare_conversion_factor (year, conversion_factor, conversion_factor_apm, seed) VALUES
    (2023, 33.8872, NULL, true),
    (2025, 32.3465, NULL, true),
    (2026, 33.4009, 33.5675, true);

CREATE TABLE @extschema@.medicare_rvu (
    year               integer NOT NULL CHECK (year BETWEEN 1992 AND 2100),
    hcpcs              text NOT NULL CHECK (hcpcs ~ '^[0-9A-Z]{5}$'),
    modifier           text NOT NULL DEFAULT '' CHECK (modifier ~ '^([0-9A-Z]{2})?$'),
    status_code        text NOT NULL CHECK (status_code ~ '^[A-Z]$'),
    work_rvu           numeric NOT NULL
                       CHECK (work_rvu >= 0 AND work_rvu <= 100000 AND work_rvu = round(work_rvu, 2)),
    pe_rvu_nonfacility numeric NOT NULL
                       CHECK (pe_rvu_nonfacility >= 0 AND pe_rvu_nonfacility <= 100000
                              AND pe_rvu_nonfacility = round(pe_rvu_nonfacility, 2)),
    pe_nonfacility_na  boolean NOT NULL DEFAULT false,
    pe_rvu_facility    numeric NOT NULL
                       CHECK (pe_rvu_facility >= 0 AND pe_rvu_facility <= 100000
                              AND pe_rvu_facility = round(pe_rvu_facility, 2)),
    pe_facility_na     boolean NOT NULL DEFAULT false,
    mp_rvu             numeric NOT NULL
                       CHECK (mp_rvu >= 0 AND mp_rvu <= 100000 AND mp_rvu = round(mp_rvu, 2)),
    pctc_indicator     text CHECK (pctc_indicator ~ '^[0-9A-Z]$'),
    global_days        text CHECK (global_days ~ '^[0-9A-Z]{3}$'),
    conversion_factor  numeric NOT NULL
                       CHECK (conversion_factor >= 0 AND conversion_factor <= 10000
                              AND conversion_factor = round(conversion_factor, 4)),
    PRIMARY KEY (year, hcpcs, modifier)
);
COMMENT ON TABLE @extschema@.medicare_rvu IS
    'Relative value units of the national physician fee schedule by year, code and modifier, from CMS''s PPRRVU file (costshare.load_medicare_rvu). Descriptions (AMA copyright) are not stored.';
COMMENT ON COLUMN @extschema@.medicare_rvu.modifier IS
    'The HCPCS modifier (26, TC, 53, ...); the empty string when the row has none.';
COMMENT ON COLUMN @extschema@.medicare_rvu.status_code IS
    'CMS status code: A (active), R (restricted), T (paid only if no other service that day) are priced; B, C, I, N, X and others are not (costshare.medicare_price returns NULL).';
COMMENT ON COLUMN @extschema@.medicare_rvu.work_rvu IS 'Work RVU (2 decimals).';
COMMENT ON COLUMN @extschema@.medicare_rvu.pe_rvu_nonfacility IS
    'Practice expense RVU in a non-facility setting (office, POS 11; telehealth in the home, POS 10).';
COMMENT ON COLUMN @extschema@.medicare_rvu.pe_rvu_facility IS
    'Practice expense RVU in a facility setting (hospital, POS 02 telehealth).';
COMMENT ON COLUMN @extschema@.medicare_rvu.pe_nonfacility_na IS
    'The file''s NA indicator: CMS did not develop a non-facility PE RVU (the service is rarely performed outside a facility).';
COMMENT ON COLUMN @extschema@.medicare_rvu.pe_facility_na IS
    'The file''s NA indicator for the facility PE RVU.';
COMMENT ON COLUMN @extschema@.medicare_rvu.mp_rvu IS 'Malpractice (professional liability) RVU.';
COMMENT ON COLUMN @extschema@.medicare_rvu.pctc_indicator IS 'Professional/technical component indicator (PCTC IND).';
COMMENT ON COLUMN @extschema@.medicare_rvu.global_days IS 'Global surgery period (000, 010, 090, XXX, YYY, ZZZ, MMM).';
COMMENT ON COLUMN @extschema@.medicare_rvu.conversion_factor IS
    'The conversion factor as printed in the file''s CONV FACTOR column (kept for reference; prices use costshare.medicare_conversion_factor when it has the year).';

CREATE TABLE @extschema@.medicare_gpci (
    year          integer NOT NULL CHECK (year BETWEEN 1992 AND 2100),
    mac           text NOT NULL CHECK (mac ~ '^[0-9]{5}$'),
    locality      text NOT NULL CHECK (locality ~ '^[0-9]{2}$'),
    state         text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
    locality_name text NOT NULL CHECK (locality_name <> ''),
    work_gpci     numeric NOT NULL CHECK (work_gpci > 0 AND work_gpci <= 10 AND work_gpci = round(work_gpci, 3)),
    pe_gpci       numeric NOT NULL CHECK (pe_gpci > 0 AND pe_gpci <= 10 AND pe_gpci = round(pe_gpci, 3)),
    mp_gpci       numeric NOT NULL CHECK (mp_gpci > 0 AND mp_gpci <= 10 AND mp_gpci = round(mp_gpci, 3)),
    PRIMARY KEY (year, mac, locality)
);
COMMENT ON TABLE @extschema@.medicare_gpci IS
    'Geographic practice cost indices by year, Medicare administrative contractor (MAC) and payment locality, from CMS''s GPCI file (costshare.load_medicare_gpci).';
COMMENT ON COLUMN @extschema@.medicare_gpci.mac IS 'Medicare administrative contractor (carrier) number, five digits (01112).';
COMMENT ON COLUMN @extschema@.medicare_gpci.locality IS 'Payment locality number within the MAC, two digits (05).';
COMMENT ON COLUMN @extschema@.medicare_gpci.state IS 'Two-letter state code.';
COMMENT ON COLUMN @extschema@.medicare_gpci.locality_name IS 'The locality''s name as printed (an asterisk marks a statutory floor).';
COMMENT ON COLUMN @extschema@.medicare_gpci.work_gpci IS 'Work GPCI as used for payment (with the 1.0 floor where the law sets one).';
COMMENT ON COLUMN @extschema@.medicare_gpci.pe_gpci IS 'Practice expense GPCI.';
COMMENT ON COLUMN @extschema@.medicare_gpci.mp_gpci IS 'Malpractice GPCI.';

CREATE TABLE @extschema@.medicare_locality (
    year              integer NOT NULL CHECK (year BETWEEN 1992 AND 2100),
    mac               text NOT NULL CHECK (mac ~ '^[0-9]{5}$'),
    locality          text NOT NULL CHECK (locality ~ '^[0-9]{2}$'),
    state             text NOT NULL CHECK (state <> ''),
    fee_schedule_area text NOT NULL CHECK (fee_schedule_area <> ''),
    counties          text NOT NULL CHECK (counties <> ''),
    PRIMARY KEY (year, mac, locality)
);
COMMENT ON TABLE @extschema@.medicare_locality IS
    'Counties of each Medicare payment locality by year, from CMS''s locality file (25LOCCO.csv; costshare.load_medicare_locality). Use it to find a provider''s MAC and locality from the county of the place of service.';
COMMENT ON COLUMN @extschema@.medicare_locality.mac IS 'Medicare administrative contractor number, five digits (the file prints it without leading zeros).';
COMMENT ON COLUMN @extschema@.medicare_locality.locality IS 'Payment locality number, two digits (the file prints it without leading zeros).';
COMMENT ON COLUMN @extschema@.medicare_locality.state IS 'State name as printed (the file prints it on the first row of each state only).';
COMMENT ON COLUMN @extschema@.medicare_locality.fee_schedule_area IS 'Fee schedule area as printed (an asterisk: the locality is serviced by two carriers).';
COMMENT ON COLUMN @extschema@.medicare_locality.counties IS 'Counties in the locality, as printed.';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.medicare_conversion_factor', 'WHERE NOT seed');
CREATE TRIGGER medicare_conversion_factor_seed BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.medicare_conversion_factor
    FOR EACH ROW EXECUTE FUNCTION @extschema@.seed_rows_read_only();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.medicare_rvu', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.medicare_gpci', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.medicare_locality', '');

-- ===================================================================================================
-- Reading CMS files (internal helpers of the loaders)
-- ===================================================================================================

-- The header of a CMS file: CMS prints title lines, then a header whose names may be stacked over
-- several lines (PPRRVU: "WORK" above "RVU"), then data. A column's stacked name joins the non-blank
-- cells above it up to the last blank line; a pattern matches a column by its own cell or its stacked
-- name (upper case, spaces collapsed). The header is the first line where the first two patterns
-- match; every pattern must then match exactly one column.
CREATE FUNCTION @extschema@.cms_header(
    document text, what text, patterns text[], labels text[],
    OUT header_line bigint, OUT width integer, OUT columns integer[], OUT names text[], OUT title text)
RETURNS record
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_document ALIAS FOR $1; v_what ALIAS FOR $2; v_patterns ALIAS FOR $3; v_labels ALIAS FOR $4;
    rec record;
    stack text[] := '{}';
    own text[];
    stacked text[];
    titles text[] := '{}';
    found_cols integer[];
    n integer;
BEGIN
    FOR rec IN SELECT r.line_number, r.fields FROM @extschema@.csv_records(v_document) r ORDER BY 1 LOOP
        IF btrim(array_to_string(rec.fields, ''), E' \t') = '' THEN
            stack := '{}';
            CONTINUE;
        END IF;
        own := ARRAY(SELECT upper(regexp_replace(btrim(f, E' \t'), '\s+', ' ', 'g'))
                       FROM unnest(rec.fields) WITH ORDINALITY u(f, i) ORDER BY i);
        stacked := ARRAY(SELECT btrim(coalesce(stack[i], '') || ' ' || own[i])
                           FROM generate_subscripts(own, 1) i ORDER BY i);
        IF EXISTS (SELECT 1 FROM generate_subscripts(own, 1) i
                    WHERE own[i] ~ v_patterns[1] OR stacked[i] ~ v_patterns[1])
           AND EXISTS (SELECT 1 FROM generate_subscripts(own, 1) i
                        WHERE own[i] ~ v_patterns[2] OR stacked[i] ~ v_patterns[2]) THEN
            header_line := rec.line_number;
            width := cardinality(rec.fields);
            columns := '{}';
            names := '{}';
            FOR k IN 1 .. cardinality(v_patterns) LOOP
                found_cols := ARRAY(SELECT i FROM generate_subscripts(own, 1) i
                                     WHERE own[i] ~ v_patterns[k] OR stacked[i] ~ v_patterns[k] ORDER BY i);
                n := cardinality(found_cols);
                IF n = 0 THEN
                    RAISE EXCEPTION 'CMS file header is missing a column' USING ERRCODE = 'bad_copy_file_format',
                        DETAIL = format('The header of the %s on line %s has no %s column.', v_what, header_line, v_labels[k]),
                        HINT = 'Load the file as published by CMS; the loader finds its columns by their header names.';
                ELSIF n > 1 THEN
                    RAISE EXCEPTION 'CMS file header has an ambiguous column' USING ERRCODE = 'bad_copy_file_format',
                        DETAIL = format('The header of the %s on line %s has %s columns that could be %s (columns %s).',
                                        v_what, header_line, n, v_labels[k], array_to_string(found_cols, ', ')),
                        HINT = 'Load the file as published by CMS, with one column of each name.';
                END IF;
                columns := columns || found_cols[1];
                names := names || CASE WHEN own[found_cols[1]] ~ v_patterns[k] THEN own[found_cols[1]]
                                       ELSE stacked[found_cols[1]] END;
            END LOOP;
            title := array_to_string(titles, ' ');
            RETURN;
        END IF;
        stack := stacked;
        titles := titles || array_to_string(own, ' ');
    END LOOP;
    RAISE EXCEPTION 'CMS file header not found' USING ERRCODE = 'bad_copy_file_format',
        DETAIL = format('No line of the %s has the columns %s.', v_what, array_to_string(v_labels, ', ')),
        HINT = 'Load the file as published by CMS (title lines before the header are fine); the loader finds its columns by their header names.';
END $$;
COMMENT ON FUNCTION @extschema@.cms_header(text, text, text[], text[]) IS
    'Internal: finds the header of a CMS file (after its title lines; names may be stacked over several lines) and the column matching each pattern; refuses a missing or ambiguous column with 22P04.';

-- One number of a CMS file, checked: a plain decimal, not negative (above 0 when positive), at most
-- max_scale decimals and at most max_value.
CREATE FUNCTION @extschema@.cms_decimal(
    value text, max_scale integer, max_value numeric, positive boolean, column_label text, line bigint)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v text := btrim(coalesce($1, ''), E' \t');
    x numeric;
BEGIN
    IF v !~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$' THEN
        RAISE EXCEPTION 'invalid number in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Line %s, column %s: %s is not a number.', $6, $5,
                            CASE WHEN v = '' THEN 'the field is empty, which' ELSE quote_literal(left(v, 40)) END),
            HINT = 'Load the file as published by CMS; its numbers are plain decimals such as 1.06.';
    END IF;
    x := v::numeric;
    IF x < 0 THEN
        RAISE EXCEPTION 'negative number in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Line %s, column %s: %s is negative.', $6, $5, v),
            HINT = 'RVUs, GPCIs and conversion factors are never negative; load the file as published by CMS.';
    END IF;
    IF $4 AND x = 0 THEN
        RAISE EXCEPTION 'zero index in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Line %s, column %s: the value is 0.', $6, $5),
            HINT = 'GPCIs are above 0; load the file as published by CMS.';
    END IF;
    IF x <> round(x, $2) THEN
        RAISE EXCEPTION 'too many decimal places in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Line %s, column %s: %s has more than %s decimal places.', $6, $5, v, $2),
            HINT = 'CMS prints RVUs with 2 decimals, GPCIs with 3 and conversion factors with 4; load the file as published.';
    END IF;
    IF x > $3 THEN
        RAISE EXCEPTION 'number out of range in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Line %s, column %s: %s is above %s.', $6, $5, v, $3),
            HINT = 'Load the file as published by CMS.';
    END IF;
    RETURN x;
END $$;
COMMENT ON FUNCTION @extschema@.cms_decimal(text, integer, numeric, boolean, text, bigint) IS
    'Internal: one number of a CMS file, refused with 22P04 (naming the line and column) unless it is a plain non-negative decimal within its scale and range.';

-- The loaders' common checks before the data: arguments and the year the file says it is for.
CREATE FUNCTION @extschema@.cms_check_year(year integer, document text, file_year integer, what text, source text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF $1 IS NULL OR $2 IS NULL THEN
        RAISE EXCEPTION 'year and document must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = format('Loading the %s needs the year and the file''s contents.', $4),
            HINT = 'In psql: \set doc `cat file.csv` then pass :''doc''.';
    END IF;
    IF $1 NOT BETWEEN 1992 AND 2100 THEN
        RAISE EXCEPTION 'year is out of range' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('%s is not a fee schedule year (1992 to 2100).', $1),
            HINT = 'Pass the calendar year the file is for, e.g. 2025.';
    END IF;
    IF $3 IS NOT NULL AND $3 <> $1 THEN
        RAISE EXCEPTION 'CMS file is for another year' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('The %s says %s (%s); year %s was requested.', $4, $3, $5, $1),
            HINT = 'Pass the year the file is for, or load that year''s file.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.cms_check_year(integer, text, integer, text, text) IS
    'Internal: refuses NULL arguments, a year outside 1992..2100, and a file whose title or header names another year.';

-- ===================================================================================================
-- Loaders: the client reads the file, the loader takes its contents
--   psql: \set rvu `cat PPRRVU25_OCT.csv`
--         SELECT costshare.load_medicare_rvu(2025, :'rvu');
-- Each finds the header by its column names, checks every row (22P04 naming the line on the first
-- bad one, with nothing changed), and upserts: loading the same file again changes nothing and
-- returns the same count. Rows of the year that the file does not mention are left as they are.
-- ===================================================================================================

CREATE FUNCTION @extschema@.load_medicare_rvu(year integer, document text)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_year ALIAS FOR $1; v_document ALIAS FOR $2;
    what constant text := 'RVU file (PPRRVU)';
    h record;
    rec record;
    c integer[];
    f text[];
    n integer := 0;
    a_line bigint[] := '{}'; a_hcpcs text[] := '{}'; a_mod text[] := '{}'; a_status text[] := '{}';
    a_work numeric[] := '{}'; a_pe_nf numeric[] := '{}'; a_nf_na boolean[] := '{}';
    a_pe_f numeric[] := '{}'; a_f_na boolean[] := '{}'; a_mp numeric[] := '{}';
    a_pctc text[] := '{}'; a_glob text[] := '{}'; a_cf numeric[] := '{}';
    dup record;
BEGIN
    PERFORM @extschema@.cms_check_year(v_year, v_document, NULL, what, NULL);
    SELECT * INTO h FROM @extschema@.cms_header(v_document, what,
        ARRAY['^HCPCS$', '^MOD$', '^STATUS CODE$', '^WORK RVU$', '^NON-FAC PE RVU$', '^NON-FAC NA INDICATOR$',
              '^FACILITY PE RVU$', '^FACILITY NA INDICATOR$', '^MP RVU$', '^PCTC IND$', '^GLOB DAYS$',
              '^CONV FACTOR$'],
        ARRAY['HCPCS', 'MOD', 'STATUS CODE', 'WORK RVU', 'NON-FAC PE RVU', 'NON-FAC NA INDICATOR',
              'FACILITY PE RVU', 'FACILITY NA INDICATOR', 'MP RVU', 'PCTC IND', 'GLOB DAYS', 'CONV FACTOR']);
    c := h.columns;
    PERFORM @extschema@.cms_check_year(v_year, v_document,
        substring(h.title FROM '([0-9]{4}) NATIONAL PHYSICIAN FEE SCHEDULE')::integer, what,
        'its title line');

    FOR rec IN SELECT r.line_number, r.fields FROM @extschema@.csv_records(v_document) r
                WHERE r.line_number > h.header_line ORDER BY 1 LOOP
        f := ARRAY[upper(btrim(coalesce(rec.fields[c[1]], ''), E' \t')),
                   upper(btrim(coalesce(rec.fields[c[2]], ''), E' \t')),
                   upper(btrim(coalesce(rec.fields[c[3]], ''), E' \t')),
                   btrim(coalesce(rec.fields[c[4]], ''), E' \t'),
                   btrim(coalesce(rec.fields[c[5]], ''), E' \t'),
                   upper(btrim(coalesce(rec.fields[c[6]], ''), E' \t')),
                   btrim(coalesce(rec.fields[c[7]], ''), E' \t'),
                   upper(btrim(coalesce(rec.fields[c[8]], ''), E' \t')),
                   btrim(coalesce(rec.fields[c[9]], ''), E' \t'),
                   upper(btrim(coalesce(rec.fields[c[10]], ''), E' \t')),
                   upper(btrim(coalesce(rec.fields[c[11]], ''), E' \t')),
                   btrim(coalesce(rec.fields[c[12]], ''), E' \t')];
        -- blank lines, and notes (a full-width line whose first column is not a code, all else blank)
        CONTINUE WHEN btrim(array_to_string(rec.fields, ''), E' \t') = '';
        CONTINUE WHEN cardinality(rec.fields) = h.width AND f[1] !~ '^[0-9A-Z]{5}$'
                      AND array_to_string(f[2:], '') = '';
        IF cardinality(rec.fields) <> h.width THEN
            RAISE EXCEPTION 'CMS file row has the wrong number of fields' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s of the %s has %s fields; the header on line %s has %s.',
                                rec.line_number, what, cardinality(rec.fields), h.header_line, h.width),
                HINT = 'The file may be truncated or edited; load the complete file as published by CMS.';
        END IF;
        IF f[1] !~ '^[0-9A-Z]{5}$' THEN
            RAISE EXCEPTION 'invalid HCPCS code in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s, column HCPCS: %s is not a five-character code.', rec.line_number, quote_literal(left(f[1], 40))),
                HINT = 'Load the file as published by CMS.';
        END IF;
        IF f[2] !~ '^([0-9A-Z]{2})?$' THEN
            RAISE EXCEPTION 'invalid modifier in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s, column MOD: %s is not a two-character modifier.', rec.line_number, quote_literal(left(f[2], 40))),
                HINT = 'Load the file as published by CMS; rows without a modifier leave MOD empty.';
        END IF;
        IF f[3] !~ '^[A-Z]$' THEN
            RAISE EXCEPTION 'invalid status code in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s, column STATUS CODE: %s is not a one-letter status code.', rec.line_number, quote_literal(left(f[3], 40))),
                HINT = 'Load the file as published by CMS.';
        END IF;
        IF f[6] NOT IN ('', 'NA') OR f[8] NOT IN ('', 'NA') THEN
            RAISE EXCEPTION 'invalid NA indicator in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s: an NA INDICATOR column holds %s; it is empty or NA.', rec.line_number,
                                quote_literal(left(CASE WHEN f[6] NOT IN ('', 'NA') THEN f[6] ELSE f[8] END, 40))),
                HINT = 'Load the file as published by CMS.';
        END IF;
        IF f[10] !~ '^[0-9A-Z]?$' OR f[11] !~ '^([0-9A-Z]{3})?$' THEN
            RAISE EXCEPTION 'invalid indicator in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s: PCTC IND %s or GLOB DAYS %s is not a CMS indicator.', rec.line_number,
                                quote_literal(left(f[10], 40)), quote_literal(left(f[11], 40))),
                HINT = 'Load the file as published by CMS.';
        END IF;
        n := n + 1;
        a_line[n] := rec.line_number;
        a_hcpcs[n] := f[1];
        a_mod[n] := f[2];
        a_status[n] := f[3];
        -- numbers as CMS prints them convert directly; anything else gets cms_decimal's checks
        IF f[4] ~ '^[0-9]{1,5}(\.[0-9]{0,2})?$' AND f[5] ~ '^[0-9]{1,5}(\.[0-9]{0,2})?$'
           AND f[7] ~ '^[0-9]{1,5}(\.[0-9]{0,2})?$' AND f[9] ~ '^[0-9]{1,5}(\.[0-9]{0,2})?$'
           AND f[12] ~ '^[0-9]{1,4}(\.[0-9]{0,4})?$' THEN
            a_work[n] := f[4]::numeric;
            a_pe_nf[n] := f[5]::numeric;
            a_pe_f[n] := f[7]::numeric;
            a_mp[n] := f[9]::numeric;
            a_cf[n] := f[12]::numeric;
        ELSE
            a_work[n] := @extschema@.cms_decimal(f[4], 2, 100000, false, 'WORK RVU', rec.line_number);
            a_pe_nf[n] := @extschema@.cms_decimal(f[5], 2, 100000, false, 'NON-FAC PE RVU', rec.line_number);
            a_pe_f[n] := @extschema@.cms_decimal(f[7], 2, 100000, false, 'FACILITY PE RVU', rec.line_number);
            a_mp[n] := @extschema@.cms_decimal(f[9], 2, 100000, false, 'MP RVU', rec.line_number);
            a_cf[n] := @extschema@.cms_decimal(f[12], 4, 10000, false, 'CONV FACTOR', rec.line_number);
        END IF;
        a_nf_na[n] := f[6] = 'NA';
        a_f_na[n] := f[8] = 'NA';
        a_pctc[n] := nullif(f[10], '');
        a_glob[n] := nullif(f[11], '');
    END LOOP;

    IF n = 0 THEN
        RAISE EXCEPTION 'no data rows in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('The %s has a header on line %s but no rows after it.', what, h.header_line),
            HINT = 'The file may be truncated; load the complete file as published by CMS.';
    END IF;
    SELECT min(u.line) AS first_line, max(u.line) AS second_line, u.hcpcs, u.modifier INTO dup
      FROM unnest(a_line, a_hcpcs, a_mod) AS u(line, hcpcs, modifier)
     GROUP BY u.hcpcs, u.modifier HAVING count(*) > 1 ORDER BY 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'duplicate row in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Lines %s and %s of the %s both give code %s%s.', dup.first_line, dup.second_line, what,
                            dup.hcpcs, CASE WHEN dup.modifier <> '' THEN ' modifier ' || dup.modifier ELSE '' END),
            HINT = 'Load the file as published by CMS; each code and modifier appears once.';
    END IF;

    INSERT INTO @extschema@.medicare_rvu AS t
        (year, hcpcs, modifier, status_code, work_rvu, pe_rvu_nonfacility, pe_nonfacility_na,
         pe_rvu_facility, pe_facility_na, mp_rvu, pctc_indicator, global_days, conversion_factor)
    SELECT v_year, u.* FROM unnest(a_hcpcs, a_mod, a_status, a_work, a_pe_nf, a_nf_na, a_pe_f, a_f_na,
                                   a_mp, a_pctc, a_glob, a_cf) AS u
    ON CONFLICT ON CONSTRAINT medicare_rvu_pkey DO UPDATE
       SET status_code = EXCLUDED.status_code, work_rvu = EXCLUDED.work_rvu,
           pe_rvu_nonfacility = EXCLUDED.pe_rvu_nonfacility, pe_nonfacility_na = EXCLUDED.pe_nonfacility_na,
           pe_rvu_facility = EXCLUDED.pe_rvu_facility, pe_facility_na = EXCLUDED.pe_facility_na,
           mp_rvu = EXCLUDED.mp_rvu, pctc_indicator = EXCLUDED.pctc_indicator,
           global_days = EXCLUDED.global_days, conversion_factor = EXCLUDED.conversion_factor
     WHERE (t.status_code, t.work_rvu, t.pe_rvu_nonfacility, t.pe_nonfacility_na, t.pe_rvu_facility,
            t.pe_facility_na, t.mp_rvu, t.pctc_indicator, t.global_days, t.conversion_factor)
           IS DISTINCT FROM
           (EXCLUDED.status_code, EXCLUDED.work_rvu, EXCLUDED.pe_rvu_nonfacility, EXCLUDED.pe_nonfacility_na,
            EXCLUDED.pe_rvu_facility, EXCLUDED.pe_facility_na, EXCLUDED.mp_rvu, EXCLUDED.pctc_indicator,
            EXCLUDED.global_days, EXCLUDED.conversion_factor);
    RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.load_medicare_rvu(integer, text) IS
    'Loads a year''s CMS national physician fee schedule RVU file (PPRRVU*.csv, given as its contents) into costshare.medicare_rvu: finds the stacked header by its column names, checks every row, refuses malformed input (22P04, naming the line) or a file for another year (22023) changing nothing, and upserts idempotently. Returns the number of data rows in the file.';

CREATE FUNCTION @extschema@.load_medicare_gpci(year integer, document text)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_year ALIAS FOR $1; v_document ALIAS FOR $2;
    what constant text := 'GPCI file';
    h record;
    rec record;
    c integer[];
    f text[];
    n integer := 0;
    file_year integer;
    a_line bigint[] := '{}'; a_mac text[] := '{}'; a_loc text[] := '{}'; a_state text[] := '{}';
    a_name text[] := '{}'; a_work numeric[] := '{}'; a_pe numeric[] := '{}'; a_mp numeric[] := '{}';
    dup record;
BEGIN
    PERFORM @extschema@.cms_check_year(v_year, v_document, NULL, what, NULL);
    SELECT * INTO h FROM @extschema@.cms_header(v_document, what,
        ARRAY['^(MEDICARE ADMINI?STRATIVE CONTRACTOR|CONTRACTOR|CARRIER|MAC)( \(MAC\))?$',
              '^LOCALITY( NUMBER)?$', '^STATE$', '^LOCALITY NAME$',
              '^([0-9]{4} )?(PW|WORK) GPCI(?! \(WITHOUT)', '^([0-9]{4} )?PE GPCI', '^([0-9]{4} )?(MP|PLI|MALPRACTICE) GPCI'],
        ARRAY['Medicare Administrative Contractor (MAC)', 'Locality Number', 'State', 'Locality Name',
              'PW GPCI', 'PE GPCI', 'MP GPCI']);
    c := h.columns;
    -- the year: "CY 2025" in the title, or "2025 PW GPCI" in the header
    file_year := coalesce(substring(h.title FROM 'CY ([0-9]{4})'),
                          substring(h.names[5] FROM '^([0-9]{4}) '))::integer;
    PERFORM @extschema@.cms_check_year(v_year, v_document, file_year, what,
        CASE WHEN h.title ~ 'CY [0-9]{4}' THEN 'its title line' ELSE 'its header' END);

    FOR rec IN SELECT r.line_number, r.fields FROM @extschema@.csv_records(v_document) r
                WHERE r.line_number > h.header_line ORDER BY 1 LOOP
        f := ARRAY(SELECT btrim(coalesce(rec.fields[k], ''), E' \t') FROM unnest(c) k);
        CONTINUE WHEN btrim(array_to_string(rec.fields, ''), E' \t') = '';
        CONTINUE WHEN cardinality(rec.fields) = h.width AND f[1] !~ '^[0-9]{1,5}$'
                      AND array_to_string(f[2:], '') = '';
        IF cardinality(rec.fields) <> h.width THEN
            RAISE EXCEPTION 'CMS file row has the wrong number of fields' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s of the %s has %s fields; the header on line %s has %s.',
                                rec.line_number, what, cardinality(rec.fields), h.header_line, h.width),
                HINT = 'The file may be truncated or edited; load the complete file as published by CMS.';
        END IF;
        IF f[1] !~ '^[0-9]{1,5}$' OR f[2] !~ '^[0-9]{1,2}$' THEN
            RAISE EXCEPTION 'invalid MAC or locality in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s: MAC %s and locality %s are not numbers of at most 5 and 2 digits.',
                                rec.line_number, quote_literal(left(f[1], 40)), quote_literal(left(f[2], 40))),
                HINT = 'Load the file as published by CMS.';
        END IF;
        IF upper(f[3]) !~ '^[A-Z]{2}$' OR f[4] = '' THEN
            RAISE EXCEPTION 'invalid state or locality name in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s: state %s is not a two-letter code or the locality name is empty.',
                                rec.line_number, quote_literal(left(f[3], 40))),
                HINT = 'Load the file as published by CMS.';
        END IF;
        n := n + 1;
        a_line[n] := rec.line_number;
        a_mac[n] := lpad(f[1], 5, '0');
        a_loc[n] := lpad(f[2], 2, '0');
        a_state[n] := upper(f[3]);
        a_name[n] := f[4];
        a_work[n] := @extschema@.cms_decimal(f[5], 3, 10, true, h.names[5], rec.line_number);
        a_pe[n] := @extschema@.cms_decimal(f[6], 3, 10, true, h.names[6], rec.line_number);
        a_mp[n] := @extschema@.cms_decimal(f[7], 3, 10, true, h.names[7], rec.line_number);
    END LOOP;

    IF n = 0 THEN
        RAISE EXCEPTION 'no data rows in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('The %s has a header on line %s but no rows after it.', what, h.header_line),
            HINT = 'The file may be truncated; load the complete file as published by CMS.';
    END IF;
    SELECT min(u.line) AS first_line, max(u.line) AS second_line, u.mac, u.loc INTO dup
      FROM unnest(a_line, a_mac, a_loc) AS u(line, mac, loc)
     GROUP BY u.mac, u.loc HAVING count(*) > 1 ORDER BY 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'duplicate row in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Lines %s and %s of the %s both give MAC %s locality %s.', dup.first_line,
                            dup.second_line, what, dup.mac, dup.loc),
            HINT = 'Load the file as published by CMS; each MAC and locality appears once.';
    END IF;

    INSERT INTO @extschema@.medicare_gpci AS t
        (year, mac, locality, state, locality_name, work_gpci, pe_gpci, mp_gpci)
    SELECT v_year, u.* FROM unnest(a_mac, a_loc, a_state, a_name, a_work, a_pe, a_mp) AS u
    ON CONFLICT ON CONSTRAINT medicare_gpci_pkey DO UPDATE
       SET state = EXCLUDED.state, locality_name = EXCLUDED.locality_name, work_gpci = EXCLUDED.work_gpci,
           pe_gpci = EXCLUDED.pe_gpci, mp_gpci = EXCLUDED.mp_gpci
     WHERE (t.state, t.locality_name, t.work_gpci, t.pe_gpci, t.mp_gpci) IS DISTINCT FROM
           (EXCLUDED.state, EXCLUDED.locality_name, EXCLUDED.work_gpci, EXCLUDED.pe_gpci, EXCLUDED.mp_gpci);
    RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.load_medicare_gpci(integer, text) IS
    'Loads a year''s CMS GPCI file (GPCI2025.csv, Addendum E, given as its contents) into costshare.medicare_gpci: finds the header by its column names, checks every row (GPCIs above 0, 3 decimals), refuses malformed input (22P04, naming the line) or a file for another year (22023) changing nothing, and upserts idempotently. Returns the number of localities in the file.';

CREATE FUNCTION @extschema@.load_medicare_locality(year integer, document text)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_year ALIAS FOR $1; v_document ALIAS FOR $2;
    what constant text := 'locality file (LOCCO)';
    h record;
    rec record;
    c integer[];
    f text[];
    n integer := 0;
    last_state text;
    a_line bigint[] := '{}'; a_mac text[] := '{}'; a_loc text[] := '{}'; a_state text[] := '{}';
    a_area text[] := '{}'; a_counties text[] := '{}';
    dup record;
BEGIN
    PERFORM @extschema@.cms_check_year(v_year, v_document, NULL, what, NULL);
    SELECT * INTO h FROM @extschema@.cms_header(v_document, what,
        ARRAY['^(MEDICARE ADMINI?STRATIVE CONTRACTOR|CONTRACTOR|CARRIER|MAC)( \(MAC\))?$',
              '^LOCALITY( NUMBER)?$', '^STATE$', '^FEE SCHEDULE AREA$', '^COUNTIES$'],
        ARRAY['Medicare Administrative Contractor', 'Locality Number', 'State', 'Fee Schedule Area', 'Counties']);
    c := h.columns;
    PERFORM @extschema@.cms_check_year(v_year, v_document,
        coalesce(substring(h.title FROM '([0-9]{4}) LOCALITIES'), substring(h.title FROM 'CY ([0-9]{4})'))::integer,
        what, 'its title line');

    FOR rec IN SELECT r.line_number, r.fields FROM @extschema@.csv_records(v_document) r
                WHERE r.line_number > h.header_line ORDER BY 1 LOOP
        f := ARRAY(SELECT regexp_replace(btrim(coalesce(rec.fields[k], ''), E' \t'), '\s+', ' ', 'g') FROM unnest(c) k);
        CONTINUE WHEN btrim(array_to_string(rec.fields, ''), E' \t') = '';
        CONTINUE WHEN cardinality(rec.fields) = h.width AND f[1] !~ '^[0-9]{1,5}$'
                      AND array_to_string(f[2:], '') = '';
        IF cardinality(rec.fields) <> h.width THEN
            RAISE EXCEPTION 'CMS file row has the wrong number of fields' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s of the %s has %s fields; the header on line %s has %s.',
                                rec.line_number, what, cardinality(rec.fields), h.header_line, h.width),
                HINT = 'The file may be truncated or edited; load the complete file as published by CMS.';
        END IF;
        IF f[1] !~ '^[0-9]{1,5}$' OR f[2] !~ '^[0-9]{1,2}$' THEN
            RAISE EXCEPTION 'invalid MAC or locality in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s: MAC %s and locality %s are not numbers of at most 5 and 2 digits.',
                                rec.line_number, quote_literal(left(f[1], 40)), quote_literal(left(f[2], 40))),
                HINT = 'Load the file as published by CMS.';
        END IF;
        -- the file prints each state once, on its first row
        IF f[3] <> '' THEN
            last_state := f[3];
        END IF;
        IF last_state IS NULL OR f[4] = '' OR f[5] = '' THEN
            RAISE EXCEPTION 'incomplete row in CMS file' USING ERRCODE = 'bad_copy_file_format',
                DETAIL = format('Line %s: the state (on this row or a row above), the fee schedule area and the counties are required.',
                                rec.line_number),
                HINT = 'Load the file as published by CMS.';
        END IF;
        n := n + 1;
        a_line[n] := rec.line_number;
        a_mac[n] := lpad(f[1], 5, '0');
        a_loc[n] := lpad(f[2], 2, '0');
        a_state[n] := last_state;
        a_area[n] := f[4];
        a_counties[n] := f[5];
    END LOOP;

    IF n = 0 THEN
        RAISE EXCEPTION 'no data rows in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('The %s has a header on line %s but no rows after it.', what, h.header_line),
            HINT = 'The file may be truncated; load the complete file as published by CMS.';
    END IF;
    -- CMS repeats some rows word for word (25LOCCO.csv: MAC 5302 locality 99): those count once;
    -- two different rows for one MAC and locality are refused
    SELECT min(u.line) AS first_line, max(u.line) AS second_line, u.mac, u.loc INTO dup
      FROM unnest(a_line, a_mac, a_loc, a_state, a_area, a_counties) AS u(line, mac, loc, state, area, counties)
     GROUP BY u.mac, u.loc HAVING count(DISTINCT (u.state, u.area, u.counties)) > 1 ORDER BY 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'conflicting rows in CMS file' USING ERRCODE = 'bad_copy_file_format',
            DETAIL = format('Lines %s and %s of the %s give MAC %s locality %s different areas or counties.',
                            dup.first_line, dup.second_line, what, dup.mac, dup.loc),
            HINT = 'Load the file as published by CMS.';
    END IF;

    INSERT INTO @extschema@.medicare_locality AS t (year, mac, locality, state, fee_schedule_area, counties)
    SELECT DISTINCT ON (u.mac, u.loc) v_year, u.mac, u.loc, u.state, u.area, u.counties
      FROM unnest(a_line, a_mac, a_loc, a_state, a_area, a_counties) AS u(line, mac, loc, state, area, counties)
     ORDER BY u.mac, u.loc, u.line
    ON CONFLICT ON CONSTRAINT medicare_locality_pkey DO UPDATE
       SET state = EXCLUDED.state, fee_schedule_area = EXCLUDED.fee_schedule_area, counties = EXCLUDED.counties
     WHERE (t.state, t.fee_schedule_area, t.counties) IS DISTINCT FROM
           (EXCLUDED.state, EXCLUDED.fee_schedule_area, EXCLUDED.counties);
    SELECT count(DISTINCT (u.mac, u.loc)) INTO n FROM unnest(a_mac, a_loc) AS u(mac, loc);
    RETURN n;
END $$;
COMMENT ON FUNCTION @extschema@.load_medicare_locality(integer, text) IS
    'Loads a year''s CMS locality file (25LOCCO.csv, counties by locality, given as its contents) into costshare.medicare_locality: pads MAC and locality numbers to 5 and 2 digits, carries each state down to the rows below it, counts rows CMS repeats word for word once, refuses malformed input (22P04, naming the line) or a file for another year (22023) changing nothing, and upserts idempotently. Returns the number of localities in the file.';

-- ===================================================================================================
-- The price of a code at a locality
-- ===================================================================================================

CREATE FUNCTION @extschema@.medicare_price(
    year integer, hcpcs text, modifier text, mac text, locality text, facility boolean,
    percent numeric DEFAULT 1)
RETURNS numeric
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_mac text := btrim($4);
    v_loc text := btrim($5);
    r record;
    g record;
    cf numeric;
BEGIN
    IF $1 IS NULL OR $2 IS NULL OR $4 IS NULL OR $5 IS NULL OR $6 IS NULL OR $7 IS NULL THEN
        RETURN NULL;
    END IF;
    -- MAC and locality as CMS's locality file prints them (1112, 5) or padded (01112, 05)
    IF v_mac ~ '^[0-9]{1,4}$' THEN
        v_mac := lpad(v_mac, 5, '0');
    END IF;
    IF v_loc ~ '^[0-9]$' THEN
        v_loc := lpad(v_loc, 2, '0');
    END IF;

    SELECT x.status_code, x.work_rvu, x.pe_rvu_nonfacility, x.pe_rvu_facility, x.mp_rvu,
           x.conversion_factor INTO r
      FROM @extschema@.medicare_rvu x
     WHERE x.year = $1 AND x.hcpcs = upper(btrim($2)) AND x.modifier = coalesce(upper(btrim($3)), '');
    IF NOT FOUND OR r.status_code NOT IN ('A', 'R', 'T') THEN
        RETURN NULL;
    END IF;
    SELECT x.work_gpci, x.pe_gpci, x.mp_gpci INTO g
      FROM @extschema@.medicare_gpci x
     WHERE x.year = $1 AND x.mac = v_mac AND x.locality = v_loc;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT x.conversion_factor INTO cf FROM @extschema@.medicare_conversion_factor x WHERE x.year = $1;
    cf := coalesce(cf, nullif(r.conversion_factor, 0));
    IF cf IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN @extschema@.medicare_fee(r.work_rvu, CASE WHEN $6 THEN r.pe_rvu_facility ELSE r.pe_rvu_nonfacility END,
                                    r.mp_rvu, g.work_gpci, g.pe_gpci, g.mp_gpci, cf, $7);
END $$;
COMMENT ON FUNCTION @extschema@.medicare_price(integer, text, text, text, text, boolean, numeric) IS
    'Medicare physician fee schedule amount of a code (and modifier, '''' or NULL for none) in a year at a MAC and locality, in a facility or not, times percent (0.75 for clinical social workers, MFTs and counselors), by costshare.medicare_fee, with the year''s conversion factor from costshare.medicare_conversion_factor (or, without a row for the year, the one printed in the RVU file). NULL when the code, the locality or a conversion factor is not loaded, when the code''s status is not A, R or T (not priced on the fee schedule), or when an argument other than modifier is NULL.';

-- ===================================================================================================
-- Looking things up: remaining amounts, accumulators, allowed amounts, the line context
-- ===================================================================================================

CREATE FUNCTION @extschema@.remaining(terms @extschema@.terms, acc @extschema@.accum DEFAULT NULL,
    OUT deductible numeric, OUT oop numeric, OUT visits integer)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_remaining'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.remaining(@extschema@.terms, @extschema@.accum) IS
    'What is left of the deductible, the out-of-pocket limit (NULL: unlimited) and the visit limit (NULL: unlimited) for these terms and accumulators, by the adjudication rules; NULL terms give NULL.';

CREATE FUNCTION @extschema@.accumulators(
    member_id text, family_id text, plan_id text, bucket text, category text,
    period daterange, service_date date)
RETURNS @extschema@.accum
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_member ALIAS FOR $1; v_family ALIAS FOR $2; v_plan ALIAS FOR $3; v_bucket ALIAS FOR $4;
    v_category ALIAS FOR $5; v_period ALIAS FOR $6; v_date ALIAS FOR $7;
    ind_as_of date; ind_ded numeric := 0; ind_oop numeric := 0;
    fam_as_of date; fam_ded numeric := 0; fam_oop numeric := 0;
    r record; c record; carry boolean;
    buckets text[];
BEGIN
    -- money credited to this bucket: its own lines and those of buckets that also credit it
    SELECT array_agg(pl.bucket) INTO buckets
      FROM @extschema@.plan_limit pl
     WHERE pl.plan_id = v_plan AND v_bucket = ANY (pl.also_credits) AND pl.bucket <> v_bucket;
    buckets := coalesce(buckets, '{}') || v_bucket;

    SELECT s.as_of, s.ded_met, s.oop_met INTO ind_as_of, ind_ded, ind_oop
      FROM @extschema@.accumulator_snapshot s
     WHERE s.family_id = v_family AND s.member_id = v_member AND s.plan_id = v_plan
       AND s.bucket = v_bucket AND s.as_of <@ v_period AND s.as_of <= v_date
     ORDER BY s.as_of DESC LIMIT 1;
    SELECT s.as_of, s.ded_met, s.oop_met INTO fam_as_of, fam_ded, fam_oop
      FROM @extschema@.accumulator_snapshot s
     WHERE s.family_id = v_family AND s.member_id IS NULL AND s.plan_id = v_plan
       AND s.bucket = v_bucket AND s.as_of <@ v_period AND s.as_of <= v_date
     ORDER BY s.as_of DESC LIMIT 1;

    -- the latest version of each claim line in the period up to the date; pending and final lines
    -- count unless the payer's snapshot already reflects them (adjudicated on or before its date)
    SELECT coalesce(sum(l.deductible) FILTER (WHERE l.member_id = v_member AND (ind_as_of IS NULL OR l.adjudicated_on IS NULL OR l.adjudicated_on > ind_as_of)), 0) AS ded_i,
           coalesce(sum(l.deductible + l.copay + l.coinsurance) FILTER (WHERE l.member_id = v_member AND (ind_as_of IS NULL OR l.adjudicated_on IS NULL OR l.adjudicated_on > ind_as_of)), 0) AS oop_i,
           coalesce(sum(l.deductible) FILTER (WHERE fam_as_of IS NULL OR l.adjudicated_on IS NULL OR l.adjudicated_on > fam_as_of), 0) AS ded_f,
           coalesce(sum(l.deductible + l.copay + l.coinsurance) FILTER (WHERE fam_as_of IS NULL OR l.adjudicated_on IS NULL OR l.adjudicated_on > fam_as_of), 0) AS oop_f,
           coalesce(sum(l.coinsurance) FILTER (WHERE l.member_id = v_member), 0) AS coins_i,
           coalesce(sum(l.visits) FILTER (WHERE l.member_id = v_member AND l.category IS NOT DISTINCT FROM v_category
                                                AND l.bucket = v_bucket), 0) AS visits_i
      INTO r
      FROM (SELECT DISTINCT ON (x.claim_id, x.line_no) x.*
              FROM @extschema@.accumulator_ledger x
             WHERE x.family_id = v_family AND x.plan_id = v_plan
             ORDER BY x.claim_id, x.line_no, x.claim_version DESC) l
     WHERE l.status IN ('pending', 'final') AND l.bucket = ANY (buckets)
       AND l.service_date <@ v_period AND l.service_date <= v_date;

    -- fourth-quarter carryover: deductible credited in the last three months of the previous period
    SELECT p.carryover INTO carry FROM @extschema@.plan p WHERE p.plan_id = v_plan;
    IF carry THEN
        SELECT coalesce(sum(l.deductible) FILTER (WHERE l.member_id = v_member), 0) AS ded_i,
               coalesce(sum(l.deductible), 0) AS ded_f
          INTO c
          FROM (SELECT DISTINCT ON (x.claim_id, x.line_no) x.*
                  FROM @extschema@.accumulator_ledger x
                 WHERE x.family_id = v_family AND x.plan_id = v_plan
                 ORDER BY x.claim_id, x.line_no, x.claim_version DESC) l
         WHERE l.status IN ('pending', 'final') AND l.bucket = ANY (buckets)
           AND l.service_date >= (lower(v_period) - interval '3 months')::date
           AND l.service_date < lower(v_period);
        r.ded_i := r.ded_i + c.ded_i;
        r.ded_f := r.ded_f + c.ded_f;
    END IF;

    RETURN ROW(coalesce(ind_ded, 0) + r.ded_i, coalesce(fam_ded, 0) + r.ded_f,
               coalesce(ind_oop, 0) + r.oop_i, coalesce(fam_oop, 0) + r.oop_f,
               r.visits_i, r.coins_i, 0)::@extschema@.accum;
END $$;
COMMENT ON FUNCTION @extschema@.accumulators(text, text, text, text, text, daterange, date) IS
    'A member''s and family''s accumulators in a plan bucket and benefit period up to a date: the payer''s latest snapshot plus ledger lines (latest version, pending or final) the snapshot does not yet reflect, plus fourth-quarter carryover when the plan has it.';

CREATE FUNCTION @extschema@.medicare_allowed(
    code text, modifier text, facility boolean, credential text, mac text, locality text,
    service_date date, percent numeric DEFAULT 1)
RETURNS numeric
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    share numeric;
BEGIN
    IF mac IS NULL OR locality IS NULL THEN
        RETURN NULL;
    END IF;
    -- the credential's share (75% for social workers, MFTs, counselors) and the contract's percent
    -- multiply exactly; medicare_price applies the product once and rounds once
    SELECT c.medicare_percent INTO share FROM @extschema@.credential c WHERE c.credential = $4;
    RETURN @extschema@.medicare_price(extract(year FROM service_date)::int, code, coalesce(modifier, ''),
                                      mac, locality, facility, coalesce(share, 1) * coalesce(percent, 1));
END $$;
COMMENT ON FUNCTION @extschema@.medicare_allowed(text, text, boolean, text, text, text, date, numeric) IS
    'Medicare''s physician fee schedule amount for a code at a provider''s locality on a date, scaled by the credential''s share and a contract percent; NULL when the locality or the code''s RVUs are not loaded.';

CREATE FUNCTION @extschema@.allowed_amount(
    payer_id text, plan_id text, code text, modifier text, facility boolean,
    credential text, state text, mac text, locality text, service_date date,
    OUT amount numeric, OUT source text)
RETURNS record
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    f record;
BEGIN
    SELECT x.amount, x.percent_of_medicare INTO f
      FROM @extschema@.fee_schedule x
     WHERE x.payer_id = $1 AND (x.plan_id IS NULL OR x.plan_id = $2) AND x.code = $3
       AND (x.modifier = '' OR x.modifier = coalesce($4, ''))
       AND (x.facility IS NULL OR x.facility = $5)
       AND (x.credential IS NULL OR x.credential = $6)
       AND (x.state IS NULL OR x.state = $7)
       AND x.valid @> $10
     ORDER BY (x.plan_id IS NOT NULL) DESC, (x.modifier <> '') DESC, (x.credential IS NOT NULL) DESC,
              (x.facility IS NOT NULL) DESC, (x.state IS NOT NULL) DESC
     LIMIT 1;
    IF FOUND AND f.amount IS NOT NULL THEN
        amount := f.amount; source := 'fee_schedule';
    ELSIF FOUND THEN
        amount := @extschema@.medicare_allowed($3, $4, $5, $6, $8, $9, $10, f.percent_of_medicare);
        source := 'percent_of_medicare';
    ELSE
        amount := NULL; source := NULL;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.allowed_amount(text, text, text, text, boolean, text, text, text, text, date) IS
    'The allowed amount of the most specific fee schedule row (plan, modifier, credential, facility, state) valid on the date, or a percent of Medicare; NULL when no row applies.';

CREATE TYPE @extschema@.line_context AS (
    status          text,
    reasons         text[],
    member_id       text,
    family_id       text,
    plan_id         text,
    payer_id        text,
    enrollment_id   bigint,
    cob_position    integer,
    coverages       integer,
    category        text,
    network         text,
    bucket          text,
    telehealth      boolean,
    auth_required   boolean,
    carve_out_admin text,
    benefit_period  daterange,
    allowed         numeric,
    allowed_source  text,
    priceable       boolean,
    terms           @extschema@.terms,
    acc             @extschema@.accum
);
COMMENT ON TYPE @extschema@.line_context IS
    'Everything looked up for one line: eligibility status and reasons, the coverage chosen by COB order, the benefit category, network status, terms, allowed amount and accumulators before the line.';

CREATE FUNCTION @extschema@.line_context(
    member_id text, service_date date, service_code text,
    provider_id text DEFAULT NULL, place_of_service text DEFAULT '11', modifier text DEFAULT NULL)
RETURNS @extschema@.line_context
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_member ALIAS FOR $1; v_date ALIAS FOR $2; v_code ALIAS FOR $3; v_provider ALIAS FOR $4;
    v_pos text := coalesce($5, '11'); v_modifier text := coalesce($6, '');
    ctx @extschema@.line_context;
    m record; e record; lim record; b record; ps record; d record;
    pr_credential text; pr_state text; pr_mac text; pr_locality text;
    facts @extschema@.eligibility_facts;
    have_terms boolean := false;
    v_facility boolean;
BEGIN
    IF v_member IS NULL OR v_date IS NULL OR v_code IS NULL THEN
        RAISE EXCEPTION 'member, service date and service code must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'An eligibility or estimate request needs the member, the date of service and the service code.',
                  HINT = 'Pass all three; provider and place of service are optional.';
    END IF;
    IF NOT isfinite(v_date) THEN
        RAISE EXCEPTION 'service date must be a finite date' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'The service date is infinity or -infinity.', HINT = 'Give the date of service.';
    END IF;
    ctx.member_id := v_member;
    facts.service_date := v_date;

    SELECT x.birth_date INTO m FROM @extschema@.member x WHERE x.member_id = v_member;
    facts.member_known := FOUND;
    facts.birth_date := m.birth_date;

    SELECT s.category INTO ctx.category
      FROM @extschema@.service_code s
     WHERE s.code = v_code AND (s.pos = '' OR s.pos = v_pos) AND (s.modifier = '' OR s.modifier = v_modifier)
     ORDER BY (s.pos <> '') DESC, (s.modifier <> '') DESC LIMIT 1;
    facts.service_known := ctx.category IS NOT NULL;

    SELECT x.facility, x.telehealth INTO ps FROM @extschema@.place_of_service x WHERE x.pos = v_pos;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown place of service' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = format('Place of service %s is not in costshare.place_of_service.', v_pos),
            HINT = 'Use a two-digit CMS place of service code such as 11 (office) or 10 (telehealth at home).';
    END IF;
    v_facility := ps.facility;
    ctx.telehealth := ps.telehealth OR v_modifier IN ('95', '93', 'GT');
    facts.telehealth := ctx.telehealth;

    facts.provider_known := true;
    IF v_provider IS NOT NULL THEN
        SELECT x.credential, x.state, x.medicare_mac, x.medicare_locality
          INTO pr_credential, pr_state, pr_mac, pr_locality
          FROM @extschema@.provider x WHERE x.provider_id = v_provider;
        facts.provider_known := FOUND;
    END IF;

    -- the coverages active on the date, primary first
    SELECT x.*, pl.payer_id, pl.period_start, pl.rounding, pl.carryover, pl.dependent_age_limit,
           py.payer_type, count(*) OVER () AS n,
           row_number() OVER (ORDER BY @extschema@.cob_key(x.relationship, x.coverage_kind, sub.birth_date,
                                          lower(x.coverage), x.cob_order, py.payer_type = 'medicaid'),
                                       x.enrollment_id) AS position
      INTO e
      FROM @extschema@.enrollment x
      JOIN @extschema@.plan pl USING (plan_id)
      JOIN @extschema@.payer py ON py.payer_id = pl.payer_id
      LEFT JOIN @extschema@.member sub ON sub.member_id = x.subscriber_id
     -- (the date test is kept out of the index scan: on 100,000 enrollments the lookup takes
     -- 0.060 ms this way against 0.076 ms with the range condition in the GiST scan)
     WHERE x.member_id = v_member AND (x.coverage @> v_date) IS TRUE
     ORDER BY position LIMIT 1;
    facts.enrolled := FOUND;
    IF FOUND THEN
        ctx.family_id := e.family_id;
        ctx.plan_id := e.plan_id;
        ctx.payer_id := e.payer_id;
        ctx.enrollment_id := e.enrollment_id;
        ctx.cob_position := e.position;
        ctx.coverages := e.n;
        ctx.benefit_period := @extschema@.benefit_period(v_date, e.period_start);
        facts.is_dependent_child := e.relationship = 'child';
        facts.dependent_age_limit := e.dependent_age_limit;

        -- network status: the provider's participation on the date (no provider: assume in network)
        IF v_provider IS NULL THEN
            ctx.network := 'unknown';
        ELSIF EXISTS (SELECT 1 FROM @extschema@.network_participation n
                       WHERE n.provider_id = v_provider AND n.plan_id = e.plan_id AND n.valid @> v_date) THEN
            ctx.network := 'in';
        ELSE
            ctx.network := 'out';
        END IF;

        SELECT x.* INTO b FROM @extschema@.benefit x
         WHERE x.plan_id = e.plan_id AND x.category = ctx.category
           AND x.network = CASE ctx.network WHEN 'out' THEN 'out' ELSE 'in' END;
        facts.benefit_found := FOUND;
        IF NOT FOUND AND ctx.network = 'out' AND ctx.category IS NOT NULL AND
           EXISTS (SELECT 1 FROM @extschema@.benefit x WHERE x.plan_id = e.plan_id AND x.category = ctx.category) THEN
            -- the plan covers the category in network only (HMO/EPO): out of network is not covered
            facts.benefit_found := true;
            facts.covered := false;
        ELSIF FOUND THEN
            facts.covered := b.covered;
            facts.carved_out := b.carve_out_admin IS NOT NULL;
            facts.telehealth_allowed := b.telehealth_allowed;
            facts.visit_limit := b.visit_limit;
            facts.auth_required := b.auth_required;
            ctx.auth_required := b.auth_required;
            ctx.carve_out_admin := b.carve_out_admin;
            ctx.bucket := coalesce(b.bucket, b.network);
            facts.auth_on_file := EXISTS (
                SELECT 1 FROM @extschema@.prior_auth a
                 WHERE a.member_id = v_member AND a.plan_id = e.plan_id AND a.category = ctx.category
                   AND a.valid @> v_date);

            SELECT x.* INTO lim FROM @extschema@.plan_limit x WHERE x.plan_id = e.plan_id AND x.bucket = ctx.bucket;
            ctx.terms := @extschema@.terms(
                copay => CASE WHEN ctx.telehealth AND b.telehealth_copay IS NOT NULL THEN b.telehealth_copay ELSE b.copay END,
                coinsurance => b.coinsurance,
                deductible_applies => b.deductible_applies,
                copay_after_deductible => b.copay_after_deductible,
                covered => b.covered AND NOT (ctx.telehealth AND NOT b.telehealth_allowed),
                ded_individual => lim.ded_individual,
                ded_family => lim.ded_family,
                family_deductible => coalesce(lim.family_deductible, 'embedded'),
                oop_individual => lim.oop_individual,
                oop_family => lim.oop_family,
                family_coverage => e.coverage_level = 'family',
                visit_limit => b.visit_limit,
                network => b.network,
                rounding => e.rounding,
                period_start => e.period_start,
                copay_counts_toward_deductible => b.copay_counts_toward_deductible,
                copay_visits => b.copay_visits,
                family_ded_members => lim.family_ded_members,
                coinsurance_limit => lim.coinsurance_limit,
                carryover => e.carryover,
                copay_per => b.copay_per,
                bucket => ctx.bucket,
                also_credits => lim.also_credits);
            have_terms := true;
            ctx.acc := @extschema@.accumulators(v_member, e.family_id, e.plan_id, ctx.bucket, ctx.category,
                                                ctx.benefit_period, v_date);
            facts.visits_used := (ctx.acc).visits_used;

            SELECT x.amount, x.source INTO ctx.allowed, ctx.allowed_source
              FROM @extschema@.allowed_amount(e.payer_id, e.plan_id, v_code, v_modifier, v_facility,
                                              pr_credential, pr_state, pr_mac, pr_locality, v_date) x;
            IF ctx.allowed IS NULL AND e.payer_type = 'medicare' THEN
                ctx.allowed := @extschema@.medicare_allowed(v_code, v_modifier, v_facility, pr_credential,
                                                            pr_mac, pr_locality, v_date, 1);
                ctx.allowed_source := CASE WHEN ctx.allowed IS NOT NULL THEN 'medicare_fee_schedule' END;
            END IF;
        END IF;
    END IF;

    SELECT x.status, x.reasons INTO d FROM @extschema@.eligibility_decide(facts) x;
    ctx.status := d.status;
    ctx.reasons := d.reasons;
    IF ctx.network = 'out' THEN
        ctx.reasons := ctx.reasons || 'out_of_network'::text;
    END IF;
    IF have_terms AND ctx.allowed IS NULL THEN
        ctx.reasons := ctx.reasons || 'no_fee_schedule'::text;
    END IF;
    -- a line is priced when its terms and allowed amount are known and no one else holds the benefit
    -- (a dependent past the age limit has no coverage to price; a non-covered service is priced as such)
    ctx.priceable := have_terms AND ctx.allowed IS NOT NULL AND ctx.status NOT IN ('unknown', 'carved_out')
                     AND NOT 'dependent_age_limit' = ANY (ctx.reasons);
    RETURN ctx;
END $$;
COMMENT ON FUNCTION @extschema@.line_context(text, date, text, text, text, text) IS
    'Looks up everything one line needs (coverage by COB order, category, network status, benefit, limits, accumulators, allowed amount) and decides its eligibility status.';

-- ===================================================================================================
-- Eligibility and estimates
-- ===================================================================================================

CREATE TYPE @extschema@.eligibility_result AS (
    status            text,
    reasons           text[],
    plan_id           text,
    payer_id          text,
    enrollment_id     bigint,
    cob_position      integer,
    coverages         integer,
    category          text,
    network           text,
    auth_required     boolean,
    carve_out_admin   text,
    benefit_period    daterange,
    ded_remaining     numeric,
    oop_remaining     numeric,
    visits_remaining  integer
);
COMMENT ON TYPE @extschema@.eligibility_result IS
    'An eligibility answer: status (eligible, not_eligible, auth_required, carved_out, limit_reached, unknown), reasons, the coverage used and its COB position, network status, and what remains of the deductible, OOP limit (NULL: unlimited) and visits (NULL: unlimited).';

CREATE FUNCTION @extschema@.eligibility(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11')
RETURNS @extschema@.eligibility_result
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- PL/pgSQL rather than SQL: its plans are kept for the session, where a SQL function would be parsed
-- and planned again for every request
DECLARE
    c @extschema@.line_context;
    r record;
    result @extschema@.eligibility_result;
BEGIN
    c := @extschema@.line_context($1, $2, $3, $4, $5);
    SELECT x.deductible, x.oop, x.visits INTO r FROM @extschema@.remaining(c.terms, c.acc) x;
    result := ROW(c.status, c.reasons, c.plan_id, c.payer_id, c.enrollment_id, c.cob_position, c.coverages,
                  c.category, c.network, c.auth_required, c.carve_out_admin, c.benefit_period,
                  r.deductible, r.oop, r.visits);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.eligibility(text, date, text, text, text) IS
    'Is the member covered for this service on this date with this provider and place of service? Status, reasons, plan, network, COB position and remaining deductible / OOP / visits.';

CREATE TYPE @extschema@.estimate_result AS (
    status           text,
    reasons          text[],
    plan_id          text,
    payer_id         text,
    cob_position     integer,
    category         text,
    network          text,
    allowed          numeric,
    allowed_source   text,
    copay            numeric,
    deductible       numeric,
    coinsurance      numeric,
    not_covered      numeric,
    balance_bill     numeric,
    patient_pays     numeric,
    plan_pays        numeric,
    oop_capped       boolean,
    adjustment_codes text[],
    acc_before       @extschema@.accum,
    acc_after        @extschema@.accum
);
COMMENT ON TYPE @extschema@.estimate_result IS
    'An estimate: the eligibility status and reasons, the coverage used, the allowed amount and where it came from, the line''s breakdown (NULL amounts when it cannot be priced) and the accumulators before and after.';

CREATE FUNCTION @extschema@.estimate(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL)
RETURNS @extschema@.estimate_result
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- PL/pgSQL rather than SQL: its plans are kept for the session (see eligibility)
DECLARE
    c @extschema@.line_context;
    b @extschema@.breakdown;
    result @extschema@.estimate_result;
BEGIN
    c := @extschema@.line_context($1, $2, $3, $4, $5);
    IF c.priceable THEN
        b := @extschema@.adjudicate(c.allowed, c.terms, c.acc, $6);
    END IF;
    result := ROW(c.status, c.reasons, c.plan_id, c.payer_id, c.cob_position, c.category, c.network,
                  c.allowed, c.allowed_source,
                  b.copay, b.deductible, b.coinsurance, b.not_covered, b.balance_bill,
                  b.patient_pays, b.plan_pays, b.oop_capped, b.reasons, c.acc, b.acc_after);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.estimate(text, date, text, text, text, numeric) IS
    'What will the patient pay? Eligibility, allowed amount (fee schedule, percent of Medicare or Medicare''s own formula), accumulators including ledger lines the payer has not reflected yet, and adjudication, in one call.';

CREATE TYPE @extschema@.appointment AS (
    appt_id          bigint,
    member_id        text,
    service_date     date,
    service_code     text,
    provider_id      text,
    place_of_service text,
    billed           numeric
);
COMMENT ON TYPE @extschema@.appointment IS 'An appointment to estimate with costshare.estimate_many.';

CREATE FUNCTION @extschema@.estimate_many(appointments @extschema@.appointment[])
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH ctx AS (
        SELECT a.appt_id, a.member_id, a.service_date, a.billed, c
          FROM unnest($1) a
          CROSS JOIN LATERAL @extschema@.line_context(a.member_id, a.service_date, a.service_code,
                                                      a.provider_id, coalesce(a.place_of_service, '11')) c
    )
    SELECT x.appt_id, (x.c).status, (x.c).reasons, (x.c).plan_id, (x.c).network, (x.c).allowed,
           @extschema@.accumulate(x.member_id, x.service_date, (x.c).allowed, (x.c).terms, (x.c).acc, x.billed)
               OVER (PARTITION BY (x.c).family_id, (x.c).plan_id ORDER BY x.service_date, x.appt_id)
      FROM ctx x
     WHERE (x.c).priceable
    UNION ALL
    SELECT x.appt_id, (x.c).status, (x.c).reasons, (x.c).plan_id, (x.c).network, (x.c).allowed, NULL
      FROM ctx x
     WHERE NOT (x.c).priceable
$$;
COMMENT ON FUNCTION @extschema@.estimate_many(@extschema@.appointment[]) IS
    'Estimates many appointments at once, set-based and in date order within each family and plan: each line sees the accumulators of the family''s earlier appointments in the set. appt_id must be unique.';

-- ===================================================================================================
-- Posting claims to the ledger
-- ===================================================================================================

CREATE FUNCTION @extschema@.post_claim_line(
    claim_id text, claim_version integer, line_no integer, status text,
    member_id text, plan_id text, service_date date,
    deductible numeric, copay numeric, coinsurance numeric,
    category text DEFAULT NULL, bucket text DEFAULT 'in', visits integer DEFAULT 1,
    adjudicated_on date DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_family text;
    v_visits integer := CASE WHEN status = 'reversed' THEN 0 ELSE coalesce(visits, 1) END;
    existing record;
BEGIN
    IF claim_id IS NULL OR claim_version IS NULL OR line_no IS NULL OR status IS NULL
       OR member_id IS NULL OR plan_id IS NULL OR service_date IS NULL THEN
        RAISE EXCEPTION 'claim line fields must not be null' USING ERRCODE = 'null_value_not_allowed',
            DETAIL = 'claim_id, claim_version, line_no, status, member_id, plan_id and service_date are required.',
            HINT = 'Pass every identifying field of the claim line.';
    END IF;
    IF coalesce(deductible, 0) < 0 OR coalesce(copay, 0) < 0 OR coalesce(coinsurance, 0) < 0 OR coalesce(visits, 0) < 0 THEN
        RAISE EXCEPTION 'amount must not be negative' USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = 'A claim line''s deductible, copay, coinsurance or visits is negative.',
            HINT = 'Post the line''s amounts as they are; reverse a line by posting a new version with status reversed.';
    END IF;
    IF coalesce(deductible, 0) <> round(coalesce(deductible, 0), 2) OR coalesce(copay, 0) <> round(coalesce(copay, 0), 2)
       OR coalesce(coinsurance, 0) <> round(coalesce(coinsurance, 0), 2) THEN
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
        (claim_id, claim_version, line_no, status, family_id, member_id, plan_id, bucket, category,
         service_date, deductible, copay, coinsurance, visits, adjudicated_on)
    VALUES (claim_id, claim_version, line_no, status, v_family, member_id, plan_id, coalesce(bucket, 'in'),
            category, service_date, coalesce(deductible, 0), coalesce(copay, 0), coalesce(coinsurance, 0),
            v_visits, adjudicated_on)
    ON CONFLICT ON CONSTRAINT accumulator_ledger_claim_id_line_no_claim_version_key DO NOTHING;
    IF FOUND THEN
        RETURN 'posted';
    END IF;

    -- the same version again: a no-op when it says the same thing, an error when it does not
    SELECT * INTO existing FROM @extschema@.accumulator_ledger x
     WHERE x.claim_id = post_claim_line.claim_id AND x.line_no = post_claim_line.line_no
       AND x.claim_version = post_claim_line.claim_version;
    IF existing.status = status AND existing.member_id = member_id AND existing.plan_id = plan_id
       AND existing.service_date = service_date AND existing.deductible = coalesce(deductible, 0)
       AND existing.copay = coalesce(copay, 0) AND existing.coinsurance = coalesce(coinsurance, 0)
       AND existing.bucket = coalesce(bucket, 'in') AND existing.category IS NOT DISTINCT FROM category
       AND existing.visits = v_visits
       AND existing.adjudicated_on IS NOT DISTINCT FROM adjudicated_on THEN
        RETURN 'duplicate';
    END IF;
    RAISE EXCEPTION 'claim line version already posted with other values' USING ERRCODE = 'unique_violation',
        DETAIL = format('Version %s of line %s of this claim is already in the ledger with different values.',
                        claim_version, line_no),
        HINT = 'Post corrections as a new claim_version.';
END $$;
COMMENT ON FUNCTION @extschema@.post_claim_line(text, integer, integer, text, text, text, date, numeric, numeric, numeric, text, text, integer, date) IS
    'Posts one claim-line event to the accumulator ledger: idempotent by claim id, line and version (posting the same version twice is a no-op), safe under concurrency; the latest version of each line counts, and a reversed version counts nothing.';
