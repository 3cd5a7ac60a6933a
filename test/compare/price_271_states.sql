-- price_271_states.sql — the data and the states of the 271 pricing grid, shared by
-- test/compare/price_271_grid.sql (every entry point's whole answer, diffed against a build of main) and
-- test/pgtap/pricing_271_c.sql (estimate_271 against a verbatim copy of the PL/pgSQL price_271).  The
-- includer defines pg_temp.grid(state) and pg_temp.rights(state), run at each state, inside its own
-- transaction, and its temp table grid_out (state, line).  Paths are relative to the tree's root.
CREATE TEMP TABLE docs (name text PRIMARY KEY, doc text NOT NULL);
\set f `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
INSERT INTO docs VALUES ('pokitdok', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check.271`
INSERT INTO docs VALUES ('lfh subscriber', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/demo.271`
INSERT INTO docs VALUES ('lfh demo', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__dependent-health-benefit-check.271`
INSERT INTO docs VALUES ('lfh dependent', :'f');
\set f `cat ../shared/data/x12-badx12/X279-response-to-generic-request-by-clinic-for-patient-\(subscriber\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 subscriber', :'f');
\set f `cat ../shared/data/x12-badx12/X279-response-to-generic-request-by-physician-for-patient-\(dependent\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 dependent', :'f');
\set f `cat ../shared/data/x12-badx12/X279-error-response-from-payer-to-clinic-not-eligible-for-inquiries-with-payer.edi`
INSERT INTO docs VALUES ('badx12 aaa', :'f');

-- payers and plans: MOCK's plan has no plan design (the 271 prices), OTHER's has one (a second coverage)
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES
  ('MOCK', 'Mock Payer', '{MOCKPAYER}'), ('ABC', 'ABC Company', '{841610001,842610001}'), ('OTHER', 'Other', '{OTHERPAYER}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-plan', 'MOCK', 'Mock'), ('abc-gold', 'ABC', 'Gold 123'),
  ('other-plan', 'OTHER', 'Other');
INSERT INTO costshare.benefit (plan_id, category, copay, deductible_applies) VALUES ('other-plan', 'mh_psychotherapy', 45.00, false);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('m-doe', 'John', 'Doe', '1970-01-01'), ('m-smith', 'John', 'Smith', '1963-05-19'),
  ('m-mary', 'Mary', 'Smith', '1998-10-14'), ('m-two', 'Two', 'Cover', '1980-02-02'),
  ('m-none', 'No', 'Enrollment', '1981-03-03');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id, cob_order) VALUES
  ('m-doe', 'm-doe', 'f-doe', 'mock-plan', '[2013-01-01,2014-01-01)', 'self', 'individual', '00000000001', NULL),
  ('m-smith', 'm-smith', 'f-smith', 'abc-gold', '[2006-01-01,2007-01-01)', 'self', 'family', '123456789', NULL),
  ('m-mary', 'm-smith', 'f-smith', 'abc-gold', '[2006-01-01,2007-01-01)', 'child', 'family', NULL, NULL),
  ('m-two', 'm-two', 'f-two', 'other-plan', '[2013-01-01,2014-01-01)', 'self', 'individual', NULL, 1),
  ('m-two', 'm-two', 'f-two', 'mock-plan', '[2013-01-01,2014-01-01)', 'self', 'family', NULL, 2);
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES
  ('MOCK', '90837', '[2013-01-01,2014-01-01)', 150.00), ('ABC', '90837', '[2006-01-01,2007-01-01)', 120.00),
  ('OTHER', '90837', '[2013-01-01,2014-01-01)', 140.00), ('MOCK', '90791', '[2013-01-01,2013-06-01)', 200.00);
INSERT INTO costshare.provider (provider_id, name, credential) VALUES ('P-IN', 'In', 'md'), ('P-OUT', 'Out', 'md');
INSERT INTO costshare.network_participation (provider_id, plan_id, valid) VALUES
  ('P-IN', 'mock-plan', '[2013-01-01,2014-01-01)'), ('P-IN', 'abc-gold', '[2006-01-01,2007-01-01)'),
  ('P-IN', 'other-plan', '[2013-01-01,2014-01-01)');

-- the pokitdok 271 for m-doe; its rows copied for m-two (two coverages) and m-none (no enrollment)
SELECT status, benefits FROM docs, costshare.load_271(doc, '2013-03-01') WHERE name = 'pokitdok';
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info, level,
       network, figure, service_types, time_period, amount, percent, quantity_qualifier, quantity, auth_required,
       insurance_type, plan_description, group_number, group_name, eligibility_period, plan_period, messages, related)
SELECT m, payer_id, interchange_control, segment, as_of, benefit, info, level,
       network, figure, service_types, time_period, amount, percent, quantity_qualifier, quantity, auth_required,
       insurance_type, plan_description, group_number, group_name, eligibility_period, plan_period, messages, related
  FROM costshare.eligibility_benefit, unnest(ARRAY['m-two', 'm-none']) m WHERE member_id = 'm-doe';

SELECT pg_temp.grid('1 fresh load');
SELECT pg_temp.rights('1 fresh load');

-- ledger lines since the load (counted and not, older versions), remittance history, visits
INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id, payer_id, category,
                                          service_date, deductible, copay, coinsurance, visits, allowed, service_code) VALUES
  ('c-1', 1, 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-02', 100.00, 20.00, 0, 1, 150.00, '90837'),
  ('c-2', 1, 'estimated', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-03', 500.00, 20.00, 0, 1, NULL, NULL),
  ('c-3', 1, 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-03', 50.00, 0, 10.00, 1, NULL, NULL),
  ('c-3', 2, 'pending', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-03', 40.00, 0, 5.00, 1, NULL, NULL),
  ('c-4', 1, 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-04', 0, 20.00, 0, 1, NULL, NULL),
  ('c-4', 2, 'reversed', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-04', 0, 20.00, 0, 1, NULL, NULL),
  ('c-5', 1, 'final', 'f-doe', 'm-doe', 'mock-plan', 'MOCK', 'mh_diagnostic', '2012-12-30', 0, 20.00, 0, 1, NULL, NULL),
  ('c-6', 1, 'final', 'f-two', 'm-two', 'mock-plan', 'MOCK', 'mh_psychotherapy', '2013-03-02', 75.00, 0, 0, 1, NULL, NULL),
  ('c-7', 1, 'final', 'f-two', 'm-two', 'other-plan', 'OTHER', 'mh_psychotherapy', '2013-03-02', 33.00, 0, 0, 1, NULL, NULL),
  ('r-1', 1, 'final', 'f-x', 'm-smith', 'mock-plan', 'MOCK', NULL, '2013-01-10', 0, 0, 0, 0, 140.00, '90791'),
  ('r-2', 1, 'final', 'f-x', 'm-smith', 'mock-plan', 'MOCK', NULL, '2013-01-17', 0, 0, 0, 0, 160.00, '90791'),
  ('r-3', 1, 'final', 'f-x', 'm-smith', 'mock-plan', 'MOCK', NULL, '2013-01-24', 0, 0, 0, 0, 155.00, '90791'),
  ('r-4', 1, 'final', 'f-x', 'm-smith', 'mock-plan', 'MOCK', NULL, '2013-06-24', 0, 0, 0, 0, 90.00, '90837');
SELECT pg_temp.grid('2 ledger and remittance');

-- a visit limit of 2 (reached for m-doe: 2 counted visits before 2013-03-05), prior authorization required (on file for
-- m-two only), a carve-out for office visits (BZ) naming its administrator; a plan period with an end
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info,
                                           network, service_types, quantity_qualifier, quantity, auth_required)
SELECT member_id, payer_id, interchange_control, 9999, as_of, 'limitation', 'F', 'in', '{98}', 'VS', 2, true
  FROM costshare.eligibility_benefit WHERE member_id IN ('m-doe', 'm-two', 'm-none') AND segment = (SELECT min(segment) FROM costshare.eligibility_benefit);
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info,
                                           service_types, related)
SELECT member_id, payer_id, interchange_control, 9998, as_of, 'contact_other_entity', 'U', '{BZ}',
       ARRAY[ROW('VN', '2', 'MIND MATTERS BEHAVIORAL', NULL, NULL, NULL, 'PI', 'MM123')::costshare.x12_party,
             ROW('P3', '1', 'Second', 'Party', NULL, NULL, 'XX', 'X1')::costshare.x12_party]
  FROM costshare.eligibility_benefit WHERE member_id IN ('m-doe', 'm-none') AND segment = (SELECT min(segment) FROM costshare.eligibility_benefit);
INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid) VALUES
  ('m-two', 'mock-plan', 'mh_psychotherapy', '[2013-03-01,2013-04-01)'), ('m-two', 'mock-plan', 'mh_diagnostic', '[2013-03-01,2013-04-01)');
SELECT pg_temp.grid('3 limits, auth, carve-out');
UPDATE costshare.eligibility_benefit SET plan_period = '[2013-02-01,2013-03-04)' WHERE member_id = 'm-doe' AND benefit = 'active';
SELECT pg_temp.grid('4 plan period with an end');
UPDATE costshare.eligibility_benefit SET plan_period = '[2012-07-01,)' WHERE member_id = 'm-doe' AND benefit = 'active';
SELECT pg_temp.grid('5 plan period start only');
UPDATE costshare.eligibility_benefit SET benefit = 'inactive', info = '6' WHERE member_id = 'm-two' AND benefit = 'active';
-- a later load for m-none (same as-of date, later loaded_at): its rows are the ones priced
INSERT INTO costshare.x12_load (kind, sender, interchange_control, records)
SELECT '271', payer_id, 'LATER', 1 FROM costshare.eligibility_benefit WHERE member_id = 'm-none' LIMIT 1;
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info,
                                           network, service_types, amount)
SELECT member_id, payer_id, 'LATER', 5, as_of, 'copay', 'B', 'in', '{98}', 12.00
  FROM costshare.eligibility_benefit WHERE member_id = 'm-none' LIMIT 1;
SELECT pg_temp.grid('6 inactive, a later load');
SET LOCAL costshare.stale_271_days = 'soon';
SELECT pg_temp.grid('7 a bad stale setting');
SET LOCAL costshare.stale_271_days = -1;
SELECT pg_temp.grid('8 never stale');
RESET costshare.stale_271_days;
SELECT pg_temp.rights('8 never stale');

-- the real files of ABC Company, each on its own
CREATE FUNCTION pg_temp.abc(doc_name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM costshare.eligibility_benefit;
    DELETE FROM costshare.accumulator_snapshot;
    DELETE FROM costshare.x12_load;
    INSERT INTO grid_out (state, line)
    SELECT doc_name, concat_ws(' | ', 'load', t.code, t.message, t.detail, t.hint)
      FROM pg_temp.try(pg_catalog.format('SELECT x.status FROM docs, costshare.load_271(doc, ''2006-03-01'') x WHERE name = %L', doc_name)) t;
    PERFORM pg_temp.grid(doc_name);
END $$;
SELECT pg_temp.abc('lfh subscriber');
SELECT pg_temp.abc('lfh demo');
SELECT pg_temp.abc('badx12 subscriber');
SELECT pg_temp.abc('badx12 dependent');
SELECT pg_temp.abc('lfh dependent');
SELECT pg_temp.abc('badx12 aaa');

