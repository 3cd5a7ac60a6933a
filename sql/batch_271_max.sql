-- batch_271_max: a property of estimate_many's lines priced from 271s (session 13): the batch gives
-- every line what one estimate at a time gives when each earlier line has been posted to the ledger with
-- what the plan paid on it and the patient's share. Random families, 271s and appointments (setseed).
-- Part 1: the 271s state plan-paid maximums that span categories (a member's and a family's, of the
-- period and of a lifetime, stated as totals and as remainders, for service types that cover one
-- category or several) and no deductible, OOP or visit limit. Part 2: the same with deductibles
-- (totals and remainders, the member's and the family's), out-of-pocket limits and visit limits.
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

-- a 271: coverage for 2026, 20% coinsurance and a deductible (none unless given) for plan coverage
-- (30), and the given EB rows
CREATE FUNCTION pg_temp.doc(isa13 text, member text, ebs text[], ded text DEFAULT '0.00')
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
                         'EB*C*IND*30***23*' || ded || '*****Y'] || ebs AS s) x
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

-- one at a time, in the batch's order (date, then appt_id), each line posted before the next is
-- estimated, as the posting of the estimate's line would record it
CREATE FUNCTION pg_temp.one_at_a_time(appts regclass)
RETURNS TABLE (appt_id bigint, status text, line costshare.breakdown) LANGUAGE plpgsql AS $$
DECLARE
    a record;
    r costshare.estimate_271_result;
BEGIN
    FOR a IN EXECUTE format('SELECT * FROM %s ORDER BY service_date, appt_id', appts) LOOP
        r := costshare.estimate_271(a.member_id, a.service_date, a.code);
        appt_id := a.appt_id;
        status := (r.estimate).status;
        line := r.line;
        RETURN NEXT;
        IF r.line IS DISTINCT FROM NULL THEN
            INSERT INTO costshare.accumulator_ledger (claim_id, claim_version, status, family_id, member_id, plan_id,
                                                     payer_id, category, service_date, deductible, copay, coinsurance,
                                                     visits, allowed, plan_paid)
            VALUES ('c-' || a.appt_id, 1, 'final', r.family_id, a.member_id, 'nwh-ppo', 'NWH', (r.estimate).category,
                    a.service_date, (r.line).deductible, (r.line).copay, (r.line).coinsurance, 1, (r.line).allowed,
                    (r.line).plan_pays);
        END IF;
    END LOOP;
END $$;
CREATE TEMP TABLE one AS
SELECT o.appt_id, (o.line).plan_pays, NULL::numeric AS alone FROM pg_temp.one_at_a_time('appt') o;
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

-- ==== part 2: deductibles, out-of-pocket limits and visit limits too ================================
-- ten more families; each member's 271: a deductible of 0 to 400 (sometimes with what is left of it,
-- EB06 29, and a family deductible), an out-of-pocket limit of 300 to 900 (sometimes the family's), a
-- visit limit of 2 to 5 for mental health (sometimes), and one maximum of part 1's menu (sometimes)
CREATE TEMP TABLE fam2 AS
SELECT f, 1 + floor(random() * 3)::int AS size FROM generate_series(11, 20) f;
CREATE TEMP TABLE mem2 AS
SELECT 'M-' || f || '-' || k AS member_id, 'f-' || f AS family_id, k = 1 AS subscriber, f
  FROM fam2, generate_series(1, fam2.size) k;
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date)
SELECT member_id, 'Pat', 'Doe', '1980-01-01' FROM mem2;
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
SELECT m.member_id, 'M-' || m.f || '-1', m.family_id, 'nwh-ppo', '[2026-01-01,2027-01-01)',
       CASE WHEN m.subscriber THEN 'self' ELSE 'spouse' END, 'family', 'NW' || m.member_id
  FROM mem2 m;
CREATE TEMP TABLE doc2 AS
SELECT x.member_id, x.isa13, x.ded::text || '.00' AS ded,
       array_remove(ARRAY[
         CASE WHEN random() < 0.5 THEN 'EB*C*IND*30***29*' || floor(x.ded * random())::text || '.00*****Y' END,
         CASE WHEN random() < 0.5 THEN 'EB*C*FAM*30***23*' || (2 * x.ded)::text || '.00*****Y' END,
         CASE WHEN random() < 0.8 THEN 'EB*G*IND*30***23*' || (300 + 100 * floor(random() * 7))::text || '.00*****Y' END,
         CASE WHEN random() < 0.4 THEN 'EB*G*FAM*30***23*' || (900 + 100 * floor(random() * 7))::text || '.00*****Y' END,
         CASE WHEN random() < 0.5 THEN 'EB*F*IND*MH***23***VS*' || (2 + floor(random() * 4))::text || '**Y' END,
         CASE WHEN random() < 0.5 THEN format((SELECT eb FROM menu ORDER BY random() + x.k * 0 LIMIT 1),
                                              (10 * (10 + floor(random() * 51)))::text || '.00') END], NULL) AS ebs
  FROM (SELECT m.member_id, row_number() OVER (ORDER BY m.member_id) AS k,
               lpad((910000000 + row_number() OVER (ORDER BY m.member_id))::text, 9, '0') AS isa13,
               (50 * floor(random() * 9))::int AS ded
          FROM mem2 m) x;
SELECT count(*) FILTER (WHERE l.status = 'loaded') AS loaded, count(*) AS members
  FROM doc2 d CROSS JOIN LATERAL costshare.load_271(pg_temp.doc(d.isa13, d.member_id, d.ebs, d.ded), '2026-03-01') l;
CREATE TEMP TABLE appt2 AS
SELECT g AS appt_id,
       (SELECT member_id FROM mem2 ORDER BY random() + g * 0 LIMIT 1) AS member_id,
       date '2026-03-02' + floor(random() * 290)::int AS service_date,
       (ARRAY['90837', '90791', '90853', '90847', '99213'])[1 + floor(random() * 5)::int] AS code
  FROM generate_series(1001, 1150) g;
CREATE TEMP TABLE batch2 AS
SELECT b.appt_id, b.status, b.sqlstate, b.line, b.reasons
  FROM costshare.estimate_many(ARRAY(SELECT ROW(a.appt_id, a.member_id, a.service_date, a.code, NULL, '11', NULL)::costshare.appointment
                                       FROM appt2 a)) b;
CREATE TEMP TABLE alone2 AS
SELECT a.appt_id, (costshare.estimate_271(a.member_id, a.service_date, a.code)).line AS line FROM appt2 a;
CREATE TEMP TABLE one2 AS SELECT * FROM pg_temp.one_at_a_time('appt2');
-- every line the same (status and the whole adjudicated line); not vacuous: earlier lines of the call
-- took deductible off later ones, the OOP limit bound, visit limits were reached, maximums cut lines
SELECT count(*) AS lines,
       count(*) FILTER (WHERE b.status IS DISTINCT FROM o.status OR b.line::text IS DISTINCT FROM o.line::text) AS different,
       count(*) FILTER (WHERE (o.line).deductible < (l.line).deductible) >= 10 AS deductible_carried,
       count(*) FILTER (WHERE (o.line).oop_capped) >= 3 AS oop_reached,
       count(*) FILTER (WHERE o.status = 'limit_reached') >= 3 AS visit_limits_reached,
       count(*) FILTER (WHERE (o.line).plan_pays < (l.line).plan_pays AND 'plan_maximum_reached' = ANY (b.reasons)) >= 1 AS maximums_cut,
       count(*) FILTER (WHERE b.sqlstate NOT IN ('00000', '02000')) AS refused
  FROM batch2 b JOIN one2 o USING (appt_id) JOIN alone2 l USING (appt_id);
SELECT b.appt_id, a.member_id, a.service_date, a.code, b.status, o.status AS one_status,
       (b.line).patient_pays AS batch_patient, (o.line).patient_pays AS one_patient
  FROM batch2 b JOIN one2 o USING (appt_id) JOIN appt2 a USING (appt_id)
 WHERE b.status IS DISTINCT FROM o.status OR b.line::text IS DISTINCT FROM o.line::text
 ORDER BY a.service_date, b.appt_id;

-- ==== estimate_271_after refuses what no posting could record, and changes nothing ==================
CREATE FUNCTION pg_temp.try(q text) RETURNS TABLE (code text, message text, detail text) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
    RETURN QUERY SELECT SQLSTATE::text, SQLERRM, NULLIF(pg_catalog.regexp_replace(SQLERRM, '.*', ''), '');
END $$;
CREATE TEMP TABLE bl AS SELECT ROW('M-1-1', 'f-1', 'nwh-ppo', 'NWH', 'mh_psychotherapy', date '2026-03-05', 0.00, 0.00, 40.00, 1, 200.00, 160.00, NULL, NULL, NULL)::costshare.batch_271_line AS l;
SELECT x.label, t.code, t.message
  FROM (VALUES
    ('a NULL element', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[NULL]::costshare.batch_271_line[])$q$),
    ('no member', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW(NULL, 'f-1', 'nwh-ppo', 'NWH', NULL, date '2026-03-05', 0, 0, 0, 1, 0, 0, NULL, NULL, NULL)::costshare.batch_271_line])$q$),
    ('no date', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW('M-1-1', 'f-1', 'nwh-ppo', 'NWH', NULL, NULL, 0, 0, 0, 1, 0, 0, NULL, NULL, NULL)::costshare.batch_271_line])$q$),
    ('an infinite date', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW('M-1-1', 'f-1', 'nwh-ppo', 'NWH', NULL, 'infinity', 0, 0, 0, 1, 0, 0, NULL, NULL, NULL)::costshare.batch_271_line])$q$),
    ('NaN paid', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW('M-1-1', 'f-1', 'nwh-ppo', 'NWH', NULL, date '2026-03-05', 0, 0, 0, 1, 0, 'NaN', NULL, NULL, NULL)::costshare.batch_271_line])$q$),
    ('a negative deductible', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW('M-1-1', 'f-1', 'nwh-ppo', 'NWH', NULL, date '2026-03-05', -1, 0, 0, 1, 0, 0, NULL, NULL, NULL)::costshare.batch_271_line])$q$),
    ('fractions of a cent', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW('M-1-1', 'f-1', 'nwh-ppo', 'NWH', NULL, date '2026-03-05', 0, 0.001, 0, 1, 0, 0, NULL, NULL, NULL)::costshare.batch_271_line])$q$),
    ('negative visits', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW('M-1-1', 'f-1', 'nwh-ppo', 'NWH', NULL, date '2026-03-05', 0, 0, 0, -1, 0, 0, NULL, NULL, NULL)::costshare.batch_271_line])$q$),
    ('two dimensions', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[[l]]) FROM bl$q$),
    ('NULL earlier: none', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, NULL)$q$),
    ('another payer''s line: not read', $q$SELECT costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, ARRAY[ROW('M-1-1', 'f-1', 'nwh-ppo', 'OTHER', NULL, date '2026-03-05', 0, 0, 0, 1, 0, 0, NULL, NULL, NULL)::costshare.batch_271_line])$q$)
  ) x (label, q)
 CROSS JOIN LATERAL pg_temp.try(x.q) t;
-- the same line with nothing earlier and with NULL earlier: estimate_271's own answer
SELECT (costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, NULL))::text
     = (costshare.estimate_271('M-1-1', '2026-03-10', '90837'))::text AS null_earlier_is_estimate_271,
       (costshare.estimate_271_after('M-1-1', '2026-03-10', '90837', NULL, '11', NULL, '{}'))::text
     = (costshare.estimate_271('M-1-1', '2026-03-10', '90837'))::text AS empty_earlier_is_estimate_271;

ROLLBACK;
