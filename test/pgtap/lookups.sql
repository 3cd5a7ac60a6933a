-- lookups.sql — the C lookups of 1.2 (costshare.line_context, costshare.accumulators) against the
-- PL/pgSQL they replaced (schema costshare_v11, loaded by test.sh from the frozen 1.1 script through
-- test/reference/lookups_1_1.sh), compared as text (so a 0 against a 0.00 counts as a difference) on
-- every combination of a grid over the sample practice plus extra ledger history: every member and an
-- unknown one, dates across plan years, coverage starts and ends, every service code and an unknown
-- one, every provider, none and an unknown one, office and telehealth places, with and without a
-- telehealth modifier.
BEGIN;
SELECT plan(12);
SET LOCAL client_min_messages = warning;
\i sample/plans.sql

-- more history: versions of the same line (the latest counts), reversals, estimates (never count),
-- another bucket, a visit limit used up, lines before a snapshot, and fourth-quarter carryover on a plan that has it
\o /dev/null
SELECT costshare.post_claim_line('X-1', 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', '2026-02-03', 100.00, 0, 20.00, 'mh_psychotherapy', 'in', 1, '2026-02-20');
SELECT costshare.post_claim_line('X-1', 2, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', '2026-02-03', 60.00, 0, 12.00, 'mh_psychotherapy', 'in', 1, '2026-03-01');
SELECT costshare.post_claim_line('X-1', 3, 1, 'reversed', 'M-ALVAREZ-1', 'ACME-PPO', '2026-02-03', 0, 0, 0, 'mh_psychotherapy', 'in', 0, '2026-03-05');
SELECT costshare.post_claim_line('X-2', 1, 1, 'pending', 'M-ALVAREZ-3', 'ACME-PPO', '2026-03-01', 80.00, 25.00, 0, 'mh_psychotherapy', 'in', 1, NULL);
SELECT costshare.post_claim_line('X-2', 1, 2, 'estimated', 'M-ALVAREZ-3', 'ACME-PPO', '2026-03-01', 80.00, 0, 0, 'mh_family', 'in', 1, NULL);
SELECT costshare.post_claim_line('X-3', 1, 1, 'final', 'M-ALVAREZ-2', 'ACME-PPO', '2025-11-20', 300.00, 0, 0, 'mh_diagnostic', 'in', 1, '2025-12-01');
SELECT costshare.post_claim_line('X-4', 1, 1, 'final', 'M-ALVAREZ-2', 'ACME-PPO', '2026-04-11', 90.00, 0, 30.00, 'mh_psychotherapy', 'out', 1, '2026-04-30');
SELECT costshare.post_claim_line('X-5', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-08-02', 150.00, 0, 0, 'mh_psychotherapy', 'in', 2, '2026-08-09');
SELECT costshare.post_claim_line('X-7', 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', '2026-01-15', 0, 500.00, 0, 'mh_family', 'in', 20, '2026-01-30');
SELECT costshare.post_claim_line('X-6', 1, 1, 'final', 'M-OKAFOR-1', 'SUMMIT-PY', '2025-12-10', 75.00, 0, 15.00, NULL, 'in', 1, '2025-12-20');
\o
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source) VALUES
  ('F-ALVAREZ', 'M-ALVAREZ-1', 'ACME-PPO', 'in', '2026-02-25', 100.00, 120.00, '271'),
  ('F-ALVAREZ', NULL, 'ACME-PPO', 'in', '2026-02-25', 100.00, 120.00, '271'),
  ('F-ALVAREZ', NULL, 'ACME-PPO', 'in', '2025-06-01', 40.00, 40.00, '271');
UPDATE costshare.plan SET carryover = true WHERE plan_id = 'ACME-PPO' AND NOT hdhp;

CREATE TEMP TABLE grid AS
SELECT m, d, c, p, pos, modifier
FROM (SELECT member_id FROM costshare.member UNION ALL SELECT 'NOBODY') AS mm(m),
     unnest('{2025-01-09,2025-06-30,2025-07-01,2025-11-26,2026-01-01,2026-02-15,2026-03-10,2026-10-05,2026-12-31,2027-03-01}'::date[]) AS d,
     (SELECT DISTINCT code FROM costshare.service_code UNION ALL SELECT 'X9999') AS cc(c),
     (SELECT provider_id FROM costshare.provider UNION ALL SELECT NULL UNION ALL SELECT 'NOPROVIDER') AS pp(p),
     unnest('{11,02}'::text[]) AS pos,
     unnest(ARRAY[NULL, '95']) AS modifier;

SELECT cmp_ok((SELECT count(*) FROM grid), '>', 20000::bigint, 'the grid has more than 20,000 requests');

-- (1.2 adds allowed_lines, the count of remitted lines behind a remittance-history amount: compared
-- apart below; jsonb keeps each numeric's scale, so 0 against 0.00 still differs)
CREATE TEMP TABLE compared AS
SELECT g.*, (to_jsonb(costshare.line_context(m, d, c, p, pos, modifier)) - 'allowed_lines')::text AS c_result,
       (to_jsonb(costshare_v11.line_context(m, d, c, p, pos, modifier)) - 'allowed_lines')::text AS plpgsql_result,
       (costshare.line_context(m, d, c, p, pos, modifier)).allowed_lines
FROM grid g;

SELECT is((SELECT count(*) FROM compared WHERE c_result IS DISTINCT FROM plpgsql_result), 0::bigint,
          'line_context in C equals the 1.1 PL/pgSQL on every request of the grid');
-- the sample ledger records no service codes: where no fee row prices a line the history is consulted
-- and finds nothing (allowed_lines 0, allowed NULL as in 1.1); elsewhere it is not consulted (NULL)
SELECT is((SELECT array_agg(DISTINCT coalesce(allowed_lines::text, 'null') ORDER BY coalesce(allowed_lines::text, 'null')) FROM compared),
          ARRAY['0', 'null'], 'allowed_lines: 0 where the remittance history was consulted and found nothing, else NULL');
SELECT is((SELECT array_agg(DISTINCT (c_result::jsonb)->>'status') FROM compared),
          '{auth_required,carved_out,eligible,limit_reached,not_eligible,unknown}',
          'the grid reaches every eligibility status') ;
SELECT cmp_ok((SELECT count(DISTINCT (costshare.line_context(m, d, c, p, pos, modifier)).acc::text) FROM grid), '>=', 12::bigint,
              'the grid reaches many different accumulator states');
SELECT cmp_ok((SELECT count(*) FROM grid WHERE (costshare.line_context(m, d, c, p, pos, modifier)).allowed_source = 'percent_of_medicare'
                                           OR (costshare.line_context(m, d, c, p, pos, modifier)).allowed_source = 'medicare_fee_schedule'), '>=', 0::bigint,
              'Medicare-based allowed amounts are compared too (when the fee schedule files are loaded)');

-- estimate in C against the 1.1 PL/pgSQL estimate (which runs the 1.1 line_context), with and without a
-- billed amount (a balance bill out of network); on 1.1's columns (1.2 appends where the terms came from,
-- the second payer's columns, allowed_lines and the third payer's, which the 1.1 estimate leaves NULL). Where a second
-- coverage exists, 1.2's patient_pays is what the patient owes after both payers and its reasons may say
-- the second could not be priced: those two are compared only for lines without a second coverage.
CREATE FUNCTION pg_temp.cols_12() RETURNS text[] LANGUAGE sql IMMUTABLE
AS $$ SELECT '{benefit_source,benefits_interchange,benefits_as_of,benefits_stale,unknown_terms,secondary_plan_id,secondary_payer_id,cob_method,primary_pays,secondary_pays,allowed_lines,third_plan_id,third_payer_id,third_cob_method,third_pays}'::text[] $$;
CREATE TEMP TABLE est_compared AS
SELECT x.m, x.d, x.c, x.p, x.pos, x.billed, x.second,
       (x.c_json - pg_temp.cols_12() - CASE WHEN x.second THEN '{patient_pays,reasons}'::text[] ELSE '{}' END)::text AS c_result,
       (x.v11_json - pg_temp.cols_12() - CASE WHEN x.second THEN '{patient_pays,reasons}'::text[] ELSE '{}' END)::text AS plpgsql_result
FROM (SELECT g.*, b.billed, y.c_json, y.c_json ->> 'secondary_plan_id' IS NOT NULL AS second,
             to_jsonb(costshare_v11.estimate(m, d, c, p, pos, b.billed)) AS v11_json
        FROM (SELECT DISTINCT m, d, c, p, pos FROM grid) g, unnest(ARRAY[NULL, 400.00]::numeric[]) AS b(billed),
             LATERAL (SELECT to_jsonb(costshare.estimate(m, d, c, p, pos, b.billed)) AS c_json) y) x;

SELECT is((SELECT count(*) FROM est_compared WHERE c_result IS DISTINCT FROM plpgsql_result), 0::bigint,
          'estimate in C equals the 1.1 PL/pgSQL estimate on every request of the grid');
SELECT cmp_ok((SELECT count(*) FROM est_compared e, LATERAL costshare.estimate(e.m, e.d, e.c, e.p, e.pos, e.billed) x
               WHERE x.patient_pays IS NOT NULL AND x.balance_bill > 0), '>=', 100::bigint,
              'the compared estimates include priced lines with a balance bill');

-- accumulators on their own, including NULL and unmatched keys, over every bucket and category
CREATE TEMP TABLE acc_grid AS
SELECT m, f, pl, b, cat, costshare.benefit_period(d, ps) AS period, d
FROM (SELECT DISTINCT member_id, family_id, plan_id FROM costshare.enrollment
      UNION ALL SELECT NULL, 'F-ALVAREZ', 'ACME-PPO' UNION ALL SELECT 'M-ALVAREZ-1', NULL, 'ACME-PPO'
      UNION ALL SELECT 'M-ALVAREZ-1', 'F-ALVAREZ', 'NOPLAN') AS e(m, f, pl)
LEFT JOIN costshare.plan x ON x.plan_id = e.pl
CROSS JOIN LATERAL (SELECT x.period_start) AS s(ps)
CROSS JOIN unnest('{in,out,tier1}'::text[]) AS b
CROSS JOIN unnest(ARRAY[NULL, 'mh_psychotherapy', 'mh_family', 'mh_diagnostic']) AS cat
CROSS JOIN unnest('{2025-06-30,2025-12-31,2026-01-01,2026-02-28,2026-03-31,2026-10-05,2026-12-31}'::date[]) AS d;

SELECT is((SELECT count(*) FROM acc_grid
           WHERE costshare.accumulators(m, f, pl, b, cat, period, d)::text
                 IS DISTINCT FROM costshare_v11.accumulators(m, f, pl, b, cat, period, d)::text), 0::bigint,
          'accumulators in C equal the 1.1 PL/pgSQL on every combination');
SELECT is((SELECT count(*) FROM acc_grid
           WHERE costshare.accumulators(m, f, pl, b, cat, NULL, d)::text
                 IS DISTINCT FROM costshare_v11.accumulators(m, f, pl, b, cat, NULL, d)::text), 0::bigint,
          'accumulators with a NULL period: the same as the 1.1 PL/pgSQL');
SELECT cmp_ok((SELECT count(DISTINCT costshare.accumulators(m, f, pl, b, cat, period, d)::text) FROM acc_grid), '>=', 10::bigint,
              'the accumulator grid reaches many different states');

-- an unknown place of service is refused by both with the same error
SELECT throws_ok($$SELECT costshare.line_context('M-ALVAREZ-1', '2026-03-10', '90837', NULL, '99')$$, '22023',
                 'unknown place of service', 'an unknown place of service is refused (22023)');

SELECT * FROM finish();
ROLLBACK;
