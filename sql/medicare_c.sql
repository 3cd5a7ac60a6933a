-- Medicare pricing in C (issue 10): costshare.medicare_price / medicare_allowed and the estimate share
-- one C path (lookup.c over cs_fee.c). Cases the C path must get right: the normalization of MAC and
-- locality, the priced status codes, the conversion factor's choice, the credential's share, NULL
-- arguments, lazy percentage errors, and a retyped or dropped column as the lookups' clear error.
-- Everything in a transaction rolled back: the regression database is shared by the other tests.
BEGIN;
-- years no seed conversion factor has: 2031 (none: the RVU file's), 2032 (a row), 2033 (RVU file's 0)
INSERT INTO costshare.medicare_rvu (year, hcpcs, modifier, status_code, work_rvu, pe_rvu_nonfacility,
                                    pe_rvu_facility, mp_rvu, conversion_factor) VALUES
    (2031, 'Z9991', '',   'A', 2.00, 1.50, 0.50, 0.10, 30.0000),
    (2031, 'Z9991', '26', 'A', 1.00, 0.40, 0.40, 0.05, 30.0000),
    (2031, 'Z9992', '',   'B', 2.00, 1.50, 0.50, 0.10, 30.0000),
    (2031, 'Z9993', '',   'T', 2.00, 1.50, 0.50, 0.10, 30.0000),
    (2031, 'Z9994', '',   'R', 2.00, 1.50, 0.50, 0.10, 30.0000),
    (2031, 'Z9995', '',   'I', 2.00, 1.50, 0.50, 0.10, 30.0000),
    (2032, 'Z9991', '',   'A', 2.00, 1.50, 0.50, 0.10, 30.0000),
    (2033, 'Z9991', '',   'A', 2.00, 1.50, 0.50, 0.10, 0);
INSERT INTO costshare.medicare_gpci (year, mac, locality, state, locality_name, work_gpci, pe_gpci, mp_gpci)
SELECT y, '01112', '05', 'CA', 'TEST LOCALITY', 1.100, 1.200, 0.900 FROM generate_series(2031, 2033) y;
INSERT INTO costshare.medicare_conversion_factor (year, conversion_factor) VALUES (2032, 40.0000);
INSERT INTO costshare.credential (credential, name, medicare_percent) VALUES ('ZLCSW', 'test social worker', 0.750);

-- (2*1.1 + 1.5*1.2 + 0.1*0.9) * 30 = 122.70; facility (2*1.1 + 0.5*1.2 + 0.1*0.9) * 30 = 86.70
SELECT costshare.medicare_price(2031, 'Z9991', '', '01112', '05', false) AS office,
       costshare.medicare_price(2031, 'Z9991', '', '01112', '05', true) AS facility,
       costshare.medicare_price(2031, 'z9991 ', NULL, '01112', '05', false) AS lower_case_no_modifier,
       costshare.medicare_price(2031, 'Z9991', ' 26', '01112', '05', false) AS modifier_26,
       costshare.medicare_price(2031, 'Z9991', '', '01112', '05', false)
         = costshare.medicare_fee(2.00, 1.50, 0.10, 1.100, 1.200, 0.900, 30.0000) AS equals_medicare_fee;

-- MAC and locality as CMS's locality file prints them or padded
SELECT costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false) AS mac_1112_loc_5,
       costshare.medicare_price(2031, 'Z9991', '', '01112', '05', false) AS mac_01112_loc_05,
       costshare.medicare_price(2031, 'Z9991', '', ' 1112 ', ' 5 ', false) AS blanks_trimmed,
       costshare.medicare_price(2031, 'Z9991', '', '001112', '05', false) AS six_digits_not_cut,
       costshare.medicare_price(2031, 'Z9991', '', '1112', '005', false) AS locality_005_not_cut,
       costshare.medicare_price(2031, 'Z9991', '', 'A1112', '05', false) AS letters_kept;

-- status codes: A, R, T priced; B and I not (NULL)
SELECT costshare.medicare_price(2031, 'Z9992', '', '01112', '05', false) AS status_b,
       costshare.medicare_price(2031, 'Z9993', '', '01112', '05', false) AS status_t,
       costshare.medicare_price(2031, 'Z9994', '', '01112', '05', false) AS status_r,
       costshare.medicare_price(2031, 'Z9995', '', '01112', '05', false) AS status_i;

-- the conversion factor: the year's row (2032: 40 -> 163.60), else the RVU file's (2031: 30), else none (2033: 0)
SELECT costshare.medicare_price(2032, 'Z9991', '', '01112', '05', false) AS year_row,
       costshare.medicare_price(2031, 'Z9991', '', '01112', '05', false) AS rvu_file,
       costshare.medicare_price(2033, 'Z9991', '', '01112', '05', false) AS none;

-- the credential's share times the contract percent, applied once: 122.70 * 0.75 * 1.2 = 110.43
SELECT costshare.medicare_allowed('Z9991', '', false, 'ZLCSW', '1112', '5', '2031-03-01', 1.2) AS lcsw_120,
       costshare.medicare_allowed('Z9991', '', false, 'ZLCSW', '1112', '5', '2031-03-01') AS lcsw,
       costshare.medicare_allowed('Z9991', '', false, 'ZLCSW', '1112', '5', '2031-03-01', NULL) AS lcsw_percent_null,
       costshare.medicare_allowed('Z9991', '', false, 'NOSUCH', '1112', '5', '2031-03-01', 1.2) AS unknown_credential,
       costshare.medicare_allowed('Z9991', NULL, false, NULL, '1112', '5', '2031-03-01') AS no_credential,
       costshare.medicare_allowed('Z9991', '', false, 'ZLCSW', '1112', '5', '2031-03-01', 12) AS share_brings_12_under_10,
       costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false, 0.9) AS price_at_product;

-- NULL arguments: medicare_price is NULL for any but the modifier; medicare_allowed for mac, locality,
-- code, facility or date (credential and percent NULL mean 100%)
SELECT costshare.medicare_price(NULL, 'Z9991', '', '1112', '5', false) IS NULL AS year_null,
       costshare.medicare_price(2031, NULL, '', '1112', '5', false) IS NULL AS code_null,
       costshare.medicare_price(2031, 'Z9991', '', NULL, '5', false) IS NULL AS mac_null,
       costshare.medicare_price(2031, 'Z9991', '', '1112', NULL, false) IS NULL AS locality_null,
       costshare.medicare_price(2031, 'Z9991', '', '1112', '5', NULL) IS NULL AS facility_null,
       costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false, NULL) IS NULL AS percent_null;
SELECT costshare.medicare_allowed(NULL, '', false, NULL, '1112', '5', '2031-03-01') IS NULL AS code_null,
       costshare.medicare_allowed('Z9991', '', NULL, NULL, '1112', '5', '2031-03-01') IS NULL AS facility_null,
       costshare.medicare_allowed('Z9991', '', false, NULL, NULL, '5', '2031-03-01') IS NULL AS mac_null,
       costshare.medicare_allowed('Z9991', '', false, NULL, '1112', NULL, '2031-03-01') IS NULL AS locality_null,
       costshare.medicare_allowed('Z9991', '', false, NULL, '1112', '5', NULL) IS NULL AS date_null,
       costshare.medicare_allowed('Z9991', '', false, NULL, '1112', '5', '2099-03-01') IS NULL AS year_not_loaded;

-- a percentage is checked only when there is a price to apply it to
SELECT costshare.medicare_price(2031, 'Z9992', '', '1112', '5', false, 20) AS not_priced_no_error;
SAVEPOINT s;
SELECT costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false, 20);
ROLLBACK TO SAVEPOINT s;
SELECT costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false, 0.0000000000001);
ROLLBACK TO SAVEPOINT s;
SELECT costshare.medicare_allowed('Z9991', '', false, NULL, '1112', '5', 'infinity');
ROLLBACK TO SAVEPOINT s;

-- a retyped or dropped column of medicare_gpci: the lookups' clear error naming table and column
SET LOCAL costshare.allow_table_ddl = on;
ALTER TABLE costshare.medicare_gpci DROP CONSTRAINT medicare_gpci_pe_gpci_check;
ALTER TABLE costshare.medicare_gpci ALTER COLUMN pe_gpci TYPE double precision;
SELECT costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false);
ROLLBACK TO SAVEPOINT s;
SET LOCAL costshare.allow_table_ddl = on;
ALTER TABLE costshare.medicare_gpci DROP COLUMN mp_gpci;
SELECT costshare.medicare_allowed('Z9991', '', false, NULL, '1112', '5', '2031-03-01');
ROLLBACK TO SAVEPOINT s;
SELECT costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false) AS restored;

-- rights: SELECT on the tables read, or costshare_estimator, as the estimate's own lookups
CREATE ROLE cs_medicare_none;
CREATE ROLE cs_medicare_estimator IN ROLE costshare_estimator;
GRANT USAGE ON SCHEMA costshare TO cs_medicare_none;
SAVEPOINT r;
SET ROLE cs_medicare_none;
SELECT costshare.medicare_price(2031, 'Z9991', '', '1112', '5', false);
ROLLBACK TO SAVEPOINT r;
SET ROLE cs_medicare_none;
SELECT costshare.medicare_allowed('Z9991', '', false, 'ZLCSW', '1112', '5', '2031-03-01');
ROLLBACK TO SAVEPOINT r;
SET ROLE cs_medicare_estimator;
SELECT costshare.medicare_allowed('Z9991', '', false, 'ZLCSW', '1112', '5', '2031-03-01') AS estimator;
RESET ROLE;
ROLLBACK;
