-- pricing_271: estimates priced from a loaded 271 (issue 11).  Every 271 under ../shared/data is
-- loaded for a member with a fee, and the estimate's copay / coinsurance / deductible are compared
-- with the figures the file states, written here by hand from reading it; plus unknowns, staleness,
-- the precedence of service types and networks, the source choice, the ledger since the 271, the
-- remittance median.
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
-- one transaction, rolled back at the end: later tests in the same database see nothing of it
BEGIN;
\i test/regress/try.sql

CREATE TEMP TABLE docs (name text PRIMARY KEY, doc text NOT NULL);
\set f `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
INSERT INTO docs VALUES ('pokitdok', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check.271`
INSERT INTO docs VALUES ('lfh subscriber', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/demo.271`
INSERT INTO docs VALUES ('lfh demo', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__dependent-health-benefit-check.271`
INSERT INTO docs VALUES ('lfh dependent', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check-error.271`
INSERT INTO docs VALUES ('lfh error', :'f');
\set f `cat ../shared/data/x12-badx12/X279-response-to-generic-request-by-clinic-for-patient-\(subscriber\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 subscriber', :'f');
\set f `cat ../shared/data/x12-badx12/X279-response-to-generic-request-by-physician-for-patient-\(dependent\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 dependent', :'f');
\set f `cat ../shared/data/x12-badx12/X279-error-response-from-payer-to-clinic-not-eligible-for-inquiries-with-payer.edi`
INSERT INTO docs VALUES ('badx12 aaa', :'f');

-- the seed policy for psychotherapy: A6 first, the plan level (30) last
SELECT service_type, rank FROM costshare.service_type_category WHERE category = 'mh_psychotherapy' ORDER BY rank;

-- the practice's data: payers, plans without any benefit rows (no plan design), members, a fee
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES
  ('MOCK', 'Mock Payer', '{MOCKPAYER}'), ('ABC', 'ABC Company', '{841610001,842610001}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-plan', 'MOCK', 'Mock'), ('abc-gold', 'ABC', 'Gold 123');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('m-doe', 'John', 'Doe', '1970-01-01'), ('m-smith', 'John', 'Smith', '1963-05-19'),
  ('m-mary', 'Mary', 'Smith', '1998-10-14');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id) VALUES
  ('m-doe', 'm-doe', 'f-doe', 'mock-plan', '[2013-01-01,2014-01-01)', 'self', 'individual', '00000000001'),
  ('m-smith', 'm-smith', 'f-smith', 'abc-gold', '[2006-01-01,2007-01-01)', 'self', 'family', '123456789'),
  ('m-mary', 'm-smith', 'f-smith', 'abc-gold', '[2006-01-01,2007-01-01)', 'child', 'family', NULL);
-- (90837 is psychotherapy in the seed service codes)
SELECT category FROM costshare.service_code WHERE code = '90837' AND pos = '' AND modifier = '';
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('MOCK', '90837', '[2013-01-01,2014-01-01)', 150.00), ('ABC', '90837', '[2006-01-01,2007-01-01)', 120.00);

-- the figures of one estimate_271 row
CREATE FUNCTION pg_temp.show(member text, d date, code text, oon boolean DEFAULT false)
RETURNS TABLE (source text, status text, isa13 text, as_of date, stale boolean, allowed numeric, allowed_source text,
               copay numeric, deductible numeric, coinsurance numeric, patient_pays numeric, unknown text[],
               t_copay numeric, t_coins numeric, t_ded numeric, t_ded_met numeric, t_oop numeric, t_oop_met numeric)
LANGUAGE sql AS $$
    SELECT r.benefit_source, (r.estimate).status, r.interchange_control, r.benefits_as_of, r.stale,
           (r.estimate).allowed, (r.estimate).allowed_source,
           (r.estimate).copay, (r.estimate).deductible, (r.estimate).coinsurance, (r.estimate).patient_pays,
           r.unknown, (r.terms).copay, (r.terms).coinsurance, (r.terms).ded_individual, (r.terms).ded_individual_met,
           (r.terms).oop_individual, (r.terms).oop_individual_met
      FROM costshare.estimate_271(member, d, code, out_of_network => oon) r
$$;

-- before any 271: no plan design, no 271: unpriced, no source
SELECT * FROM pg_temp.show('m-doe', '2013-03-01', '90837');

-- ==== pokitdok mock payer ======================================================================
-- The file states, in network (EB12 Y): copay $20 for 98 (EB*B*ESP*98****20), a coinsurance row
-- without a percent (EB*A*ESP*98*********Y: unknown), deductible IND $3,000 with $2,983.57
-- remaining (met 16.43), OOP IND $3,000 / $2,983.57; out of network (N): coinsurance 0.5, deductible
-- IND $6,000 / $5,983.57, OOP IND $12,500 / $12,483.57; and a W (both) copay of $30.
SELECT status, benefits, snapshots FROM docs, costshare.load_271(doc, '2013-03-01') WHERE name = 'pokitdok';
-- in network: the Y copay (not the W one), the deductible does not apply to a copay stated for the
-- more specific 98; coinsurance unknown (not zero)
SELECT * FROM pg_temp.show('m-doe', '2013-03-01', '90837');
-- out of network: the W copay $30, coinsurance 50% of the rest (150 - 30) = 60
SELECT * FROM pg_temp.show('m-doe', '2013-03-01', '90837', true);

-- staleness: 30 days by default, costshare.stale_271_days otherwise
SELECT stale FROM pg_temp.show('m-doe', '2013-03-31', '90837');
SELECT stale FROM pg_temp.show('m-doe', '2013-04-01', '90837');
SET costshare.stale_271_days = 60;
SELECT stale FROM pg_temp.show('m-doe', '2013-04-01', '90837');
SET costshare.stale_271_days = -1;
SELECT stale FROM pg_temp.show('m-doe', '2020-04-01', '90837');
SET costshare.stale_271_days = 'soon';
SAVEPOINT e1;
SELECT stale FROM pg_temp.show('m-doe', '2013-04-01', '90837');
ROLLBACK TO SAVEPOINT e1;
RESET costshare.stale_271_days;

-- ledger lines posted since the 271: $100 of deductible and $20 of copay reach the met amounts
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, service_date, deductible, copay)
VALUES ('c-1', 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', '2013-03-02', 100.00, 20.00);
SELECT t_ded_met, t_oop_met FROM pg_temp.show('m-doe', '2013-03-05', '90837');
-- an estimated line (not yet a claim) counts nothing, as for the plan design's accumulators (the
-- engine's rule, costshare.ledger_status_counts): the met amounts stay
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, service_date, deductible, copay)
VALUES ('c-2', 'estimated', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', '2013-03-03', 500.00, 20.00);
SELECT t_ded_met, t_oop_met FROM pg_temp.show('m-doe', '2013-03-05', '90837');
SELECT s, costshare.ledger_status_counts(s) FROM unnest(ARRAY['estimated', 'pending', 'final', 'reversed']) s;

-- a plan design for the category: the plan prices by default; the payer's policy can prefer the 271
INSERT INTO costshare.benefit (plan_id, category, copay, deductible_applies) VALUES ('mock-plan', 'mh_psychotherapy', 45.00, false);
SELECT source, copay, patient_pays FROM pg_temp.show('m-doe', '2013-03-05', '90837');
INSERT INTO costshare.benefit_source_policy (payer_id, prefer_271) VALUES ('MOCK', true);
SELECT source, copay, patient_pays FROM pg_temp.show('m-doe', '2013-03-05', '90837');
-- a plan's own row wins over the payer's
INSERT INTO costshare.benefit_source_policy (payer_id, plan_id, prefer_271) VALUES ('MOCK', 'mock-plan', false);
SELECT source, copay, patient_pays FROM pg_temp.show('m-doe', '2013-03-05', '90837');
-- one reading of the policy (costshare.source_policy_prefers_271, the engine's rule): estimate, eligibility
-- and estimate_many agree under each state of it (eligibility read any preferring row, the payer's too,
-- and estimate_many never applied the policy)
CREATE FUNCTION pg_temp.agree() RETURNS TABLE (prefers boolean, estimate_source text, eligibility_source text,
                                               estimate_pays numeric, batch_pays numeric)
LANGUAGE sql AS $$
    SELECT costshare.source_policy_prefers_271('MOCK', 'mock-plan'), e.benefit_source, g.benefit_source,
           e.patient_pays, b.patient_pays
      FROM costshare.estimate('m-doe', '2013-03-05', '90837') e,
           costshare.eligibility('m-doe', '2013-03-05', '90837') g,
           costshare.estimate_many(ARRAY[ROW(1, 'm-doe', '2013-03-05', '90837', NULL, '11', NULL)]::costshare.appointment[]) b
$$;
SELECT * FROM pg_temp.agree();                       -- plan's own row: plan design (payer's row: 271)
UPDATE costshare.benefit_source_policy SET prefer_271 = true WHERE plan_id = 'mock-plan';
SELECT * FROM pg_temp.agree();                       -- plan's own row: 271
DELETE FROM costshare.benefit_source_policy WHERE plan_id = 'mock-plan';
SELECT * FROM pg_temp.agree();                       -- the payer's row: 271
UPDATE costshare.benefit_source_policy SET prefer_271 = false;
SELECT * FROM pg_temp.agree();                       -- the payer's row: plan design
INSERT INTO costshare.benefit_source_policy (payer_id, plan_id, prefer_271) VALUES ('MOCK', 'mock-plan', false);
UPDATE costshare.benefit_source_policy SET prefer_271 = true WHERE plan_id IS NULL;

-- precedence: the practice ranks 30 before 98 for psychotherapy.  The copay still comes from 98 (no
-- row states one for 30), but the deductible is now stated for a more specific service type than the
-- copay, so it applies: copay 20, then min(150 - 20, 3,000 - 116.43) = 130 of deductible
DELETE FROM costshare.benefit_source_policy;
DELETE FROM costshare.benefit;
UPDATE costshare.service_type_category SET rank = 0, seed = false WHERE category = 'mh_psychotherapy' AND service_type = '30';
UPDATE costshare.service_type_category SET rank = 8, seed = false WHERE category = 'mh_psychotherapy' AND service_type = '98';
SELECT copay, deductible, coinsurance, patient_pays, unknown FROM pg_temp.show('m-doe', '2013-03-05', '90837');
UPDATE costshare.service_type_category SET rank = 9, seed = true WHERE category = 'mh_psychotherapy' AND service_type = '30';
UPDATE costshare.service_type_category SET rank = 5, seed = true WHERE category = 'mh_psychotherapy' AND service_type = '98';

-- prior authorization: a 271 that requires one (EB11 Y on the copay row) gives status auth_required
-- until one is on file for the member, plan and category
SAVEPOINT auth;
UPDATE costshare.eligibility_benefit SET auth_required = true WHERE member_id = 'm-doe' AND benefit = 'copay' AND network = 'in';
SELECT status, copay, patient_pays FROM pg_temp.show('m-doe', '2013-03-05', '90837');
INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid) VALUES ('m-doe', 'mock-plan', 'mh_psychotherapy', '[2013-03-01,2013-06-01)');
SELECT status, copay, patient_pays FROM pg_temp.show('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT auth;

-- the network from the provider when the caller does not say: a provider that participates in the
-- plan on the date is in network ($20 copay), one that does not is out ($30 copay, 50%)
INSERT INTO costshare.provider (provider_id, name, credential) VALUES ('P-IN', 'In', 'md'), ('P-OUT', 'Out', 'md');
INSERT INTO costshare.network_participation (provider_id, plan_id, valid) VALUES ('P-IN', 'mock-plan', '[2013-01-01,2014-01-01)');
SELECT p, (r.estimate).network, (r.estimate).copay, (r.estimate).coinsurance, (r.estimate).patient_pays
  FROM unnest(ARRAY['P-IN', 'P-OUT']) p, costshare.estimate_271('m-doe', '2013-03-05', '90837', p) r ORDER BY p;
-- a line the No Surprises Act protects (costshare.estimate's nsa_protected), priced from the 271: out
-- of network it takes the 271's in-network terms ($20 copay) without a balance bill, network still out
-- and reasons nsa_protected; in network the flag changes nothing
SELECT p, prot, e.benefit_source, e.network, e.reasons, e.allowed, e.copay, e.coinsurance, e.balance_bill, e.patient_pays
  FROM unnest(ARRAY['P-IN', 'P-OUT']) p, unnest(ARRAY[false, true]) prot,
       costshare.estimate('m-doe', '2013-03-05', '90837', p, '11', 200.00, prot) e ORDER BY p, prot;

-- ==== costshare.estimate and costshare.eligibility price from the 271 themselves ==============
-- mock-plan has no plan design for psychotherapy: the estimate is the 271's ($20 copay in network;
-- the deductible met is 16.43 + the 100.00 posted since), and it says so; the same as estimate_271
SELECT e.benefit_source, e.benefits_interchange, e.benefits_as_of, e.benefits_stale, e.unknown_terms, e.status,
       e.reasons, e.allowed, e.copay, e.deductible, e.coinsurance, e.patient_pays, (e.acc_before).ded_individual_met,
       e IS NOT DISTINCT FROM (costshare.estimate_271('m-doe', '2013-03-05', '90837')).estimate AS same_as_estimate_271
  FROM costshare.estimate('m-doe', '2013-03-05', '90837') e;
-- estimate_many prices such a line from the 271 too (outside the batch's running accumulators)
SELECT r.appt_id, r.status, r.reasons, r.allowed, (r.line).copay, (r.line).patient_pays, r.sqlstate,
       (r.line).patient_pays = (costshare.estimate('m-doe', '2013-03-05', '90837')).patient_pays AS same_as_estimate
  FROM costshare.estimate_many(ARRAY[ROW(1, 'm-doe', '2013-03-05', '90837', NULL, '11', NULL),
                                     ROW(2, 'm-doe', '2012-01-31', '90837', NULL, '11', NULL)]::costshare.appointment[]) r
 ORDER BY r.appt_id;
-- no fee row: the allowed amount from the practice's remittance history with the 271's payer (the
-- median of the posted lines' allowed amounts, 140 / 150 / 160 -> 150, with the count)
SAVEPOINT remit;
DELETE FROM costshare.fee_schedule WHERE payer_id = 'MOCK';
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, service_date, copay,
                                          allowed, service_code, visits)
VALUES ('r-1', 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', '2013-01-10', 0, 140.00, '90837', 0),
       ('r-2', 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', '2013-01-17', 0, 160.00, '90837', 0),
       ('r-3', 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', '2013-01-24', 0, 150.00, '90837', 0);
SELECT benefit_source, allowed, allowed_source, allowed_lines, copay, patient_pays
  FROM costshare.estimate('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT remit;
-- the plan design's own estimate: nothing to price from
SELECT status, reasons, benefit_source, patient_pays FROM costshare.estimate_plan('m-doe', '2013-03-05', '90837');
-- eligibility from the 271: deductible 3,000 - 116.43 left, OOP 3,000 - 136.43 left; visits unknown
-- (not unlimited: unknown_terms says so)
SELECT status, reasons, plan_id, payer_id, network, ded_remaining, oop_remaining, visits_remaining,
       benefit_source, benefits_interchange, benefits_as_of, benefits_stale, unknown_terms
  FROM costshare.eligibility('m-doe', '2013-03-05', '90837');
-- a plan design for the category takes over (benefit_source plan), unless the policy prefers the 271
SAVEPOINT design;
INSERT INTO costshare.benefit (plan_id, category, copay, deductible_applies) VALUES ('mock-plan', 'mh_psychotherapy', 45.00, false);
SELECT benefit_source, copay, patient_pays FROM costshare.estimate('m-doe', '2013-03-05', '90837');
SELECT benefit_source, status FROM costshare.eligibility('m-doe', '2013-03-05', '90837');
INSERT INTO costshare.benefit_source_policy (payer_id, plan_id, prefer_271) VALUES ('MOCK', 'mock-plan', true);
SELECT benefit_source, copay, patient_pays FROM costshare.estimate('m-doe', '2013-03-05', '90837');
SELECT benefit_source, status, ded_remaining FROM costshare.eligibility('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT design;

-- the visit limit the 271 states counts the category's visits in its plan period: two sessions
-- posted, a limit of 2 (EB*F ... VS*2) is reached
SAVEPOINT visits;
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info,
                                           network, service_types, quantity_qualifier, quantity)
SELECT member_id, payer_id, interchange_control, 9999, as_of, 'limitation', 'F', 'in', '{98}', 'VS', 2
  FROM costshare.eligibility_benefit WHERE member_id = 'm-doe' LIMIT 1;
SELECT status, reasons, patient_pays FROM costshare.estimate('m-doe', '2013-03-05', '90837');
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, payer_id, category, service_date, copay)
VALUES ('v-1', 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-03', 20.00),
       ('v-2', 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-04', 20.00);
SELECT status, reasons, not_covered, patient_pays FROM costshare.estimate('m-doe', '2013-03-05', '90837');
SELECT status, visits_remaining FROM costshare.eligibility('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT visits;

-- a carve-out: an EB01 U row for psychotherapy (A6) naming its administrator in a 2120 loop gives
-- status carved_out, nothing priced, and eligibility names the administrator
SAVEPOINT carve;
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info,
                                           service_types, related)
SELECT member_id, payer_id, interchange_control, 9998, as_of, 'contact_other_entity', 'U', '{A6}',
       ARRAY[ROW('VN', '2', 'MIND MATTERS BEHAVIORAL', NULL, NULL, NULL, 'PI', 'MM123')::costshare.x12_party]
  FROM costshare.eligibility_benefit WHERE member_id = 'm-doe' LIMIT 1;
SELECT status, reasons, patient_pays FROM costshare.estimate('m-doe', '2013-03-05', '90837');
SELECT status, carve_out_admin, benefit_source FROM costshare.eligibility('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT carve;

-- coverage: a 271 whose coverage rows say inactive (EB01 6) gives not_eligible, and nothing is priced
SAVEPOINT inactive;
SELECT count(*) AS active_rows FROM costshare.eligibility_benefit WHERE member_id = 'm-doe' AND benefit = 'active';
UPDATE costshare.eligibility_benefit SET benefit = 'inactive', info = '6' WHERE member_id = 'm-doe' AND benefit = 'active';
SELECT status, reasons, patient_pays, benefit_source FROM costshare.estimate('m-doe', '2013-03-05', '90837');
SELECT status, reasons FROM costshare.eligibility('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT inactive;
-- the file's coverage row (EB*1) is eligible from 2012-02-01 (DTP*356): a date before it is outside
-- the 271's coverage; any later date is inside (no end is stated)
SELECT status, reasons FROM costshare.estimate('m-doe', '2012-01-31', '90837');
SELECT status, reasons FROM costshare.estimate('m-doe', '2012-02-01', '90837');

-- rights: costshare_estimator gets the same answer without SELECT on the member tables (the 271
-- pricing is the C estimate's own: no SQL function of it to call); a role with SELECT on the tables
-- except eligibility_benefit is refused (42501) rather than given the plan design's answer alone
SET ROLE costshare_estimator;
SELECT benefit_source, patient_pays FROM costshare.estimate('m-doe', '2013-03-05', '90837');
SELECT benefit_source, ded_remaining FROM costshare.eligibility('m-doe', '2013-03-05', '90837');
RESET ROLE;
SELECT count(*) AS price_271_functions FROM pg_proc WHERE proname = 'price_271';
CREATE ROLE cs_pricing_271_reader;
GRANT USAGE ON SCHEMA costshare TO cs_pricing_271_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA costshare TO cs_pricing_271_reader;
REVOKE SELECT ON costshare.eligibility_benefit FROM cs_pricing_271_reader;
SET ROLE cs_pricing_271_reader;
SAVEPOINT e5;
SELECT benefit_source FROM costshare.estimate('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT e5;
RESET ROLE;
-- estimate_many: a refusal that is not a data exception (42501 here) still fails the whole call
SET ROLE cs_pricing_271_reader;
SAVEPOINT e5m;
SELECT appt_id, status FROM costshare.estimate_many(ARRAY[ROW(1, 'm-doe', '2013-03-05', '90837', NULL, NULL, NULL)::costshare.appointment]);
ROLLBACK TO SAVEPOINT e5m;
RESET ROLE;
-- row-level security on a table the 271 pricing reads without a privilege check (x12_load, as the
-- PL/pgSQL read it as its owner): refused for a role it applies to, as on every table the estimate
-- probes, never bypassed by the index probes
GRANT SELECT ON costshare.eligibility_benefit TO cs_pricing_271_reader;
SAVEPOINT rls;
SET LOCAL costshare.allow_table_ddl = on;
ALTER TABLE costshare.x12_load ENABLE ROW LEVEL SECURITY;
SET ROLE cs_pricing_271_reader;
SELECT benefit_source FROM costshare.estimate('m-doe', '2013-03-05', '90837');
ROLLBACK TO SAVEPOINT rls;
RESET ROLE;

-- an as-of estimate cannot be priced from a 271 (its pricing reads the current tables): refused,
-- never a different answer
SAVEPOINT e6;
SELECT costshare.estimate(costshare.log_estimate('m-doe', '2013-03-05', '90837'));
ROLLBACK TO SAVEPOINT e6;

-- the 271's rows are dated by their recorded_at instead of a copy of each in costshare.row_history
-- (history_dated_tables): loading wrote no version; the as-of copy still sees them from recorded_at on
-- (an as-of estimate after the load finds them and refuses as above; one before the load does not)
SELECT costshare.history_dated_tables();
SELECT count(*) AS versions FROM costshare.row_history WHERE table_name = 'eligibility_benefit';
SELECT min(recorded_at) - interval '1 microsecond' AS before_load, max(recorded_at) AS after_load
  FROM costshare.eligibility_benefit WHERE member_id = 'm-doe' \gset
SELECT (costshare.estimate('m-doe', '2013-03-05', '90837', NULL, NULL, NULL, as_of => :'before_load'::timestamptz)).status
    AS before_the_load;
SELECT code, message FROM pg_temp.try(format($$SELECT costshare.estimate('m-doe', '2013-03-05', '90837', NULL, NULL, NULL, as_of => %L::timestamptz)::text$$, :'after_load'));
-- changed for the first time: the version until then (from recorded_at) and the new one are recorded;
-- deleted: its last version closed; TRUNCATE: every row without a version gets one, closed
SAVEPOINT e7;
UPDATE costshare.eligibility_benefit SET messages = '{corrected}'
 WHERE member_id = 'm-doe' AND benefit = 'copay' AND network = 'in';
SELECT count(*) AS versions, count(*) FILTER (WHERE upper_inf(valid)) AS current,
       bool_and(lower(valid) = (row_data->>'recorded_at')::timestamptz) FILTER (WHERE NOT upper_inf(valid)) AS closed_from_recorded_at,
       bool_and(row_data->'messages' = '["corrected"]') FILTER (WHERE upper_inf(valid)) AS current_is_new
  FROM costshare.row_history WHERE table_name = 'eligibility_benefit';
-- the as-of copy: before the update the old version, after it the new one, and no row twice
SELECT code FROM pg_temp.try(format($$SELECT costshare.estimate('m-doe', '2013-03-05', '90837', NULL, NULL, NULL, as_of => %L::timestamptz)::text$$, :'after_load'));
DELETE FROM costshare.eligibility_benefit WHERE member_id = 'm-doe' AND benefit = 'copay' AND network = 'in';
SELECT count(*) AS versions, count(*) FILTER (WHERE upper_inf(valid)) AS current
  FROM costshare.row_history WHERE table_name = 'eligibility_benefit';
SELECT count(*) AS rows_now FROM costshare.eligibility_benefit \gset
TRUNCATE costshare.eligibility_benefit;
SELECT count(*) FILTER (WHERE NOT upper_inf(valid)) - 2 = :rows_now AS every_row_recorded_and_closed,
       count(*) FILTER (WHERE upper_inf(valid)) AS current
  FROM costshare.row_history WHERE table_name = 'eligibility_benefit';
ROLLBACK TO SAVEPOINT e7;

-- ==== LinuxForHealth and badx12 ABC Company files =============================================
-- Each states, for 1, 33, 35, 47, 86, 88, 98, AL, MH, UC: copay $10 in network (EB*B ... *27*10.00
-- ... Y) and $30 out of network (N); no deductible, coinsurance or OOP (unknown).
CREATE FUNCTION pg_temp.abc(doc_name text, member text)
RETURNS TABLE (load text, source text, isa13 text, copay numeric, deductible numeric, coinsurance numeric,
               patient_pays numeric, unknown text[], oon_copay numeric, estimate_same boolean)
LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
    SELECT x.status INTO l FROM docs, costshare.load_271(doc, '2006-03-01') x WHERE name = doc_name;
    RETURN QUERY SELECT l, s.source, s.isa13, s.copay, s.deductible, s.coinsurance, s.patient_pays, s.unknown,
                        (SELECT o.copay FROM pg_temp.show(member, '2006-03-01', '90837', true) o),
                        -- costshare.estimate itself gives the same line, and says it came from this 271
                        (SELECT e IS NOT DISTINCT FROM (costshare.estimate_271(member, '2006-03-01', '90837')).estimate
                                AND e.benefit_source IS NOT DISTINCT FROM s.source
                                AND e.benefits_interchange IS NOT DISTINCT FROM s.isa13
                           FROM costshare.estimate(member, '2006-03-01', '90837') e)
                   FROM pg_temp.show(member, '2006-03-01', '90837') s;
    -- each file on its own: take its rows out again (a test-only cleanup)
    DELETE FROM costshare.eligibility_benefit;
    DELETE FROM costshare.accumulator_snapshot;
    DELETE FROM costshare.x12_load;
END $$;
SELECT 'lfh subscriber' AS file, * FROM pg_temp.abc('lfh subscriber', 'm-smith');
SELECT 'lfh demo' AS file, * FROM pg_temp.abc('lfh demo', 'm-smith');
SELECT 'badx12 subscriber' AS file, * FROM pg_temp.abc('badx12 subscriber', 'm-smith');
SELECT 'badx12 dependent' AS file, * FROM pg_temp.abc('badx12 dependent', 'm-mary');
SELECT 'lfh dependent' AS file, * FROM pg_temp.abc('lfh dependent', 'm-mary');
-- the rejection-only files: nothing to price from (the LinuxForHealth one is refused in strict mode:
-- its SE count is wrong)
SAVEPOINT e2;
SELECT status FROM docs, costshare.load_271(doc, '2006-03-01') WHERE name = 'lfh error';
ROLLBACK TO SAVEPOINT e2;
SELECT source, status, patient_pays FROM pg_temp.show('m-smith', '2006-03-01', '90837');
SELECT 'badx12 aaa' AS file, * FROM pg_temp.abc('badx12 aaa', 'm-smith');

-- ==== engine pieces at the SQL boundary ======================================================
SELECT costshare.allowed_median('{100.00,150.00,120.00}') AS odd, costshare.allowed_median('{100.00,100.01}') AS even,
       costshare.allowed_median('{}') AS none;
SAVEPOINT e3;
SELECT costshare.allowed_median('{100.001}');
ROLLBACK TO SAVEPOINT e3;
SELECT costshare.benefit_source(true, true, false), costshare.benefit_source(false, true, false),
       costshare.benefit_source(false, false, false);
ROLLBACK;
