-- worked_figures: the public worked figures of domain.md §11 that costshare.adjudicate and
-- costshare.accumulate must reproduce to the cent (rows 1-12, 16 and 18; rows 13-15 and 17 are COB and
-- fee-schedule figures, outside these two functions). Each case names its row and its source; the
-- expected values are the table's, not a recording of the engine.

-- Row 1 (healthcare.gov OOP example, marketplace help page): allowed 20,000; deductible 1,300 unmet;
-- 20% coinsurance; OOP 4,400; nothing met -> patient 4,400 (uncapped would be 5,040); plan 15,600.
-- The OOP binds part-way through the coinsurance stage (computed last): 1,300 + 3,100.
SELECT patient_pays, plan_pays, deductible, coinsurance, oop_capped
FROM costshare.adjudicate(20000, costshare.terms(ded_individual => 1300, coinsurance => 0.2,
                                                 oop_individual => 4400));
-- Row 1, uncapped: the same line without an OOP limit -> 5,040 (1,300 + 20% of 18,700).
SELECT patient_pays, plan_pays, deductible, coinsurance, oop_capped
FROM costshare.adjudicate(20000, costshare.terms(ded_individual => 1300, coinsurance => 0.2));

-- Row 2 (BCBS Tennessee member newsletter): allowed 5,000; deductible 2,000 unmet; 20%
-- -> patient 2,600; plan 2,400.
SELECT patient_pays, plan_pays, deductible, coinsurance
FROM costshare.adjudicate(5000, costshare.terms(ded_individual => 2000, coinsurance => 0.2));

-- Row 3 (Connect for Health Colorado glossary): allowed 100; 20%; deductible met -> 20.
SELECT patient_pays, plan_pays
FROM costshare.adjudicate(100, costshare.terms(ded_individual => 1000, coinsurance => 0.2),
                          costshare.accum(ded_individual_met => 1000));
-- Row 3, deductible not met -> 100.
SELECT patient_pays, plan_pays
FROM costshare.adjudicate(100, costshare.terms(ded_individual => 1000, coinsurance => 0.2));

-- Row 4 (helpbetter.org insurance examples): deductible remaining 1,000; allowed 1,500; 20%
-- -> patient 1,100; plan 400.
SELECT patient_pays, plan_pays, deductible, coinsurance
FROM costshare.adjudicate(1500, costshare.terms(ded_individual => 1000, coinsurance => 0.2));
-- Row 4, with the 1,000 remaining out of a larger deductible partly met (2,500 with 1,500 met).
SELECT patient_pays, plan_pays, deductible, coinsurance
FROM costshare.adjudicate(1500, costshare.terms(ded_individual => 2500, coinsurance => 0.2),
                          costshare.accum(ded_individual_met => 1500));

-- Row 5 (helpbetter.org, same page): office copay 30; allowed 200; deductible does not apply
-- -> patient 30; plan 170 (an unmet deductible is neither charged nor credited).
SELECT patient_pays, plan_pays, copay, deductible, (acc_after).ded_individual_met
FROM costshare.adjudicate(200, costshare.terms(copay => 30, deductible_applies => false,
                                               ded_individual => 1000));

-- Row 6 (98point6 cost-share logic page): HSA plan; rate 79; deductible remaining 50; 20%;
-- OOP remaining 5,000 -> 55.80 (50 + 20% of 29).
SELECT patient_pays, plan_pays, deductible, coinsurance, oop_capped
FROM costshare.adjudicate(79, costshare.terms(ded_individual => 1650, coinsurance => 0.2,
                                              oop_individual => 8300),
                          costshare.accum(ded_individual_met => 1600, oop_individual_met => 3300));

-- Row 7 (standard PPO contract clause): copay 40; allowed 32.17 -> patient 32.17 (the lesser).
SELECT patient_pays, plan_pays, copay
FROM costshare.adjudicate(32.17, costshare.terms(copay => 40));

-- Row 8 (98point6 rule): copay 40; OOP remaining 25 -> 25.
SELECT patient_pays, plan_pays, copay, oop_capped
FROM costshare.adjudicate(100, costshare.terms(copay => 40, oop_individual => 1000),
                          costshare.accum(oop_individual_met => 975));

-- Row 9 (Stedi deductible guide): deductible 1,000 with 600 remaining; allowed 800; plan pays 100%
-- after the deductible -> patient 600.
SELECT patient_pays, plan_pays, deductible, coinsurance
FROM costshare.adjudicate(800, costshare.terms(ded_individual => 1000),
                          costshare.accum(ded_individual_met => 400));

-- Row 10 (healthinsurance.org definition, arithmetic): embedded 4,000 / 8,000; A incurs 5,000, B 3,000,
-- C 2,000, all deductible-applicable -> deductible A 4,000, B 3,000, C 1,000 (the family amount binds C).
SELECT line_id, member,
       (r).deductible, (r).patient_pays, (r).plan_pays,
       (r).acc_after.ded_individual_met, (r).acc_after.ded_family_met
FROM (SELECT line_id, member,
             costshare.accumulate(member, service_date, allowed,
                                  costshare.terms(ded_individual => 4000, ded_family => 8000,
                                                  family_coverage => true))
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F1', 1, 'A', date '2025-02-01', 5000.00),
                   ('F1', 2, 'B', date '2025-03-01', 3000.00),
                   ('F1', 3, 'C', date '2025-04-01', 2000.00))
           AS lines(family, line_id, member, service_date, allowed)) s
ORDER BY line_id;

-- Row 11 (DOL FAQ XXVII commentary): family OOP 10,000 (2016, self-only limit 6,850); one member incurs
-- 20,000 of cost sharing -> that member pays 6,850; the rest of the family at most 3,150 more.
-- (100% coinsurance makes the allowed amount the cost sharing incurred.)
SELECT line_id, member,
       (r).patient_pays, (r).plan_pays, (r).oop_capped,
       (r).acc_after.oop_individual_met, (r).acc_after.oop_family_met
FROM (SELECT line_id, member,
             costshare.accumulate(member, service_date, allowed,
                                  costshare.terms(coinsurance => 1, oop_individual => 6850,
                                                  oop_family => 10000, family_coverage => true))
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F1', 1, 'A', date '2016-02-01', 20000.00),
                   ('F1', 2, 'B', date '2016-03-01', 2000.00),
                   ('F1', 3, 'C', date '2016-04-01', 5000.00),
                   ('F1', 4, 'B', date '2016-05-01', 1000.00))
           AS lines(family, line_id, member, service_date, allowed)) s
ORDER BY line_id;
-- Row 11 totals: member A 6,850; the rest of the family 3,150; family 10,000.
SELECT sum((r).patient_pays) FILTER (WHERE member = 'A') AS member_a,
       sum((r).patient_pays) FILTER (WHERE member <> 'A') AS rest_of_family,
       sum((r).patient_pays) AS family
FROM (SELECT member,
             costshare.accumulate(member, service_date, allowed,
                                  costshare.terms(coinsurance => 1, oop_individual => 6850,
                                                  oop_family => 10000, family_coverage => true))
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F1', 1, 'A', date '2016-02-01', 20000.00),
                   ('F1', 2, 'B', date '2016-03-01', 2000.00),
                   ('F1', 3, 'C', date '2016-04-01', 5000.00),
                   ('F1', 4, 'B', date '2016-05-01', 1000.00))
           AS lines(family, line_id, member, service_date, allowed)) s;

-- Row 12 (arithmetic on the rules above): OON; billed 200; OON allowed 120; OON deductible met; 40%
-- -> coinsurance 48 + balance bill 80 = 128; OON OOP credited 48 (the balance bill counts toward nothing).
SELECT coinsurance, balance_bill, patient_pays, plan_pays, contractual, adjustment_codes,
       (acc_after).oop_individual_met, (acc_after).ded_individual_met
FROM costshare.adjudicate(120, costshare.terms(ded_individual => 500, coinsurance => 0.4,
                                               network => 'out'),
                          costshare.accum(ded_individual_met => 500), 200);
-- Row 12 through accumulate (6-argument form), in the 'out' bucket with the deductible met by an
-- opening balance: the same 48 / 80 / 128, and the bucket's OOP holds 48.
SELECT line_id, (r).coinsurance, (r).balance_bill, (r).patient_pays, (r).plan_pays,
       (r).acc_after.oop_individual_met
FROM (SELECT line_id,
             costshare.accumulate(member, service_date, allowed,
                                  costshare.terms(ded_individual => 500, coinsurance => 0.4,
                                                  network => 'out'),
                                  costshare.accum(ded_individual_met => 500), billed)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
      FROM (VALUES ('F1', 1, 'A', date '2025-05-01', 120.00, 200.00))
           AS lines(family, line_id, member, service_date, allowed, billed)) s;

-- Row 16 (LinuxForHealth fixture secondary-payment.835, line 2): allowed 500; billed 585; deductible
-- remaining >= 150; 20% -> deductible 150, coinsurance 70, plan 280, contractual 585 - 500 = 85 (CO-45).
SELECT deductible, coinsurance, plan_pays, contractual, patient_pays, balance_bill, adjustment_codes
FROM costshare.adjudicate(500, costshare.terms(ded_individual => 150, coinsurance => 0.2), NULL, 585);
-- Row 16, with more than 150 remaining of a larger deductible (150 of 1,000 left): the same figures.
SELECT deductible, coinsurance, plan_pays, contractual, patient_pays
FROM costshare.adjudicate(500, costshare.terms(ded_individual => 1000, coinsurance => 0.2),
                          costshare.accum(ded_individual_met => 850), 585);
-- Row 16 as an 835 balances: charge - paid = sum of adjustments (PR-1 + PR-2 + CO-45).
SELECT 585 - plan_pays = deductible + coinsurance + contractual AS line_balances
FROM costshare.adjudicate(500, costshare.terms(ded_individual => 150, coinsurance => 0.2), NULL, 585);

-- Row 18 (Mississippi state plan SBC, Peg): deductible 1,800, 20%, total example cost 12,700
-- -> deductible 1,800, coinsurance 2,180, total 3,980.
SELECT deductible, coinsurance, patient_pays, plan_pays
FROM costshare.adjudicate(12700, costshare.terms(ded_individual => 1800, coinsurance => 0.2));
