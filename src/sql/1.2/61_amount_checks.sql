-- 61_amount_checks.sql: amounts, rates and counts in the extension's tables (issue 9, defect 2).
--
-- Before 1.2 a money column was numeric(12,2) with CHECK (x >= 0): 'NaN' passed (NaN >= 0 is true in
-- PostgreSQL), so did 9999999999.99 and visits = 2147483647, and a fraction of a cent was rounded away
-- silently. One such ledger row made every estimate of the family fail for good. Now:
--   * every money, rate and count column of every table is checked by costshare.check_amounts(), a
--     BEFORE ROW trigger in C that applies the engine's rules (the same as for the functions'
--     arguments): money whole cents 0..1000000000.00, rates 0..1 to six decimals, counts 0..1000000,
--     never NaN or infinity; 22003 for NaN, infinity or out of range, 22023 for fractions of a cent,
--     the detail naming the column and table, never a value of the row. Every path is covered: the
--     functions (post_claim_line, post_835, load_271), direct INSERT / UPDATE, COPY, restores.
--   * the money and rate columns lose their type modifier (no rewrite), so that a fraction of a cent
--     reaches the check instead of being rounded away; the trigger stores money with two decimals and
--     rates with six, as before.
--   * a CHECK constraint per column (<table>_<column>_range) states the same range as the last line
--     of defence (the trigger reports first, without the row's values). On an update from 1.1 they are
--     added NOT VALID and validated where no stored row breaks them; rows that do are reported, one
--     WARNING per table with the count and the rows' keys (never a member id), kept, and listed by
--     costshare.check_stored_amounts(). A fresh install validates them all.
-- Stored amounts are never negative: 835 adjustments (CAS) are signed but are not stored; a ledger
-- line records what the patient owes on it (>= 0) and a reversal is a new version (status reversed).
-- claim_trueup keeps numeric(12,2) (its generated difference column depends on the columns; its only
-- writer, post_835, copies ledger amounts that are whole cents).

-- ---------------------------------------------------------------------------------------------------
-- The trigger
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.check_amounts()
RETURNS trigger
AS 'MODULE_PATHNAME', 'costshare_check_amounts'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.check_amounts() IS
    'Trigger function (BEFORE INSERT OR UPDATE, FOR EACH ROW): checks the columns its arguments name (money:col, rate:col, count:col, quantity:col, factor:col) with the engine''s rules: money whole cents from 0 to 1000000000.00 (stored with two decimals), rates 0 to 1 to six decimals (stored with six), counts and quantities 0 to 1000000, a fee schedule''s percent of Medicare above 0 and at most 10; NaN and infinity never. Refuses with 22003 (NaN, infinity, out of range) or 22023 (fractions), naming the column and table and never a value of the row.';

-- ---------------------------------------------------------------------------------------------------
-- The columns: every money, rate and count column of the extension's tables
-- ---------------------------------------------------------------------------------------------------
-- (medicare_conversion_factor, medicare_rvu, medicare_gpci and credential already bound every number
-- above and below, which refuses NaN and infinity; plan.dependent_age_limit and enrollment.cob_order
-- are bounded; x12_load.records is written by the loaders only)

ALTER TABLE @extschema@.plan_limit
    ALTER COLUMN ded_individual TYPE numeric, ALTER COLUMN ded_family TYPE numeric,
    ALTER COLUMN oop_individual TYPE numeric, ALTER COLUMN oop_family TYPE numeric,
    ALTER COLUMN coinsurance_limit TYPE numeric;
ALTER TABLE @extschema@.benefit
    ALTER COLUMN copay TYPE numeric, ALTER COLUMN telehealth_copay TYPE numeric,
    ALTER COLUMN coinsurance TYPE numeric;
ALTER TABLE @extschema@.fee_schedule ALTER COLUMN amount TYPE numeric;
ALTER TABLE @extschema@.accumulator_snapshot ALTER COLUMN ded_met TYPE numeric, ALTER COLUMN oop_met TYPE numeric;
ALTER TABLE @extschema@.accumulator_ledger
    ALTER COLUMN deductible TYPE numeric, ALTER COLUMN copay TYPE numeric, ALTER COLUMN coinsurance TYPE numeric;
ALTER TABLE @extschema@.eligibility_benefit ALTER COLUMN amount TYPE numeric, ALTER COLUMN percent TYPE numeric;

DO $$
DECLARE
    -- table.column:kind, in column order: the one list the constraints and triggers are made from
    v_list constant text[] := ARRAY[
        'plan_limit.ded_individual:money', 'plan_limit.ded_family:money', 'plan_limit.family_ded_members:count',
        'plan_limit.oop_individual:money', 'plan_limit.oop_family:money', 'plan_limit.coinsurance_limit:money',
        'benefit.copay:money', 'benefit.coinsurance:rate', 'benefit.copay_visits:count', 'benefit.visit_limit:count',
        'benefit.telehealth_copay:money',
        'fee_schedule.amount:money', 'fee_schedule.percent_of_medicare:factor',
        'prior_auth.visits:count',
        'accumulator_snapshot.ded_met:money', 'accumulator_snapshot.oop_met:money',
        'accumulator_ledger.deductible:money', 'accumulator_ledger.copay:money',
        'accumulator_ledger.coinsurance:money', 'accumulator_ledger.visits:count',
        'accumulator_ledger.cob_normal_benefit:money', 'accumulator_ledger.cob_paid:money',
        'eligibility_benefit.amount:money', 'eligibility_benefit.percent:rate', 'eligibility_benefit.quantity:quantity',
        'claim_trueup.estimated_deductible:money', 'claim_trueup.estimated_copay:money',
        'claim_trueup.estimated_coinsurance:money', 'claim_trueup.final_deductible:money',
        'claim_trueup.final_copay:money', 'claim_trueup.final_coinsurance:money'];
    c record;
BEGIN
    FOR c IN
        SELECT split_part(x.e, '.', 1) AS tbl, split_part(split_part(x.e, '.', 2), ':', 1) AS col,
               split_part(x.e, ':', 2) AS kind
          FROM unnest(v_list) WITH ORDINALITY AS x (e, ord) ORDER BY x.ord
    LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I CHECK (%s) NOT VALID', '@extschema@', c.tbl,
                       c.tbl || '_' || c.col || '_range',
                       format(CASE c.kind
                                WHEN 'money' THEN '%1$I >= 0 AND %1$I <= 1000000000 AND %1$I = round(%1$I, 2)'
                                WHEN 'rate' THEN '%1$I >= 0 AND %1$I <= 1 AND %1$I = round(%1$I, 6)'
                                WHEN 'count' THEN '%1$I >= 0 AND %1$I <= 1000000'
                                WHEN 'quantity' THEN '%1$I >= 0 AND %1$I <= 1000000 AND %1$I = round(%1$I, 6)'
                                WHEN 'factor' THEN '%1$I > 0 AND %1$I <= 10'
                              END, c.col));
        EXECUTE format('COMMENT ON CONSTRAINT %I ON %I.%I IS %L', c.tbl || '_' || c.col || '_range', '@extschema@', c.tbl,
                       format('The range of %s: %s. Checked first, with a clearer error, by the amount_check trigger; costshare.check_stored_amounts() lists rows stored before it.',
                              c.col,
                              CASE c.kind
                                WHEN 'money' THEN 'whole cents from 0 to 1000000000.00, never NaN'
                                WHEN 'rate' THEN 'from 0 to 1, at most six decimals, never NaN'
                                WHEN 'count' THEN 'from 0 to 1000000'
                                WHEN 'quantity' THEN 'from 0 to 1000000, at most six decimals, never NaN'
                                WHEN 'factor' THEN 'above 0 and at most 10 (1000%), never NaN'
                              END));
    END LOOP;

    FOR c IN
        SELECT split_part(x.e, '.', 1) AS tbl,
               string_agg(quote_literal(split_part(x.e, ':', 2) || ':' || split_part(split_part(x.e, '.', 2), ':', 1)),
                          ', ' ORDER BY x.ord) AS args
          FROM unnest(v_list) WITH ORDINALITY AS x (e, ord)
         GROUP BY 1 ORDER BY min(x.ord)
    LOOP
        EXECUTE format('CREATE TRIGGER amount_check BEFORE INSERT OR UPDATE ON %I.%I FOR EACH ROW EXECUTE FUNCTION %I.check_amounts(%s)',
                       '@extschema@', c.tbl, '@extschema@', c.args);
        EXECUTE format('COMMENT ON TRIGGER amount_check ON %I.%I IS %L', '@extschema@', c.tbl,
                       'Refuses NaN, infinity, fractions of a cent and amounts, rates and counts out of range (costshare.check_amounts), naming the column and never a value of the row.');
    END LOOP;
END $$;

-- ---------------------------------------------------------------------------------------------------
-- Rows stored before the checks: listed, reported by the update, and the constraints validated
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.check_stored_amounts()
RETURNS TABLE (table_name text, row_key text, column_name text, value text, superseded boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k record;
BEGIN
    FOR k IN
        SELECT c.relname::text AS tbl, a.attname::text AS col, pg_get_expr(x.conbin, x.conrelid) AS expr
          FROM pg_constraint x
          JOIN pg_class c ON c.oid = x.conrelid
          JOIN pg_attribute a ON a.attrelid = x.conrelid AND a.attnum = x.conkey[1]
         WHERE c.relnamespace = '@extschema@'::regnamespace AND x.contype = 'c'
           AND x.conname = c.relname || '_' || a.attname || '_range'
         ORDER BY c.relname, a.attnum
    LOOP
        -- each row's key, never a member id (nor a family id, which may be a surname)
        RETURN QUERY EXECUTE format(
            'SELECT %L::text, %s, %L::text, %I::text, %s FROM %I.%I t WHERE (%s) IS NOT TRUE AND %I IS NOT NULL ORDER BY 2',
            'costshare.' || k.tbl,
            CASE k.tbl
                WHEN 'accumulator_ledger' THEN 'format(''payer_id %s, claim_id %s, line %s, version %s'', quote_literal(payer_id), quote_literal(claim_id), line_no, claim_version)'
                WHEN 'accumulator_snapshot' THEN 'format(''plan_id %s, bucket %s, as_of %s (%s figures)'', quote_literal(plan_id), quote_literal(bucket), as_of, CASE WHEN member_id IS NULL THEN ''family'' ELSE ''member'' END)'
                WHEN 'plan_limit' THEN 'format(''plan_id %s, bucket %s'', quote_literal(plan_id), quote_literal(bucket))'
                WHEN 'benefit' THEN 'format(''plan_id %s, category %s, network %s'', quote_literal(plan_id), quote_literal(category), quote_literal(network))'
                WHEN 'fee_schedule' THEN 'format(''fee_id %s'', fee_id)'
                WHEN 'prior_auth' THEN 'format(''plan_id %s, category %s, valid %s, auth_number %s'', quote_literal(plan_id), quote_literal(category), valid, quote_nullable(auth_number))'
                WHEN 'eligibility_benefit' THEN 'format(''benefit_id %s'', benefit_id)'
                WHEN 'claim_trueup' THEN 'format(''claim_id %s, line %s, version %s'', quote_literal(claim_id), line_no, final_version)'
                WHEN 'self_pay_price' THEN 'format(''price_id %s'', price_id)'
                WHEN 'parity_projection' THEN 'format(''projection_id %s'', projection_id)'
                WHEN 'estimate_log' THEN 'format(''log_id %s'', log_id)'
                ELSE '''(no key)'''
            END,
            k.col, k.col,
            -- a ledger line's version no longer counts once a later version of the line exists
            CASE k.tbl
                WHEN 'accumulator_ledger' THEN format('EXISTS (SELECT 1 FROM %I.accumulator_ledger n WHERE n.payer_id = t.payer_id AND n.claim_id = t.claim_id AND n.line_no = t.line_no AND n.claim_version > t.claim_version)', '@extschema@')
                ELSE 'NULL::boolean'
            END,
            '@extschema@', k.tbl, k.expr, k.col);
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.check_stored_amounts() IS
    'Lists the stored rows of the extension''s tables whose amounts, rates or counts the 1.2 checks refuse (NaN, infinity, fractions of a cent, out of range): stored before 1.2, or with the amount_check triggers disabled. One row per value: the table, the row key (never a member or family id), the column, the value, and for a ledger line whether a later version of the line supersedes it (the ledger keeps every version: such a row no longer counts, but its table''s constraint stays NOT VALID); empty when every constraint <table>_<column>_range holds. Needs SELECT on the tables.';

-- On an update from 1.1, stored rows may break the new constraints: each table with such rows is
-- reported (a WARNING with the count and the keys), the rows are kept, and the constraints they break
-- stay NOT VALID (still enforced for new and changed rows) until the rows are corrected and
-- ALTER TABLE ... VALIDATE CONSTRAINT is run. Every other constraint is validated, so that a fresh
-- install (empty tables) and a clean update end identical.
DO $$
DECLARE
    t record;
    k record;
BEGIN
    FOR t IN
        SELECT s.table_name, count(*) AS n,
               string_agg(s.row_key || ' (' || s.column_name || ')', '; ' ORDER BY s.row_key, s.column_name) AS keys
          FROM @extschema@.check_stored_amounts() s
         GROUP BY s.table_name ORDER BY s.table_name
    LOOP
        RAISE WARNING '% has % stored value(s) out of range', t.table_name, t.n
            USING DETAIL = format('Rows: %s.', left(t.keys, 2000)),
                  HINT = CASE WHEN t.table_name = 'costshare.accumulator_ledger'
                              THEN 'The rows are kept and the range constraints they break stay NOT VALID; post a corrected version of each line (or a reversal), then run SELECT costshare.clear_superseded_amounts(). Until then estimates reading such a line are refused and pg_restore of a dump refuses the ledger. costshare.check_stored_amounts() lists them.'
                              ELSE 'The rows are kept and the range constraints they break stay NOT VALID; correct them, then run ALTER TABLE ... VALIDATE CONSTRAINT. Until then estimates reading such a row are refused and pg_restore of a dump refuses the table. costshare.check_stored_amounts() lists them.' END;
    END LOOP;
    FOR k IN
        SELECT c.relname, x.conname
          FROM pg_constraint x JOIN pg_class c ON c.oid = x.conrelid
          JOIN pg_attribute a ON a.attrelid = x.conrelid AND a.attnum = x.conkey[1]
         WHERE c.relnamespace = '@extschema@'::regnamespace AND x.contype = 'c' AND NOT x.convalidated
           AND x.conname = c.relname || '_' || a.attname || '_range'
           AND NOT EXISTS (SELECT 1 FROM @extschema@.check_stored_amounts() s
                            WHERE s.table_name = 'costshare.' || c.relname AND s.column_name = a.attname)
         ORDER BY 1, 2
    LOOP
        EXECUTE format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', '@extschema@', k.relname, k.conname);
    END LOOP;
END $$;

-- ---------------------------------------------------------------------------------------------------
-- FHIR: a money value is never NaN or infinity (fhir_eligibility_response reads plan_limit directly)
-- ---------------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION @extschema@.fhir_money(amount numeric)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF amount IS NULL THEN
        RETURN NULL;
    END IF;
    IF amount IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric) THEN
        RAISE EXCEPTION 'stored amount out of range' USING ERRCODE = 'numeric_value_out_of_range',
            DETAIL = format('A money value of the FHIR resource is %s.', amount),
            HINT = 'A plan limit or benefit stored before 1.2 holds it: costshare.check_stored_amounts() lists such rows.';
    END IF;
    RETURN jsonb_build_object('value', round(amount, 2), 'currency', 'USD');
END $$;
COMMENT ON FUNCTION @extschema@.fhir_money(numeric) IS
    'A FHIR Money value: {"value": amount with exactly two decimals (from numeric, never a float), "currency": "USD"}; NULL for NULL; NaN or infinity (only from a row stored before 1.2) refused with 22003.';

-- ---------------------------------------------------------------------------------------------------
-- Ledger versions a later version supersedes: their bad values cleared (maintenance)
-- ---------------------------------------------------------------------------------------------------
-- The ledger is append-only, so a bad value stored before 1.2 stays, and with it its table's NOT VALID
-- constraint; worse, pg_restore of such a database refuses the whole ledger (the restored table's
-- constraints are valid). Once a later version of the line replaces it, the row no longer counts for
-- anything: setting its bad values to 0 changes no answer and lets the constraints be validated.
CREATE FUNCTION @extschema@.clear_superseded_amounts()
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
    k record;
BEGIN
    -- the append-only trigger refuses every UPDATE; it is switched off for this one statement only
    -- (ALTER TABLE: the ledger's owner only, and the table is locked until the transaction ends)
    ALTER TABLE @extschema@.accumulator_ledger DISABLE TRIGGER accumulator_ledger_append_only;
    UPDATE @extschema@.accumulator_ledger l
       SET deductible = CASE WHEN (l.deductible >= 0 AND l.deductible <= 1000000000 AND l.deductible = round(l.deductible, 2))
                             THEN l.deductible ELSE 0 END,
           copay = CASE WHEN (l.copay >= 0 AND l.copay <= 1000000000 AND l.copay = round(l.copay, 2))
                        THEN l.copay ELSE 0 END,
           coinsurance = CASE WHEN (l.coinsurance >= 0 AND l.coinsurance <= 1000000000 AND l.coinsurance = round(l.coinsurance, 2))
                              THEN l.coinsurance ELSE 0 END,
           visits = CASE WHEN (l.visits >= 0 AND l.visits <= 1000000) THEN l.visits ELSE 0 END
     WHERE NOT ((l.deductible >= 0 AND l.deductible <= 1000000000 AND l.deductible = round(l.deductible, 2))
                AND (l.copay >= 0 AND l.copay <= 1000000000 AND l.copay = round(l.copay, 2))
                AND (l.coinsurance >= 0 AND l.coinsurance <= 1000000000 AND l.coinsurance = round(l.coinsurance, 2))
                AND (l.visits >= 0 AND l.visits <= 1000000))
       AND EXISTS (SELECT 1 FROM @extschema@.accumulator_ledger x
                    WHERE x.payer_id = l.payer_id AND x.claim_id = l.claim_id AND x.line_no = l.line_no
                      AND x.claim_version > l.claim_version);
    GET DIAGNOSTICS n = ROW_COUNT;
    ALTER TABLE @extschema@.accumulator_ledger ENABLE TRIGGER accumulator_ledger_append_only;
    -- the ledger's range constraints no row breaks any more are validated
    FOR k IN
        SELECT x.conname FROM pg_constraint x
         WHERE x.conrelid = '@extschema@.accumulator_ledger'::regclass AND x.contype = 'c' AND NOT x.convalidated
           AND x.conname LIKE 'accumulator\_ledger\_%\_range'
           AND NOT EXISTS (SELECT 1 FROM @extschema@.check_stored_amounts() s
                            WHERE s.table_name = 'costshare.accumulator_ledger'
                              AND x.conname = 'accumulator_ledger_' || s.column_name || '_range')
         ORDER BY 1
    LOOP
        EXECUTE format('ALTER TABLE %I.accumulator_ledger VALIDATE CONSTRAINT %I', '@extschema@', k.conname);
    END LOOP;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION @extschema@.clear_superseded_amounts() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.clear_superseded_amounts() IS
    'Maintenance, for the ledger''s owner: sets to 0 the amounts and visits the 1.2 ranges refuse (NaN, infinity, out of range; stored before 1.2) in ledger rows that a later version of the same claim line supersedes, which therefore count for nothing, then validates the ledger''s range constraints no row breaks any more (a database holding such rows cannot be restored from pg_dump until then). Returns the number of rows cleared; rows that are still the latest version of their line are left: post a corrected version first. Locks the ledger until the transaction ends.';
