-- sample/demo.sql — the README demo: a small practice, its plans, and one patient's next twelve
-- 60-minute psychotherapy sessions (CPT 90837), priced in one set-based query.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\pset footer off
CREATE EXTENSION IF NOT EXISTS costshare CASCADE;

-- Plans as the practice keeps them: one row per plan, terms built with the constructor.
CREATE TABLE plan (
    plan_id  text PRIMARY KEY,
    name     text NOT NULL,
    terms    costshare.terms NOT NULL
);
INSERT INTO plan VALUES
  ('PPO-20', 'Regional PPO: $20 therapy copay, deductible waived',
     costshare.terms(copay => 20, deductible_applies => false, ded_individual => 1000, oop_individual => 5000)),
  ('HDHP-1500', 'High-deductible plan: $1,500 deductible, then 20%, $5,000 out-of-pocket limit',
     costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000)),
  ('OON-40', 'Same HDHP, therapist out of network: 40% after a $3,000 deductible',
     costshare.terms(ded_individual => 3000, coinsurance => 0.4, network => 'out'));

-- Appointments: weekly Thursday sessions from Thanksgiving week into the new year.
CREATE TABLE appointment (
    appt_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient      text NOT NULL,
    plan_id      text NOT NULL REFERENCES plan,
    service_date date NOT NULL,
    cpt          text NOT NULL,
    allowed      numeric(12,2) NOT NULL,   -- the contracted rate
    billed       numeric(12,2)
);
INSERT INTO appointment (patient, plan_id, service_date, cpt, allowed, billed)
SELECT 'patient-1', 'HDHP-1500', date '2026-11-26' + 7 * n, '90837', 180.00, 250.00
FROM generate_series(0, 11) n;

\echo
\echo '== One line: a $180.00 session under the HDHP, $1,380.00 of the deductible already met'
SELECT allowed, deductible, coinsurance, patient_pays, plan_pays, adjustment_codes
FROM costshare.adjudicate(180.00, (SELECT terms FROM plan WHERE plan_id = 'HDHP-1500'),
                          costshare.accum(ded_individual_met => 1380.00, oop_individual_met => 1380.00));

\echo
\echo '== patient-1: the next twelve 90837 sessions ($1,500 deductible, 20%, $5,000 OOP; $1,380 met this year)'
\echo '   The deductible finishes in the first session, then 20% applies; on January 1 the year resets.'
SELECT a.service_date AS "date",
       to_char(a.service_date, 'Dy') AS day,
       (r).allowed, (r).deductible, (r).coinsurance,
       (r).patient_pays AS patient, (r).plan_pays AS plan,
       (r).acc_after.ded_individual_met AS "deductible met",
       (r).acc_after.oop_individual_met AS "OOP met"
FROM (
    SELECT a.*, costshare.accumulate(a.patient, a.service_date, a.allowed, p.terms,
                                     costshare.accum(ded_individual_met => 1380.00, oop_individual_met => 1380.00))
                  OVER (PARTITION BY a.patient ORDER BY a.service_date, a.appt_id) AS r
    FROM appointment a JOIN plan p USING (plan_id)
) a
ORDER BY a.service_date;

\echo
\echo '== The same first session under each plan (billed $250.00: out of network adds the balance bill)'
SELECT p.plan_id, (r).allowed, (r).copay, (r).deductible, (r).coinsurance, (r).balance_bill,
       (r).patient_pays AS patient, (r).plan_pays AS plan, (r).adjustment_codes
FROM plan p, LATERAL (SELECT costshare.adjudicate(180.00, p.terms, NULL, 250.00) AS r OFFSET 0) x
ORDER BY p.plan_id;

-- ---------------------------------------------------------------------------------------------------
-- The practice's plan tables (sample/plans.sql): eligibility and estimates, one call each
-- ---------------------------------------------------------------------------------------------------
\i sample/plans.sql

-- Medicare's physician fee schedule from CMS's published 2025 files (the shared data beside the project)
\set rvu `cat ../shared/data/cms-pfs-2025/PPRRVU2025_Oct_subset.csv`
\set gpci `cat ../shared/data/cms-pfs-2025/GPCI2025.csv`
\o /dev/null
SELECT costshare.load_medicare_rvu(2025, :'rvu'), costshare.load_medicare_gpci(2025, :'gpci');
\o

\echo
\echo '== Eligibility for a 60-minute session (90837) on Thursday 2026-11-26, by patient and therapist'
SELECT m.member_id AS patient, e.status, e.reasons, e.plan_id, e.cob_position AS cob, e.coverages,
       e.network, e.carve_out_admin, e.ded_remaining, e.oop_remaining, e.visits_remaining
FROM (VALUES ('M-NGUYEN-1', '1222222223'), ('M-ALVAREZ-3', '1333333334'), ('M-ALVAREZ-4', '1333333334'),
             ('M-ALVAREZ-1', '1555555556'), ('M-OKAFOR-1', '1222222223'), ('M-DAVIS-1', '1333333334'),
             ('M-BROWN-1', '1444444445')) m(member_id, provider_id),
     LATERAL costshare.eligibility(m.member_id, '2026-11-26', '90837', m.provider_id) e;

\echo
\echo '== What will each patient pay for such a session on 2025-11-26? (billed $250.00; Medicare at the'
\echo '   2025 fee schedule, an LMFT paid 75%)'
SELECT m.member_id AS patient, e.status, e.network, e.allowed, e.allowed_source AS "allowed from",
       e.copay, e.deductible, e.coinsurance, e.balance_bill, e.patient_pays, e.plan_pays
FROM (VALUES ('M-NGUYEN-1', '1222222223'), ('M-ALVAREZ-3', '1333333334'), ('M-ALVAREZ-1', '1555555556'),
             ('M-DAVIS-1', '1333333334'), ('M-BROWN-1', '1444444445')) m(member_id, provider_id),
     LATERAL costshare.estimate(m.member_id, '2025-11-26', '90837', m.provider_id, '11', 250.00) e;

\echo
\echo '== Two coverages: Jon Alvarez (M-ALVAREZ-2) has his own HDHP and is on his spouse''s PPO. The HDHP'
\echo '   pays first (his own plan as employee); the PPO pays after it by its method (standard COB)'
SELECT p.provider_id AS provider, e.plan_id AS primary_plan, e.allowed, e.deductible, e.primary_pays,
       e.secondary_plan_id AS secondary_plan, e.cob_method, e.secondary_pays, e.patient_pays
FROM (VALUES ('1111111112'), ('1222222223')) p(provider_id),
     LATERAL costshare.estimate('M-ALVAREZ-2', '2026-11-26', '90837', p.provider_id) e;

\echo
\echo '== A practice with only the payer''s 271: Anu Patel''s payer answered an eligibility inquiry;'
\echo '   no plan design is on file, yet estimate and eligibility price her from the 271'
INSERT INTO costshare.payer (payer_id, name, payer_type, x12_ids) VALUES ('BLUEX', 'Blue Example', 'commercial', '{BLUEX01}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('BLUEX-PPO', 'BLUEX', 'Blue Example PPO (no plan design on file)');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-PATEL-1', 'Anu', 'Patel', '1988-03-03');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
VALUES ('M-PATEL-1', 'M-PATEL-1', 'F-PATEL', 'BLUEX-PPO', '[2026-01-01,2027-01-01)', 'BX123');
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount) VALUES ('BLUEX', '90837', '[2026-01-01,2027-01-01)', 150.00);
SELECT status, benefits, snapshots FROM costshare.load_271(
    'ISA*00*          *00*          *ZZ*BLUEX01        *ZZ*CLINIC         *261120*1200*^*00501*000000042*0*P*:~'
 || 'GS*HB*BLUEX01*CLINIC*20261120*1200*42*X*005010X279A1~ST*271*0001*005010X279A1~BHT*0022*11*1*20261120*1200~'
 || 'HL*1**20*1~NM1*PR*2*BLUE EXAMPLE*****PI*BLUEX01~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
 || 'HL*3*2*22*0~TRN*2*T1*9877281234~NM1*IL*1*PATEL*ANU****MI*BX123~DMG*D8*19880303~DTP*291*RD8*20260101-20261231~'
 || 'EB*1*IND*30**PPO~EB*B*IND*MH****30.00*****Y~EB*A*IND*MH*****0.2****Y~EB*C*IND*30***23*1000.00*****Y~'
 || 'EB*C*IND*30***29*400.00*****Y~EB*G*IND*30***23*4000.00*****Y~EB*G*IND*30***29*3400.00*****Y~'
 || 'SE*19*0001~GE*1*42~IEA*1*000000042~', '2026-11-20');
SELECT e.status, e.benefit_source AS source, e.benefits_interchange AS "271", e.benefits_as_of AS "as of",
       e.allowed, e.copay, e.deductible, e.coinsurance, e.patient_pays, e.unknown_terms AS "not stated"
FROM costshare.estimate('M-PATEL-1', '2026-11-26', '90837') e;
SELECT g.status, g.benefit_source AS source, g.ded_remaining, g.oop_remaining, g.visits_remaining, g.unknown_terms AS "not stated"
FROM costshare.eligibility('M-PATEL-1', '2026-11-26', '90837') g;

\echo
\echo '== M-NGUYEN-1 (HSA plan; the payer reported $1,200 met on Oct 1, two claims posted since):'
\echo '   the next four weekly sessions, priced together so each sees the one before'
SELECT appt_id, status, allowed, (line).deductible, (line).coinsurance, (line).patient_pays AS patient,
       (line).plan_pays AS plan, (line).acc_after.ded_individual_met AS "deductible met"
FROM costshare.estimate_many(ARRAY(
       SELECT ROW(n, 'M-NGUYEN-1', date '2026-11-26' + 7 * n, '90837', '1222222223', '11', NULL)::costshare.appointment
       FROM generate_series(0, 3) n))
ORDER BY appt_id;

\echo
\echo '== What the patient is told (costshare.explain, ICU message catalogs): M-NGUYEN-1 on 2026-11-26'
SELECT l.locale, costshare.explain('M-NGUYEN-1', '2026-11-26', '90837', '1222222223', '11', NULL, l.locale) AS explanation
FROM (VALUES ('en-US'), ('es-MX')) l(locale);

-- ---------------------------------------------------------------------------------------------------
-- A self-pay patient: the practice's cash prices and the Good Faith Estimate (No Surprises Act)
-- ---------------------------------------------------------------------------------------------------
INSERT INTO costshare.self_pay_price (code, modifier, provider_id, valid, price, discount_rate, discount_amount, discount_reason) VALUES
  ('90791', '', NULL, '[2026-01-01,)', 200.00, NULL, NULL, NULL),
  ('90837', '', NULL, '[2026-01-01,)', 150.00, 0.10, NULL, 'prompt_pay'),
  ('90837', '', '1111111112', '[2026-01-01,)', 220.00, NULL, NULL, NULL),
  ('90847', '', NULL, '[2026-01-01,)', 160.00, 0.25, 5.00, 'sliding_scale');

\echo
\echo '== A self-pay patient scheduled on Friday 2026-12-18 for an intake on 2027-01-05, then weekly'
\echo '   therapy with Jordan Lee (LCSW) through June and four family sessions: the Good Faith Estimate'
CREATE TEMP TABLE gfe AS
SELECT costshare.good_faith_estimate(
         '[{"code": "90791", "dates": ["2027-01-05"]}, {"code": "90837", "count": 24},
           {"code": "90847", "count": 4, "provider": "1444444445"}]',
         scheduled_on => '2026-12-18', service_on => '2027-01-05', diagnoses => ARRAY['F41.1'],
         provider => '1333333334', period_end => '2027-06-30') AS g;
SELECT l.line, l.code, l.provider_id AS provider, l.sessions, l.price, l.discount_reason AS discount,
       l.unit_price, l.total
FROM gfe, jsonb_to_recordset(g -> 'lines') AS l (line int, code text, provider_id text, sessions int, price numeric,
                                                  discount_reason text, unit_price numeric, total numeric);
SELECT g ->> 'total' AS total, g ->> 'issued_on' AS issued, g ->> 'expires_on' AS expires,
       g #>> '{timing,rule}' AS rule, g #>> '{timing,due_on}' AS due
FROM gfe;
SELECT n ->> 'text' AS "what the patient reads (es-US)"
FROM jsonb_array_elements(costshare.good_faith_estimate(
         '[{"code": "90837", "count": 24}]', '2026-12-18', '2027-01-05', provider => '1333333334',
         locale => 'es-US') -> 'notices') n
WHERE n ->> 'key' IN ('total', 'dispute');

\echo
\echo '== The final bills: Jordan Lee billed $3,839.99, Casey Morgan $860.00 (the $400 rule, per provider)'
SELECT d.* FROM gfe, costshare.gfe_dispute(g, '{"1333333334": 3839.99, "1444444445": 860.00}') d;

\echo
\echo '== Mental-health parity of the plans (MHPAEA), weighted by projected spend (classifications without MH/SUD benefits left out)'
SELECT p.plan_id, c.classification, c.requirement, c.verdict, c.explanation
FROM (VALUES ('ACME-PPO'), ('SUMMIT-PY')) p(plan_id),
     LATERAL costshare.parity_check(p.plan_id) c
WHERE c.verdict <> 'not_applicable'
ORDER BY p.plan_id, c.classification, c.requirement;
