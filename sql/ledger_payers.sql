-- ledger_payers: a claim line is the payer's (issue 9, defect 4), posting needs no TEMP privilege
-- (defect 8). A secondary payer's 835 with the same CLP01 as the primary's is another claim line and
-- posts to the secondary coverage; it never rewrites the primary plan's accumulators. A remit from a
-- payer the member has no coverage with is refused (lenient mode: result no_coverage). A 271 reports
-- snapshots only to its own payer's plans. A loader role without TEMP loads 271s and posts 835s.

SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
-- everything in one transaction, rolled back at the end: the suites share a database
BEGIN;

\i test/regress/try.sql

-- A one-claim, one-line 835 (valid in strict mode): payer name and optional id (N1*PR N104), the
-- claim id and status, the patient (NM1*QC, MI id), the service date, charge, paid and PR-1 deductible.
CREATE FUNCTION public.ledger_payers_remit(isa13 text, payer_name text, payer_id text, claim text,
                                           member text, last_name text, service date, charge numeric,
                                           paid numeric, ded numeric, clp_status text DEFAULT '1')
RETURNS text LANGUAGE sql AS $$
SELECT concat_ws(E'~',
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*' || isa13 || '*0*T*:',
  'GS*HP*SENDER*RECEIVER*20260101*1200*1*X*005010X221A1',
  'ST*835*0001',
  'BPR*I*' || paid || '*C*CHK************20260105',
  'TRN*1*CHK' || isa13 || '*1999999999',
  'N1*PR*' || payer_name || CASE WHEN payer_id IS NOT NULL THEN '*XV*' || payer_id ELSE '' END,
  'N1*PE*PRACTICE*XX*1222222223',
  'LX*1',
  'CLP*' || claim || '*' || clp_status || '*' || charge || '*' || paid || '*' || ded || '*12*P' || isa13,
  'NM1*QC*1*' || last_name || '*PAT****MI*' || member,
  'SVC*HC:90837*' || charge || '*' || paid,
  'DTM*472*' || to_char(service, 'YYYYMMDD'),
  'CAS*PR*1*' || ded,
  'CAS*CO*45*' || (charge - paid - ded),
  'AMT*B6*' || (paid + ded),
  'SE*14*0001', 'GE*1*1', 'IEA*1*' || isa13) || '~'
$$;

INSERT INTO costshare.payer (payer_id, name) VALUES
  ('PRIM', 'Primary Mutual'), ('SEC', 'Second Guard'), ('THIRD', 'Third Trust');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES
  ('prim-ppo', 'PRIM', 'Primary PPO'), ('sec-ppo', 'SEC', 'Second PPO'), ('third-ppo', 'THIRD', 'Third PPO');
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, ded_family, oop_individual, oop_family) VALUES
  ('prim-ppo', 'in', 1000, 2000, 5000, 10000), ('sec-ppo', 'in', 500, 1000, 4000, 8000);
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('m-cob', 'Pat', 'Cobb', '1980-01-01'), ('m-solo', 'Sam', 'Solo', '1981-02-02');
-- Pat Cobb: primary with PRIM, secondary with SEC; Sam Solo: PRIM only
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, cob_order, payer_member_id) VALUES
  ('m-cob', 'm-cob', 'fam-cob', 'prim-ppo', '[2026-01-01,2027-01-01)', 1, 'P100'),
  ('m-cob', 'm-cob', 'fam-cob', 'sec-ppo', '[2026-01-01,2027-01-01)', 2, 'S200'),
  ('m-solo', 'm-solo', 'fam-solo', 'prim-ppo', '[2026-01-01,2027-01-01)', 1, 'P300');

CREATE FUNCTION pg_temp.ded_met(plan text) RETURNS numeric LANGUAGE sql AS $$
    SELECT (costshare.accumulators('m-cob', 'fam-cob', plan, 'in', NULL, '[2026-01-01,2027-01-01)', '2026-12-31')).ded_individual_met
$$;

-- ==== defect 4: another payer's 835 ================================================================
-- the primary pays claim CLM1 and puts 150.00 toward the deductible
SELECT * FROM costshare.post_835(ledger_payers_remit('000000001', 'PRIMARY MUTUAL', NULL, 'CLM1', 'P100', 'COBB', '2026-02-02', 200, 50, 150));
SELECT pg_temp.ded_met('prim-ppo') AS primary_ded_met, pg_temp.ded_met('sec-ppo') AS secondary_ded_met;
-- the secondary answers the same claim (the practice's CLP01) and names the patient by the practice's
-- id, which no payer member id matches (the COB order alone would choose the primary plan): it is the
-- secondary's claim line, version 1, in the secondary plan; the primary's deductible met stays 150.00
SELECT * FROM costshare.post_835(ledger_payers_remit('000000002', 'SECOND GUARD', NULL, 'CLM1', 'm-cob', 'COBB', '2026-02-02', 150, 150, 0));
SELECT pg_temp.ded_met('prim-ppo') AS primary_ded_met, pg_temp.ded_met('sec-ppo') AS secondary_ded_met;
-- the secondary reverses its payment (claim status 22): the primary's line is untouched
SELECT * FROM costshare.post_835(ledger_payers_remit('000000003', 'SECOND GUARD', NULL, 'CLM1', 'S200', 'COBB', '2026-02-02', 150, 150, 0, '22'));
SELECT pg_temp.ded_met('prim-ppo') AS primary_ded_met, pg_temp.ded_met('sec-ppo') AS secondary_ded_met;
-- (allowed: the remit's allowed amount, recorded by post_835; none for a reversal; plan_paid: the
-- payer's payment of the line, SVC03, which the plan-paid maximums count; 0 for a reversal)
SELECT plan_id, claim_id, line_no, claim_version, status, deductible, allowed, plan_paid FROM costshare.accumulator_ledger
ORDER BY plan_id, claim_id, line_no, claim_version;

-- a remit from a payer the member has no coverage with is refused, naming no member; nothing posted
SELECT * FROM pg_temp.try($$SELECT count(*)::text FROM costshare.post_835(ledger_payers_remit('000000004', 'THIRD TRUST', NULL, 'CLM9', 'm-cob', 'COBB', '2026-03-03', 100, 0, 100))$$);
-- lenient mode reports the line as no_coverage and posts nothing for it
SELECT * FROM costshare.post_835(ledger_payers_remit('000000005', 'THIRD TRUST', NULL, 'CLM9', 'm-cob', 'COBB', '2026-03-03', 100, 0, 100), 'lenient');
-- a payer that costshare.payer does not know is refused
SELECT * FROM pg_temp.try($$SELECT count(*)::text FROM costshare.post_835(ledger_payers_remit('000000006', 'NOBODY HEALTH', 'NOB1', 'CLM9', 'm-cob', 'COBB', '2026-03-03', 100, 0, 100))$$);
SELECT count(*) AS third_or_unknown_lines FROM costshare.accumulator_ledger WHERE claim_id = 'CLM9';

-- a payer is found by the X12 identifiers it is recorded with (payer id first, before the name)
UPDATE costshare.payer SET x12_ids = '{99-PRIM}' WHERE payer_id = 'PRIM';
SELECT costshare.x12_payer('99-prim', 'SECOND GUARD') AS by_x12_id, costshare.x12_payer('XX', 'second  guard') AS by_name,
       costshare.x12_payer('PRIM') AS by_payer_id, costshare.x12_payer(NULL, NULL, '99-PRIM') AS by_trace_originator,
       costshare.x12_payer('XX', 'NOBODY') AS unknown;
SELECT claim_id, claim_version, status, result, deductible
FROM costshare.post_835(ledger_payers_remit('000000007', 'PM HOLDINGS', '99-PRIM', 'CLM2', 'P300', 'SOLO', '2026-04-04', 120, 0, 120));
SELECT payer_id, plan_id, member_id, claim_id, claim_version FROM costshare.accumulator_ledger WHERE claim_id = 'CLM2';

-- post_claim_line: the 1.1 call (no payer) posts as the plan's payer; the same claim id, line and
-- version of two payers are two lines; a payer that is not the plan's is refused
SELECT costshare.post_claim_line('CLM3', 1, 1, 'final', 'm-cob', 'prim-ppo', '2026-05-05', 10, 0, 0) AS primary_v1,
       costshare.post_claim_line('CLM3', 1, 1, 'final', 'm-cob', 'sec-ppo', '2026-05-05', 20, 0, 0) AS secondary_v1,
       costshare.post_claim_line('CLM3', 1, 1, 'final', 'm-cob', 'sec-ppo', '2026-05-05', 20, 0, 0, payer_id => 'SEC') AS secondary_again;
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('CLM3', 2, 1, 'final', 'm-cob', 'sec-ppo', '2026-05-05', 20, 0, 0, payer_id => 'PRIM')$$);
SELECT * FROM pg_temp.try($$SELECT costshare.post_claim_line('CLM3', 1, 1, 'final', 'm-cob', 'sec-ppo', '2026-05-05', 25, 0, 0)$$);
SELECT payer_id, plan_id, claim_id, claim_version, deductible FROM costshare.accumulator_ledger WHERE claim_id = 'CLM3' ORDER BY payer_id;

-- an estimate trued up by the payer's own remit, not by another payer's
SELECT costshare.post_claim_line('CLM4', 1, 1, 'estimated', 'm-cob', 'sec-ppo', '2026-06-06', 40, 0, 0);
SELECT claim_id, claim_version, trueup FROM costshare.post_835(ledger_payers_remit('000000008', 'PRIMARY MUTUAL', NULL, 'CLM4', 'P100', 'COBB', '2026-06-06', 100, 70, 30));
SELECT claim_id, claim_version, trueup FROM costshare.post_835(ledger_payers_remit('000000009', 'SECOND GUARD', NULL, 'CLM4', 'S200', 'COBB', '2026-06-06', 30, 0, 30));
SELECT payer_id, claim_id, line_no, estimate_version, final_version, difference FROM costshare.claim_trueup;

-- ==== a 271 reports snapshots only to the plans of its payer =======================================
\set f `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
INSERT INTO costshare.payer (payer_id, name) VALUES ('MOCKPAYER', 'Mock Payer Inc');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-advantage', 'MOCKPAYER', 'Mock Individual Advantage');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-john', 'John', 'Doe', '1970-01-01');
-- John Doe has the mock payer's plan and, as secondary, a plan of PRIM
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, coverage_level, cob_order, payer_member_id) VALUES
  ('m-john', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'family', 1, '00000000001'),
  ('m-john', 'm-john', 'fam-doe', 'prim-ppo', '[2013-01-01,2014-01-01)', 'family', 2, 'P999');
SELECT * FROM costshare.load_271(:'f', '2013-06-01');
-- the 271's figures go to the mock payer's plan only, never to John's plan with PRIM
SELECT family_id, member_id, plan_id, bucket, ded_met, oop_met FROM costshare.accumulator_snapshot
ORDER BY plan_id, member_id NULLS LAST, bucket;

-- ==== defect 8: a loader without TEMP ==============================================================
-- The grants a loader needs (README, "Security"): no TEMP, no UPDATE on members.
DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$;
CREATE ROLE cs_loader;
GRANT USAGE ON SCHEMA costshare TO cs_loader;
-- (the plan tables and prior authorizations too: post_835 routes each line through the estimate's
-- line context, which reads them)
GRANT SELECT ON costshare.member, costshare.enrollment, costshare.plan, costshare.payer, costshare.plan_limit,
                costshare.benefit, costshare.service_code, costshare.place_of_service, costshare.credential,
                costshare.provider, costshare.network_participation, costshare.fee_schedule,
                costshare.prior_auth, costshare.service_type_category TO cs_loader;
GRANT SELECT, INSERT ON costshare.x12_load, costshare.eligibility_benefit, costshare.eligibility_rejection,
                        costshare.accumulator_ledger, costshare.claim_trueup TO cs_loader;
GRANT SELECT, INSERT, UPDATE ON costshare.accumulator_snapshot TO cs_loader;
GRANT EXECUTE ON FUNCTION costshare.lock_members(text[]) TO cs_loader;
SET ROLE cs_loader;
SELECT has_database_privilege(current_database(), 'TEMPORARY') AS loader_has_temp;
-- another interchange of the 271 (ISA13 000000002), twice: loaded, then a duplicate
\set f2 `sed -e 's/\*000000001\*0\*P/*000000002*0*P/' -e 's/IEA\*1\*000000001/IEA*1*000000002/' ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
SELECT * FROM costshare.load_271(:'f2', '2013-07-01');
SELECT * FROM costshare.load_271(:'f2', '2013-07-01');
SELECT claim_id, claim_version, status, result, deductible
FROM costshare.post_835(ledger_payers_remit('000000010', 'PRIMARY MUTUAL', NULL, 'CLM5', 'P300', 'SOLO', '2026-07-07', 90, 0, 90));
SELECT claim_id, claim_version, status, result, deductible
FROM costshare.post_835(ledger_payers_remit('000000010', 'PRIMARY MUTUAL', NULL, 'CLM5', 'P300', 'SOLO', '2026-07-07', 90, 0, 90));
-- a failed posting changes nothing, for the loader too
SELECT * FROM pg_temp.try($$SELECT count(*)::text FROM costshare.post_835(ledger_payers_remit('000000011', 'THIRD TRUST', NULL, 'CLM6', 'm-cob', 'COBB', '2026-03-03', 100, 0, 100))$$);
RESET ROLE;
SELECT kind, sender, interchange_control, records FROM costshare.x12_load
WHERE interchange_control IN ('000000002', '000000010', '000000011') ORDER BY 1, 2, 3;
SELECT count(*) AS snapshots_as_of_july FROM costshare.accumulator_snapshot WHERE as_of = '2013-07-01';

-- ==== the 835 poster on the estimate's path (issue 10) =============================================
-- Each line posts with the category, network and bucket the estimate's line context gives its
-- coverage. A plan with separate out-of-network accumulators: the payer's PR amounts for a provider
-- outside the plan's network credit those, never the in-network deductible the next in-network
-- estimate reads (they used to be posted to 'in' whatever the network).
INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, ded_family, oop_individual, oop_family) VALUES
  ('prim-ppo', 'out', 2000, 4000, 10000, 20000);
INSERT INTO costshare.benefit (plan_id, category, network, coinsurance, deductible_applies) VALUES
  ('prim-ppo', 'mh_psychotherapy', 'in', 0.2, true), ('prim-ppo', 'mh_psychotherapy', 'out', 0.4, true);
-- the remit's payee (N1*PE XX 1222222223) is on file and does not take part in prim-ppo
INSERT INTO costshare.provider (provider_id, name, credential, state) VALUES ('1222222223', 'The Practice', 'psyd', 'NE');
SELECT claim_id, status, result, deductible
FROM costshare.post_835(ledger_payers_remit('000000020', 'PRIMARY MUTUAL', NULL, 'CLM7', 'P300', 'SOLO', '2026-08-08', 300, 0, 120));
SELECT claim_id, plan_id, category, bucket, deductible FROM costshare.accumulator_ledger WHERE claim_id = 'CLM7';
SELECT network, (acc_before).ded_individual_met AS out_ded_met
FROM costshare.estimate('m-solo', '2026-09-01', '90837', '1222222223');
-- it joins the network: the next remit's line credits the in-network deductible
INSERT INTO costshare.network_participation (provider_id, plan_id, valid) VALUES ('1222222223', 'prim-ppo', '[2026-08-15,)');
SELECT claim_id, status, result, deductible
FROM costshare.post_835(ledger_payers_remit('000000021', 'PRIMARY MUTUAL', NULL, 'CLM8', 'P300', 'SOLO', '2026-08-20', 300, 0, 80));
SELECT claim_id, plan_id, category, bucket, deductible FROM costshare.accumulator_ledger WHERE claim_id IN ('CLM7', 'CLM8') ORDER BY 1;
SELECT network, (acc_before).ded_individual_met AS in_ded_met
FROM costshare.estimate('m-solo', '2026-09-01', '90837', '1222222223');

ROLLBACK;
