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

-- estimate_many (1.1: a SQL function calling unnest($1) unqualified, the reported hole) is replaced in
-- 71_api.sql by a PL/pgSQL function with SET search_path = pg_catalog, pg_temp.

-- eligibility is PL/pgSQL: its DECLARE types (record among them) and every expression are resolved
-- through search_path, so it is pinned again (10_estimate.sql had reset it to save the SET's cost,
-- which a pgbench of eligibility() shows to be within the run-to-run noise; see the commit message)
ALTER FUNCTION @extschema@.eligibility(text, date, text, text, text) SET search_path = pg_catalog, pg_temp;
