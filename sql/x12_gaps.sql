-- x12_gaps: X12 variants found on real files (issue 11, "X12 gaps").  Lenient mode reads, with one
-- finding each: a Ctrl-Z (0x1A) after the last segment, a final IEA without its segment terminator,
-- a line break before each segment terminator, and elements padded with trailing spaces ("D8 ");
-- strict mode refuses the first three with 22P04 and reads padded values as sent.  A 271 deductible
-- or out-of-pocket amount is labelled by its EB06 (27 per visit, 26 per episode, ... never 'total'),
-- so load_271 no longer takes a per-visit or per-episode amount for the plan year's total.  A single
-- DTP*291*D8 is the plan's start date, open-ended.  Everything runs in one transaction, rolled back.

SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
BEGIN;

CREATE FUNCTION pg_temp.try(q text)
RETURNS TABLE (code text, message text, detail text)
LANGUAGE plpgsql AS $$
DECLARE
    res text;
BEGIN
    EXECUTE q INTO res;
    RETURN QUERY SELECT 'ok'::text, res, NULL::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN NEXT;
END
$$;

-- One interchange (control number isa13) of one transaction set around body (segments ending in '~')
CREATE FUNCTION pg_temp.wrap(st01 text, version text, body text, isa13 integer) RETURNS text
LANGUAGE sql AS $$
SELECT replace('ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~',
               '000000001', to_char(isa13, 'FM000000000'))
    || 'GS*HB*SENDER*RECEIVER*20240101*1200*7*X*' || version || '~ST*' || st01 || '*0001*' || version || '~'
    || body || 'SE*' || (length(body) - length(replace(body, '~', '')) + 2) || '*0001~GE*1*7~IEA*1*'
    || to_char(isa13, 'FM000000000') || '~'
$$;

INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('P1', 'Payer One', '{1999999999}');  -- TRN03 of the 835s
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('p1-ppo', 'P1', 'PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-roe', 'Richard', 'Roe', '1980-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
VALUES ('m-roe', 'm-roe', 'fam-roe', 'p1-ppo', '[2024-01-01,2025-01-01)', 'X1');

CREATE TEMP TABLE docs (name text PRIMARY KEY, doc text NOT NULL);
INSERT INTO docs VALUES
  ('271 figures', pg_temp.wrap('271', '005010X279A1',
     'HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
     'HL*3*2*22*0~NM1*IL*1*ROE*RICHARD****MI*X1~DMG*D8*19800101~DTP*291*D8*20240101~'
     'EB*1*IND*30~'
     'EB*C*IND*30***26*1000.00*****Y~EB*C*IND*30***27*25.00*****Y~EB*C*IND*30***23*500.00*****Y~'
     'EB*C*IND*30***29*300.00*****Y~EB*G*IND*30***7*50.00*****Y~EB*G*IND*30***99*60.00*****Y~', 1));

-- ===================================================================================================
-- 1. EB06 labels: a period's total, remaining, or a per-unit figure; only totals and remaining are
--    summed into the snapshot (met = 500.00 - 300.00, not 1000.00 per episode - 300.00)
-- ===================================================================================================
SELECT p.segment, p.info, p.time_period, p.amount, p.benefit, p.figure, ((p.subscriber).dates).plan AS plan_291
FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = '271 figures' ORDER BY p.segment;
SELECT l.* FROM docs d, costshare.load_271(d.doc, '2024-03-01') l WHERE d.name = '271 figures';
SELECT segment, benefit, time_period, amount, figure, plan_period FROM costshare.eligibility_benefit WHERE member_id = 'm-roe' ORDER BY segment;
SELECT bucket, ded_met, oop_met FROM costshare.accumulator_snapshot WHERE family_id = 'fam-roe';

-- A payer's own year-to-date amount met (EB06 24) is the amount met; when total - remaining says
-- otherwise, the load warns (counts only) and keeps the payer's figure: 150.00, not 1000.00 - 800.00
INSERT INTO docs VALUES
  ('271 met', pg_temp.wrap('271', '005010X279A1',
     'HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
     'HL*3*2*22*0~NM1*IL*1*ROE*RICHARD****MI*X1~DMG*D8*19800101~DTP*291*D8*20240101~'
     'EB*1*IND*30~'
     'EB*C*IND*30***23*1000.00*****Y~EB*C*IND*30***29*800.00*****Y~EB*C*IND*30***24*150.00*****Y~'
     'EB*G*IND*30***24*400.00*****Y~', 2));
SELECT l.* FROM docs d, costshare.load_271(d.doc, '2024-04-01') l WHERE d.name = '271 met';
SELECT bucket, as_of, ded_met, oop_met FROM costshare.accumulator_snapshot WHERE family_id = 'fam-roe' ORDER BY as_of;

-- An AAA of the information source before the payer's NM1 has no payer: it is not a second payer
INSERT INTO docs VALUES
  ('271 aaa first', pg_temp.wrap('271', '005010X279A1',
     'HL*1**20*1~AAA*Y**42*R~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
     'HL*3*2*22*0~NM1*IL*1*ROE*RICHARD****MI*X1~DMG*D8*19800101~DTP*291*D8*20240101~'
     'EB*1*IND*30~', 3));
SELECT count(*) FILTER (WHERE p.payer IS NULL) AS rows_without_payer, count(DISTINCT (p.payer).id) AS payers
FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = '271 aaa first';
SELECT * FROM pg_temp.try($$SELECT (l).status FROM (SELECT costshare.load_271(doc, '2024-05-01') l FROM docs WHERE name = '271 aaa first') s$$);

-- ===================================================================================================
-- 2. Tolerated variants of the same document: lenient reads with a finding, strict refuses
-- ===================================================================================================
CREATE TEMP TABLE variants AS
SELECT v.name, v.doc FROM docs d, LATERAL (VALUES
    ('ctrl-z after the last segment', d.doc || E'\r\n' || chr(26)),
    ('IEA without terminator', left(d.doc, -1)),
    ('IEA without terminator, then ctrl-z', left(d.doc, -1) || chr(26)),
    ('line break before each terminator', replace(d.doc, '~', E'\r\n~')),
    ('padded qualifiers', replace(replace(d.doc, 'DTP*291*D8*', 'DTP*291*D8 *'), 'EB*C*IND*', 'EB*C *IND  *'))
  ) v(name, doc)
WHERE d.name = '271 figures';
SELECT v.name, p.segment, p.segment_id, p.byte_offset, p.finding_kind, p.finding
FROM variants v, costshare.parse_271(v.doc, 'lenient') p WHERE p.record_kind = 'finding' ORDER BY v.name, p.segment;
-- the benefits read from each variant are those of the plain document
SELECT v.name,
       (SELECT array_agg(row(p.segment, p.info, p.time_period, p.amount, p.figure, ((p.subscriber).dates).plan)::text ORDER BY p.segment)
          FROM costshare.parse_271(v.doc, 'lenient') p WHERE p.record_kind = 'benefit')
       = (SELECT array_agg(row(p.segment, p.info, p.time_period, p.amount, p.figure, ((p.subscriber).dates).plan)::text ORDER BY p.segment)
          FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = '271 figures') AS same_benefits
FROM variants v ORDER BY v.name;
SELECT v.name, t.* FROM variants v,
  LATERAL pg_temp.try(format('SELECT count(*)::text FROM costshare.parse_271(%L, %L)', v.doc, 'strict')) t
ORDER BY v.name;
-- still refused in both modes: a document cut inside a segment other than the final IEA, and Ctrl-Z
-- followed by anything else
SELECT t.* FROM docs d,
  LATERAL pg_temp.try(format('SELECT count(*)::text FROM costshare.parse_271(%L, %L)',
                             replace(left(d.doc, -1), 'IEA*1*000000001', 'GE*1*7~IEA*1*000000001~GE*1*7'), 'lenient')) t
WHERE d.name = '271 figures';
SELECT t.* FROM docs d,
  LATERAL pg_temp.try(format('SELECT count(*)::text FROM costshare.parse_271(%L, %L)', d.doc || chr(26) || 'X', 'lenient')) t
WHERE d.name = '271 figures';

-- ===================================================================================================
-- 3. An 835 with line breaks before its terminators and a Ctrl-Z: posted in lenient mode
-- ===================================================================================================
SELECT t.* FROM pg_temp.try(format('SELECT costshare.post_835(%L, %L)::text',
    replace(pg_temp.wrap('835', '005010X221A1',
        'BPR*I*100.00*C*CHK************20240105~TRN*1*T1*1999999999~N1*PR*PAYER~N1*PE*CLINIC*XX*1234567893~LX*1~'
        'CLP*C1*1*100.00*100.00**12~NM1*QC*1*ROE*RICHARD****MI*X1~'
        'SVC*HC:90837*100.00*100.00~DTM*472*20240305~', 2), '~', E'\n~') || chr(26), 'lenient')) t;
SELECT claim_id, line_no, status, member_id, service_date FROM costshare.accumulator_ledger WHERE claim_id = 'C1' AND member_id = 'm-roe';

ROLLBACK;
