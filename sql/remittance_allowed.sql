-- remittance_allowed: the allowed amount from the practice's own remittance history (issue 11). When
-- no fee row prices a line of a plan that is not Medicare, the estimate takes the median of the allowed
-- amounts (AMT*B6) of the latest version of each posted final line of the same payer, code and provider
-- over costshare.remittance_window_days before the date of service: allowed_source
-- 'remittance_history', allowed_lines the count. post_835 records SVC01's code and the rendering
-- provider (NM1*82 NPI, else the payee's N1*PE NPI) when that provider is on file.

SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
-- everything in one transaction, rolled back at the end: the suites share a database
BEGIN;

\i test/regress/try.sql

-- A one-claim, one-line 835 (balanced, valid in strict mode): payer name and id (N1*PR N104), the payee
-- NPI (N1*PE XX), the claim id and status, the patient (NM1*QC, MI id), the rendering provider (NM1*82
-- XX, left out when NULL), the code, date of service, allowed amount (AMT*B6; charge 300.00, PR-2 20%).
CREATE FUNCTION pg_temp.remit(isa13 text, payer text, claim text, member text, service date, code text,
                              allowed numeric, rendering text, clp_status text DEFAULT '1',
                              payee text DEFAULT '1999999999')
RETURNS text LANGUAGE sql AS $$
SELECT concat_ws(E'~',
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*' || isa13 || '*0*T*:',
  'GS*HP*SENDER*RECEIVER*20260101*1200*1*X*005010X221A1',
  'ST*835*0001',
  'BPR*I*' || (allowed - round(allowed * 0.2, 2)) || '*C*CHK************20260105',
  'TRN*1*CHK' || isa13 || '*1999999999',
  'N1*PR*' || CASE payer WHEN 'RH' THEN 'REMIT HEALTH' ELSE 'OTHER HEALTH' END || '*XV*' || payer,
  'N1*PE*PRACTICE*XX*' || payee,
  'LX*1',
  'CLP*' || claim || '*' || clp_status || '*300.00*' || (allowed - round(allowed * 0.2, 2)) || '*'
         || round(allowed * 0.2, 2) || '*12*P' || isa13,
  'NM1*QC*1*HISTORY*HARRY****MI*' || member,
  CASE WHEN rendering IS NOT NULL THEN 'NM1*82*1*DOCTOR*DOC****XX*' || rendering END,
  'SVC*HC:' || code || '*300.00*' || (allowed - round(allowed * 0.2, 2)),
  'DTM*472*' || to_char(service, 'YYYYMMDD'),
  'CAS*PR*2*' || round(allowed * 0.2, 2),
  'CAS*CO*45*' || (300.00 - allowed),
  'AMT*B6*' || allowed,
  'SE*' || CASE WHEN rendering IS NOT NULL THEN 15 ELSE 14 END || '*0001', 'GE*1*1', 'IEA*1*' || isa13) || '~'
$$;

-- Remit Health and Other Health; the same plan design with each, no fee schedule rows
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('RH', 'Remit Health', '{RH}'), ('OTH', 'Other Health', '{OTH}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('rh-ppo', 'RH', 'Remit PPO'), ('oth-ppo', 'OTH', 'Other PPO');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, ded_family, oop_individual, oop_family) VALUES
  ('rh-ppo', 'in', 0, 0, 5000, 10000), ('oth-ppo', 'in', 0, 0, 5000, 10000);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies) VALUES
  ('rh-ppo', 'mh_psychotherapy', 'in', 0.2, false), ('oth-ppo', 'mh_psychotherapy', 'in', 0.2, false);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('m-rh-est', 'Esther', 'Estimate', '1980-01-01'), ('m-rh-hist', 'Harry', 'History', '1975-05-05');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order, payer_member_id) VALUES
  ('m-rh-est', 'm-rh-est', 'fam-est', 'rh-ppo', '[2024-01-01,2028-01-01)', 1, 'RH-EST'),
  ('m-rh-hist', 'm-rh-hist', 'fam-hist', 'rh-ppo', '[2024-01-01,2028-01-01)', 1, 'RH-HIST'),
  ('m-rh-hist', 'm-rh-hist', 'fam-hist', 'oth-ppo', '[2024-01-01,2028-01-01)', 2, 'OTH-HIST');
-- two rendering providers and the group (the payee); all participate
INSERT INTO costshare.provider (provider_id, name, credential) VALUES
  ('1000000001', 'Dr A', 'md'), ('1000000002', 'Dr B', 'md'), ('1999999999', 'The Group', 'md');
INSERT INTO costshare.network_participation (provider_id, plan_id, valid)
SELECT p, pl, '[2024-01-01,)' FROM unnest(ARRAY['1000000001', '1000000002', '1999999999']) p,
                                  unnest(ARRAY['rh-ppo', 'oth-ppo']) pl;

-- ==== what post_835 records ===========================================================================

-- Dr A's 90837 lines with Remit Health before the estimate's date of service 2026-06-15 (window 365
-- days: 2025-06-15 .. 2026-06-15)
SELECT r.claim_id, r.claim_version, r.status, r.result
FROM (VALUES
  ('000000101', 'A-IN-1',  '2026-01-10'::date, 100.00),   -- counts
  ('000000102', 'A-IN-2',  '2026-02-10', 120.00),         -- counts
  ('000000103', 'A-EDGE',  '2025-06-15', 140.00),         -- 365 days before: counts
  ('000000104', 'A-OLD',   '2025-06-14', 999.00),         -- 366 days before: out of the window
  ('000000105', 'A-LATER', '2026-06-16', 999.00),         -- after the date of service: out
  ('000000106', 'A-REV',   '2026-03-01', 999.00),         -- reversed below
  ('000000107', 'A-CORR',  '2026-03-05', 999.00)          -- corrected below (version 2: 130.00)
) AS l(isa, claim, d, amt),
LATERAL costshare.post_835(pg_temp.remit(l.isa, 'RH', l.claim, 'RH-HIST', l.d, '90837', l.amt, '1000000001')) r
ORDER BY r.claim_id;
-- the reversal and the correction: new versions of the same lines
SELECT claim_id, claim_version, status, result
FROM costshare.post_835(pg_temp.remit('000000108', 'RH', 'A-REV', 'RH-HIST', '2026-03-01', '90837', 999.00, '1000000001', '22'));
SELECT claim_id, claim_version, status, result
FROM costshare.post_835(pg_temp.remit('000000109', 'RH', 'A-CORR', 'RH-HIST', '2026-03-05', '90837', 130.00, '1000000001'));
-- Dr B's line with Remit Health, Dr A's line with Other Health (the member's secondary coverage)
SELECT claim_id, claim_version, status, result
FROM costshare.post_835(pg_temp.remit('000000110', 'RH', 'B-IN-1', 'RH-HIST', '2026-04-02', '90837', 50.00, '1000000002'));
SELECT claim_id, claim_version, status, result
FROM costshare.post_835(pg_temp.remit('000000111', 'OTH', 'O-IN-1', 'OTH-HIST', '2026-04-01', '90837', 999.00, '1000000001'));
-- no NM1*82: the payee's N1*PE NPI (the group, on file); an NM1*82 NPI not on file, and a payee NPI
-- not on file: no provider recorded (never an invented one)
SELECT claim_id, claim_version, status, result
FROM costshare.post_835(pg_temp.remit('000000112', 'RH', 'G-IN-1', 'RH-HIST', '2026-04-03', '90837', 80.00, NULL));
SELECT claim_id, claim_version, status, result
FROM costshare.post_835(pg_temp.remit('000000113', 'RH', 'X-IN-1', 'RH-HIST', '2026-04-04', '90837', 70.00, '1888888888'));
SELECT claim_id, claim_version, status, result
FROM costshare.post_835(pg_temp.remit('000000114', 'RH', 'Y-IN-1', 'RH-HIST', '2026-04-05', '90837', 60.00, NULL, '1', '1777777777'));
SELECT payer_id, claim_id, claim_version, status, service_date, service_code, provider_id, allowed
FROM costshare.accumulator_ledger WHERE payer_id IN ('RH', 'OTH') ORDER BY claim_id, claim_version;

-- ==== post_claim_line: the new optional arguments =======================================================

-- a final line counts; pending and estimated lines do not; the old call forms still work
SELECT costshare.post_claim_line('A-PCL-1', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 22.00,
                                 'mh_psychotherapy', 'in', 1, '2026-05-20', 'RH', 110.00, '90837', '1000000001');
SELECT costshare.post_claim_line('A-PEND', 1, 1, 'pending', 'm-rh-hist', 'rh-ppo', '2026-05-02', 0, 0, 0,
                                 'mh_psychotherapy', allowed => 999.00, service_code => '90837', provider => '1000000001');
SELECT costshare.post_claim_line('A-EST', 1, 1, 'estimated', 'm-rh-hist', 'rh-ppo', '2026-05-03', 0, 0, 0,
                                 'mh_psychotherapy', allowed => 999.00, service_code => '90837', provider => '1000000001');
SELECT costshare.post_claim_line('OLD-FORM-14', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-04', 0, 0, 0,
                                 'mh_psychotherapy', 'in', 1, NULL);
SELECT costshare.post_claim_line('OLD-FORM-16', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-04', 0, 0, 0,
                                 'mh_psychotherapy', 'in', 1, NULL, 'RH', 40.00);
-- the same version again: a duplicate; with the code or provider recorded once, posting it without
-- them is the same line, and with another code or provider it is not
SELECT costshare.post_claim_line('A-PCL-1', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 22.00,
                                 'mh_psychotherapy', 'in', 1, '2026-05-20', 'RH', 110.00, '90837', '1000000001');
SELECT costshare.post_claim_line('A-PCL-1', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 22.00,
                                 'mh_psychotherapy', 'in', 1, '2026-05-20', 'RH', 110.00);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('A-PCL-1', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 22.00,
                                 'mh_psychotherapy', 'in', 1, '2026-05-20', 'RH', 110.00, '90834', '1000000001')$$);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('A-PCL-1', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 22.00,
                                 'mh_psychotherapy', 'in', 1, '2026-05-20', 'RH', 110.00, '90837', '1000000002')$$);
-- refused: a provider not on file, an empty code or provider
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('A-BAD', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 0,
                                 provider => '1888888888')$$);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('A-BAD', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 0,
                                 service_code => '')$$);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('A-BAD', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-01', 0, 0, 0,
                                 provider => '')$$);

-- ==== the median =======================================================================================

-- Dr A with Remit Health on 2026-06-15: 100.00, 110.00, 120.00, 130.00 (the correction), 140.00 (the
-- window's first day): five lines, the median 120.00 (odd count). Not counted: the line 366 days
-- before, the line after the date, the reversed line, the corrected line's first version, Dr B's line,
-- Other Health's line, the pending and estimated lines.
SELECT * FROM costshare.remittance_allowed('RH', '90837', '1000000001', '2026-06-15');
-- any provider (NULL): Dr A's five, Dr B's 50.00, the group's 80.00, the two lines without a provider
-- (70.00, 60.00): nine lines, the median 100.00
SELECT * FROM costshare.remittance_allowed('RH', '90837', NULL, '2026-06-15');
-- a day later the window starts 2025-06-16: the 140.00 line leaves, A-LATER (2026-06-16) comes in:
-- 100, 110, 120, 130, 999 -> 120.00
SELECT * FROM costshare.remittance_allowed('RH', '90837', '1000000001', '2026-06-16');
-- another code, another payer, another provider, a date before every line: none
SELECT * FROM costshare.remittance_allowed('RH', '90834', '1000000001', '2026-06-15');
SELECT * FROM costshare.remittance_allowed('OTH', '90837', '1000000001', '2026-06-15');
SELECT * FROM costshare.remittance_allowed('OTH', '90837', '1000000002', '2026-06-15');
SELECT * FROM costshare.remittance_allowed('RH', '90837', '1000000001', '2025-01-01');

-- ==== the estimate ====================================================================================

-- Esther (Remit Health, benefits: 20% coinsurance, no fee row) with Dr A on 2026-06-15
SELECT status, reasons, allowed, allowed_source, allowed_lines, coinsurance, patient_pays, plan_pays
FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
SELECT allowed, allowed_source, allowed_lines, priceable
FROM costshare.line_context('m-rh-est', '2026-06-15', '90837', '1000000001');
-- a sixth line of Dr A (125.01): an even count, (120.00 + 125.01) / 2 = 122.505 -> 122.51 half up
SELECT costshare.post_claim_line('A-PCL-2', 1, 1, 'final', 'm-rh-hist', 'rh-ppo', '2026-05-02', 0, 0, 25.00,
                                 'mh_psychotherapy', allowed => 125.01, service_code => '90837', provider => '1000000001');
SELECT status, allowed, allowed_source, allowed_lines, coinsurance, patient_pays
FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
-- without a provider: every provider's lines (ten, median (100.00 + 110.00) / 2 = 105.00)
SELECT allowed, allowed_source, allowed_lines FROM costshare.estimate('m-rh-est', '2026-06-15', '90837');
-- a charge below the median: priced on the charge, the count still says what it was compared with
SELECT allowed, allowed_source, allowed_lines FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001', '11', 90.00);
-- Dr B alone: one line
SELECT allowed, allowed_source, allowed_lines FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000002');

-- the window: 30 days (2026-05-16 .. 2026-06-15) holds no line of Dr A: no amount, the count 0
SET costshare.remittance_window_days = 30;
SELECT status, reasons, allowed, allowed_source, allowed_lines
FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
SET costshare.remittance_window_days = 45;   -- from 2026-05-01: 110.00 and 125.01
SELECT allowed, allowed_source, allowed_lines FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
SELECT * FROM costshare.remittance_allowed('RH', '90837', '1000000001', '2026-06-15');
-- invalid settings: 22023, naming the setting, never a value of a row
SET costshare.remittance_window_days = 'a year';
SELECT * FROM pg_temp.try($$SELECT allowed::text FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001')$$);
SET costshare.remittance_window_days = '-1';
SELECT * FROM pg_temp.try($$SELECT allowed::text FROM costshare.remittance_allowed('RH', '90837', NULL, '2026-06-15')$$);
SET costshare.remittance_window_days = '3661';
SELECT * FROM pg_temp.try($$SELECT allowed::text FROM costshare.remittance_allowed('RH', '90837', NULL, '2026-06-15')$$);
RESET costshare.remittance_window_days;
-- a minimum count: below it no amount (allowed_lines says how many were found)
SET costshare.remittance_min_lines = 7;
SELECT status, reasons, allowed, allowed_source, allowed_lines
FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
SET costshare.remittance_min_lines = 6;
SELECT allowed, allowed_source, allowed_lines FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
SET costshare.remittance_min_lines = 0;
SELECT * FROM pg_temp.try($$SELECT allowed::text FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001')$$);
RESET costshare.remittance_min_lines;
-- NULL arguments and an infinite date are refused
SELECT * FROM pg_temp.try($$SELECT allowed::text FROM costshare.remittance_allowed('RH', NULL, NULL, '2026-06-15')$$);
SELECT * FROM pg_temp.try($$SELECT allowed::text FROM costshare.remittance_allowed('RH', '90837', NULL, 'infinity')$$);

-- a fee row present wins: allowed_source fee_schedule, the history not consulted (allowed_lines NULL)
SAVEPOINT fee;
INSERT INTO costshare.fee_schedule (payer_id, code, amount, valid) VALUES ('RH', '90837', 150.00, '[2026-01-01,)');
SELECT allowed, allowed_source, allowed_lines, coinsurance FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
ROLLBACK TO SAVEPOINT fee;

-- a Medicare plan without a fee row: Medicare's own fee schedule, never the remittance history
SAVEPOINT medicare;
UPDATE costshare.payer SET payer_type = 'medicare' WHERE payer_id = 'RH';
SELECT allowed_source, allowed_lines, 'no_fee_schedule' = ANY (reasons) AS no_fee
FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001');
ROLLBACK TO SAVEPOINT medicare;

-- the as-of estimate reads the ledger as it stood (its temporary copy has the index too): the same answer
SELECT e.allowed, e.allowed_source, e.allowed_lines
FROM costshare.estimate('m-rh-est', '2026-06-15', '90837', '1000000001', '11', NULL, clock_timestamp()) e;

-- ==== real remits ======================================================================================

-- managed-care.835 (Rushmore Life; its BPR16 20002316 is no calendar date, so it is written 20020316
-- here): no NM1*82, the payee ACME MEDICAL CENTER's NPI 5544667733 is on file, so both lines record it
-- with their SVC01 codes; no AMT*B6, so no allowed amount and nothing for the median
INSERT INTO costshare.payer (payer_id, name) VALUES ('RUSHMORE', 'Rushmore Life');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('rush-ppo', 'RUSHMORE', 'PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('m-budd', 'William', 'Budd', '1960-01-01'), ('m-settle', 'Susan', 'Settle', '1961-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id) VALUES
  ('m-budd', 'm-budd', 'fam-budd', 'rush-ppo', '[2002-01-01,2003-01-01)', '33344555510'),
  ('m-settle', 'm-settle', 'fam-settle', 'rush-ppo', '[2002-01-01,2003-01-01)', '44455666610');
INSERT INTO costshare.provider (provider_id, name, credential) VALUES ('5544667733', 'Acme Medical Center', 'md');
\set f `cat ../shared/data/x12-835-linuxforhealth/managed-care.835`
SELECT claim_id, line_no, status, result FROM costshare.post_835(replace(:'f', '*DA*144444*20002316', '*DA*144444*20020316')) ORDER BY claim_id;
SELECT claim_id, service_code, provider_id, allowed FROM costshare.accumulator_ledger WHERE payer_id = 'RUSHMORE' ORDER BY claim_id;
SELECT * FROM costshare.remittance_allowed('RUSHMORE', '99211', '5544667733', '2002-03-02');

-- cob-contractural-adjustment.835 (Your Tax Dollars At Work; its SVC uses '>' as the component
-- separator, so ISA16 is set to it): NM1*82 names the provider by a BS id, not an NPI, and the payee
-- by its tax id (FI): no provider recorded. AMT*B6 550.00 is the line's allowed amount: one line for
-- the code with any provider, none for a named one.
INSERT INTO costshare.payer (payer_id, name) VALUES ('TAXPAYER', 'Your Tax Dollars At Work');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('tax-ppo', 'TAXPAYER', 'PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-burck', 'Raymond', 'Burck', '1950-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id) VALUES
  ('m-burck', 'm-burck', 'fam-burck', 'tax-ppo', '[2005-01-01,2006-01-01)', '987654321');
\set f `cat ../shared/data/x12-835-linuxforhealth/cob-contractural-adjustment.835`
SELECT claim_id, line_no, status, result FROM costshare.post_835(replace(:'f', '*T*:~', '*T*>~'), 'lenient');
SELECT claim_id, service_code, provider_id, allowed FROM costshare.accumulator_ledger WHERE payer_id = 'TAXPAYER' ORDER BY claim_id;
SELECT * FROM costshare.remittance_allowed('TAXPAYER', '55669', NULL, '2005-03-01');
SELECT * FROM costshare.remittance_allowed('TAXPAYER', '55669', '5544667733', '2005-03-01');

ROLLBACK;
