-- hostile_sweep: every function of the costshare schema, read from pg_proc (a new one is covered without
-- editing this file), called as a hostile user would call it. From a valid baseline (the sample practice,
-- test/regress/sample_practice.sql, and the sample files), one argument at a time is replaced by each
-- hostile value of its type: NULL; numeric NaN, +-Infinity, -0.01, 0.001, 1e20, 99999999999999.99;
-- dates and timestamps +-infinity, 4713-01-01 BC, 294276-12-31; text '', ' ', 10 kB, a control
-- character, 'é', an emoji; integers 0, -1, their limits; arrays empty, {NULL}, two-dimensional, with a
-- NULL element and with hostile elements; composites NULL, ROW of NULLs, one numeric field NaN or
-- Infinity at a time, all numeric fields negative. Each call runs in its own subtransaction (successful
-- ones are rolled back too, so a loader's rows do not change the next call).
-- Asserted (violations are listed by signature, argument, value and SQLSTATE only, never a message):
--   internal     no call ends with an error of class XX or 58;
--   unspecific   every error has a specific SQLSTATE: not P0001 (RAISE without a code), not a class-only
--                code (xx000; 0A000 is its class's only condition), not 42883 (a function our own body
--                did not find);
--   leak         no message, detail, hint or context contains a fixture member's id, name, birth date,
--                family id or payer member id;
--   accepted     NaN and +-Infinity, as an argument, a composite's field or an array's element, are
--                refused wherever a numeric is accepted, never silently taken; again with an unknown
--                member, where nothing is priced;
--   syntax       no argument but a query (estimate_many_query's) ends in a syntax error (42601): text
--                with quotes or an identifier's end never reaches SQL unquoted.
-- Not called: trigger and event-trigger functions (the server refuses a direct call: they run only as
-- triggers) and the aggregates' support functions (their first argument and result are "internal",
-- which SQL cannot construct); the aggregates themselves are called, as SELECT agg(...).
SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set plans `cat sample/plans.csv`
\set members `cat sample/members.csv`
\set providers `cat sample/providers.csv`
\set fees `cat sample/fees.csv`
\set x270 `cat ../shared/data/x12-linuxforhealth/270_005010X279A1__subscriber-health-benefit-check.270`
\set x271 `cat ../shared/data/x12-linuxforhealth/271_005010X279A1__subscriber-health-benefit-check.271`
\set x835 `cat ../shared/data/x12-835-linuxforhealth/secondary-payment.835`
\set rvu `cat ../shared/data/cms-pfs-2025/PPRRVU2025_Oct_subset.csv`
\set gpci `cat ../shared/data/cms-pfs-2025/GPCI2025.csv`
\set locco `cat ../shared/data/cms-pfs-2025/25LOCCO.csv`
BEGIN;
\i test/regress/sample_practice.sql
\set ECHO none
-- the sample plans too (the members, providers and fee files name them)
\o /dev/null
SELECT costshare.load_plans_csv(:'plans');
\o
CREATE TEMP TABLE hs_doc (k text PRIMARY KEY, v text NOT NULL);
INSERT INTO hs_doc VALUES ('plans', :'plans'), ('members', :'members'), ('providers', :'providers'),
    ('fees', :'fees'), ('x270', :'x270'), ('x271', :'x271'), ('x835', :'x835'), ('rvu', :'rvu'),
    ('gpci', :'gpci'), ('locco', :'locco');

-- Baselines: by function and argument name, then by argument name (and type), then the function's own
-- default, then by type. A baseline need not be accepted: the functions whose baseline call is refused
-- are listed at the end (a hostile value then meets only their first checks).
CREATE TEMP TABLE hs_base (proname text, argname text, typ regtype NOT NULL, expr text NOT NULL);
INSERT INTO hs_base VALUES
  -- the error estimate_many_failed (internal) reports for a failed family group
  ('estimate_many_failed', 'sqlstate', 'text', '''22003'''),
  ('estimate_many_failed', 'message', 'text', '''stored amount out of range'''),
  -- a later payer's batch arguments: the member's payments (batch_paid) or the family's earlier lines
  -- (earlier), never both (sql/batch_cob.sql calls earlier with hostile elements)
  ('coordinate_second', 'earlier', 'costshare.batch_271_line[]', 'NULL::costshare.batch_271_line[]'),
  ('coordinate_third', 'earlier', 'costshare.batch_271_line[]', 'NULL::costshare.batch_271_line[]'),
  -- by type
  (NULL, NULL, 'numeric', '100.00'), (NULL, NULL, 'integer', '1'), (NULL, NULL, 'bigint', '1'),
  (NULL, NULL, 'text', '''x'''), (NULL, NULL, 'date', 'date ''2026-10-05'''),
  (NULL, NULL, 'timestamptz', 'timestamptz ''2026-10-05 12:00+00'''),
  (NULL, NULL, 'timestamp', 'timestamp ''2026-10-05 12:00'''), (NULL, NULL, 'boolean', 'false'),
  (NULL, NULL, 'daterange', 'daterange ''[2026-01-01,2027-01-01)'''), (NULL, NULL, 'jsonb', 'jsonb ''{}'''),
  (NULL, NULL, 'oid', '0'), (NULL, NULL, 'regclass', '''costshare.member''::regclass'),
  (NULL, NULL, 'costshare.terms', 'costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000, copay => 20)'),
  (NULL, NULL, 'costshare.accum', 'costshare.accum(ded_individual_met => 100, oop_individual_met => 100)'),
  (NULL, NULL, 'costshare.breakdown', 'costshare.adjudicate(150.00, costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000), costshare.accum(ded_individual_met => 100), 200.00)'),
  (NULL, NULL, 'costshare.estimate_result', 'costshare.estimate(''M-ALVAREZ-1'', ''2026-10-05'', ''90837'', ''1222222223'', ''11'')'),
  (NULL, NULL, 'costshare.coordination', 'costshare.coordinate(costshare.adjudicate(150.00, costshare.terms(ded_individual => 1500, coinsurance => 0.2), NULL, 200.00), costshare.terms(copay => 20))'),
  (NULL, NULL, 'costshare.eligibility_facts', 'ROW(true, true, true, true, false, date ''1984-03-02'', date ''2026-10-05'', 26, true, true, false, false, true, 30, 1, false, false)::costshare.eligibility_facts'),
  (NULL, NULL, 'costshare.benefit_271_row', 'ROW(''copay'', ''in'', ''individual'', NULL, 1, 20.00, NULL, NULL, false, 1)::costshare.benefit_271_row'),
  (NULL, NULL, 'costshare.batch_271_line', 'ROW(''M-ALVAREZ-1'', ''F-ALVAREZ'', ''ACME-PPO'', ''ACME'', ''mh_psychotherapy'', date ''2026-10-01'', 0.00, 20.00, 10.00, 1, 150.00, 120.00, ''in'', NULL, NULL)::costshare.batch_271_line'),
  (NULL, NULL, 'costshare.appointment', 'ROW(1, ''M-ALVAREZ-1'', date ''2026-10-05'', ''90837'', ''1222222223'', ''11'', 200.00)::costshare.appointment'),
  -- by argument name: the sample practice's Maria Alvarez, her PsyD, 90837 in the office
  (NULL, 'member', 'text', '''M-ALVAREZ-1'''), (NULL, 'member_id', 'text', '''M-ALVAREZ-1'''),
  (NULL, 'member_ids', 'text[]', 'ARRAY[''M-ALVAREZ-1'', ''M-ALVAREZ-2'']'),
  (NULL, 'candidate_member_ids', 'text[]', 'ARRAY[''M-ALVAREZ-1'']'),
  (NULL, 'first_name', 'text', '''Maria'''), (NULL, 'last_name', 'text', '''Alvarez'''),
  (NULL, 'candidate_first_name', 'text', '''Maria'''), (NULL, 'candidate_last_name', 'text', '''Alvarez'''),
  (NULL, 'birth_date', 'date', 'date ''1984-03-02'''), (NULL, 'candidate_birth_date', 'date', 'date ''1984-03-02'''),
  (NULL, 'subscriber_birth', 'date', 'date ''1984-03-02'''), (NULL, 'family_id', 'text', '''F-ALVAREZ'''),
  (NULL, 'service_date', 'text', '''2026-10-05'''),
  (NULL, 'service_code', 'text', '''90837'''), (NULL, 'code', 'text', '''90837'''), (NULL, 'hcpcs', 'text', '''90837'''),
  (NULL, 'provider', 'text', '''1222222223'''), (NULL, 'provider_id', 'text', '''1222222223'''),
  (NULL, 'provider_npi', 'text', '''1222222223'''),
  (NULL, 'place_of_service', 'text', '''11'''), (NULL, 'billed', 'numeric', '200.00'),
  (NULL, 'allowed', 'numeric', '150.00'), (NULL, 'plan_id', 'text', '''ACME-PPO'''),
  (NULL, 'payer_id', 'text', '''ACME'''), (NULL, 'category', 'text', '''mh_psychotherapy'''),
  (NULL, 'locale', 'text', '''en-US'''), (NULL, 'network', 'text', '''in'''), (NULL, 'status', 'text', '''final'''),
  (NULL, 'method', 'text', '''standard'''), (NULL, 'claim_id', 'text', '''CLM-HOSTILE-1'''),
  (NULL, 'year', 'integer', '2025'), (NULL, 'file_year', 'integer', '2025'),
  (NULL, 'coinsurance', 'numeric', '0.2'), (NULL, 'percent', 'numeric', '100'),
  (NULL, 'name', 'text', '''Alvarez'''), (NULL, 'line_totals', 'numeric[]', 'ARRAY[150.00, 80.00]'),
  (NULL, 'amounts', 'numeric[]', 'ARRAY[150.00, 140.00, 160.00]'),
  (NULL, 'appointments', 'costshare.appointment[]', 'ARRAY[ROW(1, ''M-ALVAREZ-1'', date ''2026-10-05'', ''90837'', ''1222222223'', ''11'', 200.00), ROW(2, ''M-ALVAREZ-3'', date ''2026-10-06'', ''90834'', NULL, NULL, NULL)]::costshare.appointment[]'),
  (NULL, 'query', 'text', '''SELECT * FROM pg_catalog.unnest(ARRAY[ROW(1, ''''M-ALVAREZ-1'''', date ''''2026-10-05'''', ''''90837'''', ''''1222222223'''', ''''11'''', 200.00)]::costshare.appointment[])'''),
  (NULL, 'caller_search_path', 'text', '''pg_catalog'''),
  (NULL, 'sessions', 'jsonb', 'jsonb ''[{"code": "90837", "count": 2}]'''),
  (NULL, 'scheduled_on', 'date', 'date ''2026-12-07'''), (NULL, 'service_on', 'date', 'date ''2026-12-10'''),
  (NULL, 'issued_on', 'date', 'date ''2026-12-07'''), (NULL, 'practice_tin', 'text', '''123456789'''),
  (NULL, 'period_start', 'date', 'date ''2026-01-01'''), 
  (NULL, 'place_of_service_known', 'boolean', 'true'),
  (NULL, 'as_of', 'timestamptz', 'pg_catalog.now()'),
  (NULL, 'log_id', 'bigint', 'costshare.log_estimate(''M-ALVAREZ-1'', ''2026-10-05'', ''90837'', ''1222222223'', ''11'', 200.00, ''CLM-HOSTILE-1'')'),
  -- by function and argument name: the documents
  ('parse_270', 'doc', 'text', '(SELECT v FROM hs_doc WHERE k = ''x270'')'),
  ('parse_271', 'doc', 'text', '(SELECT v FROM hs_doc WHERE k = ''x271'')'),
  ('load_271', 'doc', 'text', '(SELECT v FROM hs_doc WHERE k = ''x271'')'),
  ('parse_835', 'doc', 'text', '(SELECT v FROM hs_doc WHERE k = ''x835'')'),
  ('post_835', 'doc', 'text', '(SELECT v FROM hs_doc WHERE k = ''x835'')'),
  ('parse_835', 'mode', 'text', '''lenient'''), ('post_835', 'mode', 'text', '''lenient'''),
  ('load_plans_csv', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''plans'')'),
  ('load_members_csv', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''members'')'),
  ('load_providers_csv', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''providers'')'),
  ('load_fees_csv', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''fees'')'),
  ('csv_rows', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''fees'')'),
  ('csv_records', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''fees'')'),
  ('load_medicare_rvu', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''rvu'')'),
  ('load_medicare_gpci', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''gpci'')'),
  ('load_medicare_locality', 'document', 'text', '(SELECT v FROM hs_doc WHERE k = ''locco'')'),
  ('csv_money', 'value', 'text', '''150.00'''), ('csv_boolean', 'value', 'text', '''yes'''),
  ('cms_decimal', 'value', 'text', '''1.5'''), ('csv_cell_problem', 'kind', 'text', '''money'''),
  ('csv_cell_problem', 'value', 'text', '''150.00'''),
  ('cob_key', 'relationship', 'text', '''self'''), ('cob_key', 'coverage_kind', 'text', '''active'''),
  ('parity_decide', 'requirement', 'text', '''copay'''),
  ('history_key', 'table_name', 'text', '''member'''),
  ('history_key', 'row_data', 'jsonb', 'jsonb ''{"member_id": "M-ALVAREZ-1"}'''),
  ('gfe_line', 'price', 'numeric', '150.00'), ('gfe_line', 'discount_rate', 'numeric', '0.1'),
  ('gfe_line', 'discount_amount', 'numeric', '0'),
  ('good_faith_estimate', 'period_end', 'date', 'date ''2026-12-31'''),
  ('medicare_fee', 'work_rvu', 'numeric', '2.0'), ('medicare_fee', 'pe_rvu', 'numeric', '1.0'),
  ('medicare_fee', 'mp_rvu', 'numeric', '0.1'), ('medicare_fee', 'work_gpci', 'numeric', '1.0'),
  ('medicare_fee', 'pe_gpci', 'numeric', '1.0'), ('medicare_fee', 'mp_gpci', 'numeric', '1.0'),
  ('medicare_fee', 'conversion_factor', 'numeric', '32.3465'), ('medicare_fee', 'percent', 'numeric', '1'),
  -- build_270: as sql/x12.sql builds its first request (the optional parties absent)
  ('build_270', 'sender_id', 'text', '''CLINIC01'''), ('build_270', 'receiver_id', 'text', '''PAYERX'''),
  ('build_270', 'interchange_control', 'bigint', '4711'), ('build_270', 'reference', 'text', '''REQ-4711'''),
  ('build_270', 'payer_name', 'text', '''ACME HEALTH'''), ('build_270', 'payer_id', 'text', '''60054'''),
  ('build_270', 'provider_name', 'text', '''RIVER CLINIC'''), ('build_270', 'provider_npi', 'text', '''1234567893'''),
  ('build_270', 'trace', 'text', '''TR-4711'''), ('build_270', 'trace_originator', 'text', '''9876543210'''),
  ('build_270', 'subscriber_last', 'text', '''Alvarez'''), ('build_270', 'subscriber_first', 'text', '''Maria'''),
  ('build_270', 'subscriber_id', 'text', '''ACM100200301'''), ('build_270', 'service_types', 'text[]', '''{30,MH}''::text[]'),
  ('build_270', 'subscriber_middle', 'text', 'NULL::text'), ('build_270', 'provider_first', 'text', 'NULL::text'),
  ('build_270', 'dependent_last', 'text', 'NULL::text'), ('build_270', 'dependent_first', 'text', 'NULL::text'),
  ('build_270', 'dependent_birth', 'date', 'NULL::date'), ('build_270', 'group_control', 'bigint', 'NULL::bigint'),
  ('build_270', 'transaction_control', 'bigint', 'NULL::bigint'), ('build_270', 'receiver_qualifier', 'text', 'NULL::text'),
  ('build_270', 'sender_qualifier', 'text', 'NULL::text');

-- Hostile values of the scalar types (arrays and composites are derived from their elements and fields).
-- "judged" marks the values a numeric must refuse.
CREATE TEMP TABLE hs_hostile (typ regtype NOT NULL, label text NOT NULL, expr text NOT NULL, judged boolean NOT NULL DEFAULT false);
INSERT INTO hs_hostile VALUES
  ('numeric', 'NaN', '''NaN''::numeric', true), ('numeric', 'Infinity', '''Infinity''::numeric', true),
  ('numeric', '-Infinity', '''-Infinity''::numeric', true), ('numeric', '-0.01', '-0.01', false),
  ('numeric', '0.001', '0.001', false), ('numeric', '1e20', '1e20', false),
  ('numeric', '99999999999999.99', '99999999999999.99', false),
  ('integer', '0', '0', false), ('integer', '-1', '-1', false),
  ('integer', 'max', '2147483647', false), ('integer', 'min', '(-2147483647 - 1)', false),
  ('bigint', '0', '0::bigint', false), ('bigint', '-1', '-1::bigint', false),
  ('bigint', 'max', '9223372036854775807', false), ('bigint', 'min', '(-9223372036854775807 - 1)', false),
  ('text', 'empty', '''''', false), ('text', 'blank', ''' ''', false),
  ('text', '10 kB', 'pg_catalog.repeat(''x'', 10240)', false), ('text', 'control', 'E''a\x01b''', false),
  ('text', 'é', '''é''', false), ('text', 'emoji', '''😀''', false),
  ('text', 'quotes', $$'x'' OR ''1''=''1'$$, false), ('text', 'identifier', $$'x"; SELECT 1; --'$$, false),
  ('boolean', 'true', 'true', false), ('boolean', 'false', 'false', false),
  ('oid', '0', '0::oid', false), ('oid', 'max', '4294967295::oid', false),
  ('regclass', 'pg_class', '''pg_catalog.pg_class''::regclass', false), ('regclass', '0', '0::regclass', false),
  ('jsonb', '[]', 'jsonb ''[]''', false), ('jsonb', 'null', 'jsonb ''null''', false),
  ('jsonb', '"x"', 'jsonb ''"x"''', false), ('jsonb', '1e400', 'jsonb ''1e400''', false),
  ('jsonb', '[{}]', 'jsonb ''[{}]''', false),
  ('daterange', 'empty', 'daterange ''empty''', false), ('daterange', '(,)', 'daterange ''(,)''', false),
  ('daterange', '[-infinity,infinity)', 'daterange ''[-infinity,infinity)''', false),
  ('daterange', '[4713-01-01 BC,294276-12-31]', 'daterange ''[4713-01-01 BC,294276-12-31]''', false);
INSERT INTO hs_hostile
SELECT t, v, pg_catalog.format('%L::%s', v, t::text), false
FROM unnest(ARRAY['date', 'timestamptz', 'timestamp']::regtype[]) t,
     unnest(ARRAY['infinity', '-infinity', '4713-01-01 BC', '294276-12-31']) v;

-- The fixture strings no message may contain: ids, names, birth dates (ISO, X12 and US forms).
CREATE TEMP TABLE hs_private AS
SELECT DISTINCT s FROM (
    SELECT unnest(ARRAY[member_id, first_name, last_name, birth_date::text,
                        pg_catalog.to_char(birth_date, 'YYYYMMDD'), pg_catalog.to_char(birth_date, 'MM/DD/YYYY')]) s
    FROM costshare.member
    UNION ALL
    SELECT unnest(ARRAY[family_id, payer_member_id]) FROM costshare.enrollment) x
WHERE s IS NOT NULL AND s <> '';

-- The baseline of one argument.
CREATE FUNCTION pg_temp.hs_baseline(f oid, i int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    p pg_proc;
    t regtype;
    n text;
    e text;
    ndef int;
BEGIN
    SELECT * INTO p FROM pg_proc WHERE oid = f;
    t := p.proargtypes[i - 1];
    n := p.proargnames[i];
    SELECT expr INTO e FROM hs_base WHERE proname = p.proname AND argname = n AND typ = t;
    IF e IS NULL THEN SELECT expr INTO e FROM hs_base WHERE proname IS NULL AND argname = n AND typ = t; END IF;
    IF e IS NULL AND p.pronargdefaults > 0 AND i > p.pronargs - p.pronargdefaults THEN
        -- the function's own default (pg_get_function_arguments prints them; the expression list is parsed back)
        ndef := i - (p.pronargs - p.pronargdefaults);
        EXECUTE pg_catalog.format('SELECT (ARRAY[%s]::text[])[%s]', (
            SELECT string_agg(pg_catalog.format('%L', d), ', ')
            FROM regexp_split_to_table(pg_get_expr(p.proargdefaults, 0), ', (?=(NULL::|''|[0-9]|false|true))') d), ndef)
            INTO e;
        IF e ~* '^NULL::' THEN e := NULL; END IF;   -- a NULL default: the type's baseline exercises more
    END IF;
    IF e IS NULL THEN SELECT expr INTO e FROM hs_base WHERE proname IS NULL AND argname IS NULL AND typ = t; END IF;
    IF e IS NULL AND (SELECT typcategory FROM pg_type WHERE oid = t) = 'A' THEN
        e := pg_catalog.format('ARRAY[%s]::%s', pg_temp.hs_type_baseline((SELECT typelem FROM pg_type WHERE oid = t)), t);
    END IF;
    RETURN coalesce(e, pg_catalog.format('NULL::%s', t));
END $$;

CREATE FUNCTION pg_temp.hs_type_baseline(t oid) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce((SELECT expr FROM hs_base WHERE proname IS NULL AND argname IS NULL AND typ = t),
                    pg_catalog.format('NULL::%s', t::regtype))
$$;

-- The hostile values of a type, given the baseline expression of the argument.
CREATE FUNCTION pg_temp.hs_values(t oid, base text) RETURNS TABLE (label text, expr text, judged boolean)
LANGUAGE plpgsql AS $$
DECLARE
    ty pg_type;
    el text;
    a record;
BEGIN
    SELECT * INTO ty FROM pg_type WHERE oid = t;
    RETURN QUERY SELECT 'NULL', pg_catalog.format('NULL::%s', t::regtype), false;
    RETURN QUERY SELECT h.label, h.expr, h.judged FROM hs_hostile h WHERE h.typ = t;
    IF ty.typtype = 'c' THEN
        RETURN QUERY SELECT 'ROW(NULL, ...)', pg_catalog.format('ROW(%s)::%s',
            (SELECT string_agg('NULL', ', ') FROM pg_attribute WHERE attrelid = ty.typrelid AND attnum > 0 AND NOT attisdropped),
            t::regtype), false;
        FOR a IN SELECT attname FROM pg_attribute
                 WHERE attrelid = ty.typrelid AND attnum > 0 AND NOT attisdropped AND atttypid = 'numeric'::regtype
                 ORDER BY attnum LOOP
            RETURN QUERY SELECT pg_catalog.format('%s=%s', a.attname, v),
                pg_catalog.format('pg_catalog.jsonb_populate_record(%s, %L)', base, pg_catalog.jsonb_build_object(a.attname, v)), true
                FROM unnest(ARRAY['NaN', 'Infinity', '-Infinity']) v;
        END LOOP;
        RETURN QUERY SELECT 'numeric fields -0.01',
            pg_catalog.format('pg_catalog.jsonb_populate_record(%s, %L)', base,
                (SELECT pg_catalog.jsonb_object_agg(attname, CASE WHEN atttypid = 'numeric'::regtype THEN '-0.01' ELSE '-1' END)
                 FROM pg_attribute WHERE attrelid = ty.typrelid AND attnum > 0 AND NOT attisdropped
                   AND atttypid IN ('numeric'::regtype, 'integer'::regtype, 'bigint'::regtype))), false;
    ELSIF ty.typcategory = 'A' THEN
        el := pg_temp.hs_type_baseline(ty.typelem);
        RETURN QUERY VALUES ('{}', pg_catalog.format('''{}''::%s', t::regtype), false),
            ('{NULL}', pg_catalog.format('ARRAY[NULL]::%s', t::regtype), false),
            ('{e, NULL}', pg_catalog.format('ARRAY[%s, NULL]::%s', el, t::regtype), false),
            ('2-D', pg_catalog.format('ARRAY[[%1$s, %1$s], [%1$s, %1$s]]::%2$s', el, t::regtype), false);
        RETURN QUERY SELECT pg_catalog.format('{%s}', v.label), pg_catalog.format('ARRAY[%s]::%s', v.expr, t::regtype), v.judged
            FROM pg_temp.hs_values(ty.typelem, el) v WHERE v.label <> 'NULL';
    END IF;
END $$;

-- Functions that read none of the numeric fields of a composite argument: a NaN there is not taken as
-- an amount, so it is not judged. reasons(breakdown) returns the line's adjustment_codes (deprecated).
CREATE TEMP TABLE hs_reads_no_amount (fn regprocedure, argname text);
INSERT INTO hs_reads_no_amount VALUES ('costshare.reasons(costshare.breakdown)', 'line');

CREATE TEMP TABLE hs_result (fn regprocedure, fclass text, arg int, argname text, label text, judged boolean,
                             code text, leak boolean);

-- One call: 'ok' or the SQLSTATE, and whether a message, detail, hint or context held a fixture string.
-- A function that reports a refusal as data (an OUT column sqlstate, with message: appointment_problem,
-- estimate_many) is judged by that: the query returns the first SQLSTATE and the messages.
CREATE FUNCTION pg_temp.hs_call(q text, OUT code text, OUT leak boolean) LANGUAGE plpgsql AS $$
DECLARE
    m text; d text; h text; c text;
    rs text; rm text;
BEGIN
    leak := false;
    BEGIN
        EXECUTE q INTO rs, rm;
        IF rs IS NOT NULL THEN
            code := rs;
            leak := EXISTS (SELECT FROM hs_private p WHERE strpos(coalesce(rm, ''), p.s) > 0);
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'HSOK0';   -- roll the call's writes back
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL,
                                h = PG_EXCEPTION_HINT, c = PG_EXCEPTION_CONTEXT;
        IF code = 'HSOK0' THEN code := coalesce(rs, 'ok'); RETURN; END IF;
        c := replace(c, q, '');   -- the context quotes the sweep's own statement (its baseline arguments)
        leak := EXISTS (SELECT FROM hs_private p
                        WHERE strpos(coalesce(m, ''), p.s) > 0 OR strpos(coalesce(d, ''), p.s) > 0
                           OR strpos(coalesce(h, ''), p.s) > 0 OR strpos(coalesce(c, ''), p.s) > 0);
    END;
END $$;

-- The class a function is counted in (by name; a new name falls in "other" until it is named here).
CREATE FUNCTION pg_temp.hs_class(n name) RETURNS text LANGUAGE sql AS $$
    SELECT CASE
        WHEN n ~ '^(parse_27[01]|parse_835|build_270|load_271|post_835|x12_)' THEN 'x12'
        WHEN n ~ '^(csv_|load_|cms_)' THEN 'loaders'
        WHEN n ~ '^(match_|name_key|member_id_key|birth_date_swapped|identity_|reindex_)' THEN 'identity'
        WHEN n ~ '^(estimate|explain|fhir_|log_estimate|line_context|accumulators|allowed_|remittance_|eligibility$|member_|appointment_)' THEN 'estimate'
        WHEN n ~ '^(terms|accum|adjudicate|accumulate|remaining|coordinate|plan_maximum|benefit_|cob_key|eligibility_decide|reasons|source_policy)' THEN 'rules'
        WHEN n ~ '^(gfe_|good_faith|add_business|is_business|business_days)' THEN 'gfe'
        WHEN n ~ '^(medicare_|fee_rollover|parity_|allowed_median)' THEN 'pricing'
        WHEN n ~ '^(post_claim_line|ledger_|lock_members|check_stored|clear_superseded)' THEN 'ledger'
        WHEN n ~ '^(version|icu_version|backend_stats|in_extension_script|history_|practice_data|table_ddl|error_excerpt)' THEN 'admin'
        ELSE 'other' END
$$;

CREATE FUNCTION pg_temp.hs_sweep() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    f record;
    args text[];
    i int;
    v record;
    q text;
    r record;
    m int;
    a2 text[];
    names text[];
BEGIN
    FOR f IN SELECT p.oid, p.proname, p.pronargs, p.prokind, p.proargtypes,
                    'sqlstate' = ANY (p.proargnames[p.pronargs + 1:]) AS reports
             FROM pg_proc p
             WHERE p.pronamespace = 'costshare'::regnamespace
               AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
               AND NOT 'internal'::regtype = ANY (p.proargtypes::oid[])
               AND p.prorettype <> 'internal'::regtype
             ORDER BY p.oid::regprocedure::text LOOP
        args := ARRAY(SELECT pg_temp.hs_baseline(f.oid, g) FROM generate_series(1, f.pronargs) g);
        -- arg 0: the baseline call
        FOR i IN 0 .. f.pronargs LOOP
            -- estimate_many_failed (internal) answers with the SQLSTATE and message it is given (the
            -- error its caller caught): those two arguments are the output, not varied
            CONTINUE WHEN i > 0 AND f.reports
                          AND (SELECT proargnames[i] FROM pg_proc WHERE oid = f.oid) IN ('sqlstate', 'message');
            FOR v IN SELECT 'baseline' AS label, NULL AS expr, false AS judged WHERE i = 0
                     UNION ALL
                     SELECT h.* FROM pg_temp.hs_values(f.proargtypes[i - 1], args[i]) h WHERE i > 0 LOOP
                q := pg_catalog.format(CASE WHEN f.reports
                        THEN 'SELECT min(s.sqlstate) FILTER (WHERE s.sqlstate <> ''00000''), string_agg(s.message, '' '') FROM costshare.%I(%s) s'
                        ELSE 'SELECT NULL::text, t.n || t.r FROM (SELECT count(*) AS n, string_agg(r::text, '';'') AS r FROM (SELECT costshare.%I(%s) AS r) s) t' END,
                        f.proname, array_to_string(CASE WHEN i = 0 THEN args ELSE args[:i - 1] || v.expr || args[i + 1:] END, ', '));
                r := pg_temp.hs_call(q);
                INSERT INTO hs_result VALUES (f.oid, pg_temp.hs_class(f.proname), i,
                    (SELECT proargnames[i] FROM pg_proc WHERE oid = f.oid), v.label,
                    v.judged AND NOT EXISTS (SELECT FROM hs_reads_no_amount x
                                             WHERE x.fn = f.oid AND x.argname = (SELECT proargnames[i] FROM pg_proc WHERE oid = f.oid)),
                    r.code, r.leak);
            END LOOP;
        END LOOP;
        -- where the member is unknown, nothing is priced and an amount may never be read: the NaN and
        -- infinite numeric arguments again, with the member replaced by one no table holds
        names := (SELECT proargnames[1:f.pronargs] FROM pg_proc WHERE oid = f.oid);
        m := coalesce(array_position(names, 'member'), array_position(names, 'member_id'));
        CONTINUE WHEN m IS NULL OR f.proargtypes[m - 1] <> 'text'::regtype;
        FOR i IN 1 .. f.pronargs LOOP
            CONTINUE WHEN f.proargtypes[i - 1] <> 'numeric'::regtype;
            FOR v IN SELECT h.label, h.expr FROM hs_hostile h WHERE h.typ = 'numeric'::regtype AND h.judged LOOP
                a2 := args;
                a2[m] := '''M-NOBODY-1''';
                a2[i] := v.expr;
                q := pg_catalog.format(CASE WHEN f.reports
                        THEN 'SELECT min(s.sqlstate) FILTER (WHERE s.sqlstate <> ''00000''), string_agg(s.message, '' '') FROM costshare.%I(%s) s'
                        ELSE 'SELECT NULL::text, t.n || t.r FROM (SELECT count(*) AS n, string_agg(r::text, '';'') AS r FROM (SELECT costshare.%I(%s) AS r) s) t' END,
                        f.proname, array_to_string(a2, ', '));
                r := pg_temp.hs_call(q);
                INSERT INTO hs_result VALUES (f.oid, pg_temp.hs_class(f.proname), i,
                    (SELECT proargnames[i] FROM pg_proc WHERE oid = f.oid), v.label || ', member unknown', true,
                    r.code, r.leak);
            END LOOP;
        END LOOP;
    END LOOP;
END $$;

SELECT pg_temp.hs_sweep();
\set ECHO all

-- Every function of the schema is in the sweep or is one of those the header excludes (no row).
SELECT p.oid::regprocedure AS not_swept
FROM pg_proc p
WHERE p.pronamespace = 'costshare'::regnamespace
  AND p.oid NOT IN (SELECT fn FROM hs_result)
  AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype, 'internal'::regtype)
  AND NOT 'internal'::regtype = ANY (p.proargtypes::oid[]);
-- What was excluded, by kind.
SELECT CASE WHEN p.prorettype = 'trigger'::regtype THEN 'trigger'
            WHEN p.prorettype = 'event_trigger'::regtype THEN 'event trigger'
            ELSE 'aggregate support (internal)' END AS excluded, count(*)
FROM pg_proc p
WHERE p.pronamespace = 'costshare'::regnamespace AND p.oid NOT IN (SELECT fn FROM hs_result)
GROUP BY 1 ORDER BY 1;

-- Summary per class: functions, calls, answered, refused, and violations of each kind.
WITH judged AS (
    SELECT *, code ~ '^(XX|58)' AS internal,
           code = 'P0001' OR code = '42883' OR (code <> 'ok' AND code ~ '000$' AND code <> '0A000') AS unspecific,
           judged AND code = 'ok' AS accepted, code = '42601' AND argname IS DISTINCT FROM 'query' AS syntax
    FROM hs_result)
SELECT fclass, count(DISTINCT fn) AS functions, count(*) AS calls,
       count(*) FILTER (WHERE code = 'ok') AS answered, count(*) FILTER (WHERE code <> 'ok') AS refused,
       count(*) FILTER (WHERE internal) AS internal, count(*) FILTER (WHERE unspecific) AS unspecific,
       count(*) FILTER (WHERE leak) AS leak, count(*) FILTER (WHERE accepted) AS accepted,
       count(*) FILTER (WHERE syntax) AS syntax
FROM judged GROUP BY ROLLUP (fclass) ORDER BY fclass NULLS LAST;

-- The violations (no row): function, argument, value, SQLSTATE.
SELECT fn AS function, arg, argname, label AS value, code,
       concat_ws(', ', CASE WHEN code ~ '^(XX|58)' THEN 'internal' END,
                 CASE WHEN code = 'P0001' OR code = '42883' OR (code <> 'ok' AND code ~ '000$' AND code <> '0A000') THEN 'unspecific' END,
                 CASE WHEN leak THEN 'leak' END,
                 CASE WHEN judged AND code = 'ok' THEN 'accepted' END,
                 CASE WHEN code = '42601' AND argname IS DISTINCT FROM 'query' THEN 'syntax' END) AS violation
FROM hs_result
WHERE code ~ '^(XX|58)' OR code = 'P0001' OR code = '42883' OR (code <> 'ok' AND code ~ '000$' AND code <> '0A000') OR leak
   OR (judged AND code = 'ok') OR (code = '42601' AND argname IS DISTINCT FROM 'query')
ORDER BY fn::text, arg, label;

-- The functions whose baseline call is refused here (their hostile calls meet only the first checks;
-- estimate_many_failed answers every row with the error it is given, by design).
SELECT fn AS baseline_refused, code FROM hs_result WHERE arg = 0 AND code <> 'ok' ORDER BY fn::text;

-- The SQLSTATEs the refusals end with, and how often.
SELECT code, count(*) FROM hs_result WHERE code <> 'ok' GROUP BY code ORDER BY code;
ROLLBACK;
