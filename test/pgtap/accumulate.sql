-- accumulate.sql — properties of costshare.accumulate over random families (rules.md "Many lines"):
-- 3,000 seeded families of 1-5 members with 1-30 lines over 2-3 calendar years, each with its own random
-- terms (family deductible mode, OOP limits, copay variants, visit limits, plan years, carryover,
-- copay per day) and lines in and out of network. Checked per member, family, benefit period and
-- bucket: every line balances, the OOP and deductible limits hold, the accumulators are the running
-- sums of the lines, and each line is exactly costshare.adjudicate with the accumulators before it.
BEGIN;
SELECT plan(18);
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS costshare CASCADE;
SET LOCAL max_parallel_workers_per_gather = 0;	-- random() in one process: the same cases every run

CREATE FUNCTION pg_temp.amt(max_dollars numeric, r float8) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$ SELECT floor(r * max_dollars * 100)::numeric / 100 $$;
CREATE FUNCTION pg_temp.pick(anyarray, float8) RETURNS anyelement
LANGUAGE sql IMMUTABLE AS $$ SELECT $1[1 + floor($2 * array_length($1, 1))::int] $$;

CREATE TEMP TABLE seed AS SELECT setseed(0.42)::text AS s;

-- Families and their terms.
CREATE TEMP TABLE fam AS
SELECT f, 1 + floor(r[1] * 5)::int AS members, 1 + floor(r[2] * 30)::int AS lines,
       make_date(2023 + floor(r[3] * 2)::int, 1, 1) AS first_day,
       2 + floor(r[4] * 2)::int AS years,
       CASE WHEN r[5] < 0.8 THEN 100 + pg_temp.amt(2900, r[6]) END AS ded_individual,
       CASE WHEN r[7] < 0.6 THEN 200 + pg_temp.amt(6000, r[8]) END AS ded_family,
       pg_temp.pick(ARRAY['embedded', 'aggregate', 'n_of_m'], r[9]) AS mode_wish,
       1 + floor(r[10] * 3)::int AS ded_members,
       CASE WHEN r[11] < 0.8 THEN 500 + pg_temp.amt(8700, r[12]) END AS oop_individual,
       CASE WHEN r[13] < 0.6 THEN 1000 + pg_temp.amt(17400, r[14]) END AS oop_family,
       r[15] < 0.9 AS family_coverage,
       pg_temp.pick(ARRAY[0, 0.1, 0.2, 0.25, 0.3, 0.5, 1, 0.333333]::numeric[], r[16]) AS coinsurance,
       CASE WHEN r[17] < 0.5 THEN pg_temp.amt(80, r[18]) END AS copay,
       r[19] < 0.1 AS hdhp_wish,
       r[20] < 0.1 AS copay_counts,
       CASE WHEN r[21] < 0.1 THEN floor(r[22] * 5)::int END AS copay_visits_wish,
       CASE WHEN r[23] < 0.2 THEN 3 + floor(r[24] * 18)::int END AS visit_limit,
       pg_temp.pick(ARRAY['half_up', 'half_even', 'truncate'], r[25]) AS rounding,
       r[26] < 0.3 AS carryover,
       CASE WHEN r[27] < 0.3 THEN make_date(2020, 1 + floor(r[28] * 12)::int, 1) END AS period_start,
       CASE WHEN r[29] < 0.2 THEN 'day' ELSE 'line' END AS copay_per,
       CASE WHEN r[30] < 0.1 THEN pg_temp.amt(1500, r[31]) END AS coinsurance_limit
FROM (SELECT f, (SELECT array_agg(random() ORDER BY k) FROM generate_series(1, 32) AS k WHERE f > 0) AS r
      FROM generate_series(1, 3000) AS f) s;

-- Lines: member, date within the family's years, allowed, network, billed.
CREATE TEMP TABLE line AS
SELECT f AS family, l AS line_id, 'm' || (1 + floor(r[1] * members)::int) AS member,
       first_day + floor(r[2] * ((first_day + make_interval(years => years))::date - first_day))::int AS service_date,
       CASE WHEN r[3] < 0.7 THEN pg_temp.amt(400, r[4]) ELSE pg_temp.amt(12000, r[4] * r[4]) END AS allowed,
       CASE WHEN r[5] < 0.2 THEN 'out' ELSE 'in' END AS network,
       r[6] AS billed_r, r[7] < 0.5 AS has_billed
FROM fam, generate_series(1, lines) AS l,
     LATERAL (SELECT array_agg(random() ORDER BY k) AS r FROM generate_series(1, 8) AS k WHERE l > 0 AND f > 0) x;

CREATE FUNCTION pg_temp.t(x fam, network text) RETURNS costshare.terms
LANGUAGE sql IMMUTABLE AS $$
    SELECT costshare.terms(
        copay => x.copay, coinsurance => x.coinsurance,
        copay_after_deductible => x.hdhp_wish AND x.copay IS NOT NULL,
        ded_individual => x.ded_individual, ded_family => x.ded_family,
        family_deductible => CASE WHEN x.mode_wish = 'n_of_m' AND x.ded_individual IS NULL THEN 'embedded'
                                  ELSE x.mode_wish END,
        family_ded_members => CASE WHEN x.mode_wish = 'n_of_m' AND x.ded_individual IS NOT NULL
                                   THEN x.ded_members END,
        oop_individual => x.oop_individual, oop_family => x.oop_family,
        family_coverage => x.family_coverage, visit_limit => x.visit_limit, network => network,
        rounding => x.rounding, period_start => x.period_start,
        copay_counts_toward_deductible => x.copay_counts,
        copay_visits => CASE WHEN x.copay IS NOT NULL THEN x.copay_visits_wish END,
        coinsurance_limit => x.coinsurance_limit, carryover => x.carryover, copay_per => x.copay_per)
$$;

CREATE TEMP TABLE inp AS
SELECT l.family, l.line_id, l.member, l.service_date, l.allowed, l.network AS bucket,
       CASE WHEN l.has_billed THEN l.allowed + pg_temp.amt(300, l.billed_r) END AS billed,
       pg_temp.t(x, l.network) AS t,
       costshare.benefit_period(l.service_date, x.period_start) AS period,
       x AS fx
FROM line l JOIN fam x ON x.f = l.family;

CREATE TEMP TABLE res AS
SELECT i.*,
       row_number() OVER w AS ord,
       costshare.accumulate(member, service_date, allowed, t, NULL, billed) OVER w AS r
FROM inp i
WINDOW w AS (PARTITION BY family ORDER BY service_date, line_id);

-- Running sums per member / family, benefit period and bucket.
CREATE TEMP TABLE run AS
SELECT res.*,
       (r).copay + (r).deductible + (r).coinsurance AS share,
       (r).not_covered = 0 AS counted,
       sum((r).copay + (r).deductible + (r).coinsurance) OVER mw AS member_oop,
       sum((r).copay + (r).deductible + (r).coinsurance) OVER fw AS family_oop,
       sum((r).deductible) OVER mw AS member_ded,
       sum((r).deductible) OVER fw AS family_ded,
       count(*) FILTER (WHERE (r).not_covered = 0) OVER mw AS member_visits,
       count(*) FILTER (WHERE (r).not_covered = 0 AND (r).copay > 0) OVER (PARTITION BY family, bucket, member, service_date) AS day_copays
FROM res
WINDOW mw AS (PARTITION BY family, bucket, period, member ORDER BY ord),
       fw AS (PARTITION BY family, bucket, period ORDER BY ord);

SELECT is(count(DISTINCT family), 3000::bigint, '3,000 random families adjudicated') FROM res;

SELECT ok(count(*) > 30000, 'with tens of thousands of lines') FROM res;

SELECT is(count(*), 0::bigint, 'every line balances: patient_pays + plan_pays = allowed + balance_bill')
FROM res WHERE (r).patient_pays + (r).plan_pays <> (r).allowed + (r).balance_bill;

SELECT is(count(*), 0::bigint, 'every component is >= 0 and plan_pays <= allowed')
FROM res WHERE least((r).copay, (r).deductible, (r).coinsurance, (r).not_covered, (r).balance_bill,
                     (r).contractual, (r).patient_pays, (r).plan_pays) < 0
            OR (r).plan_pays > (r).allowed;

SELECT is(count(*), 0::bigint, 'a member''s OOP per period and bucket never exceeds oop_individual')
FROM run WHERE (fx).oop_individual IS NOT NULL AND member_oop > (fx).oop_individual;

SELECT is(count(*), 0::bigint, 'the family''s OOP per period and bucket never exceeds oop_family (family coverage)')
FROM run WHERE (fx).family_coverage AND (fx).oop_family IS NOT NULL AND family_oop > (fx).oop_family;

SELECT is(count(*), 0::bigint,
          'a member''s deductible per period and bucket never exceeds ded_individual (where it applies)')
FROM run WHERE (fx).ded_individual IS NOT NULL AND member_ded > (fx).ded_individual
           AND NOT ((t).family_deductible = 'aggregate' AND (fx).family_coverage AND (fx).ded_family IS NOT NULL);

SELECT is(count(*), 0::bigint, 'the family''s deductible per period and bucket never exceeds ded_family (family coverage)')
FROM run WHERE (fx).family_coverage AND (fx).ded_family IS NOT NULL AND family_ded > (fx).ded_family;

SELECT ok(count(*) FILTER (WHERE (r).oop_capped) > 1000
          AND count(*) FILTER (WHERE (fx).family_coverage AND (fx).ded_family IS NOT NULL
                                 AND family_ded = (fx).ded_family) > 500,
          'the limits are reached often enough for these tests to bite')
FROM run;

SELECT is(count(*), 0::bigint,
          'acc_after OOP figures are the running sums of the cost sharing (member and family, per period and bucket)')
FROM run WHERE (r).acc_after.oop_individual_met <> member_oop OR (r).acc_after.oop_family_met <> family_oop;

SELECT is(count(*), 0::bigint,
          'acc_after.visits_used counts the member''s covered lines per period and bucket; never above visit_limit')
FROM run WHERE (r).acc_after.visits_used <> member_visits
            OR ((fx).visit_limit IS NOT NULL AND member_visits > (fx).visit_limit);

SELECT is(count(*), 0::bigint, 'a line is refused with 119 exactly when the visit limit was already used up')
FROM run WHERE ('119' = ANY ((r).adjustment_codes))
               IS DISTINCT FROM ((fx).visit_limit IS NOT NULL AND member_visits - CASE WHEN counted THEN 1 ELSE 0 END
                                                                  >= (fx).visit_limit);

-- Deductible met = this period's deductible + the Q4 carryover of the period directly before.
CREATE TEMP TABLE carried AS
SELECT p.family, p.bucket, p.member, p.period AS from_period, sum((p.r).deductible) AS ded
FROM res p
WHERE p.service_date >= (upper(p.period) - interval '3 months')::date
GROUP BY 1, 2, 3, 4;
CREATE INDEX ON carried (family, bucket, member);
ANALYZE carried;
CREATE TEMP TABLE family_prev AS   -- the period of the family's line before each period's first line
SELECT family, period, lag(period) OVER (PARTITION BY family ORDER BY lower(period)) AS prev_period
FROM (SELECT DISTINCT family, period FROM res) s;
SELECT is(count(*), 0::bigint,
          'acc_after deductible figures are the running deductible plus the fourth-quarter carryover (carryover families)')
FROM (SELECT run.*,
             coalesce((SELECT c.ded FROM carried c
                       WHERE (run.fx).carryover AND upper(fp.prev_period) = lower(run.period)
                         AND c.family = run.family AND c.bucket = run.bucket AND c.member = run.member
                         AND c.from_period = fp.prev_period), 0) AS member_carry,
             coalesce((SELECT sum(c.ded) FROM carried c
                       WHERE (run.fx).carryover AND upper(fp.prev_period) = lower(run.period)
                         AND c.family = run.family AND c.bucket = run.bucket
                         AND c.from_period = fp.prev_period), 0) AS family_carry
      FROM run JOIN family_prev fp USING (family, period)
      WHERE NOT (run.fx).copay_counts) s
WHERE (r).acc_after.ded_individual_met <> member_ded + member_carry
   OR (r).acc_after.ded_family_met <> family_ded + family_carry;

SELECT ok((SELECT count(*) FROM carried c JOIN fam x ON x.f = c.family WHERE x.carryover AND c.ded > 0) > 100,
          'carryover families carry fourth-quarter deductible into a following period often enough');

SELECT is(count(*), 0::bigint, 'copay_per day: at most one copay per member, bucket and date')
FROM run WHERE (fx).copay_per = 'day' AND day_copays > 1;

-- Each line is costshare.adjudicate with the accumulators before it: the member's individual figures
-- and the family figures of the bucket after the previous lines of the period, and the number of
-- members who met the individual deductible (families without carryover or copay per day).
CREATE TEMP TABLE reached AS
SELECT family, bucket, period, member, min(ord) AS ord
FROM res WHERE (fx).ded_individual IS NOT NULL AND (r).acc_after.ded_individual_met >= (fx).ded_individual
GROUP BY 1, 2, 3, 4;
CREATE INDEX ON reached (family, bucket);
ANALYZE reached;
SELECT is(count(*), 0::bigint,
          'each line equals costshare.adjudicate(allowed, terms, accumulators before it, billed)')
FROM (SELECT s.*,
             costshare.accum(coalesce((mprev).ded_individual_met, 0), coalesce((fprev).ded_family_met, 0),
                             coalesce((mprev).oop_individual_met, 0), coalesce((fprev).oop_family_met, 0),
                             coalesce((mprev).visits_used, 0), coalesce((mprev).coinsurance_met, 0),
                             (SELECT count(*) FROM reached x
                              WHERE x.family = s.family AND x.bucket = s.bucket AND x.period = s.period
                                AND x.ord < s.ord)::int) AS before
      FROM (SELECT res.*,
                   lag((r).acc_after) OVER (PARTITION BY family, bucket, period, member ORDER BY ord) AS mprev,
                   lag((r).acc_after) OVER (PARTITION BY family, bucket, period ORDER BY ord) AS fprev
            FROM res WHERE NOT (fx).carryover AND (fx).copay_per = 'line') s) s2
WHERE r IS DISTINCT FROM costshare.adjudicate(allowed, t, before, billed);

SELECT is(count(*), 0::bigint, 'results do not depend on the order rows are fed in (only on the window ORDER BY)')
FROM res
JOIN (SELECT family, line_id,
             costshare.accumulate(member, service_date, allowed, t, NULL, billed)
                 OVER (PARTITION BY family ORDER BY service_date, line_id) AS r2
      FROM (SELECT * FROM inp ORDER BY md5(family::text || '/' || line_id::text) DESC OFFSET 0) shuffled) s
USING (family, line_id)
WHERE r IS DISTINCT FROM r2;

CREATE INDEX ON inp (family);
ANALYZE inp;
SELECT is(count(*), 0::bigint, 'families are independent: each of 200 families alone gives the same results')
FROM generate_series(15, 3000, 15) AS f,
     LATERAL (SELECT i.line_id,
                     costshare.accumulate(i.member, i.service_date, i.allowed, i.t, NULL, i.billed)
                         OVER (ORDER BY i.service_date, i.line_id) AS r2
              FROM inp i WHERE i.family = f) alone,
     res
WHERE res.family = f AND res.line_id = alone.line_id AND r IS DISTINCT FROM r2;

SELECT * FROM finish();
ROLLBACK;
