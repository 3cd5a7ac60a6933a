-- csv_loaders: the practice CSV loaders (issue 11) on the sample files under sample/: each loads,
-- re-loading changes nothing (table contents, counts and the plan-data version compared), the fee
-- rollover ends last year's row, every refusal names its lines (never a member's data), a bad line at
-- the end leaves nothing loaded, and an estimate is priced from the loaded rows.
-- Everything runs in one transaction that is rolled back at the end.

SET datestyle = 'ISO, YMD';
\pset null '(null)'
\set ON_ERROR_ROLLBACK on
\set plans `cat sample/plans.csv`
\set members `cat sample/members.csv`
\set providers `cat sample/providers.csv`
\set fees `cat sample/fees.csv`
BEGIN;
\i test/regress/empty_practice.sql

-- Runs one statement; returns its SQLSTATE and texts, or 'ok'.
CREATE FUNCTION pg_temp.try(q text)
RETURNS TABLE (code text, message text, detail text, hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN NEXT;
END $$;

-- A fingerprint of every table the loaders write: row count and an md5 of the rows in key order
CREATE FUNCTION pg_temp.state()
RETURNS TABLE (tbl text, n bigint, digest text)
LANGUAGE sql AS $$
    SELECT 'payer', count(*), md5(string_agg(t::text, '|' ORDER BY t.payer_id)) FROM costshare.payer t
    UNION ALL SELECT 'plan', count(*), md5(string_agg(t::text, '|' ORDER BY t.plan_id)) FROM costshare.plan t
    UNION ALL SELECT 'plan_limit', count(*), md5(string_agg(t::text, '|' ORDER BY t.plan_id, t.bucket)) FROM costshare.plan_limit t
    UNION ALL SELECT 'benefit', count(*), md5(string_agg(t::text, '|' ORDER BY t.plan_id, t.category, t.network)) FROM costshare.benefit t
    UNION ALL SELECT 'member', count(*), md5(string_agg(t::text, '|' ORDER BY t.member_id)) FROM costshare.member t
    UNION ALL SELECT 'enrollment', count(*), md5(string_agg(t::text, '|' ORDER BY t.enrollment_id)) FROM costshare.enrollment t
    UNION ALL SELECT 'provider', count(*), md5(string_agg(t::text, '|' ORDER BY t.provider_id)) FROM costshare.provider t
    UNION ALL SELECT 'network_participation', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM costshare.network_participation t
    UNION ALL SELECT 'fee_schedule', count(*), md5(string_agg(t::text, '|' ORDER BY t.fee_id)) FROM costshare.fee_schedule t
    UNION ALL SELECT 'plan_data_version', count(*), md5(string_agg(t::text, '|')) FROM costshare.plan_data_version t
$$;

-- ===================================================================================================
-- 1. The cell rules (engine) and the rollover decision
-- ===================================================================================================
SELECT v, k, costshare.csv_cell_problem(k, v, true) AS problem
FROM (VALUES ('125.50', 'money'), ('10.105', 'money'), ('-5', 'money'), ('$5', 'money'), ('1,200', 'money'),
             ('2024-02-29', 'date'), ('2025-02-29', 'date'), ('02/03/2025', 'date'), ('yes', 'boolean'),
             ('maybe', 'boolean'), ('20', 'percent'), ('120', 'percent'), ('110', 'percent_medicare'),
             ('3.5', 'count'), ('', 'text')) AS c(v, k);
SELECT costshare.csv_money('98.5') AS m_98_50, costshare.csv_money(' ') AS empty_is_null,
       costshare.csv_money('9999999999.99') AS largest;
SELECT * FROM pg_temp.try($$SELECT costshare.csv_money('10.005')$$);
SELECT o, n, costshare.fee_rollover(o_lo, o_hi, n_lo, n_hi) AS roll
FROM (VALUES ('2025 open', '2026 open', date '2025-01-01', NULL::date, date '2026-01-01', NULL::date),
             ('2025 open', '2025 open', '2025-01-01', NULL, '2025-01-01', NULL),
             ('2025 only', '2026 open', '2025-01-01', '2026-01-01', '2026-01-01', NULL),
             ('2026 open', '2025 open', '2026-01-01', NULL, '2025-01-01', NULL),
             ('2025 open', 'first half of 2026', '2025-01-01', NULL, '2026-01-01', '2026-07-01'),
             ('2025 open', '2025 only', '2025-01-01', NULL, '2025-01-01', '2026-01-01')) AS c(o, n, o_lo, o_hi, n_lo, n_hi);

-- ===================================================================================================
-- 2. The sample files load (plans first: members, providers and fees name its plans and payers)
-- ===================================================================================================
SELECT * FROM costshare.load_plans_csv(:'plans');
SELECT * FROM costshare.load_members_csv(:'members');
SELECT * FROM costshare.load_providers_csv(:'providers');
SELECT * FROM costshare.load_fees_csv(:'fees');
SELECT tbl, n FROM pg_temp.state() ORDER BY tbl;
SELECT payer_id, name, payer_type FROM costshare.payer ORDER BY payer_id;
SELECT plan_id, payer_id, name, plan_type, period_start, hdhp FROM costshare.plan ORDER BY plan_id;
SELECT * FROM costshare.plan_limit ORDER BY plan_id, bucket;
SELECT plan_id, category, network, copay, coinsurance, deductible_applies, visit_limit, auth_required,
       telehealth_copay, carve_out_admin FROM costshare.benefit ORDER BY plan_id, network, category;
SELECT member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, cob_order
  FROM costshare.enrollment ORDER BY member_id, plan_id;
SELECT provider_id, plan_id, valid FROM costshare.network_participation ORDER BY 1, 2, 3;
SELECT payer_id, plan_id, code, modifier, credential, valid, amount, percent_of_medicare
  FROM costshare.fee_schedule ORDER BY payer_id, code, modifier, credential NULLS FIRST, plan_id NULLS FIRST;

-- ===================================================================================================
-- 3. Idempotent: loading every file again writes nothing (same rows, same counts, same version)
-- ===================================================================================================
CREATE TEMP TABLE before AS SELECT * FROM pg_temp.state();
SELECT * FROM costshare.load_plans_csv(:'plans');
SELECT * FROM costshare.load_members_csv(:'members');
SELECT * FROM costshare.load_providers_csv(:'providers');
SELECT * FROM costshare.load_fees_csv(:'fees');
SELECT count(*) AS tables_changed FROM pg_temp.state() s JOIN before b USING (tbl)
 WHERE (s.n, s.digest) IS DISTINCT FROM (b.n, b.digest);

-- the same, staged with \copy (one physical line a row: a delimiter and a quote character that never
-- occur; an empty line comes back NULL and is kept as empty so line numbers stay right)
CREATE TEMP TABLE stage (n bigint GENERATED ALWAYS AS IDENTITY, line text);
\copy stage (line) FROM 'sample/plans.csv' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')
SELECT * FROM costshare.load_plans_csv((SELECT string_agg(coalesce(line, ''), E'\n' ORDER BY n) FROM stage));
SELECT count(*) AS tables_changed FROM pg_temp.state() s JOIN before b USING (tbl)
 WHERE (s.n, s.digest) IS DISTINCT FROM (b.n, b.digest);

-- a changed cell updates that row only (and the version moves)
SELECT * FROM costshare.load_plans_csv(replace(:'plans', 'mh_group,15,', 'mh_group,20,'));
SELECT s.tbl FROM pg_temp.state() s JOIN before b USING (tbl) WHERE s.digest IS DISTINCT FROM b.digest ORDER BY 1;
SELECT copay FROM costshare.benefit WHERE plan_id = 'RIVER-PPO' AND category = 'mh_group';
SELECT * FROM costshare.load_plans_csv(:'plans');

-- ===================================================================================================
-- 4. Fee rollover: next year's rates end this year's open row (no 23P01)
-- ===================================================================================================
\set fees2026 'payer_id,plan_id,code,modifier,facility,credential,state,valid_from,valid_through,amount,percent_of_medicare\nRIVERBEND,,90837,,,,,2026-01-01,,155.00,\nRIVERBEND,,90837,,,lcsw,,2026-01-01,2026-12-31,131.25,\n'
SELECT * FROM costshare.load_fees_csv(E:'fees2026');
SELECT code, credential, valid, amount FROM costshare.fee_schedule
 WHERE payer_id = 'RIVERBEND' AND code = '90837' AND modifier = '' AND plan_id IS NULL ORDER BY credential NULLS FIRST, valid;
-- the 2026 file again: nothing changes
DELETE FROM before; INSERT INTO before SELECT * FROM pg_temp.state();
SELECT * FROM costshare.load_fees_csv(E:'fees2026');
SELECT count(*) AS tables_changed FROM pg_temp.state() s JOIN before b USING (tbl)
 WHERE (s.n, s.digest) IS DISTINCT FROM (b.n, b.digest);
-- the 2025 file again after the rollover: its open-ended 2025 rows now contradict the ended ones (same
-- first day, another end), so it is refused naming those lines, and nothing changes
SELECT code, message, detail FROM pg_temp.try(format('SELECT costshare.load_fees_csv(%L)', :'fees'));
-- rates for a range that starts before the stored row's are refused with the line
SELECT * FROM pg_temp.try(format('SELECT costshare.load_fees_csv(%L)',
    E'payer_id,code,valid_from,valid_through,amount\nRIVERBEND,90834,2025-01-01,,112.50\nRIVERBEND,90834,2024-07-01,,110.00\nRIVERBEND,90853,2025-06-01,2025-06-30,44.00\n'));

-- ===================================================================================================
-- 5. Refusals: every problem with its line and column, capped at 20, nothing loaded
-- ===================================================================================================
DELETE FROM before; INSERT INTO before SELECT * FROM pg_temp.state();
-- plans: header problems
SELECT * FROM pg_temp.try(format('SELECT costshare.load_plans_csv(%L)',
    E'plan_id,payer_id,payer_name,plan_type,network,category,colour,network\nP,Y,Payer,ppo,in,mh_group,red,in\n'));
-- plans: cells, words, duplicates and disagreeing plan fields
SELECT * FROM pg_temp.try(format('SELECT costshare.load_plans_csv(%L)',
    E'plan_id,payer_id,payer_name,plan_name,plan_type,network,category,copay,coinsurance_percent,ded_individual,visit_limit\n'
    'N1,NEWPAYER,New Payer,New 1,ppo,in,mh_psychotherapy,25.005,20,500,30\n'
    'N1,NEWPAYER,New Payer,New 1 (renamed),ppx,in,mh_diagnostic,$25,120,600,-1\n'
    'N1,NEWPAYER,New Payer,New 1,ppo,inside,mh_psychotherapy,25,0,500,\n'
    'N1,NEWPAYER,New Payer,New 1,ppo,in,mh_psychotherapy,25,0,500,\n'
    'N2,NEWPAYER,Newer Payer,New 2,ppo,in,mh_psychotherapy,25,0,500,\n'));
-- fees: one of amount or percent, dates, unknown payer/plan/credential, overlapping lines
SELECT * FROM pg_temp.try(format('SELECT costshare.load_fees_csv(%L)',
    E'payer_id,plan_id,code,credential,valid_from,valid_through,amount,percent_of_medicare\n'
    'RIVERBEND,,90832,,2025-01-01,,80.00,110\n'
    'RIVERBEND,,90832,,2025-01-01,2024-12-31,80.00,\n'
    'NOBODY,,90832,,2025-01-01,,80.00,\n'
    'RIVERBEND,LAKE-EPO,90832,wizard,2025-01-01,,80.00,\n'
    'RIVERBEND,,90838,,2025-01-01,,80.00,\n'
    'RIVERBEND,,90838,,2025-06-01,,85.00,\n'
    'RIVERBEND,,90839,,2025-01-01,,,0\n'
    'RIVERBEND,,90840,,2025-02-30,,80.00,\n'));
-- providers
SELECT * FROM pg_temp.try(format('SELECT costshare.load_providers_csv(%L)',
    E'provider_id,name,credential,plan_id,in_network_from,in_network_through\n'
    '1999999999,"Doe, J",shaman,RIVER-PPO,2025-01-01,\n'
    '1548392017,"Ramos, Elena PsyD",psyd,RIVER-PPO,2024-06-01,\n'
    '1888888888,"Roe, K",lpc,NOPLAN,2025-01-01,2024-01-01\n'
    '1888888888,"Roe, K.",lpc,RIVER-PPO,,\n'));
-- members: the detail names lines and columns, never a name, birth date or member ID
SELECT * FROM pg_temp.try(format('SELECT costshare.load_members_csv(%L)',
    E'member_id,first_name,last_name,birth_date,subscriber_id,relationship,plan_id,coverage_start,coverage_end,coverage_level,cob_order\n'
    'SECRET-ID-1,Zelda,Quimby,1980-02-30,,self,RIVER-PPO,2026-01-01,,family,\n'
    'SECRET-ID-2,Zed,Quimby,1981-01-01,SECRET-ID-9,spouse,RIVER-PPO,2026-01-01,,household,300\n'
    'SECRET-ID-2,Zedd,Quimby,1981-01-01,,self,RIVER-PPO,2026-01-01,2025-12-31,,\n'
    'P-1001,Dana,Whitfield,1984-03-12,,self,RIVER-PPO,2025-06-01,,family,\n'
    'SECRET-ID-3,Quinn,Quimby,2010-05-05,SECRET-ID-1,child,RIVER-PPO,2026-01-01\n'));
SELECT count(*) FILTER (WHERE detail ~ '(SECRET|Zelda|Quimby|1980|1981|Whitfield|P-1001)') AS detail_leaks
FROM pg_temp.try(format('SELECT costshare.load_members_csv(%L)',
    E'member_id,first_name,last_name,birth_date,subscriber_id,relationship,plan_id,coverage_start\n'
    'SECRET-ID-1,Zelda,Quimby,1980-02-30,,self,RIVER-PPO,2026-01-01\n'
    'SECRET-ID-2,Zed,Quimby,1981-01-01,SECRET-ID-9,spouse,RIVER-PPO,2026-01-01\n'
    'P-1001,Dana,Whitfield,1984-03-12,,self,RIVER-PPO,2025-06-01\n'));
-- more than 20 problems: the first 20 and the count of the rest
SELECT message, array_length(string_to_array(detail, E'\n'), 1) AS detail_lines,
       split_part(detail, E'\n', 21) AS last_line
FROM pg_temp.try(format('SELECT costshare.load_fees_csv(%L)',
    E'payer_id,code,valid_from,amount\n' || repeat(E'RIVERBEND,90837,2025-01-01,1.001\n', 25)));
-- empty files
SELECT * FROM pg_temp.try($$SELECT costshare.load_fees_csv('')$$);
SELECT * FROM pg_temp.try($$SELECT costshare.load_fees_csv(E'payer_id,code,valid_from,amount\n')$$);
-- a malformed CSV (the tokenizer's own line number)
SELECT * FROM pg_temp.try(format('SELECT costshare.load_fees_csv(%L)',
    E'payer_id,code,valid_from,amount\nRIVERBEND,90837,2025-01-01,"150\n'));

-- ===================================================================================================
-- 5b. The coordination method, the rolling visit window and the plan-paid maximums (optional columns;
-- empty = not stated: the method by payer type, visits counted by the benefit period, no maximum)
-- ===================================================================================================
-- bad values, and a plan whose lines disagree on its method (case aside): refused, nothing loaded
SELECT * FROM pg_temp.try(format('SELECT costshare.load_plans_csv(%L)',
    E'plan_id,payer_id,payer_name,plan_name,plan_type,network,category,visit_limit,visit_window_days,cob_method\n'
    'W1,WPAYER,W Payer,W One,ppo,in,mh_psychotherapy,20,365,Non_Duplication\n'
    'W1,WPAYER,W Payer,W One,ppo,in,mh_diagnostic,20,0,carve_out\n'
    'W1,WPAYER,W Payer,W One,ppo,out,mh_psychotherapy,20,3661,non_duplication\n'
    'W2,WPAYER,W Payer,W Two,ppo,in,mh_psychotherapy,20,12 months,secondary\n'));
-- a plan-paid maximum is money: negative or fractions of a cent refused with the line
SELECT code, detail FROM pg_temp.try(format('SELECT costshare.load_plans_csv(%L)',
    E'plan_id,payer_id,payer_name,plan_name,plan_type,network,category,plan_max_period,plan_max_lifetime\n'
    'W1,WPAYER,W Payer,W One,ppo,in,mh_psychotherapy,-5,100.001\n'));
SELECT count(*) AS tables_changed FROM pg_temp.state() s JOIN before b USING (tbl)
 WHERE (s.n, s.digest) IS DISTINCT FROM (b.n, b.digest);
-- good: stored as stated, the method in lower case; loading it again changes nothing
\set wfile 'plan_id,payer_id,payer_name,plan_name,plan_type,network,category,visit_limit,visit_window_days,cob_method,plan_max_period,plan_max_lifetime\nW1,WPAYER,W Payer,W One,ppo,in,mh_psychotherapy,20,365,Non_Duplication,2000,10000.50\nW1,WPAYER,W Payer,W One,ppo,in,mh_diagnostic,20,,non_duplication,,\nW2,WPAYER,W Payer,W Two,medicaid,in,mh_psychotherapy,,,,,\n'
SELECT * FROM costshare.load_plans_csv(E:'wfile');
SELECT * FROM costshare.load_plans_csv(E:'wfile');
SELECT plan_id, cob_method FROM costshare.plan WHERE payer_id = 'WPAYER' ORDER BY 1;
SELECT plan_id, category, visit_limit, visit_window_days, plan_max_period, plan_max_lifetime FROM costshare.benefit
 WHERE plan_id IN ('W1', 'W2') ORDER BY 1, 2;
-- a file without the columns states neither: the method goes back to "by payer type", the window to
-- the benefit period
SELECT * FROM costshare.load_plans_csv(E'plan_id,payer_id,payer_name,plan_name,plan_type,network,category,visit_limit\n'
                                        'W1,WPAYER,W Payer,W One,ppo,in,mh_psychotherapy,20\n');
SELECT p.plan_id, p.cob_method, b.visit_window_days FROM costshare.plan p JOIN costshare.benefit b USING (plan_id)
 WHERE p.plan_id = 'W1' AND b.category = 'mh_psychotherapy';
DELETE FROM costshare.benefit WHERE plan_id IN ('W1', 'W2');
DELETE FROM costshare.plan_limit WHERE plan_id IN ('W1', 'W2');
DELETE FROM costshare.plan WHERE plan_id IN ('W1', 'W2');
DELETE FROM costshare.payer WHERE payer_id = 'WPAYER';
DELETE FROM before; INSERT INTO before SELECT * FROM pg_temp.state();

-- ===================================================================================================
-- 6. Atomic: a good file with one bad line at the end loads nothing
-- ===================================================================================================
SELECT code FROM pg_temp.try(format('SELECT costshare.load_plans_csv(%L)',
    replace(:'plans', 'RIVER-PPO', 'RIVER-PPO2') || E'\nRIVER-PPO2,RIVERBEND,Riverbend Health Plan,Riverbend PPO Gold,ppo,,in,1500,3000,6000,12000,mh_other,,abc,no,,no,,\n'));
SELECT code FROM pg_temp.try(format('SELECT costshare.load_members_csv(%L)',
    replace(:'members', 'P-10', 'Q-10') || E'Q-1099,A,B,2000-01-01,,self,,RIVER-PPO,2026-01-01,2025-01-01,,,\n'));
SELECT code FROM pg_temp.try(format('SELECT costshare.load_fees_csv(%L)',
    replace(:'fees', '2025-01-01', '2027-01-01') || E'RIVERBEND,,90837,,,,,2027-01-01,,150.001,\n'));
SELECT count(*) AS tables_changed FROM pg_temp.state() s JOIN before b USING (tbl)
 WHERE (s.n, s.digest) IS DISTINCT FROM (b.n, b.digest);

-- ===================================================================================================
-- 6b. Rights: costshare_loader loads (with its own grants only); costshare_estimator may not
-- ===================================================================================================
SET ROLE costshare_loader;
SELECT * FROM costshare.load_plans_csv(:'plans');
SELECT * FROM costshare.load_providers_csv(:'providers');
SELECT * FROM costshare.load_fees_csv(E'payer_id,code,valid_from,amount\nRIVERBEND,90832,2025-01-01,80.00\n');
SELECT * FROM costshare.load_fees_csv(E'payer_id,code,valid_from,amount\nRIVERBEND,90832,2026-01-01,82.50\n');
SELECT * FROM costshare.load_members_csv(:'members');
RESET ROLE;
SET ROLE costshare_estimator;
SELECT code FROM pg_temp.try($$SELECT costshare.load_fees_csv(E'payer_id,code,valid_from,amount\nRIVERBEND,90832,2027-01-01,85.00\n')$$);
RESET ROLE;
SELECT valid, amount FROM costshare.fee_schedule WHERE code = '90832' ORDER BY valid;

-- ===================================================================================================
-- 7. An estimate priced from the loaded data
-- ===================================================================================================
-- Dana (RIVER-PPO, in network: 30.00 copay, deductible waived) sees Dr Ramos (PsyD, in network) for
-- 90837 on 2026-02-03: allowed 155.00 (the 2026 rate that rolled over the 2025 one); she pays the copay.
SELECT e.status, e.network, e.allowed, e.allowed_source, e.copay, e.deductible, e.coinsurance, e.patient_pays, e.plan_pays
  FROM costshare.estimate('P-1001', '2026-02-03', '90837', '1548392017', '11') e;
-- the same visit on 2025-11-04 prices at the 2025 rate, 150.00
SELECT e.allowed, e.patient_pays FROM costshare.estimate('P-1001', '2025-11-04', '90837', '1548392017', '11') e;
-- Jordan (RIVER-HSA: 3,300 deductible, then 20%) for 90837 with Dr Ramos: the plan's own row, 140.00,
-- all to the deductible
SELECT e.network, e.allowed, e.deductible, e.coinsurance, e.patient_pays
  FROM costshare.estimate('P-1003', '2026-03-10', '90837', '1548392017', '11') e;
-- Michael Chen (LCSW) was out of RIVER-PPO's network from 2026-01-01 to 2026-02-28
SELECT e.network FROM costshare.estimate('P-1001', '2026-02-03', '90837', '1639201846', '11') e;
SELECT e.network, e.allowed FROM costshare.estimate('P-1001', '2026-03-03', '90837', '1639201846', '11') e;

ROLLBACK;
