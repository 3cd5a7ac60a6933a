-- test/bench/estimate_data.sql — a deterministic member population for test/bench/estimate.sh.
--
-- Load after CREATE EXTENSION costshare CASCADE and sample/plans.sql (payers, the five sample plans,
-- limits, benefits, providers, network participation, fee schedule). psql variables:
--   members       members to generate (default in estimate.sh: 100000), in about members/2.5 families
--   appointments  rows of the batch table `appointments` (default in estimate.sh: 1000000)
-- Every value is a hash of a row number (hashint8extended(n, salt)), so the same variables give the
-- same rows on every run and machine. Generated ids: members 'M<n>' (n = 1..members, so a client can
-- pick a random member as 'M' || random(1, members)), families 'F<n>'.
--
-- Population (shares are of families, or of members where said):
--   plans         multi-member families: ACME-PPO 45%, ACME-HDHP 30%, SUMMIT-PY 10%, MCD 15%;
--                 one-member households: ACME-PPO 25%, ACME-HDHP 25%, SUMMIT-PY 10%, MCR-B 25%, MCD 15%
--                 (Medicare members are 65-90 years old)
--   members       1-5 per family (mean 2.5): the subscriber, then a spouse (80% of second members),
--                 then children (0-25 years old; 2% are 26-27 and have aged out)
--   coverage      from 2019-2025 (SUMMIT-PY: 2025-07-01); 3% of families' coverage ended on 2025-12-31;
--                 5% is COBRA; 2% of spouses also have their own ACME-HDHP (a second coverage: COB)
--   ledger        per member: none (20%), 1-8 claim lines dated 2025-01-01 .. 2026-12-31 (75%), or
--                 25-40 in the first half of 2026 (5%: weekly therapy; they reach the PPO's 20-visit
--                 limit), 70% final (adjudicated
--                 1-4 weeks later), 15% pending, 15% estimated; 5% have a second version (a correction
--                 or a reversal). Amounts follow the plan's design (copay, deductible, coinsurance).
--   snapshots     30% of families: a payer snapshot (271) as of 2026-05-01 for the family and for
--                 the subscriber
--   prior auth    60% of Medicaid members have a psychotherapy authorization for 2026
--   Medicare      1.1's costshare.medicare_allowed calls costshare.medicare_price, which 1.1 does not
--                 create; so that Medicare members can be priced, Medicare's amounts for the codes
--                 used here are loaded as fee_schedule rows (75% for LCSW/LMFT/LPC, as Medicare pays).
--   appointments  `appointments` rows: a random member, a date in 2026, a code (90837 50%, 90834 20%,
--                 90791 5%, 90847 10%, 90853 5%, 99214 10%), a provider (mostly in-network ones),
--                 place of service 11 (85%) or 10 (telehealth), billed $150-$299.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- Medicare Part B amounts (national, rounded) as fee rows: see the header
INSERT INTO costshare.fee_schedule (payer_id, plan_id, code, credential, facility, valid, amount) VALUES
  ('MEDICARE', NULL, '90837', NULL, NULL, '[2025-01-01,)', 158.00),
  ('MEDICARE', NULL, '90837', 'lcsw', NULL, '[2025-01-01,)', 118.50),
  ('MEDICARE', NULL, '90837', 'lmft', NULL, '[2025-01-01,)', 118.50),
  ('MEDICARE', NULL, '90837', 'lpc', NULL, '[2025-01-01,)', 118.50),
  ('MEDICARE', NULL, '90834', NULL, NULL, '[2025-01-01,)', 106.00),
  ('MEDICARE', NULL, '90834', 'lcsw', NULL, '[2025-01-01,)', 79.50),
  ('MEDICARE', NULL, '90791', NULL, NULL, '[2025-01-01,)', 175.00),
  ('MEDICARE', NULL, '90847', NULL, NULL, '[2025-01-01,)', 110.00),
  ('MEDICARE', NULL, '90853', NULL, NULL, '[2025-01-01,)', 30.00),
  ('MEDICARE', NULL, '99214', NULL, NULL, '[2025-01-01,)', 128.00);

-- ---------------------------------------------------------------------------------------------------
-- Families and members
-- ---------------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_family AS
SELECT f,
       CASE WHEN r < 30 THEN 1 WHEN r < 55 THEN 2 WHEN r < 75 THEN 3 WHEN r < 90 THEN 4 ELSE 5 END AS size,
       abs(hashint8extended(f, 2)) % 100 AS plan_roll,
       abs(hashint8extended(f, 3)) % 100 AS cov_roll
FROM (SELECT f, abs(hashint8extended(f, 1)) % 100 AS r
      FROM generate_series(1, (:members / 2.5)::bigint + 1000) f) g;

CREATE TEMP TABLE gen_member AS
SELECT row_number() OVER (ORDER BY f, k) AS n, f, k, size, plan_roll, cov_roll
FROM gen_family, generate_series(1, size) k;
DELETE FROM gen_member WHERE n > :members;

CREATE TEMP TABLE gen_fam_plan AS
SELECT f, size, cov_roll,
       CASE WHEN size = 1 THEN
                CASE WHEN plan_roll < 25 THEN 'ACME-PPO' WHEN plan_roll < 50 THEN 'ACME-HDHP'
                     WHEN plan_roll < 60 THEN 'SUMMIT-PY' WHEN plan_roll < 85 THEN 'MCR-B' ELSE 'MCD' END
            ELSE
                CASE WHEN plan_roll < 45 THEN 'ACME-PPO' WHEN plan_roll < 75 THEN 'ACME-HDHP'
                     WHEN plan_roll < 85 THEN 'SUMMIT-PY' ELSE 'MCD' END
       END AS plan_id
FROM gen_family WHERE f IN (SELECT f FROM gen_member);

CREATE TEMP TABLE gen_person AS
SELECT m.n, m.f, m.k, p.size, p.plan_id, p.cov_roll,
       CASE WHEN m.k = 1 THEN 'self'
            WHEN m.k = 2 AND abs(hashint8extended(m.n, 10)) % 100 < 80 THEN 'spouse'
            ELSE 'child' END AS relationship
FROM gen_member m JOIN gen_fam_plan p USING (f);

INSERT INTO costshare.member (member_id, first_name, last_name, birth_date, name_key)
SELECT 'M' || n, 'First' || n, 'Family' || f,
       CASE WHEN plan_id = 'MCR-B' THEN date '1936-01-01' + (abs(hashint8extended(n, 11)) % 9131)::int
            WHEN relationship IN ('self', 'spouse') THEN date '1960-01-01' + (abs(hashint8extended(n, 11)) % 14610)::int
            WHEN abs(hashint8extended(n, 12)) % 100 < 2 THEN date '1998-06-01' + (abs(hashint8extended(n, 11)) % 700)::int
            ELSE date '2001-01-01' + (abs(hashint8extended(n, 11)) % 9125)::int END,
       lower('family' || f)
FROM gen_person ORDER BY n;

-- the primary coverage of every member: the family's plan
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                  coverage_kind, coverage_level, payer_member_id)
SELECT 'M' || p.n, 'M' || s.n, 'F' || p.f, p.plan_id,
       daterange(CASE WHEN p.plan_id = 'SUMMIT-PY' THEN date '2025-07-01'
                      ELSE date '2019-01-01' + ((abs(hashint8extended(p.f, 20)) % 7) * 365)::int END,
                 CASE WHEN p.cov_roll < 3 THEN date '2026-01-01' END),
       p.relationship,
       CASE WHEN p.plan_id NOT IN ('MCR-B', 'MCD') AND abs(hashint8extended(p.f, 21)) % 100 < 5
            THEN 'cobra' ELSE 'active' END,
       CASE WHEN p.size > 1 THEN 'family' ELSE 'individual' END,
       upper(left(p.plan_id, 3)) || lpad(p.n::text, 9, '0')
FROM gen_person p JOIN gen_person s ON s.f = p.f AND s.k = 1
ORDER BY p.n;

-- 2% of spouses also have their own employer's HDHP (self-only): that one is primary for them (COB)
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                  coverage_kind, coverage_level, payer_member_id)
SELECT 'M' || n, 'M' || n, 'F' || f || '-S', 'ACME-HDHP', daterange('2025-01-01', NULL), 'self', 'active',
       'individual', 'ACS' || lpad(n::text, 9, '0')
FROM gen_person
WHERE relationship = 'spouse' AND plan_id <> 'ACME-HDHP' AND abs(hashint8extended(n, 30)) % 100 < 2
ORDER BY n;

-- ---------------------------------------------------------------------------------------------------
-- The accumulator ledger: claim lines already posted (see the header)
-- ---------------------------------------------------------------------------------------------------
CREATE TEMP TABLE gen_line AS
SELECT p.n, p.f, p.plan_id, j,
       CASE WHEN abs(hashint8extended(p.n, 40)) % 100 >= 95     -- heavy users: weekly, first half of 2026
            THEN date '2026-01-01' + (abs(hashint8extended(p.n * 100 + j, 41)) % 181)::int
            ELSE date '2025-01-01' + (abs(hashint8extended(p.n * 100 + j, 41)) % 730)::int END AS service_date,
       (abs(hashint8extended(p.n * 100 + j, 42)) % 100)::int AS status_roll,
       (abs(hashint8extended(p.n * 100 + j, 43)) % 100)::int AS cat_roll,
       (abs(hashint8extended(p.n * 100 + j, 44)) % 100)::int AS amt_roll
FROM gen_person p
CROSS JOIN LATERAL generate_series(1,
    CASE WHEN abs(hashint8extended(p.n, 40)) % 100 < 20 THEN 0
         WHEN abs(hashint8extended(p.n, 40)) % 100 < 95 THEN 1 + abs(hashint8extended(p.n, 45)) % 8
         ELSE 25 + abs(hashint8extended(p.n, 45)) % 16 END) j;

-- version 1 of every line; status and amounts by the plan's design (allowed ~ the fee schedule)
CREATE TEMP TABLE gen_ledger AS
SELECT 'C' || n || '-' || j AS claim_id, 1 AS claim_version, 1 AS line_no,
       CASE WHEN status_roll < 70 THEN 'final' WHEN status_roll < 85 THEN 'pending' ELSE 'estimated' END AS status,
       'F' || f AS family_id, 'M' || n AS member_id, plan_id,
       CASE WHEN cat_roll < 85 THEN 'mh_psychotherapy' WHEN cat_roll < 95 THEN 'mh_family' ELSE 'mh_diagnostic' END
           AS category,
       service_date,
       -- deductible / copay / coinsurance of the line, roughly as the plan would have charged them
       CASE WHEN plan_id IN ('ACME-HDHP', 'MCR-B', 'SUMMIT-PY') AND amt_roll < 60 THEN (100 + amt_roll * 2)::numeric
            ELSE 0 END AS deductible,
       CASE WHEN plan_id = 'ACME-PPO' THEN 25::numeric ELSE 0 END AS copay,
       CASE WHEN plan_id IN ('ACME-HDHP', 'MCR-B', 'SUMMIT-PY') AND amt_roll >= 60 THEN (25 + amt_roll % 20)::numeric
            ELSE 0 END AS coinsurance,
       1 AS visits,
       CASE WHEN status_roll < 70 THEN service_date + 7 + (amt_roll % 22)::int END AS adjudicated_on,
       amt_roll
FROM gen_line;

-- From 1.2 a claim line is the payer's: payer_id (the plan's payer) is part of its key; a 1.1 ledger
-- has no such column (the same rows are generated for both)
SELECT CASE WHEN has THEN 'payer_id,' ELSE '' END AS ledger_payer_col,
       CASE WHEN has THEN '(SELECT p.payer_id FROM costshare.plan p WHERE p.plan_id = g.plan_id),' ELSE '' END AS ledger_payer_val
FROM (SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'costshare.accumulator_ledger'::regclass
                        AND attname = 'payer_id' AND NOT attisdropped) AS has) x \gset
INSERT INTO costshare.accumulator_ledger (:ledger_payer_col claim_id, claim_version, line_no, status, family_id, member_id,
                                          plan_id, bucket, category, service_date, deductible, copay,
                                          coinsurance, visits, adjudicated_on)
SELECT :ledger_payer_val
       claim_id, claim_version, line_no, status, family_id, member_id, plan_id, 'in', category, service_date,
       deductible, copay, coinsurance, visits, adjudicated_on
FROM gen_ledger g ORDER BY family_id, service_date, claim_id;

-- 5% of lines get version 2: a correction (final, half the amounts) or a reversal (nothing counts)
INSERT INTO costshare.accumulator_ledger (:ledger_payer_col claim_id, claim_version, line_no, status, family_id, member_id,
                                          plan_id, bucket, category, service_date, deductible, copay,
                                          coinsurance, visits, adjudicated_on)
SELECT :ledger_payer_val claim_id, 2, line_no, CASE WHEN amt_roll % 2 = 0 THEN 'final' ELSE 'reversed' END, family_id, member_id,
       plan_id, 'in', category, service_date,
       CASE WHEN amt_roll % 2 = 0 THEN round(deductible / 2, 2) ELSE 0 END,
       CASE WHEN amt_roll % 2 = 0 THEN copay ELSE 0 END,
       CASE WHEN amt_roll % 2 = 0 THEN round(coinsurance / 2, 2) ELSE 0 END,
       CASE WHEN amt_roll % 2 = 0 THEN 1 ELSE 0 END,
       service_date + 40
FROM gen_ledger g WHERE abs(hashint8extended(hashtext(claim_id), 46)) % 100 < 5
ORDER BY family_id, service_date, claim_id;

-- payer snapshots (a 271) as of 2026-05-01 for 30% of families: the family's and the subscriber's
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source)
SELECT 'F' || p.f, m.member_id, p.plan_id, 'in', date '2026-05-01', v.ded, v.ded + v.extra, '271'
FROM gen_fam_plan p
JOIN gen_person s ON s.f = p.f AND s.k = 1
CROSS JOIN LATERAL (VALUES (NULL::text), ('M' || s.n)) m(member_id)
CROSS JOIN LATERAL (SELECT (abs(hashint8extended(p.f, 50)) % 150000 / 100.0)::numeric(12,2) AS ded,
                           (abs(hashint8extended(p.f, 51)) % 80000 / 100.0)::numeric(12,2) AS extra) v
WHERE p.cov_roll >= 3 AND abs(hashint8extended(p.f, 52)) % 100 < 30 AND p.plan_id <> 'MCD';

-- prior authorizations: 60% of Medicaid members, psychotherapy, 2026
INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid, auth_number, visits)
SELECT 'M' || n, 'MCD', 'mh_psychotherapy', '[2026-01-01,2027-01-01)', 'PA-' || n, 24
FROM gen_person WHERE plan_id = 'MCD' AND abs(hashint8extended(n, 60)) % 100 < 60;

-- ---------------------------------------------------------------------------------------------------
-- Appointments to estimate in batch (part 3 of the benchmark)
-- ---------------------------------------------------------------------------------------------------
DROP TABLE IF EXISTS appointments;
CREATE TABLE appointments (
    appt_id          bigint PRIMARY KEY,
    member_id        text NOT NULL,
    service_date     date NOT NULL,
    service_code     text NOT NULL,
    provider_id      text NOT NULL,
    place_of_service text NOT NULL,
    billed           numeric(12,2)
);
INSERT INTO appointments
SELECT i, 'M' || (1 + abs(hashint8extended(i, 70)) % :members),
       date '2026-01-01' + (abs(hashint8extended(i, 71)) % 365)::int,
       (ARRAY['90837','90837','90837','90837','90837','90837','90837','90837','90837','90837',
              '90834','90834','90834','90834','90791','90847','90847','90853','99214','99214'])
           [1 + abs(hashint8extended(i, 72)) % 20],
       (ARRAY['1111111112','1222222223','1222222223','1333333334','1333333334','1444444445','1555555556'])
           [1 + abs(hashint8extended(i, 73)) % 7],
       CASE WHEN abs(hashint8extended(i, 74)) % 100 < 15 THEN '10' ELSE '11' END,
       (150 + abs(hashint8extended(i, 75)) % 150)::numeric(12,2)
FROM generate_series(1, :appointments::bigint) i;

DROP TABLE gen_family, gen_member, gen_fam_plan, gen_person, gen_line, gen_ledger;

VACUUM (ANALYZE) costshare.member, costshare.enrollment, costshare.accumulator_ledger,
    costshare.accumulator_snapshot, costshare.prior_auth, costshare.fee_schedule, appointments;
