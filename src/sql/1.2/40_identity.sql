-- 40_identity.sql — who is this person: ICU name keys, member ID keys, and member matching (issue 5).
-- The rules are in the engine (src/engine/cs_name.c, doc/identity.md); this part declares the functions,
-- the expression indexes that candidate retrieval probes, the record of the ICU version those indexes
-- were built with, and match_member, which fetches candidates with a few index probes and lets the
-- engine score them.

CREATE FUNCTION @extschema@.name_key(name text) RETURNS text
AS 'MODULE_PATHNAME', 'costshare_name_key'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.name_key(text) IS
    'Matching key of a name: NFKC, Cyrillic by BGN/PCGN, other scripts by ICU Any-Latin, then ASCII, upper case; apostrophes and marks removed, other punctuation and spaces one word break, trailing JR/SR/II/III/IV dropped; NULL when no letter or digit. Depends on the ICU version: labelled IMMUTABLE so it can be indexed, with the obligation to rebuild indexes on it after an ICU upgrade (see costshare.identity_icu_check and costshare.reindex_identity).';

CREATE FUNCTION @extschema@.member_id_key(member_id text) RETURNS text
AS 'MODULE_PATHNAME', 'costshare_member_id_key'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.member_id_key(text) IS
    'Matching key of a member ID: NFKC, a leading label (MEMBER ID, MBR, SUBSCRIBER ID, SUB ID, ID, NO) dropped, every character other than a letter or digit dropped, upper case; payer prefixes and person suffixes kept; NULL when nothing is left.';

CREATE FUNCTION @extschema@.birth_date_swapped(birth_date date) RETURNS date
AS 'MODULE_PATHNAME', 'costshare_birth_date_swapped'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.birth_date_swapped(date) IS
    'The date with day and month swapped (2019-03-04 -> 2019-04-03), a common entry mix-up; NULL when the day is above 12 or equals the month.';

CREATE FUNCTION @extschema@.icu_version() RETURNS text
AS 'MODULE_PATHNAME', 'costshare_icu_version'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.icu_version() IS
    'Version of the ICU library computing name keys in this server process (STABLE: it changes when the server is restarted on another ICU).';

CREATE FUNCTION @extschema@.match_score(
    first_name text, last_name text, birth_date date, member_id text,
    candidate_first_name text, candidate_last_name text, candidate_birth_date date,
    candidate_member_ids text[],
    OUT score integer, OUT reasons text[])
RETURNS record
AS 'MODULE_PATHNAME', 'costshare_match_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_score(text, text, date, text, text, text, date, text[]) IS
    'How well a candidate member matches a query, 0 to 100, with reasons: member_id 30; last_name 25 or last_name_part 17; first_name 20, nickname 15, first_name_part 15 or initial 8; names_transposed 38 instead of both names; birth_date 25 or birth_date_day_month_swapped 18. NULL arguments are unknown and score nothing. Depends on the ICU version like name_key.';

-- The ICU version the identity indexes were built with (one row). Not dumped: a restore builds the
-- indexes again, with the restoring server's ICU, and the extension script records that version.
CREATE TABLE @extschema@.identity_icu (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    icu_version text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE @extschema@.identity_icu IS
    'The ICU version the name-key indexes were last built with; compare with costshare.icu_version() (costshare.identity_icu_check) and rebuild with costshare.reindex_identity() when they differ.';
INSERT INTO @extschema@.identity_icu (icu_version) VALUES (@extschema@.icu_version());

-- Indexes for match_member's probes (names in either order; birth date with either initial; IDs)
CREATE INDEX member_name_keys ON @extschema@.member
    (@extschema@.name_key(last_name), @extschema@.name_key(first_name));
CREATE INDEX member_birth_initials ON @extschema@.member
    (birth_date, pg_catalog.left(@extschema@.name_key(first_name), 1),
     pg_catalog.left(@extschema@.name_key(last_name), 1));
CREATE INDEX member_member_id_key ON @extschema@.member (@extschema@.member_id_key(member_id));
CREATE INDEX enrollment_payer_member_id_key ON @extschema@.enrollment
    (@extschema@.member_id_key(payer_member_id));
COMMENT ON INDEX @extschema@.member_name_keys IS
    'Members by last- and first-name key (match_member: names as given and transposed). Built with the ICU version in costshare.identity_icu.';
COMMENT ON INDEX @extschema@.member_birth_initials IS
    'Members by birth date and the initials of their name keys (match_member: right birth date, names spelled differently). Built with the ICU version in costshare.identity_icu.';
COMMENT ON INDEX @extschema@.member_member_id_key IS 'Members by member ID key (match_member).';
COMMENT ON INDEX @extschema@.enrollment_payer_member_id_key IS
    'Enrollments by the payer''s member ID key (match_member).';

CREATE FUNCTION @extschema@.identity_icu_check(
    OUT recorded_version text, OUT running_version text, OUT reindex_needed boolean)
RETURNS record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.icu_version, r.v, i.icu_version IS DISTINCT FROM r.v
    FROM (SELECT @extschema@.icu_version()) AS r(v)
    LEFT JOIN @extschema@.identity_icu i ON true
$$;
COMMENT ON FUNCTION @extschema@.identity_icu_check() IS
    'The ICU version the name-key indexes were built with, the running one, and whether the indexes must be rebuilt (costshare.reindex_identity) because they differ.';

CREATE FUNCTION @extschema@.reindex_identity() RETURNS text
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    REINDEX INDEX @extschema@.member_name_keys;
    REINDEX INDEX @extschema@.member_birth_initials;
    REINDEX INDEX @extschema@.member_member_id_key;
    REINDEX INDEX @extschema@.enrollment_payer_member_id_key;
    INSERT INTO @extschema@.identity_icu (only_row, icu_version, recorded_at)
    VALUES (true, @extschema@.icu_version(), pg_catalog.now())
    ON CONFLICT (only_row) DO UPDATE SET icu_version = EXCLUDED.icu_version, recorded_at = EXCLUDED.recorded_at;
    RETURN @extschema@.icu_version();
END
$$;
COMMENT ON FUNCTION @extschema@.reindex_identity() IS
    'Rebuilds the name-key and member-ID-key indexes with the running ICU and records its version (returned). Locks the member and enrollment tables against writes while it runs; see doc/identity.md for the CONCURRENTLY procedure.';

-- Inlined into the calling query (a single SELECT in SQL, no SET clause), so the caller's plan shows
-- the index probes and a batch can call it LATERAL; every name and operator is schema-qualified.
CREATE FUNCTION @extschema@.match_candidates(
    first_name text, last_name text, birth_date date, member_id text DEFAULT NULL)
RETURNS TABLE (member text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT m.member_id FROM @extschema@.member m
     WHERE @extschema@.member_id_key(m.member_id) OPERATOR(pg_catalog.=) @extschema@.member_id_key($4)
    UNION
    SELECT e.member_id FROM @extschema@.enrollment e
     WHERE @extschema@.member_id_key(e.payer_member_id) OPERATOR(pg_catalog.=) @extschema@.member_id_key($4)
    UNION
    SELECT m.member_id FROM @extschema@.member m
     WHERE @extschema@.name_key(m.last_name) OPERATOR(pg_catalog.=) @extschema@.name_key($2)
       AND @extschema@.name_key(m.first_name) OPERATOR(pg_catalog.=) @extschema@.name_key($1)
    UNION
    SELECT m.member_id FROM @extschema@.member m
     WHERE @extschema@.name_key(m.last_name) OPERATOR(pg_catalog.=) @extschema@.name_key($1)
       AND @extschema@.name_key(m.first_name) OPERATOR(pg_catalog.=) @extschema@.name_key($2)
    UNION
    SELECT m.member_id FROM @extschema@.member m
     WHERE m.birth_date OPERATOR(pg_catalog.=) ANY (ARRAY[$3, @extschema@.birth_date_swapped($3)])
       AND pg_catalog.left(@extschema@.name_key(m.first_name), 1)
           OPERATOR(pg_catalog.=) pg_catalog.left(@extschema@.name_key($1), 1)
    UNION
    SELECT m.member_id FROM @extschema@.member m
     WHERE m.birth_date OPERATOR(pg_catalog.=) ANY (ARRAY[$3, @extschema@.birth_date_swapped($3)])
       AND pg_catalog.left(@extschema@.name_key(m.last_name), 1)
           OPERATOR(pg_catalog.=) pg_catalog.left(@extschema@.name_key($2), 1)
    UNION
    -- transposed names spelled differently (O NEILSMITH / MARIA JOSE for Maria Jose O'Neil-Smith)
    SELECT m.member_id FROM @extschema@.member m
     WHERE m.birth_date OPERATOR(pg_catalog.=) ANY (ARRAY[$3, @extschema@.birth_date_swapped($3)])
       AND pg_catalog.left(@extschema@.name_key(m.last_name), 1)
           OPERATOR(pg_catalog.=) pg_catalog.left(@extschema@.name_key($1), 1)
$$;
COMMENT ON FUNCTION @extschema@.match_candidates(text, text, date, text) IS
    'Members worth scoring for a person, by index probes: member ID key (member or payer ID), last- and first-name keys as given and transposed, birth date or its day/month swap with the first or last initial (or the last initial equal to the query''s first, for transposed names). Unscored and unordered; costshare.match_member ranks them.';

CREATE FUNCTION @extschema@.match_member(
    first_name text, last_name text, birth_date date, member_id text DEFAULT NULL,
    max_candidates integer DEFAULT 5, min_score integer DEFAULT 50)
RETURNS TABLE (member text, score integer, reasons text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- PL/pgSQL rather than SQL: its plans are kept for the session, and it checks its arguments
BEGIN
    IF max_candidates IS NULL OR max_candidates < 1 OR max_candidates > 1000 THEN
        RAISE EXCEPTION 'max_candidates must be between 1 and 1000' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'max_candidates is NULL or out of range.',
            HINT = 'Ask for the few best candidates, e.g. max_candidates => 5.';
    END IF;
    IF min_score IS NULL OR min_score < 0 OR min_score > 100 THEN
        RAISE EXCEPTION 'min_score must be between 0 and 100' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = 'min_score is NULL or out of range.',
            HINT = 'Scores run from 0 to 100; the default 50 needs more than names alone.';
    END IF;
    -- refuse unusable input (too long, not UTF-8) whether or not any member is probed
    PERFORM @extschema@.name_key(first_name), @extschema@.name_key(last_name),
            @extschema@.member_id_key(member_id);
    RETURN QUERY
    SELECT c.member, s.score, s.reasons
    FROM @extschema@.match_candidates(match_member.first_name, match_member.last_name,
                                      match_member.birth_date, match_member.member_id) c
    JOIN @extschema@.member m ON m.member_id = c.member
    CROSS JOIN LATERAL @extschema@.match_score(
        match_member.first_name, match_member.last_name, match_member.birth_date, match_member.member_id,
        m.first_name, m.last_name, m.birth_date,
        ARRAY(SELECT m.member_id
              UNION ALL
              SELECT e.payer_member_id FROM @extschema@.enrollment e
               WHERE e.member_id = m.member_id AND e.payer_member_id IS NOT NULL)) s
    WHERE s.score >= min_score
    ORDER BY s.score DESC, c.member
    LIMIT max_candidates;
END
$$;
COMMENT ON FUNCTION @extschema@.match_member(text, text, date, text, integer, integer) IS
    'Members who may be the person described, best first, each with a score (0 to 100) and its reasons: the candidates of costshare.match_candidates scored by costshare.match_score; at most max_candidates rows scoring at least min_score.';
