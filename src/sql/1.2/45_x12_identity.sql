-- ===================================================================================================
-- Attaching a person named in a 271 or 835 to a member (X12 loading meets member matching)
-- ===================================================================================================

CREATE FUNCTION @extschema@.x12_attach_member(member_id text, birth_date date,
                                             first_name text DEFAULT NULL, last_name text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
-- PL/pgSQL rather than SQL: its plans are kept for the session
DECLARE
    v_id_key text := @extschema@.member_id_key($1);
    v_found text[];
    s record;
    best_member text;
    best_score integer;
    second_score integer;
BEGIN
    -- 1. the payer's member id, keyed (costshare.member_id_key) against the practice's member ids and
    --    the payer member ids of enrollments; with a birth date it must agree
    IF v_id_key IS NOT NULL THEN
        -- (two probes of the key indexes; an OR of the two would scan every member and key it)
        SELECT array_agg(DISTINCT m.member_id) INTO v_found
          FROM @extschema@.member m
         WHERE m.member_id IN (SELECT k.member_id FROM @extschema@.member k
                                WHERE @extschema@.member_id_key(k.member_id) = v_id_key
                               UNION ALL
                               SELECT e.member_id FROM @extschema@.enrollment e
                                WHERE @extschema@.member_id_key(e.payer_member_id) = v_id_key)
           AND ($2 IS NULL OR m.birth_date = $2);
        IF cardinality(v_found) = 1 THEN
            IF $4 IS NULL THEN
                RETURN v_found[1];      -- no name to contradict the id
            END IF;
            -- the name must not contradict it (a dependent named under the subscriber's id is not the
            -- subscriber): the last name agrees, in whole, in part or with first and last transposed
            SELECT x.score, x.reasons INTO s
              FROM @extschema@.member m,
                   LATERAL @extschema@.match_score($3, $4, $2, $1, m.first_name, m.last_name, m.birth_date,
                                                   ARRAY[m.member_id]) x
             WHERE m.member_id = v_found[1];
            IF s.reasons && ARRAY['last_name', 'last_name_part', 'names_transposed'] THEN
                RETURN v_found[1];
            END IF;
        END IF;
    END IF;

    -- 2. otherwise the best candidate of costshare.match_member, when it is clearly the best and
    --    scores at least 70 (the same names and birth date; or the id with the names)
    IF $4 IS NULL THEN
        RETURN NULL;
    END IF;
    FOR s IN SELECT c.member, c.score
               FROM @extschema@.match_member($3, $4, $2, $1, max_candidates => 2, min_score => 70) c LOOP
        IF best_member IS NULL THEN
            best_member := s.member;
            best_score := s.score;
        ELSE
            second_score := s.score;
        END IF;
    END LOOP;
    IF best_member IS NOT NULL AND (second_score IS NULL OR second_score < best_score) THEN
        RETURN best_member;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.x12_attach_member(text, date, text, text) IS
    'Attaches a person named in a 271 or 835 to a member: by the payer member id (costshare.member_id_key against member.member_id and enrollment.payer_member_id), agreeing with the birth date when given and not contradicted by the last name; else the clearly best costshare.match_member candidate scoring at least 70 (same names and birth date, or the id with the names); NULL when neither finds exactly one.';
