-- test/search_path/scan.sql: a small SQL lexer and reference finder for function bodies (prosrc), used by
-- the static catalog check (sql/search_path.sql) and the shadowing test (scripts/test_search_path.sh).
-- It creates schema cs_scan with two functions:
--   cs_scan.tokens(src)  the tokens of a body: comments dropped; string literals, quoted identifiers,
--                        numbers, parameters, operators and punctuation told apart (PostgreSQL's lexing
--                        rules, including "an operator ends in + or - only if it holds ~!@#%^&|`?")
--   cs_scan.refs(src)    what in the body the parser resolves by name through search_path: calls of
--                        functions and aggregates, operators (written and implied by syntax: LIKE,
--                        BETWEEN, IN (...), IS DISTINCT FROM, NULLIF, simple CASE), type names (after ::,
--                        in CAST(... AS type), type 'literal') and relations after FROM/JOIN/INTO/UPDATE;
--                        each with the schema it is qualified with (NULL: resolved through search_path).
-- SQL syntax that looks like a call is not one: COALESCE, GREATEST, LEAST, EXISTS, ANY/ALL/SOME, ARRAY,
-- ROW, CAST, VALUES, IN, OVER, FILTER, ... (they name nothing); the SQL-standard forms EXTRACT(.. FROM ..),
-- POSITION(.. IN ..), TRIM(..), SUBSTRING(.. FROM ..), OVERLAY(.. PLACING ..) call pg_catalog functions by
-- their qualified names; type names that are SQL keywords (integer, numeric, boolean, timestamp, ...) are
-- pg_catalog's whatever the search_path. Written for checking, not for speed.

CREATE SCHEMA cs_scan;

CREATE FUNCTION cs_scan.tokens(src text, OUT n integer, OUT kind text, OUT tok text)
RETURNS SETOF record
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    len integer := length(src);
    i integer := 1;
    j integer;
    c text;
    c2 text;
    tag text;
    opchars constant text := '+-*/<>=~!@#%^&|`?';
BEGIN
    n := 0;
    WHILE i <= len LOOP
        c := substr(src, i, 1);
        c2 := substr(src, i, 2);
        IF c ~ '\s' THEN
            i := i + 1;
            CONTINUE;
        ELSIF c2 = '--' THEN
            j := strpos(substr(src, i), E'\n');
            i := CASE WHEN j = 0 THEN len + 1 ELSE i + j END;
            CONTINUE;
        ELSIF c2 = '/*' THEN                     -- nested block comments, as PostgreSQL reads them
            DECLARE depth integer := 1;
            BEGIN
                i := i + 2;
                WHILE i <= len AND depth > 0 LOOP
                    IF substr(src, i, 2) = '/*' THEN depth := depth + 1; i := i + 2;
                    ELSIF substr(src, i, 2) = '*/' THEN depth := depth - 1; i := i + 2;
                    ELSE i := i + 1;
                    END IF;
                END LOOP;
            END;
            CONTINUE;
        END IF;
        n := n + 1;
        IF c = '''' OR (c ~ '[EeBbXxNn]' AND substr(src, i + 1, 1) = '''')
           OR (c ~ '[Uu]' AND substr(src, i + 1, 2) = '&''') THEN
            -- a string literal; E'' strings take backslash escapes
            DECLARE esc boolean := c ~ '[Ee]';
            BEGIN
                j := strpos(substr(src, i), '''') + i;     -- just after the opening quote
                LOOP
                    EXIT WHEN j > len;
                    IF esc AND substr(src, j, 1) = '\' THEN j := j + 2;
                    ELSIF substr(src, j, 2) = '''''' THEN j := j + 2;
                    ELSIF substr(src, j, 1) = '''' THEN j := j + 1; EXIT;
                    ELSE j := j + 1;
                    END IF;
                END LOOP;
                kind := 'str'; tok := substr(src, i, j - i); i := j;
            END;
        ELSIF c = '$' AND substr(src, i) ~ '^\$([A-Za-z_][A-Za-z_0-9]*)?\$' THEN
            tag := substring(substr(src, i) from '^(\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$)');
            j := strpos(substr(src, i + length(tag)), tag);
            j := CASE WHEN j = 0 THEN len + 1 ELSE i + length(tag) + j - 1 + length(tag) END;
            kind := 'str'; tok := substr(src, i, j - i); i := j;
        ELSIF c = '$' AND substr(src, i + 1, 1) ~ '[0-9]' THEN
            tok := substring(substr(src, i) from '^\$[0-9]+');
            kind := 'param'; i := i + length(tok);
        ELSIF c = '"' THEN
            j := i + 1;
            LOOP
                EXIT WHEN j > len;
                IF substr(src, j, 2) = '""' THEN j := j + 2;
                ELSIF substr(src, j, 1) = '"' THEN j := j + 1; EXIT;
                ELSE j := j + 1;
                END IF;
            END LOOP;
            kind := 'ident'; tok := replace(substr(src, i + 1, j - i - 2), '""', '"'); i := j;
        ELSIF c ~ '[A-Za-z_\u0080-\uffff]' THEN
            tok := substring(substr(src, i) from '^[A-Za-z_0-9$\u0080-\uffff]+');
            kind := 'word'; i := i + length(tok); tok := lower(tok);
        ELSIF c ~ '[0-9]' OR (c = '.' AND substr(src, i + 1, 1) ~ '[0-9]') THEN
            tok := substring(substr(src, i) from '^([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+\.?)');
            IF substr(src, i + length(tok) - 1, 3) ~ '^\.\.' THEN       -- 1..2 in a slice
                tok := substr(tok, 1, length(tok) - 1);
            END IF;
            kind := 'num'; i := i + length(tok);
        ELSIF c2 IN ('::', ':=', '=>') THEN
            kind := c2; tok := c2; i := i + 2;
        ELSIF strpos(opchars, c) > 0 THEN
            j := i;
            WHILE j <= len AND strpos(opchars, substr(src, j, 1)) > 0
                  AND substr(src, j, 2) NOT IN ('--', '/*') LOOP
                j := j + 1;
            END LOOP;
            tok := substr(src, i, j - i);
            -- an operator of several characters ends in + or - only if it holds one of ~!@#%^&|`?
            IF length(tok) > 1 AND tok !~ '[~!@#%^&|`?]' THEN
                WHILE length(tok) > 1 AND right(tok, 1) IN ('+', '-') LOOP
                    tok := left(tok, -1);
                END LOOP;
            END IF;
            kind := 'op'; i := i + length(tok);
        ELSE
            kind := 'punct'; tok := c; i := i + 1;
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;

-- The words that, followed by '(', are SQL syntax rather than a call of a function found by name
CREATE FUNCTION cs_scan.syntax_word(w text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT w = ANY (ARRAY[
        -- reserved words and column-name keywords that take parentheses as syntax
        'all', 'and', 'any', 'array', 'as', 'between', 'case', 'cast', 'check', 'coalesce', 'collate',
        'default', 'distinct', 'else', 'end', 'except', 'exists', 'extract', 'for', 'from', 'greatest',
        'group', 'grouping', 'having', 'in', 'intersect', 'into', 'lateral', 'least', 'limit', 'normalize',
        'not', 'nullif', 'offset', 'on', 'or', 'order', 'position', 'returning', 'row', 'select', 'some',
        'table', 'then', 'treat', 'trim', 'union', 'using', 'values', 'when', 'where', 'window', 'with',
        'cross', 'join', 'inner', 'full', 'natural', 'outer', 'is', 'like', 'ilike', 'similar', 'overlaps',
        -- unreserved words used as syntax before '('
        'filter', 'over', 'conflict', 'sets', 'cube', 'rollup', 'partition', 'by', 'recursive',
        'materialized', 'ordinality', 'query', 'if', 'elsif', 'return', 'perform', 'execute', 'raise',
        'loop', 'while', 'exit', 'continue', 'foreach', 'do', 'set', 'update', 'delete', 'insert', 'only',
        'operator',
        -- type names that are SQL keywords: '(' is a type modifier
        'bigint', 'bit', 'boolean', 'char', 'character', 'dec', 'decimal', 'float', 'int', 'integer',
        'interval', 'national', 'nchar', 'numeric', 'precision', 'real', 'smallint', 'time', 'timestamp',
        'varchar', 'varying', 'zone', 'setof', 'inout', 'out', 'none'])
$$;

-- type names that are SQL keywords: the grammar turns them into pg_catalog types (SystemTypeName)
CREATE FUNCTION cs_scan.keyword_type(w text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT w = ANY (ARRAY['bigint', 'bit', 'boolean', 'char', 'character', 'dec', 'decimal', 'double',
                          'float', 'int', 'integer', 'interval', 'national', 'nchar', 'numeric', 'real',
                          'smallint', 'time', 'timestamp', 'varchar'])
$$;

CREATE FUNCTION cs_scan.refs(src text, OUT kind text, OUT schema text, OUT name text, OUT at integer)
RETURNS SETOF record
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text[];
    t text[];
    cnt integer;
    i integer;
    j integer;
    depth integer;
    close_at integer[];
    stack integer[] := '{}';
    cast_depths integer[] := '{}';      -- paren depth of open CAST( ... )
    pdepth integer := 0;
    ctes text[] := '{}';
    prev_k text;
    prev_t text;
    next_t text;
    has_sep boolean;
    -- per parenthesis depth: 'select' inside a SELECT (or DELETE), 'from' inside its FROM list
    clause text[] := ARRAY['none'];
    rel_next boolean;
BEGIN
    SELECT array_agg(x.kind ORDER BY x.n), array_agg(x.tok ORDER BY x.n) INTO k, t
      FROM cs_scan.tokens(src) x;
    cnt := coalesce(array_length(t, 1), 0);
    IF cnt = 0 THEN
        RETURN;
    END IF;
    -- matching parentheses
    close_at := array_fill(0, ARRAY[cnt]);
    FOR i IN 1 .. cnt LOOP
        IF k[i] = 'punct' AND t[i] = '(' THEN
            stack := stack || i;
        ELSIF k[i] = 'punct' AND t[i] = ')' AND cardinality(stack) > 0 THEN
            close_at[stack[cardinality(stack)]] := i;
            stack := stack[1 : cardinality(stack) - 1];
        END IF;
    END LOOP;
    -- names of common table expressions: "name AS (" or "name (cols) AS ("
    FOR i IN 1 .. cnt - 2 LOOP
        IF k[i] = 'word' AND t[i + 1] = 'as' AND t[i + 2] = '(' AND (i = 1 OR t[i - 1] <> '.') THEN
            ctes := ctes || t[i];
        ELSIF k[i] = 'word' AND t[i + 1] = '(' AND close_at[i + 1] > 0 AND close_at[i + 1] + 2 <= cnt
              AND t[close_at[i + 1] + 1] = 'as' AND t[close_at[i + 1] + 2] = '(' THEN
            ctes := ctes || t[i];
        END IF;
    END LOOP;

    FOR i IN 1 .. cnt LOOP
        prev_k := CASE WHEN i > 1 THEN k[i - 1] END;
        prev_t := CASE WHEN i > 1 THEN t[i - 1] END;
        next_t := CASE WHEN i < cnt THEN t[i + 1] END;
        IF k[i] = 'punct' AND t[i] = '(' THEN
            pdepth := pdepth + 1;
            clause := clause || 'none'::text;
            IF prev_t = 'cast' AND prev_k = 'word' THEN
                cast_depths := cast_depths || pdepth;
            END IF;
            CONTINUE;
        ELSIF k[i] = 'punct' AND t[i] = ')' THEN
            IF cardinality(cast_depths) > 0 AND cast_depths[cardinality(cast_depths)] = pdepth THEN
                cast_depths := cast_depths[1 : cardinality(cast_depths) - 1];
            END IF;
            pdepth := pdepth - 1;
            IF cardinality(clause) > 1 THEN
                clause := clause[1 : cardinality(clause) - 1];
            END IF;
            CONTINUE;
        END IF;

        -- where a FROM list starts and ends (a relation follows FROM, JOIN or a comma in it)
        rel_next := false;
        IF k[i] = 'word' THEN
            IF t[i] IN ('select', 'delete') THEN
                clause[cardinality(clause)] := 'select';
            ELSIF t[i] = 'from' AND clause[cardinality(clause)] = 'select' AND prev_t IS DISTINCT FROM 'distinct' THEN
                clause[cardinality(clause)] := 'from';
            ELSIF t[i] IN ('where', 'group', 'having', 'window', 'order', 'limit', 'offset', 'fetch', 'for',
                           'returning', 'into') AND clause[cardinality(clause)] = 'from' THEN
                clause[cardinality(clause)] := 'select';
            ELSIF t[i] IN ('union', 'intersect', 'except') THEN
                clause[cardinality(clause)] := 'none';
            END IF;
        END IF;
        IF k[i] IN ('word', 'ident') AND i > 1 THEN
            -- the token before the name (or before "schema .")
            j := CASE WHEN prev_t = '.' AND i > 2 THEN i - 3 ELSE i - 1 END;
            IF j >= 1 AND clause[cardinality(clause)] = 'from'
               AND ((k[j] = 'word' AND t[j] IN ('from', 'join')) OR (k[j] = 'punct' AND t[j] = ',')) THEN
                rel_next := true;
            ELSIF j >= 1 AND k[j] = 'word' AND t[j] IN ('into', 'update', 'table')
                  AND (j = 1 OR t[j - 1] IS DISTINCT FROM 'distinct') THEN
                rel_next := true;
            ELSIF j >= 1 AND k[j] = 'word' AND t[j] = 'from' AND clause[cardinality(clause)] = 'none'
                  AND j > 1 AND t[j - 1] = 'delete' THEN
                rel_next := true;
            END IF;
        END IF;

        -- a name: qualified when "schema . name"; only the last part of a dotted name is looked at
        IF k[i] IN ('word', 'ident') THEN
            IF next_t = '.' AND i + 1 < cnt AND k[i + 2] IN ('word', 'ident', 'op') THEN
                CONTINUE;                               -- a qualifier, the next part is the name
            END IF;
            schema := CASE WHEN prev_t = '.' AND i > 2 AND k[i - 2] IN ('word', 'ident') THEN t[i - 2] END;
            at := i;
            name := t[i];
            IF prev_t = '.' AND schema IS NULL THEN
                CONTINUE;                               -- (x).field
            END IF;
            -- a type: after ::, after AS inside CAST( ), or before a string literal (date '2024-01-01')
            IF prev_t = '::' OR (i > 3 AND t[i - 3] = '::' AND prev_t = '.')
               OR ((prev_t = 'as' OR (i > 3 AND t[i - 3] = 'as' AND prev_t = '.'))
                   AND cardinality(cast_depths) > 0 AND cast_depths[cardinality(cast_depths)] = pdepth)
               OR (k[i] = 'word' AND i < cnt AND k[i + 1] = 'str' AND schema IS NULL
                   AND NOT cs_scan.syntax_word(t[i])
                   AND t[i] NOT IN ('else', 'then', 'when', 'and', 'or', 'not', 'return', 'is', 'like',
                                    'ilike', 'escape', 'select', 'values', 'in', 'to', 'by', 'using',
                                    'exception', 'notice', 'warning', 'info', 'log', 'debug', 'errcode',
                                    'detail', 'hint', 'message', 'column', 'constraint', 'datatype',
                                    'table', 'schema', 'raise', 'execute', 'format', 'default', 'as',
                                    'case', 'uescape', 'collate', 'with', 'at', 'zone', 'from', 'for',
                                    'where', 'on', 'having', 'all', 'any', 'some', 'distinct', 'limit',
                                    'offset', 'into', 'query', 'perform', 'if', 'elsif', 'assert')) THEN
                IF k[i] = 'word' AND schema IS NULL AND cs_scan.keyword_type(t[i]) THEN
                    CONTINUE;                           -- integer, numeric, ...: pg_catalog's
                END IF;
                IF k[i] = 'word' AND schema IS NULL AND t[i] = 'double' AND next_t = 'precision' THEN
                    CONTINUE;
                END IF;
                kind := 'type';
                RETURN NEXT;
                CONTINUE;
            END IF;
            -- a call: name (
            IF next_t = '(' THEN
                IF schema IS NULL AND k[i] = 'word' AND cs_scan.syntax_word(t[i]) THEN
                    IF t[i] = 'nullif' THEN                 -- NULLIF(a, b) compares with "="
                        kind := 'operator'; name := '='; RETURN NEXT;
                    ELSIF t[i] = 'in' AND prev_t NOT IN ('for', 'foreach') AND NOT
                          (i > 2 AND t[i - 2] = 'for') THEN    -- x IN (list): "=", NOT IN: "<>"
                        kind := 'operator'; name := CASE WHEN prev_t = 'not' THEN '<>' ELSE '=' END;
                        RETURN NEXT;
                    END IF;
                    CONTINUE;
                END IF;
                IF prev_t = 'as' OR (prev_k = 'punct' AND prev_t = ')') OR prev_t IN ('into', 'table')
                   OR prev_t IN ('with', 'recursive', 'ordinality') OR t[i] = ANY (ctes)
                   OR (prev_t = 'exists' AND i > 2 AND t[i - 2] = 'not') THEN
                    CONTINUE;                           -- alias(col, ...), table (cols), cte(cols)
                END IF;
                IF schema IS NULL AND t[i] IN ('substring', 'overlay') THEN
                    -- the SQL-standard form (x FROM a FOR b / x PLACING y FROM a) calls pg_catalog's
                    has_sep := false;
                    depth := 0;
                    FOR j IN i + 2 .. greatest(close_at[i + 1] - 1, i + 1) LOOP
                        IF t[j] = '(' THEN depth := depth + 1;
                        ELSIF t[j] = ')' THEN depth := depth - 1;
                        ELSIF depth = 0 AND k[j] = 'word' AND t[j] IN ('from', 'for', 'placing', 'similar') THEN
                            has_sep := true;
                        END IF;
                    END LOOP;
                    CONTINUE WHEN has_sep;
                END IF;
                kind := 'function';
                RETURN NEXT;
                CONTINUE;
            END IF;
            -- a relation after FROM / JOIN / INTO / UPDATE / TABLE (not a CTE, not a function call)
            IF rel_next THEN
                IF schema IS NULL AND (t[i] = ANY (ctes) OR cs_scan.syntax_word(t[i])) THEN
                    CONTINUE;
                END IF;
                kind := 'relation';
                RETURN NEXT;
                CONTINUE;
            END IF;
            -- operators written as words
            IF schema IS NULL AND k[i] = 'word' THEN
                kind := 'operator';
                IF t[i] IN ('like', 'ilike') THEN
                    name := CASE WHEN t[i] = 'like' THEN '~~' ELSE '~~*' END;
                    IF prev_t = 'not' THEN name := '!' || name; END IF;
                    RETURN NEXT;
                ELSIF t[i] = 'similar' THEN
                    name := CASE WHEN prev_t = 'not' THEN '!~' ELSE '~' END;
                    RETURN NEXT;
                ELSIF t[i] = 'between' THEN               -- NOT BETWEEN: < and >
                    name := CASE WHEN prev_t = 'not' THEN '<' ELSE '>=' END; RETURN NEXT;
                    name := CASE WHEN prev_t = 'not' THEN '>' ELSE '<=' END; RETURN NEXT;
                ELSIF t[i] = 'distinct' AND prev_t IN ('is', 'not') THEN   -- IS [NOT] DISTINCT FROM
                    name := '='; RETURN NEXT;
                ELSIF t[i] = 'case' AND next_t <> 'when' THEN              -- CASE x WHEN v: "="
                    name := '='; RETURN NEXT;
                END IF;
            END IF;
            CONTINUE;
        END IF;

        -- an operator symbol
        IF k[i] = 'op' THEN
            IF prev_t = '.' AND i > 3 AND t[i - 3] = '(' AND t[i - 4] = 'operator' THEN
                schema := t[i - 2];                     -- OPERATOR(schema.op)
            ELSIF prev_t = '(' AND i > 2 AND t[i - 2] = 'operator' THEN
                schema := NULL;                         -- OPERATOR(op): search_path
            ELSE
                schema := NULL;
                -- * as "all columns" or count(*), not multiplication
                CONTINUE WHEN t[i] = '*' AND (prev_t IN ('(', ',', '.', 'select', 'distinct', 'all',
                                                         'returning') OR prev_t IS NULL);
                -- a minus sign before a number is folded into the constant
                CONTINUE WHEN t[i] IN ('-', '+') AND i < cnt AND k[i + 1] = 'num'
                              AND (prev_k IS NULL OR prev_k IN ('op', '::', ':=', '=>')
                                   OR prev_t IN ('(', ',', '[', ':')
                                   OR (prev_k = 'word' AND cs_scan.syntax_word(prev_t)));
            END IF;
            kind := 'operator'; name := t[i]; at := i;
            RETURN NEXT;
        END IF;
    END LOOP;
END $$;
