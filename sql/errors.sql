-- errors: hostile input to every function, each refused with its SQLSTATE, message, detail and hint
-- (printed explicitly below), next to the nearest accepted input. Also: no error text ever echoes a
-- member key.

SET datestyle = 'ISO, YMD';

\i test/regress/try.sql

CREATE TEMP TABLE cases (id int PRIMARY KEY, label text, q text);

-- Lines for the window cases; the member key is a name that must never appear in an error.
CREATE TEMP TABLE win (line_id int, member text, service_date date, allowed numeric);
INSERT INTO win VALUES (1, 'Jane Q. Patient 1985-04-12', '2025-01-01', 100.00),
                       (2, 'Jane Q. Patient 1985-04-12', '2025-01-02', 100.00),
                       (3, 'Jane Q. Patient 1985-04-12', '2025-01-03', 100.00),
                       (4, 'Jane Q. Patient 1985-04-12', '2025-01-03', 100.00);

INSERT INTO cases VALUES
-- amounts: negative, fractions of a cent, too large, not finite
(101, 'allowed -1', $$SELECT costshare.adjudicate(-1, costshare.terms())$$),
(102, 'allowed -0.01', $$SELECT costshare.adjudicate(-0.01, costshare.terms())$$),
(103, 'billed -5', $$SELECT costshare.adjudicate(100, costshare.terms(), NULL, -5)$$),
(104, 'copay -5', $$SELECT costshare.terms(copay => -5)$$),
(105, 'ded_individual -1', $$SELECT costshare.terms(ded_individual => -1)$$),
(106, 'oop_individual_met -1', $$SELECT costshare.accum(oop_individual_met => -1)$$),
(107, 'allowed 12.345', $$SELECT costshare.adjudicate(12.345, costshare.terms())$$),
(108, 'copay 0.001', $$SELECT costshare.terms(copay => 0.001)$$),
(109, 'ded_family_met 0.005', $$SELECT costshare.accum(ded_family_met => 0.005)$$),
(110, 'allowed 12.3400 (zeros beyond cents): accepted', $$SELECT (costshare.adjudicate(12.3400, costshare.terms())).allowed$$),
(111, 'allowed 1000000000.01', $$SELECT costshare.adjudicate(1000000000.01, costshare.terms())$$),
(112, 'allowed 1000000000.00: accepted', $$SELECT (costshare.adjudicate(1000000000.00, costshare.terms())).plan_pays$$),
(113, 'allowed 1e20', $$SELECT costshare.adjudicate(1e20, costshare.terms())$$),
(114, 'allowed 1e-20', $$SELECT costshare.adjudicate(1e-20, costshare.terms())$$),
(115, 'allowed NaN', $$SELECT costshare.adjudicate('NaN', costshare.terms())$$),
(116, 'allowed Infinity', $$SELECT costshare.adjudicate('Infinity', costshare.terms())$$),
(117, 'allowed -Infinity', $$SELECT costshare.adjudicate('-Infinity', costshare.terms())$$),
(118, 'billed NaN', $$SELECT costshare.adjudicate(100, costshare.terms(), NULL, 'NaN')$$),
(119, 'oop_individual Infinity', $$SELECT costshare.terms(oop_individual => 'Infinity')$$),
(120, 'coinsurance_limit 1000000000.01', $$SELECT costshare.terms(coinsurance_limit => 1000000000.01)$$),
(121, 'allowed 0: accepted', $$SELECT (costshare.adjudicate(0, costshare.terms(coinsurance => 0.2))).patient_pays$$),
(122, 'allowed -0.00 (numeric zero): accepted', $$SELECT (costshare.adjudicate(-0.00, costshare.terms())).allowed$$),
-- rates
(201, 'coinsurance 1.5', $$SELECT costshare.terms(coinsurance => 1.5)$$),
(202, 'coinsurance -0.1', $$SELECT costshare.terms(coinsurance => -0.1)$$),
(203, 'coinsurance 0.1234567', $$SELECT costshare.terms(coinsurance => 0.1234567)$$),
(204, 'coinsurance 1.0000001', $$SELECT costshare.terms(coinsurance => 1.0000001)$$),
(205, 'coinsurance NaN', $$SELECT costshare.terms(coinsurance => 'NaN')$$),
(206, 'coinsurance 1e30', $$SELECT costshare.terms(coinsurance => 1e30)$$),
(207, 'coinsurance 0.333333: accepted', $$SELECT (costshare.adjudicate(3, costshare.terms(coinsurance => 0.333333))).coinsurance$$),
(208, 'coinsurance 1.000000: accepted', $$SELECT (costshare.adjudicate(3, costshare.terms(coinsurance => 1.000000))).coinsurance$$),
(209, 'coinsurance 0.12345600: accepted', $$SELECT (costshare.adjudicate(100, costshare.terms(coinsurance => 0.12345600))).coinsurance$$),
-- words
(301, 'network bogus', $$SELECT costshare.terms(network => 'bogus')$$),
(302, 'family_deductible bogus', $$SELECT costshare.terms(family_deductible => 'bogus')$$),
(303, 'rounding bogus', $$SELECT costshare.terms(rounding => 'bogus')$$),
(304, 'copay_per bogus', $$SELECT costshare.terms(copay_per => 'bogus')$$),
(305, 'network IN (upper case)', $$SELECT costshare.terms(network => 'IN')$$),
(306, 'network empty', $$SELECT costshare.terms(network => '')$$),
(307, 'rounding with a trailing space', $$SELECT costshare.terms(rounding => 'half_up ')$$),
(308, 'family_deductible n_of_m with its members: accepted', $$SELECT (costshare.terms(family_deductible => 'n_of_m', family_ded_members => 2, ded_individual => 100)).family_deductible$$),
-- NULLs
(401, 'allowed NULL', $$SELECT costshare.adjudicate(NULL, costshare.terms())$$),
(402, 'terms NULL', $$SELECT costshare.adjudicate(100, NULL)$$),
(403, 'also_credits with a NULL element', $$SELECT costshare.terms(also_credits => ARRAY['in', NULL])$$),
(404, 'accumulate: member NULL', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(NULL, service_date, allowed, costshare.terms()) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(405, 'accumulate: service_date NULL', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, NULL, allowed, costshare.terms()) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(406, 'accumulate: allowed NULL', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, NULL, costshare.terms()) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(407, 'accumulate: terms NULL', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, NULL) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(408, 'accumulate: opening and billed NULL: accepted', $$SELECT string_agg((r).patient_pays::text, ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms(coinsurance => 0.1), NULL, NULL) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
-- contradictory terms
(501, 'copay_after_deductible without deductible_applies', $$SELECT costshare.terms(copay => 20, copay_after_deductible => true, deductible_applies => false)$$),
(502, 'copay_visits without copay', $$SELECT costshare.terms(copay_visits => 3)$$),
(503, 'n_of_m without family_ded_members', $$SELECT costshare.terms(family_deductible => 'n_of_m', ded_individual => 500)$$),
(504, 'n_of_m without ded_individual', $$SELECT costshare.terms(family_deductible => 'n_of_m', family_ded_members => 2)$$),
(505, 'family_ded_members 0', $$SELECT costshare.terms(family_deductible => 'n_of_m', family_ded_members => 0, ded_individual => 500)$$),
-- counts
(601, 'visit_limit -1', $$SELECT costshare.terms(visit_limit => -1)$$),
(602, 'visit_limit 1000001', $$SELECT costshare.terms(visit_limit => 1000001)$$),
(603, 'visit_limit 1000000: accepted', $$SELECT (costshare.terms(visit_limit => 1000000)).visit_limit$$),
(604, 'copay_visits -1', $$SELECT costshare.terms(copay => 20, copay_visits => -1)$$),
(605, 'visits_used -1', $$SELECT costshare.accum(visits_used => -1)$$),
(606, 'ded_members_met -1', $$SELECT costshare.accum(ded_members_met => -1)$$),
(607, 'also_credits naming 9 buckets', $$SELECT costshare.terms(also_credits => ARRAY['a','b','c','d','e','f','g','h','i'])$$),
(608, 'also_credits naming 8 buckets: accepted', $$SELECT array_length((costshare.terms(also_credits => ARRAY['a','b','c','d','e','f','g','h'])).also_credits, 1)$$),
-- the window: order, ties, frames
(701, 'dates out of order', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms()) OVER (ORDER BY line_id DESC) AS r FROM win) s$$),
(702, 'ORDER BY with ties (service_date only)', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms()) OVER (ORDER BY service_date) AS r FROM win) s$$),
(703, 'GROUPS frame over ties', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms()) OVER (ORDER BY service_date GROUPS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r FROM win) s$$),
(704, 'ROWS BETWEEN 1 PRECEDING AND CURRENT ROW', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms()) OVER (ORDER BY service_date, line_id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS r FROM win) s$$),
(705, 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms()) OVER (ORDER BY service_date, line_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS r FROM win) s$$),
(706, 'ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms()) OVER (ORDER BY service_date, line_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS r FROM win) s$$),
(707, 'ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING (ends before the current row)', $$SELECT string_agg(coalesce((r).allowed::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, 10.00 * line_id, costshare.terms()) OVER (ORDER BY service_date, line_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS r FROM win WHERE line_id < 4) s$$),
(708, 'ROWS ... CURRENT ROW EXCLUDE CURRENT ROW (leaves the current row out)', $$SELECT string_agg(coalesce((r).allowed::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, 10.00 * line_id, costshare.terms()) OVER (ORDER BY service_date, line_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) AS r FROM win WHERE line_id < 3) s$$),
(709, 'RANGE frame with a unique ORDER BY: accepted', $$SELECT string_agg((r).allowed::text, ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, 10.00 * line_id, costshare.terms()) OVER (ORDER BY service_date, line_id) AS r FROM win) s$$),
(710, 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW: accepted', $$SELECT string_agg((r).allowed::text, ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, 10.00 * line_id, costshare.terms()) OVER (ORDER BY service_date, line_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r FROM win) s$$),
(711, 'FILTER on the window (a row skips the aggregate)', $$SELECT string_agg(coalesce((r).allowed::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, 10.00 * line_id, costshare.terms()) FILTER (WHERE line_id <> 2) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(712, 'FILTER that skips the first row', $$SELECT string_agg(coalesce((r).allowed::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, 10.00 * line_id, costshare.terms()) FILTER (WHERE line_id <> 1) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
-- dates
(801, 'accumulate: service_date infinity', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, 'infinity'::date, allowed, costshare.terms()) OVER (ORDER BY line_id) AS r FROM win) s$$),
(802, 'accumulate: service_date -infinity', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, '-infinity'::date, allowed, costshare.terms()) OVER (ORDER BY line_id) AS r FROM win) s$$),
(803, 'benefit_period(infinity)', $$SELECT costshare.benefit_period('infinity')$$),
(804, 'benefit_period with period_start -infinity', $$SELECT costshare.benefit_period('2025-01-01', '-infinity')$$),
(805, 'terms period_start infinity', $$SELECT costshare.terms(period_start => 'infinity')$$),
-- composites built without the constructors are validated when used
(901, 'raw terms: coinsurance 1.5', $$SELECT costshare.adjudicate(100, jsonb_populate_record(costshare.terms(), '{"coinsurance": 1.5}'))$$),
(902, 'raw terms: network bogus', $$SELECT costshare.adjudicate(100, jsonb_populate_record(costshare.terms(), '{"network": "bogus"}'))$$),
(903, 'raw terms: copay 12.345', $$SELECT costshare.adjudicate(100, jsonb_populate_record(costshare.terms(), '{"copay": 12.345}'))$$),
(904, 'raw terms: copay_visits without copay', $$SELECT costshare.adjudicate(100, jsonb_populate_record(costshare.terms(), '{"copay_visits": 2}'))$$),
(905, 'raw terms: visit_limit -1', $$SELECT costshare.adjudicate(100, jsonb_populate_record(costshare.terms(), '{"visit_limit": -1}'))$$),
(906, 'raw accum: visits_used -1', $$SELECT costshare.adjudicate(100, costshare.terms(), jsonb_populate_record(costshare.accum(), '{"visits_used": -1}'))$$),
(907, 'raw accum: oop_individual_met 0.001', $$SELECT costshare.adjudicate(100, costshare.terms(), jsonb_populate_record(costshare.accum(), '{"oop_individual_met": 0.001}'))$$),
(908, 'raw terms in accumulate: rounding bogus', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, jsonb_populate_record(costshare.terms(), '{"rounding": "bogus"}')) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(909, 'raw opening in accumulate: ded_individual_met -1', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms(), jsonb_populate_record(costshare.accum(), '{"ded_individual_met": -1}')) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(910, 'accumulate: billed with fractions of a cent', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, allowed, costshare.terms(), NULL, 100.001) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(911, 'accumulate: allowed -1', $$SELECT string_agg(coalesce((r).patient_pays::text, 'null'), ',' ORDER BY line_id) FROM (SELECT line_id, costshare.accumulate(member, service_date, -1.00, costshare.terms()) OVER (ORDER BY service_date, line_id) AS r FROM win WHERE line_id < 4) s$$),
(912, 'raw terms with every field NULL: accepted, as costshare.terms()', $$SELECT costshare.adjudicate(100, jsonb_populate_record(NULL::costshare.terms, '{}')) = costshare.adjudicate(100, costshare.terms())$$),
(913, 'raw accum with every field NULL: accepted, as nothing met', $$SELECT costshare.adjudicate(100, costshare.terms(ded_individual => 50), jsonb_populate_record(NULL::costshare.accum, '{}')) = costshare.adjudicate(100, costshare.terms(ded_individual => 50), costshare.accum())$$);

\x on
SELECT c.id, c.label, e.code, e.message, e.detail, e.hint
FROM cases c, LATERAL pg_temp.try(c.q) e
WHERE c.id NOT IN (707, 708)
ORDER BY c.id;
\x off

-- Frames that end before the current row would give each row an earlier line's breakdown (or NULL):
-- rules.md requires the frame to end at the current row, otherwise 42P20. Only the SQLSTATE is checked
-- here (when accepted, the message column shows the breakdowns the rows got).
SELECT c.id, c.label, e.code, CASE WHEN e.code = 'ok' THEN e.message END AS accepted_result
FROM cases c, LATERAL pg_temp.try(c.q) e
WHERE c.id IN (707, 708)
ORDER BY c.id;

-- No message, detail or hint of any case above names the member (nor any part of the key).
SELECT count(*) AS errors,
       count(*) FILTER (WHERE concat_ws(' ', e.message, e.detail, e.hint) ~* '(jane|patient 1985|1985-04-12)') AS echo_member
FROM cases c, LATERAL pg_temp.try(c.q) e
WHERE e.code <> 'ok';

-- Each window error names its own cause whichever member the lines belong to: the same errors with
-- another member key give the same texts.
SELECT count(*) AS cases,
       count(*) FILTER (WHERE a IS DISTINCT FROM b) AS texts_depend_on_member
FROM (SELECT (SELECT row(e.*)::text FROM pg_temp.try(c.q) e) AS a,
             (SELECT row(e.*)::text FROM pg_temp.try(replace(c.q, 'FROM win', 'FROM (SELECT line_id, ''M'' || line_id AS member, service_date, allowed FROM win) win')) e) AS b
      FROM cases c WHERE c.id BETWEEN 404 AND 407 OR c.id BETWEEN 701 AND 706 OR c.id BETWEEN 801 AND 802
         OR c.id BETWEEN 908 AND 911) s;

-- benefit_period at the ends of the date range: the result must be a value PostgreSQL can read back
-- (a daterange whose bounds are valid dates), or an error; never a range that cannot be restored.
SELECT d, ps,
       (t).code <> 'ok' OR (SELECT s2.code = 'ok' FROM pg_temp.try(format('SELECT %L::daterange', (t).message)) s2)
           AS readable_or_refused
FROM (VALUES (date '5874897-12-31', NULL::date), (date '5874897-12-31', date '2000-02-29'),
             (date '4714-11-24 BC', NULL), (date '4714-11-24 BC', date '2000-07-01'),
             (date '0001-06-01 BC', NULL)) v(d, ps),
     LATERAL (SELECT e FROM pg_temp.try(format('SELECT costshare.benefit_period(%L, %L)', d, ps)) e) x(t)
ORDER BY d, ps NULLS FIRST;
