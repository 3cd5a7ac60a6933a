-- api_docs: the README's "Every upcoming appointment in one query" examples, exactly as printed there
-- (/work/notes/h6-docs.md until merged), run on the sample practice in one transaction, rolled back.

SET datestyle = 'ISO, YMD';
BEGIN;
\i test/regress/sample_practice.sql

-- README example 1: one estimate, its columns read through LATERAL (the function runs once)
SELECT e.status, e.plan_id, e.allowed, e.deductible, e.coinsurance, e.patient_pays, e.plan_pays,
       e.adjustment_codes
FROM costshare.estimate('M-NGUYEN-1', date '2026-11-20', '90837', '1111111112', '11', 250.00) AS e;

-- README example 2: a practice's schedule
CREATE TEMP TABLE schedule (
    appt_id      bigint PRIMARY KEY,
    member_id    text NOT NULL,
    service_date date NOT NULL,
    service_code text NOT NULL,
    provider_id  text,
    place_of_service text NOT NULL DEFAULT '11'
);
INSERT INTO schedule VALUES
    (101, 'M-NGUYEN-1',  '2026-11-20', '90837', '1111111112', '11'),
    (102, 'M-NGUYEN-1',  '2026-11-27', '90837', '1111111112', '11'),
    (103, 'M-ALVAREZ-1', '2026-11-20', '90837', '1222222223', '10'),
    (104, 'M-OKAFOR-1',  '2026-11-21', '90837', '1111111112', '11'),
    (105, 'M-DAVIS-1',   '2026-11-23', '90834', '1333333334', '1'),
    (106, 'M-UNKNOWN-9', '2026-11-24', '90837', '1111111112', '11');

-- README example 3: every upcoming appointment in one query, each seeing the family's earlier ones
SELECT r.appt_id, r.status, r.sqlstate, (r.line).patient_pays, (r.line).plan_pays, r.message
FROM costshare.estimate_many(ARRAY(
         SELECT ROW(s.appt_id, s.member_id, s.service_date, s.service_code, s.provider_id,
                    s.place_of_service, NULL)::costshare.appointment
           FROM schedule s
          WHERE s.service_date >= date '2026-11-01')) AS r
ORDER BY r.appt_id;

-- README example 4: the same from a query's text (analytics; never from untrusted input)
SELECT r.appt_id, r.sqlstate, (r.line).patient_pays
FROM costshare.estimate_many_query($q$
         SELECT appt_id, member_id, service_date, service_code, provider_id, place_of_service,
                NULL::numeric AS billed
           FROM schedule
          WHERE service_date >= date '2026-11-01' $q$) AS r
ORDER BY r.appt_id;

-- README example 5: per appointment, independently (no appointment sees another), with LATERAL;
-- estimate() raises for a bad appointment, so the join keeps only known places of service
SELECT s.appt_id, e.status, e.patient_pays, e.reasons
FROM schedule AS s
JOIN costshare.place_of_service AS p ON p.pos = s.place_of_service
CROSS JOIN LATERAL costshare.estimate(s.member_id, s.service_date, s.service_code, s.provider_id,
                                      s.place_of_service) AS e
ORDER BY s.appt_id;

-- README example 6: one estimate_many per household, LATERAL over grouped appointments
SELECT r.appt_id, r.sqlstate, (r.line).patient_pays
FROM (SELECT s.member_id,
             array_agg(ROW(s.appt_id, s.member_id, s.service_date, s.service_code, s.provider_id,
                           s.place_of_service, NULL)::costshare.appointment) AS appointments
        FROM schedule s
       GROUP BY s.member_id) AS h
CROSS JOIN LATERAL costshare.estimate_many(h.appointments) AS r
ORDER BY r.appt_id;

-- README (Quick start): (f(...)).* calls the function once per column; in FROM / LATERAL, once.
-- Counted in the plans' output lists.
CREATE FUNCTION pg_temp.calls_in_plan(query text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    r record;
    plan text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        plan := plan || r."QUERY PLAN" || E'\n';
    END LOOP;
    RETURN (length(plan) - length(replace(plan, 'costshare.estimate(', ''))) / length('costshare.estimate(');
END $$;
SELECT pg_temp.calls_in_plan($q$SELECT (costshare.estimate(s.member_id, s.service_date, s.service_code)).*
                                FROM schedule s$q$) AS star_expansion,
       pg_temp.calls_in_plan($q$SELECT e.* FROM schedule s
                                CROSS JOIN LATERAL costshare.estimate(s.member_id, s.service_date, s.service_code) e$q$) AS lateral;

-- README: what each column means (the catalog's comments)
SELECT a.attname AS column, pg_catalog.col_description(a.attrelid, a.attnum) AS meaning
FROM pg_attribute a
WHERE a.attrelid = 'costshare.estimate_result'::regclass AND a.attnum > 0 AND NOT a.attisdropped
  AND a.attname IN ('allowed', 'patient_pays', 'adjustment_codes')
ORDER BY a.attnum;

ROLLBACK;
