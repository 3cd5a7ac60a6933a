-- rounding: the three rounding modes of the coinsurance (rules.md step 7: half_up rounds .5 away from
-- zero, half_even to the even cent, truncate drops the fraction), applied once per line, and that
-- nothing else depends on the mode.

-- The mode of each case, side by side: coinsurance and plan_pays per mode.
CREATE TEMP TABLE rcase (id int PRIMARY KEY, allowed numeric, p numeric, note text);
INSERT INTO rcase VALUES
    (1, 0.05, 0.5, '0.025: a half cent, below it an even cent'),
    (2, 0.07, 0.5, '0.035: a half cent, below it an odd cent'),
    (3, 0.01, 0.5, '0.005: half of the smallest amount'),
    (4, 0.03, 0.5, '0.015'),
    (5, 0.10, 0.25, '0.025 from a quarter'),
    (6, 0.13, 0.2, '0.026: above the half'),
    (7, 0.12, 0.2, '0.024: below the half'),
    (8, 100.00, 0.333333, '33.3333: a third, to six places'),
    (9, 200.00, 0.333333, '66.6666'),
    (10, 1.00, 0.000001, '0.000001: a millionth of a dollar'),
    (11, 5000.00, 0.000001, '0.005: half a cent from a millionth'),
    (12, 999999999.99, 0.5, '499999999.995: the largest amount'),
    (13, 999999999.97, 0.5, '499999999.985'),
    (14, 1000000000.00, 0.999999, '999999000.00: exact'),
    (15, 0.01, 0.999999, '0.00999999: just below a cent'),
    (16, 123.45, 0.2, '24.69: exact'),
    (17, 0.00, 0.5, 'zero');
SELECT c.id, c.allowed, c.p,
       (costshare.adjudicate(c.allowed, costshare.terms(coinsurance => c.p))).coinsurance AS half_up,
       (costshare.adjudicate(c.allowed, costshare.terms(coinsurance => c.p, rounding => 'half_even'))).coinsurance AS half_even,
       (costshare.adjudicate(c.allowed, costshare.terms(coinsurance => c.p, rounding => 'truncate'))).coinsurance AS truncate,
       c.note
FROM rcase c ORDER BY c.id;
-- The default mode is half_up.
SELECT (costshare.adjudicate(0.05, costshare.terms(coinsurance => 0.5))).coinsurance AS default_mode,
       (costshare.adjudicate(0.05, costshare.terms(coinsurance => 0.5, rounding => 'half_up'))).coinsurance AS half_up,
       (costshare.adjudicate(0.05, costshare.terms(coinsurance => 0.5, rounding => NULL))).coinsurance AS null_mode;

-- Every line balances in every mode: plan_pays is what the patient does not pay.
SELECT c.id, m.mode, b.coinsurance, b.patient_pays, b.plan_pays,
       b.patient_pays + b.plan_pays = b.allowed AS balances
FROM rcase c CROSS JOIN (VALUES ('half_up'), ('half_even'), ('truncate')) m(mode),
     LATERAL costshare.adjudicate(c.allowed, costshare.terms(coinsurance => c.p, rounding => m.mode)) b
WHERE c.id IN (1, 2, 12)
ORDER BY c.id, m.mode;

-- The rounding applies to the coinsurance after the copay and the deductible (on A - copay - ded):
-- 100.05 with a 100 deductible leaves 0.05 -> 0.025.
SELECT m.mode, b.deductible, b.coinsurance, b.patient_pays, b.plan_pays
FROM (VALUES ('half_up'), ('half_even'), ('truncate')) m(mode),
     LATERAL costshare.adjudicate(100.05, costshare.terms(ded_individual => 100, coinsurance => 0.5,
                                                          rounding => m.mode)) b
ORDER BY m.mode;
-- ... and 30.07 with a 30 copay leaves 0.07 -> 0.035.
SELECT m.mode, b.copay, b.coinsurance, b.patient_pays, b.plan_pays
FROM (VALUES ('half_up'), ('half_even'), ('truncate')) m(mode),
     LATERAL costshare.adjudicate(30.07, costshare.terms(copay => 30, coinsurance => 0.5,
                                                         rounding => m.mode)) b
ORDER BY m.mode;
-- The OOP cap applies after rounding: 0.02 of the OOP left, 0.035 rounds to 0.04 / 0.04 / 0.03, each
-- then cut to 0.02.
SELECT m.mode, b.coinsurance, b.oop_capped
FROM (VALUES ('half_up'), ('half_even'), ('truncate')) m(mode),
     LATERAL costshare.adjudicate(0.07, costshare.terms(coinsurance => 0.5, oop_individual => 100,
                                                        rounding => m.mode),
                                  costshare.accum(oop_individual_met => 99.98)) b
ORDER BY m.mode;

-- Rounding is once per line, and accumulators are never rounded: three lines of 0.05 at 50% give 0.03
-- each under half_up (0.09 in all, not round(0.075) = 0.08), and the accumulators add the rounded
-- amounts.
SELECT line_id, (r).coinsurance, (r).acc_after.coinsurance_met, (r).acc_after.oop_individual_met
FROM (SELECT line_id,
             costshare.accumulate('A', date '2025-01-01' + line_id, 0.05,
                                  costshare.terms(coinsurance => 0.5))
                 OVER (ORDER BY line_id) AS r
      FROM generate_series(1, 3) AS line_id) s
ORDER BY line_id;

-- Against numeric arithmetic, over every allowed amount from 0.00 to 20.00 and a set of rates:
-- half_up is round(p * base, 2) (numeric rounds half away from zero), truncate is trunc(p * base, 2),
-- half_even is round() except on an exact half cent, where it goes to the even cent.
SELECT count(*) AS cases,
       count(*) FILTER (WHERE hu <> round(x, 2)) AS half_up_wrong,
       count(*) FILTER (WHERE tr <> trunc(x, 2)) AS truncate_wrong,
       count(*) FILTER (WHERE he <> CASE WHEN x * 1000 = trunc(x * 1000) AND (x * 1000) % 10 = 5
                                         THEN CASE WHEN trunc(x * 100) % 2 = 0 THEN trunc(x, 2)
                                                   ELSE trunc(x, 2) + 0.01 END
                                         ELSE round(x, 2) END) AS half_even_wrong,
       count(*) FILTER (WHERE x * 1000 = trunc(x * 1000) AND (x * 1000) % 10 = 5) AS exact_halves
FROM (SELECT p * a AS x,
             (costshare.adjudicate(a, costshare.terms(coinsurance => p))).coinsurance AS hu,
             (costshare.adjudicate(a, costshare.terms(coinsurance => p, rounding => 'half_even'))).coinsurance AS he,
             (costshare.adjudicate(a, costshare.terms(coinsurance => p, rounding => 'truncate'))).coinsurance AS tr
      FROM generate_series(0, 2000) AS g, LATERAL (SELECT g / 100.0 AS a) s,
           unnest(ARRAY[0.5, 0.25, 0.75, 0.125, 0.1, 0.2, 0.3, 0.15, 0.35, 0.333333, 0.666667,
                        0.05, 0.045, 0.999999, 0.000001, 1, 0]::numeric[]) AS p) s;

-- Nothing else depends on the mode: whenever p * base is a whole number of cents, the three modes
-- give identical breakdowns, including copays, deductibles, OOP caps and accumulators.
SELECT count(*) AS cases, count(*) FILTER (WHERE b1 IS DISTINCT FROM b2 OR b1 IS DISTINCT FROM b3) AS differ
FROM (SELECT costshare.adjudicate(a, t1, acc) AS b1, costshare.adjudicate(a, t2, acc) AS b2,
             costshare.adjudicate(a, t3, acc) AS b3
      FROM generate_series(0, 400) AS g,
           LATERAL (SELECT g * 2.5 AS a) s,
           unnest(ARRAY[0, 0.2, 0.4, 1]::numeric[]) AS p,
           unnest(ARRAY[NULL, 0, 25, 40]::numeric[]) AS c,
           LATERAL (SELECT costshare.terms(copay => c, coinsurance => p, ded_individual => 150,
                                           oop_individual => 500, rounding => 'half_up') AS t1,
                           costshare.terms(copay => c, coinsurance => p, ded_individual => 150,
                                           oop_individual => 500, rounding => 'half_even') AS t2,
                           costshare.terms(copay => c, coinsurance => p, ded_individual => 150,
                                           oop_individual => 500, rounding => 'truncate') AS t3,
                           costshare.accum(ded_individual_met => g % 200, oop_individual_met => g) AS acc) t
      WHERE (p * (a - least(coalesce(c, 0), a) - least(a - least(coalesce(c, 0), a), greatest(150 - g % 200, 0)))) * 100
            = trunc((p * (a - least(coalesce(c, 0), a) - least(a - least(coalesce(c, 0), a), greatest(150 - g % 200, 0)))) * 100)) s;
-- ... and the modes differ only in the coinsurance and what follows from it, by at most a cent, with
-- half_up >= half_even >= truncate.
SELECT count(*) AS cases,
       count(*) FILTER (WHERE NOT ((b1).coinsurance >= (b2).coinsurance AND (b2).coinsurance >= (b3).coinsurance
                                   AND (b1).coinsurance - (b3).coinsurance <= 0.01)) AS out_of_order,
       count(*) FILTER (WHERE (b1).copay <> (b3).copay OR (b1).deductible <> (b3).deductible
                           OR (b2).copay <> (b3).copay OR (b2).deductible <> (b3).deductible) AS other_stage_differs
FROM (SELECT costshare.adjudicate(a, costshare.terms(copay => 7, coinsurance => 0.333333, ded_individual => 50)) AS b1,
             costshare.adjudicate(a, costshare.terms(copay => 7, coinsurance => 0.333333, ded_individual => 50,
                                                     rounding => 'half_even')) AS b2,
             costshare.adjudicate(a, costshare.terms(copay => 7, coinsurance => 0.333333, ded_individual => 50,
                                                     rounding => 'truncate')) AS b3
      FROM generate_series(0, 20000) AS g, LATERAL (SELECT g / 100.0 AS a) s) s;
