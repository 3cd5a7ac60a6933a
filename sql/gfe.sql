-- gfe: the self-pay Good Faith Estimate (issue 14, domain.md §5): business days and observed federal
-- holidays, the due-date rule at its 3 and 10 business-day boundaries and on request, line prices with
-- percentage / fixed discounts and the total, the $400 rule at 399.99 / 400.00 (per provider), the
-- notices in English and Spanish, the costshare and Da Vinci PCT shapes, and bad input with SQLSTATEs.
-- On the sample practice (sample/plans.sql), in one transaction rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
\set VERBOSITY default
BEGIN;
\i test/regress/sample_practice.sql
-- an error's SQLSTATE and message, for the bad-input cases
CREATE FUNCTION pg_temp.fails(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- the practice's self-pay prices: practice-wide, the psychiatrist's own, a prompt-pay percentage and a
-- sliding-scale step (percentage then a fixed amount)
INSERT INTO costshare.self_pay_price (code, modifier, provider_id, valid, price, discount_rate, discount_amount, discount_reason) VALUES
  ('90791', '', NULL, '[2026-01-01,)', 200.00, NULL, NULL, NULL),
  ('90837', '', NULL, '[2026-01-01,)', 150.00, NULL, NULL, NULL),
  ('90837', '', '1111111112', '[2026-01-01,)', 220.00, NULL, NULL, NULL),
  ('90834', '', NULL, '[2026-01-01,)', 120.00, 0.10, NULL, 'prompt_pay'),
  ('90847', '', NULL, '[2026-01-01,)', 160.00, 0.25, 5.00, 'sliding_scale');
SELECT code, modifier, provider_id, price, discount_rate, discount_amount, discount_reason
  FROM costshare.self_pay_price ORDER BY code, provider_id NULLS FIRST;

-- ===================================================================================================
-- 1. Business days: weekends and observed federal holidays
-- ===================================================================================================
SELECT d::date AS day, to_char(d, 'Dy') AS dow, costshare.is_business_day(d::date) AS business
  FROM unnest(ARRAY['2021-12-31', '2022-01-03', '2023-01-02', '2026-11-26', '2026-11-27', '2026-12-25',
                    '2027-06-18', '2027-12-31', '2026-12-05']::date[]) AS d ORDER BY d;
SELECT costshare.business_days_between('2026-12-18', '2027-01-04') AS nine,
       costshare.business_days_between('2026-12-18', '2027-01-05') AS ten,
       costshare.add_business_days('2026-12-23', 3) AS after_christmas,
       costshare.add_business_days('2026-12-05', 1) AS saturday_plus_one;

-- ===================================================================================================
-- 2. When the GFE is due
-- ===================================================================================================
SELECT s AS scheduled_on, v AS service_on, r AS requested, t.*
  FROM (VALUES ('2026-12-07'::date, '2026-12-09'::date, false),   -- 2 ahead: not required
               ('2026-12-07', '2026-12-10', false),               -- 3 ahead: 1 business day
               ('2026-12-18', '2027-01-04', false),               -- 9 ahead over the holidays
               ('2026-12-18', '2027-01-05', false),               -- 10 ahead: 3 business days
               ('2026-12-23', '2026-12-24', true),                -- requested: 3 business days
               ('2026-11-25', '2026-12-14', false)) AS x (s, v, r),  -- over Thanksgiving
       LATERAL costshare.gfe_timing(s, v, r) t;
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_timing('2026-12-10', '2026-12-09')$q$);  -- 42P20
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_timing(NULL, '2026-12-09')$q$);  -- 22004
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_timing('2026-12-07', NULL)$q$);  -- 22004
-- a request before any service is scheduled
SELECT * FROM costshare.gfe_timing('2026-12-23', NULL, true);
SELECT pg_temp.fails($q$SELECT costshare.is_business_day('infinity')$q$);  -- 22008

-- ===================================================================================================
-- 3. Lines, discounts, total
-- ===================================================================================================
SELECT * FROM costshare.gfe_line(150.00, NULL, NULL, 20);
SELECT * FROM costshare.gfe_line(120.00, 0.10, NULL, 3);
SELECT * FROM costshare.gfe_line(160.00, 0.25, 5.00, 4);
SELECT * FROM costshare.gfe_line(99.99, 0.333333, NULL, 1);
SELECT costshare.gfe_total(ARRAY[3000.00, 324.00, 460.00]);
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_line('NaN', NULL, NULL, 1)$q$);  -- 22003
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_line(-150.00, NULL, NULL, 1)$q$);  -- 22003
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_line(150.001, NULL, NULL, 1)$q$);  -- 22023
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_line(150.00, NULL, 150.01, 1)$q$);  -- 22003
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_line(150.00, 1.5, NULL, 1)$q$);  -- 22003
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_line(150.00, NULL, NULL, 0)$q$);  -- 22003
SELECT pg_temp.fails($q$SELECT costshare.gfe_total(ARRAY[1000000000.00, 0.01])$q$);  -- 22003

-- the price list's own checks
SELECT pg_temp.fails($q$INSERT INTO costshare.self_pay_price (code, valid, price) VALUES ('90832', '[2026-01-01,)', 'NaN')$q$);
SELECT pg_temp.fails($q$INSERT INTO costshare.self_pay_price (code, valid, price) VALUES ('90832', '[2026-01-01,)', 80.005)$q$);
SELECT pg_temp.fails($q$INSERT INTO costshare.self_pay_price (code, valid, price, discount_amount) VALUES ('90832', '[2026-01-01,)', 80.00, 90.00)$q$);
SELECT pg_temp.fails($q$INSERT INTO costshare.self_pay_price (code, valid, price) VALUES ('90837', '[2026-06-01,2026-07-01)', 140.00)$q$);

-- ===================================================================================================
-- 4. The $400 rule
-- ===================================================================================================
SELECT * FROM costshare.gfe_dispute(1000.00, 1399.99);
SELECT * FROM costshare.gfe_dispute(1000.00, 1400.00);
SELECT * FROM costshare.gfe_dispute(1000.00, 900.00);
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_dispute('NaN', 900.00)$q$);  -- 22003
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_dispute(1000.00, -1)$q$);  -- 22003
SELECT pg_temp.fails($q$SELECT * FROM costshare.gfe_dispute(NULL, 900.00)$q$);  -- 22004

-- ===================================================================================================
-- 5. The estimate: a weekly course of therapy, an intake on a date, a family session with discounts
-- ===================================================================================================
CREATE TEMP TABLE g AS SELECT costshare.good_faith_estimate(
    '[{"code": "90791", "dates": ["2027-01-05"]},
      {"code": "90837", "count": 20},
      {"code": "90847", "count": 4, "provider": "1444444445"},
      {"code": "90837", "count": 6, "provider": "1111111112"},
      {"code": "90834", "dates": ["2027-03-02", "2027-02-02"]}]',
    scheduled_on => '2026-12-18', service_on => '2027-01-05', diagnoses => ARRAY['F41.1', 'F33.1'],
    provider => '1333333334', practice_tin => '47-1234567', period_end => '2027-06-30') AS g;
SELECT jsonb_pretty(g - 'lines' - 'providers' - 'notices') AS header FROM g;
SELECT l.* FROM g, jsonb_to_recordset(g -> 'lines') AS l (line int, code text, provider_id text, sessions int, dates date[],
    price numeric, discount_rate numeric, discount_amount numeric, discount_reason text, unit_price numeric, total numeric);
SELECT p.* FROM g, jsonb_to_recordset(g -> 'providers') AS p (provider_id text, npi text, tin text, name text, credential text, total numeric);
SELECT n ->> 'key' AS key, n ->> 'text' AS text FROM g, jsonb_array_elements(g -> 'notices') n;
-- the total is the providers' totals added up, and the lines' too
SELECT (g ->> 'total')::numeric = (SELECT sum((p ->> 'total')::numeric) FROM jsonb_array_elements(g -> 'providers') p) AS by_provider,
       (g ->> 'total')::numeric = (SELECT sum((l ->> 'total')::numeric) FROM jsonb_array_elements(g -> 'lines') l) AS by_line
  FROM g;

-- the same in Spanish: the notices only
SELECT n ->> 'key' AS key, n ->> 'text' AS text
  FROM jsonb_array_elements(costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10',
                                                          provider => '1333333334', locale => 'es-US') -> 'notices') n;
SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10',
                                     provider => '1333333334', locale => 'es-MX') -> 'locale' AS locale;

-- timing carried by the estimate: issued late, not required, requested
SELECT g -> 'timing' AS timing
  FROM (VALUES (costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10',
                                              provider => '1333333334', issued_on => '2026-12-09')),
               (costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-08',
                                              provider => '1333333334')),
               (costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-23', '2026-12-24',
                                              provider => '1333333334', requested => true, issued_on => '2026-12-29'))) AS x (g);

-- the $400 rule per provider against the estimate: 399.99 over for one, 400.00 for the other
SELECT d.* FROM costshare.gfe_dispute(
    costshare.good_faith_estimate('[{"code": "90837", "count": 10}, {"code": "90837", "count": 2, "provider": "1111111112"}]',
                                  '2026-12-07', '2027-01-05', provider => '1333333334'),
    '{"1333333334": 1899.99, "1111111112": 840.00}') d;

-- the Da Vinci PCT shape
CREATE TEMP TABLE pct AS SELECT costshare.good_faith_estimate(
    '[{"code": "90837", "count": 2}, {"code": "90791", "dates": ["2027-01-05"], "modifier": "95"}]',
    '2026-12-18', '2027-01-05', diagnoses => ARRAY['F41.1'], provider => '1333333334', format => 'pct', locale => 'es') AS b;
SELECT jsonb_pretty(b #- '{entry,0,resource,text}') FROM pct;
SELECT left(b #>> '{entry,0,resource,text,div}', 120) AS narrative FROM pct;

-- bad input: SQLSTATE and message
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "99999", "count": 1}]', '2026-12-07', '2026-12-10', provider => '1333333334')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1, "dates": ["2027-01-05"]}]', '2026-12-07', '2026-12-10', provider => '1333333334')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1.5}]', '2026-12-07', '2026-12-10', provider => '1333333334')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[]', '2026-12-07', '2026-12-10', provider => '1333333334')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "dates": ["2028-01-05"]}]', '2026-12-07', '2026-12-10', provider => '1333333334')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10', provider => '1333333334', period_end => '2027-12-10')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10', provider => '1333333334', diagnoses => ARRAY['depression'])$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10', provider => '1333333334', format => 'pdf')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-11', '2026-12-10', provider => '1333333334')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', '2026-12-07', '2026-12-10', provider => '1333333334', issued_on => '2026-12-01')$q$);
SELECT pg_temp.fails($q$SELECT costshare.good_faith_estimate('[{"code": "90837", "count": 1}]', NULL, '2026-12-10', provider => '1333333334')$q$);
ROLLBACK;
