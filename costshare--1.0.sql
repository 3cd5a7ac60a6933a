/* costshare--1.0.sql: the base install script (frozen once released; later versions are upgrade scripts) */

\echo Use "CREATE EXTENSION costshare" to load this file. \quit

-- ---------------------------------------------------------------------------------------------------
-- Types
-- ---------------------------------------------------------------------------------------------------

CREATE TYPE @extschema@.terms AS (
    copay                          numeric,
    coinsurance                    numeric,
    deductible_applies             boolean,
    copay_after_deductible         boolean,
    covered                        boolean,
    ded_individual                 numeric,
    ded_family                     numeric,
    family_deductible              text,
    oop_individual                 numeric,
    oop_family                     numeric,
    family_coverage                boolean,
    visit_limit                    integer,
    network                        text,
    rounding                       text,
    period_start                   date,
    copay_counts_toward_deductible boolean,
    copay_visits                   integer,
    family_ded_members             integer,
    coinsurance_limit              numeric,
    carryover                      boolean,
    copay_per                      text,
    bucket                         text,
    also_credits                   text[]
);
COMMENT ON TYPE @extschema@.terms IS
    'Cost-sharing terms of one benefit for one line: copay, coinsurance, deductible, OOP and visit limits, network, rounding and benefit period. Build it with costshare.terms(...); NULL fields mean the documented default.';

CREATE TYPE @extschema@.accum AS (
    ded_individual_met  numeric,
    ded_family_met      numeric,
    oop_individual_met  numeric,
    oop_family_met      numeric,
    visits_used         integer,
    coinsurance_met     numeric,
    ded_members_met     integer
);
COMMENT ON TYPE @extschema@.accum IS
    'Accumulators of one benefit period and network bucket: deductible and out-of-pocket met (individual and family), visits used, coinsurance met, and family members who met the individual deductible. NULL fields count as 0.';

CREATE TYPE @extschema@.breakdown AS (
    allowed       numeric,
    copay         numeric,
    deductible    numeric,
    coinsurance   numeric,
    not_covered   numeric,
    balance_bill  numeric,
    contractual   numeric,
    patient_pays  numeric,
    plan_pays     numeric,
    oop_capped    boolean,
    reasons       text[],
    acc_after     @extschema@.accum
);
COMMENT ON TYPE @extschema@.breakdown IS
    'One adjudicated line: allowed amount, copay, deductible, coinsurance, non-covered amount, balance bill and contractual write-off, what the patient and the plan pay, whether the out-of-pocket limit bound, the 835 adjustment reason codes, and the accumulators after the line.';

-- ---------------------------------------------------------------------------------------------------
-- Constructors
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.terms(
    copay                          numeric  DEFAULT NULL,
    coinsurance                    numeric  DEFAULT 0,
    deductible_applies             boolean  DEFAULT true,
    copay_after_deductible         boolean  DEFAULT false,
    covered                        boolean  DEFAULT true,
    ded_individual                 numeric  DEFAULT NULL,
    ded_family                     numeric  DEFAULT NULL,
    family_deductible              text     DEFAULT 'embedded',
    oop_individual                 numeric  DEFAULT NULL,
    oop_family                     numeric  DEFAULT NULL,
    family_coverage                boolean  DEFAULT false,
    visit_limit                    integer  DEFAULT NULL,
    network                        text     DEFAULT 'in',
    rounding                       text     DEFAULT 'half_up',
    period_start                   date     DEFAULT NULL,
    copay_counts_toward_deductible boolean  DEFAULT false,
    copay_visits                   integer  DEFAULT NULL,
    family_ded_members             integer  DEFAULT NULL,
    coinsurance_limit              numeric  DEFAULT NULL,
    carryover                      boolean  DEFAULT false,
    copay_per                      text     DEFAULT 'line',
    bucket                         text     DEFAULT NULL,
    also_credits                   text[]   DEFAULT NULL)
RETURNS @extschema@.terms
AS 'MODULE_PATHNAME', 'costshare_terms_make'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.terms(numeric, numeric, boolean, boolean, boolean, numeric, numeric, text, numeric, numeric, boolean, integer, text, text, date, boolean, integer, integer, numeric, boolean, text, text, text[]) IS
    'Builds and validates cost-sharing terms; call it with named arguments, e.g. costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000).';

CREATE FUNCTION @extschema@.accum(
    ded_individual_met  numeric DEFAULT 0,
    ded_family_met      numeric DEFAULT 0,
    oop_individual_met  numeric DEFAULT 0,
    oop_family_met      numeric DEFAULT 0,
    visits_used         integer DEFAULT 0,
    coinsurance_met     numeric DEFAULT 0,
    ded_members_met     integer DEFAULT 0)
RETURNS @extschema@.accum
AS 'MODULE_PATHNAME', 'costshare_accum_make'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accum(numeric, numeric, numeric, numeric, integer, numeric, integer) IS
    'Builds and validates accumulators (amounts met so far in the benefit period); with no arguments, nothing met.';

-- ---------------------------------------------------------------------------------------------------
-- One line
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.adjudicate(
    allowed numeric,
    terms   @extschema@.terms,
    acc     @extschema@.accum DEFAULT NULL,
    billed  numeric DEFAULT NULL)
RETURNS @extschema@.breakdown
AS 'MODULE_PATHNAME', 'costshare_adjudicate'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.adjudicate(numeric, @extschema@.terms, @extschema@.accum, numeric) IS
    'Adjudicates one line: copay, deductible, coinsurance, OOP limit, visit limit, balance bill, with the accumulators after it. A NULL acc means nothing met; a NULL billed means no balance bill.';

-- ---------------------------------------------------------------------------------------------------
-- Many lines: an order-aware aggregate, used as a window function
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.accumulate_step(internal, text, date, numeric, @extschema@.terms)
RETURNS internal
AS 'MODULE_PATHNAME', 'costshare_accumulate_step'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accumulate_step(internal, text, date, numeric, @extschema@.terms) IS
    'Transition function of costshare.accumulate (internal).';

CREATE FUNCTION @extschema@.accumulate_step(internal, text, date, numeric, @extschema@.terms, @extschema@.accum)
RETURNS internal
AS 'MODULE_PATHNAME', 'costshare_accumulate_step'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accumulate_step(internal, text, date, numeric, @extschema@.terms, @extschema@.accum) IS
    'Transition function of costshare.accumulate with opening balances (internal).';

CREATE FUNCTION @extschema@.accumulate_step(internal, text, date, numeric, @extschema@.terms, @extschema@.accum, numeric)
RETURNS internal
AS 'MODULE_PATHNAME', 'costshare_accumulate_step'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accumulate_step(internal, text, date, numeric, @extschema@.terms, @extschema@.accum, numeric) IS
    'Transition function of costshare.accumulate with opening balances and billed amounts (internal).';

CREATE FUNCTION @extschema@.accumulate_final(internal)
RETURNS @extschema@.breakdown
AS 'MODULE_PATHNAME', 'costshare_accumulate_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.accumulate_final(internal) IS
    'Final function of costshare.accumulate: the breakdown of the latest line (internal).';

CREATE AGGREGATE @extschema@.accumulate(member text, service_date date, allowed numeric, terms @extschema@.terms) (
    SFUNC = @extschema@.accumulate_step,
    STYPE = internal,
    FINALFUNC = @extschema@.accumulate_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.accumulate(text, date, numeric, @extschema@.terms) IS
    'Adjudicates a family''s lines in order, carrying individual and family accumulators and resetting at benefit-period boundaries; use as a window function OVER (PARTITION BY family ORDER BY service_date, line_id).';

CREATE AGGREGATE @extschema@.accumulate(member text, service_date date, allowed numeric, terms @extschema@.terms, opening @extschema@.accum) (
    SFUNC = @extschema@.accumulate_step,
    STYPE = internal,
    FINALFUNC = @extschema@.accumulate_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.accumulate(text, date, numeric, @extschema@.terms, @extschema@.accum) IS
    'costshare.accumulate with opening balances: each member''s accumulators as of the start of the first benefit period.';

CREATE AGGREGATE @extschema@.accumulate(member text, service_date date, allowed numeric, terms @extschema@.terms, opening @extschema@.accum, billed numeric) (
    SFUNC = @extschema@.accumulate_step,
    STYPE = internal,
    FINALFUNC = @extschema@.accumulate_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.accumulate(text, date, numeric, @extschema@.terms, @extschema@.accum, numeric) IS
    'costshare.accumulate with opening balances and billed amounts (for balance bills and contractual write-offs).';

-- ---------------------------------------------------------------------------------------------------
-- Introspection
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.benefit_period(service_date date, period_start date DEFAULT NULL)
RETURNS daterange
AS 'MODULE_PATHNAME', 'costshare_benefit_period'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.benefit_period(date, date) IS
    'The benefit period containing service_date, for a period starting each year on period_start''s month and day (calendar year when NULL), as a [start, next start) range.';
