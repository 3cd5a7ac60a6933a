#!/usr/bin/env bash
# scripts/test_search_path.sh — no costshare body can be made to call an object planted by the caller
# (issue 9, defect 1: privilege escalation through search_path). On its own throwaway cluster:
#   1. the reported attack: a role with CREATE on public plants public.unnest(costshare.appointment[]),
#      which would make it superuser; a superuser runs estimate_many (inlined and not); the role must
#      still not be superuser;
#   2. shadows: test/search_path/plant.sql derives from the installed bodies (prosrc of every SQL and
#      PL/pgSQL function of the extension) every function, aggregate and operator they use and plants, in
#      public, a shadow of every pg_catalog overload (same signature, and exact types for polymorphic and
#      "any" ones) that records its calls and returns the original's answer; then the pg_regress suites
#      (sql/, against the prepared database: pg_regress --use-existing) and the pgTAP suites run as a
#      superuser with search_path = public, pg_catalog. The test fails when a shadow was called by a
#      costshare body. The suites' own results are not judged here (the shadows are volatile and change
#      what some of them print), only that they ran and went through the shadows.
# Ends with "search_path: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_begin search_path

shadow_opts="-c search_path=public,pg_catalog -c max_parallel_workers_per_gather=0"
# the shadow operators cannot join by hash or merge (they are in no operator family): a test query that
# joins large sets by "=" becomes a nested loop through PL/pgSQL; such statements are cancelled after
# 30 seconds (counted and shown; they are the suites' own queries, the costshare calls in them have run)
workload_opts="$shadow_opts -c statement_timeout=30s"
appts="ARRAY[(1, 'M-NOBODY-1', '2026-03-03', '90837', NULL, '11', NULL),
             (2, 'M-NOBODY-2', '2026-03-04', '99213', NULL, NULL, 10.00)]::costshare.appointment[]"

# ---- 1. the reported attack ------------------------------------------------------------------------
q postgres "CREATE DATABASE attack" >/dev/null
q attack "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
q attack "CREATE ROLE mallory LOGIN; GRANT USAGE ON SCHEMA costshare TO mallory;
          GRANT CREATE ON SCHEMA public TO mallory" >/dev/null
psql -qAtX -v ON_ERROR_STOP=1 -U mallory -d attack >/dev/null <<'EOF'
CREATE FUNCTION public.unnest(a costshare.appointment[]) RETURNS SETOF costshare.appointment
LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE mallory SUPERUSER';
    END IF;
    RETURN QUERY SELECT * FROM pg_catalog.unnest(a);
END $$;
EOF
check_in attack "attack: the planted public.unnest(costshare.appointment[]) exists, mallory is not superuser" \
	"SELECT to_regprocedure('public.unnest(costshare.appointment[])') IS NOT NULL
	    AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory')"
# the default search_path ("$user", public: pg_catalog is searched first, the exact type wins anyway),
# estimate_many in FROM (inlined) and in the select list (run as a SQL function)
out=$(psql -qAtX -v ON_ERROR_STOP=1 -d attack \
	-c "SELECT count(*) FROM costshare.estimate_many($appts)" \
	-c "SELECT count(*) FROM (SELECT (costshare.estimate_many($appts)).appt_id) s" 2>&1)
if [ "$out" = $'2\n2' ]; then ok "attack: estimate_many answers with the planted unnest on the path"; else
	not_ok "attack: estimate_many answers with the planted unnest on the path" "$out"; fi
PGOPTIONS="$shadow_opts" psql -qAtX -d attack -c "SELECT count(*) FROM costshare.estimate_many($appts)" >/dev/null 2>&1
check_in attack "attack: mallory did not become superuser through estimate_many" \
	"SELECT NOT rolsuper FROM pg_roles WHERE rolname = 'mallory'"
q attack "ALTER ROLE mallory NOSUPERUSER" >/dev/null

# ---- 2. shadows of every name the bodies use ---------------------------------------------------------
q postgres "CREATE DATABASE shadow" >/dev/null
q shadow "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
q shadow "CREATE EXTENSION pgtap" >/dev/null 2>&1
# what the pgTAP suites compare against (as scripts/test.sh loads them), before the shadows exist
psql -qAtX -v ON_ERROR_STOP=1 -d shadow -f test/reference/costshare_ref.sql >/dev/null 2>"$work/ref.err" &&
	bash test/reference/lookups_1_1.sh | psql -qAtX -v ON_ERROR_STOP=1 -d shadow >/dev/null 2>>"$work/ref.err" ||
	not_ok "load the pgTAP reference schemas" "$(cat "$work/ref.err")"
if psql -qAtX -v ON_ERROR_STOP=1 -d shadow -f test/search_path/scan.sql >"$work/plant.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -d shadow -f test/search_path/plant.sql >>"$work/plant.log" 2>&1; then
	ok "plant the shadows: $(tr '\n' ' ' <"$work/plant.log")"
else
	not_ok "plant the shadows" "$(cat "$work/plant.log")"; finish
fi
check_in shadow "shadows planted for unnest, format, jsonb_build_object, count, max and =, ||, <>" \
	"SELECT bool_and(EXISTS (SELECT FROM public.cs_shadow_planted WHERE signature LIKE n || '%'))
	   FROM unnest(ARRAY['unnest(costshare.appointment[])', 'format(text, text, text)',
	                     'jsonb_build_object(text, numeric, text, numeric)', 'count(*)', 'max(numeric)',
	                     'operator =(text, text)', 'operator ||(text, text)', 'operator <>(text, text)']) n"

# the workload, as a superuser with search_path = public, pg_catalog
regress_tests=$(ls sql/*.sql | sed 's|sql/\(.*\)\.sql|\1|')
pgxs_dir=$(dirname "$(pg_config --pgxs)")
PGOPTIONS="$workload_opts" "$pgxs_dir/../test/regress/pg_regress" --use-existing --dbname=shadow \
	--inputdir=./ --outputdir="$work/regress" --bindir="$(pg_config --bindir)" $regress_tests \
	>"$work/regress.log" 2>&1
ran=$(grep -cE ' \.\.\. ' "$work/regress.log")
if [ "$ran" -gt 0 ]; then ok "pg_regress suites ran under the shadows ($ran suites; $(grep -cE ' \.\.\. ok ' "$work/regress.log") print what they print without them)"; else
	not_ok "pg_regress suites ran under the shadows" "$(tail -20 "$work/regress.log")"; fi
PGOPTIONS="$workload_opts" PGDATABASE=shadow pg_prove --ext .sql -r test/pgtap >"$work/pgtap.log" 2>&1
if grep -q '^Files=' "$work/pgtap.log"; then ok "pgTAP suites ran under the shadows ($(grep '^Result' "$work/pgtap.log"))"; else
	not_ok "pgTAP suites ran under the shadows" "$(tail -20 "$work/pgtap.log")"; fi

timeouts=$(grep -c 'canceling statement due to statement timeout' "$CS_CLUSTER_DIR/server.log")
ok "statements of the suites cancelled after 30 s under the shadows: $timeouts"
check_in shadow "the workload went through the shadows (unpinned test and pgTAP code resolves to them)" \
	"SELECT is_called AND last_value > 1000 FROM public.cs_shadow_calls"
# keep the workload's logs (the cluster's folder goes at exit)
mkdir -p build/test-logs/search_path && cp "$work"/*.log build/test-logs/search_path/ 2>/dev/null
grep -A1 'WARNING:  cs_shadow_hit' "$CS_CLUSTER_DIR/server.log" >build/test-logs/search_path/hits.log
hits=$(q shadow "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.cs_shadow_costshare_calls")
if [ "$hits" = 0 ]; then
	ok "no shadow was called by a costshare body"
else
	not_ok "no shadow was called by a costshare body ($hits calls)" \
		"$(grep -A1 'WARNING:  cs_shadow_hit' "$CS_CLUSTER_DIR/server.log" | sed -n 's/.*WARNING:  \(cs_shadow_hit .*\)/\1/p; s/.*DETAIL:  caller: \([^|]*\)|.*/   from \1/p' | sort | uniq -c | sort -rn | head -30)"
fi
finish
