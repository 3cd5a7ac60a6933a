-- error_privacy: PostgreSQL's own constraint errors on costshare tables (unique, exclusion, foreign key,
-- not null, check) never quote row values: no member id, name, birth date or family id in the message,
-- detail, hint or context the client gets (shown below as psql prints them), nor in what a PL/pgSQL
-- handler reads. Races are in specs/error_privacy_races.spec; the server log in scripts/test_error_privacy.sh.
-- Also: a 271 whose remaining exceeds its total, and TRUNCATE of the append-only tables (issue 9).
SET datestyle = 'ISO, YMD';

-- The very first statement of this session meets a foreign key error: the library is loaded by the
-- statement's own trigger (costshare.error_guard), so the error is rewritten already.
INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid)
VALUES ('MBR-4242-EQ', 'PRV-PPO', 'mh_psychotherapy', '[2026-01-01,2027-01-01)');

-- Everything else runs in one transaction that is rolled back at the end.
SET client_min_messages = warning;
\set ON_ERROR_ROLLBACK on
BEGIN;
INSERT INTO costshare.payer (payer_id, name) VALUES ('PRV', 'Privacy payer');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('PRV-PPO', 'PRV', 'Privacy PPO');
INSERT INTO costshare.member VALUES ('MBR-7731-ZQ', 'Zebulon', 'Quackenbush', '1977-07-31'),
                                    ('MBR-5150-OQ', 'Ophelia', 'Quackenbush', '1979-05-15');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('MBR-7731-ZQ', 'MBR-7731-ZQ', 'FAM-QUACKENBUSH', 'PRV-PPO', '[2026-01-01,2027-01-01)');

-- ==== direct DML: what the client gets ==============================================================
-- prior_auth: an unknown member, a negative visit count
INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid)
VALUES ('MBR-4242-EQ', 'PRV-PPO', 'mh_psychotherapy', '[2026-01-01,2027-01-01)');
INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid, visits)
VALUES ('MBR-7731-ZQ', 'PRV-PPO', 'mh_psychotherapy', '[2026-01-01,2027-01-01)', -1);
-- accumulator_ledger: a missing date of service, an unknown member, the same claim line twice
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date)
VALUES ('CLM-1', 'final', 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', NULL);
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date)
VALUES ('CLM-1', 'final', 'FAM-QUACKENBUSH', 'MBR-4242-EQ', 'PRV-PPO', '2026-03-01');
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date)
VALUES ('CLM-1', 'final', 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01');
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date)
VALUES ('CLM-1', 'final', 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01');
-- accumulator_snapshot: the same member's figures twice, the same family's twice (NULLS NOT DISTINCT),
-- a negative amount (refused by its row trigger, naming the column)
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met)
VALUES ('FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01', 100),
       ('FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01', 200);
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met)
VALUES ('FAM-QUACKENBUSH', NULL, 'PRV-PPO', '2026-03-01', 100),
       ('FAM-QUACKENBUSH', NULL, 'PRV-PPO', '2026-03-01', 200);
INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, oop_met)
VALUES ('FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01', -0.01);
UPDATE costshare.accumulator_snapshot SET ded_met = NULL;
-- eligibility_benefit: the same EB of the same interchange twice
INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit, info, service_types)
SELECT 'MBR-7731-ZQ', 'PRV', '000000001', 12, '2026-03-01', 'deductible', 'C', '{30}' FROM generate_series(1, 2);
-- enrollment: overlapping coverage changed by UPDATE of another row (its pre-check sees it: clean)
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
VALUES ('MBR-7731-ZQ', 'MBR-7731-ZQ', 'FAM-QUACKENBUSH', 'PRV-PPO', '[2027-01-01,2028-01-01)');
UPDATE costshare.enrollment SET coverage = '[2026-06-01,2028-01-01)' WHERE lower(coverage) = '2027-01-01';
-- member: the key of a member still referenced (clean, from member_reference_check)
UPDATE costshare.member SET member_id = 'MBR-7731-ZZ' WHERE member_id = 'MBR-7731-ZQ';
-- COPY: the context names the line (and column), not its contents; a value its type refuses is not
-- quoted in the message either
COPY costshare.prior_auth (member_id, plan_id, category, valid, visits) FROM stdin WITH (FORMAT csv);
MBR-7731-ZQ,PRV-PPO,mh_psychotherapy,"[2026-01-01,2027-01-01)",-3
\.
COPY costshare.member FROM stdin WITH (FORMAT csv);
MBR-6160-PQ,Philomena,Quackenbush,1979-05-15
\.
COPY costshare.member (member_id, first_name, last_name, birth_date) FROM stdin WITH (FORMAT csv);
MBR-6160-PQ,Philomena,Quackenbush,1979-15-05
\.
COPY costshare.member (member_id, first_name, last_name, birth_date) FROM stdin WITH (FORMAT csv);
MBR-6160-PQ,Philomena,Quackenbush,1979-05-15,extra
\.
-- a COPY into the user's own table keeps PostgreSQL's text
CREATE TEMP TABLE own_people (id text, birth date);
COPY own_people FROM stdin WITH (FORMAT csv);
visible,1979-15-05
\.
-- a unique index built over member data: the duplicated key is not quoted either
CREATE UNIQUE INDEX member_last_name ON costshare.member (last_name);
-- a plan table (no member data, the same rule)
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('PRV-PPO', 'PRV', 'Privacy PPO');

-- ==== what a PL/pgSQL handler reads =================================================================
CREATE FUNCTION pg_temp.attempt(q text) RETURNS TABLE (code text, detail text, context text, member_data boolean)
LANGUAGE plpgsql AS $$
DECLARE m text; h text;
BEGIN
    EXECUTE q;
    RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::text, false;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, m = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                            h = PG_EXCEPTION_HINT, context = PG_EXCEPTION_CONTEXT;
    RETURN QUERY SELECT code, detail, regexp_replace(context, 'pg_temp_[0-9]+', 'pg_temp', 'g'),
        concat_ws(' ', m, detail, h, context) ~ '(MBR-|Zebulon|Ophelia|Quackenbush|1977-07-31|1979-05-15|FAM-QUACK)';
END $$;
\x on
SELECT label, (a).*
FROM (VALUES
  ('ledger: same claim line', $$INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date) VALUES ('CLM-1', 'final', 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01')$$),
  ('ledger: unknown member', $$INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date) VALUES ('CLM-2', 'final', 'FAM-QUACKENBUSH', 'MBR-4242-EQ', 'PRV-PPO', '2026-03-01')$$),
  ('prior_auth: unknown member', $$INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid) VALUES ('MBR-4242-EQ', 'PRV-PPO', 'mh_psychotherapy', '[2026-01-01,2027-01-01)')$$),
  ('snapshot: same figures', $$INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of) SELECT 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-04-01' FROM generate_series(1, 2)$$),
  ('plan: delete while enrollments refer to it', $$DELETE FROM costshare.plan WHERE plan_id = 'PRV-PPO'$$)
) v(label, q), LATERAL pg_temp.attempt(v.q) a
ORDER BY label;
\x off

-- a multi-line statement of the user's own function: no part of its text is quoted in the context
CREATE FUNCTION public.add_auth() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO costshare.prior_auth
        (member_id, plan_id, category, valid)
    SELECT 'MBR-4242-EQ', "plan_id", 'mh_psychotherapy', '[2026-01-01,2027-01-01)'
      FROM costshare.plan
     WHERE plan_id = 'PRV-PPO';
END $$;
SELECT public.add_auth();
DROP FUNCTION public.add_auth();

-- errors about the user's own tables are not touched
CREATE TEMP TABLE own (k text PRIMARY KEY);
INSERT INTO own VALUES ('visible'), ('visible');

-- ==== a 271 whose remaining deductible exceeds its total ===========================================
INSERT INTO costshare.payer (payer_id, name) VALUES ('MOCKPAYER', 'Mock Payer');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-advantage', 'MOCKPAYER', 'Mock Individual Advantage');
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-john', 'John', 'Doe', '1970-01-01');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
VALUES ('m-john', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'self', 'family', '000-000-000-01');
\set f `cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12`
-- individual in-network deductible: total 3000, remaining 3983.57
SELECT costshare.load_271(replace(:'f', 'EB*C*IND*30***29*2983.57*****Y', 'EB*C*IND*30***29*3983.57*****Y'), '2013-06-01');
SELECT count(*) AS snapshots FROM costshare.accumulator_snapshot WHERE family_id = 'fam-doe';

-- ==== every table of the extension loads the library before a row is written =======================
SELECT c.relname AS table_without_error_guard
FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'costshare'
WHERE c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'error_guard'
                     AND t.tgenabled = 'A' AND t.tgfoid = 'costshare.error_guard()'::regprocedure)
ORDER BY 1;
SELECT tgrelid::regclass AS append_only_table, tgname FROM pg_trigger
WHERE tgfoid = 'costshare.truncate_guard()'::regprocedure ORDER BY 1;

-- ==== TRUNCATE of the append-only tables (issue 9, defect 9) ========================================
\set VERBOSITY terse
INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date)
VALUES ('CLM-T', 'final', 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01');
TRUNCATE costshare.accumulator_ledger;
TRUNCATE costshare.claim_trueup;
-- also through CASCADE from a member or a plan; the plan-data version stays as it was
CREATE TEMP TABLE version_before AS SELECT version FROM costshare.plan_data_version;
TRUNCATE costshare.member CASCADE;
TRUNCATE costshare.plan CASCADE;
SELECT (SELECT version FROM costshare.plan_data_version) = (SELECT version FROM version_before) AS version_unchanged,
       (SELECT count(*) FROM costshare.accumulator_ledger) AS ledger_rows, (SELECT count(*) FROM costshare.member) AS members;
-- the maintenance switch: superusers (or roles granted SET on it) only, for one transaction
CREATE ROLE regress_cs_ledger_owner;
SET ROLE regress_cs_ledger_owner;
SET costshare.allow_ledger_truncate = on;
RESET ROLE;
DROP ROLE regress_cs_ledger_owner;
SAVEPOINT maintenance;
SET LOCAL costshare.allow_ledger_truncate = on;
TRUNCATE costshare.plan CASCADE;
SELECT (SELECT version FROM costshare.plan_data_version) <> (SELECT version FROM version_before) AS version_renumbered,
       (SELECT count(*) FROM costshare.accumulator_ledger) AS ledger_rows;
ROLLBACK TO SAVEPOINT maintenance;
SHOW costshare.allow_ledger_truncate;
SELECT count(*) AS ledger_rows FROM costshare.accumulator_ledger;
ROLLBACK;
