-- 87_271_pricing.sql — estimates priced from the payer's 271 answer (issue 11, "271 benefits that
-- price").  The precedence of the EB rows and the mapping to terms are the engine's
-- (src/engine/cs_benefit271.c, through src/glue/benefit271.c); here only the tables and the
-- composition: which rows belong to the line's category (costshare.service_type_category), which
-- interchange is the member's latest, which source prices the line (costshare.benefit_source_policy),
-- and the adjudication by costshare.adjudicate.

-- Which ledger lines count (the engine's rule, cs_ledger_status_counts): the SQL that sums ledger lines
-- asks it rather than restating it
CREATE FUNCTION @extschema@.ledger_status_counts(status text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'costshare_ledger_status_counts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ledger_status_counts(text) IS
    'Whether the latest version of a claim line with this accumulator_ledger status counts toward accumulators and visits: pending and final do, estimated and reversed do not (the rule the estimate applies, from the engine).';

-- The 271 path sums a member's ledger lines of a payer: by index, not by a scan of the whole ledger
-- (member_reference_check's probe by member uses it too)
CREATE INDEX accumulator_ledger_member ON @extschema@.accumulator_ledger (member_id, payer_id);
COMMENT ON INDEX @extschema@.accumulator_ledger_member IS
    'Ledger lines by member and payer: the 271 pricing''s sums since the 271 and the member delete check.';

CREATE TABLE @extschema@.service_type_category (
    category     text NOT NULL CHECK (category <> ''),
    service_type text NOT NULL CHECK (service_type ~ '^[A-Z0-9]{1,2}$'),
    rank         integer NOT NULL CHECK (rank >= 0),
    seed      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (category, service_type)
);
COMMENT ON TABLE @extschema@.service_type_category IS
    'Which 271 service types (EB03) state the benefits of a benefit category, most specific first (rank 0): for a line of that category the EB row whose best service type has the lowest rank wins. Shipped with behavioral-health and office-visit rows; the practice may add, change or delete rows (a changed seed row should get seed = false to be kept by pg_dump).';
COMMENT ON COLUMN @extschema@.service_type_category.category IS 'The benefit category (costshare.service_code.category).';
COMMENT ON COLUMN @extschema@.service_type_category.service_type IS 'An X12 service type code (271 EB03): 30 plan coverage, MH mental health, A6 psychotherapy, 98 office visit, ...';
COMMENT ON COLUMN @extschema@.service_type_category.rank IS 'Precedence for this category: 0 the most specific; a row stating a lower-ranked service type wins.';
COMMENT ON COLUMN @extschema@.service_type_category.seed IS 'true for the rows the extension ships (not dumped by pg_dump, CREATE EXTENSION makes them again); false for the practice''s rows.';

INSERT INTO @extschema@.service_type_category (category, service_type, rank, seed)
SELECT c.category, s.service_type, s.rank, true
  FROM (VALUES ('mh_psychotherapy'), ('mh_psychotherapy_addon'), ('mh_family'), ('mh_group')) c(category),
       (VALUES ('A6', 0), ('CF', 1), ('A8', 2), ('MH', 3), ('A4', 4), ('98', 5), ('30', 9)) s(service_type, rank)
UNION ALL
SELECT c.category, s.service_type, s.rank, true
  FROM (VALUES ('mh_diagnostic'), ('mh_crisis')) c(category),
       (VALUES ('MH', 0), ('A4', 1), ('CF', 2), ('A8', 3), ('98', 4), ('30', 9)) s(service_type, rank)
UNION ALL
SELECT 'mh_inpatient', s.service_type, s.rank, true
  FROM (VALUES ('A7', 0), ('A4', 1), ('MH', 2), ('30', 9)) s(service_type, rank)
UNION ALL
SELECT 'office_visit', s.service_type, s.rank, true
  FROM (VALUES ('98', 0), ('BZ', 1), ('30', 9)) s(service_type, rank);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.service_type_category', 'WHERE NOT seed');


DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['service_type_category'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER error_guard BEFORE INSERT OR UPDATE OR DELETE ON %I.%I '
                                  'FOR EACH STATEMENT EXECUTE FUNCTION %I.error_guard()', '@extschema@', t, '@extschema@');
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER error_guard', '@extschema@', t);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER error_guard ON %I.%I IS %L', '@extschema@', t,
            'Loads the costshare library before any row is written, so that constraint errors on this table are reported without row values.');
    END LOOP;
END $$;
GRANT SELECT ON @extschema@.service_type_category TO costshare_estimator, costshare_loader;

-- one EB row as the engine reads it
CREATE TYPE @extschema@.benefit_271_row AS (
    kind          text,
    network       text,
    level         text,
    figure        text,
    rank          integer,
    amount        numeric,
    percent       numeric,
    quantity      integer,
    auth_required boolean,
    segment       bigint
);
COMMENT ON TYPE @extschema@.benefit_271_row IS 'One 271 EB row of a member as costshare.benefit_271_terms reads it, with the rank of its most specific service type for the line''s category (NULL: not for it).';
COMMENT ON COLUMN @extschema@.benefit_271_row.kind IS 'costshare.eligibility_benefit.benefit: copay, coinsurance, deductible, out_of_pocket, limitation, contact_other_entity, ...';
COMMENT ON COLUMN @extschema@.benefit_271_row.network IS 'in, out, both or NULL (EB12 Y, N, W, not sent).';
COMMENT ON COLUMN @extschema@.benefit_271_row.level IS 'individual, family or NULL (EB02).';
COMMENT ON COLUMN @extschema@.benefit_271_row.figure IS 'costshare.eligibility_benefit.figure: total, remaining, met, per_visit, ...';
COMMENT ON COLUMN @extschema@.benefit_271_row.rank IS 'The lowest costshare.service_type_category.rank among the row''s service types for the line''s category; NULL when none is listed.';
COMMENT ON COLUMN @extschema@.benefit_271_row.amount IS 'EB07 amount.';
COMMENT ON COLUMN @extschema@.benefit_271_row.percent IS 'EB08 percent (the patient''s share, 0..1).';
COMMENT ON COLUMN @extschema@.benefit_271_row.quantity IS 'EB10 visits of a limitation (EB09 VS).';
COMMENT ON COLUMN @extschema@.benefit_271_row.auth_required IS 'EB11: true Y, false N, NULL not sent.';
COMMENT ON COLUMN @extschema@.benefit_271_row.segment IS 'The EB''s segment number in the interchange (the first stated wins a tie).';

CREATE TYPE @extschema@.benefit_271_terms AS (
    copay                numeric,
    coinsurance          numeric,
    deductible_applies   boolean,
    ded_individual       numeric,
    ded_individual_met   numeric,
    ded_family           numeric,
    ded_family_met       numeric,
    oop_individual       numeric,
    oop_individual_met   numeric,
    oop_family           numeric,
    oop_family_met       numeric,
    visit_limit          integer,
    auth_required        boolean,
    carve_out            boolean,
    unknown              text[],
    copay_segment        bigint,
    coinsurance_segment  bigint,
    deductible_segment   bigint
);
COMMENT ON TYPE @extschema@.benefit_271_terms IS 'The terms a 271 states for a line, as the engine chose them (NULL: unstated, listed in unknown).';
COMMENT ON COLUMN @extschema@.benefit_271_terms.copay IS 'Copay per visit (EB01 B); NULL when unstated.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.coinsurance IS 'Coinsurance, the patient''s share 0..1 (EB01 A); NULL when unstated.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.deductible_applies IS 'Whether the stated deductible applies to the line: false when a copay is stated for a more specific service type than the deductible.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.ded_individual IS 'Individual deductible for the period (EB01 C, EB06 total); NULL when unstated.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.ded_individual_met IS 'Individual deductible met: the payer''s EB06 24 figure, else total - remaining, plus the ledger lines posted since the 271.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.ded_family IS 'Family deductible for the period; NULL when unstated.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.ded_family_met IS 'Family deductible met, as for the individual one.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.oop_individual IS 'Individual out-of-pocket limit (EB01 G); NULL when unstated (unknown, not unlimited by statement).';
COMMENT ON COLUMN @extschema@.benefit_271_terms.oop_individual_met IS 'Individual out-of-pocket met, as for the deductible.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.oop_family IS 'Family out-of-pocket limit; NULL when unstated.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.oop_family_met IS 'Family out-of-pocket met.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.visit_limit IS 'Visit limit (EB01 F, EB09 VS); NULL when unstated.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.auth_required IS 'Prior authorization required (EB11); NULL when unstated.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.carve_out IS 'An EB01 U row for the category: another entity administers the benefit.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.unknown IS 'The terms the 271 leaves unstated: copay, coinsurance, deductible, out_of_pocket, visit_limit.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.copay_segment IS 'The EB segment the copay came from.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.coinsurance_segment IS 'The EB segment the coinsurance came from.';
COMMENT ON COLUMN @extschema@.benefit_271_terms.deductible_segment IS 'The EB segment the deductible total came from.';

CREATE FUNCTION @extschema@.benefit_271_terms(rows @extschema@.benefit_271_row[], out_of_network boolean,
                                              posted_deductible numeric DEFAULT 0,
                                              posted_out_of_pocket numeric DEFAULT 0)
RETURNS @extschema@.benefit_271_terms
AS 'MODULE_PATHNAME', 'costshare_benefit_271_terms'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.benefit_271_terms(@extschema@.benefit_271_row[], boolean, numeric, numeric) IS
    'The terms a 271''s EB rows give a line (the engine''s precedence: most specific service type, then the line''s network before W before none, individual EB02 before none, period figures only, first segment), with unknowns; posted amounts are the ledger lines since the 271.';

-- load_271's check (issue 10: stored 271 data never makes an estimate fail later): the figures of one
-- member of a 271, as costshare.eligibility_benefit will store them, and the contradiction among them
-- that a line could meet (the engine's cs_p271_stored_conflict: the estimate's own rule)
CREATE TYPE @extschema@.benefit_271_figure AS (
    segment            bigint,
    benefit            text,
    level              text,
    network            text,
    figure             text,
    service_types      text[],
    amount             numeric,
    percent            numeric,
    quantity_qualifier text,
    quantity           numeric,
    auth_required      boolean,
    time_period        text
);
COMMENT ON TYPE @extschema@.benefit_271_figure IS 'One EB segment of a 271 for one member, with the columns of costshare.eligibility_benefit the 271 pricing reads (costshare.benefit_271_conflict).';
COMMENT ON COLUMN @extschema@.benefit_271_figure.segment IS 'The position of the EB segment in its interchange.';
COMMENT ON COLUMN @extschema@.benefit_271_figure.benefit IS 'costshare.eligibility_benefit.benefit: deductible, out_of_pocket, limitation, copay, ...';
COMMENT ON COLUMN @extschema@.benefit_271_figure.level IS 'individual, family or NULL (EB02).';
COMMENT ON COLUMN @extschema@.benefit_271_figure.network IS 'in, out, both or NULL (EB12 Y, N, W, not sent).';
COMMENT ON COLUMN @extschema@.benefit_271_figure.figure IS 'costshare.eligibility_benefit.figure: total, remaining, met or NULL.';
COMMENT ON COLUMN @extschema@.benefit_271_figure.service_types IS 'EB03 service types.';
COMMENT ON COLUMN @extschema@.benefit_271_figure.amount IS 'EB07 amount.';
COMMENT ON COLUMN @extschema@.benefit_271_figure.percent IS 'EB08 percent (0..1).';
COMMENT ON COLUMN @extschema@.benefit_271_figure.quantity_qualifier IS 'EB09 quantity qualifier.';
COMMENT ON COLUMN @extschema@.benefit_271_figure.quantity IS 'EB10 quantity.';
COMMENT ON COLUMN @extschema@.benefit_271_figure.auth_required IS 'EB11 Y (true), N (false), else NULL.';
COMMENT ON COLUMN @extschema@.benefit_271_figure.time_period IS 'EB06 time period qualifier as sent.';

CREATE FUNCTION @extschema@.benefit_271_conflict(figures @extschema@.benefit_271_figure[],
                                                 categories @extschema@.service_type_category[],
                                                 OUT segment bigint, OUT other_segment bigint, OUT sqlstate text,
                                                 OUT message text, OUT detail text, OUT hint text)
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_benefit_271_conflict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.benefit_271_conflict(@extschema@.benefit_271_figure[], @extschema@.service_type_category[]) IS
    'The first contradiction among one member''s figures of a 271 that a line could be priced with (the estimate''s own rule, tried for every category of categories and a line without one, in and out of network): a plan-paid maximum''s remainder (29, 33) or used amount (24) above its total, a deductible or out-of-pocket remaining above its total with no met stated, or remaining + met without a total above the money range; segment and other_segment the EB segments, sqlstate, message, detail (no amounts, no member data) and hint of the error load_271 refuses the 271 with; NULL when none (every estimate of these figures can price).';

CREATE FUNCTION @extschema@.allowed_median(amounts numeric[])
RETURNS numeric
AS 'MODULE_PATHNAME', 'costshare_allowed_median'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.allowed_median(numeric[]) IS
    'The median of allowed amounts (an even count: the mean of the middle two, half up to the cent); NULL for none.';

CREATE FUNCTION @extschema@.benefit_271_stale(as_of date, today date, max_age_days integer)
RETURNS boolean
AS 'MODULE_PATHNAME', 'costshare_benefit_271_stale'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.benefit_271_stale(date, date, integer) IS
    'Whether a 271 as of as_of is older than max_age_days on today (a negative age: never).';

-- The source policy as the estimate reads it (the plan's own row, else the payer's; the engine's
-- cs_source_policy_prefers_271): the estimate's reading, exposed to SQL
CREATE FUNCTION @extschema@.source_policy_prefers_271(payer_id text, plan_id text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'costshare_source_policy_prefers_271'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.source_policy_prefers_271(text, text) IS
    'Whether costshare.benefit_source_policy prefers the member''s 271 over the plan design for this payer''s plan: the plan''s own row when there is one, else the payer''s row for all its plans, else false (also for a NULL payer). The estimate''s own reading (plan-data cache, SELECT on the table or costshare_estimator).';

CREATE FUNCTION @extschema@.benefit_source(plan_covers boolean, have_271 boolean, prefer_271 boolean)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_benefit_source'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.benefit_source(boolean, boolean, boolean) IS
    'Which source prices a line: plan when only a plan design covers it, 271 when only a 271 does, by prefer_271 when both; NULL when neither.';

CREATE TYPE @extschema@.estimate_271_result AS (
    estimate            @extschema@.estimate_result,
    benefit_source      text,
    interchange_control text,
    benefits_as_of      date,
    stale               boolean,
    unknown             text[],
    auth_required       boolean,
    carve_out           boolean,
    visit_limit         integer,
    terms               @extschema@.benefit_271_terms,
    priced_terms        @extschema@.terms,
    benefit_period      daterange,
    line                @extschema@.breakdown,
    carve_out_admin     text,
    plan_max_period_left   numeric,
    plan_max_lifetime_left numeric,
    family_id              text,
    family_plan_max_period_left   numeric,
    family_plan_max_lifetime_left numeric,
    plan_max_categories           text[],
    plan_max_toward               integer[]
);
COMMENT ON TYPE @extschema@.estimate_271_result IS 'An estimate that says where its terms came from: the plan design or a loaded 271 (interchange and as-of date), whether that 271 is stale, and which terms it left unstated.';
COMMENT ON COLUMN @extschema@.estimate_271_result.estimate IS 'The estimate (costshare.estimate''s columns); priced from the 271 when benefit_source is 271.';
COMMENT ON COLUMN @extschema@.estimate_271_result.benefit_source IS 'plan (the plan design priced the line), 271 (the payer''s 271 did), NULL (neither covers the line).';
COMMENT ON COLUMN @extschema@.estimate_271_result.interchange_control IS 'ISA13 of the 271 the terms came from (benefit_source 271).';
COMMENT ON COLUMN @extschema@.estimate_271_result.benefits_as_of IS 'The as-of date of that 271.';
COMMENT ON COLUMN @extschema@.estimate_271_result.stale IS 'The 271 is older than costshare.stale_271_days (default 30) on the service date.';
COMMENT ON COLUMN @extschema@.estimate_271_result.unknown IS 'Terms the 271 leaves unstated (copay, coinsurance, deductible, out_of_pocket, visit_limit): unknown, not zero; the estimate takes none of them.';
COMMENT ON COLUMN @extschema@.estimate_271_result.auth_required IS 'The 271 says prior authorization is required (EB11 Y), not (N), or nothing (NULL).';
COMMENT ON COLUMN @extschema@.estimate_271_result.carve_out IS 'The 271 names another entity for the category (EB01 U): ask that payer.';
COMMENT ON COLUMN @extschema@.estimate_271_result.visit_limit IS 'The visit limit the 271 states.';
COMMENT ON COLUMN @extschema@.estimate_271_result.terms IS 'The terms the engine chose from the 271, with the EB segments they came from.';
COMMENT ON COLUMN @extschema@.estimate_271_result.carve_out_admin IS 'carve_out: the entity the 271 names for the category (the 2120 NM1 of its first EB01 U row of the category: organisation name, and its identifier), as costshare.eligibility reports it; NULL when it names none.';
COMMENT ON COLUMN @extschema@.estimate_271_result.line IS 'benefit_source 271: the adjudicated line (costshare.adjudicate over the 271''s terms), as costshare.estimate_many returns it; NULL when not priced.';
COMMENT ON COLUMN @extschema@.estimate_271_result.plan_max_period_left IS 'benefit_source 271: what is left before the line of the plan-paid dollar maximum of the period the 271 states for the category (an EB01 F row with an amount and no quantity, EB06 23, 21, 22, 25 or none; chosen by the precedence of the 271''s other terms): its stated remainder (EB06 29) or its total less what it says was used (EB06 24), the lesser when it states both, less what the plan paid on the member''s ledger lines recorded since the 271 was loaded and dated in benefit_period up to the date of service whose category takes the same maximum row of the 271 (its service types, at the line''s network: the ledger records none), whatever the category (plan_paid, else allowed less the patient''s share), at least 0, in dollars; NULL when the 271 states none (a per-visit or per-day amount, EB06 27 or 7, is not such a maximum). The plan pays at most the lesser of this and plan_max_lifetime_left (reason plan_maximum_reached).';
COMMENT ON COLUMN @extschema@.estimate_271_result.plan_max_lifetime_left IS 'benefit_source 271: what is left before the line of the lifetime plan-paid maximum the 271 states for the category (EB06 33 what is left, else EB06 32 the maximum), less what the plan paid on the member''s ledger lines recorded since the 271 was loaded and dated up to the date of service whose category takes the same maximum row, at least 0, in dollars; NULL when the 271 states none.';
COMMENT ON COLUMN @extschema@.estimate_271_result.family_id IS 'benefit_source 271: the family_id of the member''s enrollment with the 271''s plan (the one the line is priced with): the family whose accumulator_ledger lines on that plan run down a family plan-paid maximum the 271 states (EB02 FAM), as the plan design''s family accumulators read them; NULL when no such enrollment, and for a line the 271 does not price. costshare.estimate_many runs the family maximums down over the batch''s 271-priced lines of this family, plan and category.';
COMMENT ON COLUMN @extschema@.estimate_271_result.family_plan_max_period_left IS 'benefit_source 271: what is left before the line of the family''s plan-paid maximum of the period the 271 states for the category (an EB01 F row with EB02 FAM, an amount and no quantity; the EB06 qualifiers and the precedence as for plan_max_period_left, among FAM rows only), less what the plan paid on the family''s ledger lines on the plan (every member''s, with the 271''s payer) whose category takes the same maximum row, recorded since the 271 was loaded and dated in benefit_period up to the date of service, what was given back since (reversed or lowered, or moved to a member outside the family) added, at least 0, in dollars; NULL when the 271 states none. The plan pays at most the lesser of this, family_plan_max_lifetime_left and the member''s plan_max_period_left and plan_max_lifetime_left (reason plan_maximum_reached).';
COMMENT ON COLUMN @extschema@.estimate_271_result.family_plan_max_lifetime_left IS 'benefit_source 271: what is left before the line of the family''s lifetime plan-paid maximum the 271 states for the category (EB02 FAM; EB06 33 what is left, else EB06 32 the maximum), less what the plan paid on the family''s ledger lines on the plan whose category takes the same maximum row, recorded since the 271 was loaded and dated up to the date of service, at least 0, in dollars; NULL when the 271 states none.';
COMMENT ON COLUMN @extschema@.estimate_271_result.plan_max_categories IS 'benefit_source 271 with a plan-paid maximum stated (any of the four above): every category of costshare.service_type_category and a NULL element (lines whose code has no category), each with the maximums of the line its lines count toward in plan_max_toward: those whose row the 271''s choice for that category (its service types, at the line''s network) takes too, as the estimate counts the member''s and the family''s ledger lines. NULL when the 271 states no maximum for the line. A category the table does not list takes none of the 271''s rows (no maximum) and its lines count toward none. costshare.plan_maximum_joint takes both lists to run each maximum down across the categories of a set of such lines.';
COMMENT ON COLUMN @extschema@.estimate_271_result.plan_max_toward IS 'benefit_source 271: for each element of plan_max_categories, which of the line''s plan-paid maximums that category''s lines count toward: 1 the member''s period maximum, 2 the member''s lifetime maximum, 4 the family''s period maximum, 8 the family''s lifetime maximum (a sum of these; 0: none); NULL with plan_max_categories.';
COMMENT ON COLUMN @extschema@.estimate_271_result.benefit_period IS 'benefit_source 271: the period the 271''s visit limit counts in: the plan period of its active coverage row for the date; a plan period with a start only starts the plan year the date falls in; none: the calendar year (costshare.benefit_period). Else NULL.';
COMMENT ON COLUMN @extschema@.estimate_271_result.priced_terms IS 'benefit_source 271: the costshare.terms the line was adjudicated with (what costshare.remaining and costshare.eligibility read); else NULL.';

-- ---- estimate_many's 271 lines, one after the other (session 13; the element type costshare.batch_271_line
-- is in 80_coordinate.sql, which the later payers' chain shares) -----------------------------------------
CREATE FUNCTION @extschema@.estimate_271_after(
    member text, service_date date, service_code text, provider text, place_of_service text, billed numeric,
    earlier @extschema@.batch_271_line[])
RETURNS @extschema@.estimate_271_result
AS 'MODULE_PATHNAME', 'costshare_estimate_271_after'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate_271_after(text, date, text, text, text, numeric, @extschema@.batch_271_line[]) IS
    'costshare.estimate_271 of a line as if the earlier lines of a call (earlier) had been posted to the ledger after every 271 was loaded: the member''s own with the 271''s payer count toward her deductible, out-of-pocket, visits (of her category) and maximums, another member''s of her family and plan toward the family''s maximum, as posted lines do. (costshare.estimate_after is the whole estimate so, which costshare.estimate_many uses.) NULL earlier: none. A NULL element, member or date (22004), a date that is not finite (22023), an amount that is not a finite number of whole cents at least 0 (22003, 22023), negative visits (22003) or a multi-dimensional array (2202E) are refused.';

-- The coverage a 271 states for a date: active / inactive EB rows with their periods (the engine decides)
CREATE FUNCTION @extschema@.benefit_271_coverage(active boolean[], periods daterange[], on_date date)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_benefit_271_coverage'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.benefit_271_coverage(boolean[], daterange[], date) IS
    'The coverage a 271''s EB rows state for a date: active (an EB01 1-5 row whose eligibility or plan period, or no period, covers it), inactive (none active, an EB01 6-8 row does), outside (active rows, none for the date), NULL (no such rows).';

-- Pricing from a 271, given the plan design's estimate of the line, is the C estimate's own
-- (src/glue/lookup.c, call_price_271, over the engine's src/engine/cs_price271.c; it was the PL/pgSQL
-- function costshare.price_271 until issue 10): costshare.estimate, estimate_271, eligibility and
-- estimate_many price through it.

CREATE FUNCTION @extschema@.estimate_plan(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    nsa_protected boolean DEFAULT false)
RETURNS @extschema@.estimate_result
AS 'MODULE_PATHNAME', 'costshare_estimate_plan'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.estimate_plan(text, date, text, text, text, numeric, boolean) IS
    'costshare.estimate from the plan design only: never priced from a loaded 271 (benefit_source plan or NULL). nsa_protected as for costshare.estimate.';

CREATE FUNCTION @extschema@.estimate_271(
    member text, service_date date, service_code text,
    provider text DEFAULT NULL, place_of_service text DEFAULT '11', billed numeric DEFAULT NULL,
    out_of_network boolean DEFAULT NULL)
RETURNS @extschema@.estimate_271_result
AS 'MODULE_PATHNAME', 'costshare_estimate_271'
LANGUAGE C STABLE PARALLEL SAFE;
-- costshare.estimate passes the flag to the 271 path itself (a protected line whose provider the plan
-- design finds out of network is priced from the 271 with out_of_network => false, and marked);
-- costshare.estimate_271 already takes the network from its caller, so it gets no flag of its own.
COMMENT ON FUNCTION @extschema@.estimate_271(text, date, text, text, text, numeric, boolean) IS
    'costshare.estimate with the detail of its 271 pricing: the plan design''s estimate, priced from the member''s latest loaded 271 when no plan design states the line''s benefits (or when costshare.benefit_source_policy prefers the 271): the EB rows of the line''s category (costshare.service_type_category) give copay, coinsurance, deductible and OOP (met from the 271 plus ledger lines posted since), visit limit (visits of the category in the 271''s plan period), authorization and carve-out by the engine''s precedence; a 271 that states no active coverage on the date gives not_eligible; the line is out of network as out_of_network says, else when provider does not participate in the plan on the date (a line the No Surprises Act protects: pass out_of_network => false for the in-network terms without a balance bill); the result names the source (plan or 271 with its ISA13 and as-of date), flags a 271 older than costshare.stale_271_days (default 30) and lists the terms the 271 leaves unstated (unknown, never zero). Allowed amount: the estimate''s, else a fee_schedule amount of the 271''s payer, else its remittance history (costshare.remittance_allowed). Same rights as costshare.estimate.';

-- eligibility answers from the 271 as the estimate does: 92_eligibility.sql (C, src/glue/lookup.c)
