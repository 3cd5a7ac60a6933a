-- ===================================================================================================
-- Medicare pricing in C (issue 10): costshare.medicare_price and costshare.medicare_allowed keep their
-- signatures, defaults, NULL behaviour, results and COMMENTs, and share the estimate's one C path
-- (src/glue/lookup.c over src/engine/cs_fee.c): index probes of medicare_rvu, medicare_gpci,
-- medicare_conversion_factor and credential by column name, with the estimate's rights (SELECT on the
-- table, or costshare_estimator), always the extension's own tables (the as-of copy leaves them out).
-- ===================================================================================================

CREATE OR REPLACE FUNCTION @extschema@.medicare_price(
    year integer, hcpcs text, modifier text, mac text, locality text, facility boolean,
    percent numeric DEFAULT 1)
RETURNS numeric
AS 'MODULE_PATHNAME', 'costshare_medicare_price'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.medicare_price(integer, text, text, text, text, boolean, numeric) IS
    'Medicare physician fee schedule amount of a code (and modifier, '''' or NULL for none) in a year at a MAC and locality, in a facility or not, times percent (0.75 for clinical social workers, MFTs and counselors), by costshare.medicare_fee, with the year''s conversion factor from costshare.medicare_conversion_factor (or, without a row for the year, the one printed in the RVU file). NULL when the code, the locality or a conversion factor is not loaded, when the code''s status is not A, R or T (not priced on the fee schedule), or when an argument other than modifier is NULL.';

CREATE OR REPLACE FUNCTION @extschema@.medicare_allowed(
    code text, modifier text, facility boolean, credential text, mac text, locality text,
    service_date date, percent numeric DEFAULT 1)
RETURNS numeric
AS 'MODULE_PATHNAME', 'costshare_medicare_allowed'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.medicare_allowed(text, text, boolean, text, text, text, date, numeric) IS
    'Medicare''s physician fee schedule amount for a code at a provider''s locality on a date, scaled by the credential''s share and a contract percent; NULL when the locality or the code''s RVUs are not loaded.';
