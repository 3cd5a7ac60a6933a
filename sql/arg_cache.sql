-- arg_cache: adjudicate decodes a terms or accum argument once and reuses it while the next row's
-- argument has the same bytes. Rows whose accumulators differ, alternate or repeat must each be
-- priced with their own; an invalid row is refused wherever it stands.
SET datestyle = 'ISO, YMD';

-- 700 met, 1400 met, 700 met again, nothing met, 1500 met: $1,500 deductible, 20%, $5,000 OOP
SELECT n, met, (costshare.adjudicate(200.00,
          costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000),
          costshare.accum(ded_individual_met => met))).patient_pays,
       ((costshare.adjudicate(200.00,
          costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000),
          costshare.accum(ded_individual_met => met))).acc_after).ded_individual_met AS ded_met_after
  FROM (VALUES (1, 700.00), (2, 1400.00), (3, 700.00), (4, 0.00), (5, 1500.00), (6, 1400.00)) v(n, met)
 ORDER BY n;

-- the same accumulators as a column of composites (not a constant folded by the planner)
CREATE TEMP TABLE acc_rows AS
SELECT n, costshare.accum(ded_individual_met => met, oop_individual_met => met) AS acc
  FROM (VALUES (1, 100.00), (2, 1450.00), (3, 100.00), (4, 1450.00)) v(n, met);
SELECT n, (costshare.adjudicate(100.00, costshare.terms(ded_individual => 1500, coinsurance => 0.2,
           oop_individual => 5000), acc)).patient_pays
  FROM acc_rows ORDER BY n;

-- a valid row, then an invalid one: the invalid one is refused (it is never answered from the cache)
SELECT n, (costshare.adjudicate(100.00, costshare.terms(copay => 30), a)).patient_pays
  FROM (VALUES (1, costshare.accum(visits_used => 2)), (2, costshare.accum(visits_used => 2)),
               (3, ROW(0, 0, 0, 0, -1, 0, 0)::costshare.accum)) v(n, a)
 ORDER BY n;
