-- costshare.coordinate: a later payer's share of a line (domain.md §6, §11 rows 13-14; 42 CFR 411.33)
\pset null '∅'

-- row 13: contracted 125, primary paid 75 (it pays 60%), secondary pays 75% (patient coinsurance 25%)
SELECT m AS method, c.secondary_pays, c.patient_pays, c.normal_benefit, c.reserve_after, c.adjustment_codes
  FROM unnest(ARRAY['standard', 'non_duplication', 'carve_out', 'maintenance_of_benefits']) m,
       LATERAL (SELECT (costshare.coordinate(costshare.adjudicate(125, costshare.terms(coinsurance => 0.4)),
                                             costshare.terms(coinsurance => 0.25), NULL, m)).*
                OFFSET 0) c;

-- row 14: non-duplication, primary 80% / secondary 80%, then primary 50% / secondary 80%
SELECT (costshare.coordinate(costshare.adjudicate(100, costshare.terms(coinsurance => 0.2)),
                             costshare.terms(coinsurance => 0.2), method => 'non_duplication')).secondary_pays AS "80/80",
       (costshare.coordinate(costshare.adjudicate(100, costshare.terms(coinsurance => 0.5)),
                             costshare.terms(coinsurance => 0.2), method => 'non_duplication')).secondary_pays AS "50/80";

-- 42 CFR 411.33(b): charge 175, primary allowed 150 and paid 80% (120), Medicare fee 125, Part B met
SELECT c.secondary_pays, c.normal_benefit, c.patient_pays
  FROM (SELECT (costshare.coordinate(
                   costshare.adjudicate(150, costshare.terms(coinsurance => 0.2, network => 'out'), NULL, 175),
                   costshare.terms(ded_individual => 257, coinsurance => 0.2),
                   costshare.accum(ded_individual_met => 257),
                   'medicare_secondary', allowed => 125, billed => 175)).*) c;

-- the benefit reserve: saved on one line, used on a later line of the period
WITH first AS (
    SELECT costshare.coordinate(costshare.adjudicate(125, costshare.terms(coinsurance => 0.4)),
                                costshare.terms(coinsurance => 0.25)) AS c
)
SELECT (f.c).reserve_after AS saved,
       (l.c).secondary_pays AS later_pays, (l.c).reserve_used, (l.c).reserve_after, (l.c).patient_pays
  FROM first f,
       LATERAL (SELECT costshare.coordinate(costshare.adjudicate(200, costshare.terms(covered => false)),
                                            costshare.terms(coinsurance => 0.25), reserve => (f.c).reserve_after) AS c) l;

-- Medicaid after Medicare: a QMB owes no Medicare cost sharing; what Medicaid does not pay is written off
SELECT c.secondary_pays, c.patient_pays, c.written_off
  FROM (SELECT (costshare.coordinate(costshare.adjudicate(100, costshare.terms(coinsurance => 0.2)),
                                     costshare.terms(), method => 'medicaid', allowed => 90)).*) c;

-- the secondary credits its own deductible as if it were primary (NAIC model)
SELECT (c).secondary_pays, (c).patient_pays, ((c).acc_after).ded_individual_met
  FROM (SELECT costshare.coordinate(costshare.adjudicate(125, costshare.terms(coinsurance => 0.2)),
                                    costshare.terms(ded_individual => 500, coinsurance => 0.2)) c) s;

-- refused inputs
SELECT costshare.coordinate(NULL, costshare.terms());
SELECT costshare.coordinate(costshare.adjudicate(100, costshare.terms()), NULL);
SELECT costshare.coordinate(costshare.adjudicate(100, costshare.terms()), costshare.terms(), method => 'bogus');
SELECT costshare.coordinate(costshare.adjudicate(100, costshare.terms()), costshare.terms(), method => NULL);
SELECT costshare.coordinate(costshare.adjudicate(100, costshare.terms()), costshare.terms(), reserve => 'NaN');
SELECT costshare.coordinate(costshare.adjudicate(100, costshare.terms()), costshare.terms(), reserve => -1);
SELECT costshare.coordinate(costshare.adjudicate(100, costshare.terms()), costshare.terms(), allowed => 0.001);
SELECT costshare.coordinate(costshare.adjudicate(100, costshare.terms()), costshare.terms(), billed => 'Infinity');
-- a primary line that does not balance (patient + plan <> allowed + balance bill)
SELECT costshare.coordinate(ROW(100, 0, 0, 0, 0, 0, 0, 30, 80, false, '{}', costshare.accum())::costshare.breakdown,
                            costshare.terms());
SELECT costshare.coordinate(ROW(100, 0, 0, 0, 0, 0, 0, NULL, 80, false, '{}', costshare.accum())::costshare.breakdown,
                            costshare.terms());

-- labels and the plan column
SELECT p.provolatile, p.proparallel, p.proisstrict
  FROM pg_proc p WHERE p.oid = 'costshare.coordinate'::regproc;
SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
 WHERE c.conrelid = 'costshare.plan'::regclass AND pg_get_constraintdef(c.oid) LIKE '%cob_method%';
