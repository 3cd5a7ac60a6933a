-- encoding: costshare in databases that are not UTF-8 (issue 9 defect 6).  The engine reads and writes
-- UTF-8; the glue converts what goes in (names, locale tags) to UTF-8 and what comes out (explanations,
-- keys, locales) to the database encoding, and refuses with 22P05 (untranslatable_character), naming
-- the character, where the database encoding cannot hold one.  Runs in two throwaway databases,
-- LATIN1 and ISO_8859_5, created here and dropped at the end; the client reads UTF-8 throughout.

\set SHOW_CONTEXT never
SET client_encoding = 'UTF8';
SELECT pg_catalog.current_database() AS home \gset
DROP DATABASE IF EXISTS costshare_regress_latin1;
DROP DATABASE IF EXISTS costshare_regress_cyrillic;
CREATE DATABASE costshare_regress_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE costshare_regress_cyrillic ENCODING 'ISO_8859_5' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;

-- ===================================================================================================
-- 1. LATIN1: explanations in Spanish (accents, the no-break space of "US$") come back as LATIN1 text
-- ===================================================================================================
\c costshare_regress_latin1
SET client_encoding = 'UTF8';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION btree_gist;
CREATE EXTENSION costshare;
SELECT pg_catalog.getdatabaseencoding();
BEGIN;
\i test/regress/sample_practice.sql
-- the text as the client sees it (UTF-8, converted by the server from LATIN1), and that the stored
-- LATIN1 text holds no UTF-8 lead byte (Ã, 0xC3 in LATIN1: what raw UTF-8 "í" or "á" looks like)
SELECT x AS es, strpos(x, U&'\00C3') = 0 AS no_raw_utf8, strpos(x, U&'\00A0US$') > 0 AS nbsp_us_dollar
FROM (SELECT costshare.explain('M-NGUYEN-1', date '2026-10-20', '90837', '1222222223', '11', NULL, 'es') AS x) s;
SELECT x AS es, strpos(x, U&'\00C3') = 0 AS no_raw_utf8
FROM (SELECT costshare.explain('NOBODY', date '2026-10-05', '90837', NULL, '11', NULL, 'es') AS x) s;
-- the same text as in a UTF-8 database, byte for byte once converted back
SELECT md5(convert_to(costshare.explain('M-ALVAREZ-1', date '2026-10-05', '90837', '1222222223', '11', NULL, 'es-MX'), 'UTF8')) AS es_mx_md5;
SELECT costshare.explain_locale('es-MX') AS locale;
-- names in: LATIN1 text is converted to UTF-8 before ICU keys it; the key comes back in LATIN1
SELECT costshare.name_key('Müller-Ñúñez'), costshare.name_key('Zoë O''Brien'), costshare.member_id_key('ñ-123');
SELECT (costshare.match_score('José', 'Núñez', '1980-01-01', NULL, 'JOSE', 'NUNEZ', '1980-01-01', NULL)).score;
-- X12 in: the parser reads bytes, so a LATIN1 name in a 271 comes back unchanged
SELECT (subscriber).last_name, (subscriber).first_name
FROM costshare.parse_271('ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~GS*HB*SENDER*RECEIVER*20240101*1200*7*X*005010X279A1~ST*271*0001*005010X279A1~HL*1**20*1~NM1*PR*2*PAYER*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~HL*3*2*22*0~NM1*IL*1*MÜLLER*JOSÉ****MI*X1~EB*1*IND*30~SE*9*0001~GE*1*7~IEA*1*000000001~');
ROLLBACK;

-- ===================================================================================================
-- 2. ISO_8859_5 (Cyrillic): English fits; Spanish has letters the encoding lacks: 22P05, never bytes
-- ===================================================================================================
\c costshare_regress_cyrillic
SET client_encoding = 'UTF8';
CREATE EXTENSION btree_gist;
CREATE EXTENSION costshare;
SELECT costshare.explain('NOBODY', date '2026-10-05', '90837') AS en;
DO $$
BEGIN
    PERFORM costshare.explain('NOBODY', date '2026-10-05', '90837', locale => 'es');
EXCEPTION WHEN OTHERS THEN
    DECLARE
        c text; m text; d text; h text;
    BEGIN
        GET STACKED DIAGNOSTICS c = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
        RAISE NOTICE 'code %: % | % | %', c, m, d, h;
    END;
END $$;
SELECT costshare.name_key('Иван Петров') AS cyrillic_name_key;

\c :home
DROP DATABASE costshare_regress_latin1;
DROP DATABASE costshare_regress_cyrillic;
