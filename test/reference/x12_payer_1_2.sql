-- test/reference/x12_payer_1_2.sql — schema costshare_ref_x12 holding costshare.x12_payer as it was in
-- 1.2 before its rule moved into the C engine (issue 10; src/sql/1.2/58_ledger_posting.sql at fda83bd,
-- the PL/pgSQL the 271 pricing called through fmgr as its owner and load_271 / post_835 call as their
-- caller), verbatim except for the schema of the function itself (@extschema@ is costshare).
-- test/pgtap/x12_payer_c.sql compares costshare.x12_payer with it; scripts/test.sh loads this before
-- pg_prove.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS costshare_ref_x12 CASCADE;
CREATE SCHEMA costshare_ref_x12;
GRANT USAGE ON SCHEMA costshare_ref_x12 TO PUBLIC;
CREATE FUNCTION costshare_ref_x12.x12_payer(payer_id text, payer_name text DEFAULT NULL,
                                     trace_originator text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_keys text[] := ARRAY[upper(btrim(regexp_replace($1, '\s+', ' ', 'g'))),
                           upper(btrim(regexp_replace($3, '\s+', ' ', 'g'))),
                           upper(btrim(regexp_replace($2, '\s+', ' ', 'g')))];
    v_found text[];
BEGIN
    -- in this order, the first that names exactly one payer: the payer id the document sends (against
    -- payer_id and x12_ids), the trace originator (TRN03, against payer_id and x12_ids), the name
    -- (against name and x12_ids); a step that names two payers is ambiguous and ends the search
    FOR i IN 1 .. 3 LOOP
        CONTINUE WHEN v_keys[i] IS NULL OR v_keys[i] = '';
        SELECT array_agg(p.payer_id) INTO v_found
          FROM costshare.payer p
         WHERE (CASE WHEN i = 3 THEN upper(btrim(regexp_replace(p.name, '\s+', ' ', 'g')))
                     ELSE upper(p.payer_id) END) = v_keys[i]
            OR EXISTS (SELECT 1 FROM unnest(p.x12_ids) x
                        WHERE upper(btrim(regexp_replace(x, '\s+', ' ', 'g'))) = v_keys[i]);
        IF cardinality(v_found) = 1 THEN
            RETURN v_found[1];
        ELSIF cardinality(v_found) > 1 THEN
            RETURN NULL;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
