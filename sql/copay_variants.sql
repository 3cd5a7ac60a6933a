-- copay_variants: each copay variant of domain.md §2 (rules.md steps 4-7) as a benefit setting, with the
-- OOP limit binding part-way through (the stage computed last is the one truncated), a copay larger than
-- the allowed amount, no-charge preventive care, and copay_per => 'day' in accumulate.
-- Columns: copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, then the credits.

SET datestyle = 'ISO, YMD';

-- 1. Copay, the deductible does not apply (PPO office visit): the deductible is neither charged nor
--    credited; the copay counts toward the OOP. 200 -> copay 30, plan 170; deductible met stays 0.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes,
       (acc_after).ded_individual_met, (acc_after).oop_individual_met, (acc_after).visits_used
FROM costshare.adjudicate(200, costshare.terms(copay => 30, deductible_applies => false,
                                               ded_individual => 1000, oop_individual => 5000));
-- 1, OOP binding: 10 left of the OOP -> the copay is cut to 10.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped,
       (acc_after).oop_individual_met
FROM costshare.adjudicate(200, costshare.terms(copay => 30, deductible_applies => false,
                                               ded_individual => 1000, oop_individual => 5000),
                          costshare.accum(oop_individual_met => 4990));
-- 1, OOP already met: nothing to pay, the visit still counts.
SELECT copay, patient_pays, plan_pays, oop_capped, adjustment_codes, (acc_after).visits_used
FROM costshare.adjudicate(200, costshare.terms(copay => 30, deductible_applies => false,
                                               oop_individual => 5000),
                          costshare.accum(oop_individual_met => 5000, visits_used => 7));

-- 2. Copay only after the deductible (HSA high-deductible plan, copay_after_deductible).
--    Deductible far from met: the line goes to the deductible, no copay (1,500 still remains).
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes
FROM costshare.adjudicate(150, costshare.terms(copay => 25, copay_after_deductible => true,
                                               ded_individual => 1650));
--    50 of the deductible left: deductible 50, then the copay applies to what is left: 25.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes
FROM costshare.adjudicate(150, costshare.terms(copay => 25, copay_after_deductible => true,
                                               ded_individual => 1650),
                          costshare.accum(ded_individual_met => 1600));
--    50 left, allowed 60: deductible 50, copay min(25, 60 - 50) = 10, plan 0.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped
FROM costshare.adjudicate(60, costshare.terms(copay => 25, copay_after_deductible => true,
                                              ded_individual => 1650),
                          costshare.accum(ded_individual_met => 1600));
--    Deductible met: copay 25, then 20% of the remaining 125 = 25.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped
FROM costshare.adjudicate(150, costshare.terms(copay => 25, copay_after_deductible => true,
                                               ded_individual => 1650, coinsurance => 0.2),
                          costshare.accum(ded_individual_met => 1650));
--    No deductible at all: the deductible is trivially met, the copay applies.
SELECT copay, deductible, patient_pays, plan_pays
FROM costshare.adjudicate(150, costshare.terms(copay => 25, copay_after_deductible => true));
--    OOP binding part-way: 30 of the deductible left, 40 of the OOP left -> deductible 30, then the
--    copay (computed last) is cut from 25 to 10.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped,
       (acc_after).oop_individual_met, (acc_after).ded_individual_met
FROM costshare.adjudicate(150, costshare.terms(copay => 25, copay_after_deductible => true,
                                               ded_individual => 1650, oop_individual => 8300),
                          costshare.accum(ded_individual_met => 1620, oop_individual_met => 8260));

-- 3. Copay plus deductible, then coinsurance ("$500 copay + deductible then 20%"): 3,000 ->
--    copay 500, deductible 1,000 (of the 2,500 left), 20% of 1,500 = 300; the copay does not credit
--    the deductible.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes,
       (acc_after).ded_individual_met, (acc_after).oop_individual_met
FROM costshare.adjudicate(3000, costshare.terms(copay => 500, ded_individual => 1000,
                                                coinsurance => 0.2));
--    OOP 1,600: copay 500 and deductible 1,000 fit, the coinsurance (last) is cut from 300 to 100.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped
FROM costshare.adjudicate(3000, costshare.terms(copay => 500, ded_individual => 1000,
                                                coinsurance => 0.2, oop_individual => 1600));
--    OOP 1,200: copay 500, the deductible is cut to 700, no coinsurance is left to charge.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes
FROM costshare.adjudicate(3000, costshare.terms(copay => 500, ded_individual => 1000,
                                                coinsurance => 0.2, oop_individual => 1200));
--    OOP 300: the copay itself is cut to 300.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes
FROM costshare.adjudicate(3000, costshare.terms(copay => 500, ded_individual => 1000,
                                                coinsurance => 0.2, oop_individual => 300));

-- 4. Copay, then coinsurance on the rest (no deductible on this service): 180 -> copay 30,
--    20% of 150 = 30.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes
FROM costshare.adjudicate(180, costshare.terms(copay => 30, coinsurance => 0.2,
                                               deductible_applies => false, ded_individual => 500));
--    40 of the OOP left: copay 30, the coinsurance is cut from 30 to 10.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped,
       (acc_after).oop_individual_met, (acc_after).coinsurance_met
FROM costshare.adjudicate(180, costshare.terms(copay => 30, coinsurance => 0.2,
                                               deductible_applies => false, oop_individual => 2000),
                          costshare.accum(oop_individual_met => 1960));

-- 5. First N visits at a copay (copay_visits => 2), then deductible and coinsurance. In the first two
--    visits the deductible is waived (neither charged nor credited) and there is no coinsurance.
SELECT v AS visits_used, copay, deductible, coinsurance, patient_pays, plan_pays,
       (acc_after).ded_individual_met, (acc_after).visits_used AS visits_after
FROM generate_series(0, 3) AS v,
     costshare.adjudicate(200, costshare.terms(copay => 30, copay_visits => 2, ded_individual => 150,
                                               coinsurance => 0.2),
                          costshare.accum(visits_used => v))
ORDER BY v;
--    From visit 3 with the deductible met: no copay, 20% of 200.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays
FROM costshare.adjudicate(200, costshare.terms(copay => 30, copay_visits => 2, ded_individual => 150,
                                               coinsurance => 0.2),
                          costshare.accum(visits_used => 2, ded_individual_met => 150));
--    A copay visit with 20 of the OOP left: the copay is cut to 20.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped
FROM costshare.adjudicate(200, costshare.terms(copay => 30, copay_visits => 2, ded_individual => 150,
                                               coinsurance => 0.2, oop_individual => 1000),
                          costshare.accum(visits_used => 1, oop_individual_met => 980));
--    The same plan over one member's lines in accumulate: visits 1-2 copay, 3 deductible 150 +
--    20% of 50, 4 20% of 200; a second member starts at visit 1.
SELECT line_id, member, (r).copay, (r).deductible, (r).coinsurance, (r).patient_pays,
       (r).acc_after.visits_used, (r).acc_after.ded_individual_met
FROM (SELECT line_id, member,
             costshare.accumulate(member, service_date, allowed,
                                  costshare.terms(copay => 30, copay_visits => 2, ded_individual => 150,
                                                  coinsurance => 0.2))
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F', 1, 'A', date '2025-01-10', 200.00),
                   ('F', 2, 'A', date '2025-01-17', 200.00),
                   ('F', 3, 'B', date '2025-01-20', 200.00),
                   ('F', 4, 'A', date '2025-01-24', 200.00),
                   ('F', 5, 'A', date '2025-01-31', 200.00))
           AS lines(family, line_id, member, service_date, allowed)) s
ORDER BY line_id;

-- 6. Copay counts toward the deductible: 200 -> copay 30 (credits 30 of the 100 deductible), deductible
--    column 70, 20% of 100 = 20; deductible met after: 100 (30 + 70), and the member met it.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays,
       (acc_after).ded_individual_met, (acc_after).ded_family_met, (acc_after).ded_members_met,
       (acc_after).oop_individual_met
FROM costshare.adjudicate(200, costshare.terms(copay => 30, copay_counts_toward_deductible => true,
                                               ded_individual => 100, coinsurance => 0.2));
--    20 of the deductible left: the copay credit takes it all (20, not 30), no deductible charged,
--    20% of 170 = 34.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, (acc_after).ded_individual_met
FROM costshare.adjudicate(200, costshare.terms(copay => 30, copay_counts_toward_deductible => true,
                                               ded_individual => 100, coinsurance => 0.2),
                          costshare.accum(ded_individual_met => 80));
--    ... but not when the deductible does not apply to the service (no credit at all).
SELECT copay, deductible, coinsurance, patient_pays, (acc_after).ded_individual_met
FROM costshare.adjudicate(200, costshare.terms(copay => 30, copay_counts_toward_deductible => true,
                                               deductible_applies => false, ded_individual => 100,
                                               coinsurance => 0.2));
--    ... and the credit is what the patient paid: a copay cut by the OOP (10 left) credits 10.
SELECT copay, deductible, coinsurance, patient_pays, oop_capped, (acc_after).ded_individual_met
FROM costshare.adjudicate(200, costshare.terms(copay => 30, copay_counts_toward_deductible => true,
                                               ded_individual => 100, coinsurance => 0.2,
                                               oop_individual => 1000),
                          costshare.accum(oop_individual_met => 990));

-- 7. copay_per => 'day' (accumulate only): two lines of one member on one day (90837 + add-on 90785)
--    bear one copay; another member the same day, the same member the next day, and the same member
--    in another bucket the same day each bear their own. The waived line keeps the other terms
--    (coinsurance 10% still applies to it).
SELECT line_id, member, service_date, (r).copay, (r).coinsurance, (r).patient_pays, (r).plan_pays
FROM (SELECT line_id, member, service_date,
             costshare.accumulate(member, service_date, allowed, t)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F', 1, 'A', date '2025-03-03', 180.00, costshare.terms(copay => 30, coinsurance => 0.1, copay_per => 'day')),
                   ('F', 2, 'A', date '2025-03-03', 20.00, costshare.terms(copay => 30, coinsurance => 0.1, copay_per => 'day')),
                   ('F', 3, 'B', date '2025-03-03', 180.00, costshare.terms(copay => 30, coinsurance => 0.1, copay_per => 'day')),
                   ('F', 4, 'A', date '2025-03-03', 100.00, costshare.terms(copay => 30, coinsurance => 0.1, copay_per => 'day', bucket => 'telehealth')),
                   ('F', 5, 'A', date '2025-03-04', 180.00, costshare.terms(copay => 30, coinsurance => 0.1, copay_per => 'day')),
                   ('F', 6, 'A', date '2025-03-04', 50.00, costshare.terms(copay => 30, coinsurance => 0.1, copay_per => 'day')))
           AS lines(family, line_id, member, service_date, allowed, t)) s
ORDER BY line_id;
--    The same two lines with copay_per => 'line' (the default) bear a copay each.
SELECT line_id, (r).copay, (r).coinsurance, (r).patient_pays
FROM (SELECT line_id,
             costshare.accumulate(member, service_date, allowed,
                                  costshare.terms(copay => 30, coinsurance => 0.1))
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F', 1, 'A', date '2025-03-03', 180.00),
                   ('F', 2, 'A', date '2025-03-03', 20.00))
           AS lines(family, line_id, member, service_date, allowed)) s
ORDER BY line_id;
--    A first line smaller than the copay bears what it can (20); the day's copay has been borne, so
--    the second line has none.
SELECT line_id, (r).copay, (r).patient_pays, (r).plan_pays
FROM (SELECT line_id,
             costshare.accumulate(member, service_date, allowed,
                                  costshare.terms(copay => 30, copay_per => 'day'))
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F', 1, 'A', date '2025-03-03', 20.00),
                   ('F', 2, 'A', date '2025-03-03', 200.00))
           AS lines(family, line_id, member, service_date, allowed)) s
ORDER BY line_id;

-- 8. Copay larger than the allowed amount: the patient pays the allowed amount, the plan nothing.
SELECT allowed, copay, patient_pays, plan_pays, oop_capped, (acc_after).oop_individual_met
FROM costshare.adjudicate(32.17, costshare.terms(copay => 40, coinsurance => 0.2,
                                                 deductible_applies => false));
--    ... also with a deductible and coinsurance after it: nothing is left for them.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays
FROM costshare.adjudicate(32.17, costshare.terms(copay => 40, ded_individual => 500,
                                                 coinsurance => 0.2));
--    ... and an allowed amount of 0: nothing to pay, a visit counted.
SELECT copay, patient_pays, plan_pays, adjustment_codes, (acc_after).visits_used
FROM costshare.adjudicate(0, costshare.terms(copay => 40));

-- 9. No-charge preventive care (copay 0, the deductible does not apply): patient 0, the plan pays all,
--    the visit still counts, nothing else accumulates.
SELECT copay, deductible, coinsurance, patient_pays, plan_pays, oop_capped, adjustment_codes,
       (acc_after).visits_used, (acc_after).ded_individual_met, (acc_after).oop_individual_met
FROM costshare.adjudicate(250, costshare.terms(copay => 0, deductible_applies => false,
                                               ded_individual => 1000, visit_limit => 20),
                          costshare.accum(visits_used => 3));
--    ... and in accumulate: the preventive visit uses one of a two-visit limit, so the third line
--    is refused (119).
SELECT line_id, (r).patient_pays, (r).plan_pays, (r).not_covered, (r).adjustment_codes,
       (r).acc_after.visits_used
FROM (SELECT line_id,
             costshare.accumulate(member, service_date, allowed, t)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F', 1, 'A', date '2025-02-01', 250.00,
                    costshare.terms(copay => 0, deductible_applies => false, visit_limit => 2)),
                   ('F', 2, 'A', date '2025-03-01', 120.00,
                    costshare.terms(copay => 20, visit_limit => 2)),
                   ('F', 3, 'A', date '2025-04-01', 120.00,
                    costshare.terms(copay => 20, visit_limit => 2)))
           AS lines(family, line_id, member, service_date, allowed, t)) s
ORDER BY line_id;
