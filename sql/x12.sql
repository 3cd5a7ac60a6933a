-- x12: the X12 SQL surface against every shared file under ../shared/data/x12-* (each parsed with the
-- values it states, or refused with an error naming the segment and position), hostile input, the
-- 270 round trip, loading 271s into the plan tables and posting 835s to the ledger.

SET datestyle = 'ISO, YMD';
\set SHOW_CONTEXT never

\i test/regress/try.sql

-- Every shared X12 file, read with psql from the repository root (where pg_regress runs psql).
CREATE TEMP TABLE docs (name text PRIMARY KEY, doc text NOT NULL);
\set f `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
INSERT INTO docs VALUES ('pokitdok 271', :'f');
\set f `cat ../shared/data/x12-pokitdok/mockpayer_270_raw.x12`
INSERT INTO docs VALUES ('pokitdok 270', :'f');
\set f `cat ../shared/data/x12-pokitdok/oop_insurance_estimate_response.json`
INSERT INTO docs VALUES ('pokitdok json', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check.271`
INSERT INTO docs VALUES ('lfh 271 subscriber', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/demo.271`
INSERT INTO docs VALUES ('lfh demo 271', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__dependent-health-benefit-check.271`
INSERT INTO docs VALUES ('lfh 271 dependent', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check-error.271`
INSERT INTO docs VALUES ('lfh 271 error', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/270_005010X279A1__subscriber-health-benefit-check.270`
INSERT INTO docs VALUES ('lfh 270 subscriber', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/270_005010X279A1__dependent-health-benefit-check.270`
INSERT INTO docs VALUES ('lfh 270 dependent', :'f');
\set f `cat ../shared/data/x12-linuxforhealth/demo-single-line.270`
INSERT INTO docs VALUES ('lfh demo 270', :'f');
\set f `cat ../shared/data/x12-badx12/X279-response-to-generic-request-by-clinic-for-patient-\(subscriber\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 271 subscriber', :'f');
\set f `cat ../shared/data/x12-badx12/X279-response-to-generic-request-by-physician-for-patient-\(dependent\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 271 dependent', :'f');
\set f `cat ../shared/data/x12-badx12/X279-error-response-from-payer-to-clinic-not-eligible-for-inquiries-with-payer.edi`
INSERT INTO docs VALUES ('badx12 271 aaa', :'f');
\set f `cat ../shared/data/x12-badx12/X279-generic-request-by-clinic-for-patient-\(subscriber\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 270 subscriber', :'f');
\set f `cat ../shared/data/x12-badx12/X279-generic-request-by-physician-for-patient-\(dependent\)-eligibility.edi`
INSERT INTO docs VALUES ('badx12 270 dependent', :'f');
\set f `cat ../shared/data/x12-badx12/bad_file.edi`
INSERT INTO docs VALUES ('badx12 bad_file', :'f');
\set f `cat ../shared/data/x12-badx12/error_validation.edi`
INSERT INTO docs VALUES ('badx12 error_validation', :'f');
\set f `cat ../shared/data/x12-badx12/segment_terminator.edi`
INSERT INTO docs VALUES ('badx12 segment_terminator', :'f');
\set f `cat ../shared/data/x12-badx12/unknown_segment_error.edi`
INSERT INTO docs VALUES ('badx12 unknown_segment', :'f');
\set f `cat ../shared/data/x12-835-linuxforhealth/secondary-payment.835`
INSERT INTO docs VALUES ('lfh 835 secondary', :'f');
\set f `cat ../shared/data/x12-835-linuxforhealth/managed-care.835`
INSERT INTO docs VALUES ('lfh 835 managed-care', :'f');
\set f `cat ../shared/data/x12-835-linuxforhealth/cob-contractural-adjustment.835`
INSERT INTO docs VALUES ('lfh 835 cob', :'f');
\set f `cat ../shared/data/x12-835-linuxforhealth/tertiary-payment.835`
INSERT INTO docs VALUES ('lfh 835 tertiary', :'f');
SELECT count(*) AS files FROM docs;

-- Every file through the parser its kind calls for, in both modes: rows, or the precise refusal.
SELECT d.name, m.mode, t.code, t.message, t.detail
FROM docs d
CROSS JOIN (VALUES ('strict'), ('lenient')) AS m(mode)
CROSS JOIN LATERAL pg_temp.try(format('SELECT count(*)::text || '' rows'' FROM costshare.%s(%L, %L)',
       CASE WHEN d.name LIKE '%835%' OR d.name LIKE '%error_validation%' THEN 'parse_835'
            WHEN d.name LIKE '%270%' OR d.name LIKE '%unknown_segment%' THEN 'parse_270'
            ELSE 'parse_271' END, d.doc, m.mode)) AS t
WHERE d.name <> 'pokitdok json'
ORDER BY d.name, m.mode DESC;

-- ==== 271 ==========================================================================================

-- pokitdok: the deductible and out-of-pocket totals and remaining, checked against the amounts its
-- companion JSON states (limit = EB06 23 or no EB06, remaining = EB06 29, applied = limit - remaining).
WITH eb AS (
    SELECT p.benefit, p.level, p.network, p.figure, p.amount
    FROM docs d, costshare.parse_271(d.doc) p
    WHERE d.name = 'pokitdok 271' AND p.benefit IN ('deductible', 'out_of_pocket')
), j AS (SELECT doc::jsonb -> 'eligibility' -> 'summary' AS s FROM docs WHERE name = 'pokitdok json')
SELECT k.benefit, l.level, n.network,
       t.amount AS total, r.amount AS remaining, t.amount - r.amount AS met,
       (j.s -> k.key -> l.key -> n.key -> 'limit' ->> 'amount')::numeric AS json_limit,
       (j.s -> k.key -> l.key -> n.key -> 'remaining' ->> 'amount')::numeric AS json_remaining,
       (j.s -> k.key -> l.key -> n.key -> 'applied' ->> 'amount')::numeric AS json_applied,
       t.amount = (j.s -> k.key -> l.key -> n.key -> 'limit' ->> 'amount')::numeric
         AND r.amount = (j.s -> k.key -> l.key -> n.key -> 'remaining' ->> 'amount')::numeric
         AND t.amount - r.amount = (j.s -> k.key -> l.key -> n.key -> 'applied' ->> 'amount')::numeric AS agrees
FROM j,
     (VALUES ('deductible', 'deductible'), ('out_of_pocket', 'out_of_pocket')) AS k(benefit, key),
     (VALUES ('individual', 'individual'), ('family', 'family')) AS l(level, key),
     (VALUES ('in', 'in_network'), ('out', 'out_of_network')) AS n(network, key),
     eb t, eb r
WHERE t.benefit = k.benefit AND t.level = l.level AND t.network = n.network AND t.figure = 'total'
  AND r.benefit = k.benefit AND r.level = l.level AND r.network = n.network AND r.figure = 'remaining'
ORDER BY 1, 2 DESC, 3;

-- pokitdok: its context, copays, coinsurance and messages
SELECT p.interchange_control, p.group_control, p.transaction_control, p.reference,
       (p.payer).last_name AS payer, (p.payer).id AS payer_id, (p.provider).last_name AS provider, p.provider_npi,
       (p.subscriber).last_name, (p.subscriber).first_name, (p.subscriber).id AS member_id,
       (p.subscriber).birth_date, (p.subscriber).gender, (p.subscriber).group_number, (p.subscriber).group_name
FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = 'pokitdok 271' LIMIT 1;
SELECT p.segment, p.info, p.coverage_level, p.service_types, p.insurance_type, p.plan_description,
       p.amount, p.percent, p.authorization, p.in_network, p.benefit, p.network, cardinality(p.messages) AS msgs,
       p.messages[1] AS first_message, (p.dates).plan_begin, (p.dates).eligibility_begin, (p.dates).eligibility
FROM docs d, costshare.parse_271(d.doc) p
WHERE d.name = 'pokitdok 271' AND p.benefit NOT IN ('deductible', 'out_of_pocket')
ORDER BY p.segment;

-- LinuxForHealth subscriber 271 (demo.271 is the same text: same rows)
SELECT p.segment, p.loop, p.info, p.service_types, p.insurance_type, p.plan_description, p.time_period,
       p.amount, p.in_network, p.benefit, p.network,
       (SELECT string_agg(format('%s %s %s %s', r.entity, r.last_name, r.first_name, r.id), '; ') FROM unnest(p.related) r) AS related
FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = 'lfh 271 subscriber' ORDER BY p.segment;
SELECT (p.subscriber).last_name, (p.subscriber).first_name, (p.subscriber).id, (p.subscriber).birth_date,
       (p.subscriber).trace, (p.subscriber).trace_originator, ((p.subscriber).dates).plan_begin,
       (p.payer).last_name AS payer, (p.provider).id_qualifier, (p.provider).id AS provider_id, p.interchange_control
FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = 'lfh 271 subscriber' LIMIT 1;
SELECT (SELECT array_agg(p ORDER BY p.segment)::text FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = 'lfh 271 subscriber')
     = (SELECT array_agg(p ORDER BY p.segment)::text FROM docs d, costshare.parse_271(d.doc) p WHERE d.name = 'lfh demo 271')
       AS demo_same;

-- dependents (LinuxForHealth and the TR3 example with '>' repetitions)
SELECT d.name, p.loop, p.info, cardinality(p.service_types) AS types, p.service_types[10] AS last_type,
       (p.dependent).first_name, (p.dependent).birth_date, (p.dependent).gender, (p.dependent).relationship,
       (p.subscriber).first_name AS subscriber_first
FROM docs d, costshare.parse_271(d.doc) p
WHERE d.name IN ('lfh 271 dependent', 'badx12 271 dependent', 'badx12 271 subscriber') AND p.info = '1'
   OR d.name IN ('lfh 271 dependent', 'badx12 271 dependent', 'badx12 271 subscriber') AND cardinality(p.service_types) = 10
ORDER BY d.name, p.segment;

-- AAA rejections come back as rows marked as such (with reason and follow-up), in every mode
SELECT d.name, p.record_kind, p.loop, p.segment, p.segment_id, p.valid_request, p.reject_reason, p.follow_up,
       (p.payer).last_name AS payer, p.info
FROM docs d, costshare.parse_271(d.doc, 'lenient') p
WHERE d.name IN ('badx12 271 aaa', 'lfh 271 error')
ORDER BY d.name, p.segment;

-- a rejection in the subscriber loop and one in an EB loop (a synthetic 271 built from the TR3 example)
CREATE TEMP TABLE aaa_doc AS
SELECT replace(replace(replace(doc, 'DMG*D8*19630519*M~', 'DMG*D8*19630519*M~AAA*Y**58*C~'),
               'EB*L~', 'EB*L~AAA*N**42*R~'), 'SE*22*', 'SE*24*') AS doc
FROM docs WHERE name = 'lfh 271 subscriber';
SELECT p.record_kind, p.loop, p.segment_id, p.reject_reason, p.follow_up, p.info, (p.subscriber).last_name IS NOT NULL AS has_subscriber
FROM aaa_doc a, costshare.parse_271(a.doc, 'lenient') p ORDER BY p.segment;

-- ==== 835 ==========================================================================================

-- secondary-payment: domain.md row 16 (allowed 500.00, PR-1 150.00, PR-2 70.00, CO-42 85.00, paid 280.00)
SELECT p.record_kind, p.segment, p.claim_id, p.claim_status, p.claim_charge, p.claim_paid, p.patient_responsibility,
       p.line_number, p.procedure_qualifier, p.procedure_code, p.modifiers, p.alternate_separator,
       p.charge, p.paid, p.allowed, p.units, p.service, p.imbalance, p.pr_deductible, p.pr_coinsurance, p.pr_copay,
       p.lines, p.adjustment_total, p.patient_total, p.finding_kind
FROM docs d, costshare.parse_835(d.doc, 'lenient') p WHERE d.name = 'lfh 835 secondary';
SELECT p.segment, a.group_code, a.reason, a.amount
FROM docs d, costshare.parse_835(d.doc, 'lenient') p, unnest(coalesce(p.adjustments, p.claim_adjustments)) a
WHERE d.name = 'lfh 835 secondary' ORDER BY p.segment, a.reason;
SELECT p.handling, p.payment_amount, p.credit_debit, p.payment_method, p.payment_date, p.trace, p.production_date,
       p.payer_name, p.payee_name, p.payee_id_qualifier, p.payee_id, (p.patient).last_name AS patient,
       p.statement, p.coverage_amount
FROM docs d, costshare.parse_835(d.doc, 'lenient') p WHERE d.name = 'lfh 835 secondary' LIMIT 1;
-- the findings rows: segment, position and kind
SELECT p.segment, p.segment_id, p.byte_offset, p.finding_kind, p.finding
FROM docs d, costshare.parse_835(d.doc, 'lenient') p WHERE d.name = 'lfh 835 secondary' AND p.record_kind = 'finding';

-- cob-contractural-adjustment: a negative OA-94
SELECT p.record_kind, p.claim_id, p.charge, p.paid, p.imbalance,
       (SELECT string_agg(format('%s-%s %s', a.group_code, a.reason, a.amount), ', ') FROM unnest(p.adjustments) a) AS cas
FROM docs d, costshare.parse_835(d.doc, 'lenient') p WHERE d.name = 'lfh 835 cob';

-- error_validation (an 835 with every trailer wrong): lenient rows and findings
SELECT p.record_kind, p.segment, p.segment_id, p.claim_id, p.charge, p.paid, p.finding_kind
FROM docs d, costshare.parse_835(d.doc, 'lenient') p WHERE d.name = 'badx12 error_validation' ORDER BY p.record_kind, p.segment;

-- ==== 270 ==========================================================================================

SELECT d.name, p.interchange_control, p.reference, (p.payer).last_name AS payer, (p.provider).last_name AS provider,
       (p.subscriber).last_name, (p.subscriber).id, p.subscriber_birth, (p.dependent).first_name AS dependent,
       p.dependent_birth, p.trace, p.service, p.service_types
FROM docs d, costshare.parse_270(d.doc) p
WHERE d.name LIKE '%270%' ORDER BY d.name;

-- build_270 -> parse_270 gives back the same values: subscriber, then dependent
CREATE TEMP TABLE built AS
SELECT 1 AS id, costshare.build_270(
    sender_id => 'CLINIC01', receiver_id => 'PAYERX', interchange_control => 4711,
    created => '2025-03-01 09:30', reference => 'REQ-4711', payer_name => 'ACME HEALTH', payer_id => '60054',
    provider_name => 'RIVER CLINIC', provider_npi => '1234567893', trace => 'TR-4711',
    trace_originator => '9876543210', subscriber_last => 'DOE', subscriber_first => 'JANE',
    subscriber_id => 'W123456789', subscriber_birth => '1980-02-29', service_types => '{30,MH,A6}',
    service_date => '2025-03-03') AS doc
UNION ALL
SELECT 2, costshare.build_270(
    sender_id => 'CLINIC01', receiver_id => 'PAYERX', interchange_control => 4712, group_control => 9,
    transaction_control => 12, created => '2025-03-01 23:59', reference => 'REQ-4712',
    payer_name => 'ACME HEALTH', payer_id => '60054', provider_name => 'SMALL', provider_first => 'ANNA',
    provider_npi => '1234567893', trace => 'TR-4712', trace_originator => '9876543210',
    subscriber_last => 'DOE', subscriber_id => 'W123456789', service_types => '{98}',
    dependent_last => 'DOE', dependent_first => 'TIM', dependent_birth => '2012-07-04',
    production => true, line_breaks => true);
SELECT id, doc FROM built ORDER BY id;
SELECT b.id, p.sender_id, p.receiver_id, p.usage, p.interchange_control, p.group_control, p.transaction_control,
       p.reference, p.created, p.created_time, (p.payer).last_name, (p.payer).id, p.provider, p.subscriber,
       p.subscriber_birth, p.dependent, p.dependent_birth, p.trace, p.trace_originator, p.service, p.service_types
FROM built b, costshare.parse_270(b.doc) p ORDER BY b.id;

-- builder refusals name the field, never its value
SELECT t.code, t.message, t.detail, t.hint, t.detail LIKE '%DOE%' OR t.detail LIKE '%W123%' AS leaks
FROM (VALUES
  ($$SELECT costshare.build_270('CLINIC01', 'PAYERX', 1, '2025-03-01', 'R', 'P', '60054', 'C', '123', 'T', '9876543210', 'DOE', 'W123456789', '{30}')$$),
  ($$SELECT costshare.build_270('CLINIC01', 'PAYERX', 1, '2025-03-01', 'R', 'P', '60054', 'C', '1234567893', 'T', '9876543210', 'DOE*X', 'W123456789', '{30}')$$),
  ($$SELECT costshare.build_270('CLINIC01', 'PAYERX', 1, '2025-03-01', 'R', 'P', '60054', 'C', '1234567893', 'T', '9876543210', 'DOE', 'W123456789', '{}')$$),
  ($$SELECT costshare.build_270('CLINIC01', 'PAYERX', 0, '2025-03-01', 'R', 'P', '60054', 'C', '1234567893', 'T', '9876543210', 'DOE', 'W123456789', '{30}')$$),
  ($$SELECT costshare.build_270('CLINIC01', 'PAYERX', 1, NULL, 'R', 'P', '60054', 'C', '1234567893', 'T', '9876543210', 'DOE', 'W123456789', '{30}')$$),
  ($$SELECT costshare.build_270('CLINIC01', 'PAYERX', 1, '2025-03-01', 'R', 'P', '60054', 'C', '1234567893', 'T', '9876543210', 'DOE', 'W123456789', '{30}', subscriber_birth => 'infinity')$$)
) AS c(q), pg_temp.try(c.q) t;

-- ==== hostile input ================================================================================

CREATE TEMP TABLE hostile (label text, doc text);
INSERT INTO hostile
SELECT 'truncated after the EB', left(doc, strpos(doc, 'EB*C*IND*30***29') + 10) FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'wrong SE count', replace(doc, 'SE*66*0001', 'SE*65*0001') FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'wrong IEA control', replace(doc, 'IEA*1*000000001', 'IEA*1*000000002') FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'unknown segment', replace(doc, 'MSG*INT MED AND RX~EB*C*IND', 'ZZZ*1~MSG*INT MED AND RX~EB*C*IND') FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'bad amount', replace(doc, '*5956.09*', '*59X6.09*') FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'bad birth date', replace(doc, 'DMG*D8*19700101', 'DMG*D8*19701341') FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'binary junk', string_agg(chr(1 + (g * 37) % 126), '') FROM generate_series(1, 3000) g
UNION ALL SELECT 'binary after a valid ISA', left(doc, 106) || repeat(E'\x01\x02\x7f', 500) FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'huge segment', replace(doc, 'MSG*PRIMARY OFFICE', 'MSG*' || repeat('A', 100000)) FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'too many elements', replace(doc, 'MSG*PRIMARY OFFICE', 'MSG' || repeat('*A', 100)) FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'eleven MSG in one EB', replace(doc, 'MSG*PRIMARY OFFICE', repeat('MSG*X~', 10) || 'MSG*PRIMARY OFFICE') FROM docs WHERE name = 'pokitdok 271'
UNION ALL SELECT 'empty', ''
UNION ALL SELECT 'only whitespace', E'  \n\t ';
SELECT h.label, m.mode, t.code, t.message, t.detail, t.hint,
       coalesce(t.message || t.detail, '') ~ '(DOE|JOHN|00000000001|19700101)' AS leaks
FROM hostile h CROSS JOIN (VALUES ('strict'), ('lenient')) AS m(mode),
     pg_temp.try(format('SELECT count(*)::text || '' rows'' FROM costshare.parse_271(%L, %L)', h.doc, m.mode)) t
ORDER BY h.label, m.mode DESC;
-- the unknown segment in lenient mode: the finding names it, the rows are all there
SELECT p.record_kind, count(*), min(p.finding) AS finding
FROM hostile h, costshare.parse_271(h.doc, 'lenient') p WHERE h.label = 'unknown segment' GROUP BY 1 ORDER BY 1;

-- deeply repeated loops: 20000 EB loops in one document stream through in bounded memory
CREATE TEMP TABLE big AS
SELECT replace(doc, 'SE*66*0001', 'SE*' || (66 + 2 * 20000) || '*0001')
       || '' AS doc0, doc FROM docs WHERE name = 'pokitdok 271';
UPDATE big SET doc = replace(doc0, 'EB*G*FAM*30***29*24956.09*****N~',
                             'EB*G*FAM*30***29*24956.09*****N~' || repeat('EB*B*IND*98****25*****Y~MSG*X~', 20000));
SELECT count(*) AS rows, count(*) FILTER (WHERE p.amount = 25) AS copays, sum(p.amount) AS total
FROM big, costshare.parse_271(big.doc) p;
-- a wrong mode word
SELECT * FROM pg_temp.try($$SELECT count(*)::text FROM costshare.parse_271('', 'loose')$$);
-- NULLs: STRICT functions return no rows
SELECT count(*) FROM costshare.parse_271(NULL);
SELECT count(*) FROM costshare.parse_835(NULL, 'lenient');

-- a whole table of documents in one query (LATERAL), rows per file
SELECT d.name, count(p.*) AS rows, count(*) FILTER (WHERE p.record_kind = 'rejection') AS rejections
FROM docs d CROSS JOIN LATERAL costshare.parse_271(d.doc, 'lenient') p
WHERE d.name LIKE '%271%' GROUP BY d.name ORDER BY d.name;

-- ==== loading a 271 ================================================================================

INSERT INTO costshare.payer (payer_id, name) VALUES ('MOCKPAYER', 'Mock Payer');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-advantage', 'MOCKPAYER', 'Mock Individual Advantage');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('m-john', 'John', 'Doe', '1970-01-01'),
  ('m-jane', 'Jane', 'Doe', '1972-03-04');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('m-john', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'self', 'family', '000-000-000-01'),
       ('m-jane', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'spouse', 'family', '000-000-000-02');

-- the member is attached by normalised payer member id and birth date (one function does it)
SELECT costshare.x12_attach_member('00000000001', '1970-01-01') AS by_id_and_birth,
       costshare.x12_attach_member('00000000001', '1970-01-02') AS wrong_birth,
       costshare.x12_attach_member('000 000 000 01', NULL) AS id_only,
       costshare.x12_attach_member('99', NULL) AS unknown;
-- with names: an id the name does not contradict; a name the id contradicts (Jane under John's id:
-- not John); no id but the same names and birth date (member matching); a payer's spelling of the
-- name; names alone without a birth date are not enough
SELECT costshare.x12_attach_member('00000000001', NULL, 'JOHN', 'DOE') AS id_and_name,
       costshare.x12_attach_member('00000000001', NULL, 'JANE', 'SMITH') AS id_contradicted_by_name,
       costshare.x12_attach_member(NULL, '1972-03-04', 'JANE', 'DOE') AS names_and_birth,
       costshare.x12_attach_member('XYZ', '1972-03-04', 'JANÉ', 'DOE') AS unknown_id_names_and_birth,
       costshare.x12_attach_member(NULL, NULL, 'JANE', 'DOE') AS names_only;

-- a failed load changes nothing: the first attempt names nobody the practice has (another member id,
-- and a name that matches no one either)
SELECT * FROM pg_temp.try($$SELECT costshare.load_271(replace(doc, 'NM1*IL*1*DOE*JOHN****MI*00000000001~', 'NM1*IL*1*ROE*RICHARD****MI*12345~'), '2013-06-01')::text FROM docs WHERE name = 'pokitdok 271'$$);
SELECT (SELECT count(*) FROM costshare.x12_load) AS loads, (SELECT count(*) FROM costshare.eligibility_benefit) AS benefits,
       (SELECT count(*) FROM costshare.accumulator_snapshot) AS snapshots;

SELECT l.* FROM docs, costshare.load_271(doc, '2013-06-01') l WHERE name = 'pokitdok 271';
-- a second load of the same interchange from the same payer changes nothing and says so
SELECT l.* FROM docs, costshare.load_271(doc, '2013-07-01') l WHERE name = 'pokitdok 271';
SELECT family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met, source
FROM costshare.accumulator_snapshot ORDER BY member_id NULLS LAST, bucket;
SELECT member_id, segment, benefit, level, network, figure, service_types, amount, percent, auth_required,
       group_number, group_name, plan_period, eligibility_period, cardinality(messages) AS msgs
FROM costshare.eligibility_benefit ORDER BY segment;

-- a carve-out (EB U with its 2120 entity), an other payer (EB R), a visit limit, prior auth, and an
-- AAA in the subscriber loop: recorded as a rejection, never as coverage
SELECT l.* FROM docs, costshare.load_271(replace(replace(replace(replace(doc, '*000000001*0*P', '*000000002*0*P'), 'IEA*1*000000001', 'IEA*1*000000002'),
        'EB*G*FAM*30****25000*****N~',
        'EB*G*FAM*30****25000*****N~EB*U*IND*MH~LS*2120~NM1*VN*2*OPTUM BEHAVIORAL HEALTH*****PI*87726~LE*2120~EB*R*IND*30*C1~LS*2120~NM1*PRP*2*OTHER HEALTH PLAN*****PI*OTHER1~LE*2120~EB*F*IND*A6****27**VS*20*Y~'),
        'SE*66*', 'SE*75*'), '2013-06-02') l
WHERE name = 'pokitdok 271';
SELECT benefit, info, service_types, quantity_qualifier, quantity, auth_required,
       (SELECT string_agg(format('%s %s %s', r.entity, r.last_name, r.id), '; ') FROM unnest(related) r) AS related
FROM costshare.eligibility_benefit WHERE interchange_control = '000000002' AND info IN ('U', 'R', 'F') ORDER BY segment;
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('123-456-789', 'John', 'Smith', '1963-05-19');
SELECT l.* FROM aaa_doc, costshare.load_271(doc, '2006-05-01') l;
SELECT l.* FROM docs, costshare.load_271(doc, '2006-05-01') l WHERE name = 'badx12 271 aaa';
-- rejections never become coverage: no benefit rows for the rejected interchanges' EBs beyond what was sent
SELECT count(*) AS benefits_of_aaa_only_doc FROM costshare.eligibility_benefit WHERE interchange_control = '000010216';
SELECT member_id, loop, reject_reason, follow_up, info FROM costshare.eligibility_rejection ORDER BY segment;

-- ==== posting an 835 ===============================================================================

INSERT INTO costshare.payer (payer_id, name) VALUES ('TAXPAYER', 'Your Tax Dollars At Work');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('tax-ppo', 'TAXPAYER', 'PPO');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-baki', 'Pat', 'Baki', '1960-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
VALUES ('m-baki', 'm-baki', 'fam-baki', 'tax-ppo', '[2005-01-01,2006-01-01)', '456789123');
-- the secondary-payment 835 with ISA16 '>' (what its SVC composites use), its claim 1 patient on file too
CREATE TEMP TABLE remit AS
SELECT replace(doc, '*T*:~', '*T*>~') AS doc FROM docs WHERE name = 'lfh 835 secondary';
SELECT DISTINCT (patient).id, (patient).last_name FROM remit, costshare.parse_835(remit.doc) ORDER BY 1;
-- an estimate of line 2 of claim 0001000053 posted earlier, to be trued up
SELECT costshare.post_claim_line('0001000053', 1, 2, 'estimated', 'm-baki', 'tax-ppo', '2005-01-06', 100.00, 0, 50.00);
SELECT * FROM pg_temp.try($$SELECT count(*)::text FROM remit, costshare.post_835(remit.doc)$$);
-- nothing was posted by the failed attempt (claim 1's patient is TOWNSEND, not on file)
SELECT count(*) AS ledger_rows, (SELECT count(*) FROM costshare.x12_load WHERE kind = '835') AS loads FROM costshare.accumulator_ledger;
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-townsend', 'T', 'Townsend', '1950-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
VALUES ('m-townsend', 'm-townsend', 'fam-t', 'tax-ppo', '[2005-01-01,2006-01-01)', 'XXX-123456789');
SELECT p.* FROM remit, costshare.post_835(remit.doc) p;
SELECT p.* FROM remit, costshare.post_835(remit.doc) p;
SELECT claim_id, claim_version, line_no, status, member_id, service_date, deductible, copay, coinsurance, adjudicated_on
FROM costshare.accumulator_ledger ORDER BY claim_id, line_no, claim_version;
SELECT claim_id, line_no, estimate_version, final_version, estimated_deductible, estimated_coinsurance,
       final_deductible, final_coinsurance, difference FROM costshare.claim_trueup;
-- a reversal (claim status 22) of claim 0001000053 in a later interchange
SELECT p.* FROM remit, costshare.post_835(replace(replace(remit.doc, '000000907', '000000908'),
    'CLP*0001000053*2*', 'CLP*0001000053*22*')) p
ORDER BY p.claim_id, p.line_no;
SELECT claim_id, line_no, claim_version, status, deductible, coinsurance
FROM costshare.accumulator_ledger WHERE claim_id = '0001000053' ORDER BY line_no, claim_version;

-- ==== members referenced by X12 rows ===============================================================
-- eligibility_benefit and eligibility_rejection refer to costshare.member.  A refused write or delete
-- names the table, never the member: the foreign keys' own errors would quote the key.
BEGIN;
CREATE TEMP TABLE leaks (label text, code text, message text, detail text, hint text);
INSERT INTO leaks SELECT 'delete a member with an enrollment', t.* FROM pg_temp.try($$DELETE FROM costshare.member WHERE member_id = 'm-john' RETURNING member_id$$) t;
DELETE FROM costshare.enrollment WHERE subscriber_id = 'm-john';
INSERT INTO leaks SELECT 'delete a member with benefits', t.* FROM pg_temp.try($$DELETE FROM costshare.member WHERE member_id = 'm-john' RETURNING member_id$$) t;
INSERT INTO leaks SELECT 'change the key of a member with benefits', t.* FROM pg_temp.try($$UPDATE costshare.member SET member_id = 'm-johnny' WHERE member_id = 'm-john' RETURNING member_id$$) t;
DELETE FROM costshare.eligibility_benefit WHERE member_id = '123-456-789';
INSERT INTO leaks SELECT 'delete a member with rejections', t.* FROM pg_temp.try($$DELETE FROM costshare.member WHERE member_id = '123-456-789' RETURNING member_id$$) t;
INSERT INTO leaks SELECT 'benefit of an unknown member', t.* FROM pg_temp.try($$INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, info, service_types) VALUES ('m-nobody', 'MOCKPAYER', '9', 1, '2013-06-01', '1', '{30}') RETURNING member_id$$) t;
INSERT INTO leaks SELECT 'rejection moved to an unknown member', t.* FROM pg_temp.try($$UPDATE costshare.eligibility_rejection SET member_id = 'm-nobody' WHERE member_id = '123-456-789' RETURNING member_id$$) t;
SELECT label, code, message, detail, hint,
       concat_ws(' ', message, detail, hint) ~ '(m-john|123-456-789|m-nobody|DOE|SMITH|1970-01-01)' AS leaks
FROM leaks ORDER BY label;
-- without the rows that refer to it, the member goes (its payer-reported snapshots have no key to it)
DELETE FROM costshare.eligibility_benefit WHERE member_id = 'm-john';
SELECT * FROM pg_temp.try($$DELETE FROM costshare.member WHERE member_id = 'm-john' RETURNING member_id$$);
-- a rejection without a member (NULL: no member matched) is allowed
SELECT * FROM pg_temp.try($$UPDATE costshare.eligibility_rejection SET member_id = NULL WHERE member_id = '123-456-789' RETURNING coalesce(member_id, 'no member')$$);
ROLLBACK;
-- leave nothing behind for the suites that run after this one in any order (ledger lines, 271 loads,
-- true-ups, snapshots): the practice emptied, as each suite that needs data sets up its own
\set cs_quiet 1
BEGIN;
\i test/regress/empty_practice.sql
SET LOCAL costshare.allow_ledger_truncate = on;
TRUNCATE costshare.x12_load, costshare.claim_trueup;
COMMIT;
\unset cs_quiet
