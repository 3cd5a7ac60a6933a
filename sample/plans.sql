-- sample/plans.sql — a small outpatient behavioral-health practice's plan data, for the demo, the
-- tests and the benchmarks. Fictional people; plan designs follow real public ones (domain.md).
-- Load into a database where CREATE EXTENSION costshare CASCADE has run.
\set ON_ERROR_STOP on

INSERT INTO costshare.payer (payer_id, name, payer_type) VALUES
  ('ACME', 'Acme Health (commercial)', 'commercial'),
  ('SUMMIT', 'Summit Mutual (commercial)', 'commercial'),
  ('MEDICARE', 'Medicare Part B', 'medicare'),
  ('STATEMCD', 'State Medicaid', 'medicaid');

INSERT INTO costshare.plan (plan_id, payer_id, name, plan_type, period_start, hdhp, carryover) VALUES
  ('ACME-PPO', 'ACME', 'Acme PPO: $25 therapy copay, deductible waived', 'ppo', NULL, false, false),
  ('ACME-HDHP', 'ACME', 'Acme HSA plan: $1,700 / $3,400 deductible, then 20%', 'hdhp', NULL, true, false),
  ('SUMMIT-PY', 'SUMMIT', 'Summit plan-year PPO (July 1): $500 deductible, 20%, carve-out for therapy', 'ppo', '2025-07-01', false, true),
  ('MCR-B', 'MEDICARE', 'Medicare Part B 2026', 'medicare', NULL, false, false),
  ('MCD', 'STATEMCD', 'State Medicaid', 'medicaid', NULL, false, false);

INSERT INTO costshare.plan_limit (plan_id, bucket, ded_individual, ded_family, family_deductible,
                                  oop_individual, oop_family, also_credits) VALUES
  ('ACME-PPO', 'in', 1000, 2000, 'embedded', 5000, 10000, NULL),
  ('ACME-PPO', 'out', 2000, 4000, 'embedded', 10000, 20000, ARRAY['in']),
  ('ACME-HDHP', 'in', 1700, 3400, 'embedded', 5000, 10000, NULL),
  ('SUMMIT-PY', 'in', 500, 1000, 'aggregate', 4000, 8000, NULL),
  ('MCR-B', 'in', 283, NULL, 'embedded', NULL, NULL, NULL),
  ('MCD', 'in', NULL, NULL, 'embedded', NULL, NULL, NULL);

-- benefits for the behavioral-health categories (service_code seed rows map CPT codes to these)
INSERT INTO costshare.benefit (plan_id, category, network, copay, coinsurance, deductible_applies,
                               copay_after_deductible, visit_limit, auth_required, telehealth_copay,
                               carve_out_admin) VALUES
  -- PPO: office therapy at a copay, deductible waived; 90837 needs no auth; 20-visit limit
  ('ACME-PPO', 'mh_psychotherapy', 'in', 25, 0, false, false, 20, false, 15, NULL),
  ('ACME-PPO', 'mh_diagnostic', 'in', 25, 0, false, false, NULL, false, NULL, NULL),
  ('ACME-PPO', 'mh_family', 'in', 25, 0, false, false, 20, false, NULL, NULL),
  ('ACME-PPO', 'mh_group', 'in', 10, 0, false, false, NULL, false, NULL, NULL),
  ('ACME-PPO', 'mh_psychotherapy_addon', 'in', NULL, 0, false, false, NULL, false, NULL, NULL),
  ('ACME-PPO', 'office_visit', 'in', 30, 0, false, false, NULL, false, NULL, NULL),
  ('ACME-PPO', 'mh_psychotherapy', 'out', NULL, 0.4, true, false, 20, false, NULL, NULL),
  ('ACME-PPO', 'mh_diagnostic', 'out', NULL, 0.4, true, false, NULL, false, NULL, NULL),
  -- HDHP: everything to the deductible, then 20%; intensive therapy (crisis) needs auth
  ('ACME-HDHP', 'mh_psychotherapy', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  ('ACME-HDHP', 'mh_diagnostic', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  ('ACME-HDHP', 'mh_family', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  ('ACME-HDHP', 'mh_crisis', 'in', NULL, 0.2, true, false, NULL, true, NULL, NULL),
  ('ACME-HDHP', 'office_visit', 'in', 30, 0, true, true, NULL, false, NULL, NULL),
  -- Summit: behavioral health carved out to another administrator; medical office visits stay
  ('SUMMIT-PY', 'mh_psychotherapy', 'in', NULL, 0.2, true, false, NULL, false, NULL, 'Summit Behavioral Partners, 1-800-555-0142'),
  ('SUMMIT-PY', 'mh_diagnostic', 'in', NULL, 0.2, true, false, NULL, false, NULL, 'Summit Behavioral Partners, 1-800-555-0142'),
  ('SUMMIT-PY', 'office_visit', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  -- Medicare Part B: deductible, then 20%
  ('MCR-B', 'mh_psychotherapy', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  ('MCR-B', 'mh_diagnostic', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  ('MCR-B', 'mh_family', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  ('MCR-B', 'mh_psychotherapy_addon', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  ('MCR-B', 'office_visit', 'in', NULL, 0.2, true, false, NULL, false, NULL, NULL),
  -- Medicaid: no cost sharing, 90837 and family therapy need prior authorization
  ('MCD', 'mh_psychotherapy', 'in', 0, 0, false, false, NULL, true, NULL, NULL),
  ('MCD', 'mh_diagnostic', 'in', 0, 0, false, false, NULL, false, NULL, NULL),
  ('MCD', 'mh_family', 'in', 0, 0, false, false, NULL, true, NULL, NULL);

INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('M-ALVAREZ-1', 'Maria', 'Alvarez', '1984-03-02'),   -- subscriber, ACME PPO family
  ('M-ALVAREZ-2', 'Jon', 'Alvarez', '1982-09-17'),     -- spouse; also has his own HDHP through work
  ('M-ALVAREZ-3', 'Sofia', 'Alvarez', '2012-05-30'),   -- child: covered by both parents (birthday rule)
  ('M-ALVAREZ-4', 'Diego', 'Alvarez', '1999-01-10'),   -- child aged out (26 in January 2025)
  ('M-NGUYEN-1', 'Linh', 'Nguyen', '1990-11-04'),      -- HDHP, self-only
  ('M-OKAFOR-1', 'Ada', 'Okafor', '1975-07-21'),       -- Summit plan-year PPO (carve-out)
  ('M-BROWN-1', 'Harold', 'Brown', '1954-02-14'),      -- Medicare
  ('M-DAVIS-1', 'Keisha', 'Davis', '2001-08-08');      -- Medicaid

INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                  coverage_kind, coverage_level, payer_member_id) VALUES
  ('M-ALVAREZ-1', 'M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', '[2024-01-01,)', 'self', 'active', 'family', 'ACM100200301'),
  ('M-ALVAREZ-2', 'M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', '[2024-01-01,)', 'spouse', 'active', 'family', 'ACM100200302'),
  ('M-ALVAREZ-3', 'M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', '[2024-01-01,)', 'child', 'active', 'family', 'ACM100200303'),
  ('M-ALVAREZ-4', 'M-ALVAREZ-1', 'F-ALVAREZ', 'ACME-PPO', '[2024-01-01,)', 'child', 'active', 'family', 'ACM100200304'),
  ('M-ALVAREZ-2', 'M-ALVAREZ-2', 'F-ALVAREZ-J', 'ACME-HDHP', '[2025-01-01,)', 'self', 'active', 'family', 'ACM200300401'),
  ('M-ALVAREZ-3', 'M-ALVAREZ-2', 'F-ALVAREZ-J', 'ACME-HDHP', '[2025-01-01,)', 'child', 'active', 'family', 'ACM200300403'),
  ('M-NGUYEN-1', 'M-NGUYEN-1', 'F-NGUYEN', 'ACME-HDHP', '[2025-01-01,)', 'self', 'active', 'individual', 'ACM300400501'),
  ('M-OKAFOR-1', 'M-OKAFOR-1', 'F-OKAFOR', 'SUMMIT-PY', '[2025-07-01,)', 'self', 'cobra', 'individual', 'SUM500600701'),
  ('M-BROWN-1', 'M-BROWN-1', 'F-BROWN', 'MCR-B', '[2019-02-01,)', 'self', 'active', 'individual', '1EG4TE5MK73'),
  ('M-DAVIS-1', 'M-DAVIS-1', 'F-DAVIS', 'MCD', '[2023-06-01,)', 'self', 'active', 'individual', 'MCD77880011');

INSERT INTO costshare.provider (provider_id, name, credential, state, medicare_mac, medicare_locality) VALUES
  ('1111111112', 'Dr. Priya Raman, MD (psychiatry)', 'md', 'NE', '05402', '00'),
  ('1222222223', 'Sam Ortiz, PsyD', 'psyd', 'NE', '05402', '00'),
  ('1333333334', 'Jordan Lee, LCSW', 'lcsw', 'NE', '05402', '00'),
  ('1444444445', 'Casey Morgan, LMFT', 'lmft', 'NE', '05402', '00'),
  ('1555555556', 'Riley Chen, LPC (out of network for Acme)', 'lpc', 'NE', '05402', '00');

INSERT INTO costshare.network_participation (provider_id, plan_id, valid) VALUES
  ('1111111112', 'ACME-PPO', '[2020-01-01,)'), ('1111111112', 'ACME-HDHP', '[2020-01-01,)'),
  ('1222222223', 'ACME-PPO', '[2020-01-01,)'), ('1222222223', 'ACME-HDHP', '[2020-01-01,)'),
  ('1333333334', 'ACME-PPO', '[2020-01-01,)'), ('1333333334', 'ACME-HDHP', '[2020-01-01,)'),
  ('1444444445', 'ACME-PPO', '[2020-01-01,2026-01-01)'),     -- left the Acme network at the end of 2025
  ('1111111112', 'SUMMIT-PY', '[2020-01-01,)'), ('1222222223', 'SUMMIT-PY', '[2020-01-01,)'),
  ('1111111112', 'MCR-B', '[2020-01-01,)'), ('1222222223', 'MCR-B', '[2020-01-01,)'),
  ('1333333334', 'MCR-B', '[2020-01-01,)'), ('1444444445', 'MCR-B', '[2020-01-01,)'),
  ('1333333334', 'MCD', '[2020-01-01,)'), ('1222222223', 'MCD', '[2020-01-01,)');

-- contracted rates: a payer-wide row and more specific ones (credential, facility); Medicaid flat;
-- Acme pays out-of-network claims on its own allowance
INSERT INTO costshare.fee_schedule (payer_id, plan_id, code, credential, facility, valid, amount, percent_of_medicare) VALUES
  ('ACME', NULL, '90837', NULL, NULL, '[2025-01-01,)', 165.00, NULL),
  ('ACME', NULL, '90837', 'md', NULL, '[2025-01-01,)', 190.00, NULL),
  ('ACME', NULL, '90837', 'lcsw', NULL, '[2025-01-01,)', 140.00, NULL),
  ('ACME', NULL, '90834', NULL, NULL, '[2025-01-01,)', 120.00, NULL),
  ('ACME', NULL, '90832', NULL, NULL, '[2025-01-01,)', 80.00, NULL),
  ('ACME', NULL, '90791', NULL, NULL, '[2025-01-01,)', 200.00, NULL),
  ('ACME', NULL, '90847', NULL, NULL, '[2025-01-01,)', 150.00, NULL),
  ('ACME', NULL, '90853', NULL, NULL, '[2025-01-01,)', 60.00, NULL),
  ('ACME', NULL, '90785', NULL, NULL, '[2025-01-01,)', 18.00, NULL),
  ('ACME', NULL, '99214', NULL, NULL, '[2025-01-01,)', 135.00, NULL),
  ('ACME', NULL, '90839', NULL, NULL, '[2025-01-01,)', 210.00, NULL),
  ('SUMMIT', NULL, '90837', NULL, NULL, '[2025-01-01,)', 175.00, NULL),
  ('SUMMIT', NULL, '99214', NULL, NULL, '[2025-01-01,)', 140.00, NULL),
  ('STATEMCD', NULL, '90837', NULL, NULL, '[2023-01-01,)', 98.50, NULL),
  ('STATEMCD', NULL, '90791', NULL, NULL, '[2023-01-01,)', 120.00, NULL),
  ('STATEMCD', NULL, '90847', NULL, NULL, '[2023-01-01,)', 88.00, NULL);

-- payer-reported accumulators (as a 271 would report them) and claims posted since
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source) VALUES
  ('F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'in', '2026-10-01', 1200.00, 1200.00, '271'),
  ('F-NGUYEN', NULL, 'ACME-HDHP', 'in', '2026-10-01', 1200.00, 1200.00, '271');

INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid, auth_number, visits) VALUES
  ('M-DAVIS-1', 'MCD', 'mh_psychotherapy', '[2026-09-01,2027-03-01)', 'PA-2026-0042', 24);

\o /dev/null
SELECT costshare.post_claim_line('CLM-N-1001', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-09-20',
                                 180.00, 0, 0, 'mh_psychotherapy', 'in', 1, '2026-09-28');  -- in the snapshot
SELECT costshare.post_claim_line('CLM-N-1002', 1, 1, 'pending', 'M-NGUYEN-1', 'ACME-HDHP', '2026-10-15',
                                 165.00, 0, 0, 'mh_psychotherapy', 'in', 1, NULL);          -- not yet
SELECT costshare.post_claim_line('CLM-N-1003', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-11-05',
                                 165.00, 0, 0, 'mh_psychotherapy', 'in', 1, '2026-11-12');  -- after it
\o

-- Mental-health parity (costshare 1.2; skipped on an older install): projected plan-year spend per
-- benefit, the weights of costshare.parity_check(plan). ACME-PPO fails: its therapy benefits carry a
-- 20-visit limit and no medical/surgical outpatient benefit has one (MHPAEA: a visit limit that does
-- not apply to substantially all med/surg benefits cannot apply to MH/SUD benefits). SUMMIT-PY passes.
SELECT pg_catalog.to_regclass('costshare.parity_projection') IS NOT NULL AS cs_has_parity \gset
\if :cs_has_parity
INSERT INTO costshare.parity_projection (plan_id, category, service_code, network, projected_spend) VALUES
  ('ACME-PPO', 'office_visit', NULL, 'in', 1850000.00),
  ('ACME-PPO', NULL, '90837', 'in', 420000.00),
  ('ACME-PPO', 'mh_diagnostic', NULL, 'in', 60000.00),
  ('ACME-PPO', 'mh_family', NULL, 'in', 45000.00),
  ('ACME-PPO', 'mh_group', NULL, 'in', 12000.00),
  ('ACME-PPO', 'mh_psychotherapy', NULL, 'out', 38000.00),
  ('SUMMIT-PY', 'office_visit', NULL, 'in', 960000.00),
  ('SUMMIT-PY', 'mh_psychotherapy', NULL, 'in', 150000.00);
\endif
