-- invariants.sql — properties of costshare.adjudicate that hold for every line (rules.md "One line"),
-- checked over 20,000 seeded random single-line cases: random terms (copay or not, coinsurance from a
-- fixed set, deductibles, OOP limits, family coverage, N-of-M, visit limits, copay variants, coinsurance
-- limits, network in/out with billed amounts, all three rounding modes) and random accumulators (met
-- amounts below and above the limits). Each test counts the cases that break one property; a failing
-- test's diagnostics name a few of them.
BEGIN;
SELECT plan(27);
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS costshare CASCADE;
SET LOCAL max_parallel_workers_per_gather = 0;	-- random() in one process: the same cases every run

-- a random amount in whole cents from 0 to max dollars
CREATE FUNCTION pg_temp.amt(max_dollars numeric, r float8) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$ SELECT floor(r * max_dollars * 100)::numeric / 100 $$;
CREATE FUNCTION pg_temp.pick(anyarray, float8) RETURNS anyelement
LANGUAGE sql IMMUTABLE AS $$ SELECT $1[1 + floor($2 * array_length($1, 1))::int] $$;

CREATE TEMP TABLE seed AS SELECT setseed(0.42)::text AS s;
CREATE TEMP TABLE rnd AS
SELECT i, (SELECT array_agg(random() ORDER BY k) FROM generate_series(1, 40) AS k WHERE i > 0) AS r
FROM generate_series(1, 20000) AS i;

-- The inputs of each case, field by field from its own random numbers.
CREATE TEMP TABLE inp AS
SELECT i,
       CASE WHEN r[1] < 0.1 THEN pg_temp.amt(2, r[2]) WHEN r[1] < 0.8 THEN pg_temp.amt(500, r[2])
            ELSE pg_temp.amt(25000, r[2]) END AS allowed,
       CASE WHEN r[3] < 0.45 THEN NULL WHEN r[3] < 0.5 THEN 0 ELSE pg_temp.amt(150, r[4]) END AS copay,
       pg_temp.pick(ARRAY[0, 0.1, 0.2, 0.25, 0.3, 0.5, 1, 0.333333]::numeric[], r[5]) AS coinsurance,
       r[6] < 0.85 AS deductible_applies,
       r[7] < 0.2 AS copay_after_deductible_wish,
       r[8] < 0.95 AS covered,
       CASE WHEN r[9] < 0.7 THEN pg_temp.amt(4000, r[10]) END AS ded_individual,
       CASE WHEN r[11] < 0.5 THEN pg_temp.amt(8000, r[12]) END AS ded_family,
       pg_temp.pick(ARRAY['embedded', 'aggregate', 'n_of_m'], r[13]) AS family_deductible_wish,
       CASE WHEN r[14] < 0.7 THEN pg_temp.amt(9200, r[15]) END AS oop_individual,
       CASE WHEN r[16] < 0.5 THEN pg_temp.amt(18400, r[17]) END AS oop_family,
       r[18] < 0.5 AS family_coverage,
       CASE WHEN r[19] < 0.2 THEN floor(r[20] * 10)::int END AS visit_limit,
       CASE WHEN r[21] < 0.35 THEN 'out' ELSE 'in' END AS network,
       pg_temp.pick(ARRAY['half_up', 'half_even', 'truncate'], r[22]) AS rounding,
       r[23] < 0.15 AS copay_counts_toward_deductible,
       CASE WHEN r[24] < 0.15 THEN floor(r[25] * 5)::int END AS copay_visits_wish,
       1 + floor(r[26] * 4)::int AS family_ded_members,
       CASE WHEN r[27] < 0.15 THEN pg_temp.amt(2500, r[28]) END AS coinsurance_limit,
       CASE WHEN r[29] < 0.4 THEN NULL WHEN r[29] < 0.5 THEN 'low' ELSE 'high' END AS billed_kind,
       r[30] AS billed_r,
       r[31] < 0.1 AS acc_null,
       pg_temp.amt(5000, r[32]) AS ded_individual_met,
       pg_temp.amt(9000, r[33]) AS ded_family_met,
       CASE WHEN r[34] < 0.2 THEN pg_temp.amt(12000, r[35]) ELSE pg_temp.amt(9200, r[35] * r[35]) END AS oop_individual_met,
       pg_temp.amt(20000, r[36]) AS oop_family_met,
       floor(r[37] * 12)::int AS visits_used,
       pg_temp.amt(3000, r[38]) AS coinsurance_met,
       floor(r[39] * 5)::int AS ded_members_met
FROM rnd;

-- The terms (valid combinations only) and the accumulators.
CREATE TEMP TABLE cases AS
SELECT i, allowed,
       CASE billed_kind WHEN 'low' THEN floor(allowed * billed_r::numeric * 100) / 100
                        WHEN 'high' THEN allowed + pg_temp.amt(800, billed_r) END AS billed,
       copay, coinsurance, deductible_applies,
       copay_after_deductible_wish AND deductible_applies AND copay IS NOT NULL AS copay_after_deductible,
       covered, ded_individual, ded_family,
       CASE WHEN family_deductible_wish = 'n_of_m' AND ded_individual IS NULL THEN 'embedded'
            ELSE family_deductible_wish END AS family_deductible,
       oop_individual, oop_family, family_coverage, visit_limit, network, rounding,
       copay_counts_toward_deductible,
       CASE WHEN copay IS NOT NULL THEN copay_visits_wish END AS copay_visits,
       family_ded_members, coinsurance_limit,
       acc_null,
       CASE WHEN acc_null THEN 0 ELSE ded_individual_met END AS ded_individual_met,
       CASE WHEN acc_null THEN 0 ELSE ded_family_met END AS ded_family_met,
       CASE WHEN acc_null THEN 0 ELSE oop_individual_met END AS oop_individual_met,
       CASE WHEN acc_null THEN 0 ELSE oop_family_met END AS oop_family_met,
       CASE WHEN acc_null THEN 0 ELSE visits_used END AS visits_used,
       CASE WHEN acc_null THEN 0 ELSE coinsurance_met END AS coinsurance_met,
       CASE WHEN acc_null THEN 0 ELSE ded_members_met END AS ded_members_met
FROM inp;

CREATE FUNCTION pg_temp.t(c cases, mode text) RETURNS costshare.terms
LANGUAGE sql IMMUTABLE AS $$
    SELECT costshare.terms(copay => c.copay, coinsurance => c.coinsurance,
                           deductible_applies => c.deductible_applies,
                           copay_after_deductible => c.copay_after_deductible, covered => c.covered,
                           ded_individual => c.ded_individual, ded_family => c.ded_family,
                           family_deductible => c.family_deductible, oop_individual => c.oop_individual,
                           oop_family => c.oop_family, family_coverage => c.family_coverage,
                           visit_limit => c.visit_limit, network => c.network, rounding => mode,
                           copay_counts_toward_deductible => c.copay_counts_toward_deductible,
                           copay_visits => c.copay_visits,
                           family_ded_members => CASE WHEN c.family_deductible = 'n_of_m'
                                                      THEN c.family_ded_members END,
                           coinsurance_limit => c.coinsurance_limit)
$$;

-- limit - met clamped at 0; NULL (no limit) when there is no limit. least() skips NULLs.
CREATE FUNCTION pg_temp.rem(lim numeric, met numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN lim IS NOT NULL THEN greatest(lim - met, 0) END $$;

-- Each case in its own rounding mode (b) and in each of the three (hu, he, tr), with what the rules
-- say remains of the deductible, the OOP and the coinsurance limit (rules.md step 3; NULL = no limit).
CREATE TEMP TABLE res AS
SELECT c.*,
       costshare.adjudicate(c.allowed, pg_temp.t(c, c.rounding), a, c.billed) AS b,
       costshare.adjudicate(c.allowed, pg_temp.t(c, 'half_up'), a, c.billed) AS hu,
       costshare.adjudicate(c.allowed, pg_temp.t(c, 'half_even'), a, c.billed) AS he,
       costshare.adjudicate(c.allowed, pg_temp.t(c, 'truncate'), a, c.billed) AS tr,
       CASE WHEN c.ded_individual IS NULL AND NOT (c.family_coverage AND c.ded_family IS NOT NULL) THEN 0
            WHEN c.family_deductible = 'aggregate' AND c.family_coverage AND c.ded_family IS NOT NULL
                THEN pg_temp.rem(c.ded_family, c.ded_family_met)
            WHEN c.family_deductible = 'n_of_m' AND c.family_coverage
                 AND c.ded_members_met >= c.family_ded_members THEN 0
            ELSE least(pg_temp.rem(c.ded_individual, c.ded_individual_met),
                       CASE WHEN c.family_coverage THEN pg_temp.rem(c.ded_family, c.ded_family_met) END)
       END AS ded_rem,
       least(pg_temp.rem(c.oop_individual, c.oop_individual_met),
             CASE WHEN c.family_coverage THEN pg_temp.rem(c.oop_family, c.oop_family_met) END) AS oop_rem,
       pg_temp.rem(c.coinsurance_limit, c.coinsurance_met) AS coins_rem,
       NOT c.covered OR (c.visit_limit IS NOT NULL AND c.visits_used >= c.visit_limit) AS gated
FROM cases c,
     LATERAL (SELECT CASE WHEN c.acc_null THEN NULL
                          ELSE costshare.accum(c.ded_individual_met, c.ded_family_met, c.oop_individual_met,
                                               c.oop_family_met, c.visits_used, c.coinsurance_met,
                                               c.ded_members_met) END AS a) x;

-- the allowed amount a line is adjudicated on: the lesser of the charge and the allowed amount given
-- (rules.md step 0); every property below speaks of that amount
ALTER TABLE res RENAME allowed TO given_allowed;
ALTER TABLE res ADD COLUMN allowed numeric;
UPDATE res SET allowed = least(given_allowed, coalesce(billed, given_allowed));

SELECT is(count(*), 20000::bigint, '20,000 random cases adjudicated') FROM res;

SELECT ok(count(*) > 1000, 'the cases include lines charged below the allowed amount given')
FROM res WHERE billed < given_allowed;

SELECT is(count(*), 0::bigint, 'patient_pays + plan_pays = allowed + balance_bill on every line')
FROM res WHERE (b).patient_pays + (b).plan_pays <> (b).allowed + (b).balance_bill;

SELECT is(count(*), 0::bigint, 'every component and accumulator is >= 0')
FROM res WHERE least((b).allowed, (b).copay, (b).deductible, (b).coinsurance, (b).not_covered,
                     (b).balance_bill, (b).contractual, (b).patient_pays, (b).plan_pays,
                     (b).acc_after.ded_individual_met, (b).acc_after.ded_family_met,
                     (b).acc_after.oop_individual_met, (b).acc_after.oop_family_met,
                     (b).acc_after.coinsurance_met) < 0
            OR least((b).acc_after.visits_used, (b).acc_after.ded_members_met) < 0;

SELECT is(count(*), 0::bigint, 'plan_pays >= 0 and plan_pays <= allowed')
FROM res WHERE (b).plan_pays < 0 OR (b).plan_pays > (b).allowed;

SELECT is(count(*), 0::bigint, 'allowed is the lesser of the charge and the allowed amount given')
FROM res WHERE (b).allowed <> allowed;

SELECT is(count(*), 0::bigint,
          'no member''s OOP credit goes above oop_individual when the opening met was within it')
FROM res WHERE oop_individual IS NOT NULL AND oop_individual_met <= oop_individual
           AND (b).acc_after.oop_individual_met > oop_individual;

SELECT is(count(*), 0::bigint,
          'on family coverage, the family OOP credit stays within oop_family when it started within it')
FROM res WHERE family_coverage AND oop_family IS NOT NULL AND oop_family_met <= oop_family
           AND (b).acc_after.oop_family_met > oop_family;

SELECT is(count(*), 0::bigint, 'the line''s cost sharing never exceeds the OOP remaining')
FROM res WHERE oop_rem IS NOT NULL AND (b).copay + (b).deductible + (b).coinsurance > oop_rem;

SELECT is(count(*), 0::bigint,
          'the deductible credit (and the deductible column) never exceeds the deductible remaining')
FROM res WHERE (b).acc_after.ded_individual_met - ded_individual_met > ded_rem
            OR (b).acc_after.ded_family_met - ded_family_met > ded_rem
            OR (b).deductible > ded_rem;

SELECT is(count(*), 0::bigint, 'the coinsurance never exceeds what is left of the coinsurance limit')
FROM res WHERE coins_rem IS NOT NULL AND (b).coinsurance > coins_rem;

SELECT is(count(*), 0::bigint,
          'results are identical in the three rounding modes whenever p * base is a whole number of cents')
FROM res
WHERE (coinsurance * ((hu).allowed - (hu).copay - (hu).deductible) * 100) % 1 = 0
  AND (hu IS DISTINCT FROM he OR hu IS DISTINCT FROM tr);

SELECT is(count(*), 0::bigint,
          'the modes differ only in the coinsurance: half_up >= half_even >= truncate, within a cent')
FROM res
WHERE NOT ((hu).coinsurance >= (he).coinsurance AND (he).coinsurance >= (tr).coinsurance
           AND (hu).coinsurance - (tr).coinsurance <= 0.01
           AND (hu).copay = (tr).copay AND (hu).deductible = (tr).deductible
           AND (he).copay = (tr).copay AND (he).deductible = (tr).deductible);

SELECT ok(count(*) > 500, 'the cases include enough lines where the rounding mode matters')
FROM res WHERE (hu).coinsurance <> (tr).coinsurance;

SELECT is(count(*), 0::bigint, 'the patient''s share of a covered line is copay + deductible + coinsurance')
FROM res WHERE NOT gated
           AND (b).patient_pays - (b).balance_bill <> (b).copay + (b).deductible + (b).coinsurance;

SELECT is(count(*), 0::bigint,
          'the OOP accumulators grow by exactly the cost sharing (balance bills count toward nothing)')
FROM res WHERE (b).acc_after.oop_individual_met - oop_individual_met <> (b).copay + (b).deductible + (b).coinsurance
            OR (b).acc_after.oop_family_met - oop_family_met <> (b).copay + (b).deductible + (b).coinsurance
            OR (b).acc_after.coinsurance_met - coinsurance_met <> (b).coinsurance;

SELECT is(count(*), 0::bigint,
          'balance bill out of network and contractual write-off in network are max(0, billed - allowed)')
FROM res WHERE (b).balance_bill <> CASE WHEN network = 'out' AND billed > allowed THEN billed - allowed ELSE 0 END
            OR (b).contractual <> CASE WHEN network = 'in' AND billed > allowed THEN billed - allowed ELSE 0 END;

SELECT is(count(*), 0::bigint,
          'a gated line (not covered, or visit limit used up) is all not_covered and accumulates nothing')
FROM res WHERE gated
           AND NOT ((b).not_covered = allowed AND (b).plan_pays = 0 AND (b).copay = 0 AND (b).deductible = 0
                    AND (b).coinsurance = 0
                    AND (b).acc_after = costshare.accum(ded_individual_met, ded_family_met, oop_individual_met,
                                                        oop_family_met, visits_used, coinsurance_met,
                                                        ded_members_met)
                    AND (b).adjustment_codes[array_length((b).adjustment_codes, 1)] = CASE WHEN NOT covered THEN '96' ELSE '119' END);

SELECT is(count(*), 0::bigint, 'a covered line counts one visit and has nothing not covered')
FROM res WHERE NOT gated AND ((b).acc_after.visits_used <> visits_used + 1 OR (b).not_covered <> 0);

SELECT is(count(*), 0::bigint,
          'reasons are 1 iff deductible > 0, 2 iff coinsurance > 0, 3 iff copay > 0, 45 iff billed > allowed, in that order')
FROM res WHERE NOT gated
           AND (b).adjustment_codes IS DISTINCT FROM
               array_remove(ARRAY[CASE WHEN (b).deductible > 0 THEN '1' END,
                                  CASE WHEN (b).coinsurance > 0 THEN '2' END,
                                  CASE WHEN (b).copay > 0 THEN '3' END,
                                  CASE WHEN billed > allowed THEN '45' END], NULL);

SELECT is(count(*), 0::bigint,
          'the copay is at most the copay term and the allowed amount (0 when there is no copay)')
FROM res WHERE (b).copay > least(coalesce(copay, 0), allowed);

SELECT is(count(*), 0::bigint,
          'no deductible is charged or credited when the deductible does not apply or on a copay-only visit')
FROM res WHERE (NOT deductible_applies OR (copay_visits IS NOT NULL AND visits_used < copay_visits))
           AND ((b).deductible <> 0 OR (b).acc_after.ded_individual_met <> ded_individual_met
                OR (b).acc_after.ded_family_met <> ded_family_met);

SELECT is(count(*), 0::bigint,
          'on a copay-only visit there is no coinsurance; past the copay visits there is no copay')
FROM res WHERE copay_visits IS NOT NULL
           AND ((visits_used < copay_visits AND (b).coinsurance <> 0)
                OR (visits_used >= copay_visits AND (b).copay <> 0));

SELECT is(count(*), 0::bigint,
          'oop_capped: the OOP remaining is used up exactly (unless the coinsurance limit bound too); never with no OOP limit')
FROM res WHERE (b).oop_capped
           AND (oop_rem IS NULL
                OR ((b).copay + (b).deductible + (b).coinsurance <> oop_rem
                    AND NOT (coins_rem IS NOT NULL AND (b).coinsurance = coins_rem)));

SELECT is(count(*), 0::bigint,
          'deductible and coinsurance follow the rules exactly when nothing caps them (no copay, no OOP limit)')
FROM res WHERE NOT gated AND copay IS NULL AND oop_rem IS NULL AND coins_rem IS NULL
           AND ((b).deductible <> CASE WHEN deductible_applies THEN least(allowed, ded_rem) ELSE 0 END
                OR (hu).coinsurance <> round(coinsurance * (allowed - (hu).deductible), 2)
                OR (tr).coinsurance <> trunc(coinsurance * (allowed - (tr).deductible), 2));

CREATE FUNCTION pg_temp.half_even(x numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN x * 100 - trunc(x * 100) = 0.5
                THEN trunc(x, 2) + CASE WHEN trunc(x * 100) % 2 = 0 THEN 0 ELSE 0.01 END
                ELSE round(x, 2) END
$$;
SELECT is(count(*), 0::bigint,
          'coinsurance is p * (allowed - copay - deductible) rounded half up, half even or truncated when no limit binds')
FROM res WHERE NOT gated AND oop_rem IS NULL AND coins_rem IS NULL
           AND NOT (copay_visits IS NOT NULL AND visits_used < copay_visits)
           AND ((hu).coinsurance <> round(coinsurance * ((hu).allowed - (hu).copay - (hu).deductible), 2)
                OR (he).coinsurance <> pg_temp.half_even(coinsurance * ((he).allowed - (he).copay - (he).deductible))
                OR (tr).coinsurance <> trunc(coinsurance * ((tr).allowed - (tr).copay - (tr).deductible), 2));

SELECT is(count(*), 0::bigint,
          'the deductible credit is the deductible, plus the copay''s share of the deductible remaining when the copay counts toward it')
FROM res WHERE NOT gated
           AND (b).acc_after.ded_individual_met - ded_individual_met
               <> (b).deductible
                  + CASE WHEN copay_counts_toward_deductible AND deductible_applies AND NOT copay_after_deductible
                              AND NOT (copay_visits IS NOT NULL AND visits_used < copay_visits)
                         THEN least((b).copay, ded_rem) ELSE 0 END;

SELECT * FROM finish();
ROLLBACK;
