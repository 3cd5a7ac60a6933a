-- batch_271_max: a property of the 271's plan-paid maximums in estimate_many (session 13). For lines
-- priced from 271s whose maximums span categories (a member's and a family's, of the period and of a
-- lifetime, stated as totals and as remainders, for service types that cover one category or several),
-- the batch gives every line what one estimate at a time gives when each earlier line has been posted
-- to the ledger with what the plan paid on it. Random families, 271s and appointments (setseed); the
-- 271s state no deductible and no out-of-pocket limit, so only the maximums carry from line to line
-- (the batch's 271 lines stay outside the running accumulators: doc/rules.md, "The batch").
SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;
SELECT setseed(0.13);

INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('NWH', 'Northwind Health', '{NWH01}');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('nwh-ppo', 'NWH', 'Northwind PPO');
-- a code of each of five categories: psychotherapy (A6 first), diagnostic (MH first), group,
-- family therapy, and an office visit (98 first; MH does not cover it)
INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount)
SELECT 'NWH', c, '[2026-01-01,2027-01-01)', a
  FROM (VALUES ('90837', 200.00), ('90791', 250.00), ('90853', 80.00), ('90847', 150.00), ('99213', 120.00)) f (c, a);

-- a 271: coverage for 2026, 20% coinsurance and no deductible for plan coverage (30), and the given
-- EB rows
CREATE FUNCTION pg_temp.doc(isa13 text, member text, ebs text[])
RETURNS text LANGUAGE sql AS $$
    SELECT 'ISA*00*          *00*          *ZZ*NWH01          *ZZ*CLINIC         *260301*1200*^*00501*' || isa13 || '*0*P*:~'
        || 'GS*HB*NWH01*CLINIC*20260301*1200*' || ltrim(isa13, '0') || '*X*005010X279A1~'
        || array_to_string(s, '~') || '~SE*' || (cardinality(s) + 1) || '*0001~'
        || 'GE*1*' || ltrim(isa13, '0') || '~IEA*1*' || isa13 || '~'
      FROM (SELECT ARRAY['ST*271*0001*005010X279A1', 'BHT*0022*11*1*20260301*1200',
                         'HL*1**20*1', 'NM1*PR*2*NORTHWIND*****PI*NWH01', 'HL*2*1*21*1',
                         'NM1*1P*2*CLINIC*****XX*1234567893', 'HL*3*2*22*0', 'TRN*2*T' || isa13 || '*9877281235',
                         'NM1*IL*1*DOE*PAT****MI*NW' || member, 'DMG*D8*19800101',
                         'DTP*291*RD8*20260101-20261231', 'EB*1*IND*30**PPO', 'EB*A*IND*30*****0.2****Y',
                         'EB*C*IND*30***23*0.00*****Y'] || ebs AS s) x
$$;

-- ten families of one to three members
CREATE TEMP TABLE fam AS
SELECT f, 1 + floor(random() * 3)::int AS size FROM generate_series(1, 10) f;
CREATE TEMP TABLE mem AS
SELECT 'M-' || f || '-' || k AS member_id, 'f-' || f AS family_id, k = 1 AS subscriber, f
  FROM fam, generate_series(1, fam.size) k;
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date)
SELECT member_id, 'Pat', 'Doe', '1980-01-01' FROM mem;
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
SELECT m.member_id, 'M-' || m.f || '-1', m.family_id, 'nwh-ppo', '[2026-01-01,2027-01-01)',
       CASE WHEN m.subscriber THEN 'self' ELSE 'spouse' END, 'family', 'NW' || m.member_id
  FROM mem m;

-- each member's 271: each maximum of the menu with probability one half, its amount 100 to 600
CREATE TEMP TABLE menu (eb text);
INSERT INTO menu VALUES
  ('EB*F*IND*MH***23*%s*****Y'),   -- her period's, every mental-health category
  ('EB*F*IND*A6***23*%s*****Y'),   -- her period's, psychotherapy only (A6 ranks before MH there)
  ('EB*F*IND*30***32*%s*****Y'),   -- her lifetime's, every category (plan coverage)
  ('EB*F*IND*98***23*%s*****Y'),   -- her period's, office visits first (98; after MH, A6 elsewhere)
  ('EB*F*FAM*MH***23*%s*****Y'),   -- the family's period's, mental health
  ('EB*F*FAM*30***33*%s*****Y');   -- what is left of the family's lifetime maximum
CREATE TEMP TABLE doc271 AS
SELECT m.member_id, lpad((900000000 + row_number() OVER (ORDER BY m.member_id))::text, 9, '0') AS isa13,
       coalesce((SELECT array_agg(format(u.eb, (10 * (10 + floor(random() * 51)))::text || '.00'))
                   FROM menu u WHERE random() < 0.5 AND m.member_id IS NOT NULL), '{}') AS ebs
  FROM mem m;
SELECT count(*) FILTER (WHERE l.status = 'loaded') AS loaded, count(*) AS members
  FROM doc271 d CROSS JOIN LATERAL costshare.load_271(pg_temp.doc(d.isa13, d.member_id, d.ebs), '2026-03-01') l;

-- 120 appointments between March and December, any member, any of the five codes
CREATE TEMP TABLE appt AS
SELECT g AS appt_id,
       (SELECT member_id FROM mem ORDER BY random() + g * 0 LIMIT 1) AS member_id,
       date '2026-03-02' + floor(random() * 290)::int AS service_date,
       (ARRAY['90837', '90791', '90853', '90847', '99213'])[1 + floor(random() * 5)::int] AS code
  FROM generate_series(1, 120) g;

-- the batch
CREATE TEMP TABLE batch AS
SELECT b.appt_id, b.sqlstate, (b.line).plan_pays, b.reasons
  FROM costshare.estimate_many(ARRAY(SELECT ROW(a.appt_id, a.member_id, a.service_date, a.code, NULL, '11', NULL)::costshare.appointment
                                       FROM appt a)) b;

-- what each line would be alone (nothing posted yet): for the count of lines an earlier one changed
CREATE TEMP TABLE alone AS
SELECT a.appt_id, (costshare.estimate_271(a.member_id, a.service_date, a.code)).line AS line FROM appt a;

-- one at a time, in the batch's order (date, then appt_id), each line posted before the next is estimated
CREATE TEMP TABLE one (appt_id bigint, plan_pays numeric, alone numeric);
DO $$
DECLARE
    a record;
    r costshare.estimate_271_result;
BEGIN
    FOR a IN SELECT * FROM appt ORDER BY service_date, appt_id LOOP
        r := costshare.estimate_271(a.member_id, a.service_date, a.code);
        INSERT INTO one VALUES (a.appt_id, (r.line).plan_pays, NULL);
        IF r.line IS DISTINCT FROM NULL THEN
            INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id,
                                                     payer_id, category, service_date, deductible, copay, coinsurance,
                                                     allowed, plan_paid)
            VALUES ('c-' || a.appt_id, 1, 'final', r.family_id, a.member_id, 'nwh-ppo', 'NWH', (r.estimate).category,
                    a.service_date, 0, 0, (r.line).coinsurance, (r.line).allowed, (r.line).plan_pays);
        END IF;
    END LOOP;
END $$;
UPDATE one o SET alone = (l.line).plan_pays FROM alone l WHERE l.appt_id = o.appt_id;

-- every line the same; not a vacuous check: lines were priced, maximums cut some, earlier lines of the
-- batch changed many (of another category among them), and no line was refused
SELECT count(*) AS lines,
       count(*) FILTER (WHERE b.sqlstate = '00000') AS priced,
       count(*) FILTER (WHERE b.plan_pays IS DISTINCT FROM o.plan_pays) AS different,
       count(*) FILTER (WHERE 'plan_maximum_reached' = ANY (b.reasons)) >= 20 AS many_capped,
       count(*) FILTER (WHERE o.plan_pays < o.alone) >= 20 AS many_cut_by_earlier_lines,
       count(*) FILTER (WHERE b.sqlstate NOT IN ('00000', '02000')) AS refused
  FROM batch b JOIN one o USING (appt_id);
-- lines an earlier line of another category cut (the class of defect this guards against)
SELECT count(*) >= 5 AS cut_across_categories
  FROM one o JOIN appt a USING (appt_id)
 WHERE o.plan_pays < o.alone
   AND EXISTS (SELECT FROM appt e JOIN costshare.service_code s1 ON s1.code = e.code AND s1.pos = '' AND s1.modifier = ''
                 JOIN costshare.service_code s2 ON s2.code = a.code AND s2.pos = '' AND s2.modifier = ''
                WHERE e.member_id = a.member_id AND (e.service_date, e.appt_id) < (a.service_date, a.appt_id)
                  AND s1.category <> s2.category);
-- any difference, listed (none expected)
SELECT b.appt_id, a.member_id, a.service_date, a.code, b.plan_pays AS batch, o.plan_pays AS one_at_a_time
  FROM batch b JOIN one o USING (appt_id) JOIN appt a USING (appt_id)
 WHERE b.plan_pays IS DISTINCT FROM o.plan_pays
 ORDER BY a.service_date, b.appt_id;

ROLLBACK;
