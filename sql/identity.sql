-- identity: name keys, member ID keys and member matching (issue 5) at the SQL level: the hard
-- real-world names, hostile input, match_member's ranking and reasons, the index probes it plans, the
-- ICU-version record, and errors that never quote member data.

SET datestyle = 'ISO, YMD';

-- The hard cases: every row's key is the expected one (the engine's unit tests hold the same table).
SELECT input, costshare.name_key(input) AS key, costshare.name_key(input) IS NOT DISTINCT FROM expected AS ok
FROM (VALUES
  ('María José', 'MARIA JOSE'),
  ('MARIA JOSE ONEIL SMITH', 'MARIA JOSE ONEIL SMITH'),
  ('María José O''Neil-Smith', 'MARIA JOSE ONEIL SMITH'),
  (E'O\u2019Neil', 'ONEIL'),
  ('D''Angelo', 'DANGELO'),
  ('  García   López  ', 'GARCIA LOPEZ'),
  ('García-López', 'GARCIA LOPEZ'),
  (E'O''Neil\u2013Smith', 'ONEIL SMITH'),
  ('de la Cruz', 'DE LA CRUZ'),
  ('van der Berg', 'VAN DER BERG'),
  ('Smith Jr.', 'SMITH'),
  ('Smith, JR', 'SMITH'),
  ('King III', 'KING'),
  ('Ivanov IV', 'IVANOV'),
  ('Ivy', 'IVY'),
  ('Sr', 'SR'),
  ('Nguyễn Thị Minh Khai', 'NGUYEN THI MINH KHAI'),
  ('Đặng Văn Lâm', 'DANG VAN LAM'),
  (E'Nguye\u0302\u0303n', 'NGUYEN'),
  ('Ñúñez', 'NUNEZ'),
  ('Müller', 'MULLER'),
  ('Straße', 'STRASSE'),
  ('Łukasz Żółć', 'LUKASZ ZOLC'),
  ('Ｍａｒｉｏ', 'MARIO'),
  (E'Jose\u0301', 'JOSE'),
  (E'Ma\u00ADria', 'MARIA'),
  (E'Ana\tMaría', 'ANA MARIA'),
  ('Щербаков', 'SHCHERBAKOV'),
  ('Хрущёв', 'KHRUSHCHEV'),
  ('Ольга', 'OLGA'),
  ('Σωκράτης', 'SOKRATES'),
  ('毛泽东', 'MAO ZE DONG'),
  ('やまだ たろう', 'YAMADA TAROU'),
  ('김민준', 'GIMMINJUN')
) AS t(input, expected);

-- No letter or digit, no key (NULL, so it never equals another missing key); NULL in, NULL out.
SELECT costshare.name_key('') IS NULL AS empty, costshare.name_key('  ') IS NULL AS spaces,
       costshare.name_key('--''.') IS NULL AS punctuation, costshare.name_key(NULL) IS NULL AS null_in,
       costshare.name_key(E'\U0001F600') IS NULL AS emoji_only;
-- Odd but valid text: invisible, replacement, private-use, noncharacter and control characters are word
-- breaks or removed; a key is a key of itself.
SELECT label, costshare.name_key(input) AS key,
       costshare.name_key(costshare.name_key(input)) IS NOT DISTINCT FROM costshare.name_key(input) AS idempotent
FROM (VALUES
  ('zero-width space', E'Ana\u200BMaria'),
  ('byte order mark', E'\uFEFFAna'),
  ('replacement character', E'Ana\uFFFDMaria'),
  ('private use', E'Ana\uE000Maria'),
  ('noncharacter', E'Ana\uFFFFMaria'),
  ('control character', E'Ana\u0001Maria'),
  ('lone combining mark', E'\u0301Ana'),
  ('digits kept', 'Jane 2'),
  ('right-to-left mark', E'Ana\u200FMaria')
) AS t(label, input) ORDER BY label;

-- Length limits: 1024 bytes are keyed; more is refused with 22001 and a message without the name.
SELECT length(costshare.name_key(repeat('a', 1024))) AS longest_name_key;
SELECT length(costshare.name_key(repeat('奘', 341))) > 1023 AS cjk_name_expands;

-- Member ID keys
SELECT input, costshare.member_id_key(input) AS key, costshare.member_id_key(input) IS NOT DISTINCT FROM expected AS ok
FROM (VALUES
  ('abc-123 456', 'ABC123456'),
  ('XYZ123456789', 'XYZ123456789'),
  ('xyz 1234-5678-01', 'XYZ1234567801'),
  ('ID: W1234 5678', 'W12345678'),
  ('Member ID # XYZ 123', 'XYZ123'),
  ('MBR-ID 0012', '0012'),
  ('No. 55', '55'),
  ('ID123', 'ID123'),
  ('ID', 'ID'),
  ('ＡＢＣ１２３', 'ABC123'),
  (E'123\u2013456', '123456'),
  ('#', NULL),
  ('', NULL)
) AS t(input, expected);
SELECT length(costshare.member_id_key(repeat('7', 256))) AS longest_member_id_key;

-- Birth dates with day and month swapped
SELECT d, costshare.birth_date_swapped(d) AS swapped
FROM (VALUES (date '2019-03-04'), ('1980-12-01'), ('2019-03-13'), ('2019-05-05'), ('2024-02-29'), ('infinity')) AS t(d);

-- The scoring rules, one reason each (the unit tests hold many more)
SELECT t.label, s.score, s.reasons
FROM (VALUES
  ('exact keys', 'MARIA JOSE', 'ONEIL-SMITH', date '1980-03-04', NULL, 'María José', 'O''Neil Smith', date '1980-03-04', NULL::text[]),
  ('concatenated surname', 'MARIA JOSE', 'ONEILSMITH', '1980-03-04', NULL, 'María José', 'O''Neil-Smith', '1980-03-04', NULL),
  ('surname part', 'MARIA', 'GARCIA', '1990-07-15', NULL, 'María', 'García López', '1990-07-15', NULL),
  ('transposed', 'SMITH', 'JOHN', '1960-05-20', NULL, 'John', 'Smith', '1960-05-20', NULL),
  ('Vietnamese split', 'THI MINH KHAI', 'NGUYEN', '1985-11-02', NULL, 'Minh Khai', 'Nguyễn Thị', '1985-11-02', NULL),
  ('nickname', 'BILL', 'JONES', '1970-01-01', NULL, 'William', 'Jones', '1970-01-01', NULL),
  ('initial', 'J', 'JONES', '1970-01-01', NULL, 'John', 'Jones', '1970-01-01', NULL),
  ('day/month swap', 'ANNA', 'KOWALSKI', '1988-03-04', NULL, 'Anna', 'Kowalski', '1988-04-03', NULL),
  ('Cyrillic', 'OLGA', 'SHCHERBAKOVA', '1955-06-01', NULL, 'Ольга', 'Щербакова', '1955-06-01', NULL),
  ('member ID only', 'JOHN', 'SMITH', '1950-02-02', 'xyz-123', 'Jon', 'Smyth', '1951-02-02', ARRAY['M-9', 'XYZ123']),
  ('everything', 'JOHN', 'SMITH', '1950-02-02', 'XYZ123', 'John', 'Smith', '1950-02-02', ARRAY['XYZ123', NULL]),
  ('nothing', 'ALICE', 'BROWN', '1950-02-02', NULL, 'Zoe', 'Green', '1960-03-03', NULL),
  ('all unknown', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('infinite birth dates are unknown', 'ANNA', 'KOWALSKI', 'infinity', NULL, 'Anna', 'Kowalski', 'infinity', NULL)
) AS t(label, qf, ql, qb, qid, cf, cl, cb, cids),
LATERAL costshare.match_score(t.qf, t.ql, t.qb, t.qid, t.cf, t.cl, t.cb, t.cids) s;

BEGIN;
-- A practice's members: the hard cases, and look-alikes that must rank below them
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES
  ('IDT-01', 'María José', 'O''Neil-Smith', '1980-03-04'),
  ('IDT-02', 'Maria', 'O''Neil', '1980-03-04'),            -- same birth date, a surname part
  ('IDT-03', 'María José', 'O''Neil-Smith', '1982-03-04'),  -- same name, another birth date
  ('IDT-04', 'Minh Khai', 'Nguyễn Thị', '1985-11-02'),
  ('IDT-05', 'William', 'Jones', '1970-01-01'),
  ('IDT-06', 'Wilma', 'Jones', '1970-01-01'),
  ('IDT-07', 'Anna', 'Kowalski', '1988-04-03'),
  ('IDT-08', 'Ольга', 'Щербакова', '1955-06-01'),
  ('IDT-09', 'John', 'Smith Jr', '1990-09-09'),
  ('IDT-10', 'John', 'Smith', '1960-05-20'),
  ('IDT-11', 'Juan', 'de la Cruz', '1975-01-30'),
  ('IDT-12', '泽东', '毛', '1950-02-02');
INSERT INTO costshare.payer VALUES ('IDT-PAYER', 'Identity test payer', 'commercial');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('IDT-PLAN', 'IDT-PAYER', 'Identity test plan');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
VALUES ('IDT-05', 'IDT-05', 'IDT-F5', 'IDT-PLAN', '[2026-01-01,)', 'XYZ 1234-5678');

-- Each query with its best candidates (rows of this test only), best first
SELECT q.label, r.member, r.score, r.reasons
FROM (VALUES
  (1, 'payer spelling of a hyphenated Spanish name', 'MARIA JOSE', 'ONEIL SMITH', date '1980-03-04', NULL::text),
  (2, 'concatenated surname', 'MARIA JOSE', 'ONEILSMITH', '1980-03-04', NULL),
  (3, 'birth date with day and month swapped', 'ANNA', 'KOWALSKI', '1988-03-04', NULL),
  (4, 'Vietnamese name split differently', 'THI MINH KHAI', 'NGUYEN', '1985-11-02', NULL),
  (5, 'nickname', 'BILL', 'JONES', '1970-01-01', NULL),
  (6, 'payer member ID with another layout', 'WM', 'JONES', '1970-01-01', 'ID: xyz12345678'),
  (7, 'Cyrillic record, Latin query', 'OLGA', 'SHCHERBAKOVA', '1955-06-01', NULL),
  (8, 'first and last swapped', 'SMITH', 'JOHN', '1960-05-20', NULL),
  (9, 'suffix in the practice record', 'JOHN', 'SMITH', '1990-09-09', NULL),
  (10, 'particles written together', 'JUAN', 'DELACRUZ', '1975-01-30', NULL),
  (11, 'Chinese record, pinyin query in Western order', 'ZEDONG', 'MAO', '1950-02-02', NULL),
  (12, 'a stranger', 'ZEBULON', 'QUACKENBUSH', '1977-07-31', NULL),
  (13, 'transposed and spelled differently', 'O NEILSMITH', 'MARIA JOSE', '1980-03-04', NULL)
) AS q(n, label, first_name, last_name, birth_date, member_id)
LEFT JOIN LATERAL (SELECT * FROM costshare.match_member(q.first_name, q.last_name, q.birth_date, q.member_id,
                                                        max_candidates => 50, min_score => 0) m
                   WHERE m.member LIKE 'IDT-%' LIMIT 3) r ON true
ORDER BY q.n, r.score DESC, r.member;

-- The defaults: at most 5 rows scoring 50 or more (a name alone, 45, is not enough)
SELECT member, score FROM costshare.match_member('María José', 'O''Neil-Smith', '1999-12-31') WHERE member LIKE 'IDT-%';
SELECT count(*) AS rows FROM costshare.match_member('María José', 'O''Neil-Smith', '1980-03-04', max_candidates => 1);
-- Nothing to go on: no rows, no error
SELECT count(*) AS rows FROM costshare.match_member(NULL, NULL, NULL);
SELECT count(*) AS rows FROM costshare.match_member('', '  ', NULL, '--');

-- Works under an empty search_path
SET search_path = '';
SELECT member, score FROM costshare.match_member('BILL', 'JONES', '1970-01-01') WHERE member LIKE 'IDT-%';
SELECT costshare.name_key('Nguyễn'), costshare.member_id_key('id: a-1');
RESET search_path;

-- The probes are index scans, on a member table of realistic size
INSERT INTO costshare.member (member_id, first_name, last_name, birth_date)
SELECT 'IDT-G' || g, (ARRAY['Ana', 'José', 'Minh', 'Olga', 'John', 'Mary'])[1 + g % 6] || g % 97,
       (ARRAY['García', 'Nguyễn', 'Smith', 'O''Brien', 'Kowalski'])[1 + g % 5] || g % 89,
       date '1940-01-01' + (g * 7919) % 25000
FROM generate_series(1, 20000) AS g;
ANALYZE costshare.member;
ANALYZE costshare.enrollment;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF)
SELECT * FROM costshare.match_candidates('MARIA JOSE', 'ONEIL SMITH', '1980-03-04', 'XYZ 1234-5678');
-- as match_member runs it (a generic plan, the keys computed from parameters)
SET plan_cache_mode = force_generic_plan;
PREPARE probe(text, text, date, text) AS SELECT * FROM costshare.match_candidates($1, $2, $3, $4);
EXPLAIN (COSTS OFF) EXECUTE probe('MARIA JOSE', 'ONEIL SMITH', '1980-03-04', NULL);
SELECT * FROM costshare.match_member('MARIA JOSE', 'ONEIL SMITH', '1980-03-04') WHERE member LIKE 'IDT-%';
DEALLOCATE probe;
RESET plan_cache_mode;
RESET enable_seqscan;
RESET enable_bitmapscan;
ROLLBACK;

-- The ICU version the indexes were built with is recorded, and the check compares it with the running one
SELECT recorded_version = costshare.icu_version() AS recorded_is_running, reindex_needed,
       running_version ~ '^[0-9]+\.[0-9]+' AS version_looks_right
FROM costshare.identity_icu_check();
-- After an ICU upgrade the record differs: the check says so, and reindex_identity rebuilds and records
BEGIN;
UPDATE costshare.identity_icu SET icu_version = '0.1';
SELECT recorded_version, reindex_needed FROM costshare.identity_icu_check();
SELECT costshare.reindex_identity() = costshare.icu_version() AS reindexed;
SELECT reindex_needed FROM costshare.identity_icu_check();
ROLLBACK;

-- Errors: a specific SQLSTATE, message, detail and hint, and never the member data they were about
CREATE FUNCTION pg_temp.attempt(q text) RETURNS TABLE (code text, message text, detail text, hint text, leaks boolean)
LANGUAGE plpgsql AS $$
DECLARE m text; d text; h text;
BEGIN
    EXECUTE q;
    RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::text, NULL::text, false;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN QUERY SELECT code, m, d, h,
        concat_ws(' ', m, d, h) ~* '(Zebulon|Quackenbush|1977-07-31|W9988)';
END $$;
SELECT label, (a).code, (a).message, (a).detail, (a).hint, (a).leaks
FROM (VALUES
  ('name too long', $$SELECT costshare.name_key('Zebulon ' || repeat('Quackenbush', 100))$$),
  ('member ID too long', $$SELECT costshare.member_id_key('W9988' || repeat('7', 300))$$),
  ('member row with a name too long', $$INSERT INTO costshare.member VALUES ('IDT-LONG', 'Zebulon', repeat('Quackenbush', 100), '1977-07-31')$$),
  ('match with a name too long', $$SELECT * FROM costshare.match_member('Zebulon', repeat('Quackenbush', 100), '1977-07-31', 'W9988')$$),
  ('match with max_candidates 0', $$SELECT * FROM costshare.match_member('Zebulon', 'Quackenbush', '1977-07-31', 'W9988', 0)$$),
  ('match with min_score 101', $$SELECT * FROM costshare.match_member('Zebulon', 'Quackenbush', '1977-07-31', 'W9988', 5, 101)$$),
  ('match with NULL max_candidates', $$SELECT * FROM costshare.match_member('Zebulon', 'Quackenbush', '1977-07-31', 'W9988', NULL)$$)
) v(label, q), LATERAL (SELECT x FROM pg_temp.attempt(v.q) x) t(a)
ORDER BY label;
