-- eligibility: costshare.eligibility() end to end on the sample practice (sample/plans.sql) plus a few
-- members of its own: coordination-of-benefits order (domain.md §6), the dependent age limit, prior
-- authorization, carve-outs, out-of-network status, visit limits, unknown member / code / provider,
-- and the exclusion constraints that refuse overlapping enrollments and network participation.
-- Everything runs in one transaction that is rolled back at the end (psql ON_ERROR_ROLLBACK keeps the
-- transaction alive across the errors shown on purpose), so the file leaves no rows behind.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
BEGIN;
-- empty plan tables, then the sample practice (sample/plans.sql), loaded quietly
\i test/regress/sample_practice.sql
SELECT (SELECT count(*) FROM costshare.member) AS members, (SELECT count(*) FROM costshare.enrollment) AS enrollments;

-- ===================================================================================================
-- 1. Coordination of benefits: which coverage is primary
-- ===================================================================================================

-- 1a. The sort key itself (costshare.cob_key: ascending = primary first), one rule at a time.
SELECT
  -- employee (self) before dependent, even when the dependent coverage is older
  costshare.cob_key('self', 'active', '1980-05-05', '2026-01-01')
    < costshare.cob_key('spouse', 'active', '1979-01-01', '2015-01-01') AS employee_before_dependent,
  -- birthday rule: the parent whose month/day comes first in the year (Feb 15 before Nov 30), whatever
  -- the parents' years of birth and whatever the coverages' lengths
  costshare.cob_key('child', 'active', '1990-02-15', '2025-01-01')
    < costshare.cob_key('child', 'active', '1970-11-30', '2015-06-01') AS birthday_rule,
  -- active before COBRA and before retiree coverage, even when the continuation coverage is older
  costshare.cob_key('self', 'active', '1975-07-21', '2026-03-01')
    < costshare.cob_key('self', 'cobra', '1975-07-21', '2025-07-01') AS active_before_cobra,
  costshare.cob_key('self', 'active', '1950-01-01', '2026-01-01')
    < costshare.cob_key('self', 'retiree', '1950-01-01', '2010-01-01') AS active_before_retiree,
  -- Medicaid last: even a newer coverage as a dependent comes first
  costshare.cob_key('spouse', 'active', '1999-01-01', '2026-01-01')
    < costshare.cob_key('self', 'active', '2001-08-08', '2023-06-01', NULL, true) AS medicaid_last,
  -- longer coverage first when nothing else decides
  costshare.cob_key('self', 'active', '1980-01-01', '2020-06-01')
    < costshare.cob_key('self', 'active', '1980-01-01', '2024-01-01') AS longer_first,
  -- an explicit order (COB questionnaire) overrides the rules
  costshare.cob_key('self', 'active', '1980-01-01', '2024-01-01', 1)
    < costshare.cob_key('self', 'active', '1980-01-01', '2020-06-01') AS explicit_order_first;

-- 1b. The same rules end to end through costshare.eligibility(). Members of this test:
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('T-EMP', 'Avery', 'Employee', '1980-05-05'),       -- own job (new) + spouse's plan (old)
  ('T-EMP-SPOUSE', 'Blair', 'Employee', '1979-01-01'),
  ('T-KID', 'Cory', 'Kid', '2015-04-04'),             -- child of T-DAD (Nov 30) and T-MOM (Feb 15)
  ('T-DAD', 'Dan', 'Kid', '1970-11-30'),
  ('T-MOM', 'Mia', 'Kid', '1990-02-15'),
  ('T-RET', 'Rita', 'Retiree', '1950-01-01'),         -- retiree coverage (old) + new active job
  ('T-TWOJOBS', 'Tess', 'Twojobs', '1980-01-01'),     -- two active jobs
  ('T-ORDER', 'Owen', 'Order', '1980-01-01'),         -- two active jobs, explicit COB order
  ('T-DAVIS-SUB', 'Marcus', 'Davis', '1999-01-01'),   -- Keisha Davis's spouse
  ('T-KID2', 'Kim', 'Kid', '2016-08-08'),             -- child of T-P1 (Jan 20, on COBRA) and T-P2 (Jun 20)
  ('T-P1', 'Pat', 'Kid', '1980-01-20'),
  ('T-P2', 'Pam', 'Kid', '1980-06-20'),
  ('T-SPOUSE', 'Sam', 'Spouse', '1960-03-03');        -- covered only as a spouse, well over 26
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                  coverage_kind, coverage_level, cob_order) VALUES
  ('T-EMP', 'T-EMP', 'T-F-EMP', 'SUMMIT-PY', '[2026-01-01,)', 'self', 'active', 'individual', NULL),
  ('T-EMP', 'T-EMP-SPOUSE', 'T-F-EMP-SPOUSE', 'ACME-PPO', '[2015-01-01,)', 'spouse', 'active', 'family', NULL),
  ('T-KID', 'T-DAD', 'T-F-DAD', 'ACME-PPO', '[2015-06-01,)', 'child', 'active', 'family', NULL),
  ('T-KID', 'T-MOM', 'T-F-MOM', 'ACME-HDHP', '[2025-01-01,)', 'child', 'active', 'family', NULL),
  ('M-OKAFOR-1', 'M-OKAFOR-1', 'F-OKAFOR-2', 'ACME-HDHP', '[2026-03-01,)', 'self', 'active', 'individual', NULL),
  ('T-RET', 'T-RET', 'T-F-RET-1', 'ACME-PPO', '[2010-01-01,)', 'self', 'retiree', 'individual', NULL),
  ('T-RET', 'T-RET', 'T-F-RET-2', 'SUMMIT-PY', '[2026-01-01,)', 'self', 'active', 'individual', NULL),
  ('M-DAVIS-1', 'T-DAVIS-SUB', 'T-F-DAVIS', 'ACME-PPO', '[2026-01-01,2026-07-01)', 'spouse', 'active', 'family', NULL),
  ('T-TWOJOBS', 'T-TWOJOBS', 'T-F-TJ-1', 'ACME-PPO', '[2024-01-01,)', 'self', 'active', 'individual', NULL),
  ('T-TWOJOBS', 'T-TWOJOBS', 'T-F-TJ-2', 'SUMMIT-PY', '[2020-06-01,)', 'self', 'active', 'individual', NULL),
  ('T-ORDER', 'T-ORDER', 'T-F-OR-1', 'ACME-PPO', '[2024-01-01,)', 'self', 'active', 'individual', 1),
  ('T-ORDER', 'T-ORDER', 'T-F-OR-2', 'SUMMIT-PY', '[2020-06-01,)', 'self', 'active', 'individual', NULL),
  ('T-KID2', 'T-P1', 'T-F-P1', 'ACME-PPO', '[2024-01-01,)', 'child', 'cobra', 'family', NULL),
  ('T-KID2', 'T-P2', 'T-F-P2', 'SUMMIT-PY', '[2022-01-01,)', 'child', 'active', 'family', NULL),
  ('T-SPOUSE', 'T-EMP', 'T-F-EMP', 'SUMMIT-PY', '[2026-01-01,)', 'spouse', 'active', 'family', NULL);

-- Office visit 99214 with Dr. Raman (in network for the Acme and Summit plans) on 2026-10-05; Keisha
-- Davis (Medicaid since 2023, on her spouse's Acme PPO for the first half of 2026) is asked about 90837
-- with Sam Ortiz (in network for Acme and Medicaid) on 2026-03-05.
SELECT c.label, c.member, e.status, e.plan_id AS primary_plan, c.expected, e.plan_id = c.expected AS ok,
       e.cob_position, e.coverages
FROM (VALUES
  (1, 'employee before dependent',              'T-EMP',       '2026-10-05'::date, '99214', '1111111112', 'SUMMIT-PY'),
  (2, 'sample: spouse with own job',            'M-ALVAREZ-2', '2026-10-05', '99214', '1111111112', 'ACME-HDHP'),
  (3, 'birthday rule (Feb 15 parent)',          'T-KID',       '2026-10-05', '99214', '1111111112', 'ACME-HDHP'),
  (4, 'sample: birthday rule (Mar 2 parent)',   'M-ALVAREZ-3', '2026-10-05', '99214', '1111111112', 'ACME-PPO'),
  (5, 'active before COBRA',                    'M-OKAFOR-1',  '2026-10-05', '99214', '1111111112', 'ACME-HDHP'),
  (6, 'active before retiree',                  'T-RET',       '2026-10-05', '99214', '1111111112', 'SUMMIT-PY'),
  (7, 'Medicaid last',                          'M-DAVIS-1',   '2026-03-05', '90837', '1222222223', 'ACME-PPO'),
  (8, 'longer coverage first',                  'T-TWOJOBS',   '2026-10-05', '99214', '1111111112', 'SUMMIT-PY'),
  (9, 'explicit COB order first',               'T-ORDER',     '2026-10-05', '99214', '1111111112', 'ACME-PPO'))
  AS c(n, label, member, on_date, code, provider, expected)
CROSS JOIN LATERAL costshare.eligibility(c.member, c.on_date, c.code, c.provider) e
ORDER BY c.n;

-- Before the new active job starts (2026-03-01) Ada Okafor has only her COBRA coverage.
SELECT status, plan_id, cob_position, coverages
FROM costshare.eligibility('M-OKAFOR-1', '2026-02-15', '99214', '1111111112');

-- 1c. The birthday rule comes before the active/COBRA rule (domain.md §6 order, NAIC model COB
--     regulation: dependent-child rule before active/inactive and COBRA rules). Kim's parents are
--     married; Pat (Jan 20) is on COBRA with Acme, Pam (Jun 20) is active with Summit: Pat's plan is
--     primary because Pat's birthday comes first in the year.
SELECT costshare.cob_key('child', 'cobra', '1980-01-20', '2024-01-01')
         < costshare.cob_key('child', 'active', '1980-06-20', '2022-01-01') AS birthday_before_cobra_rule;
SELECT status, plan_id AS primary_plan, plan_id = 'ACME-PPO' AS ok, cob_position, coverages
FROM costshare.eligibility('T-KID2', '2026-10-05', '99214', '1111111112');

-- 1d. An order stated for one coverage only is a position, not "before every other": Olga's Summit
--     plan (the longer, so the rules' primary) is stated 2, her Acme plan states nothing: Acme is
--     primary, Summit secondary (before the fix the stated 2 sorted before "none" and Summit was primary).
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('T-ORDER2', 'Olga', 'Order', '1980-01-01'),
  ('T-KID3', 'Kit', 'Kid', '2017-03-03'),              -- child of T-NOBD (birth date unknown) and T-P2 (Jun 20)
  ('T-NOBD', 'Noel', 'Kid', NULL);
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                  coverage_kind, coverage_level, cob_order) VALUES
  ('T-ORDER2', 'T-ORDER2', 'T-F-OR2-1', 'SUMMIT-PY', '[2020-06-01,)', 'self', 'active', 'individual', 2),
  ('T-ORDER2', 'T-ORDER2', 'T-F-OR2-2', 'ACME-PPO', '[2024-01-01,)', 'self', 'active', 'individual', NULL),
  ('T-KID3', 'T-NOBD', 'T-F-NOBD', 'ACME-PPO', '[2015-01-01,)', 'child', 'active', 'family', NULL),
  ('T-KID3', 'T-P2', 'T-F-P2', 'SUMMIT-PY', '[2022-01-01,)', 'child', 'active', 'family', NULL);
SELECT status, plan_id AS primary_plan, plan_id = 'ACME-PPO' AS ok, cob_position, coverages, reasons
FROM costshare.eligibility('T-ORDER2', '2026-10-05', '99214', '1111111112');
SELECT e.plan_id, p.cob_position
FROM costshare.member_cob_positions('T-ORDER2', '2026-10-05') p
JOIN costshare.enrollment e USING (enrollment_id)
ORDER BY p.cob_position;

-- 1d'. Orders stated for more coverages than are active keep their order: Ola's first coverage (stated
--      1) ended before the date; the Summit plan stated 2 and a new Acme plan stated 3 must come out
--      Summit primary, Acme PPO secondary, though the rules would put the longer Acme PPO first.
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('T-ORDER3', 'Ola', 'Order', '1981-02-02');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                  coverage_kind, coverage_level, cob_order) VALUES
  ('T-ORDER3', 'T-ORDER3', 'T-F-OR3-1', 'ACME-HDHP', '[2019-01-01,2025-01-01)', 'self', 'active', 'individual', 1),
  ('T-ORDER3', 'T-ORDER3', 'T-F-OR3-2', 'SUMMIT-PY', '[2024-06-01,)', 'self', 'active', 'individual', 2),
  ('T-ORDER3', 'T-ORDER3', 'T-F-OR3-3', 'ACME-PPO', '[2020-01-01,)', 'self', 'active', 'individual', 3);
SELECT e.plan_id, p.cob_position
FROM costshare.member_cob_positions('T-ORDER3', '2026-10-05') p
JOIN costshare.enrollment e USING (enrollment_id)
ORDER BY p.cob_position;

-- 1e. A parent's unknown birth date does not win the birthday rule: Kit's parent Noel has no birth date
--     on file (member.birth_date is nullable), Pam's is Jun 20. Pam's Summit plan is primary (before
--     the fix the unknown date counted as Jan 0 and Noel's older Acme plan was), and the answer says
--     the order rests on a missing birth date (cob_order_unverified), for each coverage's context.
SELECT status, plan_id AS primary_plan, plan_id = 'SUMMIT-PY' AS ok, cob_position, coverages, reasons
FROM costshare.eligibility('T-KID3', '2026-10-05', '99214', '1111111112');
SELECT rank, plan_id, reasons
FROM generate_series(1, 2) rank
CROSS JOIN LATERAL costshare.line_context('T-KID3', '2026-10-05', '99214', '1111111112', '11', NULL, rank) c;
-- Kim's parents' birth dates are both known: not said.
SELECT 'cob_order_unverified' = ANY (reasons) AS unverified
FROM costshare.eligibility('T-KID2', '2026-10-05', '99214', '1111111112');

-- ===================================================================================================
-- 2. Dependent age limit (26 on the sample plans): Diego turned 26 on 2025-01-10
-- ===================================================================================================
SELECT d AS on_date, e.status, e.reasons, e.plan_id
FROM unnest(ARRAY['2025-01-09', '2025-01-10', '2026-10-05']::date[]) d
CROSS JOIN LATERAL costshare.eligibility('M-ALVAREZ-4', d, '90837', '1222222223') e
ORDER BY d;
-- the limit is for children only: a subscriber and a spouse (both over 26) stay eligible
SELECT m AS member, e.status, e.reasons, e.plan_id
FROM unnest(ARRAY['M-ALVAREZ-1', 'T-SPOUSE']) m
CROSS JOIN LATERAL costshare.eligibility(m, '2026-10-05', '99214', '1111111112') e
ORDER BY m;

-- ===================================================================================================
-- 3. Coverage dates
-- ===================================================================================================
-- Ada Okafor's Summit coverage starts 2025-07-01: the day before she has no coverage at all.
SELECT d AS on_date, e.status, e.reasons, e.plan_id, e.coverages
FROM unnest(ARRAY['2025-06-30', '2025-07-01']::date[]) d
CROSS JOIN LATERAL costshare.eligibility('M-OKAFOR-1', d, '99214', '1111111112') e
ORDER BY d;

-- ===================================================================================================
-- 4. Prior authorization
-- ===================================================================================================
-- Medicaid (Keisha Davis's only coverage from 2026-07-01) needs an auth for 90837; her auth
-- PA-2026-0042 covers [2026-09-01, 2027-03-01).
SELECT d AS on_date, e.status, e.reasons, e.auth_required, e.plan_id
FROM unnest(ARRAY['2026-08-31', '2026-09-01', '2027-02-28', '2027-03-01']::date[]) d
CROSS JOIN LATERAL costshare.eligibility('M-DAVIS-1', d, '90837', '1333333334') e
ORDER BY d;
-- an auth for psychotherapy does not cover family therapy (which also needs one under Medicaid)
SELECT status, reasons, category, auth_required
FROM costshare.eligibility('M-DAVIS-1', '2026-10-05', '90847', '1333333334');
-- diagnostic evaluation needs no auth
SELECT status, reasons, category, auth_required
FROM costshare.eligibility('M-DAVIS-1', '2026-10-05', '90791', '1333333334');
-- the HDHP's crisis psychotherapy needs an auth; once one is on file the member is eligible
SELECT status, reasons, category, auth_required
FROM costshare.eligibility('M-NGUYEN-1', '2026-10-05', '90839', '1111111112');
INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid, auth_number, visits)
VALUES ('M-NGUYEN-1', 'ACME-HDHP', 'mh_crisis', '[2026-10-01,2026-12-31)', 'PA-ACME-77', 4);
SELECT status, reasons, category, auth_required
FROM costshare.eligibility('M-NGUYEN-1', '2026-10-05', '90839', '1111111112');
-- another member's auth does not count (Jon Alvarez, HDHP primary, has none)
SELECT status, reasons
FROM costshare.eligibility('M-ALVAREZ-2', '2026-10-05', '90839', '1111111112');

-- ===================================================================================================
-- 5. Carve-out: Summit's behavioral health is administered by another company; the answer names it
--    and never says eligible/covered. Medical office visits stay with Summit.
-- ===================================================================================================
SELECT code, e.status, e.reasons, e.category, e.carve_out_admin, e.status <> 'eligible' AS not_called_covered
FROM unnest(ARRAY['90837', '90791', '99214']) code
CROSS JOIN LATERAL costshare.eligibility('M-OKAFOR-1', '2026-02-15', code, '1111111112') e
ORDER BY code;

-- ===================================================================================================
-- 6. Network status
-- ===================================================================================================
-- Riley Chen (LPC) is in no Acme network: out of network, OON deductible and OOP limits (2,000 / 10,000)
SELECT status, reasons, plan_id, network, ded_remaining, oop_remaining, visits_remaining
FROM costshare.eligibility('M-ALVAREZ-1', '2026-10-05', '90837', '1555555556');
-- Casey Morgan (LMFT) left the Acme network at the end of 2025
SELECT d AS on_date, e.status, e.reasons, e.network, e.ded_remaining
FROM unnest(ARRAY['2025-12-31', '2026-01-01']::date[]) d
CROSS JOIN LATERAL costshare.eligibility('M-ALVAREZ-1', d, '90834', '1444444445') e
ORDER BY d;
-- the HDHP has in-network benefits only: out of network is not covered
SELECT status, reasons, network
FROM costshare.eligibility('M-NGUYEN-1', '2026-10-05', '90837', '1555555556');

-- No provider given: network status unknown, the in-network benefit answers.
SELECT status, reasons, plan_id, network, category, ded_remaining, oop_remaining
FROM costshare.eligibility('M-NGUYEN-1', '2026-10-05', '90837');
SELECT status, reasons, plan_id, network, carve_out_admin
FROM costshare.eligibility('M-OKAFOR-1', '2026-02-15', '90837');

-- ===================================================================================================
-- 7. Remaining amounts and visit limits
-- ===================================================================================================
-- Linh Nguyen (HDHP 1,700 / OOP 5,000): payer snapshot 1,200 met as of 2026-10-01; a pending claim of
-- 2026-10-15 (165) and a final claim of 2026-11-05 (165, adjudicated after the snapshot) count; the
-- claim of 2026-09-20, adjudicated 2026-09-28, is already in the snapshot.
SELECT d AS on_date, e.ded_remaining, e.oop_remaining, e.benefit_period
FROM unnest(ARRAY['2026-10-05', '2026-10-20', '2026-11-20', '2027-01-04']::date[]) d
CROSS JOIN LATERAL costshare.eligibility('M-NGUYEN-1', d, '90837', '1111111112') e
ORDER BY d;
-- Acme PPO therapy: 20 visits a year. Maria has 20 in 2026, weekly from 2026-01-05 to 2026-05-18, a
-- 25.00 copay each: one visit is left on 2026-05-11, none from 2026-05-18; family therapy keeps its own
-- count; the next year starts again. OOP: 5,000 - 20 x 25 = 4,500 left.
SELECT count(*) AS posted FROM generate_series(1, 20) i
WHERE costshare.post_claim_line('T-V-' || i, 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO',
                                date '2026-01-05' + 7 * (i - 1), 0, 25, 0, 'mh_psychotherapy') = 'posted';
SELECT d AS on_date, c AS code, e.status, e.reasons, e.visits_remaining, e.oop_remaining
FROM (VALUES ('2026-05-11'::date, '90837'), ('2026-05-18', '90837'), ('2026-06-15', '90837'), ('2026-06-15', '90847'),
             ('2027-01-04', '90837')) v(d, c)
CROSS JOIN LATERAL costshare.eligibility('M-ALVAREZ-1', d, c, '1222222223') e
ORDER BY d, c;
-- Sofia (same family) keeps her own 20 visits and her embedded self-only OOP (5,000 left: the family's
-- 10,000 is down to 9,500, which does not bind)
SELECT status, visits_remaining, oop_remaining
FROM costshare.eligibility('M-ALVAREZ-3', '2026-06-15', '90837', '1222222223');

-- ===================================================================================================
-- 8. Unknown member, service code, provider: status unknown, a reason per unknown, no member data
-- ===================================================================================================
SELECT c.label, e.status, e.reasons[1] AS first_reason, cardinality(e.reasons) >= 1 AS has_reason, e.plan_id
FROM (VALUES
  (1, 'unknown member',                'M-NOBODY-123', '90837', '1222222223'),
  (2, 'unknown service code',          'M-ALVAREZ-1',  '99999', '1222222223'),
  (3, 'unknown provider',              'M-ALVAREZ-1',  '90837', '9999999999'),
  (4, 'unknown member and code',       'M-NOBODY-123', 'ZZZZZ', '1222222223'))
  AS c(n, label, member, code, provider)
CROSS JOIN LATERAL costshare.eligibility(c.member, '2026-10-05', c.code, c.provider) e
ORDER BY c.n;
-- nothing of the member in the answer
SELECT position('NOBODY' IN row(e.*)::text) = 0 AS no_member_data
FROM costshare.eligibility('M-NOBODY-123', '2026-10-05', '90837', '1222222223') e;

-- Every unknown is named (a member unknown AND a code unknown: both reasons).
SELECT status, reasons FROM costshare.eligibility('M-NOBODY-123', '2026-10-05', 'ZZZZZ');

-- A Medicare member (no Medicare fee data loaded): eligible with Medicare Part B, deductible 283.
SELECT status, plan_id, network, ded_remaining
FROM costshare.eligibility('M-BROWN-1', '2026-10-05', '90837', '1333333334');

-- ===================================================================================================
-- 9. Constraints refuse overlapping rows at insert time (SQLSTATE 23P01)
-- ===================================================================================================
\set VERBOSITY sqlstate
-- same member, same plan, overlapping dates: refused
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('M-OKAFOR-1', 'M-OKAFOR-1', 'F-OKAFOR', 'SUMMIT-PY', '[2025-01-01,2025-08-01)');
-- ... also an open-ended range over a closed one
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('M-NGUYEN-1', 'M-NGUYEN-1', 'F-NGUYEN', 'ACME-HDHP', '[2026-12-31,)');
-- network participation: same provider and plan, overlapping dates
INSERT INTO costshare.network_participation (provider_id, plan_id, valid)
VALUES ('1444444445', 'ACME-PPO', '[2025-12-01,2026-06-01)');
\set VERBOSITY default
-- adjacent ranges and other plans are fine
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('M-OKAFOR-1', 'M-OKAFOR-1', 'F-OKAFOR', 'SUMMIT-PY', '[2024-07-01,2025-07-01)'),
       ('M-NGUYEN-1', 'M-NGUYEN-1', 'F-NGUYEN', 'SUMMIT-PY', '[2026-12-31,)');
INSERT INTO costshare.network_participation (provider_id, plan_id, valid)
VALUES ('1444444445', 'ACME-PPO', '[2026-06-01,)');
\set VERBOSITY sqlstate
-- an update that makes two ranges of the same member and plan overlap is refused too
UPDATE costshare.enrollment SET coverage = '[2024-07-01,2025-08-01)'
 WHERE member_id = 'M-OKAFOR-1' AND plan_id = 'SUMMIT-PY' AND lower(coverage) = '2024-07-01';
\set VERBOSITY default
-- now Casey Morgan is back in network from 2026-06-01, and Ada Okafor was covered the year before
SELECT status, network FROM costshare.eligibility('M-ALVAREZ-3', '2026-06-01', '90834', '1444444445');
SELECT status, plan_id, coverages FROM costshare.eligibility('M-OKAFOR-1', '2025-06-30', '99214', '1111111112');


-- ===================================================================================================
-- 10. eligibility in C (1.2, issue 10): the same answers from the line context, the estimate's 271
--     path and the engine's remaining amounts; its declaration and its refusals
-- ===================================================================================================
SELECT l.lanname, p.provolatile, p.proparallel, p.proisstrict, p.proconfig, p.prosrc,
       pg_get_function_arguments(p.oid) AS arguments
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.oid = 'costshare.eligibility(text, date, text, text, text)'::regprocedure;
-- a NULL member, date or code, an infinite date, an unknown place of service: refused as before
SELECT status FROM costshare.eligibility(NULL, '2026-03-10', '90837');
SELECT status FROM costshare.eligibility('M-ALVAREZ-1', NULL, '90837');
SELECT status FROM costshare.eligibility('M-ALVAREZ-1', '2026-03-10', NULL);
SELECT status FROM costshare.eligibility('M-ALVAREZ-1', 'infinity', '90837');
SELECT status FROM costshare.eligibility('M-ALVAREZ-1', '-infinity', '90837');
SELECT status FROM costshare.eligibility('M-ALVAREZ-1', '2026-03-10', '90837', NULL, '99');
-- a NULL provider or place of service is none / office (11)
SELECT status, network, benefit_source FROM costshare.eligibility('M-ALVAREZ-1', '2026-03-10', '90837', NULL, NULL);
-- two coverages, no 271: the primary's plan design, the second coverage's own
SELECT status, plan_id, enrollment_id IS NOT NULL AS enrollment, cob_position, coverages, ded_remaining,
       oop_remaining, visits_remaining, benefit_source, benefits_interchange, unknown_terms,
       secondary_plan_id, secondary_payer_id, secondary_status, secondary_reasons, secondary_ded_remaining,
       secondary_oop_remaining, secondary_visits_remaining
  FROM costshare.eligibility('M-ALVAREZ-2', '2026-11-26', '90837', '1111111112');
-- the same member with a loaded 271 from the primary's payer: the plan design still answers, unless
-- the policy prefers the 271 for the plan; the second coverage is described either way
SAVEPOINT two_271;
UPDATE costshare.payer SET x12_ids = '{ACME01}' WHERE payer_id = 'ACME';
SELECT status, benefits FROM costshare.load_271(
    'ISA*00*          *00*          *ZZ*ACME01         *ZZ*CLINIC         *261101*1200*^*00501*000000043*0*P*:~'
 || 'GS*HB*ACME01*CLINIC*20261101*1200*43*X*005010X279A1~ST*271*0001*005010X279A1~BHT*0022*11*1*20261101*1200~'
 || 'HL*1**20*1~NM1*PR*2*ACME*****PI*ACME01~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
 || 'HL*3*2*22*0~TRN*2*T1*9877281235~NM1*IL*1*ALVAREZ*JON****MI*ACM200300401~DMG*D8*19820917~DTP*291*RD8*20260101-20261231~'
 || 'EB*1*IND*30**HDHP~EB*B*IND*MH****40.00*****Y~EB*A*IND*MH*****0.1****Y~EB*C*IND*30***23*1500.00*****Y~'
 || 'EB*C*IND*30***29*700.00*****Y~EB*G*IND*30***23*4500.00*****Y~EB*G*IND*30***29*3900.00*****Y~EB*F*IND*98******VS*3*N~'
 || 'SE*20*0001~GE*1*43~IEA*1*000000043~', '2026-11-01');
SELECT status, plan_id, benefit_source, ded_remaining, secondary_plan_id, secondary_status
  FROM costshare.eligibility('M-ALVAREZ-2', '2026-11-26', '90837', '1111111112');
INSERT INTO costshare.benefit_source_policy (payer_id, plan_id, prefer_271) VALUES ('ACME', 'ACME-HDHP', true);
SELECT status, reasons, plan_id, payer_id, enrollment_id, cob_position, coverages, category, network,
       auth_required, benefit_period, ded_remaining, oop_remaining, visits_remaining, benefit_source,
       benefits_interchange, benefits_as_of, benefits_stale, unknown_terms,
       secondary_plan_id, secondary_status, secondary_ded_remaining, secondary_oop_remaining
  FROM costshare.eligibility('M-ALVAREZ-2', '2026-11-26', '90837', '1111111112');
-- costshare_estimator gets the same answer without SELECT on the member tables
SET ROLE costshare_estimator;
SELECT status, benefit_source, ded_remaining, visits_remaining, secondary_status
  FROM costshare.eligibility('M-ALVAREZ-2', '2026-11-26', '90837', '1111111112');
RESET ROLE;
-- a member with a 271 and no plan design at all (no enrollment): the 271 answers, no coverage counted
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('M-ZHOU-1', 'Wei', 'Zhou', '1970-01-01');
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info,
       network, level, figure, service_types, amount, percent, quantity_qualifier, quantity, auth_required,
       eligibility_period, plan_period, related)
SELECT 'M-ZHOU-1', payer_id, interchange_control, segment, as_of, benefit, info,
       network, level, figure, service_types, amount, percent, quantity_qualifier, quantity, auth_required,
       eligibility_period, plan_period, related
  FROM costshare.eligibility_benefit WHERE member_id = 'M-ALVAREZ-2';
SELECT status, reasons, plan_id, payer_id, enrollment_id, cob_position, coverages, ded_remaining,
       oop_remaining, visits_remaining, benefit_source, benefits_interchange, unknown_terms, secondary_plan_id
  FROM costshare.eligibility('M-ZHOU-1', '2026-11-26', '90837');
ROLLBACK TO SAVEPOINT two_271;
-- the answer is formed by position from a checked type: a retyped eligibility_result (only a superuser
-- could) is refused with the field named, not misread
SAVEPOINT retyped;
ALTER TYPE costshare.eligibility_result ALTER ATTRIBUTE visits_remaining TYPE bigint;
SELECT status FROM costshare.eligibility('M-ALVAREZ-1', '2026-03-10', '90837');
ROLLBACK TO SAVEPOINT retyped;

ROLLBACK;
