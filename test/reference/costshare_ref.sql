/*
 * test/reference/costshare_ref.sql
 *
 * An INDEPENDENT reference implementation of doc/rules.md (the adjudication contract of the costshare
 * extension), written in PL/pgSQL from the contract alone, without looking at the C engine. It is used
 *   - by the differential test, which holds the C engine and this file to the same cent, and
 *   - by the benchmarks, as the "plain PL/pgSQL" baseline.
 *
 * Run it with psql in a database where the extension costshare is installed (only its composite types
 * costshare.terms, costshare.accum and costshare.breakdown are used). It (re)creates schema costshare_ref:
 *
 *   costshare_ref.terms(...)                 same named arguments and defaults as costshare.terms(...),
 *                                            but a plain ROW constructor (no validation)
 *   costshare_ref.accum(...)                 same for costshare.accum(...)
 *   costshare_ref.benefit_period_start(d date, period_start date) -> date
 *   costshare_ref.benefit_period(service_date date, period_start date DEFAULT NULL) -> daterange
 *   costshare_ref.adjudicate(allowed numeric, terms costshare.terms,
 *                            acc costshare.accum DEFAULT NULL, billed numeric DEFAULT NULL)
 *                            -> costshare.breakdown                        (rules.md "One line")
 *   costshare_ref.line_in                    composite: one input line for the many-lines functions
 *   costshare_ref.accumulate_lines(lines costshare_ref.line_in[])
 *                            -> TABLE(line_id bigint, result costshare.breakdown)   (rules.md "Many lines")
 *   costshare_ref.accumulate_query(lines_query text)
 *                            -> TABLE(line_id bigint, result costshare.breakdown)   (same, streamed from a query)
 *
 * Money is integer cents (bigint) inside; numeric with two decimals at the boundary. No floating point
 * is used anywhere. Input validation is deliberately minimal (the C side validates); only amounts that
 * are not whole cents are refused, because silently rounding them would hide a test-generator bug.
 *
 * Readings of the contract where rules.md leaves room (each is a deliberate choice, listed so that a
 * difference with the C engine can be traced to a rule rather than to a bug):
 *   - A gated line lists 45 (when billed > allowed) then one gate: 96 when not covered, else 119
 *     (rules.md step 2). A line with no reason has reasons = '{}' (empty array, not NULL).
 *   - A gated line returns the input accumulators unchanged, NULL fields as 0.
 *   - oop_capped: some stage came out strictly smaller than the same formula without its OOP term
 *     (the coinsurance limit alone does not set it; reaching the OOP exactly does not set it).
 *   - The copay-only path (step 4) credits no deductible even with copay_counts_toward_deductible.
 *   - A network word other than 'out' is in network (step 1).
 *   Many lines:
 *   - Two rows are in different periods when their period starts differ; a period "directly follows"
 *     when it starts where the previous row's period (with that row's period_start) ends.
 *   - "Last three months" of a period: [end - interval '3 months', end).
 *   - Carryover moves, per member and bucket, the deductible credit that landed in that bucket on such
 *     dates, including credit that came through also_credits; only ded_individual_met / ded_family_met
 *     are carried, and only the new row's carryover flag matters.
 *   - also_credits naming the row's own bucket, or a bucket twice, credits it once.
 *   - copay_per = day: the copay is 0 when an earlier line of the same member, bucket and date had
 *     copay > 0 (whatever that line's copay_per). The copay is then 0 but "present", so on a copay-only
 *     visit (copay_visits) the deductible and coinsurance are still waived.
 *   - ded_members_met = number of (member, bucket) entries of the current period in the row's bucket
 *     whose ded_individual_met >= the row's ded_individual; 0 when the row's ded_individual is NULL or
 *     0 (rules.md). The ded_members_met field of opening is not used.
 *   - Opening: the member's "first row" is their first row in the partition whatever its bucket; an
 *     opening on a later row of the same member is ignored even within the first period.
 *   - A NULL family is one partition (as PARTITION BY treats NULLs).
 */

BEGIN;
SET LOCAL client_min_messages = warning;

DROP SCHEMA IF EXISTS costshare_ref CASCADE;
CREATE SCHEMA costshare_ref;
COMMENT ON SCHEMA costshare_ref IS
    'Independent PL/pgSQL reference implementation of doc/rules.md (differential test and benchmark baseline).';

-- ---------------------------------------------------------------------------------------------------
-- Small helpers
-- ---------------------------------------------------------------------------------------------------

-- numeric money -> integer cents; NULL stays NULL; fractions of a cent are refused.
CREATE FUNCTION costshare_ref.to_cents(x numeric)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF x IS NULL THEN
        RETURN NULL;
    END IF;
    IF x * 100 <> trunc(x * 100) THEN
        RAISE EXCEPTION 'costshare_ref: amount % is not a whole number of cents', x
            USING ERRCODE = '22023';
    END IF;
    RETURN (x * 100)::bigint;
END;
$$;

-- integer cents -> numeric with exactly two decimals.
CREATE FUNCTION costshare_ref.from_cents(c bigint)
RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN round(c::numeric / 100, 2);

-- Rounds a non-negative exact amount of cents to whole cents in one of the rules.md modes.
CREATE FUNCTION costshare_ref.round_cents(x numeric, mode text)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    f numeric;
BEGIN
    CASE coalesce(mode, 'half_up')
        WHEN 'truncate' THEN
            RETURN trunc(x)::bigint;
        WHEN 'half_even' THEN
            f := floor(x);
            IF x - f > 0.5 THEN
                RETURN (f + 1)::bigint;
            ELSIF x - f < 0.5 THEN
                RETURN f::bigint;
            ELSIF mod(f, 2) = 0 THEN
                RETURN f::bigint;
            ELSE
                RETURN (f + 1)::bigint;
            END IF;
        ELSE
            -- half_up: numeric round() rounds .5 away from zero.
            RETURN round(x, 0)::bigint;
    END CASE;
END;
$$;

-- ---------------------------------------------------------------------------------------------------
-- Constructors (no validation; same names and defaults as the extension's C constructors, so tests can
-- build inputs without depending on the engine under test)
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION costshare_ref.terms(
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
RETURNS costshare.terms
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ROW(copay, coinsurance, deductible_applies, copay_after_deductible, covered, ded_individual,
           ded_family, family_deductible, oop_individual, oop_family, family_coverage, visit_limit,
           network, rounding, period_start, copay_counts_toward_deductible, copay_visits,
           family_ded_members, coinsurance_limit, carryover, copay_per, bucket,
           also_credits)::costshare.terms;

CREATE FUNCTION costshare_ref.accum(
    ded_individual_met  numeric DEFAULT 0,
    ded_family_met      numeric DEFAULT 0,
    oop_individual_met  numeric DEFAULT 0,
    oop_family_met      numeric DEFAULT 0,
    visits_used         integer DEFAULT 0,
    coinsurance_met     numeric DEFAULT 0,
    ded_members_met     integer DEFAULT 0)
RETURNS costshare.accum
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ROW(ded_individual_met, ded_family_met, oop_individual_met, oop_family_met, visits_used,
           coinsurance_met, ded_members_met)::costshare.accum;

-- ---------------------------------------------------------------------------------------------------
-- Benefit periods
-- ---------------------------------------------------------------------------------------------------

-- The anniversary of (month, day) in year y; a Feb 29 anniversary is Feb 28 in a non-leap year.
CREATE FUNCTION costshare_ref.anniversary(y integer, m integer, dd integer)
RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF m = 2 AND dd = 29 AND NOT ((y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0) THEN
        RETURN make_date(y, 2, 28);
    END IF;
    RETURN make_date(y, m, dd);
END;
$$;

-- Start of the benefit period containing d: the latest anniversary of period_start's month and day on
-- or before d (Jan 1 when period_start is NULL).
CREATE FUNCTION costshare_ref.benefit_period_start(d date, period_start date)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    m  integer := coalesce(extract(month FROM period_start)::integer, 1);
    dd integer := coalesce(extract(day FROM period_start)::integer, 1);
    y  integer := extract(year FROM d)::integer;
    s  date;
BEGIN
    IF d IS NULL THEN
        RETURN NULL;
    END IF;
    s := costshare_ref.anniversary(y, m, dd);
    IF s > d THEN
        s := costshare_ref.anniversary(y - 1, m, dd);
    END IF;
    RETURN s;
END;
$$;

-- The benefit period containing service_date as [start, next start).
CREATE FUNCTION costshare_ref.benefit_period(service_date date, period_start date DEFAULT NULL)
RETURNS daterange
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    s date := costshare_ref.benefit_period_start(service_date, period_start);
BEGIN
    IF s IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN daterange(s,
                     costshare_ref.anniversary(extract(year FROM s)::integer + 1,
                                               coalesce(extract(month FROM period_start)::integer, 1),
                                               coalesce(extract(day FROM period_start)::integer, 1)),
                     '[)');
END;
$$;

-- ---------------------------------------------------------------------------------------------------
-- One line (rules.md "One line", steps 1-9)
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION costshare_ref.adjudicate(
    allowed numeric,
    terms   costshare.terms,
    acc     costshare.accum DEFAULT NULL,
    billed  numeric DEFAULT NULL)
RETURNS costshare.breakdown
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    -- "no limit": far above any reachable sum of cents (money max is 1e11 cents), far below bigint max.
    inf        constant bigint := 1000000000000000000;

    -- inputs in cents, terms with their defaults
    a          bigint  := costshare_ref.to_cents(allowed);
    b          bigint  := costshare_ref.to_cents(billed);
    c          bigint  := costshare_ref.to_cents(terms.copay);      -- NULL: no copay ("C absent")
    p          numeric := coalesce(terms.coinsurance, 0);
    ded_app    boolean := coalesce(terms.deductible_applies, true);
    cad        boolean := coalesce(terms.copay_after_deductible, false);
    fam        boolean := coalesce(terms.family_coverage, false);
    fam_rule   text    := coalesce(terms.family_deductible, 'embedded');
    net        text    := coalesce(terms.network, 'in');
    di         bigint  := costshare_ref.to_cents(terms.ded_individual);
    df         bigint  := costshare_ref.to_cents(terms.ded_family);
    oi         bigint  := costshare_ref.to_cents(terms.oop_individual);
    ofam       bigint  := costshare_ref.to_cents(terms.oop_family);
    cl         bigint  := costshare_ref.to_cents(terms.coinsurance_limit);

    -- accumulators before the line (NULL = 0)
    m_ded_i    bigint  := coalesce(costshare_ref.to_cents(acc.ded_individual_met), 0);
    m_ded_f    bigint  := coalesce(costshare_ref.to_cents(acc.ded_family_met), 0);
    m_oop_i    bigint  := coalesce(costshare_ref.to_cents(acc.oop_individual_met), 0);
    m_oop_f    bigint  := coalesce(costshare_ref.to_cents(acc.oop_family_met), 0);
    m_visits   integer := coalesce(acc.visits_used, 0);
    m_coins    bigint  := coalesce(costshare_ref.to_cents(acc.coinsurance_met), 0);
    m_members  integer := coalesce(acc.ded_members_met, 0);

    -- results
    bb         bigint  := 0;       -- balance bill (out of network)
    contr      bigint  := 0;       -- contractual write-off (in network, CO-45)
    r45        boolean := false;
    copay      bigint  := 0;
    ded        bigint  := 0;
    coins      bigint  := 0;
    ded_extra  bigint  := 0;       -- step 5: copay credited to the deductible
    capped     boolean := false;
    reasons    text[]  := '{}';

    -- remaining amounts (step 3)
    ind_rem    bigint;
    fam_rem    bigint;
    ded_rem    bigint;
    oop_rem    bigint;
    coins_rem  bigint;

    base       bigint;
    uncapped   bigint;
    new_ded_i  bigint;
BEGIN
    -- 0. The lesser of the charge and the allowed amount.
    IF b IS NOT NULL AND b < a THEN
        a := b;
    END IF;

    -- 1. Out-of-network extras.
    IF b IS NOT NULL AND b > a THEN
        IF net = 'out' THEN
            bb := b - a;
        ELSE
            contr := b - a;
        END IF;
        r45 := true;
    END IF;

    -- 2. Gates: not covered (96), visit limit used up (119). Nothing accumulates, no visit counted.
    IF NOT coalesce(terms.covered, true)
       OR (terms.visit_limit IS NOT NULL AND m_visits >= terms.visit_limit) THEN
        IF r45 THEN
            reasons := reasons || '45'::text;
        END IF;
        IF NOT coalesce(terms.covered, true) THEN
            reasons := reasons || '96'::text;
        END IF;
        IF coalesce(terms.covered, true) AND terms.visit_limit IS NOT NULL AND m_visits >= terms.visit_limit THEN
            reasons := reasons || '119'::text;
        END IF;
        RETURN ROW(costshare_ref.from_cents(a), 0.00, 0.00, 0.00, costshare_ref.from_cents(a),
                   costshare_ref.from_cents(bb), costshare_ref.from_cents(contr), costshare_ref.from_cents(a + bb),
                   0.00, false, reasons,
                   ROW(costshare_ref.from_cents(m_ded_i), costshare_ref.from_cents(m_ded_f),
                       costshare_ref.from_cents(m_oop_i), costshare_ref.from_cents(m_oop_f), m_visits,
                       costshare_ref.from_cents(m_coins), m_members)::costshare.accum
                  )::costshare.breakdown;
    END IF;

    -- 3. Remaining amounts, each clamped at 0.
    ind_rem := CASE WHEN di IS NOT NULL THEN greatest(di - m_ded_i, 0) END;
    fam_rem := CASE WHEN df IS NOT NULL AND fam THEN greatest(df - m_ded_f, 0) END;
    IF ind_rem IS NULL AND fam_rem IS NULL THEN
        ded_rem := 0;                                    -- no deductible
    ELSIF fam_rule = 'aggregate' THEN
        ded_rem := coalesce(fam_rem, ind_rem);           -- family amount if it applies, else individual
    ELSIF fam_rule = 'n_of_m' AND fam AND m_members >= terms.family_ded_members THEN
        ded_rem := 0;                                    -- N members met theirs: family done
    ELSE
        ded_rem := least(ind_rem, fam_rem);              -- embedded (least() ignores NULLs)
    END IF;

    oop_rem := coalesce(least(CASE WHEN oi IS NOT NULL THEN greatest(oi - m_oop_i, 0) END,
                              CASE WHEN ofam IS NOT NULL AND fam THEN greatest(ofam - m_oop_f, 0) END),
                        inf);
    coins_rem := CASE WHEN cl IS NOT NULL THEN greatest(cl - m_coins, 0) ELSE inf END;

    -- 4. Copay-only visits.
    IF terms.copay_visits IS NOT NULL AND m_visits < terms.copay_visits THEN
        uncapped := least(coalesce(c, 0), a);
        copay := least(uncapped, oop_rem);
        capped := copay < uncapped;
    ELSE
        IF terms.copay_visits IS NOT NULL THEN
            c := NULL;                                   -- past the copay visits: no copay
        END IF;

        -- 5. Copay before (or without) the deductible.
        IF c IS NOT NULL AND NOT cad THEN
            uncapped := least(c, a);
            copay := least(uncapped, oop_rem);
            capped := capped OR copay < uncapped;
            IF coalesce(terms.copay_counts_toward_deductible, false) AND ded_app THEN
                ded_extra := least(copay, ded_rem);
                ded_rem := ded_rem - ded_extra;
            END IF;
        END IF;

        -- 6. Deductible, then the HDHP-style copay once the deductible is met.
        IF ded_app THEN
            uncapped := least(a - copay, ded_rem);
            ded := least(uncapped, oop_rem - copay);
            capped := capped OR ded < uncapped;
        END IF;
        IF c IS NOT NULL AND cad AND ded_rem - ded = 0 THEN
            uncapped := least(c, a - ded);
            copay := least(uncapped, oop_rem - ded);
            capped := capped OR copay < uncapped;
        END IF;

        -- 7. Coinsurance on what is left, capped by the OOP and the coinsurance limit.
        base := a - copay - ded;
        coins := costshare_ref.round_cents(p * base, terms.rounding);
        uncapped := least(coins, coins_rem);
        coins := least(uncapped, oop_rem - copay - ded);
        capped := capped OR coins < uncapped;
    END IF;

    -- 8. Totals and reasons (1, 2, 3, 45 in this order).
    IF ded > 0 THEN reasons := reasons || '1'::text; END IF;
    IF coins > 0 THEN reasons := reasons || '2'::text; END IF;
    IF copay > 0 THEN reasons := reasons || '3'::text; END IF;
    IF r45 THEN reasons := reasons || '45'::text; END IF;

    -- 9. Accumulators after.
    new_ded_i := m_ded_i + ded + ded_extra;
    IF di IS NOT NULL AND m_ded_i < di AND new_ded_i >= di THEN
        m_members := m_members + 1;
    END IF;

    RETURN ROW(costshare_ref.from_cents(a),
               costshare_ref.from_cents(copay),
               costshare_ref.from_cents(ded),
               costshare_ref.from_cents(coins),
               0.00,
               costshare_ref.from_cents(bb),
               costshare_ref.from_cents(contr),
               costshare_ref.from_cents(copay + ded + coins + bb),
               costshare_ref.from_cents(a - copay - ded - coins),
               capped,
               reasons,
               ROW(costshare_ref.from_cents(new_ded_i),
                   costshare_ref.from_cents(m_ded_f + ded + ded_extra),
                   costshare_ref.from_cents(m_oop_i + copay + ded + coins),
                   costshare_ref.from_cents(m_oop_f + copay + ded + coins),
                   m_visits + 1,
                   costshare_ref.from_cents(m_coins + coins),
                   m_members)::costshare.accum
              )::costshare.breakdown;
END;
$$;

COMMENT ON FUNCTION costshare_ref.adjudicate(numeric, costshare.terms, costshare.accum, numeric) IS
    'Reference (PL/pgSQL) implementation of costshare.adjudicate, from doc/rules.md "One line".';

-- ---------------------------------------------------------------------------------------------------
-- Many lines (rules.md "Many lines")
-- ---------------------------------------------------------------------------------------------------

-- One input line. line_id must be unique within a family; opening and billed may be NULL.
CREATE TYPE costshare_ref.line_in AS (
    line_id      bigint,
    family       text,
    member       text,
    service_date date,
    allowed      numeric,
    terms        costshare.terms,
    opening      costshare.accum,
    billed       numeric
);

/*
 * The engine of the many-lines functions. Reads the lines from lines_query (EXECUTEd with lines as $1;
 * it must return the columns of costshare_ref.line_in, by name), processes each family's lines in
 * (service_date, line_id) order and returns one breakdown per line, in (family, service_date, line_id)
 * order.
 *
 * State of the current family (the current benefit period only), kept in parallel arrays:
 *   e_*  one entry per (member, bucket): the member's individual figures in that bucket, the deductible
 *        credit earned in the last three months of the period (for carryover) and the last date on which
 *        the member bore a copay in that bucket (for copay_per = day). e_key = quote_nullable(member) ||
 *        ',' || quote_literal(bucket), an unambiguous key for array_position().
 *   f_*  one entry per bucket: the family figures (deductible and OOP met).
 */
CREATE FUNCTION costshare_ref._accumulate(lines_query text, lines costshare_ref.line_in[])
RETURNS TABLE(line_id bigint, result costshare.breakdown)
LANGUAGE plpgsql AS $$
DECLARE
    r           costshare_ref.line_in;
    t           costshare.terms;
    res         costshare.breakdown;
    acc         costshare.accum;

    cur_family  text;
    first_row   boolean := true;       -- next row is the first of a family (partition)
    first_per   boolean;               -- still in the family's first benefit period
    per         daterange;
    cur_start   date;                  -- current period [cur_start, cur_end)
    cur_end     date;
    q4_start    date;                  -- first day of the last three months of the current period
    bucket      text;
    key         text;
    i           integer;
    j           integer;
    x           text;
    n_members   integer;               -- ded_members_met of the row
    n_new       integer;

    seen        text[];                -- members whose first row has been processed (for openings)
    seen_null   boolean;               -- ... and whether the NULL member has been

    e_key       text[];
    e_bucket    text[];
    e_ded       bigint[];
    e_oop       bigint[];
    e_visits    integer[];
    e_coins     bigint[];
    e_q4        bigint[];
    e_copay     date[];
    f_bucket    text[];
    f_ded       bigint[];
    f_oop       bigint[];

    -- carryover: the new period's state
    n_key       text[];
    n_bucket    text[];
    n_ded       bigint[];

    -- what the line credited
    ded_credit  bigint;
    share       bigint;
    coins       bigint;
    visits      integer;
BEGIN
    FOR r IN EXECUTE format(
            'SELECT q.line_id::bigint, q.family::text, q.member::text, q.service_date::date,'
            ' q.allowed::numeric, q.terms::costshare.terms, q.opening::costshare.accum, q.billed::numeric'
            ' FROM (%s) q ORDER BY 2, 4, 1', lines_query)
        USING lines
    LOOP
        t := r.terms;
        bucket := coalesce(t.bucket, t.network, 'in');
        per := costshare_ref.benefit_period(r.service_date, t.period_start);

        -- A new family: empty state.
        IF first_row OR r.family IS DISTINCT FROM cur_family THEN
            cur_family := r.family;
            first_per := true;
            seen := '{}'; seen_null := false;
            e_key := '{}'; e_bucket := '{}'; e_ded := '{}'; e_oop := '{}'; e_visits := '{}';
            e_coins := '{}'; e_q4 := '{}'; e_copay := '{}';
            f_bucket := '{}'; f_ded := '{}'; f_oop := '{}';
            cur_start := lower(per); cur_end := upper(per);

            -- Opening: the family figures come from the partition's first row, in its bucket.
            f_bucket := ARRAY[bucket];
            f_ded := ARRAY[coalesce(costshare_ref.to_cents((r.opening).ded_family_met), 0)];
            f_oop := ARRAY[coalesce(costshare_ref.to_cents((r.opening).oop_family_met), 0)];

        -- A new benefit period: everything starts again at 0, except the fourth-quarter carryover.
        ELSIF lower(per) <> cur_start THEN
            first_per := false;
            n_key := '{}'; n_bucket := '{}'; n_ded := '{}';
            f_bucket := '{}'; f_ded := '{}'; f_oop := '{}';
            IF coalesce(t.carryover, false) AND cur_end = lower(per) THEN
                FOR i IN 1 .. coalesce(array_length(e_key, 1), 0) LOOP
                    IF e_q4[i] <> 0 THEN
                        n_key := n_key || e_key[i];
                        n_bucket := n_bucket || e_bucket[i];
                        n_ded := n_ded || e_q4[i];
                        j := array_position(f_bucket, e_bucket[i]);
                        IF j IS NULL THEN
                            f_bucket := f_bucket || e_bucket[i];
                            f_ded := f_ded || e_q4[i];
                            f_oop := f_oop || 0::bigint;
                        ELSE
                            f_ded[j] := f_ded[j] + e_q4[i];
                        END IF;
                    END IF;
                END LOOP;
            END IF;
            n_new := coalesce(array_length(n_key, 1), 0);
            e_key := n_key; e_bucket := n_bucket; e_ded := n_ded;
            e_oop := array_fill(0::bigint, ARRAY[n_new]);
            e_visits := array_fill(0, ARRAY[n_new]);
            e_coins := array_fill(0::bigint, ARRAY[n_new]);
            e_q4 := array_fill(0::bigint, ARRAY[n_new]);
            e_copay := array_fill(NULL::date, ARRAY[n_new]);
            cur_start := lower(per); cur_end := upper(per);
        END IF;
        first_row := false;
        q4_start := (cur_end - interval '3 months')::date;

        -- The member's entry in the row's bucket (created at 0 if missing).
        key := quote_nullable(r.member) || ',' || quote_literal(bucket);
        i := array_position(e_key, key);
        IF i IS NULL THEN
            e_key := e_key || key; e_bucket := e_bucket || bucket; e_ded := e_ded || 0::bigint;
            e_oop := e_oop || 0::bigint; e_visits := e_visits || 0; e_coins := e_coins || 0::bigint;
            e_q4 := e_q4 || 0::bigint; e_copay := e_copay || NULL::date;
            i := array_length(e_key, 1);
        END IF;
        j := array_position(f_bucket, bucket);
        IF j IS NULL THEN
            f_bucket := f_bucket || bucket; f_ded := f_ded || 0::bigint; f_oop := f_oop || 0::bigint;
            j := array_length(f_bucket, 1);
        END IF;

        -- Opening: a member's individual figures come from their first row, if still in the first period.
        IF (r.member IS NULL AND NOT seen_null) OR (r.member IS NOT NULL AND NOT r.member = ANY (seen)) THEN
            IF r.member IS NULL THEN seen_null := true; ELSE seen := seen || r.member; END IF;
            IF first_per THEN
                e_ded[i] := coalesce(costshare_ref.to_cents((r.opening).ded_individual_met), 0);
                e_oop[i] := coalesce(costshare_ref.to_cents((r.opening).oop_individual_met), 0);
                e_visits[i] := coalesce((r.opening).visits_used, 0);
                e_coins[i] := coalesce(costshare_ref.to_cents((r.opening).coinsurance_met), 0);
            END IF;
        END IF;

        -- ded_members_met: members whose individual deductible met in this bucket reaches the row's
        -- ded_individual (0 when the row has no ded_individual).
        n_members := 0;
        IF t.ded_individual > 0 THEN
            SELECT count(*) INTO n_members
            FROM unnest(e_bucket, e_ded) AS u(bk, met)
            WHERE u.bk = bucket AND u.met >= costshare_ref.to_cents(t.ded_individual);
        END IF;

        acc := ROW(costshare_ref.from_cents(e_ded[i]), costshare_ref.from_cents(f_ded[j]),
                   costshare_ref.from_cents(e_oop[i]), costshare_ref.from_cents(f_oop[j]),
                   e_visits[i], costshare_ref.from_cents(e_coins[i]), n_members)::costshare.accum;

        -- copay_per = day: at most one copay per member, bucket and date.
        IF t.copay IS NOT NULL AND coalesce(t.copay_per, 'line') = 'day'
           AND e_copay[i] IS NOT DISTINCT FROM r.service_date THEN
            t.copay := 0;
        END IF;

        res := costshare_ref.adjudicate(r.allowed, t, acc, r.billed);

        -- What the line credited (0 for a gated line).
        ded_credit := costshare_ref.to_cents((res.acc_after).ded_individual_met) - e_ded[i];
        share      := costshare_ref.to_cents((res.acc_after).oop_individual_met) - e_oop[i];
        coins      := costshare_ref.to_cents((res.acc_after).coinsurance_met) - e_coins[i];
        visits     := (res.acc_after).visits_used - e_visits[i];

        -- The row's own bucket: member and family.
        e_ded[i] := e_ded[i] + ded_credit;
        e_oop[i] := e_oop[i] + share;
        e_coins[i] := e_coins[i] + coins;
        e_visits[i] := e_visits[i] + visits;
        f_ded[j] := f_ded[j] + ded_credit;
        f_oop[j] := f_oop[j] + share;
        IF r.service_date >= q4_start THEN
            e_q4[i] := e_q4[i] + ded_credit;
        END IF;
        IF res.copay > 0 THEN
            e_copay[i] := r.service_date;
        END IF;

        -- also_credits: the same money (not visits) credits the member and family in other buckets.
        FOR x IN SELECT DISTINCT u.b FROM unnest(t.also_credits) AS u(b)
                 WHERE u.b IS NOT NULL AND u.b <> bucket
        LOOP
            key := quote_nullable(r.member) || ',' || quote_literal(x);
            i := array_position(e_key, key);
            IF i IS NULL THEN
                e_key := e_key || key; e_bucket := e_bucket || x; e_ded := e_ded || 0::bigint;
                e_oop := e_oop || 0::bigint; e_visits := e_visits || 0; e_coins := e_coins || 0::bigint;
                e_q4 := e_q4 || 0::bigint; e_copay := e_copay || NULL::date;
                i := array_length(e_key, 1);
            END IF;
            e_ded[i] := e_ded[i] + ded_credit;
            e_oop[i] := e_oop[i] + share;
            e_coins[i] := e_coins[i] + coins;
            IF r.service_date >= q4_start THEN
                e_q4[i] := e_q4[i] + ded_credit;
            END IF;
            j := array_position(f_bucket, x);
            IF j IS NULL THEN
                f_bucket := f_bucket || x; f_ded := f_ded || 0::bigint; f_oop := f_oop || 0::bigint;
                j := array_length(f_bucket, 1);
            END IF;
            f_ded[j] := f_ded[j] + ded_credit;
            f_oop[j] := f_oop[j] + share;
        END LOOP;

        line_id := r.line_id;
        result := res;
        RETURN NEXT;
    END LOOP;
END;
$$;

-- Many lines given as an array; e.g.
--   SELECT * FROM costshare_ref.accumulate_lines(ARRAY(
--       SELECT ROW(id, family, member, dos, allowed, terms, opening, billed)::costshare_ref.line_in
--       FROM claim_lines));
CREATE FUNCTION costshare_ref.accumulate_lines(lines costshare_ref.line_in[])
RETURNS TABLE(line_id bigint, result costshare.breakdown)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT * FROM costshare_ref._accumulate('SELECT * FROM unnest($1::costshare_ref.line_in[])', lines)
$$;
COMMENT ON FUNCTION costshare_ref.accumulate_lines(costshare_ref.line_in[]) IS
    'Reference implementation of costshare.accumulate (doc/rules.md "Many lines"): one breakdown per line, each family''s lines in (service_date, line_id) order.';

-- Many lines read from a query returning the columns of costshare_ref.line_in (by name), e.g.
--   SELECT * FROM costshare_ref.accumulate_query(
--       'SELECT id AS line_id, family, member, dos AS service_date, allowed, terms,
--               NULL::costshare.accum AS opening, NULL::numeric AS billed FROM claim_lines');
CREATE FUNCTION costshare_ref.accumulate_query(lines_query text)
RETURNS TABLE(line_id bigint, result costshare.breakdown)
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM costshare_ref._accumulate(lines_query, NULL)
$$;
COMMENT ON FUNCTION costshare_ref.accumulate_query(text) IS
    'Reference implementation of costshare.accumulate over the rows of a query (columns as in costshare_ref.line_in).';

COMMIT;
