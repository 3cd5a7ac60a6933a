-- family_and_periods: costshare.accumulate over a family's lines (rules.md "Many lines", domain.md §3-§4):
-- embedded, aggregate and N-of-M family deductibles, the embedded self-only OOP on family coverage, visit
-- limits, plan-year and calendar-year resets, fourth-quarter carryover, buckets with also_credits,
-- opening balances, the out-of-network balance bill, and costshare.benefit_period().

SET datestyle = 'ISO, YMD';

-- Lines of the tests below: one row per line, one partition per family.
CREATE TEMP TABLE line (
    family       text,
    line_id      int,
    member       text,
    service_date date,
    allowed      numeric,
    terms        costshare.terms,
    opening      costshare.accum,
    billed       numeric,
    PRIMARY KEY (family, line_id)
);

-- Each line's breakdown, in the order the window sees them.
CREATE TEMP VIEW result AS
SELECT family, line_id, member, service_date,
       costshare.accumulate(member, service_date, allowed, terms, opening, billed)
           OVER (PARTITION BY family ORDER BY service_date, line_id) AS r
FROM line;

-- ---------------------------------------------------------------------------------------------------
-- 1. Embedded family deductible (individual 1,000 / family 2,000): each member stops at 1,000, the
--    family at 2,000. A 800, B 800, then C is cut to the 400 left of the family amount; afterwards
--    nobody pays a deductible. Coinsurance 0: the plan pays the rest.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'embedded', n, m, d, a,
       costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true)
FROM (VALUES (1, 'A', date '2025-01-10', 800.00),
             (2, 'B', date '2025-01-11', 800.00),
             (3, 'C', date '2025-01-12', 800.00),
             (4, 'C', date '2025-01-13', 300.00),
             (5, 'A', date '2025-01-14', 300.00)) v(n, m, d, a);
SELECT line_id, member, (r).deductible, (r).plan_pays,
       (r).acc_after.ded_individual_met AS ind_met, (r).acc_after.ded_family_met AS fam_met
FROM result WHERE family = 'embedded' ORDER BY line_id;

-- 2. Aggregate ("true family") deductible 3,000 on family coverage: only the family amount exists,
--    so A alone pays 2,500 (above the 1,000 individual amount), B the 500 left, then nobody.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'aggregate', n, m, d, a,
       costshare.terms(ded_individual => 1000, ded_family => 3000, family_deductible => 'aggregate',
                       family_coverage => true, coinsurance => 0.1)
FROM (VALUES (1, 'A', date '2025-02-01', 2500.00),
             (2, 'B', date '2025-02-02', 1000.00),
             (3, 'A', date '2025-02-03', 500.00)) v(n, m, d, a);
SELECT line_id, member, (r).deductible, (r).coinsurance, (r).patient_pays, (r).plan_pays,
       (r).acc_after.ded_family_met AS fam_met
FROM result WHERE family = 'aggregate' ORDER BY line_id;
--    The same terms on self-only coverage: the family amount is not used, the individual one applies.
SELECT deductible, coinsurance, patient_pays
FROM costshare.adjudicate(2500, costshare.terms(ded_individual => 1000, ded_family => 3000,
                                                family_deductible => 'aggregate', coinsurance => 0.1));
--    Aggregate with no family amount given: the individual amount, as embedded.
SELECT deductible, patient_pays
FROM costshare.adjudicate(2500, costshare.terms(ded_individual => 1000, family_deductible => 'aggregate',
                                                family_coverage => true));

-- 3. N-of-M family deductible: individual 500, done once 2 members each met it. A and B meet it; C and
--    D then pay none. ded_members_met counts the members who met the individual amount.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'n_of_m', n, m, d, a,
       costshare.terms(ded_individual => 500, family_deductible => 'n_of_m', family_ded_members => 2,
                       family_coverage => true)
FROM (VALUES (1, 'A', date '2025-03-01', 300.00),
             (2, 'A', date '2025-03-02', 300.00),
             (3, 'B', date '2025-03-03', 600.00),
             (4, 'C', date '2025-03-04', 600.00),
             (5, 'D', date '2025-03-05', 300.00)) v(n, m, d, a);
SELECT line_id, member, (r).deductible, (r).plan_pays,
       (r).acc_after.ded_individual_met AS ind_met, (r).acc_after.ded_members_met AS members_met
FROM result WHERE family = 'n_of_m' ORDER BY line_id;
--    N-of-M with a family amount as well (1,200, 3 members needed): the family amount still caps it,
--    as embedded: A 500, B 500, C only the 200 left, D nothing.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'n_of_m_fam', n, m, d, a,
       costshare.terms(ded_individual => 500, ded_family => 1200, family_deductible => 'n_of_m',
                       family_ded_members => 3, family_coverage => true)
FROM (VALUES (1, 'A', date '2025-03-01', 600.00),
             (2, 'B', date '2025-03-02', 600.00),
             (3, 'C', date '2025-03-03', 600.00),
             (4, 'D', date '2025-03-04', 600.00)) v(n, m, d, a);
SELECT line_id, member, (r).deductible, (r).acc_after.ded_family_met AS fam_met,
       (r).acc_after.ded_members_met AS members_met
FROM result WHERE family = 'n_of_m_fam' ORDER BY line_id;
--    adjudicate: 2 members met -> no deductible on family coverage; on self-only coverage the count
--    does not matter.
SELECT (costshare.adjudicate(300, t, costshare.accum(ded_members_met => 2))).deductible AS family_cov,
       (costshare.adjudicate(300, t2, costshare.accum(ded_members_met => 2))).deductible AS self_only
FROM (SELECT costshare.terms(ded_individual => 500, family_deductible => 'n_of_m',
                             family_ded_members => 2, family_coverage => true) AS t,
             costshare.terms(ded_individual => 500, family_deductible => 'n_of_m',
                             family_ded_members => 2) AS t2) s;

-- 4. Embedded self-only OOP on family coverage (domain.md §3): individual 3,000, family 5,000, 50%
--    coinsurance. A is stopped at 3,000; B at the 2,000 left of the family limit; C and A then pay 0.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'oop', n, m, d, a,
       costshare.terms(coinsurance => 0.5, oop_individual => 3000, oop_family => 5000,
                       family_coverage => true)
FROM (VALUES (1, 'A', date '2025-04-01', 8000.00),
             (2, 'B', date '2025-04-02', 6000.00),
             (3, 'C', date '2025-04-03', 2000.00),
             (4, 'A', date '2025-04-04', 100.00)) v(n, m, d, a);
SELECT line_id, member, (r).coinsurance, (r).plan_pays, (r).oop_capped,
       (r).acc_after.oop_individual_met AS ind_met, (r).acc_after.oop_family_met AS fam_met
FROM result WHERE family = 'oop' ORDER BY line_id;
--    Self-only coverage ignores the family OOP (here already "met" at 5,000): the individual limit.
SELECT coinsurance, patient_pays, oop_capped
FROM costshare.adjudicate(10000, costshare.terms(coinsurance => 0.5, oop_individual => 3000,
                                                 oop_family => 5000),
                          costshare.accum(oop_family_met => 5000));

-- 5. Visit limits (2 per period): A's third line is not covered (119): the patient pays the allowed
--    amount, the plan nothing, and nothing accumulates (visits stay at 2, the deductible met stays).
--    Visits count even when the cost fell into the deductible. B has their own count. A not-covered
--    service (96) counts nothing either. The next calendar year starts at 0 visits again.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'visits', n, m, d, a, t
FROM (VALUES (1, 'A', date '2025-05-01', 80.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, visit_limit => 2)),
             (2, 'A', date '2025-05-08', 80.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, visit_limit => 2)),
             (3, 'A', date '2025-05-15', 80.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, visit_limit => 2)),
             (4, 'B', date '2025-05-16', 80.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, visit_limit => 2)),
             (5, 'B', date '2025-05-17', 70.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, covered => false)),
             (6, 'B', date '2025-05-18', 10.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, visit_limit => 2)),
             (7, 'B', date '2025-05-19', 10.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, visit_limit => 2)),
             (8, 'A', date '2026-01-05', 80.00, costshare.terms(ded_individual => 100, coinsurance => 0.2, visit_limit => 2))) v(n, m, d, a, t);
SELECT line_id, member, (r).deductible, (r).coinsurance, (r).not_covered, (r).patient_pays,
       (r).plan_pays, (r).adjustment_codes,
       (r).acc_after.visits_used AS visits, (r).acc_after.ded_individual_met AS ded_met,
       (r).acc_after.oop_individual_met AS oop_met
FROM result WHERE family = 'visits' ORDER BY line_id;
--    adjudicate: visit_limit 0 refuses every line; visits_used at the limit refuses; one below passes.
SELECT v AS visits_used, (b).not_covered, (b).patient_pays, (b).plan_pays, (b).adjustment_codes,
       (b).acc_after.visits_used AS visits_after
FROM (VALUES (0, 0), (4, 5), (5, 5), (6, 5)) x(v, lim),
     LATERAL (SELECT costshare.adjudicate(100, costshare.terms(copay => 20, visit_limit => lim),
                                          costshare.accum(visits_used => v)) AS b) s
ORDER BY v, lim;

-- 6. Plan-year reset (period_start 2025-07-01): 2026-06-30 and 2026-07-01 fall in different periods,
--    so the 500 deductible starts again on 2026-07-01.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'plan_year', n, m, d, a,
       costshare.terms(ded_individual => 500, coinsurance => 0.2, period_start => '2025-07-01')
FROM (VALUES (1, 'A', date '2025-07-01', 300.00),
             (2, 'A', date '2026-06-30', 300.00),
             (3, 'A', date '2026-07-01', 300.00)) v(n, m, d, a);
SELECT line_id, service_date, costshare.benefit_period(service_date, '2025-07-01') AS period,
       (r).deductible, (r).coinsurance, (r).acc_after.ded_individual_met AS ded_met
FROM result WHERE family = 'plan_year' ORDER BY line_id;

-- 7. Calendar-year reset: 2025-12-31 and 2026-01-01 are in different periods: A pays 400 in each (in
--    one period the second would be 100). The family figures reset too: in 2025 B is cut to the 300
--    left of the 700 family OOP; on 2026-01-01 the family OOP starts again at 0. The 2026-01-02 line
--    is cut by A's own 450 OOP.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'calendar', n, m, d, a,
       costshare.terms(ded_individual => 500, ded_family => 1000, family_coverage => true,
                       oop_individual => 450, oop_family => 700)
FROM (VALUES (1, 'A', date '2025-12-31', 400.00),
             (2, 'B', date '2025-12-31', 400.00),
             (3, 'A', date '2026-01-01', 400.00),
             (4, 'A', date '2026-01-02', 400.00)) v(n, m, d, a);
SELECT line_id, member, service_date, (r).deductible, (r).plan_pays, (r).oop_capped,
       (r).acc_after.ded_family_met AS fam_met, (r).acc_after.oop_individual_met AS oop_met,
       (r).acc_after.oop_family_met AS fam_oop
FROM result WHERE family = 'calendar' ORDER BY line_id;

-- 8. Fourth-quarter carryover (carryover => true; individual 500, family 1,000): deductible credited on
--    dates from October 1 counts toward next year's. A: 300 on Sep 30 (not carried) + 100 on Oct 1
--    (carried); B: 200 on Dec 31 (carried). In 2026 A starts at 100 (pays 400), the family at 300, B
--    at 200 (pays the 300 left), and the family amount is then met: C pays nothing.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'carry', n, m, d, a,
       costshare.terms(ded_individual => 500, ded_family => 1000, family_coverage => true,
                       carryover => true)
FROM (VALUES (1, 'A', date '2025-09-30', 300.00),
             (2, 'A', date '2025-10-01', 100.00),
             (3, 'B', date '2025-12-31', 200.00),
             (4, 'A', date '2026-01-15', 500.00),
             (5, 'B', date '2026-02-01', 500.00),
             (6, 'C', date '2026-03-01', 500.00)) v(n, m, d, a);
SELECT line_id, member, service_date, (r).deductible,
       (r).acc_after.ded_individual_met AS ind_met, (r).acc_after.ded_family_met AS fam_met
FROM result WHERE family = 'carry' ORDER BY line_id;
--    The same lines without carryover: 2026 starts from 0 (A 500, B 500, C 0).
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'no_carry', line_id, member, service_date, allowed,
       costshare.terms(ded_individual => 500, ded_family => 1000, family_coverage => true)
FROM line WHERE family = 'carry';
SELECT line_id, member, service_date, (r).deductible, (r).acc_after.ded_family_met AS fam_met
FROM result WHERE family = 'no_carry' ORDER BY line_id;
--    Carryover only into the period that directly follows: a line in Q4 2025, the next in 2027.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'carry_gap', n, m, d, a, costshare.terms(ded_individual => 500, carryover => true)
FROM (VALUES (1, 'A', date '2025-11-01', 300.00),
             (2, 'A', date '2027-02-01', 500.00)) v(n, m, d, a);
SELECT line_id, service_date, (r).deductible, (r).acc_after.ded_individual_met AS ind_met
FROM result WHERE family = 'carry_gap' ORDER BY line_id;
--    Plan year from July 1: the last three months are April-June. 200 on 2026-03-31 is not carried,
--    100 on 2026-04-01 is: the 2026-07-01 line has 400 of 500 left.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'carry_plan_year', n, m, d, a,
       costshare.terms(ded_individual => 500, carryover => true, period_start => '2020-07-01')
FROM (VALUES (1, 'A', date '2026-03-31', 200.00),
             (2, 'A', date '2026-04-01', 100.00),
             (3, 'A', date '2026-07-01', 500.00)) v(n, m, d, a);
SELECT line_id, service_date, (r).deductible, (r).acc_after.ded_individual_met AS ind_met
FROM result WHERE family = 'carry_plan_year' ORDER BY line_id;

-- 9. Buckets with also_credits: out-of-network lines (bucket 'out') also credit the in-network bucket.
--    OON 400 to the deductible credits 'in' too, so the first in-network line has only 600 of 1,000
--    left; in-network lines do not credit 'out' (the second OON line has 600 left from its own 400).
--    Visits are not cross-credited: the in-network limit of 2 visits is not used by OON lines.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'buckets', n, m, d, a, t
FROM (VALUES (1, 'A', date '2025-02-01', 400.00, costshare.terms(ded_individual => 1000, coinsurance => 0.3, network => 'out', also_credits => ARRAY['in'])),
             (2, 'A', date '2025-03-01', 800.00, costshare.terms(ded_individual => 1000, coinsurance => 0.1, visit_limit => 2)),
             (3, 'A', date '2025-04-01', 800.00, costshare.terms(ded_individual => 1000, coinsurance => 0.3, network => 'out', also_credits => ARRAY['in'])),
             (4, 'A', date '2025-05-01', 100.00, costshare.terms(ded_individual => 1000, coinsurance => 0.1, visit_limit => 2)),
             (5, 'A', date '2025-06-01', 100.00, costshare.terms(ded_individual => 1000, coinsurance => 0.1, visit_limit => 2))) v(n, m, d, a, t);
SELECT line_id, (r).deductible, (r).coinsurance, (r).patient_pays, (r).adjustment_codes,
       (r).acc_after.ded_individual_met AS ded_met, (r).acc_after.oop_individual_met AS oop_met,
       (r).acc_after.visits_used AS visits
FROM result WHERE family = 'buckets' ORDER BY line_id;
--    Named buckets (tiers): 'tier1' also credits 'tier2'; a bucket named twice, or the line's own
--    bucket named in also_credits, is credited once. Family figures are cross-credited as well.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'tiers', n, m, d, a, t
FROM (VALUES (1, 'A', date '2025-02-01', 300.00, costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, bucket => 'tier1', also_credits => ARRAY['tier2', 'tier2', 'tier1'])),
             (2, 'B', date '2025-02-02', 300.00, costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, bucket => 'tier2')),
             (3, 'A', date '2025-02-03', 900.00, costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, bucket => 'tier2')),
             (4, 'A', date '2025-02-04', 900.00, costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, bucket => 'tier1'))) v(n, m, d, a, t);
SELECT line_id, member, (r).deductible,
       (r).acc_after.ded_individual_met AS ind_met, (r).acc_after.ded_family_met AS fam_met
FROM result WHERE family = 'tiers' ORDER BY line_id;

-- 10. Opening balances (5- and 6-argument forms): a member's individual figures come from their first
--     row, the family's from the partition's first row; later openings are ignored, and so are
--     openings after the first period has ended.
--     A: 600 met, family 1,500 met -> A has min(400, 500) = 400 left. B: 200 met (B's family figure of
--     9,999 is ignored) -> min(800, 100) = 100. A's second opening is ignored (A met 1,000 already).
--     C's first line is in 2026: its opening is ignored, C has the full 1,000.
INSERT INTO line (family, line_id, member, service_date, allowed, terms, opening)
SELECT 'opening', n, m, d, a,
       costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true), o
FROM (VALUES (1, 'A', date '2025-03-01', 1000.00, costshare.accum(ded_individual_met => 600, ded_family_met => 1500)),
             (2, 'B', date '2025-03-02', 1000.00, costshare.accum(ded_individual_met => 200, ded_family_met => 9999)),
             (3, 'A', date '2025-03-03', 100.00, costshare.accum()),
             (4, 'C', date '2026-01-10', 300.00, costshare.accum(ded_individual_met => 900))) v(n, m, d, a, o);
SELECT line_id, member, (r).deductible, (r).plan_pays,
       (r).acc_after.ded_individual_met AS ind_met, (r).acc_after.ded_family_met AS fam_met
FROM result WHERE family = 'opening' ORDER BY line_id;
--     The family figures come from the partition's first row only: here it has no opening, so B's
--     opening family figure (1,500) is ignored while B's individual 300 is used: B has
--     min(1,000 - 300, 2,000 - 1,000) = 700 left.
INSERT INTO line (family, line_id, member, service_date, allowed, terms, opening)
SELECT 'opening_fam', n, m, d, 1000.00,
       costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true), o
FROM (VALUES (1, 'A', date '2025-01-01', NULL::costshare.accum),
             (2, 'B', date '2025-01-02', costshare.accum(ded_individual_met => 300, ded_family_met => 1500))) v(n, m, d, o);
SELECT line_id, member, (r).deductible,
       (r).acc_after.ded_individual_met AS ind_met, (r).acc_after.ded_family_met AS fam_met
FROM result WHERE family = 'opening_fam' ORDER BY line_id;
--     Opening visits and OOP: 3 visits used of 3 -> the first line is refused; 90 of 100 OOP met ->
--     B pays 10 of a 30 copay. A NULL opening is all zeros.
INSERT INTO line (family, line_id, member, service_date, allowed, terms, opening)
SELECT 'opening2', n, m, d, a, t, o
FROM (VALUES (1, 'A', date '2025-03-01', 100.00, costshare.terms(copay => 30, visit_limit => 3), costshare.accum(visits_used => 3)),
             (2, 'B', date '2025-03-02', 100.00, costshare.terms(copay => 30, oop_individual => 100), costshare.accum(oop_individual_met => 90)),
             (3, 'C', date '2025-03-03', 100.00, costshare.terms(copay => 30, visit_limit => 3), NULL)) v(n, m, d, a, t, o);
SELECT line_id, member, (r).copay, (r).not_covered, (r).patient_pays, (r).adjustment_codes,
       (r).acc_after.visits_used AS visits, (r).acc_after.oop_individual_met AS oop_met
FROM result WHERE family = 'opening2' ORDER BY line_id;

-- 11. Out of network in accumulate (6-argument form with billed): the balance bill (billed - allowed)
--     is the patient's and accumulates nothing; in network the same gap is a contractual write-off;
--     billed equal to allowed, or NULL, adds nothing; billed below allowed is what the line is
--     adjudicated on (the lesser of the two). A refused line out of network: the patient pays the
--     allowed amount plus the balance bill.
INSERT INTO line (family, line_id, member, service_date, allowed, terms, billed)
SELECT 'oon', n, m, d, a, t, b
FROM (VALUES (1, 'A', date '2025-06-01', 120.00, costshare.terms(coinsurance => 0.4, network => 'out', visit_limit => 2), 200.00),
             (2, 'A', date '2025-06-02', 100.00, costshare.terms(coinsurance => 0.2), 150.00),
             (3, 'A', date '2025-06-03', 100.00, costshare.terms(coinsurance => 0.2), 90.00),
             (4, 'A', date '2025-06-04', 100.00, costshare.terms(coinsurance => 0.4, network => 'out', visit_limit => 2), NULL),
             (5, 'A', date '2025-06-05', 100.00, costshare.terms(coinsurance => 0.4, network => 'out', visit_limit => 2), 130.00)) v(n, m, d, a, t, b);
SELECT line_id, (r).coinsurance, (r).not_covered, (r).balance_bill, (r).contractual,
       (r).patient_pays, (r).plan_pays, (r).adjustment_codes,
       (r).acc_after.oop_individual_met AS oop_met, (r).acc_after.visits_used AS visits
FROM result WHERE family = 'oon' ORDER BY line_id;

-- 12. A separate coinsurance limit (domain.md §4, older designs; 100 per person): 80 already met
--     leaves 20 of a 500 coinsurance. The limit is not the OOP: oop_capped stays false unless the OOP
--     takes more off (10 of the OOP left: 10, capped; 30 left: the limit's 20, not capped).
SELECT oop_met, (b).coinsurance, (b).patient_pays, (b).plan_pays, (b).oop_capped,
       (b).acc_after.coinsurance_met
FROM (VALUES (NULL::numeric), (990), (970)) v(oop_met),
     LATERAL (SELECT costshare.adjudicate(1000, costshare.terms(coinsurance => 0.5, coinsurance_limit => 100,
                                                                oop_individual => 1000),
                                          costshare.accum(coinsurance_met => 80,
                                                          oop_individual_met => coalesce(oop_met, 0))) AS b) s
ORDER BY oop_met NULLS FIRST;
--     Met above the limit: no coinsurance.
SELECT coinsurance, patient_pays
FROM costshare.adjudicate(1000, costshare.terms(coinsurance => 0.5, coinsurance_limit => 100),
                          costshare.accum(coinsurance_met => 150));
--     In accumulate the limit is per person and per period: A 60, then the 40 left; B 60; A in 2026 60.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'coins_limit', n, m, d, a, costshare.terms(coinsurance => 0.2, coinsurance_limit => 100)
FROM (VALUES (1, 'A', date '2025-05-01', 300.00),
             (2, 'A', date '2025-06-01', 300.00),
             (3, 'B', date '2025-07-01', 300.00),
             (4, 'A', date '2026-01-10', 300.00)) v(n, m, d, a);
SELECT line_id, member, (r).coinsurance, (r).plan_pays, (r).acc_after.coinsurance_met
FROM result WHERE family = 'coins_limit' ORDER BY line_id;

-- 13. Partitions are independent: the same member key in two families shares nothing.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
VALUES ('p1', 1, 'A', '2025-01-01', 700.00, costshare.terms(ded_individual => 500)),
       ('p2', 1, 'A', '2025-01-01', 700.00, costshare.terms(ded_individual => 500));
SELECT family, (r).deductible, (r).acc_after.ded_individual_met FROM result
WHERE family IN ('p1', 'p2') ORDER BY family;

--     A large family: 500 members, 20 buckets, 3 days of one 100 line each (ded 150 per member and
--     bucket): every member pays 100, 50, 0 and counts 1, 2, 3 visits, whatever the others do.
SELECT count(*) AS lines,
       count(*) FILTER (WHERE (r).deductible <> (ARRAY[100, 50, 0])[d - date '2025-01-01' + 1]) AS wrong_deductible,
       count(*) FILTER (WHERE (r).acc_after.visits_used <> d - date '2025-01-01' + 1) AS wrong_visits
FROM (SELECT d, costshare.accumulate(member, d, 100.00, costshare.terms(ded_individual => 150, bucket => bucket))
                    OVER (ORDER BY d, line_id) AS r
      FROM (SELECT g AS line_id, 'member-' || (g % 500) AS member, date '2025-01-01' + g / 500 AS d,
                   'b' || (g % 20) AS bucket
            FROM generate_series(0, 1499) AS g) l) s;

-- 14. benefit_period(): [start, next start). Calendar year by default.
SELECT d, costshare.benefit_period(d) AS calendar_year
FROM unnest(ARRAY[date '2025-01-01', '2025-06-15', '2025-12-31', '2024-12-31', '2024-02-29']) AS d
ORDER BY d;
--     Plan year from July 1 (the year of period_start does not matter).
SELECT d, costshare.benefit_period(d, '2025-07-01') AS plan_year,
       costshare.benefit_period(d, '1999-07-01') = costshare.benefit_period(d, '2025-07-01') AS same
FROM unnest(ARRAY[date '2026-06-30', '2026-07-01', '2025-01-01', '2025-07-01']) AS d
ORDER BY d;
--     A Feb 29 anniversary is Feb 28 in other years; in leap years it is Feb 29 again (2100 is not a
--     leap year, 2000 is).
SELECT d, costshare.benefit_period(d, '2024-02-29') AS feb29_year
FROM unnest(ARRAY[date '2024-02-28', '2024-02-29', '2025-02-27', '2025-02-28', '2028-02-28',
                  '2028-02-29', '2000-02-29', '2100-02-27', '2100-02-28']) AS d
ORDER BY d;
--     Other period starts: Dec 31, Mar 1 (the day after Feb 28 or 29).
SELECT d, costshare.benefit_period(d, '2020-12-31') AS dec31, costshare.benefit_period(d, '2021-03-01') AS mar1
FROM unnest(ARRAY[date '2025-12-30', '2025-12-31', '2024-02-29', '2024-03-01']) AS d
ORDER BY d;
--     The period of every day of 2023-2029 contains the day and is one year long (365 or 366 days),
--     for a few period starts: no day falls outside its period.
SELECT ps, count(*) AS days,
       count(*) FILTER (WHERE NOT (costshare.benefit_period(d, ps) @> d)) AS outside,
       count(*) FILTER (WHERE upper(costshare.benefit_period(d, ps)) - lower(costshare.benefit_period(d, ps))
                              NOT IN (365, 366)) AS wrong_length,
       count(DISTINCT costshare.benefit_period(d, ps)) AS periods
FROM unnest(ARRAY[NULL, date '2020-01-01', '2020-02-29', '2020-03-01', '2020-07-01', '2020-12-31']) AS ps,
     generate_series(date '2023-01-01', date '2029-12-31', interval '1 day') AS g(d0),
     LATERAL (SELECT d0::date AS d) s
GROUP BY ps ORDER BY ps NULLS FIRST;
--     In accumulate, the Feb 29 plan year: 2025-02-27 and 2025-02-28 are in different periods.
INSERT INTO line (family, line_id, member, service_date, allowed, terms)
SELECT 'feb29', n, m, d, a, costshare.terms(ded_individual => 500, period_start => '2024-02-29')
FROM (VALUES (1, 'A', date '2024-02-29', 300.00),
             (2, 'A', date '2025-02-27', 300.00),
             (3, 'A', date '2025-02-28', 300.00)) v(n, m, d, a);
SELECT line_id, service_date, (r).deductible, (r).acc_after.ded_individual_met AS ded_met
FROM result WHERE family = 'feb29' ORDER BY line_id;
--     NULL service date: NULL period; NULL period_start: calendar year.
SELECT costshare.benefit_period(NULL) IS NULL AS null_date,
       costshare.benefit_period('2025-05-05', NULL) AS null_start;

-- 15. The 4-, 5- and 6-argument forms agree when the extra arguments are NULL or absent (every family
--     above except those with openings or billed amounts): no row differs.
SELECT count(*) AS lines,
       count(*) FILTER (WHERE r4 IS DISTINCT FROM r6 OR r5 IS DISTINCT FROM r6) AS differ
FROM (SELECT costshare.accumulate(member, service_date, allowed, terms)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r4,
             costshare.accumulate(member, service_date, allowed, terms, NULL::costshare.accum)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r5,
             costshare.accumulate(member, service_date, allowed, terms, NULL::costshare.accum, NULL::numeric)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r6
      FROM line WHERE opening IS NULL AND billed IS NULL) s;
--     The 5-argument form with openings gives the 6-argument form's results.
SELECT count(*) AS lines, count(*) FILTER (WHERE r5 IS DISTINCT FROM r6) AS differ
FROM (SELECT costshare.accumulate(member, service_date, allowed, terms, opening)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r5,
             costshare.accumulate(member, service_date, allowed, terms, opening, NULL::numeric)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r6
      FROM line WHERE family LIKE 'opening%') s;
