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

-- ---------------------------------------------------------------------------------------------------
-- Seed data: places of service, credentials, behavioral-health service codes (domain.md §7, §10).
-- Seed rows carry seed = true; pg_dump keeps only rows users add or change (seed = false).
-- ---------------------------------------------------------------------------------------------------

ALTER TABLE @extschema@.place_of_service ADD COLUMN seed boolean NOT NULL DEFAULT false;
ALTER TABLE @extschema@.credential ADD COLUMN seed boolean NOT NULL DEFAULT false;
ALTER TABLE @extschema@.service_code ADD COLUMN seed boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN @extschema@.place_of_service.seed IS 'Shipped with the extension (not dumped); rows you add have seed = false.';
COMMENT ON COLUMN @extschema@.credential.seed IS 'Shipped with the extension (not dumped); rows you add have seed = false.';
COMMENT ON COLUMN @extschema@.service_code.seed IS 'Shipped with the extension (not dumped); rows you add have seed = false.';

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
    r record;
BEGIN
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
           coalesce(sum(l.visits) FILTER (WHERE l.member_id = v_member AND l.category IS NOT DISTINCT FROM v_category), 0) AS visits_i
      INTO r
      FROM (SELECT DISTINCT ON (x.claim_id, x.line_no) x.*
              FROM @extschema@.accumulator_ledger x
             WHERE x.family_id = v_family AND x.plan_id = v_plan AND x.bucket = v_bucket
               AND x.service_date <@ v_period AND x.service_date <= v_date
             ORDER BY x.claim_id, x.line_no, x.claim_version DESC) l
     WHERE l.status IN ('pending', 'final');

    RETURN ROW(coalesce(ind_ded, 0) + r.ded_i, coalesce(fam_ded, 0) + r.ded_f,
               coalesce(ind_oop, 0) + r.oop_i, coalesce(fam_oop, 0) + r.oop_f,
               r.visits_i, r.coins_i, 0)::@extschema@.accum;
END $$;
COMMENT ON FUNCTION @extschema@.accumulators(text, text, text, text, text, daterange, date) IS
    'A member''s and family''s accumulators in a plan bucket and benefit period up to a date: the payer''s latest snapshot plus ledger lines (latest version, pending or final) the snapshot does not yet reflect.';

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
    m record; e record; pr record; p record; lim record; b record; ps record; d record;
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
        SELECT x.credential, x.state, x.medicare_mac, x.medicare_locality INTO pr
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
     WHERE x.member_id = v_member AND x.coverage @> v_date
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
                covered => b.covered,
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
                                              pr.credential, pr.state, pr.medicare_mac, pr.medicare_locality,
                                              v_date) x;
            IF ctx.allowed IS NULL AND e.payer_type = 'medicare' THEN
                ctx.allowed := @extschema@.medicare_allowed(v_code, v_modifier, v_facility, pr.credential,
                                                            pr.medicare_mac, pr.medicare_locality, v_date, 1);
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
    ctx.priceable := have_terms AND ctx.allowed IS NOT NULL AND ctx.status NOT IN ('unknown', 'carved_out');
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
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT c.status, c.reasons, c.plan_id, c.payer_id, c.enrollment_id, c.cob_position, c.coverages,
           c.category, c.network, c.auth_required, c.carve_out_admin, c.benefit_period,
           r.deductible, r.oop, r.visits
      FROM @extschema@.line_context($1, $2, $3, $4, $5) c
      LEFT JOIN LATERAL @extschema@.remaining(c.terms, c.acc) r ON true
$$;
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
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT c.status, c.reasons, c.plan_id, c.payer_id, c.cob_position, c.category, c.network,
           c.allowed, c.allowed_source,
           (l.b).copay, (l.b).deductible, (l.b).coinsurance, (l.b).not_covered, (l.b).balance_bill,
           (l.b).patient_pays, (l.b).plan_pays, (l.b).oop_capped, (l.b).reasons, c.acc, (l.b).acc_after
      FROM @extschema@.line_context($1, $2, $3, $4, $5) c
      LEFT JOIN LATERAL (SELECT @extschema@.adjudicate(c.allowed, c.terms, c.acc, $6) AS b
                           WHERE c.priceable OFFSET 0) l ON true
$$;
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
            CASE WHEN status = 'reversed' THEN 0 ELSE coalesce(visits, 1) END, adjudicated_on)
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
       AND existing.copay = coalesce(copay, 0) AND existing.coinsurance = coalesce(coinsurance, 0) THEN
        RETURN 'duplicate';
    END IF;
    RAISE EXCEPTION 'claim line version already posted with other values' USING ERRCODE = 'unique_violation',
        DETAIL = format('Version %s of line %s of this claim is already in the ledger with different values.',
                        claim_version, line_no),
        HINT = 'Post corrections as a new claim_version.';
END $$;
COMMENT ON FUNCTION @extschema@.post_claim_line(text, integer, integer, text, text, text, date, numeric, numeric, numeric, text, text, integer, date) IS
    'Posts one claim-line event to the accumulator ledger: idempotent by claim id, line and version (posting the same version twice is a no-op), safe under concurrency; the latest version of each line counts, and a reversed version counts nothing.';
