/*
 * test/reference/selftest.sql
 *
 * Self-test of the PL/pgSQL reference implementation (costshare_ref.sql) against the worked figures of
 * domain.md §11 that apply to one line or one family (rows 1-12, plus 16 and 18), and against
 * hand-computed cases for the other rules of doc/rules.md. Plain psql script: it (re)loads
 * costshare_ref.sql, raises an exception at the first mismatch, and prints 'reference selftest ok' at
 * the end. Needs the composite types of the extension (schema costshare); uses only costshare_ref.*
 * constructors, so it does not depend on the C engine.
 *
 *   psql -v ON_ERROR_STOP=1 -f test/reference/selftest.sql
 */

\set ON_ERROR_STOP on
\set QUIET on
\ir costshare_ref.sql

SET client_min_messages = warning;
-- Results of the checks are not interesting; a mismatch raises an exception (on stderr).
\o /dev/null

-- chk(label, breakdown, 'field=value ...'): each named field of the breakdown must print as given.
-- Fields: allowed copay deductible coinsurance not_covered balance_bill contractual patient_pays
-- plan_pays oop_capped reasons (as 1,2,45; empty as -) and acc.<accum field>.
CREATE FUNCTION pg_temp.chk(label text, got costshare.breakdown, want text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    kv   text;
    k    text;
    v    text;
    have text;
    j    jsonb := to_jsonb(got);
BEGIN
    IF got IS NULL THEN
        RAISE EXCEPTION 'selftest %: no result', label;
    END IF;
    FOREACH kv IN ARRAY regexp_split_to_array(btrim(want), '\s+') LOOP
        k := split_part(kv, '=', 1);
        v := split_part(kv, '=', 2);
        IF k = 'reasons' THEN
            have := coalesce(nullif(array_to_string(got.reasons, ','), ''), '-');
        ELSIF k LIKE 'acc.%' THEN
            have := j -> 'acc_after' ->> substr(k, 5);
        ELSE
            have := j ->> k;
        END IF;
        IF have IS NULL AND NOT j ? k AND k NOT LIKE 'acc.%' AND k <> 'reasons' THEN
            RAISE EXCEPTION 'selftest %: unknown field %', label, k;
        END IF;
        IF have IS DISTINCT FROM v THEN
            RAISE EXCEPTION 'selftest %: % is %, expected % (whole result: %)', label, k, have, v, got;
        END IF;
    END LOOP;
    -- Invariants: patient + plan = allowed + balance bill; nothing negative.
    IF got.patient_pays + got.plan_pays <> got.allowed + got.balance_bill
       OR least(got.copay, got.deductible, got.coinsurance, got.not_covered, got.balance_bill,
                got.contractual, got.patient_pays, got.plan_pays) < 0 THEN
        RAISE EXCEPTION 'selftest %: invariant broken: %', label, got;
    END IF;
END;
$$;

-- Shorthands.
CREATE FUNCTION pg_temp.adj(allowed numeric, t costshare.terms, acc costshare.accum DEFAULT NULL,
                            billed numeric DEFAULT NULL)
RETURNS costshare.breakdown LANGUAGE sql AS $$ SELECT costshare_ref.adjudicate(allowed, t, acc, billed) $$;

CREATE FUNCTION pg_temp.line(id bigint, member text, d date, allowed numeric, t costshare.terms,
                             opening costshare.accum DEFAULT NULL, billed numeric DEFAULT NULL,
                             family text DEFAULT 'F')
RETURNS costshare_ref.line_in LANGUAGE sql AS $$
    SELECT ROW(id, family, member, d, allowed, t, opening, billed)::costshare_ref.line_in
$$;

-- ===================================================================================================
-- domain.md §11 worked figures
-- ===================================================================================================

-- 1. allowed 20,000; deductible 1,300 unmet; 20%; OOP 4,400 -> patient 4,400 (not 5,040), plan 15,600
SELECT pg_temp.chk('§11 row 1',
    pg_temp.adj(20000, costshare_ref.terms(ded_individual => 1300, coinsurance => 0.2, oop_individual => 4400)),
    'deductible=1300.00 coinsurance=3100.00 patient_pays=4400.00 plan_pays=15600.00 oop_capped=true
     reasons=1,2 acc.oop_individual_met=4400.00');
-- ... and uncapped it would be 5,040
SELECT pg_temp.chk('§11 row 1 uncapped',
    pg_temp.adj(20000, costshare_ref.terms(ded_individual => 1300, coinsurance => 0.2)),
    'patient_pays=5040.00 plan_pays=14960.00 oop_capped=false');

-- 2. allowed 5,000; deductible 2,000 unmet; 20% -> patient 2,600, plan 2,400
SELECT pg_temp.chk('§11 row 2',
    pg_temp.adj(5000, costshare_ref.terms(ded_individual => 2000, coinsurance => 0.2)),
    'deductible=2000.00 coinsurance=600.00 patient_pays=2600.00 plan_pays=2400.00');

-- 3. allowed 100; 20%; deductible met / not met -> 20 / 100
SELECT pg_temp.chk('§11 row 3 met',
    pg_temp.adj(100, costshare_ref.terms(ded_individual => 500, coinsurance => 0.2),
                costshare_ref.accum(ded_individual_met => 500)),
    'deductible=0.00 coinsurance=20.00 patient_pays=20.00 plan_pays=80.00 reasons=2');
SELECT pg_temp.chk('§11 row 3 not met',
    pg_temp.adj(100, costshare_ref.terms(ded_individual => 500, coinsurance => 0.2)),
    'deductible=100.00 coinsurance=0.00 patient_pays=100.00 plan_pays=0.00 reasons=1');

-- 4. deductible remaining 1,000; allowed 1,500; 20% -> patient 1,100, plan 400
SELECT pg_temp.chk('§11 row 4',
    pg_temp.adj(1500, costshare_ref.terms(ded_individual => 2500, coinsurance => 0.2),
                costshare_ref.accum(ded_individual_met => 1500)),
    'deductible=1000.00 coinsurance=100.00 patient_pays=1100.00 plan_pays=400.00
     acc.ded_individual_met=2500.00 acc.ded_members_met=1');

-- 5. office copay 30; allowed 200; deductible does not apply -> patient 30, plan 170
SELECT pg_temp.chk('§11 row 5',
    pg_temp.adj(200, costshare_ref.terms(copay => 30, deductible_applies => false, ded_individual => 1000)),
    'copay=30.00 deductible=0.00 patient_pays=30.00 plan_pays=170.00 reasons=3
     acc.ded_individual_met=0.00 acc.oop_individual_met=30.00 acc.visits_used=1');

-- 6. HSA plan: rate 79; deductible remaining 50; 20%; OOP remaining 5,000 -> 55.80
SELECT pg_temp.chk('§11 row 6',
    pg_temp.adj(79, costshare_ref.terms(ded_individual => 50, coinsurance => 0.2, oop_individual => 5000)),
    'deductible=50.00 coinsurance=5.80 patient_pays=55.80 plan_pays=23.20 oop_capped=false');
SELECT pg_temp.chk('§11 row 6 (with accumulators)',
    pg_temp.adj(79, costshare_ref.terms(ded_individual => 1650, coinsurance => 0.2, oop_individual => 8300),
                costshare_ref.accum(ded_individual_met => 1600, oop_individual_met => 3300)),
    'patient_pays=55.80 acc.ded_individual_met=1650.00 acc.oop_individual_met=3355.80');

-- 7. copay 40; allowed 32.17 -> 32.17
SELECT pg_temp.chk('§11 row 7',
    pg_temp.adj(32.17, costshare_ref.terms(copay => 40, deductible_applies => false)),
    'copay=32.17 patient_pays=32.17 plan_pays=0.00 oop_capped=false');

-- 8. copay 40; OOP remaining 25 -> 25
SELECT pg_temp.chk('§11 row 8',
    pg_temp.adj(150, costshare_ref.terms(copay => 40, deductible_applies => false, oop_individual => 5000),
                costshare_ref.accum(oop_individual_met => 4975)),
    'copay=25.00 patient_pays=25.00 plan_pays=125.00 oop_capped=true acc.oop_individual_met=5000.00');

-- 9. deductible 1,000 with 600 remaining; allowed 800; plan pays 100% after -> patient 600
SELECT pg_temp.chk('§11 row 9',
    pg_temp.adj(800, costshare_ref.terms(ded_individual => 1000),
                costshare_ref.accum(ded_individual_met => 400)),
    'deductible=600.00 coinsurance=0.00 patient_pays=600.00 plan_pays=200.00 acc.ded_members_met=1');

-- 10. embedded 4,000 / 8,000: A incurs 5,000, B 3,000, C 2,000 -> deductible A 4,000, B 3,000, C 1,000
--     (one line at a time with explicit accumulators ...)
SELECT pg_temp.chk('§11 row 10 A',
    pg_temp.adj(5000, costshare_ref.terms(ded_individual => 4000, ded_family => 8000, family_coverage => true)),
    'deductible=4000.00');
SELECT pg_temp.chk('§11 row 10 B',
    pg_temp.adj(3000, costshare_ref.terms(ded_individual => 4000, ded_family => 8000, family_coverage => true),
                costshare_ref.accum(ded_family_met => 4000)),
    'deductible=3000.00');
SELECT pg_temp.chk('§11 row 10 C',
    pg_temp.adj(2000, costshare_ref.terms(ded_individual => 4000, ded_family => 8000, family_coverage => true),
                costshare_ref.accum(ded_family_met => 7000)),
    'deductible=1000.00 plan_pays=1000.00 acc.ded_family_met=8000.00');
--     (... and as a family through accumulate_lines)
CREATE TEMP TABLE r10 AS
SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2025-02-01', 5000, costshare_ref.terms(ded_individual => 4000, ded_family => 8000, family_coverage => true)),
    pg_temp.line(2, 'B', '2025-03-01', 3000, costshare_ref.terms(ded_individual => 4000, ded_family => 8000, family_coverage => true)),
    pg_temp.line(3, 'C', '2025-04-01', 2000, costshare_ref.terms(ded_individual => 4000, ded_family => 8000, family_coverage => true))]);
SELECT pg_temp.chk('§11 row 10 family A', result, 'deductible=4000.00 acc.ded_individual_met=4000.00 acc.ded_family_met=4000.00')
FROM r10 WHERE line_id = 1;
SELECT pg_temp.chk('§11 row 10 family B', result, 'deductible=3000.00 acc.ded_individual_met=3000.00 acc.ded_family_met=7000.00')
FROM r10 WHERE line_id = 2;
SELECT pg_temp.chk('§11 row 10 family C', result, 'deductible=1000.00 acc.ded_individual_met=1000.00 acc.ded_family_met=8000.00')
FROM r10 WHERE line_id = 3;

-- 11. family OOP 10,000, self-only limit 6,850; one member incurs 20,000 of cost sharing
--     -> member pays 6,850; the rest of the family at most 3,150 more
CREATE TEMP TABLE r11 AS
SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2016-03-01', 20000, costshare_ref.terms(coinsurance => 1, oop_individual => 6850, oop_family => 10000, family_coverage => true)),
    pg_temp.line(2, 'B', '2016-04-01', 2000,  costshare_ref.terms(coinsurance => 1, oop_individual => 6850, oop_family => 10000, family_coverage => true)),
    pg_temp.line(3, 'C', '2016-05-01', 5000,  costshare_ref.terms(coinsurance => 1, oop_individual => 6850, oop_family => 10000, family_coverage => true)),
    pg_temp.line(4, 'B', '2016-06-01', 900,   costshare_ref.terms(coinsurance => 1, oop_individual => 6850, oop_family => 10000, family_coverage => true))]);
SELECT pg_temp.chk('§11 row 11 A', result, 'patient_pays=6850.00 plan_pays=13150.00 oop_capped=true acc.oop_family_met=6850.00')
FROM r11 WHERE line_id = 1;
SELECT pg_temp.chk('§11 row 11 B', result, 'patient_pays=2000.00 oop_capped=false acc.oop_family_met=8850.00')
FROM r11 WHERE line_id = 2;
SELECT pg_temp.chk('§11 row 11 C', result, 'patient_pays=1150.00 plan_pays=3850.00 oop_capped=true acc.oop_family_met=10000.00')
FROM r11 WHERE line_id = 3;
SELECT pg_temp.chk('§11 row 11 B again', result, 'patient_pays=0.00 plan_pays=900.00 oop_capped=true reasons=-')
FROM r11 WHERE line_id = 4;
DO $$
BEGIN
    IF (SELECT sum((result).patient_pays) FROM r11 WHERE line_id > 1) <> 3150 THEN
        RAISE EXCEPTION 'selftest §11 row 11: rest of the family paid more than 3,150';
    END IF;
END $$;

-- 12. OON: billed 200; OON allowed 120; OON deductible met; 40% -> coinsurance 48 + balance bill 80 = 128;
--     OON OOP credited 48
SELECT pg_temp.chk('§11 row 12',
    pg_temp.adj(120, costshare_ref.terms(coinsurance => 0.4, network => 'out', ded_individual => 500),
                costshare_ref.accum(ded_individual_met => 500), 200),
    'coinsurance=48.00 balance_bill=80.00 contractual=0.00 patient_pays=128.00 plan_pays=72.00 reasons=2,45
     acc.oop_individual_met=48.00 acc.ded_individual_met=500.00');
CREATE TEMP TABLE r12 AS
SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2025-05-01', 120, costshare_ref.terms(coinsurance => 0.4, network => 'out', oop_individual => 10000), NULL, 200),
    pg_temp.line(2, 'A', '2025-05-02', 100, costshare_ref.terms(coinsurance => 0.2, oop_individual => 5000)),
    pg_temp.line(3, 'A', '2025-05-03', 10,  costshare_ref.terms(coinsurance => 0.4, network => 'out', oop_individual => 10000))]);
SELECT pg_temp.chk('§11 row 12 OON bucket', result, 'patient_pays=128.00 acc.oop_individual_met=48.00') FROM r12 WHERE line_id = 1;
SELECT pg_temp.chk('§11 row 12 IN bucket untouched', result, 'patient_pays=20.00 acc.oop_individual_met=20.00 acc.visits_used=1') FROM r12 WHERE line_id = 2;
SELECT pg_temp.chk('§11 row 12 OON bucket again', result, 'patient_pays=4.00 acc.oop_individual_met=52.00 acc.visits_used=2') FROM r12 WHERE line_id = 3;

-- 16. allowed 500, billed 585 in network; deductible remaining 150; 20%
--     -> deductible 150, coinsurance 70, plan 280, contractual 85
SELECT pg_temp.chk('§11 row 16',
    pg_temp.adj(500, costshare_ref.terms(ded_individual => 150, coinsurance => 0.2), NULL, 585),
    'deductible=150.00 coinsurance=70.00 plan_pays=280.00 contractual=85.00 balance_bill=0.00
     patient_pays=220.00 reasons=1,2,45');

-- 18. SBC (Peg): deductible 1,800, 20%, total 12,700 -> deductible 1,800, coinsurance 2,180, total 3,980
SELECT pg_temp.chk('§11 row 18',
    pg_temp.adj(12700, costshare_ref.terms(ded_individual => 1800, coinsurance => 0.2)),
    'deductible=1800.00 coinsurance=2180.00 patient_pays=3980.00 plan_pays=8720.00');

-- ===================================================================================================
-- Other rules of doc/rules.md "One line" (hand-computed)
-- ===================================================================================================

-- Rounding modes: 50% of 5 cents = 2.5 cents; 50% of 7 cents = 3.5 cents.
SELECT pg_temp.chk('round half_up 2.5',   pg_temp.adj(0.05, costshare_ref.terms(coinsurance => 0.5)), 'coinsurance=0.03 plan_pays=0.02');
SELECT pg_temp.chk('round half_even 2.5', pg_temp.adj(0.05, costshare_ref.terms(coinsurance => 0.5, rounding => 'half_even')), 'coinsurance=0.02');
SELECT pg_temp.chk('round truncate 2.5',  pg_temp.adj(0.05, costshare_ref.terms(coinsurance => 0.5, rounding => 'truncate')), 'coinsurance=0.02');
SELECT pg_temp.chk('round half_up 3.5',   pg_temp.adj(0.07, costshare_ref.terms(coinsurance => 0.5)), 'coinsurance=0.04');
SELECT pg_temp.chk('round half_even 3.5', pg_temp.adj(0.07, costshare_ref.terms(coinsurance => 0.5, rounding => 'half_even')), 'coinsurance=0.04');
SELECT pg_temp.chk('round truncate 3.5',  pg_temp.adj(0.07, costshare_ref.terms(coinsurance => 0.5, rounding => 'truncate')), 'coinsurance=0.03');
SELECT pg_temp.chk('round millionths',    pg_temp.adj(99.99, costshare_ref.terms(coinsurance => 0.123457)), 'coinsurance=12.34');  -- 1234.446...

-- Nothing at all.
SELECT pg_temp.chk('plain line', pg_temp.adj(100, costshare_ref.terms()),
    'allowed=100.00 copay=0.00 deductible=0.00 coinsurance=0.00 not_covered=0.00 patient_pays=0.00 plan_pays=100.00
     oop_capped=false reasons=- acc.ded_individual_met=0.00 acc.visits_used=1 acc.ded_members_met=0');

-- Gates.
SELECT pg_temp.chk('not covered', pg_temp.adj(100, costshare_ref.terms(covered => false, coinsurance => 0.2),
                                              costshare_ref.accum(visits_used => 3)),
    'not_covered=100.00 patient_pays=100.00 plan_pays=0.00 reasons=96 acc.visits_used=3 acc.oop_individual_met=0.00');
SELECT pg_temp.chk('visit limit', pg_temp.adj(100, costshare_ref.terms(visit_limit => 3, copay => 20),
                                              costshare_ref.accum(visits_used => 3)),
    'copay=0.00 not_covered=100.00 patient_pays=100.00 reasons=119 acc.visits_used=3');
SELECT pg_temp.chk('visit limit not yet', pg_temp.adj(100, costshare_ref.terms(visit_limit => 3, copay => 20),
                                                      costshare_ref.accum(visits_used => 2)),
    'copay=20.00 reasons=3 acc.visits_used=3');
SELECT pg_temp.chk('not covered OON', pg_temp.adj(100, costshare_ref.terms(covered => false, network => 'out'), NULL, 150),
    'not_covered=100.00 balance_bill=50.00 patient_pays=150.00 plan_pays=0.00 reasons=45,96');
SELECT pg_temp.chk('billed <= allowed', pg_temp.adj(100, costshare_ref.terms(network => 'out'), NULL, 100),
    'balance_bill=0.00 contractual=0.00 reasons=-');

-- Copay then deductible then coinsurance ("$500 copay + deductible then 20%").
SELECT pg_temp.chk('copay+ded+coins', pg_temp.adj(5000, costshare_ref.terms(copay => 500, ded_individual => 1000, coinsurance => 0.2)),
    'copay=500.00 deductible=1000.00 coinsurance=700.00 patient_pays=2200.00 reasons=1,2,3 acc.oop_individual_met=2200.00');
-- The OOP cap truncates the last stage: copay 500, ded min(1000, 1200-500)=700, coins 0.
SELECT pg_temp.chk('cap binds on deductible', pg_temp.adj(5000, costshare_ref.terms(copay => 500, ded_individual => 1000, coinsurance => 0.2, oop_individual => 1200)),
    'copay=500.00 deductible=700.00 coinsurance=0.00 patient_pays=1200.00 oop_capped=true acc.ded_individual_met=700.00 acc.ded_members_met=0');
-- Exactly reaching the OOP is not "capped".
SELECT pg_temp.chk('cap reached exactly', pg_temp.adj(100, costshare_ref.terms(coinsurance => 0.5, oop_individual => 50)),
    'coinsurance=50.00 oop_capped=false');

-- Copay after the deductible (HDHP).
SELECT pg_temp.chk('copay after ded, met on this line',
    pg_temp.adj(300, costshare_ref.terms(copay => 25, copay_after_deductible => true, ded_individual => 1000, coinsurance => 0.1),
                costshare_ref.accum(ded_individual_met => 900)),
    'deductible=100.00 copay=25.00 coinsurance=17.50 patient_pays=142.50 reasons=1,2,3');
SELECT pg_temp.chk('copay after ded, not met',
    pg_temp.adj(300, costshare_ref.terms(copay => 25, copay_after_deductible => true, ded_individual => 1000, coinsurance => 0.1)),
    'deductible=300.00 copay=0.00 coinsurance=0.00 patient_pays=300.00 reasons=1');
SELECT pg_temp.chk('copay after ded, no deductible at all',
    pg_temp.adj(300, costshare_ref.terms(copay => 25, copay_after_deductible => true)),
    'copay=25.00 patient_pays=25.00');
SELECT pg_temp.chk('copay after ded, capped by OOP through the deductible',
    pg_temp.adj(300, costshare_ref.terms(copay => 25, copay_after_deductible => true, ded_individual => 1000, oop_individual => 50)),
    'deductible=50.00 copay=0.00 oop_capped=true');

-- Copay counts toward the deductible.
SELECT pg_temp.chk('copay counts toward deductible',
    pg_temp.adj(200, costshare_ref.terms(copay => 50, copay_counts_toward_deductible => true, ded_individual => 500, coinsurance => 0.2)),
    'copay=50.00 deductible=150.00 coinsurance=0.00 patient_pays=200.00 acc.ded_individual_met=200.00
     acc.ded_family_met=200.00 acc.oop_individual_met=200.00');
SELECT pg_temp.chk('copay credit completes the deductible',
    pg_temp.adj(200, costshare_ref.terms(copay => 50, copay_counts_toward_deductible => true, ded_individual => 500, coinsurance => 0.2),
                costshare_ref.accum(ded_individual_met => 470)),
    'copay=50.00 deductible=0.00 coinsurance=30.00 patient_pays=80.00 reasons=2,3 acc.ded_individual_met=500.00 acc.ded_members_met=1');

-- First N visits at a copay, then deductible and coinsurance.
SELECT pg_temp.chk('copay visit',
    pg_temp.adj(100, costshare_ref.terms(copay => 20, copay_visits => 2, ded_individual => 500, coinsurance => 0.2),
                costshare_ref.accum(visits_used => 1)),
    'copay=20.00 deductible=0.00 coinsurance=0.00 patient_pays=20.00 acc.visits_used=2 acc.ded_individual_met=0.00');
SELECT pg_temp.chk('after the copay visits',
    pg_temp.adj(600, costshare_ref.terms(copay => 20, copay_visits => 2, ded_individual => 500, coinsurance => 0.2),
                costshare_ref.accum(visits_used => 2)),
    'copay=0.00 deductible=500.00 coinsurance=20.00 patient_pays=520.00 acc.visits_used=3');
SELECT pg_temp.chk('copay visit capped by OOP',
    pg_temp.adj(100, costshare_ref.terms(copay => 20, copay_visits => 2, oop_individual => 1000),
                costshare_ref.accum(oop_individual_met => 990)),
    'copay=10.00 oop_capped=true');

-- Coinsurance limit.
SELECT pg_temp.chk('coinsurance limit',
    pg_temp.adj(1000, costshare_ref.terms(coinsurance => 0.2, coinsurance_limit => 100),
                costshare_ref.accum(coinsurance_met => 90)),
    'coinsurance=10.00 oop_capped=false acc.coinsurance_met=100.00');

-- Family deductibles.
SELECT pg_temp.chk('embedded, not family coverage ignores ded_family',
    pg_temp.adj(1000, costshare_ref.terms(ded_individual => 500, ded_family => 1000), costshare_ref.accum(ded_family_met => 1000)),
    'deductible=500.00');
SELECT pg_temp.chk('family-only deductible',
    pg_temp.adj(1000, costshare_ref.terms(ded_family => 1000, family_coverage => true), costshare_ref.accum(ded_family_met => 700)),
    'deductible=300.00 acc.ded_members_met=0');
SELECT pg_temp.chk('aggregate',
    pg_temp.adj(1000, costshare_ref.terms(ded_individual => 500, ded_family => 3000, family_deductible => 'aggregate', family_coverage => true),
                costshare_ref.accum(ded_individual_met => 0, ded_family_met => 2100)),
    'deductible=900.00 acc.ded_members_met=1');
SELECT pg_temp.chk('aggregate without family coverage',
    pg_temp.adj(1000, costshare_ref.terms(ded_individual => 500, ded_family => 3000, family_deductible => 'aggregate')),
    'deductible=500.00');
SELECT pg_temp.chk('n_of_m met',
    pg_temp.adj(1000, costshare_ref.terms(ded_individual => 500, ded_family => 3000, family_deductible => 'n_of_m', family_ded_members => 2, family_coverage => true),
                costshare_ref.accum(ded_family_met => 1000, ded_members_met => 2)),
    'deductible=0.00 acc.ded_members_met=2');
SELECT pg_temp.chk('n_of_m not met',
    pg_temp.adj(1000, costshare_ref.terms(ded_individual => 500, ded_family => 3000, family_deductible => 'n_of_m', family_ded_members => 2, family_coverage => true),
                costshare_ref.accum(ded_family_met => 2800, ded_members_met => 1)),
    'deductible=200.00 acc.ded_members_met=1');
SELECT pg_temp.chk('family OOP below the individual one',
    pg_temp.adj(1000, costshare_ref.terms(coinsurance => 1, oop_individual => 500, oop_family => 1000, family_coverage => true),
                costshare_ref.accum(oop_family_met => 800)),
    'coinsurance=200.00 oop_capped=true');

-- ===================================================================================================
-- doc/rules.md "Many lines" (hand-computed)
-- ===================================================================================================

CREATE TEMP TABLE m (line_id bigint, result costshare.breakdown);

-- Benefit periods: calendar reset; plan year from July 1; Feb 29 anniversaries.
DO $$
DECLARE
    p daterange;
BEGIN
    p := costshare_ref.benefit_period('2025-06-30', '2020-07-01');
    IF p <> daterange('2024-07-01', '2025-07-01') THEN RAISE EXCEPTION 'selftest period 1: %', p; END IF;
    p := costshare_ref.benefit_period('2025-07-01', '2020-07-01');
    IF p <> daterange('2025-07-01', '2026-07-01') THEN RAISE EXCEPTION 'selftest period 2: %', p; END IF;
    p := costshare_ref.benefit_period('2025-12-31');
    IF p <> daterange('2025-01-01', '2026-01-01') THEN RAISE EXCEPTION 'selftest period 3: %', p; END IF;
    p := costshare_ref.benefit_period('2025-02-28', '2024-02-29');
    IF p <> daterange('2025-02-28', '2026-02-28') THEN RAISE EXCEPTION 'selftest period 4: %', p; END IF;
    p := costshare_ref.benefit_period('2025-02-27', '2024-02-29');
    IF p <> daterange('2024-02-29', '2025-02-28') THEN RAISE EXCEPTION 'selftest period 5: %', p; END IF;
    p := costshare_ref.benefit_period('2028-02-28', '2024-02-29');
    IF p <> daterange('2027-02-28', '2028-02-29') THEN RAISE EXCEPTION 'selftest period 6: %', p; END IF;
    IF costshare_ref.benefit_period_start('2026-01-15', '2000-03-15') <> '2025-03-15' THEN
        RAISE EXCEPTION 'selftest period 7';
    END IF;
END $$;

-- Reset at the period change, plan year starting July 1 (order of the input does not matter).
INSERT INTO m SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(3, 'A', '2025-07-01', 300, costshare_ref.terms(ded_individual => 500, period_start => '2000-07-01')),
    pg_temp.line(1, 'A', '2025-03-01', 300, costshare_ref.terms(ded_individual => 500, period_start => '2000-07-01')),
    pg_temp.line(2, 'A', '2025-06-30', 300, costshare_ref.terms(ded_individual => 500, period_start => '2000-07-01'))]);
SELECT pg_temp.chk('period 1', result, 'deductible=300.00') FROM m WHERE line_id = 1;
SELECT pg_temp.chk('period 2', result, 'deductible=200.00 acc.ded_individual_met=500.00 acc.visits_used=2') FROM m WHERE line_id = 2;
SELECT pg_temp.chk('period 3 reset', result, 'deductible=300.00 acc.ded_individual_met=300.00 acc.visits_used=1') FROM m WHERE line_id = 3;
TRUNCATE m;

-- Fourth-quarter carryover: Oct 1 - Dec 31 credit carries when the new row has carryover.
INSERT INTO m SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2024-09-30', 100, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, carryover => true)),
    pg_temp.line(2, 'A', '2024-10-01', 150, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, carryover => true)),
    pg_temp.line(3, 'B', '2024-12-31', 200, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, carryover => true)),
    pg_temp.line(4, 'A', '2025-01-02', 2000, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, carryover => true)),
    pg_temp.line(5, 'C', '2025-01-03', 2000, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, carryover => true)),
    pg_temp.line(6, 'A', '2025-01-02', 10, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, carryover => true),
                 NULL, NULL, 'G'),
    pg_temp.line(7, 'A', '2024-11-01', 10, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, carryover => true),
                 NULL, NULL, 'G')]);
SELECT pg_temp.chk('carryover Q4 line', result, 'deductible=150.00 acc.ded_family_met=250.00') FROM m WHERE line_id = 2;
SELECT pg_temp.chk('carryover A', result, 'deductible=850.00 acc.ded_individual_met=1000.00 acc.ded_family_met=1200.00 acc.visits_used=1 acc.ded_members_met=1')
FROM m WHERE line_id = 4;
SELECT pg_temp.chk('carryover C', result, 'deductible=800.00 acc.ded_individual_met=800.00 acc.ded_family_met=2000.00 acc.ded_members_met=1')
FROM m WHERE line_id = 5;
SELECT pg_temp.chk('carryover other family', result, 'deductible=10.00 acc.ded_individual_met=20.00 acc.ded_family_met=20.00')
FROM m WHERE line_id = 6;
TRUNCATE m;

-- No carryover without the flag, nor across a skipped period.
INSERT INTO m SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2024-11-01', 100, costshare_ref.terms(ded_individual => 1000)),
    pg_temp.line(2, 'A', '2025-01-02', 100, costshare_ref.terms(ded_individual => 1000)),
    pg_temp.line(3, 'A', '2025-12-01', 100, costshare_ref.terms(ded_individual => 1000)),
    pg_temp.line(4, 'A', '2027-01-02', 100, costshare_ref.terms(ded_individual => 1000, carryover => true))]);
SELECT pg_temp.chk('no carryover flag', result, 'acc.ded_individual_met=100.00') FROM m WHERE line_id = 2;
SELECT pg_temp.chk('no carryover after a gap', result, 'acc.ded_individual_met=100.00') FROM m WHERE line_id = 4;
TRUNCATE m;

-- Buckets and also_credits: OON deductible and OOP also credit the in-network bucket (not visits).
INSERT INTO m SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2025-02-01', 300, costshare_ref.terms(network => 'out', ded_individual => 1000, coinsurance => 0.4, also_credits => '{in}')),
    pg_temp.line(2, 'A', '2025-02-02', 1000, costshare_ref.terms(ded_individual => 500, ded_family => 1000, family_coverage => true, coinsurance => 0.2)),
    pg_temp.line(3, 'B', '2025-02-03', 100, costshare_ref.terms(network => 'out', ded_individual => 1000, also_credits => '{in,tier2}')),
    pg_temp.line(4, 'B', '2025-02-04', 100, costshare_ref.terms(bucket => 'tier2', ded_individual => 1000))]);
SELECT pg_temp.chk('also_credits OON', result, 'deductible=300.00 acc.ded_individual_met=300.00 acc.visits_used=1') FROM m WHERE line_id = 1;
SELECT pg_temp.chk('also_credits IN', result, 'deductible=200.00 coinsurance=160.00 acc.ded_individual_met=500.00 acc.ded_family_met=500.00
     acc.oop_individual_met=660.00 acc.oop_family_met=660.00 acc.visits_used=1 acc.ded_members_met=1') FROM m WHERE line_id = 2;
SELECT pg_temp.chk('also_credits OON family', result, 'deductible=100.00 acc.ded_family_met=400.00') FROM m WHERE line_id = 3;
SELECT pg_temp.chk('also_credits named bucket', result, 'deductible=100.00 acc.ded_individual_met=200.00 acc.ded_family_met=200.00 acc.visits_used=1')
FROM m WHERE line_id = 4;
TRUNCATE m;

-- copay_per = day: one copay per member, bucket and date.
INSERT INTO m SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2025-02-01', 200, costshare_ref.terms(copay => 30, copay_per => 'day', deductible_applies => false)),
    pg_temp.line(2, 'A', '2025-02-01', 200, costshare_ref.terms(copay => 30, copay_per => 'day', deductible_applies => false)),
    pg_temp.line(3, 'B', '2025-02-01', 200, costshare_ref.terms(copay => 30, copay_per => 'day', deductible_applies => false)),
    pg_temp.line(4, 'A', '2025-02-01', 200, costshare_ref.terms(copay => 30, copay_per => 'day', network => 'out', deductible_applies => false)),
    pg_temp.line(5, 'A', '2025-02-01', 200, costshare_ref.terms(copay => 30, deductible_applies => false)),
    pg_temp.line(6, 'A', '2025-02-02', 200, costshare_ref.terms(copay => 30, copay_per => 'day', deductible_applies => false))]);
SELECT pg_temp.chk('copay per day 1', result, 'copay=30.00') FROM m WHERE line_id = 1;
SELECT pg_temp.chk('copay per day 2', result, 'copay=0.00 patient_pays=0.00 reasons=- acc.visits_used=2') FROM m WHERE line_id = 2;
SELECT pg_temp.chk('copay per day other member', result, 'copay=30.00') FROM m WHERE line_id = 3;
SELECT pg_temp.chk('copay per day other bucket', result, 'copay=30.00') FROM m WHERE line_id = 4;
SELECT pg_temp.chk('copay per line', result, 'copay=30.00') FROM m WHERE line_id = 5;
SELECT pg_temp.chk('copay per day next day', result, 'copay=30.00 acc.oop_individual_met=90.00') FROM m WHERE line_id = 6;
TRUNCATE m;

-- Opening balances: individual from each member's first row, family from the partition's first row,
-- ignored after the first period.
INSERT INTO m SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2025-03-01', 500, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, visit_limit => 5),
                 costshare_ref.accum(ded_individual_met => 800, ded_family_met => 1500, visits_used => 4)),
    pg_temp.line(2, 'A', '2025-03-02', 500, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, visit_limit => 5),
                 costshare_ref.accum(ded_individual_met => 0, visits_used => 0)),
    pg_temp.line(3, 'B', '2025-03-03', 500, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true),
                 costshare_ref.accum(ded_individual_met => 100, ded_family_met => 0)),
    pg_temp.line(4, 'C', '2026-01-05', 500, costshare_ref.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true),
                 costshare_ref.accum(ded_individual_met => 900))]);
SELECT pg_temp.chk('opening A', result, 'deductible=200.00 acc.ded_individual_met=1000.00 acc.ded_family_met=1700.00 acc.visits_used=5 acc.ded_members_met=1')
FROM m WHERE line_id = 1;
SELECT pg_temp.chk('opening A later ignored', result, 'not_covered=500.00 reasons=119') FROM m WHERE line_id = 2;
SELECT pg_temp.chk('opening B', result, 'deductible=300.00 acc.ded_individual_met=400.00 acc.ded_family_met=2000.00 acc.ded_members_met=1')
FROM m WHERE line_id = 3;
SELECT pg_temp.chk('opening after first period', result, 'deductible=500.00 acc.ded_individual_met=500.00 acc.ded_family_met=500.00')
FROM m WHERE line_id = 4;
TRUNCATE m;

-- N of M through accumulate: ded_members_met counted from the members' figures.
INSERT INTO m SELECT * FROM costshare_ref.accumulate_lines(ARRAY[
    pg_temp.line(1, 'A', '2025-03-01', 600, costshare_ref.terms(ded_individual => 500, family_deductible => 'n_of_m', family_ded_members => 2, family_coverage => true)),
    pg_temp.line(2, 'B', '2025-03-02', 400, costshare_ref.terms(ded_individual => 500, family_deductible => 'n_of_m', family_ded_members => 2, family_coverage => true)),
    pg_temp.line(3, 'C', '2025-03-03', 400, costshare_ref.terms(ded_individual => 500, family_deductible => 'n_of_m', family_ded_members => 2, family_coverage => true)),
    pg_temp.line(4, 'B', '2025-03-04', 400, costshare_ref.terms(ded_individual => 500, family_deductible => 'n_of_m', family_ded_members => 2, family_coverage => true)),
    pg_temp.line(5, 'C', '2025-03-05', 400, costshare_ref.terms(ded_individual => 500, family_deductible => 'n_of_m', family_ded_members => 2, family_coverage => true))]);
SELECT pg_temp.chk('n_of_m 1', result, 'deductible=500.00 acc.ded_members_met=1') FROM m WHERE line_id = 1;
SELECT pg_temp.chk('n_of_m 2', result, 'deductible=400.00 acc.ded_members_met=1') FROM m WHERE line_id = 2;
SELECT pg_temp.chk('n_of_m 3', result, 'deductible=400.00 acc.ded_members_met=1') FROM m WHERE line_id = 3;
SELECT pg_temp.chk('n_of_m 4', result, 'deductible=100.00 acc.ded_individual_met=500.00 acc.ded_members_met=2') FROM m WHERE line_id = 4;
SELECT pg_temp.chk('n_of_m 5 family done', result, 'deductible=0.00 acc.ded_individual_met=400.00 acc.ded_members_met=2') FROM m WHERE line_id = 5;
TRUNCATE m;

-- accumulate_query gives the same as accumulate_lines.
CREATE TEMP TABLE q_lines AS
SELECT g AS line_id, 'F' || (g % 3) AS family, 'M' || (g % 2) AS member,
       date '2024-10-01' + (g * 7) AS service_date, (50 + g * 13)::numeric AS allowed,
       costshare_ref.terms(copay => 15, ded_individual => 400, ded_family => 800, family_coverage => true,
                           coinsurance => 0.25, oop_individual => 900, carryover => true) AS terms,
       NULL::costshare.accum AS opening, NULL::numeric AS billed
FROM generate_series(1, 60) g;
DO $$
BEGIN
    IF EXISTS (
        (SELECT line_id, result::text FROM costshare_ref.accumulate_query('SELECT * FROM q_lines')
         EXCEPT
         SELECT line_id, result::text FROM costshare_ref.accumulate_lines(ARRAY(SELECT ROW(q.*)::costshare_ref.line_in FROM q_lines q)))
        UNION ALL
        (SELECT line_id, result::text FROM costshare_ref.accumulate_lines(ARRAY(SELECT ROW(q.*)::costshare_ref.line_in FROM q_lines q))
         EXCEPT
         SELECT line_id, result::text FROM costshare_ref.accumulate_query('SELECT * FROM q_lines'))) THEN
        RAISE EXCEPTION 'selftest: accumulate_query and accumulate_lines differ';
    END IF;
    IF (SELECT count(*) FROM costshare_ref.accumulate_query('SELECT * FROM q_lines')) <> 60 THEN
        RAISE EXCEPTION 'selftest: accumulate_query lost lines';
    END IF;
    -- Every line balances.
    IF EXISTS (SELECT 1 FROM costshare_ref.accumulate_query('SELECT * FROM q_lines') a
               WHERE (a.result).patient_pays + (a.result).plan_pays <> (a.result).allowed + (a.result).balance_bill) THEN
        RAISE EXCEPTION 'selftest: a line does not balance';
    END IF;
END $$;

\o
\echo 'reference selftest ok'
