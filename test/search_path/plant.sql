-- test/search_path/plant.sql: plants, in schema public, shadows of every function, aggregate and operator
-- that the extension's function bodies use (run by scripts/test_search_path.sh after scan.sql, as a
-- superuser, in a database with the extension). The names come from the installed bodies (prosrc of every
-- SQL and PL/pgSQL function of the extension, through cs_scan.refs), not from a list kept by hand.
--
-- For each pg_catalog overload of a used name, a shadow in public with
--   * the same signature (it wins when public comes first: search_path = public, pg_catalog), and
--   * for polymorphic and "any" overloads, exact-type versions for the extension's own composite types
--     and common base types (and their arrays); for VARIADIC "any" (format, concat, jsonb_build_object,
--     num_nonnulls, ...) 1 to 4 arguments of one type, and text keys with values of one type. An exact
--     type beats a polymorphic pg_catalog function even when pg_catalog comes first.
-- Each shadow calls public.cs_shadow_hit(signature), then returns what the pg_catalog original returns
-- (so pgTAP and the tests, which are not pinned either and run through the shadows too, keep working).
-- cs_shadow_hit counts every call (sequence public.cs_shadow_calls: not undone by a rollback) and, when
-- the caller is a costshare function body, counts it again (public.cs_shadow_costshare_calls) and raises a
-- WARNING "cs_shadow_hit ..." with the call stack, which the server log keeps. A caller is a costshare
-- body when the frame that called the shadow (PG_CONTEXT) is a costshare function's. An inlined SQL
-- function leaves no frame, so the unpinned SQL functions of the extension get a harmless SET clause here
-- (cs_shadow.own_frame = on): they are no longer inlined and run in a frame of their own, and their
-- bodies are still parsed with the caller's search_path, as when inlined. Shadows are VOLATILE (so no
-- body that resolves a name to one is inlined either).

SET client_min_messages = warning;
SET search_path = pg_catalog, pg_temp;

CREATE SEQUENCE public.cs_shadow_calls;
CREATE SEQUENCE public.cs_shadow_costshare_calls;
CREATE TABLE public.cs_shadow_planted (kind text, signature text);

-- the frames that are costshare bodies
CREATE TABLE public.cs_shadow_re AS
SELECT '(PL/pgSQL function costshare\.(' || string_agg(DISTINCT p.proname, '|') FILTER (WHERE l.lanname = 'plpgsql')
       || ')\()|(SQL function "(' || string_agg(DISTINCT p.proname, '|') FILTER (WHERE l.lanname = 'sql')
       || ')")' AS frame_re
  FROM pg_depend d
  JOIN pg_proc p ON p.oid = d.objid
  JOIN pg_language l ON l.oid = p.prolang
 WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')
   AND l.lanname IN ('sql', 'plpgsql');

-- (created by EXECUTE so that the pattern is a constant of the body: it runs millions of times)
DO $$
BEGIN
    EXECUTE format($f$
CREATE FUNCTION public.cs_shadow_hit(signature text) RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $b$
DECLARE
    ctx text;
    caller text;
BEGIN
    PERFORM nextval('public.cs_shadow_calls');
    GET DIAGNOSTICS ctx = PG_CONTEXT;
    -- the context, innermost first: this function, the shadow's PERFORM of it ("... at PERFORM"), then
    -- the frame that called the shadow: the first "PL/pgSQL function ... line N at" or "SQL function
    -- "name"" after it ("SQL statement" lines in between hold statement text, which may span lines);
    -- none when the client's own statement called it
    caller := substring(substr(ctx, strpos(ctx, ' at PERFORM') + 11)
                        from '(PL/pgSQL function \S+ line [0-9]+ at|SQL function "[^"]*")');
    -- (the one place a costshare body runs the caller's own SQL under the caller's search_path, on
    -- purpose: estimate_many_query_run's EXECUTE of the query it was given; its own template there is
    -- qualified, and sql/search_path.sql reads that body)
    IF caller ~ %L AND caller !~ '^PL/pgSQL function costshare\.estimate_many_query_run\(text,text\) line [0-9]+ at$' THEN
        PERFORM nextval('public.cs_shadow_costshare_calls');
        RAISE WARNING 'cs_shadow_hit %% called from a costshare body', signature
            USING DETAIL = 'caller: ' || caller || ' | context: ' || replace(ctx, E'\n', ' <- ')
                           || ' | statement: ' || left(regexp_replace(current_query(), '\s+', ' ', 'g'), 200);
    END IF;
END $b$
$f$, (SELECT frame_re FROM public.cs_shadow_re));
END $$;

-- the used names: functions and aggregates (unqualified or pg_catalog.), and operator symbols
CREATE TEMP TABLE used AS
SELECT DISTINCT r.kind, r.name
  FROM pg_depend d
  JOIN pg_proc p ON p.oid = d.objid
  JOIN pg_language l ON l.oid = p.prolang
 CROSS JOIN LATERAL cs_scan.refs(p.prosrc) r
 WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')
   AND l.lanname IN ('sql', 'plpgsql')
   AND r.kind IN ('function', 'operator') AND coalesce(r.schema, 'pg_catalog') = 'pg_catalog';

-- the types that stand in for polymorphic and "any" arguments
CREATE TEMP TABLE stand_in AS
SELECT t::regtype AS elem FROM unnest(ARRAY['text', 'integer', 'bigint', 'numeric', 'date', 'boolean', 'jsonb',
                                             'daterange']) t
UNION
SELECT t.oid::regtype
  FROM pg_depend d JOIN pg_type t ON t.oid = d.objid
 WHERE d.classid = 'pg_type'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') AND t.typtype = 'c';
INSERT INTO stand_in SELECT t.typarray::regtype FROM stand_in s JOIN pg_type t ON t.oid = s.elem;

-- one (function or operator) signature: input types, result, whether the last input is VARIADIC
CREATE FUNCTION pg_temp.sub(typ regtype, elem regtype) RETURNS regtype
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN typ IN ('anyelement'::regtype, 'anycompatible'::regtype, '"any"'::regtype) THEN elem
        WHEN typ IN ('anynonarray'::regtype, 'anycompatiblenonarray'::regtype) THEN
             CASE WHEN (SELECT typcategory FROM pg_type WHERE oid = elem) <> 'A' THEN elem END
        WHEN typ IN ('anyarray'::regtype, 'anycompatiblearray'::regtype) THEN
             CASE WHEN (SELECT typcategory FROM pg_type WHERE oid = elem) <> 'A'
                  THEN (SELECT typarray FROM pg_type WHERE oid = elem)::regtype END
        WHEN typ IN ('anyrange'::regtype, 'anycompatiblerange'::regtype) THEN
             CASE WHEN elem = 'date'::regtype THEN 'daterange'::regtype END
        WHEN typ IN ('anymultirange'::regtype, 'anycompatiblemultirange'::regtype) THEN
             CASE WHEN elem = 'date'::regtype THEN 'datemultirange'::regtype END
        WHEN (SELECT typtype FROM pg_type WHERE oid = typ) = 'p'
             AND typ NOT IN ('record'::regtype, 'void'::regtype) THEN NULL
        ELSE typ END
$$;

CREATE FUNCTION public.cs_shadow_count_step(s text[]) RETURNS text[]
LANGUAGE sql VOLATILE AS 'SELECT pg_catalog.array_append(s, NULL::pg_catalog.text)';

DO $plant$
DECLARE
    f record;
    o record;
    e regtype;
    args regtype[];
    ret regtype;
    arity integer;
    variants regtype[][];
    v integer;
    sig text;
    arglist text;
    calllist text;
    n integer := 0;
    poly boolean;
    has_any boolean;
BEGIN
    -- functions (kind f), skipping OUT-parameter and internal-only ones
    FOR f IN SELECT p.oid, p.proname, (SELECT coalesce(array_agg(t::regtype ORDER BY i), '{}') FROM unnest(p.proargtypes) WITH ORDINALITY u(t, i)) AS argtypes, p.prorettype::regtype AS rettype,
                    p.proretset, p.provariadic, p.provolatile
               FROM pg_proc p
              WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f'
                AND p.proname IN (SELECT name FROM used WHERE kind = 'function')
                AND NOT coalesce(p.proargmodes, '{}') && ARRAY['o', 'b', 't']::"char"[]
              ORDER BY p.proname, p.oid LOOP
        poly := EXISTS (SELECT FROM unnest(f.argtypes || f.rettype) t
                         WHERE t::text LIKE 'any%' OR t = '"any"'::regtype);
        has_any := '"any"'::regtype = ANY (f.argtypes);
        FOR e IN SELECT NULL::regtype UNION ALL SELECT elem FROM stand_in LOOP
            CONTINUE WHEN e IS NULL AND has_any;        -- "any" cannot be a PL/pgSQL argument
            CONTINUE WHEN e IS NOT NULL AND NOT poly;
            FOR arity IN 0 .. CASE WHEN f.provariadic = '"any"'::regtype THEN 5 ELSE 0 END LOOP
                IF e IS NULL THEN
                    args := f.argtypes;
                    ret := f.rettype;
                ELSE
                    SELECT array_agg(pg_temp.sub(t, e) ORDER BY i) INTO args FROM unnest(f.argtypes) WITH ORDINALITY u(t, i);
                    ret := pg_temp.sub(f.rettype, e);
                    IF f.provariadic = '"any"'::regtype THEN
                        -- VARIADIC "any": arity 1-4 arguments of type e; arity 5: text keys, e values
                        args := args[1 : cardinality(args) - 1];
                        IF arity BETWEEN 1 AND 4 THEN
                            args := args || array_fill(e, ARRAY[arity]);
                        ELSIF arity = 5 AND f.proname LIKE '%build_object' THEN
                            args := args || ARRAY['text', e, 'text', e]::regtype[];
                        ELSE
                            CONTINUE;
                        END IF;
                    END IF;
                END IF;
                CONTINUE WHEN args IS NULL AND cardinality(f.argtypes) > 0;
                CONTINUE WHEN ret IS NULL OR array_position(args, NULL) IS NOT NULL;
                CONTINUE WHEN EXISTS (SELECT FROM unnest(args || ret) t JOIN pg_type y ON y.oid = t
                                       WHERE y.typtype = 'p' AND t NOT IN ('record'::regtype, 'void'::regtype,
                                             'anyelement', 'anyarray', 'anynonarray', 'anycompatible',
                                             'anycompatiblearray', 'anycompatiblenonarray', 'anyrange',
                                             'anymultirange', 'anycompatiblerange', 'anycompatiblemultirange'));
                CONTINUE WHEN ret = 'record'::regtype;     -- record results need a column list
                args := coalesce(args, '{}');
                SELECT string_agg(CASE WHEN i = cardinality(args) AND f.provariadic <> 0
                                            AND f.provariadic <> '"any"'::regtype AND e IS NULL
                                       THEN 'VARIADIC ' ELSE '' END || t::text, ', ' ORDER BY i),
                       string_agg(CASE WHEN i = cardinality(args) AND f.provariadic <> 0
                                            AND f.provariadic <> '"any"'::regtype AND e IS NULL
                                       THEN 'VARIADIC ' ELSE '' END || '$' || i, ', ' ORDER BY i)
                  INTO arglist, calllist
                  FROM unnest(args) WITH ORDINALITY u(t, i);
                sig := format('%s(%s)', f.proname, coalesce(arglist, ''));
                BEGIN
                    EXECUTE format(
                        'CREATE FUNCTION public.%I(%s) RETURNS %s%s LANGUAGE plpgsql %s '
                        'AS %L',
                        f.proname, coalesce(arglist, ''), CASE WHEN f.proretset THEN 'SETOF ' ELSE '' END, ret,
                        'VOLATILE',
                        format(E'BEGIN\n    PERFORM public.cs_shadow_hit(%L);\n    %s pg_catalog.%I(%s);\nEND',
                               sig, CASE WHEN f.proretset THEN 'RETURN QUERY SELECT * FROM' ELSE 'RETURN' END,
                               f.proname, coalesce(calllist, '')));
                    INSERT INTO public.cs_shadow_planted VALUES ('function', sig);
                    n := n + 1;
                EXCEPTION WHEN OTHERS THEN
                    INSERT INTO public.cs_shadow_planted VALUES ('not planted', sig || ': ' || SQLERRM);
                END;
            END LOOP;
        END LOOP;
    END LOOP;

    -- aggregates (kind a, plain, one argument, or count(*)): the inputs are kept as text and the
    -- pg_catalog aggregate is run over them in order by the final function
    FOR f IN SELECT p.oid, p.proname, (SELECT coalesce(array_agg(t::regtype ORDER BY i), '{}') FROM unnest(p.proargtypes) WITH ORDINALITY u(t, i)) AS argtypes, p.prorettype::regtype AS rettype
               FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
              WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'a' AND a.aggkind = 'n'
                AND p.proname IN (SELECT name FROM used WHERE kind = 'function') AND p.pronargs <= 1
              ORDER BY p.proname, p.oid LOOP
        FOR e IN SELECT NULL::regtype UNION ALL SELECT elem FROM stand_in LOOP
            IF cardinality(f.argtypes) = 0 THEN
                CONTINUE WHEN e IS NOT NULL;
                args := '{}';
                ret := f.rettype;
            ELSE
                args := ARRAY[pg_temp.sub(f.argtypes[1], coalesce(e, f.argtypes[1]))];
                ret := pg_temp.sub(f.rettype, coalesce(e, f.argtypes[1]));
                CONTINUE WHEN e IS NULL AND (SELECT typtype FROM pg_type WHERE oid = f.argtypes[1]) = 'p';
                CONTINUE WHEN e IS NOT NULL AND (SELECT typtype FROM pg_type WHERE oid = f.argtypes[1]) <> 'p';
                CONTINUE WHEN args[1] IS NULL OR ret IS NULL
                              OR (SELECT typtype FROM pg_type WHERE oid = args[1]) = 'p';
            END IF;
            n := n + 1;
            sig := format('%s(%s)', f.proname, coalesce(args[1]::text, '*'));
            BEGIN
                EXECUTE format('CREATE FUNCTION public.cs_shadow_agg_final_%s(text[]) RETURNS %s LANGUAGE plpgsql '
                               'AS %L', n, ret,
                    format(E'DECLARE r %s;\nBEGIN\n    PERFORM public.cs_shadow_hit(%L);\n'
                           '    EXECUTE %L INTO r USING $1;\n    RETURN r;\nEND', ret, sig,
                           CASE WHEN args = '{}' THEN
                                    'SELECT pg_catalog.count(*) FROM pg_catalog.unnest($1)'
                                ELSE format('SELECT pg_catalog.%I(x::%s ORDER BY i) FROM pg_catalog.unnest($1) '
                                            'WITH ORDINALITY u(x, i)', f.proname, args[1]) END));
                IF args = '{}' THEN
                    EXECUTE format('CREATE AGGREGATE public.%I(*) (SFUNC = public.cs_shadow_count_step, '
                                   'STYPE = text[], INITCOND = ''{}'', FINALFUNC = public.cs_shadow_agg_final_%s)',
                                   f.proname, n);
                ELSE
                    EXECUTE format('CREATE FUNCTION public.cs_shadow_agg_step_%s(s text[], x %s) RETURNS text[] '
                                   'LANGUAGE sql VOLATILE AS ''SELECT pg_catalog.array_append(s, x::pg_catalog.text)''',
                                   n, args[1]);
                    EXECUTE format('CREATE AGGREGATE public.%I(%s) (SFUNC = public.cs_shadow_agg_step_%s, '
                                   'STYPE = text[], INITCOND = ''{}'', FINALFUNC = public.cs_shadow_agg_final_%s)',
                                   f.proname, args[1], n, n);
                END IF;
                INSERT INTO public.cs_shadow_planted VALUES ('aggregate', sig);
            EXCEPTION WHEN OTHERS THEN
                INSERT INTO public.cs_shadow_planted VALUES ('not planted', sig || ': ' || SQLERRM);
            END;
        END LOOP;
    END LOOP;

    -- operators: same operand types, and exact types for polymorphic ones
    FOR o IN SELECT op.oid, op.oprname, op.oprkind, op.oprleft::regtype AS l, op.oprright::regtype AS r,
                    op.oprresult::regtype AS res, op.oprrest::regproc AS rest, op.oprjoin::regproc AS joinsel
               FROM pg_operator op
              WHERE op.oprnamespace = 'pg_catalog'::regnamespace AND op.oprkind IN ('b', 'l')
                AND op.oprname IN (SELECT name FROM used WHERE kind = 'operator')
              ORDER BY op.oprname, op.oid LOOP
        poly := EXISTS (SELECT FROM unnest(ARRAY[o.l, o.r, o.res]) t WHERE t::text LIKE 'any%');
        FOR e IN SELECT NULL::regtype UNION ALL SELECT elem FROM stand_in LOOP
            CONTINUE WHEN (e IS NULL) = poly;
            args := ARRAY[CASE WHEN o.oprkind = 'b' THEN pg_temp.sub(o.l, e) END, pg_temp.sub(o.r, e)];
            ret := pg_temp.sub(o.res, e);
            IF e IS NULL THEN
                args := ARRAY[CASE WHEN o.oprkind = 'b' THEN o.l END, o.r];
                ret := o.res;
            END IF;
            CONTINUE WHEN ret IS NULL OR args[2] IS NULL OR (o.oprkind = 'b' AND args[1] IS NULL);
            n := n + 1;
            sig := format('operator %s(%s, %s)', o.oprname, coalesce(args[1]::text, 'NONE'), args[2]);
            BEGIN
                IF o.oprkind = 'b' THEN
                    EXECUTE format('CREATE FUNCTION public.cs_shadow_op_%s(%s, %s) RETURNS %s LANGUAGE plpgsql '
                                   'AS %L', n, args[1], args[2], ret,
                        format(E'BEGIN\n    PERFORM public.cs_shadow_hit(%L);\n'
                               '    RETURN $1 OPERATOR(pg_catalog.%s) $2;\nEND', sig, o.oprname));
                    -- the original's selectivity estimators, so that plans stay sensible
                    EXECUTE format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, '
                                   'FUNCTION = public.cs_shadow_op_%s%s%s)', o.oprname, args[1], args[2], n,
                                   CASE WHEN o.rest <> 0 THEN ', RESTRICT = pg_catalog.' || o.rest::text END,
                                   CASE WHEN o.joinsel <> 0 THEN ', JOIN = pg_catalog.' || o.joinsel::text END);
                ELSE
                    EXECUTE format('CREATE FUNCTION public.cs_shadow_op_%s(%s) RETURNS %s LANGUAGE plpgsql '
                                   'AS %L', n, args[2], ret,
                        format(E'BEGIN\n    PERFORM public.cs_shadow_hit(%L);\n'
                               '    RETURN OPERATOR(pg_catalog.%s) $1;\nEND', sig, o.oprname));
                    EXECUTE format('CREATE OPERATOR public.%s (RIGHTARG = %s, FUNCTION = public.cs_shadow_op_%s)',
                                   o.oprname, args[2], n);
                END IF;
                INSERT INTO public.cs_shadow_planted VALUES ('operator', sig);
            EXCEPTION WHEN OTHERS THEN
                INSERT INTO public.cs_shadow_planted VALUES ('not planted', sig || ': ' || SQLERRM);
            END;
        END LOOP;
    END LOOP;
END $plant$;

-- CREATE AGGREGATE makes aggregates IMMUTABLE whatever their functions: mark the shadows VOLATILE, as the
-- functions are, so that a body calling one is not inlined either
UPDATE pg_catalog.pg_proc SET provolatile = 'v'
 WHERE pronamespace = 'public'::regnamespace AND prokind = 'a';

-- the unpinned SQL functions of the extension run in a frame of their own (see above)
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid
               FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
              WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
                AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')
                AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql') AND p.proconfig IS NULL LOOP
        EXECUTE format('ALTER FUNCTION %s SET cs_shadow.own_frame = on', f);
        INSERT INTO public.cs_shadow_planted VALUES ('own frame', f::text);
    END LOOP;
END $$;

SELECT kind, count(*) FROM public.cs_shadow_planted GROUP BY kind ORDER BY kind;
