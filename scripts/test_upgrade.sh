#!/usr/bin/env bash
# scripts/test_upgrade.sh — ALTER EXTENSION costshare UPDATE gives the same extension as a
# fresh install, and keeps data made under 1.0 working.
#
# On a throwaway cluster:
#   database A: CREATE EXTENSION costshare VERSION '1.0' CASCADE; user tables and a view built on the
#               1.0 types and functions (terms, accum, adjudicate, accumulate); then ALTER EXTENSION
#               costshare UPDATE (to the default version);
#   database B: CREATE EXTENSION costshare CASCADE (the default version).
# Checks: the two schemas are identical, section by section of a catalog fingerprint restricted to the
# costshare schema and the extension's members (functions, aggregates, types, tables and columns,
# constraints, indexes, triggers, sequences, comments, membership, dump configuration, privileges, seed
# rows), and pg_dump --binary-upgrade --schema-only (which writes out every member object) agrees;
# the 1.0 data still reads and gives the same answers; the updated database works like the fresh one.
#   database C: CREATE EXTENSION costshare VERSION '1.1' with the sample practice, then the update:
#               every row of every extension table and every estimate is the same after it.
#   database D: 1.1 holding amounts the 1.2 checks refuse (NaN, 9999999999.99): the update succeeds,
#               reports them by key, keeps them, and leaves only the constraints they break NOT VALID.
# Last line: "upgrade: N passed, M failed"; exits non-zero on any failure.
# It first runs make and make install DESTDIR=build/destdir (CS_SKIP_BUILD=1 skips that); the cluster
# (scripts/cluster.sh) is removed when the script exits.
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_begin upgrade
version=$(cs_extversion)

# ---- database A: 1.0, user data, then the update -------------------------------------------------
createdb cs_a
if q cs_a "CREATE EXTENSION costshare VERSION '1.0' CASCADE" >"$work/a.log" 2>&1; then
	ok "CREATE EXTENSION costshare VERSION '1.0' CASCADE"
else
	not_ok "CREATE EXTENSION costshare VERSION '1.0' CASCADE" "$(cat "$work/a.log")"; finish
fi
psql -qAtX -v ON_ERROR_STOP=1 -d cs_a >"$work/a_data.log" 2>&1 <<'SQL'
-- a practice's own table of plan terms and balances, stored as the extension's composite types
CREATE TABLE public.saved_plan (id int PRIMARY KEY, label text, t costshare.terms, a costshare.accum, allowed numeric);
INSERT INTO public.saved_plan VALUES
  (1, 'deductible then 20%', costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000),
      costshare.accum(ded_individual_met => 1000), 800.00),
  (2, 'copay, deductible waived', costshare.terms(copay => 25, deductible_applies => false), NULL, 165.00),
  (3, 'HDHP copay after deductible', costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true,
      copay => 40, copay_after_deductible => true), costshare.accum(ded_individual_met => 990), 200.00),
  (4, 'out of network', costshare.terms(coinsurance => 0.4, network => 'out', ded_individual => 2000),
      costshare.accum(ded_individual_met => 2000), 120.00);
-- results computed under 1.0, kept in a table and reachable through a view
CREATE TABLE public.saved_result AS SELECT id, costshare.adjudicate(allowed, t, a, 200.00) AS b FROM public.saved_plan;
CREATE VIEW public.live_result AS SELECT id, costshare.adjudicate(allowed, t, a, 200.00) AS b FROM public.saved_plan;
-- a view reading the breakdown's 835 codes by their 1.0 name (renamed adjustment_codes in 1.2)
CREATE VIEW public.saved_codes AS SELECT id, (b).reasons AS codes, (b).patient_pays FROM public.saved_result;
-- a family's lines through the 1.0 window aggregate
CREATE TABLE public.family_line (line_id int PRIMARY KEY, member text, service_date date, allowed numeric);
INSERT INTO public.family_line VALUES (1, 'A', '2025-01-10', 800), (2, 'B', '2025-01-11', 800), (3, 'C', '2025-01-12', 800),
                                      (4, 'A', '2026-01-05', 300);
CREATE VIEW public.family_result AS
SELECT line_id, costshare.accumulate(member, service_date, allowed,
           costshare.terms(ded_individual => 1000, ded_family => 2000, family_coverage => true, coinsurance => 0.1))
         OVER (ORDER BY service_date, line_id) AS r
  FROM public.family_line;
CREATE TABLE public.saved_family_result AS SELECT * FROM public.family_result;
SQL
if [ $? = 0 ]; then ok "user tables and views on the 1.0 types and functions"; else not_ok "user tables and views on 1.0" "$(cat "$work/a_data.log")"; fi

if q cs_a "ALTER EXTENSION costshare UPDATE" >"$work/update.log" 2>&1; then
	ok "ALTER EXTENSION costshare UPDATE"
else
	not_ok "ALTER EXTENSION costshare UPDATE" "$(cat "$work/update.log")"; finish
fi

# ---- database B: fresh install ----------------------------------------------------------------------
createdb cs_b
if q cs_b "CREATE EXTENSION costshare CASCADE" >"$work/b.log" 2>&1; then
	ok "CREATE EXTENSION costshare CASCADE (fresh)"
else
	not_ok "CREATE EXTENSION costshare CASCADE (fresh)" "$(cat "$work/b.log")"; finish
fi
check_in cs_a "both databases are at the default version" "SELECT extversion = '$version' FROM pg_extension WHERE extname = 'costshare'"
check_in cs_b "the fresh install is the default version" "SELECT extversion = '$version' FROM pg_extension WHERE extname = 'costshare'"

# ---- the schemas, section by section ----------------------------------------------------------------
# members: the extension's member objects (pg_depend deptype 'e')
members="SELECT d.classid, d.objid FROM pg_depend d
          WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
            AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')"
declare -A section
section[membership]="SELECT pg_describe_object(classid, objid, 0) FROM ($members) m"
section[functions]="SELECT p.oid::regprocedure || ' | ' || p.prokind::text || ' | ' || pg_get_function_arguments(p.oid)
        || ' | ' || pg_get_function_result(p.oid) || ' | ' || l.lanname || ' | ' || p.provolatile::text || p.proparallel::text
        || ' | strict=' || p.proisstrict || ' secdef=' || p.prosecdef || ' leakproof=' || p.proleakproof
        || ' | ' || p.procost || '/' || p.prorows || ' | ' || coalesce(array_to_string(p.proconfig, ','), '')
        || ' | ' || coalesce(p.probin, '') || ' | ' || md5(p.prosrc) || ' | ' || coalesce(p.proacl::text, '')
      FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = 'costshare'::regnamespace"
section[aggregates]="SELECT a.aggfnoid::regprocedure || ' | ' || a.aggkind::text || ' | ' || a.aggtransfn::regprocedure
        || ' | ' || a.aggfinalfn::regprocedure || ' | ' || a.aggfinalextra || a.aggfinalmodify::text || ' | '
        || a.aggtranstype::regtype || ' | ' || coalesce(a.agginitval, '') || ' | ' || a.aggcombinefn::regprocedure
        || ' | ' || a.aggmtransfn::regprocedure
      FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.pronamespace = 'costshare'::regnamespace"
section[types]="SELECT t.typname || ' | ' || t.typtype::text || t.typcategory::text || ' | ' || coalesce(t.typacl::text, '') || ' | '
        || coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                       FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '')
      FROM pg_type t WHERE t.typnamespace = 'costshare'::regnamespace"
section[columns]="SELECT c.relname || ' | ' || c.relkind::text || c.relpersistence::text || ' rls=' || c.relrowsecurity || ' | '
        || coalesce(c.relacl::text, '') || ' | ' || coalesce(string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
        || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')
        || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
        || CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END, ', ' ORDER BY a.attnum), '')
      FROM pg_class c
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'p')
      LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     WHERE c.relnamespace = 'costshare'::regnamespace AND c.relkind IN ('r', 'v', 'p', 'S', 'm', 'f')
     GROUP BY c.oid, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relacl"
section[constraints]="SELECT coalesce(conrelid::regclass::text, contypid::regtype::text) || ' | ' || conname || ' | '
        || contype::text || ' | ' || pg_get_constraintdef(oid) || ' | deferrable=' || condeferrable
      FROM pg_constraint WHERE connamespace = 'costshare'::regnamespace"
section[indexes]="SELECT indexdef FROM pg_indexes WHERE schemaname = 'costshare'"
section[triggers]="SELECT pg_get_triggerdef(t.oid) || ' | ' || t.tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relnamespace = 'costshare'::regnamespace AND NOT t.tgisinternal"
section[sequences]="SELECT s.seqrelid::regclass || ' | ' || s.seqtypid::regtype || ' ' || s.seqstart || ' ' || s.seqincrement
        || ' ' || s.seqmax || ' ' || s.seqmin || ' ' || s.seqcache || ' ' || s.seqcycle || ' | owned by '
        || coalesce((SELECT d.refobjid::regclass || '.' || a.attname FROM pg_depend d
                       JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype IN ('a', 'i')), '')
      FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = 'costshare'::regnamespace"
section[comments]="SELECT pg_describe_object(d.classoid, d.objoid, d.objsubid) || ' | ' || d.description
      FROM pg_description d
     WHERE (d.classoid, d.objoid) IN (SELECT classid, objid FROM ($members) m)
        OR (d.classoid = 'pg_extension'::regclass AND d.objoid = (SELECT oid FROM pg_extension WHERE extname = 'costshare'))"
section[dump_config]="SELECT c.oid::regclass || ' | ' || coalesce(e.cond, '(null)')
      FROM pg_extension x, unnest(x.extconfig, x.extcondition) e(relid, cond) JOIN pg_class c ON c.oid = e.relid
     WHERE x.extname = 'costshare'"
section[extension]="SELECT extname || ' ' || extversion || ' schema=' || extnamespace::regnamespace || ' relocatable=' || extrelocatable
        || ' owner=' || extowner::regrole FROM pg_extension ORDER BY 1"
section[schema]="SELECT nspname || ' | ' || nspowner::regrole || ' | ' || coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname = 'costshare'"
# (identity_icu: the ICU version only; its recorded_at is the time of each install; row_history: the
# versions without their times, which are those of each install)
section[table_rows]="SELECT c.relname || ' | ' || regexp_replace(query_to_xml(format(
          'SELECT count(*) AS n, md5(string_agg(%s, E''\\n'' ORDER BY %s)) AS m FROM costshare.%I t',
          CASE c.relname WHEN 'identity_icu' THEN 't.icu_version'
                         WHEN 'row_history' THEN 't.table_name || t.row_data::text || upper_inf(t.valid)' ELSE 't::text' END,
          CASE c.relname WHEN 'identity_icu' THEN 't.icu_version'
                         WHEN 'row_history' THEN 't.table_name || t.row_data::text || upper_inf(t.valid)' ELSE 't::text' END, c.relname),
          true, false, '')::text, '\\s+', ' ', 'g')
      FROM pg_class c WHERE c.relnamespace = 'costshare'::regnamespace AND c.relkind = 'r'"

for name in extension schema membership functions aggregates types columns constraints indexes triggers sequences comments dump_config table_rows; do
	a=$(q cs_a "SELECT x FROM (${section[$name]}) s(x) ORDER BY 1" 2>&1); rca=$?
	b=$(q cs_b "SELECT x FROM (${section[$name]}) s(x) ORDER BY 1" 2>&1); rcb=$?
	n=$(q cs_b "SELECT count(x) FROM (${section[$name]}) s(x)" 2>&1)
	if [ $rca = 0 ] && [ $rcb = 0 ] && [ "$a" = "$b" ] && [ "$n" = "$(q cs_b "SELECT count(*) FROM (${section[$name]}) s(x)")" ] && [ "$n" -gt 0 ]; then
		ok "schema section '$name' identical after update and fresh install ($n lines)"
	else
		not_ok "schema section '$name' identical after update and fresh install" \
			"$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | sed 's/^</updated:/; s/^>/fresh:  /' | grep -E '^(updated|fresh)')"
	fi
done

# ---- data made under 1.0 ----------------------------------------------------------------------------
check_in cs_a "1.0 terms and accumulators stored in a user table still read back field by field" \
	"SELECT bool_and(CASE id WHEN 1 THEN (t).ded_individual = 1500 AND (t).coinsurance = 0.2 AND (a).ded_individual_met = 1000
	                         WHEN 2 THEN (t).copay = 25 AND NOT (t).deductible_applies AND a IS NULL
	                         WHEN 3 THEN (t).copay_after_deductible AND (t).family_coverage AND (a).ded_individual_met = 990
	                         WHEN 4 THEN (t).network = 'out' AND (t).coinsurance = 0.4 END)
	   FROM public.saved_plan"
check_in cs_a "adjudicating the stored terms after the update gives the results saved under 1.0" \
	"SELECT count(*) = 4 AND bool_and(r.b::text = costshare.adjudicate(p.allowed, p.t, p.a, 200.00)::text)
	   FROM public.saved_result r JOIN public.saved_plan p USING (id)"
check_in cs_a "a view over 1.0 functions still works and agrees with the saved results" \
	"SELECT count(*) = 4 AND bool_and(r.b::text = v.b::text) FROM public.saved_result r JOIN public.live_result v USING (id)"
# the saved figures themselves (hand-checked): 1: the 200 charge is below the 800 allowed, so the line is
# priced on 200 (rules.md step 0), all of it deductible (500 left); 2: copay 25;
# 3: last 10 of deductible, then the 40 copay = 50; 4: 40% of 120 = 48 + balance bill 80 = 128
check_in cs_a "the saved 1.0 results are the documented figures" \
	"SELECT string_agg(id || ':' || (b).patient_pays || '/' || (b).plan_pays, ' ' ORDER BY id)
	        = '1:200.00/0.00 2:25.00/140.00 3:50.00/150.00 4:128.00/72.00'
	   FROM public.saved_result"
check_in cs_a "the 1.0 window aggregate over a user table gives the results saved under 1.0" \
	"SELECT count(*) = 4 AND bool_and(s.r::text = f.r::text)
	   FROM public.saved_family_result s JOIN public.family_result f USING (line_id)"

check_in cs_a "a view made under 1.0 on breakdown.reasons still reads the codes after the rename to adjustment_codes" \
	"SELECT count(*) = 4 AND bool_and(v.codes = (r.b).adjustment_codes AND v.patient_pays = (r.b).patient_pays)
	        AND pg_get_viewdef('public.saved_codes'::regclass) LIKE '%adjustment_codes%'
	   FROM public.saved_codes v JOIN public.saved_result r USING (id)"
check_in cs_a "after the update, costshare.reasons(b) (the deprecated name) reads the stored 1.0 codes" \
	"SELECT count(*) = 4 AND bool_and(costshare.reasons(b) = (b).adjustment_codes AND cardinality((b).adjustment_codes) > 0)
	   FROM public.saved_result"

# ---- the updated database works like the fresh one ----------------------------------------------------
for db in cs_a cs_b; do
	psql -qAtX -v ON_ERROR_STOP=1 -d $db -f sample/plans.sql >"$work/plans_$db.log" 2>&1 ||
		not_ok "sample/plans.sql loads into $db" "$(cat "$work/plans_$db.log")"
done
answers="SELECT string_agg(row(e.*)::text, E'\n' ORDER BY m, d)
           FROM (VALUES ('M-NGUYEN-1', date '2026-11-20', '90837', '1111111112'),
                        ('M-ALVAREZ-1', date '2026-10-05', '90837', '1555555556'),
                        ('M-ALVAREZ-3', date '2026-10-05', '90837', '1222222223'),
                        ('M-OKAFOR-1', date '2026-10-05', '90837', '1111111112'),
                        ('M-DAVIS-1', date '2026-10-05', '90837', '1333333334')) v(m, d, c, p)
          CROSS JOIN LATERAL costshare.estimate(m, d, c, p, '11', 250.00) e"
a=$(q cs_a "$answers" 2>&1)
b=$(q cs_b "$answers" 2>&1)
if [ "$a" = "$b" ] && grep -q eligible <<<"$b"; then
	ok "after the update, estimates on the sample data equal the fresh install's"
else
	not_ok "after the update, estimates on the sample data equal the fresh install's" "updated:"$'\n'"$a"$'\n'"fresh:"$'\n'"$b"
fi
check_in cs_a "after the update, claim lines post to the ledger" \
	"SELECT costshare.post_claim_line('UPG-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-12-01', 10.00, 0, 0) = 'posted'"

# ---- database C: a 1.1 practice's plan tables, then the update to the default version ------------------
# Every row of every extension table survives the update (same rows, compared as text), and the
# estimates and eligibility on them are the same before and after.
createdb cs_c
if q cs_c "CREATE EXTENSION costshare VERSION '1.1' CASCADE" >"$work/c.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -d cs_c -f sample/plans.sql >>"$work/c.log" 2>&1; then
	ok "a 1.1 install with the sample practice's plan tables"
else
	not_ok "a 1.1 install with the sample practice's plan tables" "$(cat "$work/c.log")"; finish
fi
# rows are compared on the columns each table had under 1.1 (public.cols_11, saved before the update:
# columns the update adds, such as accumulator_ledger.payer_id, are checked on their own below)
q cs_c "CREATE TABLE public.cols_11 AS SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS cols
          FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE c.relnamespace = 'costshare'::regnamespace AND c.relkind = 'r' GROUP BY c.relname" >/dev/null 2>&1
table_rows="SELECT c.relname || ' ' || h.c FROM pg_class c
  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare')
  LEFT JOIN public.cols_11 k ON k.relname = c.relname
  CROSS JOIN LATERAL (SELECT (xpath('/row/c/text()', query_to_xml(format(
        \$q\$SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS c FROM (SELECT %s FROM costshare.%I) t\$q\$,
        coalesce(k.cols, '*'), c.relname), false, true, '')))[1]::text AS c) h
 WHERE c.relkind = 'r' ORDER BY c.relname"
# (1.1's columns: 1.2 appends where the terms came from to both results; and in 1.2 a second coverage
# pays after the primary, so patient_pays is after both payers: the primary's patient share, which 1.1
# reported, is patient_pays + secondary_pays)
c_answers_with() {
	echo "SELECT m.member_id, e.status, e.reasons, e.plan_id, e.payer_id, e.cob_position, e.category, e.network,
                  e.allowed, e.allowed_source, e.copay, e.deductible, e.coinsurance, e.not_covered, e.balance_bill,
                  $1, e.plan_pays, e.oop_capped, e.adjustment_codes, e.acc_before, e.acc_after,
                  g.status, g.reasons, g.plan_id, g.payer_id, g.enrollment_id, g.cob_position, g.coverages, g.category,
                  g.network, g.auth_required, g.carve_out_admin, g.benefit_period, g.ded_remaining, g.oop_remaining,
                  g.visits_remaining
             FROM costshare.member m
            CROSS JOIN LATERAL costshare.estimate(m.member_id, date '2026-03-10', '90837', '1222222223', '11', 250.00) e
            CROSS JOIN LATERAL costshare.eligibility(m.member_id, date '2026-03-10', '90837') g
            ORDER BY m.member_id"
}
before_rows=$(q cs_c "$table_rows" 2>&1)
before_answers=$(q cs_c "$(c_answers_with e.patient_pays)" 2>&1)
if q cs_c "ALTER EXTENSION costshare UPDATE" >"$work/c_update.log" 2>&1; then
	ok "ALTER EXTENSION costshare UPDATE from 1.1 with plan data"
else
	not_ok "ALTER EXTENSION costshare UPDATE from 1.1 with plan data" "$(cat "$work/c_update.log")"
fi
after_rows=$(q cs_c "$table_rows" 2>&1)
after_answers=$(q cs_c "$(c_answers_with 'e.patient_pays + coalesce(e.secondary_pays, 0)')" 2>&1)
# (tables the update adds may appear after it; every table of 1.1 must be there unchanged)
missing=$(comm -23 <(printf '%s\n' "$before_rows" | sort) <(printf '%s\n' "$after_rows" | sort))
if [ -z "$missing" ] && [ "$(printf '%s\n' "$before_rows" | grep -cE ' [1-9][0-9]* [0-9a-f]{32}$')" -ge 10 ]; then
	ok "every row of the 1.1 plan tables is there after the update ($(printf '%s\n' "$before_rows" | wc -l) tables compared)"
else
	not_ok "every row of the 1.1 plan tables is there after the update" "changed or missing after the update:"$'\n'"$missing"
fi
# the ledger's rows of 1.1 take the payer of their plan (a claim line is identified by payer, claim, line)
check_in cs_c "the update gives every 1.1 ledger row the payer of its plan" \
	"SELECT count(*) > 0 AND count(*) FILTER (WHERE l.payer_id IS DISTINCT FROM p.payer_id) = 0
	   FROM costshare.accumulator_ledger l JOIN costshare.plan p USING (plan_id)"
if [ "$before_answers" = "$after_answers" ] && grep -q eligible <<<"$after_answers"; then
	ok "estimates and eligibility on the 1.1 data are the same after the update"
else
	not_ok "estimates and eligibility on the 1.1 data are the same after the update" "$(diff <(echo "$before_answers") <(echo "$after_answers") | head -20)"
fi
# every 1.1 line is priced from a fee row or is a Medicare plan's: the remittance history is not consulted
check_in cs_c "after the update no estimate of the 1.1 data consults the remittance history (allowed_lines NULL)" \
	"SELECT count(*) > 0 AND count(e.allowed_lines) = 0 AND count(*) FILTER (WHERE e.allowed_source = 'remittance_history') = 0
	   FROM costshare.member m CROSS JOIN LATERAL costshare.estimate(m.member_id, date '2026-03-10', '90837', '1222222223', '11', 250.00) e"

# pg_dump --binary-upgrade writes out every member object of the extension (with ALTER EXTENSION ADD);
# without the lines that pin OIDs, the two dumps must be the same (A's own tables and views dropped first).
q cs_a "DROP VIEW public.live_result, public.family_result, public.saved_codes;
         DROP TABLE public.saved_plan, public.saved_result, public.family_line, public.saved_family_result" >/dev/null
dump_members() {
	pg_dump --binary-upgrade --schema-only --no-owner -d "$1" 2>&1 |
		grep -vE 'binary_upgrade_set_next_|binary_upgrade_set_missing|^-- Dumped|^SET |^SELECT pg_catalog.set_config|^SELECT pg_catalog.setval|^\\(un)?restrict ' |
		sed -E "s/(binary_upgrade_create_empty_extension\('costshare', 'costshare', [a-z]+, '[0-9.]+', )'\{[0-9,]*\}'/\1'{config oids}'/; s/WHERE oid = '[0-9]+'/WHERE oid = '(oid)'/"
}
dump_members cs_a >"$work/a.schema.sql"
dump_members cs_b >"$work/b.schema.sql"
if grep -q 'ALTER EXTENSION costshare ADD' "$work/b.schema.sql" && diff -q "$work/a.schema.sql" "$work/b.schema.sql" >/dev/null; then
	ok "pg_dump --binary-upgrade --schema-only: the same member objects ($(grep -c 'ALTER EXTENSION costshare ADD' "$work/b.schema.sql") members)"
else
	not_ok "pg_dump --binary-upgrade --schema-only: the same member objects" "$(diff "$work/a.schema.sql" "$work/b.schema.sql" | head -40)"
fi


# ---- database D: 1.1 with amounts the 1.2 checks refuse, then the update ------------------------------
# 1.1 accepted NaN and 9999999999.99 (CHECK (x >= 0)); the update must not fail nor lose them: it
# reports them (a WARNING per table with the keys, never a member id), keeps them, leaves the
# constraints they break NOT VALID and validates the others; estimates reading them are refused with a
# located 22003 until a corrected version is posted.
createdb cs_d
if q cs_d "CREATE EXTENSION costshare VERSION '1.1' CASCADE" >"$work/d.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -d cs_d -f sample/plans.sql >>"$work/d.log" 2>&1 &&
	q cs_d "INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, category, service_date, deductible)
	        VALUES ('BAD-1', 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'mh_psychotherapy', '2026-03-02', 'NaN');
	        INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, bucket, as_of, ded_met, oop_met)
	        VALUES ('F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'in', '2026-02-01', 9999999999.99, 0)" >>"$work/d.log" 2>&1; then
	ok "a 1.1 install holding a NaN ledger amount and a 9999999999.99 snapshot"
else
	not_ok "a 1.1 install holding bad amounts" "$(cat "$work/d.log")"
fi
if psql -qAtX -v ON_ERROR_STOP=1 -d cs_d -c "ALTER EXTENSION costshare UPDATE" >"$work/d_update.log" 2>&1; then
	ok "ALTER EXTENSION costshare UPDATE with bad amounts stored succeeds"
else
	not_ok "ALTER EXTENSION costshare UPDATE with bad amounts stored" "$(cat "$work/d_update.log")"
fi
if grep -q "WARNING:  costshare.accumulator_ledger has 1 stored value(s) out of range" "$work/d_update.log" &&
	grep -q "claim_id 'BAD-1', line 1, version 1 (deductible)" "$work/d_update.log" &&
	grep -q "WARNING:  costshare.accumulator_snapshot has 1 stored value(s) out of range" "$work/d_update.log" &&
	! grep -qE "M-NGUYEN|F-NGUYEN|Nguyen|Linh" "$work/d_update.log"; then
	ok "the update reports each table's bad rows by key, without member or family ids"
else
	not_ok "the update reports each table's bad rows by key, without member or family ids" "$(cat "$work/d_update.log")"
fi
check_in cs_d "the bad rows are kept and listed by check_stored_amounts()" \
	"SELECT count(*) = 2 AND bool_and(value IN ('NaN', '9999999999.99')) FROM costshare.check_stored_amounts()"
check_in cs_d "the constraints they break stay NOT VALID, every other is validated" \
	"SELECT array_agg(conname::text ORDER BY conname) = '{accumulator_ledger_deductible_range,accumulator_snapshot_ded_met_range}'
	   FROM pg_constraint WHERE connamespace = 'costshare'::regnamespace AND conname LIKE '%\_range' AND NOT convalidated"
if out=$(q cs_d "SELECT costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223')" 2>&1); then
	not_ok "an estimate reading the bad ledger line is refused" "$out"
elif grep -q 'ERROR:  stored amount out of range' <<<"$out" &&
	grep -qE 'accumulator_(ledger|snapshot) row with' <<<"$out" && ! grep -q 'M-NGUYEN' <<<"$out"; then
	ok "an estimate reading a bad row is refused naming table, column and key (22003, not XX000)"
else
	not_ok "an estimate reading a bad row is refused naming table, column and key" "$out"
fi
q cs_d "SELECT costshare.post_claim_line('BAD-1', 2, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02', 50.00, 0, 0, 'mh_psychotherapy');
         UPDATE costshare.accumulator_snapshot SET ded_met = 0 WHERE as_of = '2026-02-01';
         ALTER TABLE costshare.accumulator_snapshot VALIDATE CONSTRAINT accumulator_snapshot_ded_met_range" >"$work/d_fix.log" 2>&1
check_in cs_d "a corrected ledger version and a corrected snapshot clear the family's estimate" \
	"SELECT (costshare.estimate('M-NGUYEN-1', '2026-03-10', '90837', '1222222223')).patient_pays IS NOT NULL
	    AND (SELECT count(*) = 1 AND bool_and(superseded) FROM costshare.check_stored_amounts())"
cleared=$(q cs_d "SELECT costshare.clear_superseded_amounts()" 2>&1)
check_in cs_d "clear_superseded_amounts() clears the superseded line; every range constraint is then valid" \
	"SELECT '$cleared' = '1'
	    AND NOT EXISTS (SELECT 1 FROM costshare.check_stored_amounts())
	    AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE connamespace = 'costshare'::regnamespace AND NOT convalidated)"

finish
