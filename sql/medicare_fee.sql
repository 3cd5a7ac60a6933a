-- medicare_fee: the Medicare physician fee schedule against CMS's own files (../shared/data/cms-pfs-2025):
-- the exact formula and its rounding, the CSV tokenizer, the loaders (twice: idempotent), domain.md §11
-- rows 15 and 17 (every locality price of 76145 in PFREV25C.txt), and hostile input, each refused with
-- its SQLSTATE, message, detail and hint, changing nothing.
-- Paths are relative to the repository root, where pg_regress runs psql.

\set rvu `cat ../shared/data/cms-pfs-2025/PPRRVU2025_Oct_subset.csv`
\set gpci `cat ../shared/data/cms-pfs-2025/GPCI2025.csv`
\set locco `cat ../shared/data/cms-pfs-2025/25LOCCO.csv`
\set pfrev `cat ../shared/data/cms-pfs-2025/PFREV25C.txt`

\i test/regress/try.sql

-- ---------------------------------------------------------------------------------------------------
-- The formula (domain.md §7) and §11 row 15: 90837 national (GPCIs 1.000), 2025 CF 32.3465
-- ---------------------------------------------------------------------------------------------------

SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 32.3465) AS nonfacility_154_29,
       costshare.medicare_fee(3.63, 0.45, 0.08, 1, 1, 1, 32.3465) AS facility_134_56,
       costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 32.3465, 0.75) AS lcsw_75pct_115_72,
       costshare.medicare_fee(3.63, 0.45, 0.08, 1, 1, 1, 32.3465, 0.75) AS lcsw_facility_100_92;

-- rounded once, half up, at the end; the percentage applies to the rounded amount
SELECT costshare.medicare_fee(1, 0, 0, 1, 0, 0, 0.0050) AS half_cent_up,
       costshare.medicare_fee(1, 0, 0, 1, 0, 0, 0.0049) AS under_half_cent,
       costshare.medicare_fee(0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 166.6667) AS summed_before_rounding,
       costshare.medicare_fee(1, 0, 0, 1, 0, 0, 100.0050, 0.75) AS pct_after_rounding_75_01,
       costshare.medicare_fee(1, 0, 0, 1, 0, 0, 100, 0.75 * 1.2345) AS product_of_shares_92_59,
       costshare.medicare_fee(1, 0, 0, 1, 0, 0, 100, 0.875 * 1.2345) AS seven_decimals_108_02,
       costshare.medicare_fee(100000, 0, 0, 10, 0, 0, 1000) AS largest_amount,
       costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 32.3465, NULL) AS strict_null;

-- ---------------------------------------------------------------------------------------------------
-- The CSV tokenizer
-- ---------------------------------------------------------------------------------------------------

SELECT r FROM costshare.csv_rows(E'\xEF\xBB\xBFh1,h2\r\n"a,b","say ""hi"""\r\n"two\nlines",\r\n\n,x') r;
SELECT * FROM costshare.csv_records(E'a\n"b\r\nc",d\ne');
SELECT (SELECT count(*) FROM costshare.csv_rows('')) AS empty_document,
       (SELECT count(*) FROM costshare.csv_rows(E'\r\n')) AS one_empty_line;
SELECT costshare.csv_rows('one,two') AS in_select_list;
SELECT cardinality(r) AS fields, count(*) AS records
FROM costshare.csv_rows(:'pfrev') r GROUP BY 1 ORDER BY 1;

-- ---------------------------------------------------------------------------------------------------
-- Loading CMS's files, twice: the second load changes no row and returns the same counts
-- ---------------------------------------------------------------------------------------------------

SELECT year, conversion_factor, conversion_factor_apm FROM costshare.medicare_conversion_factor ORDER BY year;

SELECT costshare.load_medicare_rvu(2025, :'rvu') AS rvu,
       costshare.load_medicare_gpci(2025, :'gpci') AS gpci,
       costshare.load_medicare_locality(2025, :'locco') AS localities;

-- each row's physical version (ctid, xmin) before the second load
CREATE TEMP TABLE before_reload AS
SELECT 'rvu' AS t, ctid::text AS tid, xmin::text AS x FROM costshare.medicare_rvu
UNION ALL SELECT 'gpci', ctid::text, xmin::text FROM costshare.medicare_gpci
UNION ALL SELECT 'locality', ctid::text, xmin::text FROM costshare.medicare_locality;

SELECT costshare.load_medicare_rvu(2025, :'rvu') AS rvu,
       costshare.load_medicare_gpci(2025, :'gpci') AS gpci,
       costshare.load_medicare_locality(2025, :'locco') AS localities;

SELECT count(*) AS rows_before,
       count(*) FILTER (WHERE (t, tid, x) NOT IN (
           SELECT 'rvu', ctid::text, xmin::text FROM costshare.medicare_rvu
           UNION ALL SELECT 'gpci', ctid::text, xmin::text FROM costshare.medicare_gpci
           UNION ALL SELECT 'locality', ctid::text, xmin::text FROM costshare.medicare_locality)) AS rows_rewritten,
       (SELECT count(*) FROM costshare.medicare_rvu) + (SELECT count(*) FROM costshare.medicare_gpci)
         + (SELECT count(*) FROM costshare.medicare_locality) AS rows_after
FROM before_reload;

SELECT hcpcs, modifier, status_code, work_rvu, pe_rvu_nonfacility, pe_nonfacility_na, pe_rvu_facility,
       pe_facility_na, mp_rvu, pctc_indicator, global_days, conversion_factor
FROM costshare.medicare_rvu ORDER BY hcpcs, modifier;

SELECT * FROM costshare.medicare_gpci
WHERE (mac, locality) IN (('01112', '05'), ('02102', '01'), ('01212', '01'), ('04412', '15'), ('03602', '21'))
ORDER BY mac, locality;

-- the locality file prints MAC 1112 locality 5 and each state once; MAC 5302 locality 99 twice
SELECT * FROM costshare.medicare_locality
WHERE (mac, locality) IN (('01112', '05'), ('01112', '75'), ('05302', '99'), ('13202', '03'), ('11302', '00'))
ORDER BY mac, locality;

-- every GPCI locality has its counties and the other way round
SELECT count(*) AS gpci_localities,
       count(l.mac) AS with_counties,
       (SELECT count(*) FROM costshare.medicare_locality x
         WHERE NOT EXISTS (SELECT 1 FROM costshare.medicare_gpci y
                            WHERE (y.year, y.mac, y.locality) = (x.year, x.mac, x.locality))) AS counties_without_gpci
FROM costshare.medicare_gpci g
LEFT JOIN costshare.medicare_locality l USING (year, mac, locality);

-- ---------------------------------------------------------------------------------------------------
-- §11 row 15 from the loaded tables, and medicare_price
-- ---------------------------------------------------------------------------------------------------

SELECT hcpcs,
       costshare.medicare_fee(work_rvu, pe_rvu_nonfacility, mp_rvu, 1, 1, 1, c.conversion_factor) AS national_nonfacility,
       costshare.medicare_fee(work_rvu, pe_rvu_facility, mp_rvu, 1, 1, 1, c.conversion_factor) AS national_facility
FROM costshare.medicare_rvu r JOIN costshare.medicare_conversion_factor c USING (year)
WHERE hcpcs IN ('90791', '90832', '90834', '90837', '99213')
ORDER BY hcpcs;

SELECT costshare.medicare_price(2025, '90837', '', '01112', '05', false) AS sf_office,
       costshare.medicare_price(2025, '90837', '', '01112', '05', true) AS sf_facility,
       costshare.medicare_price(2025, '90837', NULL, '1112', '5', false, 0.75) AS sf_lcsw_unpadded,
       costshare.medicare_price(2025, ' 90837 ', '', '04412', '99', false) AS rest_of_texas,
       costshare.medicare_price(2025, '90837', '', '10112', '00', false) = costshare.medicare_price(2025, '90837', '', '10112', '0', false) AS pads_locality;

-- NULL when something is not loaded, or for a NULL argument
SELECT costshare.medicare_price(2025, '90999', '', '01112', '05', false) AS code_not_loaded,
       costshare.medicare_price(2025, '90837', '26', '01112', '05', false) AS modifier_not_loaded,
       costshare.medicare_price(2025, '90837', '', '01112', '42', false) AS locality_not_loaded,
       costshare.medicare_price(2024, '90837', '', '01112', '05', false) AS year_not_loaded,
       costshare.medicare_price(2025, '90837', '', '01112', '05', NULL) AS facility_null;

-- ---------------------------------------------------------------------------------------------------
-- §11 row 17: CMS's own locality prices of 76145 (PFREV25C.txt) against medicare_price: zero mismatches
-- ---------------------------------------------------------------------------------------------------

CREATE TEMP TABLE pfrev AS
SELECT r[1]::int AS year, r[2] AS mac, r[3] AS locality, r[4] AS hcpcs, btrim(r[5]) AS modifier,
       r[6]::numeric AS nonfacility, r[7]::numeric AS facility
FROM costshare.csv_rows(:'pfrev') r
WHERE cardinality(r) = 16;

SELECT count(*) AS localities,
       count(*) FILTER (WHERE costshare.medicare_price(year, hcpcs, modifier, mac, locality, false) = nonfacility) AS nonfacility_equal,
       count(*) FILTER (WHERE costshare.medicare_price(year, hcpcs, modifier, mac, locality, true) = facility) AS facility_equal,
       count(*) FILTER (WHERE costshare.medicare_price(year, hcpcs, modifier, mac, locality, false) IS DISTINCT FROM nonfacility
                           OR costshare.medicare_price(year, hcpcs, modifier, mac, locality, true) IS DISTINCT FROM facility) AS mismatches,
       min(nonfacility) AS lowest, max(nonfacility) AS highest
FROM pfrev;

-- The rounding convention, by evidence: CMS's prices under each candidate (exact numeric arithmetic).
-- Only "round the final amount once" reproduces all 109; no exact amount lies on a half cent here,
-- so half up and half even cannot be told apart by this file (half up is what CMS documents).
SELECT c.candidate, count(*) FILTER (WHERE c.price = p.nonfacility) AS localities_equal
FROM pfrev p
JOIN costshare.medicare_rvu r USING (year, hcpcs, modifier)
JOIN costshare.medicare_gpci g USING (year, mac, locality)
JOIN costshare.medicare_conversion_factor f USING (year)
CROSS JOIN LATERAL (VALUES
    ('1 final amount rounded half up (costshare)',
     round((r.work_rvu * g.work_gpci + r.pe_rvu_nonfacility * g.pe_gpci + r.mp_rvu * g.mp_gpci) * f.conversion_factor, 2)),
    ('2 final amount truncated',
     trunc((r.work_rvu * g.work_gpci + r.pe_rvu_nonfacility * g.pe_gpci + r.mp_rvu * g.mp_gpci) * f.conversion_factor, 2)),
    ('3 each RVU x GPCI rounded to 2 decimals',
     round((round(r.work_rvu * g.work_gpci, 2) + round(r.pe_rvu_nonfacility * g.pe_gpci, 2) + round(r.mp_rvu * g.mp_gpci, 2)) * f.conversion_factor, 2)),
    ('4 each RVU x GPCI rounded to 4 decimals',
     round((round(r.work_rvu * g.work_gpci, 4) + round(r.pe_rvu_nonfacility * g.pe_gpci, 4) + round(r.mp_rvu * g.mp_gpci, 4)) * f.conversion_factor, 2)),
    ('5 adjusted RVU total rounded to 2 decimals',
     round(round(r.work_rvu * g.work_gpci + r.pe_rvu_nonfacility * g.pe_gpci + r.mp_rvu * g.mp_gpci, 2) * f.conversion_factor, 2)),
    ('6 adjusted RVU total rounded to 4 decimals',
     round(round(r.work_rvu * g.work_gpci + r.pe_rvu_nonfacility * g.pe_gpci + r.mp_rvu * g.mp_gpci, 4) * f.conversion_factor, 2)),
    ('7 each component x CF rounded to the cent',
     round(r.work_rvu * g.work_gpci * f.conversion_factor, 2) + round(r.pe_rvu_nonfacility * g.pe_gpci * f.conversion_factor, 2)
       + round(r.mp_rvu * g.mp_gpci * f.conversion_factor, 2)),
    ('8 exact amounts lying on a half cent',
     CASE WHEN ((r.work_rvu * g.work_gpci + r.pe_rvu_nonfacility * g.pe_gpci + r.mp_rvu * g.mp_gpci) * f.conversion_factor * 1000) % 10 = 5
               AND ((r.work_rvu * g.work_gpci + r.pe_rvu_nonfacility * g.pe_gpci + r.mp_rvu * g.mp_gpci) * f.conversion_factor * 1000) % 1 = 0
          THEN p.nonfacility END)
) c(candidate, price)
GROUP BY c.candidate ORDER BY c.candidate;

-- ---------------------------------------------------------------------------------------------------
-- Hostile input: each refused with SQLSTATE, message, detail and hint; nothing changes
-- ---------------------------------------------------------------------------------------------------

CREATE TEMP TABLE doc (name text PRIMARY KEY, body text);
INSERT INTO doc VALUES
  ('rvu', :'rvu'), ('gpci', :'gpci'), ('locco', :'locco'), ('pfrev', :'pfrev'),
  -- truncated in the middle of a line (the 99213 row)
  ('rvu_truncated', left(:'rvu', strpos(:'rvu', '99213') + 20)),
  -- truncated inside a quoted field
  ('pfrev_truncated', left(:'pfrev', 200)),
  -- the CONV FACTOR column renamed
  ('rvu_no_cf', replace(:'rvu', ',BASE,FACTOR,', ',BASE,,')),
  -- the GPCI header without its PE GPCI column name
  ('gpci_no_pe', replace(:'gpci', '2025 PE GPCI', '2025 GPCI')),
  -- no header at all
  ('rvu_no_header', replace(:'rvu', 'HCPCS,MOD,', 'CODE,MODIFIER,')),
  -- a non-numeric work RVU on 90837 (line 16), after rows that would load
  ('rvu_bad_number', replace(:'rvu', '90837,,,A,,3.63,', '90837,,,A,,3.6x,')),
  -- an early row changed (90791 work RVU 9.99), a later row broken: nothing may change
  ('rvu_changed_then_bad', replace(replace(:'rvu', '90791,,,A,,3.84,', '90791,,,A,,9.99,'), '99214,,,A,,1.92,', '99214,,,A,,-1.92,')),
  ('rvu_three_decimals', replace(:'rvu', '90832,,,A,,1.86,', '90832,,,A,,1.865,')),
  ('rvu_bad_code', replace(:'rvu', E'\n90847,', E'\n9084,')),
  ('rvu_duplicate', :'rvu' || E'\n90837,,,A,,3.63,1.06,,0.45,,0.08,4.77,4.16,0,XXX,0.00,0.00,0.00,0,0,9,0,0,,32.3465,09,0,99,0.00,0.00,0.00'),
  ('rvu_quote_inside', replace(:'rvu', '90834,,,A,', '90834,,,A"x,')),
  ('rvu_after_quote', replace(:'rvu', '90834,,,A,', '90834,,,"A"x,')),
  -- a negative GPCI (Alabama's PE GPCI)
  ('gpci_negative', replace(:'gpci', '10112,AL,00,ALABAMA,1,0.869,', '10112,AL,00,ALABAMA,1,-0.869,')),
  ('gpci_zero', replace(:'gpci', '10112,AL,00,ALABAMA,1,0.869,', '10112,AL,00,ALABAMA,1,0,')),
  ('gpci_bad_mac', replace(:'gpci', '10112,AL,00,', '1O112,AL,00,')),
  ('gpci_ambiguous', replace(:'gpci', 'Locality Name', 'Locality Number')),
  ('gpci_header_only', left(:'gpci', strpos(:'gpci', '10112,AL') - 1)),
  ('locco_conflict', replace(:'locco', E'5302,99,,REST OF STATE*,ALL OTHER COUNTIES', E'5302,99,,REST OF STATE*,SOME OTHER COUNTIES'));

CREATE TEMP TABLE cases (id int PRIMARY KEY, label text, q text);
INSERT INTO cases VALUES
-- loaders
(101, 'rvu: truncated in the middle of a line', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_truncated'))$$),
(102, 'csv_rows: truncated inside a quoted field', $$SELECT count(*) FROM costshare.csv_rows((SELECT body FROM doc WHERE name = 'pfrev_truncated'))$$),
(103, 'rvu: a quote inside an unquoted field', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_quote_inside'))$$),
(104, 'rvu: text after a closing quote', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_after_quote'))$$),
(111, 'rvu: header without CONV FACTOR', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_no_cf'))$$),
(112, 'gpci: header without a PE GPCI column', $$SELECT costshare.load_medicare_gpci(2025, (SELECT body FROM doc WHERE name = 'gpci_no_pe'))$$),
(113, 'rvu: no header line', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_no_header'))$$),
(114, 'rvu: the GPCI file given as the RVU file', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'gpci'))$$),
(116, 'gpci: two Locality Number columns', $$SELECT costshare.load_medicare_gpci(2025, (SELECT body FROM doc WHERE name = 'gpci_ambiguous'))$$),
(115, 'gpci: the header and nothing else', $$SELECT costshare.load_medicare_gpci(2025, (SELECT body FROM doc WHERE name = 'gpci_header_only'))$$),
(121, 'rvu: non-numeric work RVU', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_bad_number'))$$),
(122, 'rvu: an early row changed, a later row negative', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_changed_then_bad'))$$),
(123, 'rvu: three decimals', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_three_decimals'))$$),
(124, 'rvu: a four-character code', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_bad_code'))$$),
(125, 'rvu: a code twice', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu_duplicate'))$$),
(131, 'gpci: negative PE GPCI', $$SELECT costshare.load_medicare_gpci(2025, (SELECT body FROM doc WHERE name = 'gpci_negative'))$$),
(132, 'gpci: zero PE GPCI', $$SELECT costshare.load_medicare_gpci(2025, (SELECT body FROM doc WHERE name = 'gpci_zero'))$$),
(133, 'gpci: a letter O in a MAC', $$SELECT costshare.load_medicare_gpci(2025, (SELECT body FROM doc WHERE name = 'gpci_bad_mac'))$$),
(134, 'locality: one locality with two different county lists', $$SELECT costshare.load_medicare_locality(2025, (SELECT body FROM doc WHERE name = 'locco_conflict'))$$),
(141, 'rvu: 2025 file loaded as 2024', $$SELECT costshare.load_medicare_rvu(2024, (SELECT body FROM doc WHERE name = 'rvu'))$$),
(142, 'gpci: 2025 file loaded as 2026', $$SELECT costshare.load_medicare_gpci(2026, (SELECT body FROM doc WHERE name = 'gpci'))$$),
(143, 'locality: 2025 file loaded as 2023', $$SELECT costshare.load_medicare_locality(2023, (SELECT body FROM doc WHERE name = 'locco'))$$),
(144, 'rvu: year 1900', $$SELECT costshare.load_medicare_rvu(1900, (SELECT body FROM doc WHERE name = 'rvu'))$$),
(145, 'rvu: NULL document', $$SELECT costshare.load_medicare_rvu(2025, NULL)$$),
(146, 'rvu: empty document', $$SELECT costshare.load_medicare_rvu(2025, '')$$),
-- medicare_fee
(201, 'fee: negative work RVU', $$SELECT costshare.medicare_fee(-3.63, 1.06, 0.08, 1, 1, 1, 32.3465)$$),
(202, 'fee: negative GPCI', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, -1, 1, 32.3465)$$),
(203, 'fee: GPCI above 10', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 11, 1, 32.3465)$$),
(204, 'fee: conversion factor 0', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 0)$$),
(205, 'fee: seven decimals in an RVU', $$SELECT costshare.medicare_fee(3.6300001, 1.06, 0.08, 1, 1, 1, 32.3465)$$),
(206, 'fee: NaN conversion factor', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 'NaN')$$),
(207, 'fee: percent above 10', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 32.3465, 11)$$),
(208, 'fee: negative percent', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 32.3465, -0.75)$$),
(209, 'fee: percent with 13 decimals', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 32.3465, 0.7500000000001)$$),
(210, 'fee: above 1000000000.00', $$SELECT costshare.medicare_fee(100000, 100000, 100000, 10, 10, 10, 10000)$$),
(211, 'fee: infinite RVU', $$SELECT costshare.medicare_fee('Infinity', 1.06, 0.08, 1, 1, 1, 32.3465)$$),
(212, 'fee: RVU beyond int64 millionths', $$SELECT costshare.medicare_fee(1e20, 1.06, 0.08, 1, 1, 1, 32.3465)$$),
-- nearest accepted inputs
(301, 'accepted: the real RVU file', $$SELECT costshare.load_medicare_rvu(2025, (SELECT body FROM doc WHERE name = 'rvu'))$$),
(302, 'accepted: the real GPCI file', $$SELECT costshare.load_medicare_gpci(2025, (SELECT body FROM doc WHERE name = 'gpci'))$$),
(303, 'accepted: the real locality file', $$SELECT costshare.load_medicare_locality(2025, (SELECT body FROM doc WHERE name = 'locco'))$$),
(304, 'accepted: fee with percent 10', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 1, 1, 32.3465, 10)$$),
(305, 'accepted: fee with a GPCI of 10', $$SELECT costshare.medicare_fee(3.63, 1.06, 0.08, 1, 10, 1, 32.3465)$$);

CREATE TEMP TABLE snapshot AS
SELECT 'rvu' AS t, row(x.*)::text AS r FROM costshare.medicare_rvu x
UNION ALL SELECT 'gpci', row(x.*)::text FROM costshare.medicare_gpci x
UNION ALL SELECT 'locality', row(x.*)::text FROM costshare.medicare_locality x;

\x on
SELECT c.id, c.label, e.code, e.message, e.detail, e.hint
FROM cases c, LATERAL pg_temp.try(c.q) e
ORDER BY c.id;
\x off

-- nothing changed: the tables hold exactly what the real files gave (90791 still 3.84, no 2024 rows)
SELECT (SELECT count(*) FROM snapshot) AS rows_before,
       (SELECT count(*) FROM (SELECT 'rvu' AS t, row(x.*)::text AS r FROM costshare.medicare_rvu x
                              UNION ALL SELECT 'gpci', row(x.*)::text FROM costshare.medicare_gpci x
                              UNION ALL SELECT 'locality', row(x.*)::text FROM costshare.medicare_locality x
                              EXCEPT SELECT t, r FROM snapshot) d) AS rows_changed,
       (SELECT work_rvu FROM costshare.medicare_rvu WHERE hcpcs = '90791') AS work_rvu_90791,
       (SELECT count(*) FROM costshare.medicare_rvu WHERE year <> 2025) AS other_years;

-- a later release of the same year updates in place; the original file restores it
SELECT costshare.load_medicare_rvu(2025, replace(:'rvu', '90837,,,A,,3.63,', '90837,,,A,,3.64,')) AS rows;
SELECT work_rvu AS updated, costshare.medicare_price(2025, '90837', '', '01112', '05', false) AS sf_office
FROM costshare.medicare_rvu WHERE hcpcs = '90837';
SELECT costshare.load_medicare_rvu(2025, :'rvu') AS rows;
SELECT work_rvu AS restored, costshare.medicare_price(2025, '90837', '', '01112', '05', false) AS sf_office
FROM costshare.medicare_rvu WHERE hcpcs = '90837';

-- labels: volatility, strictness, parallel safety, security and search_path of every new function
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args, p.provolatile, p.proisstrict,
       p.proparallel, p.prosecdef, p.proconfig
FROM pg_proc p
WHERE p.pronamespace = 'costshare'::regnamespace
  AND p.proname IN ('medicare_fee', 'csv_rows', 'csv_records', 'medicare_price', 'load_medicare_rvu',
                    'load_medicare_gpci', 'load_medicare_locality', 'cms_header', 'cms_decimal', 'cms_check_year')
ORDER BY p.proname;

-- every new table is dumped by pg_dump (seed rows of the conversion factors excepted) and commented
SELECT c.relname, x.cond, obj_description(c.oid, 'pg_class') IS NOT NULL AS commented
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(oid, cond)
JOIN pg_class c ON c.oid = x.oid
WHERE e.extname = 'costshare' AND c.relname LIKE 'medicare%'
ORDER BY c.relname;
