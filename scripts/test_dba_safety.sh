#!/usr/bin/env bash
# scripts/test_dba_safety.sh — a DBA's everyday commands do not lose a practice's data; the roles the
# README documents do their job and nothing more; costshare.version() and costshare.stats (issue 12).
#
# On a throwaway cluster:
#   - with the sample practice loaded, DROP EXTENSION costshare (with and without CASCADE), DROP SCHEMA
#     costshare CASCADE, DROP OWNED BY the extension's owner, and CASCADE through btree_gist (DROP
#     EXTENSION btree_gist CASCADE, DROP SCHEMA public CASCADE) are refused and change nothing; with
#     SET LOCAL costshare.allow_drop_with_data = on the extension can be dropped; an empty install
#     drops without it; DROP EXTENSION of another extension is not affected;
#   - ALTER TABLE / CREATE INDEX / CREATE TRIGGER / DROP TRIGGER on an extension table are refused
#     (a dump would not keep them: scripts/test_dump_restore.sh shows the restore), a user table is not;
#   - a login role granted costshare_estimator (as the README shows, and nothing else) runs estimate,
#     eligibility, explain, fhir_estimate and fhir_eligibility_response, and cannot read member, enrollment, ledger rows or change
#     plans; a role granted costshare_loader loads a 271 and the Medicare CSV files, and cannot change
#     members or the ledger's rows; CREATE EXTENSION in a second database finds the roles existing;
#   - costshare.version() names the library's version from META.json, and refuses when the installed
#     SQL version differs (simulated by relabelling the installed version);
#   - costshare.stats counts estimates, plan-data cache hits and misses and the last 271 load;
#   - pg_upgrade (15 to 15) keeps the data, the guards and the roles.
# Last line: "dba_safety: N passed, M failed"; exits non-zero on any failure.
# It first runs make and make install DESTDIR=build/destdir (CS_SKIP_BUILD=1 skips that).
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_begin dba_safety
full_version=$(sed -n 's/^   "version": "\([0-9]*\.[0-9]*\.[0-9]*\)",$/\1/p' META.json)

# expect_error DB NAME PATTERN SQL: the SQL fails with an error containing PATTERN
expect_error() {
	local out
	out=$(psql -qAtX -v ON_ERROR_STOP=1 -d "$1" -c "$4" 2>&1)
	case "$out" in
		*"$3"*) ok "$2" ;;
		*) not_ok "$2" "$out" ;;
	esac
}

createdb cs_prac
if q cs_prac "CREATE EXTENSION costshare CASCADE" >"$work/load.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -d cs_prac -f sample/plans.sql >>"$work/load.log" 2>&1; then
	ok "CREATE EXTENSION costshare CASCADE and sample/plans.sql"
else
	not_ok "CREATE EXTENSION costshare CASCADE and sample/plans.sql" "$(cat "$work/load.log")"; finish
fi
rows="SELECT (SELECT count(*) FROM costshare.member) || '/' || (SELECT count(*) FROM costshare.enrollment) || '/'
             || (SELECT count(*) FROM costshare.accumulator_ledger) || '/' || (SELECT count(*) FROM costshare.benefit)"
before=$(q cs_prac "$rows")

# ---- dropping the extension --------------------------------------------------------------------
expect_error cs_prac "DROP EXTENSION costshare is refused while members, enrollments and plans exist" \
	"cannot drop extension costshare while its tables hold the practice's data" "DROP EXTENSION costshare"
expect_error cs_prac "DROP EXTENSION costshare CASCADE is refused too" \
	"cannot drop extension costshare while its tables hold the practice's data" "DROP EXTENSION costshare CASCADE"
expect_error cs_prac "DROP SCHEMA costshare CASCADE is refused" \
	"cannot drop extension costshare while its tables hold the practice's data" "DROP SCHEMA costshare CASCADE"
expect_error cs_prac "DROP OWNED BY the extension's owner is refused" \
	"cannot drop extension costshare while its tables hold the practice's data" "DROP OWNED BY CURRENT_USER"
expect_error cs_prac "DROP EXTENSION btree_gist CASCADE (which costshare requires) is refused" \
	"cannot drop extension costshare while its tables hold the practice's data" "DROP EXTENSION btree_gist CASCADE"
expect_error cs_prac "DROP SCHEMA public CASCADE (btree_gist's schema) is refused" \
	"cannot drop extension costshare while its tables hold the practice's data" "DROP SCHEMA public CASCADE"
expect_error cs_prac "the refusal names the tables (and no row)" "costshare.member, costshare.enrollment" "DROP EXTENSION costshare"
check_in cs_prac "the refused drops changed nothing" "SELECT ($rows) = '$before'"
q cs_prac "CREATE EXTENSION pg_trgm" >/dev/null 2>&1
if q cs_prac "DROP EXTENSION pg_trgm" >"$work/trgm.log" 2>&1; then ok "DROP EXTENSION of another extension (pg_trgm) is not affected"; else
	not_ok "DROP EXTENSION of another extension (pg_trgm) is not affected" "$(cat "$work/trgm.log")"; fi

# ---- changes to the extension's tables ----------------------------------------------------------
for stmt in "ALTER TABLE costshare.benefit ADD COLUMN note text" \
            "ALTER TABLE costshare.member DROP COLUMN first_name" \
            "CREATE INDEX member_birth ON costshare.member (birth_date)" \
            "ALTER TABLE costshare.enrollment ENABLE ROW LEVEL SECURITY" \
            "CREATE TRIGGER t BEFORE INSERT ON costshare.plan FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()" \
            "DROP TRIGGER accumulator_ledger_append_only ON costshare.accumulator_ledger"; do
	expect_error cs_prac "refused: ${stmt:0:70}" "a table of extension costshare" "$stmt"
done
for stmt in "ALTER TABLE costshare.member RENAME TO people" \
            "ALTER TABLE costshare.accumulator_ledger SET (autovacuum_vacuum_scale_factor = 0.01)" \
            "ALTER TABLE costshare.plan SET SCHEMA public"; do
	expect_error cs_prac "refused: ${stmt:0:70}" "a table of extension costshare" "$stmt"
done
check_in cs_prac "enabling and disabling an extension table's triggers is allowed (pg_restore --disable-triggers)" \
	"BEGIN; ALTER TABLE costshare.accumulator_ledger DISABLE TRIGGER ALL; ALTER TABLE costshare.accumulator_ledger ENABLE TRIGGER ALL; COMMIT; SELECT true"
expect_error cs_prac "the guards fire under session_replication_role = replica too" \
	"cannot drop extension costshare while its tables hold the practice's data" \
	"SET session_replication_role = replica; DROP EXTENSION costshare"
check_in cs_prac "the refused changes changed nothing" \
	"SELECT NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'costshare.benefit'::regclass AND attname = 'note')
	    AND to_regclass('costshare.member_birth') IS NULL
	    AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'accumulator_ledger_append_only')"
check_in cs_prac "a user table is not affected, nor one that references the extension's tables" \
	"CREATE TABLE public.mine (id int); ALTER TABLE public.mine ADD COLUMN note text; CREATE INDEX ON public.mine (note);
	 CREATE TABLE public.benefit_note (plan_id text, category text, network text, note text,
	                                   FOREIGN KEY (plan_id, category, network) REFERENCES costshare.benefit);
	 ALTER TABLE public.mine ADD COLUMN member_id text REFERENCES costshare.member; SELECT true"

# ---- roles -------------------------------------------------------------------------------------
# exactly the README's grants: membership in the role, nothing else
psql -qAtX -v ON_ERROR_STOP=1 -d cs_prac >"$work/roles.log" 2>&1 <<'SQL'
CREATE ROLE app_estimates LOGIN IN ROLE costshare_estimator;
CREATE ROLE app_loads LOGIN IN ROLE costshare_loader;
SQL
[ $? = 0 ] && ok "login roles granted costshare_estimator / costshare_loader" || not_ok "roles" "$(cat "$work/roles.log")"
est() { psql -qAtX -v ON_ERROR_STOP=1 -U app_estimates -d cs_prac -c "$1" 2>&1; }
out=$(est "SELECT status || ' ' || patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)")
ref=$(q cs_prac "SELECT status || ' ' || patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)")
[ "$out" = "$ref" ] && [ -n "$ref" ] && ok "estimator: estimate() gives the owner's answer ($out)" || not_ok "estimator: estimate()" "$out vs $ref"
out=$(est "SELECT status FROM costshare.eligibility('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223')")
ref=$(q cs_prac "SELECT status FROM costshare.eligibility('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223')")
[ "$out" = "$ref" ] && [ -n "$ref" ] && ok "estimator: eligibility() ($out)" || not_ok "estimator: eligibility()" "$out vs $ref"
out=$(est "SELECT length(costshare.explain('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223')) > 0")
[ "$out" = t ] && ok "estimator: explain()" || not_ok "estimator: explain()" "$out"
out=$(est "SELECT costshare.fhir_estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223') = (SELECT costshare.fhir_estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223'))")
[ "$out" = t ] && ok "estimator: fhir_estimate()" || not_ok "estimator: fhir_estimate()" "$out"
# M-ALVAREZ-3 has two coverages: their order (the birthday rule) is the owner's without the birth dates
for m in M-ALVAREZ-1 M-ALVAREZ-3; do
	out=$(est "SELECT costshare.fhir_eligibility_response('$m', '2026-03-10', '90837', '1222222223')::text")
	ref=$(q cs_prac "SELECT costshare.fhir_eligibility_response('$m', '2026-03-10', '90837', '1222222223')::text")
	[ "$out" = "$ref" ] && [ -n "$ref" ] && ok "estimator: fhir_eligibility_response($m) gives the owner's answer" ||
		not_ok "estimator: fhir_eligibility_response($m)" "$out"
done
out=$(est "SELECT count(*) FROM costshare.estimate_many(ARRAY[ROW(1, 'M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)]::costshare.appointment[])")
[ "$out" = 1 ] && ok "estimator: estimate_many()" || not_ok "estimator: estimate_many()" "$out"
for t in member enrollment accumulator_ledger accumulator_snapshot prior_auth eligibility_benefit x12_load; do
	out=$(est "SELECT count(*) FROM costshare.$t")
	case "$out" in *"permission denied"*) ok "estimator: cannot read costshare.$t" ;; *) not_ok "estimator: cannot read costshare.$t" "$out" ;; esac
done
for stmt in "INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('X', 'ACME', 'x')" \
            "UPDATE costshare.benefit SET copay = 0" \
            "SELECT costshare.post_claim_line('C1', 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', '2026-02-03', 0, 25.00, 0, 'mh_psychotherapy')"; do
	out=$(est "$stmt")
	case "$out" in *"permission denied"*) ok "estimator: refused: ${stmt:0:60}" ;; *) not_ok "estimator: refused: ${stmt:0:60}" "$out" ;; esac
done

ld() { psql -qAtX -v ON_ERROR_STOP=1 -U app_loads -d cs_prac "$@" 2>&1; }
q cs_prac "INSERT INTO costshare.payer (payer_id, name) VALUES ('MOCKPAYER', 'Mock Payer');
           INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('mock-advantage', 'MOCKPAYER', 'Mock Individual Advantage');
           INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-john', 'John', 'Doe', '1970-01-01');
           INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship, coverage_level, payer_member_id)
           VALUES ('m-john', 'm-john', 'fam-doe', 'mock-advantage', '[2013-01-01,2014-01-01)', 'self', 'family', '000-000-000-01')" >/dev/null
out=$(printf '%s\n' "\\set doc \`cat ../shared/data/x12-pokitdok/mockpayer_271_raw.x12\`" \
	"SELECT count(*) > 0 FROM costshare.load_271(:'doc', '2013-06-01');" | ld)
[ "$out" = t ] && ok "loader: load_271()" || not_ok "loader: load_271()" "$out"
out=$(printf '%s\n' "\\set rvu \`cat ../shared/data/cms-pfs-2025/PPRRVU2025_Oct_subset.csv\`" \
	"\\set gpci \`cat ../shared/data/cms-pfs-2025/GPCI2025.csv\`" "\\set locco \`cat ../shared/data/cms-pfs-2025/25LOCCO.csv\`" \
	"SELECT costshare.load_medicare_rvu(2025, :'rvu') > 0 AND costshare.load_medicare_gpci(2025, :'gpci') > 0 AND costshare.load_medicare_locality(2025, :'locco') > 0;" | ld)
[ "$out" = t ] && ok "loader: load_medicare_rvu / gpci / locality" || not_ok "loader: Medicare CSV loads" "$out"
q cs_prac "INSERT INTO costshare.payer (payer_id, name, x12_ids) VALUES ('TAXPAYER', 'Tax', '{1559123456}');
           INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('tax-ppo', 'TAXPAYER', 'PPO');
           INSERT INTO costshare.member (member_id, first_name, last_name, birth_date) VALUES ('m-baki', 'Pat', 'Baki', '1960-01-01'),
                  ('m-townsend', 'T', 'Townsend', '1950-01-01');
           INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, payer_member_id)
           VALUES ('m-baki', 'm-baki', 'fam-baki', 'tax-ppo', '[2005-01-01,2006-01-01)', '456789123'),
                  ('m-townsend', 'm-townsend', 'fam-t', 'tax-ppo', '[2005-01-01,2006-01-01)', 'XXX-123456789')" >/dev/null
out=$(printf '%s\n' "\\set doc \`cat ../shared/data/x12-835-linuxforhealth/secondary-payment.835\`" \
	"SELECT count(*) > 0 FROM costshare.post_835(replace(:'doc', '*T*:~', '*T*>~'));" | ld)
[ "$out" = t ] && ok "loader: post_835()" || not_ok "loader: post_835()" "$out"
for stmt in "DELETE FROM costshare.member" "DELETE FROM costshare.accumulator_ledger" \
            "DELETE FROM costshare.plan" "TRUNCATE costshare.fee_schedule" "DELETE FROM costshare.enrollment"; do
	out=$(ld -c "$stmt")
	case "$out" in *"permission denied"*|*"append-only"*) ok "loader: refused: ${stmt:0:60}" ;; *) not_ok "loader: refused: ${stmt:0:60}" "$out" ;; esac
done

createdb cs_second
if q cs_second "CREATE EXTENSION costshare CASCADE" >"$work/second.log" 2>&1; then
	ok "CREATE EXTENSION in a second database: the roles already exist, and are used"
else
	not_ok "CREATE EXTENSION in a second database" "$(cat "$work/second.log")"
fi
check_in cs_second "the second database grants the roles the same" \
	"SELECT has_table_privilege('costshare_loader', 'costshare.x12_load', 'INSERT')
	    AND NOT has_table_privilege('costshare_estimator', 'costshare.member', 'SELECT')"

# ---- version and stats ---------------------------------------------------------------------------
check_in cs_prac "costshare.version() is the library's version from META.json ($full_version)" \
	"SELECT costshare.version() = '$full_version'"
expect_error cs_prac "costshare.version() refuses when the installed SQL version is not the library's" \
	"does not match the installed SQL version 1.1" \
	"BEGIN; UPDATE pg_extension SET extversion = '1.1' WHERE extname = 'costshare'; SELECT costshare.version(); ROLLBACK"
check_in cs_prac "costshare.stats: estimate calls, plan-data cache misses then hits, the last 271 load" \
	"DO \$\$ BEGIN PERFORM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00 + g) FROM generate_series(1, 2) g; END \$\$;
	 SELECT (SELECT value FROM costshare.stats WHERE source = 'backend' AND name = 'estimate_calls') = 2
	    AND (SELECT value FROM costshare.stats WHERE source = 'backend' AND name = 'plan_cache_misses') > 0
	    AND (SELECT value FROM costshare.stats WHERE source = 'backend' AND name = 'plan_cache_hits') > 0
	    AND (SELECT value FROM costshare.stats WHERE source = 'backend' AND name = 'plan_cache_bytes') > 0
	    AND (SELECT value FROM costshare.stats WHERE source = 'x12_load' AND name = 'loads_271') = 1
	    AND (SELECT last_at IS NOT NULL FROM costshare.stats WHERE source = 'x12_load' AND name = 'last_records_271')" 2>&1
check_in cs_prac "the estimator may read costshare.stats" "SET ROLE app_estimates; SELECT count(*) > 0 FROM costshare.stats"

# ---- pg_upgrade: the guards, the roles and the data come through -----------------------------------
# The throwaway cluster is upgraded (15 to 15, the same binaries) into a new data directory, which then
# takes the old one's place (and is removed with it at exit).
members=$(q cs_prac "SELECT count(*) FROM costshare.member")
(
	set -e
	cd "$CS_CLUSTER_DIR"
	cs_as_server_user "$CS_PGBIN/pg_ctl" -D data -m fast -w stop
	cs_as_server_user "$CS_PGBIN/initdb" -D data.new -A trust -U postgres --no-sync -E UTF8 --locale=C
	cp data/postgresql.conf data.new/postgresql.conf
	cs_as_server_user "$CS_PGBIN/pg_upgrade" -b "$CS_PGBIN" -B "$CS_PGBIN" -d data -D data.new -s "$CS_CLUSTER_DIR"
	mv data data.old && mv data.new data
	cs_as_server_user "$CS_PGBIN/pg_ctl" -D data -l server.log -w start
) >"$work/pg_upgrade.log" 2>&1
if [ $? = 0 ]; then ok "pg_upgrade of the cluster"; else not_ok "pg_upgrade of the cluster" "$(tail -20 "$work/pg_upgrade.log")"; fi
check_in cs_prac "after pg_upgrade: the members, the four event triggers (ENABLE ALWAYS) and the library's version" \
	"SELECT (SELECT count(*) FROM costshare.member) = $members
	    AND (SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE 'costshare%' AND evtenabled = 'A') = 4
	    AND costshare.version() = '$full_version'"
expect_error cs_prac "after pg_upgrade: DROP EXTENSION costshare is still refused" \
	"cannot drop extension costshare while its tables hold the practice's data" "DROP EXTENSION costshare"
out=$(est "SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)")
[ "$out" = eligible ] && ok "after pg_upgrade: the estimator role still prices" || not_ok "after pg_upgrade: the estimator role still prices" "$out"

# ---- dropping with the override, and an empty install ------------------------------------------------
check_in cs_prac "with SET LOCAL costshare.allow_drop_with_data = on, DROP EXTENSION costshare CASCADE drops it" \
	"SET client_min_messages = error; BEGIN; SET LOCAL costshare.allow_drop_with_data = on; DROP EXTENSION costshare CASCADE; COMMIT;
	 SELECT NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'costshare')
	    AND NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname LIKE 'costshare%')"
check_in cs_second "an install without the practice's rows drops without the override" \
	"DROP EXTENSION costshare; SELECT NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'costshare')"
finish
