-- ===================================================================================================
-- search_path: no body the extension installs can be made to call a caller's object (issue 9, defect 1)
-- ===================================================================================================
-- Every PL/pgSQL and SQL function of the extension either pins search_path (SET search_path =
-- pg_catalog, pg_temp) or, where the SET clause would stop the planner from inlining it, names every
-- function, operator, type and relation with its schema. An unqualified name in an unpinned body is
-- resolved through the CALLER's search_path, and PostgreSQL prefers an exact-type function in any schema
-- on that path over a polymorphic one in pg_catalog even when pg_catalog comes first: a role that can
-- create in public defined public.unnest(costshare.appointment[]) and ran its body with the rights of
-- whoever called estimate_many. sql/search_path.sql checks the rule over the catalog and
-- scripts/test_search_path.sh plants shadows of every name the bodies use.

-- estimate_many stays a single-SELECT SQL function without a SET clause, so a query that calls it in
-- FROM gets it inlined (the line_context probes and the window in the caller's plan); every name in it
-- is qualified: pg_catalog.unnest (coalesce, the window's sort and the UNION ALL look up nothing by name)
CREATE OR REPLACE FUNCTION @extschema@.estimate_many(appointments @extschema@.appointment[])
RETURNS TABLE (appt_id bigint, status text, reasons text[], plan_id text, network text,
               allowed numeric, line @extschema@.breakdown)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH ctx AS (
        SELECT a.appt_id, a.member_id, a.service_date, a.billed, c
          FROM pg_catalog.unnest($1) a
          CROSS JOIN LATERAL @extschema@.line_context(a.member_id, a.service_date, a.service_code,
                                                      a.provider_id, coalesce(a.place_of_service, '11')) c
    )
    SELECT x.appt_id, (x.c).status, (x.c).reasons, (x.c).plan_id, (x.c).network, (x.c).allowed,
           @extschema@.accumulate(x.member_id, x.service_date, (x.c).allowed, (x.c).terms, (x.c).acc, x.billed)
               OVER (PARTITION BY (x.c).family_id, (x.c).plan_id ORDER BY x.service_date, x.appt_id)
      FROM ctx x
     WHERE (x.c).priceable
    UNION ALL
    SELECT x.appt_id, (x.c).status, (x.c).reasons, (x.c).plan_id, (x.c).network, (x.c).allowed, NULL
      FROM ctx x
     WHERE NOT (x.c).priceable
$$;
COMMENT ON FUNCTION @extschema@.estimate_many(@extschema@.appointment[]) IS
    'Estimates many appointments at once, set-based and in date order within each family and plan: each line sees the accumulators of the family''s earlier appointments in the set. appt_id must be unique.';

-- eligibility is PL/pgSQL: its DECLARE types (record among them) and every expression are resolved
-- through search_path, so it is pinned again (10_estimate.sql had reset it to save the SET's cost,
-- which a pgbench of eligibility() shows to be within the run-to-run noise; see the commit message)
ALTER FUNCTION @extschema@.eligibility(text, date, text, text, text) SET search_path = pg_catalog, pg_temp;
