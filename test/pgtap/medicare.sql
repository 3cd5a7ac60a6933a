-- medicare.sql — costshare.medicare_price and costshare.medicare_allowed in C (1.2, issue 10) against
-- the 1.1 PL/pgSQL they replaced (schema costshare_v11, loaded by test.sh through
-- test/reference/lookups_1_1.sh), compared as text on every combination of a grid over CMS's own 2025
-- files: every RVU row (priced and not), every locality (padded and as the locality file prints it)
-- and unknown ones, both settings, modifiers '', NULL, '26' and lower case, percents and credentials
-- (on file, unknown, NULL), years with a conversion factor row, without one, and without RVUs.
BEGIN;
SELECT plan(5);
SET LOCAL client_min_messages = warning;
\set rvu `cat ../shared/data/cms-pfs-2025/PPRRVU2025_Oct_subset.csv`
\set gpci `cat ../shared/data/cms-pfs-2025/GPCI2025.csv`
\o /dev/null
SELECT costshare.load_medicare_rvu(2025, :'rvu'), costshare.load_medicare_gpci(2025, :'gpci');
-- 2024: the same RVUs and GPCIs without a conversion factor row (the RVU file's applies)
INSERT INTO costshare.medicare_rvu SELECT 2024, hcpcs, modifier, status_code, work_rvu, pe_rvu_nonfacility,
       pe_nonfacility_na, pe_rvu_facility, pe_facility_na, mp_rvu, pctc_indicator, global_days, conversion_factor
FROM costshare.medicare_rvu WHERE year = 2025;
INSERT INTO costshare.medicare_gpci SELECT 2024, mac, locality, state, locality_name, work_gpci, pe_gpci, mp_gpci
FROM costshare.medicare_gpci WHERE year = 2025;
INSERT INTO costshare.credential (credential, name, medicare_percent) VALUES ('ZTEST', 'test', 0.625)
ON CONFLICT DO NOTHING;
\o

CREATE TEMP TABLE mgrid AS
SELECT y, h, m, g.mac, g.loc, f, pct
FROM unnest('{2023,2024,2025}'::int[]) AS y,
     (SELECT DISTINCT hcpcs FROM costshare.medicare_rvu UNION ALL SELECT 'X9999') AS hh(h),
     unnest(ARRAY['', NULL, '26', 'tc', ' 26 ']) AS m,
     (SELECT mac, locality FROM costshare.medicare_gpci WHERE year = 2025
      UNION ALL SELECT ltrim(mac, '0'), ltrim(locality, '0') FROM costshare.medicare_gpci WHERE year = 2025
      UNION ALL VALUES ('99999', '01'), ('', '')) AS g(mac, loc),
     unnest(ARRAY[true, false, NULL]) AS f,
     unnest(ARRAY[1, 0.75, 1.2345, NULL]::numeric[]) AS pct;
SELECT cmp_ok((SELECT count(*) FROM mgrid), '>', 100000::bigint, 'the grid has more than 100,000 prices');
SELECT cmp_ok((SELECT count(*) FROM mgrid WHERE costshare.medicare_price(y, h, m, mac, loc, f, pct) IS NOT NULL
                 AND pct IS NOT NULL), '>', 10000::bigint, 'more than 10,000 of them are priced');
SELECT is((SELECT count(*) FROM mgrid
            WHERE costshare.medicare_price(y, h, m, mac, loc, f, pct)::text
                  IS DISTINCT FROM costshare_v11.medicare_price(y, h, m, mac, loc, f, pct)::text), 0::bigint,
          'medicare_price in C equals the 1.1 PL/pgSQL on every combination');
SELECT is((SELECT count(*) FROM mgrid, unnest(ARRAY['LCSW', 'ZTEST', 'NOSUCH', NULL]) AS cred
            WHERE y = 2025 AND pct IS DISTINCT FROM 1.2345
              AND costshare.medicare_allowed(h, m, f, cred, mac, loc, make_date(y, 6, 1), pct)::text
                  IS DISTINCT FROM costshare_v11.medicare_allowed(h, m, f, cred, mac, loc, make_date(y, 6, 1), pct)::text),
          0::bigint, 'medicare_allowed in C equals the 1.1 PL/pgSQL with credentials on file, unknown and none');
SELECT is((SELECT count(*) FROM mgrid
            WHERE y = 2025 AND (mac IS NOT NULL)
              AND costshare.medicare_allowed(h, m, f, NULL, NULL, loc, make_date(y, 6, 1), pct)::text
                  IS DISTINCT FROM costshare_v11.medicare_allowed(h, m, f, NULL, NULL, loc, make_date(y, 6, 1), pct)::text),
          0::bigint, 'medicare_allowed without a MAC: NULL in both');
SELECT * FROM finish();
ROLLBACK;
