-- x12_payer_c.sql — costshare.x12_payer in C (the rule in the engine, cs_x12_payer.c, since issue 10)
-- against the 1.2 PL/pgSQL it replaced (schema costshare_ref_x12, loaded by test.sh from
-- test/reference/x12_payer_1_2.sql): the same answer on generated payer tables and keys (white space of
-- every kind, case, non-ASCII letters and a no-break space, ambiguity, NULL and empty keys, empty names,
-- x12_ids with NULL elements), through the one-, two- and three-argument forms; and the same rights: the
-- same error without SELECT, the same answers with column privileges only, under row-level security
-- (policies filter the payers both see) and with row_security off.
BEGIN;
SELECT plan(12);
SET LOCAL client_min_messages = warning;
-- the payer table is replaced in this transaction (its foreign keys' triggers are off: replica role)
SET LOCAL session_replication_role = replica;

-- one call's answer as text: the payer, NULL, or the error's SQLSTATE and message
CREATE FUNCTION pg_temp.ans(f text, a text, b text, c text, nargs int DEFAULT 3) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE CASE nargs WHEN 1 THEN format('SELECT %s(%L)', f, a)
                       WHEN 2 THEN format('SELECT %s(%L, %L)', f, a, b)
                       ELSE format('SELECT %s(%L, %L, %L)', f, a, b, c) END INTO r;
    RETURN coalesce('= ' || r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE || ' ' || SQLERRM;
END $$;

CREATE TEMP TABLE cmp (round int, a text, b text, c text, nargs int, got text, want text);

-- the strings payer ids, names, X12 ids and keys are drawn from
CREATE FUNCTION pg_temp.pool() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
SELECT ARRAY['acme', 'ACME', ' Acme ', 'acme  health', E'acme\thealth', E'ACME\nHEALTH', E'\u000Bacme',
             E'acme\f', E'acme\r', 'Acme Health', '99-prim', '99-PRIM', ' 99-prim', 'b c', E'b \t c',
             U&'b\00A0c', U&'\00E9', U&'\00C9', U&'\00FC x', U&'\00DC X', 'second guard', 'SECOND  GUARD',
             'x', 'X', ' x', 'x ', '', ' ', E'\t', E'\n \n']
$$;
CREATE FUNCTION pg_temp.pick() RETURNS text LANGUAGE sql VOLATILE AS $$
SELECT (pg_temp.pool())[1 + floor(random() * cardinality(pg_temp.pool()))::int]
$$;
-- a key: NULL, a string of the pool, or one changed in case
CREATE FUNCTION pg_temp.key() RETURNS text LANGUAGE sql VOLATILE AS $$
SELECT CASE WHEN r < 0.15 THEN NULL WHEN r < 0.3 THEN upper(pg_temp.pick()) WHEN r < 0.4 THEN lower(pg_temp.pick())
            ELSE pg_temp.pick() END
  FROM (SELECT random() AS r) s
$$;

DO $$
DECLARE
    n int;
    a text; b text; c text; k int;
BEGIN
    PERFORM setseed(0.42);
    FOR round IN 1 .. 80 LOOP
        DELETE FROM costshare.payer;
        n := 1 + floor(random() * 8)::int;
        FOR i IN 1 .. n LOOP
            INSERT INTO costshare.payer (payer_id, name, x12_ids)
            SELECT pid, pg_temp.pick(),
                   ARRAY(SELECT CASE WHEN random() < 0.2 THEN NULL ELSE pg_temp.pick() END
                           FROM generate_series(1, floor(random() * 4)::int))
              FROM (SELECT pg_temp.pick() AS pid) p
             WHERE pid <> ''
            ON CONFLICT (payer_id) DO NOTHING;
        END LOOP;
        FOR i IN 1 .. 60 LOOP
            a := pg_temp.key(); b := pg_temp.key(); c := pg_temp.key();
            k := CASE WHEN i % 10 = 0 THEN 1 WHEN i % 10 = 1 THEN 2 ELSE 3 END;
            INSERT INTO cmp VALUES (round, a, b, c, k, pg_temp.ans('costshare.x12_payer', a, b, c, k),
                                    pg_temp.ans('costshare_ref_x12.x12_payer', a, b, c, k));
        END LOOP;
        -- keys taken from the table itself: each payer's id, name and X12 ids, as stored and re-spaced
        FOR a, b, c IN
            SELECT p.payer_id, p.name, x.id FROM costshare.payer p LEFT JOIN LATERAL unnest(p.x12_ids) x(id) ON true
        LOOP
            INSERT INTO cmp VALUES
                (round, a, NULL, NULL, 1, pg_temp.ans('costshare.x12_payer', a, NULL, NULL, 1),
                 pg_temp.ans('costshare_ref_x12.x12_payer', a, NULL, NULL, 1)),
                (round, NULL, b, NULL, 3, pg_temp.ans('costshare.x12_payer', NULL, b, NULL),
                 pg_temp.ans('costshare_ref_x12.x12_payer', NULL, b, NULL)),
                (round, 'nobody', ' ' || upper(b) || E'\t', c, 3, pg_temp.ans('costshare.x12_payer', 'nobody', ' ' || upper(b) || E'\t', c),
                 pg_temp.ans('costshare_ref_x12.x12_payer', 'nobody', ' ' || upper(b) || E'\t', c)),
                (round, lower(c), b, a, 3, pg_temp.ans('costshare.x12_payer', lower(c), b, a),
                 pg_temp.ans('costshare_ref_x12.x12_payer', lower(c), b, a));
        END LOOP;
    END LOOP;
END $$;

SELECT is((SELECT count(*) FROM cmp WHERE got IS DISTINCT FROM want), 0::bigint,
          'costshare.x12_payer answers as the 1.2 PL/pgSQL on every generated table and key');
SELECT ok((SELECT count(*) FROM cmp) > 6000, 'many calls were compared');
SELECT ok((SELECT count(*) FROM cmp WHERE want LIKE '= %') > 1000, 'many found a payer');
SELECT ok((SELECT count(*) FROM cmp WHERE want = 'NULL' AND coalesce(btrim(a), '') <> '') > 1000,
          'many found none (no match, or ambiguous) for a non-empty payer id');
-- ambiguity: a key naming two payers ends the search, even when a later key names one
DELETE FROM costshare.payer;
INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES
    ('P1', 'One', '{SHARED}'), ('P2', 'Two', E'{" shared\t", NULL}'), ('P3', 'Three', '{}');
SELECT is(ARRAY[pg_temp.ans('costshare.x12_payer', 'SHARED', 'Three', NULL),
                pg_temp.ans('costshare.x12_payer', 'nobody', 'three', NULL),
                pg_temp.ans('costshare.x12_payer', 'p3', NULL, 'shared')],
          ARRAY[pg_temp.ans('costshare_ref_x12.x12_payer', 'SHARED', 'Three', NULL),
                pg_temp.ans('costshare_ref_x12.x12_payer', 'nobody', 'three', NULL),
                pg_temp.ans('costshare_ref_x12.x12_payer', 'p3', NULL, 'shared')],
          'ambiguity and the order of the keys as before');
SELECT is(ARRAY[pg_temp.ans('costshare.x12_payer', 'SHARED', 'Three', NULL),
                pg_temp.ans('costshare.x12_payer', 'nobody', 'three', NULL),
                pg_temp.ans('costshare.x12_payer', 'p3', NULL, 'shared')],
          ARRAY['NULL', '= P3', '= P3'], 'which are: ambiguous, by name, by payer id first');

-- rights: a role without SELECT on costshare.payer, then with the three columns only
CREATE ROLE cs_x12p_reader;
GRANT USAGE ON SCHEMA costshare TO cs_x12p_reader;
CREATE TEMP TABLE rights (step text, a text, b text, c text, got text, want text);
GRANT ALL ON rights TO cs_x12p_reader;
CREATE FUNCTION pg_temp.rights(step text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    a text; b text; c text;
BEGIN
    FOR a, b, c IN VALUES ('P1', NULL, NULL), (NULL, 'one', NULL), ('shared', 'two', NULL), (NULL, NULL, NULL),
                          ('', ' ', NULL), ('nobody', NULL, 'p2'), ('p3', NULL, NULL) LOOP
        INSERT INTO rights VALUES (step, a, b, c, pg_temp.ans('costshare.x12_payer', a, b, c),
                                   pg_temp.ans('costshare_ref_x12.x12_payer', a, b, c));
    END LOOP;
END $$;
SET LOCAL ROLE cs_x12p_reader;
SELECT pg_temp.rights('no privilege');
RESET ROLE;
GRANT SELECT (payer_id, name, x12_ids) ON costshare.payer TO cs_x12p_reader;
SET LOCAL ROLE cs_x12p_reader;
SELECT pg_temp.rights('column privileges');
RESET ROLE;
-- row-level security: the role sees P1 and P3 only
GRANT SELECT ON costshare.payer TO cs_x12p_reader;
SET LOCAL costshare.allow_table_ddl = on;
ALTER TABLE costshare.payer ENABLE ROW LEVEL SECURITY;
CREATE POLICY cs_x12p_some ON costshare.payer FOR SELECT TO cs_x12p_reader USING (payer_id <> 'P2');
SET LOCAL ROLE cs_x12p_reader;
SELECT pg_temp.rights('row-level security');
SET LOCAL row_security = off;
SELECT pg_temp.rights('row_security off');
RESET row_security;
RESET ROLE;
ALTER TABLE costshare.payer DISABLE ROW LEVEL SECURITY;

SELECT is((SELECT count(*) FROM rights WHERE got IS DISTINCT FROM want), 0::bigint,
          'the same answers and errors for a role without SELECT, with column privileges, under row-level security and with row_security off');
SELECT is((SELECT array_agg(DISTINCT got) FROM rights WHERE step = 'no privilege' AND coalesce(a, b, c) <> ''),
          ARRAY['ERROR 42501 permission denied for table payer'], 'without SELECT: permission denied');
SELECT is((SELECT array_agg(got ORDER BY got) FROM rights WHERE step = 'no privilege' AND coalesce(btrim(a), '') = ''
             AND coalesce(btrim(b), '') = '' AND c IS NULL),
          ARRAY['NULL', 'NULL'], 'without SELECT, no key: NULL and nothing read');
SELECT is((SELECT array_agg(got ORDER BY a, b) FROM rights WHERE step = 'column privileges' AND a IN ('P1', 'shared', 'nobody')),
          ARRAY['= P1', '= P2', 'NULL'], 'with the three columns: the answers');
SELECT is((SELECT array_agg(got ORDER BY a, b) FROM rights WHERE step = 'row-level security' AND a IN ('P1', 'shared', 'nobody')),
          ARRAY['= P1', 'NULL', '= P1'], 'under row-level security the policy hides P2: "shared" names P1 only');
SELECT is((SELECT array_agg(DISTINCT got) FROM rights WHERE step = 'row_security off' AND coalesce(btrim(a), btrim(b), c) <> ''),
          ARRAY['ERROR 42501 query would be affected by row-level security policy for table "payer"'],
          'with row_security off: refused as a query would be');

SELECT * FROM finish();
ROLLBACK;
