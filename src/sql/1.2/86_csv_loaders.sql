-- ===================================================================================================
-- A practice's own data, loaded in one statement: CSV loaders for plans, members, providers and fee
-- schedules (issue 11). Each takes the file's contents as text (psql: \set f `cat plans.csv` then
-- SELECT * FROM costshare.load_plans_csv(:'f')), validates the whole file first and refuses it with
-- every problem's line and column (22P04), writes nothing unless all lines are good, and writes only
-- what differs from the stored rows (re-loading the same file changes nothing, not even the plan-data
-- version). Cell rules, exact money and the fee rollover are in src/engine/cs_csvload.c.
-- ===================================================================================================

CREATE FUNCTION @extschema@.csv_cell_problem(kind text, value text, required boolean)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_csv_cell_problem'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csv_cell_problem(text, text, boolean) IS
    'What is wrong with a CSV cell of a kind (text, money, date, count, boolean, percent), NULL when nothing; the phrase never repeats the value, so it can name a member file''s cell safely. Empty is a problem only when required.';

CREATE FUNCTION @extschema@.csv_money(value text)
RETURNS numeric
AS 'MODULE_PATHNAME', 'costshare_csv_money'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csv_money(text) IS
    'A money cell (plain dollars, at most two decimals) as an exact numeric; NULL for an empty cell; anything else refused (22P04, 22003, 22023).';

CREATE FUNCTION @extschema@.csv_boolean(value text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'costshare_csv_boolean'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csv_boolean(text) IS
    'A boolean cell (true/false, yes/no, y/n, t/f, 1/0, any case); NULL for an empty cell; anything else refused (22P04).';

CREATE FUNCTION @extschema@.fee_rollover(old_lower date, old_upper date, new_lower date, new_upper date)
RETURNS text
AS 'MODULE_PATHNAME', 'costshare_fee_rollover'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fee_rollover(date, date, date, date) IS
    'What a new fee row over [new_lower, new_upper) does to a stored row of the same key over [old_lower, old_upper) (NULL upper = open-ended): disjoint, same, end_old (the stored row starts earlier and ends where the new one starts: next year''s rates) or conflict.';

-- The records of a CSV file checked against the columns a loader knows: a header line naming them
-- (any order, any case; optional columns may be absent), then data lines. Returns one row per data
-- line with its cells in the order of columns (trimmed, empty = NULL) and one row per problem.
CREATE FUNCTION @extschema@.csv_parse(document text, columns text[], kinds text[], required boolean[],
                                      OUT line_number bigint, OUT v text[], OUT problem text, OUT bad integer[])
RETURNS SETOF record
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_document ALIAS FOR $1; v_columns ALIAS FOR $2; v_kinds ALIAS FOR $3; v_required ALIAS FOR $4;
    rec record;
    header text[];
    header_line bigint;
    pos integer[] := '{}';
    cell text;
    p text;
    vals text[];
    n_data integer := 0;
    bad_cells integer[];
BEGIN
    FOR rec IN SELECT r.line_number AS ln, r.fields FROM @extschema@.csv_records(v_document) r ORDER BY 1 LOOP
        CONTINUE WHEN btrim(array_to_string(rec.fields, ''), E' \t') = '';
        IF header IS NULL THEN
            header_line := rec.ln;
            SELECT array_agg(lower(btrim(h, E' \t')) ORDER BY o) INTO header
              FROM unnest(rec.fields) WITH ORDINALITY AS u(h, o);
            FOR i IN 1 .. cardinality(header) LOOP
                IF NOT header[i] = ANY (v_columns) THEN
                    line_number := rec.ln; v := NULL; bad := NULL;
                    problem := format('line %s, column %s: not a column of this file', rec.ln, i);
                    RETURN NEXT;
                ELSIF array_position(header, header[i]) <> i THEN
                    line_number := rec.ln; v := NULL; bad := NULL;
                    problem := format('line %s, column %s: %s named twice', rec.ln, i, header[i]);
                    RETURN NEXT;
                END IF;
            END LOOP;
            FOR i IN 1 .. cardinality(v_columns) LOOP
                pos := pos || array_position(header, v_columns[i]);
                IF pos[i] IS NULL AND v_required[i] THEN
                    line_number := rec.ln; v := NULL; bad := NULL;
                    problem := format('line %s: the header lacks the column %s', rec.ln, v_columns[i]);
                    RETURN NEXT;
                END IF;
            END LOOP;
            CONTINUE;
        END IF;
        n_data := n_data + 1;
        IF cardinality(rec.fields) <> cardinality(header) THEN
            line_number := rec.ln; v := NULL; bad := NULL;
            problem := format('line %s: %s fields, the header on line %s has %s', rec.ln,
                              cardinality(rec.fields), header_line, cardinality(header));
            RETURN NEXT;
            CONTINUE;
        END IF;
        vals := '{}';
        bad_cells := '{}';
        FOR i IN 1 .. cardinality(v_columns) LOOP
            cell := CASE WHEN pos[i] IS NULL THEN '' ELSE btrim(rec.fields[pos[i]], E' \t') END;
            p := @extschema@.csv_cell_problem(v_kinds[i], cell, v_required[i]);
            IF p IS NOT NULL THEN
                line_number := rec.ln; v := NULL; bad := NULL;
                problem := format('line %s, column %s: %s', rec.ln, v_columns[i], p);
                RETURN NEXT;
                bad_cells := bad_cells || i;
            END IF;
            -- a bad cell is returned as NULL (the loaders' checks across lines cast cells), its index in bad
            vals := vals || CASE WHEN p IS NULL THEN nullif(cell, '') END;
        END LOOP;
        line_number := rec.ln; v := vals; problem := NULL; bad := bad_cells;
        RETURN NEXT;
    END LOOP;
    IF n_data = 0 THEN
        line_number := coalesce(header_line, 1); v := NULL; bad := NULL;
        problem := CASE WHEN header IS NULL THEN 'the file is empty' ELSE 'the file has a header and no data lines' END;
        RETURN NEXT;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.csv_parse(text, text[], text[], boolean[]) IS
    'The data lines of a practice CSV file, cells in the order of columns (trimmed; empty or bad = NULL, the bad ones'' indexes in bad), and one row per problem (header: unknown, repeated or missing columns; lines: field count, each cell''s kind by costshare.csv_cell_problem), each naming its line and column, never a value.';

-- Refuse a file with its problems (sorted by line, at most 20 in the detail, with the count)
CREATE FUNCTION @extschema@.csv_refuse(what text, problems text[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := coalesce(cardinality(problems), 0);
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    RAISE EXCEPTION '% refused: % problem%', what, n, CASE WHEN n = 1 THEN '' ELSE 's' END
        USING ERRCODE = 'bad_copy_file_format',
              DETAIL = array_to_string(problems[1:20], E'\n')
                       || CASE WHEN n > 20 THEN format(E'\n... and %s more', n - 20) ELSE '' END,
              HINT = 'Correct the lines named and load the whole file again; nothing was loaded.';
END $$;
COMMENT ON FUNCTION @extschema@.csv_refuse(text, text[]) IS
    'Raises 22P04 for a practice CSV file with problems: the first 20, one a line, in the detail, with the count of the rest; returns when there are none.';

-- ---- plans: one line per plan, network and benefit category ----------------------------------------

CREATE FUNCTION @extschema@.load_plans_csv(document text,
                                           OUT inserted integer, OUT updated integer, OUT unchanged integer)
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_document ALIAS FOR $1;
    cols constant text[] := ARRAY['plan_id', 'payer_id', 'payer_name', 'plan_name', 'plan_type', 'period_start',
        'network', 'ded_individual', 'ded_family', 'oop_individual', 'oop_family', 'category', 'copay',
        'coinsurance_percent', 'deductible_applies', 'visit_limit', 'auth_required', 'telehealth_copay',
        'carve_out_admin', 'payer_type', 'cob_method', 'visit_window_days', 'plan_max_period', 'plan_max_lifetime'];
    kinds constant text[] := ARRAY['text', 'text', 'text', 'text', 'text', 'date',
        'text', 'money', 'money', 'money', 'money', 'text', 'money',
        'percent', 'boolean', 'count', 'boolean', 'money', 'text', 'text', 'text', 'count', 'money', 'money'];
    req constant boolean[] := ARRAY[true, true, true, true, true, false,
        true, false, false, false, false, true, false,
        false, false, false, false, false, false, false, false, false, false, false];
    -- costshare.plan.cob_method's values (80_coordinate.sql); empty: by payer type
    cob_methods constant text[] := ARRAY['standard', 'non_duplication', 'carve_out', 'maintenance_of_benefits',
        'medicare_secondary', 'medicaid'];
    problems text[];
    r record;
    n integer;
BEGIN
    inserted := 0; updated := 0; unchanged := 0;
    -- one load of this kind at a time: the checks below then see every row a concurrent load wrote
    -- (SHARE ROW EXCLUSIVE: estimates read on, other writers of these tables wait)
    LOCK TABLE @extschema@.payer, @extschema@.plan, @extschema@.plan_limit, @extschema@.benefit IN SHARE ROW EXCLUSIVE MODE;
    WITH p AS (SELECT * FROM @extschema@.csv_parse(v_document, cols, kinds, req)),
    d AS (SELECT line_number AS ln, v, bad FROM p WHERE problem IS NULL),
    extra AS (
        SELECT ln, format('line %s, column plan_type: not one of ppo, hmo, epo, pos, hdhp, medicare, medicaid, other', ln) AS problem
          FROM d WHERE lower(v[5]) <> ALL (ARRAY['ppo', 'hmo', 'epo', 'pos', 'hdhp', 'medicare', 'medicaid', 'other'])
        UNION ALL
        SELECT ln, format('line %s, column network: not in or out', ln) FROM d WHERE lower(v[7]) NOT IN ('in', 'out')
        UNION ALL
        SELECT ln, format('line %s, column payer_type: not commercial, medicare, medicaid or other', ln)
          FROM d WHERE lower(v[20]) NOT IN ('commercial', 'medicare', 'medicaid', 'other')
        UNION ALL
        SELECT ln, format('line %s, column cob_method: not one of %s', ln, array_to_string(cob_methods, ', '))
          FROM d WHERE lower(v[21]) <> ALL (cob_methods)
        UNION ALL
        SELECT ln, format('line %s, column visit_window_days: not between 1 and 3660 days', ln)
          FROM d WHERE 22 <> ALL (bad) AND v[22]::integer NOT BETWEEN 1 AND 3660
        UNION ALL
        SELECT d2.ln, format('line %s, column %s: differs from line %s of the same payer', d2.ln, cols[c], d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.v[2] = d1.v[2]
          CROSS JOIN unnest(ARRAY[3, 20]) AS c
         WHERE d1.ln = (SELECT min(ln) FROM d d0 WHERE d0.v[2] = d1.v[2]) AND lower(d2.v[c]) IS DISTINCT FROM lower(d1.v[c]) AND c <> ALL (d1.bad || d2.bad)
        UNION ALL
        SELECT d2.ln, format('line %s: repeats the plan, network and category of line %s', d2.ln, d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.v[1] = d1.v[1] AND lower(d2.v[7]) = lower(d1.v[7])
                                 AND d2.v[12] = d1.v[12]
         WHERE NOT EXISTS (SELECT FROM d d0 WHERE d0.ln < d1.ln AND d0.v[1] = d1.v[1]
                             AND lower(d0.v[7]) = lower(d1.v[7]) AND d0.v[12] = d1.v[12])
        UNION ALL
        -- plan fields agree on every line of the plan, limit fields on every line of its network
        SELECT d2.ln, format('line %s, column %s: differs from line %s of the same plan', d2.ln, cols[c], d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.v[1] = d1.v[1]
          CROSS JOIN unnest(ARRAY[2, 3, 4, 5, 6, 21]) AS c
         WHERE d1.ln = (SELECT min(ln) FROM d d0 WHERE d0.v[1] = d1.v[1])
           AND CASE WHEN c = 21 THEN lower(d2.v[c]) IS DISTINCT FROM lower(d1.v[c]) ELSE d2.v[c] IS DISTINCT FROM d1.v[c] END
           AND c <> ALL (d1.bad || d2.bad)
        UNION ALL
        SELECT d2.ln, format('line %s, column %s: differs from line %s of the same plan and network', d2.ln, cols[c], d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.v[1] = d1.v[1] AND lower(d2.v[7]) = lower(d1.v[7])
          CROSS JOIN unnest(ARRAY[8, 9, 10, 11]) AS c
         WHERE d1.ln = (SELECT min(ln) FROM d d0 WHERE d0.v[1] = d1.v[1] AND lower(d0.v[7]) = lower(d1.v[7]))
           AND @extschema@.csv_money(d2.v[c]) IS DISTINCT FROM @extschema@.csv_money(d1.v[c])
           AND c <> ALL (d1.bad || d2.bad)
        UNION ALL
        SELECT ln, format('line %s, column payer_id: the stored plan belongs to another payer', ln)
          FROM d JOIN @extschema@.plan pl ON pl.plan_id = d.v[1] WHERE pl.payer_id <> d.v[2]
        UNION ALL
        SELECT ln, format('line %s, column plan_type: an HDHP plan stored with carryover cannot become hdhp', ln)
          FROM d JOIN @extschema@.plan pl ON pl.plan_id = d.v[1] WHERE lower(d.v[5]) = 'hdhp' AND pl.carryover)
    SELECT array_agg(x.problem ORDER BY x.ln, x.problem) INTO problems
      FROM (SELECT line_number AS ln, problem FROM p WHERE problem IS NOT NULL UNION ALL SELECT * FROM extra) x;
    PERFORM @extschema@.csv_refuse('plans file', problems);

    -- payers: an empty payer_type is commercial for a new payer and keeps a stored payer's type
    FOR r IN SELECT DISTINCT ON (v[2]) v[2] AS payer_id, v[3] AS name, lower(v[20]) AS payer_type
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY v[2], line_number LOOP
        IF NOT EXISTS (SELECT FROM @extschema@.payer WHERE payer_id = r.payer_id) THEN
            INSERT INTO @extschema@.payer (payer_id, name, payer_type)
            VALUES (r.payer_id, r.name, coalesce(r.payer_type, 'commercial'));
            inserted := inserted + 1;
        ELSIF EXISTS (SELECT FROM @extschema@.payer y WHERE y.payer_id = r.payer_id
                         AND (y.name, y.payer_type) IS DISTINCT FROM (r.name, coalesce(r.payer_type, y.payer_type))) THEN
            UPDATE @extschema@.payer SET name = r.name, payer_type = coalesce(r.payer_type, payer_type)
             WHERE payer_id = r.payer_id;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;

    FOR r IN SELECT DISTINCT ON (v[1]) v[1] AS plan_id, v[2] AS payer_id, v[4] AS name, lower(v[5]) AS plan_type,
                    v[6]::date AS period_start, lower(v[21]) AS cob_method
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY v[1], line_number LOOP
        IF NOT EXISTS (SELECT FROM @extschema@.plan WHERE plan_id = r.plan_id) THEN
            INSERT INTO @extschema@.plan (plan_id, payer_id, name, plan_type, period_start, hdhp, cob_method)
            VALUES (r.plan_id, r.payer_id, r.name, r.plan_type, r.period_start, r.plan_type = 'hdhp', r.cob_method);
            inserted := inserted + 1;
        ELSIF EXISTS (SELECT FROM @extschema@.plan p
                       WHERE p.plan_id = r.plan_id
                         AND (p.name, p.plan_type, p.period_start, p.hdhp, p.cob_method)
                             IS DISTINCT FROM (r.name, r.plan_type, r.period_start, r.plan_type = 'hdhp', r.cob_method)) THEN
            UPDATE @extschema@.plan SET name = r.name, plan_type = r.plan_type, period_start = r.period_start,
                                        hdhp = r.plan_type = 'hdhp', cob_method = r.cob_method
             WHERE plan_id = r.plan_id;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;

    FOR r IN SELECT DISTINCT ON (v[1], lower(v[7])) v[1] AS plan_id, lower(v[7]) AS bucket,
                    @extschema@.csv_money(v[8]) AS ded_i, @extschema@.csv_money(v[9]) AS ded_f,
                    @extschema@.csv_money(v[10]) AS oop_i, @extschema@.csv_money(v[11]) AS oop_f
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY v[1], lower(v[7]), line_number LOOP
        IF NOT EXISTS (SELECT FROM @extschema@.plan_limit WHERE plan_id = r.plan_id AND bucket = r.bucket) THEN
            INSERT INTO @extschema@.plan_limit (plan_id, bucket, ded_individual, ded_family, oop_individual, oop_family)
            VALUES (r.plan_id, r.bucket, r.ded_i, r.ded_f, r.oop_i, r.oop_f);
            inserted := inserted + 1;
        ELSIF EXISTS (SELECT FROM @extschema@.plan_limit l WHERE l.plan_id = r.plan_id AND l.bucket = r.bucket
                         AND (l.ded_individual, l.ded_family, l.oop_individual, l.oop_family)
                             IS DISTINCT FROM (r.ded_i, r.ded_f, r.oop_i, r.oop_f)) THEN
            UPDATE @extschema@.plan_limit SET ded_individual = r.ded_i, ded_family = r.ded_f, oop_individual = r.oop_i,
                                              oop_family = r.oop_f
             WHERE plan_id = r.plan_id AND bucket = r.bucket;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;

    FOR r IN SELECT v[1] AS plan_id, v[12] AS category, lower(v[7]) AS network,
                    @extschema@.csv_money(v[13]) AS copay,
                    coalesce(v[14]::numeric / 100, 0) AS coinsurance,
                    coalesce(@extschema@.csv_boolean(v[15]), true) AS deductible_applies,
                    v[16]::integer AS visit_limit,
                    coalesce(@extschema@.csv_boolean(v[17]), false) AS auth_required,
                    @extschema@.csv_money(v[18]) AS telehealth_copay, v[19] AS carve_out_admin,
                    v[22]::integer AS visit_window_days,
                    @extschema@.csv_money(v[23]) AS plan_max_period, @extschema@.csv_money(v[24]) AS plan_max_lifetime
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY line_number LOOP
        IF NOT EXISTS (SELECT FROM @extschema@.benefit
                        WHERE plan_id = r.plan_id AND category = r.category AND network = r.network) THEN
            INSERT INTO @extschema@.benefit (plan_id, category, network, copay, coinsurance, deductible_applies,
                                             visit_limit, auth_required, telehealth_copay, carve_out_admin,
                                             visit_window_days, plan_max_period, plan_max_lifetime)
            VALUES (r.plan_id, r.category, r.network, r.copay, r.coinsurance, r.deductible_applies,
                    r.visit_limit, r.auth_required, r.telehealth_copay, r.carve_out_admin, r.visit_window_days,
                    r.plan_max_period, r.plan_max_lifetime);
            inserted := inserted + 1;
        ELSIF EXISTS (SELECT FROM @extschema@.benefit b
                       WHERE b.plan_id = r.plan_id AND b.category = r.category AND b.network = r.network
                         AND (b.copay, b.coinsurance, b.deductible_applies, b.visit_limit, b.auth_required,
                              b.telehealth_copay, b.carve_out_admin, b.visit_window_days, b.plan_max_period,
                              b.plan_max_lifetime)
                             IS DISTINCT FROM (r.copay, r.coinsurance, r.deductible_applies, r.visit_limit,
                                               r.auth_required, r.telehealth_copay, r.carve_out_admin,
                                               r.visit_window_days, r.plan_max_period, r.plan_max_lifetime)) THEN
            UPDATE @extschema@.benefit
               SET copay = r.copay, coinsurance = r.coinsurance, deductible_applies = r.deductible_applies,
                   visit_limit = r.visit_limit, auth_required = r.auth_required,
                   telehealth_copay = r.telehealth_copay, carve_out_admin = r.carve_out_admin,
                   visit_window_days = r.visit_window_days, plan_max_period = r.plan_max_period,
                   plan_max_lifetime = r.plan_max_lifetime
             WHERE plan_id = r.plan_id AND category = r.category AND network = r.network;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.load_plans_csv(text) IS
    'Loads a plans CSV file (one line per plan, network and benefit category; columns in README.md): payers (with their type), plans, their in/out-of-network limits and benefits. The whole file is checked first and refused with every problem''s line and column (22P04); then only rows that differ from the stored ones are written (re-loading the same file changes nothing). Rows absent from the file are kept. Returns the count of rows inserted, updated and unchanged.';

-- ---- fee schedules: one line per contracted rate, with rollover -------------------------------------

CREATE FUNCTION @extschema@.load_fees_csv(document text,
                                          OUT inserted integer, OUT updated integer, OUT ended integer,
                                          OUT unchanged integer)
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_document ALIAS FOR $1;
    cols constant text[] := ARRAY['payer_id', 'plan_id', 'code', 'modifier', 'facility', 'credential', 'state',
        'valid_from', 'valid_through', 'amount', 'percent_of_medicare'];
    kinds constant text[] := ARRAY['text', 'text', 'text', 'text', 'boolean', 'text', 'text',
        'date', 'date', 'money', 'percent_medicare'];
    req constant boolean[] := ARRAY[true, false, true, false, false, false, false,
        true, false, false, false];
    problems text[];
    r record;
    o record;
BEGIN
    inserted := 0; updated := 0; ended := 0; unchanged := 0;
    -- one load of this kind at a time: the checks below then see every row a concurrent load wrote
    -- (SHARE ROW EXCLUSIVE: estimates read on, other writers of these tables wait)
    LOCK TABLE @extschema@.fee_schedule IN SHARE ROW EXCLUSIVE MODE;
    WITH p AS (SELECT * FROM @extschema@.csv_parse(v_document, cols, kinds, req)),
    d AS (SELECT line_number AS ln, v[1] AS payer_id, v[2] AS plan_id, upper(v[3]) AS code,
                 upper(coalesce(v[4], '')) AS modifier, @extschema@.csv_boolean(v[5]) AS facility,
                 v[6] AS credential, upper(v[7]) AS state, v[8]::date AS lo, (v[9]::date + 1) AS hi,
                 v[10] AS amount, v[11] AS pct, bad
            FROM p WHERE problem IS NULL),
    extra AS (
        SELECT ln, format('line %s: give exactly one of amount and percent_of_medicare', ln) AS problem
          FROM d WHERE (amount IS NULL) = (pct IS NULL) AND 10 <> ALL (bad) AND 11 <> ALL (bad)
        UNION ALL
        SELECT ln, format('line %s, column valid_through: before valid_from', ln) FROM d WHERE hi <= lo
        UNION ALL
        SELECT ln, format('line %s, column payer_id: no such payer (load the plans file first)', ln)
          FROM d WHERE payer_id IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.payer y WHERE y.payer_id = d.payer_id)
        UNION ALL
        SELECT ln, format('line %s, column plan_id: no such plan of the payer', ln)
          FROM d WHERE plan_id IS NOT NULL
           AND NOT EXISTS (SELECT FROM @extschema@.plan y WHERE y.plan_id = d.plan_id AND y.payer_id = d.payer_id)
        UNION ALL
        SELECT ln, format('line %s, column credential: no such credential', ln)
          FROM d WHERE credential IS NOT NULL
           AND NOT EXISTS (SELECT FROM @extschema@.credential y WHERE y.credential = d.credential)
        UNION ALL
        (SELECT DISTINCT ON (d2.ln) d2.ln, format('line %s: overlaps line %s for the same payer, plan, code, modifier, facility, credential and state', d2.ln, d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.payer_id = d1.payer_id
               AND d2.plan_id IS NOT DISTINCT FROM d1.plan_id AND d2.code = d1.code AND d2.modifier = d1.modifier
               AND d2.facility IS NOT DISTINCT FROM d1.facility AND d2.credential IS NOT DISTINCT FROM d1.credential
               AND d2.state IS NOT DISTINCT FROM d1.state
               AND daterange(d2.lo, d2.hi) && daterange(d1.lo, d1.hi)
         WHERE coalesce(d2.hi > d2.lo, true) AND coalesce(d1.hi > d1.lo, true) AND d1.lo IS NOT NULL AND d2.lo IS NOT NULL
           AND 9 <> ALL (d1.bad || d2.bad)
         ORDER BY d2.ln, d1.ln)
        UNION ALL
        SELECT d.ln, format('line %s: overlaps the stored row valid %s that it can neither replace nor end (it starts before that row, or on its first day with another end)',
                            d.ln, f.valid)
          FROM d JOIN @extschema@.fee_schedule f ON f.payer_id = d.payer_id
               AND f.plan_id IS NOT DISTINCT FROM d.plan_id AND f.code = d.code AND f.modifier = d.modifier
               AND f.facility IS NOT DISTINCT FROM d.facility AND f.credential IS NOT DISTINCT FROM d.credential
               AND f.state IS NOT DISTINCT FROM d.state
         WHERE coalesce(d.hi > d.lo, true) AND d.lo IS NOT NULL AND 9 <> ALL (d.bad)
           AND @extschema@.fee_rollover(lower(f.valid), upper(f.valid), d.lo, d.hi) = 'conflict')
    SELECT array_agg(x.problem ORDER BY x.ln, x.problem) INTO problems
      FROM (SELECT line_number AS ln, problem FROM p WHERE problem IS NOT NULL UNION ALL SELECT * FROM extra) x;
    PERFORM @extschema@.csv_refuse('fee schedule file', problems);

    FOR r IN SELECT v[1] AS payer_id, v[2] AS plan_id, upper(v[3]) AS code, upper(coalesce(v[4], '')) AS modifier,
                    @extschema@.csv_boolean(v[5]) AS facility, v[6] AS credential, upper(v[7]) AS state,
                    daterange(v[8]::date, v[9]::date + 1) AS valid,
                    @extschema@.csv_money(v[10]) AS amount, v[11]::numeric / 100 AS pct
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY line_number LOOP
        -- what the new row does to each stored row of its key that it meets (engine rule)
        FOR o IN SELECT f.fee_id, f.valid, f.amount, f.percent_of_medicare,
                        @extschema@.fee_rollover(lower(f.valid), upper(f.valid), lower(r.valid), upper(r.valid)) AS roll
                   FROM @extschema@.fee_schedule f
                  WHERE f.payer_id = r.payer_id AND f.plan_id IS NOT DISTINCT FROM r.plan_id AND f.code = r.code
                    AND f.modifier = r.modifier AND f.facility IS NOT DISTINCT FROM r.facility
                    AND f.credential IS NOT DISTINCT FROM r.credential AND f.state IS NOT DISTINCT FROM r.state
                    AND f.valid && r.valid
                  ORDER BY lower(f.valid) LOOP
            IF o.roll = 'end_old' THEN
                UPDATE @extschema@.fee_schedule SET valid = daterange(lower(o.valid), lower(r.valid))
                 WHERE fee_id = o.fee_id;
                ended := ended + 1;
            END IF;
        END LOOP;
        SELECT f.fee_id, f.amount, f.percent_of_medicare INTO o
          FROM @extschema@.fee_schedule f
         WHERE f.payer_id = r.payer_id AND f.plan_id IS NOT DISTINCT FROM r.plan_id AND f.code = r.code
           AND f.modifier = r.modifier AND f.facility IS NOT DISTINCT FROM r.facility
           AND f.credential IS NOT DISTINCT FROM r.credential AND f.state IS NOT DISTINCT FROM r.state
           AND f.valid = r.valid;
        IF NOT FOUND THEN
            INSERT INTO @extschema@.fee_schedule (payer_id, plan_id, code, modifier, facility, credential, state,
                                                  valid, amount, percent_of_medicare)
            VALUES (r.payer_id, r.plan_id, r.code, r.modifier, r.facility, r.credential, r.state,
                    r.valid, r.amount, r.pct);
            inserted := inserted + 1;
        ELSIF (o.amount, o.percent_of_medicare) IS DISTINCT FROM (r.amount, r.pct) THEN
            UPDATE @extschema@.fee_schedule SET amount = r.amount, percent_of_medicare = r.pct
             WHERE fee_id = o.fee_id;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.load_fees_csv(text) IS
    'Loads a fee schedule CSV file (one line per contracted rate; columns in README.md). The whole file is checked first and refused with every problem''s line and column (22P04). A line whose range starts after the start of a stored row of the same key that runs into it ends that row the day before (next year''s rates: the rollover of costshare.fee_rollover); a line with the stored row''s exact range updates its amount when it differs; any other overlap is refused. Re-loading the same file changes nothing. Returns rows inserted, updated, ended and unchanged.';

-- ---- members: one line per member and enrollment --------------------------------------------------
-- Problems name the line and column only: a members file holds names, birth dates and member IDs.

CREATE FUNCTION @extschema@.load_members_csv(document text,
                                             OUT inserted integer, OUT updated integer, OUT unchanged integer)
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_document ALIAS FOR $1;
    cols constant text[] := ARRAY['member_id', 'first_name', 'last_name', 'birth_date', 'subscriber_id',
        'relationship', 'family_id', 'plan_id', 'coverage_start', 'coverage_end', 'coverage_level', 'cob_order',
        'payer_member_id'];
    kinds constant text[] := ARRAY['text', 'text', 'text', 'date', 'text',
        'text', 'text', 'text', 'date', 'date', 'text', 'count', 'text'];
    req constant boolean[] := ARRAY[true, false, false, false, false,
        false, false, true, true, false, false, false, false];
    problems text[];
    r record;
    o record;
BEGIN
    inserted := 0; updated := 0; unchanged := 0;
    -- one load of this kind at a time: the checks below then see every row a concurrent load wrote
    -- (SHARE ROW EXCLUSIVE: estimates read on, other writers of these tables wait)
    LOCK TABLE @extschema@.member, @extschema@.enrollment IN SHARE ROW EXCLUSIVE MODE;
    WITH p AS (SELECT * FROM @extschema@.csv_parse(v_document, cols, kinds, req)),
    d AS (SELECT line_number AS ln, v, v[1] AS member_id, coalesce(v[5], v[1]) AS subscriber_id,
                 lower(coalesce(v[6], 'self')) AS relationship, v[8] AS plan_id,
                 v[9]::date AS lo, v[10]::date + 1 AS hi, bad
            FROM p WHERE problem IS NULL),
    extra AS (
        SELECT ln, format('line %s, column relationship: not self, spouse, child or other', ln) AS problem
          FROM d WHERE relationship NOT IN ('self', 'spouse', 'child', 'other')
        UNION ALL
        SELECT ln, format('line %s, column relationship: self exactly when subscriber_id is the member_id (or empty)', ln)
          FROM d WHERE relationship IN ('self', 'spouse', 'child', 'other')
                   AND (relationship = 'self') <> (subscriber_id = member_id)
        UNION ALL
        SELECT ln, format('line %s, column coverage_level: not individual or family', ln)
          FROM d WHERE lower(v[11]) NOT IN ('individual', 'family')
        UNION ALL
        SELECT ln, format('line %s, column cob_order: above 254', ln) FROM d WHERE v[12]::integer > 254
        UNION ALL
        SELECT ln, format('line %s, column coverage_end: before coverage_start', ln) FROM d WHERE hi <= lo
        UNION ALL
        SELECT ln, format('line %s, column plan_id: no such plan (load the plans file first)', ln)
          FROM d WHERE plan_id IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.plan y WHERE y.plan_id = d.plan_id)
        UNION ALL
        SELECT ln, format('line %s, column subscriber_id: not a member of the file or of the stored members', ln)
          FROM d WHERE subscriber_id IS NOT NULL AND NOT EXISTS (SELECT FROM d d0 WHERE d0.member_id = d.subscriber_id)
                   AND NOT EXISTS (SELECT FROM @extschema@.member m WHERE m.member_id = d.subscriber_id)
        UNION ALL
        SELECT d2.ln, format('line %s, column %s: differs from line %s of the same member', d2.ln, cols[c], d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.member_id = d1.member_id
          CROSS JOIN unnest(ARRAY[2, 3, 4]) AS c
         WHERE d1.ln = (SELECT min(ln) FROM d d0 WHERE d0.member_id = d1.member_id)
           AND d2.v[c] IS DISTINCT FROM d1.v[c] AND c <> ALL (d1.bad || d2.bad)
        UNION ALL
        (SELECT DISTINCT ON (d2.ln) d2.ln, format('line %s: coverage overlaps line %s of the same member and plan', d2.ln, d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.member_id = d1.member_id AND d2.plan_id = d1.plan_id
         WHERE coalesce(d1.hi > d1.lo, true) AND coalesce(d2.hi > d2.lo, true) AND d1.lo IS NOT NULL AND d2.lo IS NOT NULL
           AND 10 <> ALL (d1.bad || d2.bad)
           AND daterange(d1.lo, d1.hi) && daterange(d2.lo, d2.hi)
         ORDER BY d2.ln, d1.ln)
        UNION ALL
        SELECT d.ln, format('line %s: coverage overlaps a stored enrollment of the member under the plan that starts on another day', d.ln)
          FROM d JOIN @extschema@.enrollment e ON e.member_id = d.member_id AND e.plan_id = d.plan_id
         WHERE coalesce(d.hi > d.lo, true) AND 10 <> ALL (d.bad) AND lower(e.coverage) <> d.lo AND e.coverage && daterange(d.lo, d.hi))
    SELECT array_agg(x.problem ORDER BY x.ln, x.problem) INTO problems
      FROM (SELECT line_number AS ln, problem FROM p WHERE problem IS NOT NULL UNION ALL SELECT * FROM extra) x;
    PERFORM @extschema@.csv_refuse('members file', problems);

    -- members first (subscribers before their dependents' enrollments); an empty cell keeps the stored value
    FOR r IN SELECT DISTINCT ON (v[1]) v[1] AS member_id, v[2] AS first_name, v[3] AS last_name,
                    v[4]::date AS birth_date
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY v[1], line_number LOOP
        SELECT m.first_name, m.last_name, m.birth_date INTO o FROM @extschema@.member m WHERE m.member_id = r.member_id;
        IF NOT FOUND THEN
            INSERT INTO @extschema@.member (member_id, first_name, last_name, birth_date)
            VALUES (r.member_id, r.first_name, r.last_name, r.birth_date);
            inserted := inserted + 1;
        ELSIF (o.first_name, o.last_name, o.birth_date) IS DISTINCT FROM
              (coalesce(r.first_name, o.first_name), coalesce(r.last_name, o.last_name), coalesce(r.birth_date, o.birth_date)) THEN
            UPDATE @extschema@.member
               SET first_name = coalesce(r.first_name, first_name), last_name = coalesce(r.last_name, last_name),
                   birth_date = coalesce(r.birth_date, birth_date)
             WHERE member_id = r.member_id;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;

    FOR r IN SELECT v[1] AS member_id, coalesce(v[5], v[1]) AS subscriber_id, lower(coalesce(v[6], 'self')) AS relationship,
                    coalesce(v[7], v[5], v[1]) AS family_id, v[8] AS plan_id,
                    daterange(v[9]::date, v[10]::date + 1) AS coverage,
                    lower(coalesce(v[11], 'individual')) AS coverage_level, v[12]::integer AS cob_order,
                    v[13] AS payer_member_id
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY line_number LOOP
        SELECT e.enrollment_id, e.subscriber_id, e.family_id, e.coverage, e.relationship, e.coverage_level,
               e.cob_order, e.payer_member_id INTO o
          FROM @extschema@.enrollment e
         WHERE e.member_id = r.member_id AND e.plan_id = r.plan_id AND lower(e.coverage) = lower(r.coverage);
        IF NOT FOUND THEN
            INSERT INTO @extschema@.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship,
                                                coverage_level, cob_order, payer_member_id)
            VALUES (r.member_id, r.subscriber_id, r.family_id, r.plan_id, r.coverage, r.relationship,
                    r.coverage_level, r.cob_order, r.payer_member_id);
            inserted := inserted + 1;
        ELSIF (o.subscriber_id, o.family_id, o.coverage, o.relationship, o.coverage_level, o.cob_order, o.payer_member_id)
              IS DISTINCT FROM (r.subscriber_id, r.family_id, r.coverage, r.relationship, r.coverage_level, r.cob_order,
                                r.payer_member_id) THEN
            UPDATE @extschema@.enrollment
               SET subscriber_id = r.subscriber_id, family_id = r.family_id, coverage = r.coverage,
                   relationship = r.relationship, coverage_level = r.coverage_level, cob_order = r.cob_order,
                   payer_member_id = r.payer_member_id
             WHERE enrollment_id = o.enrollment_id;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.load_members_csv(text) IS
    'Loads a members CSV file (one line per member and enrollment; columns in README.md): members and their enrollments. The whole file is checked first and refused with every problem''s line and column, never a name, birth date or member ID (22P04). An enrollment is the stored one with the same member, plan and first day of coverage (its end and other fields are updated); an empty name or birth date keeps the stored one. Re-loading the same file changes nothing. Returns rows inserted, updated and unchanged.';

-- ---- providers: one line per provider and network participation ------------------------------------

CREATE FUNCTION @extschema@.load_providers_csv(document text,
                                               OUT inserted integer, OUT updated integer, OUT unchanged integer)
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_document ALIAS FOR $1;
    cols constant text[] := ARRAY['provider_id', 'name', 'credential', 'state', 'medicare_locality',
        'plan_id', 'in_network_from', 'in_network_through'];
    kinds constant text[] := ARRAY['text', 'text', 'text', 'text', 'text', 'text', 'date', 'date'];
    req constant boolean[] := ARRAY[true, true, true, false, false, false, false, false];
    problems text[];
    r record;
    o record;
BEGIN
    inserted := 0; updated := 0; unchanged := 0;
    -- one load of this kind at a time: the checks below then see every row a concurrent load wrote
    -- (SHARE ROW EXCLUSIVE: estimates read on, other writers of these tables wait)
    LOCK TABLE @extschema@.provider, @extschema@.network_participation IN SHARE ROW EXCLUSIVE MODE;
    WITH p AS (SELECT * FROM @extschema@.csv_parse(v_document, cols, kinds, req)),
    d AS (SELECT line_number AS ln, v, v[1] AS provider_id, v[6] AS plan_id, v[7]::date AS lo, v[8]::date + 1 AS hi, bad
            FROM p WHERE problem IS NULL),
    extra AS (
        SELECT ln, format('line %s, column credential: no such credential', ln) AS problem
          FROM d WHERE v[3] IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.credential y WHERE y.credential = d.v[3])
        UNION ALL
        SELECT ln, format('line %s, column plan_id: no such plan (load the plans file first)', ln)
          FROM d WHERE plan_id IS NOT NULL AND NOT EXISTS (SELECT FROM @extschema@.plan y WHERE y.plan_id = d.plan_id)
        UNION ALL
        SELECT ln, format('line %s: plan_id and in_network_from go together', ln)
          FROM d WHERE ((plan_id IS NULL) <> (lo IS NULL) OR (plan_id IS NULL AND hi IS NOT NULL))
                   AND 7 <> ALL (bad) AND 8 <> ALL (bad)
        UNION ALL
        SELECT ln, format('line %s, column in_network_through: before in_network_from', ln) FROM d WHERE hi <= lo
        UNION ALL
        SELECT d2.ln, format('line %s, column %s: differs from line %s of the same provider', d2.ln, cols[c], d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.provider_id = d1.provider_id
          CROSS JOIN unnest(ARRAY[2, 3, 4, 5]) AS c
         WHERE d1.ln = (SELECT min(ln) FROM d d0 WHERE d0.provider_id = d1.provider_id)
           AND d2.v[c] IS DISTINCT FROM d1.v[c] AND c <> ALL (d1.bad || d2.bad)
        UNION ALL
        (SELECT DISTINCT ON (d2.ln) d2.ln, format('line %s: in-network dates overlap line %s of the same provider and plan', d2.ln, d1.ln)
          FROM d d1 JOIN d d2 ON d2.ln > d1.ln AND d2.provider_id = d1.provider_id AND d2.plan_id = d1.plan_id
         WHERE d1.lo IS NOT NULL AND d2.lo IS NOT NULL AND d1.hi IS DISTINCT FROM d1.lo AND d2.hi IS DISTINCT FROM d2.lo
           AND (d1.hi IS NULL OR d1.hi > d1.lo) AND (d2.hi IS NULL OR d2.hi > d2.lo) AND 8 <> ALL (d1.bad || d2.bad)
           AND daterange(d1.lo, d1.hi) && daterange(d2.lo, d2.hi)
         ORDER BY d2.ln, d1.ln)
        UNION ALL
        SELECT d.ln, format('line %s: in-network dates overlap a stored participation in the plan that starts on another day', d.ln)
          FROM d JOIN @extschema@.network_participation n ON n.provider_id = d.provider_id AND n.plan_id = d.plan_id
         WHERE d.lo IS NOT NULL AND (d.hi IS NULL OR d.hi > d.lo) AND 8 <> ALL (d.bad)
           AND lower(n.valid) IS DISTINCT FROM d.lo AND n.valid && daterange(d.lo, d.hi))
    SELECT array_agg(x.problem ORDER BY x.ln, x.problem) INTO problems
      FROM (SELECT line_number AS ln, problem FROM p WHERE problem IS NOT NULL UNION ALL SELECT * FROM extra) x;
    PERFORM @extschema@.csv_refuse('providers file', problems);

    FOR r IN SELECT DISTINCT ON (v[1]) v[1] AS provider_id, v[2] AS name, v[3] AS credential, upper(v[4]) AS state,
                    v[5] AS medicare_locality
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL
              ORDER BY v[1], line_number LOOP
        SELECT p.name, p.credential, p.state, p.medicare_locality INTO o
          FROM @extschema@.provider p WHERE p.provider_id = r.provider_id;
        IF NOT FOUND THEN
            INSERT INTO @extschema@.provider (provider_id, name, credential, state, medicare_locality)
            VALUES (r.provider_id, r.name, r.credential, r.state, r.medicare_locality);
            inserted := inserted + 1;
        ELSIF (o.name, o.credential, o.state, o.medicare_locality)
              IS DISTINCT FROM (r.name, r.credential, r.state, r.medicare_locality) THEN
            UPDATE @extschema@.provider SET name = r.name, credential = r.credential, state = r.state,
                                            medicare_locality = r.medicare_locality
             WHERE provider_id = r.provider_id;
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;

    FOR r IN SELECT v[1] AS provider_id, v[6] AS plan_id, daterange(v[7]::date, v[8]::date + 1) AS valid
               FROM @extschema@.csv_parse(v_document, cols, kinds, req) WHERE problem IS NULL AND v[6] IS NOT NULL
              ORDER BY line_number LOOP
        SELECT n.ctid AS row_id, n.valid INTO o FROM @extschema@.network_participation n
         WHERE n.provider_id = r.provider_id AND n.plan_id = r.plan_id AND lower(n.valid) = lower(r.valid);
        IF NOT FOUND THEN
            INSERT INTO @extschema@.network_participation (provider_id, plan_id, valid)
            VALUES (r.provider_id, r.plan_id, r.valid);
            inserted := inserted + 1;
        ELSIF o.valid <> r.valid THEN
            UPDATE @extschema@.network_participation SET valid = r.valid
             WHERE provider_id = r.provider_id AND plan_id = r.plan_id AND lower(valid) = lower(r.valid);
            updated := updated + 1;
        ELSE
            unchanged := unchanged + 1;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.load_providers_csv(text) IS
    'Loads a providers CSV file (one line per provider and plan participation; a provider with no plan has empty plan columns; columns in README.md): providers and their in-network date ranges. The whole file is checked first and refused with every problem''s line and column (22P04). A participation is the stored one with the same provider, plan and first day (its end is updated). Re-loading the same file changes nothing. Returns rows inserted, updated and unchanged.';

-- ---- rights: the loader role loads (adds and updates, never deletes) --------------------------------

GRANT INSERT, UPDATE ON @extschema@.payer, @extschema@.plan, @extschema@.plan_limit, @extschema@.benefit,
                        @extschema@.member, @extschema@.enrollment, @extschema@.provider,
                        @extschema@.network_participation, @extschema@.fee_schedule
    TO costshare_loader;
REVOKE ALL ON FUNCTION @extschema@.load_plans_csv(text), @extschema@.load_members_csv(text),
                       @extschema@.load_providers_csv(text), @extschema@.load_fees_csv(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.load_plans_csv(text), @extschema@.load_members_csv(text),
                          @extschema@.load_providers_csv(text), @extschema@.load_fees_csv(text)
    TO costshare_loader;
