-- explain: costshare.explain() for estimates and lines, in English and Spanish, on the sample practice
-- (sample/plans.sql): what each case says (copay and visits left, deductible left or met, coinsurance,
-- out-of-pocket maximum, out of network and the balance bill, visit limit reached, not covered, prior
-- authorization, carve-out, age limit, unknown member, no price), that the amounts in the text are the
-- estimate's to the cent, plural boundaries 0/1/2, grouping of large amounts, the locale fallback,
-- NULLs, refused inputs, and an empty search_path. Everything runs in one transaction, rolled back.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
-- empty plan tables, then the sample practice (sample/plans.sql), loaded quietly
\i test/regress/sample_practice.sql

-- ===================================================================================================
-- 1. Which locale a request gets: the language's catalog (en, es), the region's number conventions
--    when ICU has them, otherwise the catalog's default; any other language falls back to en-US
-- ===================================================================================================
SELECT tag, costshare.explain_locale(tag) AS used
FROM unnest(ARRAY['en-US', 'en', 'en-GB', 'es', 'es-MX', 'es_MX', 'ES-mx', 'es-US', 'es-ZZ',
                  'es-MX-u-nu-arab', 'fr-FR', 'de', 'zh-Hant-TW', 'xx', 'not a tag', '', NULL]) WITH ORDINALITY AS t(tag, n)
ORDER BY n;

-- ===================================================================================================
-- 2. The sample practice, each case in English and Spanish
-- ===================================================================================================
CREATE TEMP TABLE cases (n int, label text, member text, service_date date, code text, provider text,
                         pos text, billed numeric);
INSERT INTO cases VALUES
  (1, 'PPO copay, 20-visit limit',           'M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', '11', NULL),
  (2, 'HDHP deductible, part left',          'M-NGUYEN-1',  '2026-10-20', '90837', '1222222223', '11', NULL),
  (3, 'HDHP deductible met, then 20%',       'M-NGUYEN-1',  '2026-12-20', '90791', '1111111112', '11', NULL),
  (4, 'out of network, billed above allowed', 'M-ALVAREZ-1', '2026-10-05', '90837', '1555555556', '11', 250.00),
  (5, 'Medicaid, authorization on file',     'M-DAVIS-1',   '2026-10-05', '90837', '1333333334', '11', NULL),
  (6, 'Medicaid, authorization missing',     'M-DAVIS-1',   '2026-10-05', '90847', '1333333334', '11', NULL),
  (7, 'carved out',                          'M-OKAFOR-1',  '2026-10-05', '90837', '1222222223', '11', NULL),
  (8, 'dependent past the age limit',        'M-ALVAREZ-4', '2026-10-05', '90837', '1222222223', '11', NULL),
  (9, 'unknown member',                      'NOBODY',      '2026-10-05', '90837', NULL,         '11', NULL),
  (10, 'no price on file (Medicare, no RVUs loaded)', 'M-BROWN-1', '2026-10-05', '90837', '1333333334', '11', NULL),
  (11, 'no coverage on the date',            'M-NGUYEN-1',  '2024-06-01', '90837', '1222222223', '11', NULL);
SELECT c.n, c.label, costshare.explain(c.member, c.service_date, c.code, c.provider, c.pos, c.billed) AS en
FROM cases c ORDER BY c.n;
SELECT c.n, costshare.explain(c.member, c.service_date, c.code, c.provider, c.pos, c.billed, 'es') AS es
FROM cases c ORDER BY c.n;
-- The amounts in the text are the estimate's, to the cent (what the patient pays, the plan pays,
-- the deductible and coinsurance parts), in both locales' formats.
SELECT c.n, e.patient_pays, e.plan_pays, e.deductible, e.coinsurance,
       CASE WHEN e.patient_pays = 0 THEN strpos(x.en, 'You pay nothing') > 0
            ELSE strpos(x.en, 'You pay $' || to_char(e.patient_pays, 'FM999,999,990.00') || ' ') > 0 END AS en_has_patient_pays,
       CASE WHEN e.patient_pays = 0 THEN strpos(x.es, 'Usted no paga nada') > 0
            ELSE strpos(x.es, 'Usted paga ' || replace(to_char(e.patient_pays, 'FM999999990.00'), '.', ',') || U&'\00A0US$') > 0 END
           AS es_has_patient_pays,
       e.plan_pays = 0 OR strpos(x.en, '$' || to_char(e.plan_pays, 'FM999,999,990.00')) > 0 AS en_has_plan_pays,
       e.deductible = 0 OR strpos(x.en, '$' || to_char(e.deductible, 'FM999,999,990.00') || ' goes toward') > 0 AS en_has_deductible,
       e.coinsurance = 0 OR strpos(x.en, '$' || to_char(e.coinsurance, 'FM999,999,990.00') || '.') > 0 AS en_has_coinsurance
FROM cases c
CROSS JOIN LATERAL costshare.estimate(c.member, c.service_date, c.code, c.provider, c.pos, c.billed) e
CROSS JOIN LATERAL (SELECT costshare.explain(c.member, c.service_date, c.code, c.provider, c.pos, c.billed) AS en,
                           costshare.explain(c.member, c.service_date, c.code, c.provider, c.pos, c.billed, 'es') AS es) x
WHERE e.patient_pays IS NOT NULL
ORDER BY c.n;
-- An estimate alone (no terms): the amounts without the deductible's total, the rate or the visits.
SELECT costshare.explain(costshare.estimate('M-NGUYEN-1', '2026-12-20', '90791', '1111111112')) AS en,
       costshare.explain(costshare.estimate('M-NGUYEN-1', '2026-12-20', '90791', '1111111112'), 'es-MX') AS es_mx;

-- Visits left: 2 / 1 / 0 at the plural boundaries, then the limit reached (Alvarez PPO: 20 visits).
-- 17 visits already posted leave 2 after this one; then 18, then 19; at 20 the visit is not covered.
CREATE FUNCTION pg_temp.post_visits(first int, last int) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(costshare.post_claim_line('CLM-A-' || g, 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO',
                                           date '2026-01-05' + g, 0, 25.00, 0, 'mh_psychotherapy', 'in', 1,
                                           date '2026-01-20' + g))
    FROM generate_series(first, last) g
$$;
CREATE TEMP TABLE visits (used int, status text, en text, es text);
SELECT pg_temp.post_visits(1, 17) AS posted;
INSERT INTO visits SELECT 17, (costshare.estimate('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223')).status,
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223'),
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', locale => 'es');
SELECT pg_temp.post_visits(18, 18) AS posted;
INSERT INTO visits SELECT 18, (costshare.estimate('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223')).status,
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223'),
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', locale => 'es');
SELECT pg_temp.post_visits(19, 19) AS posted;
INSERT INTO visits SELECT 19, (costshare.estimate('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223')).status,
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223'),
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', locale => 'es');
SELECT pg_temp.post_visits(20, 20) AS posted;
INSERT INTO visits SELECT 20, (costshare.estimate('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223')).status,
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223'),
    costshare.explain('M-ALVAREZ-1', '2026-10-05', '90837', '1222222223', locale => 'es');
SELECT used, status, en, es FROM visits ORDER BY used;

-- ===================================================================================================
-- 3. One line (costshare.breakdown), with and without its terms
-- ===================================================================================================
-- The issue's sentence: 150.00 toward a 1,500.00 deductible, then 20%.
SELECT costshare.explain(costshare.adjudicate(150.00, t), 'en-US', t) AS en,
       costshare.explain(costshare.adjudicate(150.00, t), 'es', t) AS es,
       costshare.explain(costshare.adjudicate(150.00, t)) AS en_without_terms
FROM (SELECT costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000) AS t) x;
-- Large amounts: grouping in English; Spanish groups from 10,000 (ICU's es locale).
-- domain.md §11 row 1: allowed 20,000, deductible 1,300, 20%, OOP 4,400 binds.
SELECT costshare.explain(b, 'en-US', t) AS en, costshare.explain(b, 'es', t) AS es, b.patient_pays, b.plan_pays
FROM (SELECT costshare.terms(ded_individual => 1300, coinsurance => 0.2, oop_individual => 4400) AS t) x
CROSS JOIN LATERAL costshare.adjudicate(20000.00, x.t) b;
-- Not covered, out of network with a balance bill (worked figure 12 terms, billed 200, allowed 120).
SELECT costshare.explain(costshare.adjudicate(120.00, costshare.terms(covered => false), NULL, 200.00), 'en-US') AS not_covered,
       costshare.explain(costshare.adjudicate(120.00, t, costshare.accum(ded_individual_met => 500), 200.00), 'es', t) AS oon_es
FROM (SELECT costshare.terms(coinsurance => 0.4, network => 'out', ded_individual => 500) AS t) x;
-- The visit limit reached, with 1 and with 20 visits (plural).
SELECT lim, costshare.explain(costshare.adjudicate(90.00, t, costshare.accum(visits_used => lim)), 'en-US', t) AS en,
       costshare.explain(costshare.adjudicate(90.00, t, costshare.accum(visits_used => lim)), 'es', t) AS es
FROM (VALUES (1), (20)) v(lim)
CROSS JOIN LATERAL (SELECT costshare.terms(copay => 20, visit_limit => v.lim) AS t) x
ORDER BY lim;
-- Nothing to pay (preventive-style zero copay).
SELECT costshare.explain(costshare.adjudicate(100.00, costshare.terms(copay => 0)), 'es-US') AS es_us;

-- ===================================================================================================
-- 4. NULLs and refused inputs
-- ===================================================================================================
SELECT costshare.explain(NULL::costshare.estimate_result) IS NULL AS null_estimate,
       costshare.explain(NULL::costshare.breakdown, 'es') IS NULL AS null_line,
       costshare.explain(costshare.adjudicate(50.00, costshare.terms(copay => 10)), NULL) AS null_locale_is_en_us;
-- An estimate with a status no estimate has (22023).
SELECT costshare.explain(pg_catalog.jsonb_populate_record(NULL::costshare.estimate_result, '{"status": "bogus"}'));
-- A line without its amounts (22004).
SELECT costshare.explain(ROW(100, 0, 0, 0, 0, 0, 0, NULL, 100, false, '{}', NULL)::costshare.breakdown);
-- Fractions of a cent (22023) and negative amounts (22003) are refused like everywhere else.
SELECT costshare.explain(ROW(100, 0, 0, 0, 0, 0, 0, 10.005, 89.995, false, '{}', NULL)::costshare.breakdown);
SELECT costshare.explain(ROW(100, -5, 0, 0, 0, 0, 0, 10, 90, false, '{3}', NULL)::costshare.breakdown);

-- ===================================================================================================
-- 5. Under an empty search_path
-- ===================================================================================================
SET search_path = '';
SELECT costshare.explain('M-NGUYEN-1', '2026-10-20', '90837', '1222222223', locale => 'es-MX') AS es_mx,
       costshare.explain_locale('es_US') AS locale;
RESET search_path;
ROLLBACK;
