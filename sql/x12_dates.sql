-- x12_dates: reversed date ranges in X12 documents (issue 9 defect 7, issue 11).  An 835 whose
-- DTM*233 (statement end) is before its DTM*232, or whose DTM*151 is before its DTM*150, a 271 whose
-- DTP*357 is before its DTP*356 (in one loop, or the EB loop's against the member loop's), and an RD8
-- range that ends before it begins: strict mode refuses them with 22P04 naming the segment and its byte
-- offset (never 22000 from a range constructor, without position); lenient mode reads the document
-- with a date_order finding and drops the reversed period (NULL).  Also: DTP*291 with a single date
-- (D8) is the plan's start, open-ended.

SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never
-- everything in one transaction, rolled back: the suites after this one see no load and no ledger row
BEGIN;

-- Runs one statement; its SQLSTATE and texts, or 'ok' and the first column of its first row.
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

-- One interchange (control number isa13) of one transaction set around body (segments ending in '~'), with correct trailers
CREATE FUNCTION pg_temp.wrap(st01 text, version text, body text, isa13 integer) RETURNS text
LANGUAGE sql AS $$
SELECT replace('ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~',
               '000000001', to_char(isa13, 'FM000000000'))
    || 'GS*HB*SENDER*RECEIVER*20240101*1200*7*X*' || version || '~ST*' || st01 || '*0001*' || version || '~'
    || body || 'SE*' || (length(body) - length(replace(body, '~', '')) + 2) || '*0001~GE*1*7~IEA*1*' || to_char(isa13, 'FM000000000') || '~'
$$;

CREATE TEMP TABLE docs (name text PRIMARY KEY, doc text NOT NULL);
INSERT INTO docs VALUES
  ('835 statement reversed', pg_temp.wrap('835', '005010X221A1',
     'BPR*I*100.00*C*CHK************20240105~TRN*1*T1*1999999999~N1*PR*PAYER~N1*PE*CLINIC*XX*1234567893~LX*1~'
     'CLP*C1*1*100.00*100.00**12~NM1*QC*1*ROE*RICHARD****MI*X1~DTM*233*20240301~DTM*232*20240310~'
     'SVC*HC:90837*100.00*100.00~DTM*472*20240305~', 1)),
  ('835 service reversed', pg_temp.wrap('835', '005010X221A1',
     'BPR*I*100.00*C*CHK************20240105~TRN*1*T1*1999999999~N1*PR*PAYER~N1*PE*CLINIC*XX*1234567893~LX*1~'
     'CLP*C1*1*100.00*100.00**12~NM1*QC*1*ROE*RICHARD****MI*X1~DTM*232*20240301~DTM*233*20240331~'
     'SVC*HC:90837*100.00*100.00~DTM*151*20240301~DTM*150*20240310~', 2)),
  ('271 eligibility reversed', pg_temp.wrap('271', '005010X279A1',
     'HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
     'HL*3*2*22*0~NM1*IL*1*ROE*RICHARD****MI*X1~DMG*D8*19800101~DTP*357*D8*20240101~DTP*356*D8*20241231~'
     'EB*1*IND*30~', 3)),
  ('271 EB begin after member end', pg_temp.wrap('271', '005010X279A1',
     'HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
     'HL*3*2*22*0~NM1*IL*1*ROE*RICHARD****MI*X1~DMG*D8*19800101~DTP*356*D8*20240101~DTP*357*D8*20240630~'
     'EB*1*IND*30~DTP*356*D8*20240801~EB*C*IND*30***23*500.00~', 4)),
  ('271 RD8 reversed', pg_temp.wrap('271', '005010X279A1',
     'HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
     'HL*3*2*22*0~NM1*IL*1*ROE*RICHARD****MI*X1~DMG*D8*19800101~DTP*291*RD8*20241231-20240101~'
     'EB*1*IND*30~', 5)),
  ('271 plan start D8', pg_temp.wrap('271', '005010X279A1',
     'HL*1**20*1~NM1*PR*2*PAYER ONE*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~'
     'HL*3*2*22*0~NM1*IL*1*ROE*RICHARD****MI*X1~DMG*D8*19800101~DTP*291*D8*20240101~'
     'EB*1*IND*30~', 6));

-- a member the documents are about (payer member id X1), so that the loaders get past matching
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('P1', 'Payer One', '{1999999999}');  -- TRN03 of the 835s
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('p1-ppo', 'P1', 'PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-roe', 'Richard', 'Roe', '1980-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
VALUES ('m-roe', 'm-roe', 'fam-roe', 'p1-ppo', '[2024-01-01,2025-01-01)', 'X1');

-- 1. strict mode: 22P04 naming the segment and its byte offset, for the parsers and the loaders
SELECT d.name, t.* FROM docs d,
  LATERAL pg_temp.try(format('SELECT count(*)::text FROM costshare.parse_%s(%L)',
                             CASE WHEN d.name LIKE '835%' THEN '835' ELSE '271' END, d.doc)) t
ORDER BY d.name;
SELECT d.name, t.* FROM docs d,
  LATERAL pg_temp.try(format('SELECT costshare.load_271(%L, %L)::text', d.doc, '2024-03-01')) t
WHERE d.name LIKE '271%reversed' OR d.name LIKE '271 EB%' ORDER BY d.name;
SELECT d.name, m AS mode, t.* FROM docs d,
  unnest(ARRAY['strict', 'lenient']) m,
  LATERAL pg_temp.try(format('SELECT costshare.post_835(%L, %L)::text', d.doc, m)) t
WHERE d.name LIKE '835%' ORDER BY d.name, m;

-- 2. lenient mode: the document is read, the reversed period is NULL and a date_order finding says where
SELECT p.record_kind, p.segment, p.segment_id, p.byte_offset, p.statement, p.service, p.finding_kind, p.finding
FROM docs d, costshare.parse_835(d.doc, 'lenient') p WHERE d.name = '835 statement reversed';
SELECT p.record_kind, p.segment, p.segment_id, p.byte_offset, p.statement, p.service, p.finding_kind, p.finding
FROM docs d, costshare.parse_835(d.doc, 'lenient') p WHERE d.name = '835 service reversed';
SELECT d.name, p.record_kind, p.segment, p.segment_id, p.byte_offset, p.info,
       ((p.subscriber).dates).eligibility_begin AS member_356, ((p.subscriber).dates).eligibility_end AS member_357,
       (p.dates).eligibility_begin AS eb_356, ((p.subscriber).dates).plan AS member_291,
       p.finding_kind, p.finding
FROM docs d, costshare.parse_271(d.doc, 'lenient') p WHERE d.name LIKE '271%' ORDER BY d.name, p.segment;

ROLLBACK;
