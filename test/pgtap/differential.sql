-- differential.sql — the C engine against the independent PL/pgSQL reference (test/reference), on
-- seeded random cases: 100,000 single lines and about 100,000 lines of random families (period resets,
-- plan years, carryover, buckets and cross-credits, openings, copay per day, caps binding mid-line).
-- Results must be identical to the cent: breakdowns are compared as text, so scale, reason codes and
-- the accumulators after each line all count.
BEGIN;
SELECT plan(6);
SET LOCAL client_min_messages = warning;

-- pick(): one element of an array, by a random number in [0, 1)
CREATE FUNCTION pg_temp.pick(anyarray, float8) RETURNS anyelement
LANGUAGE sql IMMUTABLE AS $$ SELECT $1[1 + floor($2 * array_length($1, 1))::int] $$;

-- a random amount in cents below max dollars, returned as numeric dollars
CREATE FUNCTION pg_temp.amt(max_dollars int, r float8) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$ SELECT (floor(r * max_dollars * 100)::bigint / 100.0)::numeric(14,2) $$;

SELECT setseed(0.2026);

CREATE TEMP TABLE single AS
WITH rnd AS (
    -- 30 random numbers per case (the correlation with i makes the subquery run for every row)
    SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 30) WHERE i > 0) AS r
    FROM generate_series(1, 100000) i
)
SELECT i,
       CASE WHEN r[1] < 0.15 THEN pg_temp.amt(5, r[2])
            WHEN r[1] < 0.85 THEN pg_temp.amt(400, r[2])
            ELSE pg_temp.amt(30000, r[2]) END AS allowed,
       CASE WHEN r[3] < 0.5 THEN NULL ELSE pg_temp.amt(600, r[4]) END AS billed_extra,
       r
FROM rnd;

CREATE TEMP TABLE single_cases AS
SELECT i, allowed,
       CASE WHEN billed_extra IS NULL THEN NULL ELSE allowed + billed_extra - 100 END AS billed0,
       t, a
FROM (
    SELECT s.*,
        -- terms: each field from its own random number
        ROW(
            CASE WHEN r[5] < 0.45 THEN NULL ELSE pg_temp.pick(ARRAY[0, 10, 25, 30, 40, 500, 12.34]::numeric[], r[6]) END,
            pg_temp.pick(ARRAY[0, 0.1, 0.2, 0.25, 0.3, 0.333333, 0.5, 1, 0.123457]::numeric[], r[7]),
            r[8] < 0.8,
            NULL::boolean,                       -- copay_after_deductible, set below
            r[9] < 0.95,
            CASE WHEN r[10] < 0.2 THEN NULL ELSE pg_temp.pick(ARRAY[0, 50, 500, 1300, 1650, 4000]::numeric[], r[11]) END,
            CASE WHEN r[12] < 0.5 THEN NULL ELSE pg_temp.pick(ARRAY[100, 1000, 3300, 8000]::numeric[], r[13]) END,
            pg_temp.pick(ARRAY['embedded', 'aggregate', 'n_of_m'], r[14]),
            CASE WHEN r[15] < 0.2 THEN NULL ELSE pg_temp.pick(ARRAY[0, 100, 1000, 4400, 6850, 9200]::numeric[], r[16]) END,
            CASE WHEN r[17] < 0.4 THEN NULL ELSE pg_temp.pick(ARRAY[500, 10000, 18400]::numeric[], r[18]) END,
            r[19] < 0.5,
            CASE WHEN r[20] < 0.8 THEN NULL ELSE floor(r[21] * 25)::int END,
            pg_temp.pick(ARRAY['in', 'in', 'out'], r[22]),
            pg_temp.pick(ARRAY['half_up', 'half_even', 'truncate'], r[23]),
            NULL::date,
            r[24] < 0.1,
            CASE WHEN r[25] < 0.85 THEN NULL ELSE floor(r[26] * 5)::int END,
            CASE WHEN r[14] >= 2.0/3 THEN 1 + floor(r[27] * 3)::int ELSE NULL END,
            CASE WHEN r[28] < 0.9 THEN NULL ELSE pg_temp.pick(ARRAY[0, 50, 300]::numeric[], r[29]) END,
            false, 'line', NULL::text, NULL::text[]
        )::costshare.terms AS t,
        ROW(pg_temp.amt(5000, r[30] * r[2]), pg_temp.amt(9000, r[30] * r[3]),
            pg_temp.amt(10000, r[30] * r[4]), pg_temp.amt(20000, r[30] * r[6]),
            floor(r[30] * 30)::int, pg_temp.amt(400, r[30] * r[7]), floor(r[30] * 4)::int)::costshare.accum AS a
    FROM single s
) x;

-- make the terms consistent (the engine refuses contradictions; that is tested in sql/errors.sql)
UPDATE single_cases SET t.copay_after_deductible = ((i * 7919) % 5 = 0)
 WHERE (t).copay IS NOT NULL AND (t).deductible_applies;
UPDATE single_cases SET t.copay_visits = NULL WHERE (t).copay IS NULL;
UPDATE single_cases SET t.family_deductible = 'embedded'
 WHERE (t).family_deductible = 'n_of_m' AND (t).ded_individual IS NULL;
UPDATE single_cases SET billed0 = greatest(billed0, 0);

SELECT is((SELECT count(*) FROM single_cases), 100000::bigint, '100,000 random single lines');

CREATE TEMP TABLE single_diff AS
SELECT i, c::text AS c_result, r::text AS ref_result, allowed, billed0, t::text AS terms, a::text AS acc
FROM (SELECT i, allowed, billed0, t, a,
             costshare.adjudicate(allowed, t, a, billed0) AS c,
             costshare_ref.adjudicate(allowed, t, a, billed0) AS r
      FROM single_cases) s
WHERE c::text IS DISTINCT FROM r::text;

SELECT is((SELECT count(*) FROM single_diff), 0::bigint,
          'adjudicate: C and the PL/pgSQL reference agree to the cent on 100,000 lines');
SELECT diag(format(E'mismatch: allowed %s billed %s\n  terms %s\n  acc %s\n  C   %s\n  ref %s',
                   allowed, billed0, terms, acc, c_result, ref_result))
FROM (SELECT * FROM single_diff ORDER BY i LIMIT 5) d;

SELECT ok((SELECT count(*) FILTER (WHERE (costshare.adjudicate(allowed, t, a, billed0)).oop_capped) > 1000
           FROM single_cases),
          'the random lines include many where the OOP cap binds mid-line');

-- ---- families ----------------------------------------------------------------------------------
SELECT setseed(0.7);
CREATE TEMP TABLE fam AS
SELECT f AS family,
       1 + floor(random() * 5)::int AS members,
       5 + floor(random() * 35)::int AS nlines,
       random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
FROM generate_series(1, 5000) f;

CREATE TEMP TABLE fam_lines AS
SELECT row_number() OVER () AS line_id, l.*
FROM (
    SELECT 'F' || f.family AS family,
           'M' || (1 + floor(random() * f.members)::int) AS member,
           date '2024-01-01' + floor(random() * 1000)::int AS service_date,
           CASE WHEN random() < 0.7 THEN pg_temp.amt(300, random()) ELSE pg_temp.amt(5000, random()) END AS allowed,
           random() AS q1, random() AS q2, random() AS q3, random() AS q4, random() AS q5,
           f.r1, f.r2, f.r3, f.r4, f.r5, f.r6, f.members
    FROM fam f, generate_series(1, f.nlines) n
) l;

CREATE TEMP TABLE fam_cases AS
SELECT line_id, family, member, service_date, allowed,
       costshare.terms(
           copay => CASE WHEN q1 < 0.5 THEN pg_temp.pick(ARRAY[20, 30, 45]::numeric[], q2) END,
           coinsurance => pg_temp.pick(ARRAY[0, 0.2, 0.3, 0.5]::numeric[], r1),
           deductible_applies => q3 < 0.85,
           copay_after_deductible => (q1 < 0.5 AND q3 < 0.85 AND r2 < 0.2),
           covered => q4 > 0.03,
           ded_individual => pg_temp.pick(ARRAY[250, 1000, 1650]::numeric[], r3),
           ded_family => pg_temp.pick(ARRAY[500, 2000, 3300]::numeric[], r4),
           family_deductible => pg_temp.pick(ARRAY['embedded', 'aggregate', 'n_of_m'], r5),
           family_ded_members => 2,
           oop_individual => pg_temp.pick(ARRAY[1500, 3000, 6850]::numeric[], r6),
           oop_family => pg_temp.pick(ARRAY[3000, 6000, 10000]::numeric[], r2),
           family_coverage => members > 1 OR r3 < 0.3,
           visit_limit => CASE WHEN r4 < 0.3 THEN 12 END,
           network => CASE WHEN q5 < 0.2 THEN 'out' ELSE 'in' END,
           rounding => pg_temp.pick(ARRAY['half_up', 'half_even', 'truncate'], r5),
           period_start => pg_temp.pick(ARRAY[NULL, '2024-07-01', '2024-02-29', '2024-10-15']::date[], r6),
           carryover => r1 < 0.3,
           copay_per => CASE WHEN r2 < 0.3 THEN 'day' ELSE 'line' END,
           copay_visits => CASE WHEN q1 < 0.5 AND r3 > 0.8 THEN 3 END,
           coinsurance_limit => CASE WHEN r4 > 0.85 THEN 400 END,
           also_credits => CASE WHEN r5 < 0.3 AND q5 < 0.2 THEN ARRAY['in']
                                WHEN r5 > 0.8 THEN ARRAY['in', 'out'] END) AS terms,
       CASE WHEN q2 < 0.05 THEN costshare.accum(ded_individual_met => pg_temp.amt(300, q3),
                                                ded_family_met => pg_temp.amt(900, q3),
                                                oop_individual_met => pg_temp.amt(800, q4),
                                                oop_family_met => pg_temp.amt(1600, q4),
                                                visits_used => floor(q5 * 5)::int) END AS opening,
       CASE WHEN q5 < 0.2 AND q4 < 0.5 THEN allowed + pg_temp.amt(200, q2) END AS billed
FROM fam_lines;

SELECT ok((SELECT count(*) FROM fam_cases) > 90000, 'about 100,000 random family lines');

CREATE TEMP TABLE fam_c AS
SELECT line_id,
       costshare.accumulate(member, service_date, allowed, terms, opening, billed)
           OVER (PARTITION BY family ORDER BY service_date, line_id) AS result
FROM fam_cases;

CREATE TEMP TABLE fam_ref AS
SELECT * FROM costshare_ref.accumulate_query(
    'SELECT line_id, family, member, service_date, allowed, terms, opening, billed FROM fam_cases');

CREATE TEMP TABLE fam_diff AS
SELECT c.line_id, c.result::text AS c_result, r.result::text AS ref_result
FROM fam_c c FULL JOIN fam_ref r USING (line_id)
WHERE c.result::text IS DISTINCT FROM r.result::text;

SELECT is((SELECT count(*) FROM fam_diff), 0::bigint,
          'accumulate: C and the PL/pgSQL reference agree to the cent on every family line');
SELECT diag(format(E'family mismatch, line %s (%s %s %s allowed %s)\n  terms %s\n  opening %s\n  C   %s\n  ref %s',
                   d.line_id, fc.family, fc.member, fc.service_date, fc.allowed, fc.terms, fc.opening,
                   d.c_result, d.ref_result))
FROM (SELECT * FROM fam_diff ORDER BY line_id LIMIT 5) d JOIN fam_cases fc USING (line_id);

SELECT ok((SELECT count(DISTINCT costshare.benefit_period(service_date, (terms).period_start)) FROM fam_cases) > 6,
          'the family lines cross several benefit periods');

SELECT * FROM finish();
ROLLBACK;
