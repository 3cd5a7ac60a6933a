#!/usr/bin/env bash
# scripts/test_dump_restore.sh — user data in the extension's tables survives pg_dump / pg_restore.
#
# On a throwaway cluster: a database with CREATE EXTENSION costshare CASCADE, sample/plans.sql, and a
# user row in every seed table (seed = false); pg_dump -Fc; pg_restore into a new database. Then:
#   - pg_restore reports no error;
#   - every table of the extension has the same rows in both databases (count and md5 of the ordered
#     rows), and the seed rows are neither duplicated nor lost (same as a fresh install);
#   - the restored database works: identities continue after the restored rows (new postings,
#     enrollments and fee rows can be added), and eligibility / estimates give the same answers.
# A second round checks that changes to seed rows (which CREATE EXTENSION re-creates on restore, so no
# dump could keep them) are refused and change nothing. A third round restores a database updated from
# 1.1 that holds a NaN ledger amount: refused loudly until costshare.clear_superseded_amounts().
# A fourth round: changes to an extension table's definition (a new column: issue 12) are refused,
# and the dump still restores the plan's rows; a fifth restores data only with --disable-triggers.
# Last line: "dump_restore: N passed, M failed"; exits non-zero on any failure.
# It first runs make and make install DESTDIR=build/destdir (CS_SKIP_BUILD=1 skips that); the cluster
# (scripts/cluster.sh) is removed when the script exits.
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_begin dump_restore

# The extension's tables, and those with seed rows (a "seed" column)
tables_sql="SELECT c.relname FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
             WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND c.relkind = 'r'
               AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'costshare') ORDER BY 1"
seed_tables_sql="SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'seed'
                  WHERE c.relnamespace = 'costshare'::regnamespace AND c.relkind = 'r' ORDER BY 1"

# fingerprint DB TABLE: "count md5" of the table's rows in a stable order
# (identity_icu describes the installation: the ICU version its indexes were built with, and when; the
# time is the restore's, so only the version is compared; plan_data_version holds a cache token from a
# sequence of the database, which every statement writing a plan table renumbers, restores included:
# its one row is compared, not its number)
fingerprint() {
	local row="t::text"
	[ "$2" = identity_icu ] && row="t.icu_version"
	[ "$2" = plan_data_version ] && row="'the version row'"
	q "$1" "SELECT count(*) || ' ' || coalesce(md5(string_agg($row, E'\n' ORDER BY $row)), '-') FROM costshare.$2 t"
}

createdb cs_fresh && q cs_fresh "CREATE EXTENSION costshare CASCADE" >/dev/null 2>&1
createdb cs_src
if q cs_src "CREATE EXTENSION costshare CASCADE" >"$work/load.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -d cs_src -f sample/plans.sql >>"$work/load.log" 2>&1; then
	ok "CREATE EXTENSION costshare CASCADE and sample/plans.sql"
else
	not_ok "CREATE EXTENSION costshare CASCADE and sample/plans.sql" "$(cat "$work/load.log")"; finish
fi

# A user row in every seed table (a new key; seed = false), a second version of a claim line, and rows
# in the Medicare tables.
psql -qAtX -v ON_ERROR_STOP=1 -d cs_src >"$work/user.log" 2>&1 <<'SQL'
INSERT INTO costshare.service_code (code, pos, modifier, category, description, seed) VALUES
  ('H0004', '', '', 'mh_psychotherapy', 'Behavioral health counseling and therapy, per 15 minutes', false),
  ('90837', '02', '', 'mh_psychotherapy', 'Psychotherapy, 60 minutes, telehealth (facility)', false);
INSERT INTO costshare.place_of_service (pos, name, facility, telehealth, seed)
VALUES ('03', 'School', false, false, false);
INSERT INTO costshare.credential (credential, name, medicare_percent, seed)
VALUES ('lcpc', 'Licensed clinical professional counselor', 0.75, false);
INSERT INTO costshare.service_type_category (category, service_type, rank, seed)
VALUES ('mh_psychotherapy', 'CE', 9, false);
DO $$
BEGIN
    IF to_regclass('costshare.medicare_conversion_factor') IS NOT NULL THEN
        INSERT INTO costshare.medicare_conversion_factor (year, conversion_factor, seed) VALUES (2024, 32.7442, false);
    END IF;
    IF to_regclass('costshare.parity_category') IS NOT NULL THEN
        INSERT INTO costshare.parity_category (category, benefit_class, setting) VALUES ('sud_residential', 'mh_sud', 'inpatient');
    END IF;
    IF to_regclass('costshare.medicare_rvu') IS NOT NULL THEN
        INSERT INTO costshare.medicare_rvu (year, hcpcs, status_code, work_rvu, pe_rvu_nonfacility, pe_rvu_facility,
                                            mp_rvu, conversion_factor)
        VALUES (2026, '90837', 'A', 3.00, 1.10, 0.80, 0.12, 33.4009);
    END IF;
    IF to_regclass('costshare.medicare_gpci') IS NOT NULL THEN
        INSERT INTO costshare.medicare_gpci (year, mac, locality, state, locality_name, work_gpci, pe_gpci, mp_gpci)
        VALUES (2026, '05402', '00', 'NE', 'NEBRASKA', 1.000, 0.920, 0.550);
    END IF;
    IF to_regclass('costshare.medicare_locality') IS NOT NULL THEN
        INSERT INTO costshare.medicare_locality (year, mac, locality, state, fee_schedule_area, counties)
        VALUES (2026, '05402', '00', 'NEBRASKA', 'STATEWIDE', 'ALL COUNTIES');
    END IF;
    -- payer-reported benefits: rows dated by recorded_at (no history version) and one changed row (two
    -- versions in row_history); both must come back as they were, and the restore must add no version
    IF to_regclass('costshare.eligibility_benefit') IS NOT NULL THEN
        INSERT INTO costshare.eligibility_benefit (member_id, payer_id, interchange_control, segment, as_of, benefit,
                                                   info, network, service_types, amount, percent)
        VALUES ('M-ALVAREZ-1', 'ACME', '000000901', 1, '2026-03-01', 'copay', 'B', 'in', '{MH}', 30.00, NULL),
               ('M-ALVAREZ-1', 'ACME', '000000901', 2, '2026-03-01', 'coinsurance', 'A', 'in', '{MH}', NULL, 0.2);
        UPDATE costshare.eligibility_benefit SET amount = 35.00 WHERE interchange_control = '000000901' AND segment = 1;
    END IF;
    IF to_regclass('costshare.self_pay_price') IS NOT NULL THEN
        INSERT INTO costshare.self_pay_price (code, provider_id, valid, price, discount_rate, discount_amount, discount_reason)
        VALUES ('90837', NULL, '[2026-01-01,)', 150.00, 0.10, NULL, 'prompt_pay'),
               ('90837', '1111111112', '[2026-01-01,)', 220.00, NULL, 20.00, 'sliding_scale');
    END IF;
END $$;
SELECT costshare.post_claim_line('CLM-N-1002', 2, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-10-15',
                                 165.00, 0, 0, 'mh_psychotherapy', 'in', 1, '2026-10-25');
SELECT costshare.post_claim_line('CLM-A-2001', 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', '2026-02-03',
                                 0, 25.00, 0, 'mh_psychotherapy');
SQL
if [ $? = 0 ]; then ok "user rows added (seed tables, ledger, Medicare tables)"; else not_ok "user rows added" "$(cat "$work/user.log")"; fi
for t in $(q cs_src "$seed_tables_sql"); do
	n=$(q cs_src "SELECT count(*) FROM costshare.$t WHERE NOT seed")
	[ "$n" -gt 0 ] || not_ok "seed table costshare.$t has a user row in this test (add one to the script)"
done

# dump_and_restore ROUND: pg_dump -Fc cs_src, pg_restore into cs_dst_ROUND
dump_and_restore() {
	local dst=cs_dst_$1
	if ! pg_dump -Fc -d cs_src -f "$work/src_$1.dump" 2>"$work/dump_$1.log"; then
		not_ok "round $1: pg_dump -Fc" "$(cat "$work/dump_$1.log")"; return 1
	fi
	createdb "$dst"
	if pg_restore -d "$dst" "$work/src_$1.dump" >"$work/restore_$1.log" 2>&1; then
		ok "round $1: pg_restore into a new database without error"
	else
		not_ok "round $1: pg_restore into a new database without error" "$(grep -E 'ERROR|error|DETAIL' "$work/restore_$1.log" | head -10)"
	fi
}

# compare_tables ROUND: every extension table has the same rows in cs_src and cs_dst_ROUND
compare_tables() {
	local dst=cs_dst_$1 t a b bad=""
	for t in $(q cs_src "$tables_sql"); do
		a=$(fingerprint cs_src "$t" 2>&1)
		b=$(fingerprint "$dst" "$t" 2>&1)
		[ "$a" = "$b" ] || bad="$bad$t: source $a, restored $b"$'\n'
	done
	if [ -z "$bad" ]; then
		ok "round $1: every extension table has the same rows after restore ($(q cs_src "SELECT count(*) FROM ($tables_sql) x") tables)"
	else
		not_ok "round $1: every extension table has the same rows after restore" "${bad%$'\n'}"
	fi
}

# ---- round 1: user rows ------------------------------------------------------------------------
dump_and_restore 1
compare_tables 1
for t in $(q cs_src "$seed_tables_sql"); do
	check_in cs_dst_1 "round 1: costshare.$t: seed rows as in a fresh install, none duplicated, user rows kept" \
		"SELECT (SELECT count(*) FROM costshare.$t WHERE seed) = $(q cs_fresh "SELECT count(*) FROM costshare.$t WHERE seed")
		    AND (SELECT count(*) FROM costshare.$t) = $(q cs_src "SELECT count(*) FROM costshare.$t")
		    AND (SELECT count(*) FROM costshare.$t WHERE NOT seed) > 0"
done
# (its triggers as in a fresh install: append-only rows, no TRUNCATE, constraint errors without values)
ledger_triggers="SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger
                  WHERE tgrelid = 'costshare.accumulator_ledger'::regclass AND NOT tgisinternal"
check_in cs_dst_1 "round 1: the restored ledger is still append-only" \
	"SELECT ($ledger_triggers) = '$(q cs_fresh "$ledger_triggers")'
	    AND ($ledger_triggers) LIKE '%accumulator_ledger_append_only%accumulator_ledger_no_truncate%'"
# as many amount_check triggers as a fresh install has (one per table with money, rate or count columns)
amount_triggers="SELECT count(*) FROM pg_trigger WHERE tgname = 'amount_check' AND tgenabled = 'O'
           AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'costshare'::regnamespace)"
check_in cs_dst_1 "round 1: the restored tables still check amounts (triggers and validated range constraints)" \
	"SELECT ($amount_triggers) = $(q cs_fresh "$amount_triggers") AND ($amount_triggers) >= 9
	    AND (SELECT bool_and(convalidated) FROM pg_constraint
	          WHERE connamespace = 'costshare'::regnamespace AND conname LIKE '%\\_range')
	    AND NOT EXISTS (SELECT 1 FROM costshare.check_stored_amounts())"

# The restored database keeps working: identities continue after the restored rows.
check_in cs_dst_1 "round 1: a new claim line can be posted after restore (ledger identity continues)" \
	"SELECT costshare.post_claim_line('CLM-NEW-1', 1, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-12-01',
	                                  10.00, 0, 0, 'mh_psychotherapy') = 'posted'"
check_in cs_dst_1 "round 1: a new enrollment can be added after restore (enrollment identity continues)" \
	"WITH x AS (INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage)
	            VALUES ('M-BROWN-1', 'M-BROWN-1', 'F-BROWN', 'ACME-PPO', '[2027-01-01,)') RETURNING 1)
	 SELECT count(*) = 1 FROM x"
check_in cs_dst_1 "round 1: a new fee schedule row can be added after restore (fee identity continues)" \
	"WITH x AS (INSERT INTO costshare.fee_schedule (payer_id, code, valid, amount)
	            VALUES ('ACME', '90846', '[2026-01-01,)', 140.00) RETURNING 1)
	 SELECT count(*) = 1 FROM x"
answers="SELECT string_agg(row(e.*)::text, E'\n' ORDER BY m, d)
           FROM (VALUES ('M-NGUYEN-1', date '2026-11-20', '90837', '1111111112'),
                        ('M-ALVAREZ-1', date '2026-10-05', '90837', '1555555556'),
                        ('M-ALVAREZ-3', date '2026-10-05', '90837', '1222222223'),
                        ('M-OKAFOR-1', date '2026-10-05', '90837', '1111111112'),
                        ('M-DAVIS-1', date '2026-10-05', '90837', '1333333334')) v(m, d, c, p)
          CROSS JOIN LATERAL costshare.estimate(m, d, c, p, '11', 250.00) e"
a=$(q cs_src "$answers" 2>&1)
b=$(q cs_dst_1 "$answers" 2>&1)
if [ "$a" = "$b" ] && [ -n "$a" ]; then ok "round 1: estimates are the same in the restored database"; else
	not_ok "round 1: estimates are the same in the restored database" "source:"$'\n'"$a"$'\n'"restored:"$'\n'"$b"; fi

# ---- round 2: a user's change to seed rows -------------------------------------------------------
# CREATE EXTENSION re-creates the seed rows on restore, so a change to one could not survive a dump:
# the extension refuses it and changes nothing; a user's own row (a more specific service code, a new
# credential) is the way to customise, and that survives (round 1).
for stmt in "UPDATE costshare.credential SET medicare_percent = 0.80 WHERE credential = 'np'" \
            "UPDATE costshare.service_code SET description = 'Intake evaluation (practice wording)', seed = false WHERE code = '90791' AND pos = '' AND modifier = ''" \
            "DELETE FROM costshare.place_of_service WHERE pos = '11'" \
            "UPDATE costshare.medicare_conversion_factor SET conversion_factor = 30 WHERE year = 2025"; do
	err=$(psql -qAtX -d cs_src -c "$stmt" 2>&1)
	case "$err" in
		*"rows shipped with the extension are read-only"*) ok "round 2: refused: ${stmt:0:60}..." ;;
		*) not_ok "round 2: a change to a seed row is refused: ${stmt:0:60}" "$err" ;;
	esac
done
check_in cs_src "round 2: the refused changes changed nothing" \
	"SELECT (SELECT medicare_percent FROM costshare.credential WHERE credential = 'np') = 0.85
	    AND (SELECT count(*) FROM costshare.place_of_service WHERE pos = '11') = 1"
check_in cs_src "round 2: a row inserted as seed = true is stored as the user's (seed = false)" \
	"WITH x AS (INSERT INTO costshare.credential (credential, name, medicare_percent, seed)
	            VALUES ('lmhc_r2', 'Round 2 test', 0.75, true) RETURNING seed) SELECT NOT seed FROM x"


# A third round: a database updated from 1.1 that still holds a ledger version with a NaN amount (1.1
# accepted it; 1.2 keeps it, NOT VALID). Its dump does not restore the ledger (the restored table's
# constraints are valid) — loudly, never silently; once a later version supersedes the line,
# costshare.clear_superseded_amounts() zeroes its bad value and the dump restores every row.
createdb cs_old
if q cs_old "CREATE EXTENSION costshare VERSION '1.1' CASCADE" >"$work/old.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -d cs_old -f sample/plans.sql >>"$work/old.log" 2>&1 &&
	q cs_old "INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, category, service_date, deductible)
	          VALUES ('BAD-1', 'final', 'F-NGUYEN', 'M-NGUYEN-1', 'ACME-HDHP', 'mh_psychotherapy', '2026-03-02', 'NaN')" >>"$work/old.log" 2>&1 &&
	q cs_old "ALTER EXTENSION costshare UPDATE" >>"$work/old.log" 2>&1; then
	ok "round 3: a 1.1 database with a NaN ledger amount, updated"
else
	not_ok "round 3: a 1.1 database with a NaN ledger amount, updated" "$(cat "$work/old.log")"
fi
pg_dump -Fc -d cs_old -f "$work/old_1.dump" 2>>"$work/old.log"
createdb cs_old_dst_1
if ! pg_restore -d cs_old_dst_1 "$work/old_1.dump" >"$work/old_restore_1.log" 2>&1 &&
	grep -q 'COPY failed for table "accumulator_ledger"' "$work/old_restore_1.log" &&
	grep -q 'Column deductible of costshare.accumulator_ledger is not finite' "$work/old_restore_1.log" &&
	! grep -qE 'M-NGUYEN|F-NGUYEN' "$work/old_restore_1.log"; then
	# (the CONTEXT line of the failed COPY names the line, not its contents: src/glue/privacy.c)
	ok "round 3: before clearing, pg_restore refuses the ledger loudly, naming the column (no member ids in error, detail, hint)"
else
	not_ok "round 3: before clearing, pg_restore refuses the ledger loudly" "$(cat "$work/old_restore_1.log")"
fi
cleared=$(q cs_old "SELECT costshare.post_claim_line('BAD-1', 2, 1, 'final', 'M-NGUYEN-1', 'ACME-HDHP', '2026-03-02', 50.00, 0, 0, 'mh_psychotherapy')" 2>&1 >/dev/null;
          q cs_old "SELECT costshare.clear_superseded_amounts()" 2>&1)
pg_dump -Fc -d cs_old -f "$work/old_2.dump" 2>>"$work/old.log"
createdb cs_old_dst_2
if [ "$cleared" = 1 ] && pg_restore -d cs_old_dst_2 "$work/old_2.dump" >"$work/old_restore_2.log" 2>&1 &&
	[ "$(fingerprint cs_old accumulator_ledger)" = "$(fingerprint cs_old_dst_2 accumulator_ledger)" ]; then
	ok "round 3: after a corrected version and clear_superseded_amounts(), the dump restores every ledger row"
else
	not_ok "round 3: after clear_superseded_amounts(), the dump restores every ledger row" "cleared: $cleared"$'\n'"$(cat "$work/old_restore_2.log")"
fi

# ---- round 4: a change to an extension table's definition ------------------------------------------
# ALTER TABLE costshare.benefit ADD COLUMN note used to be accepted: pg_dump then wrote the benefit rows
# with the new column, CREATE EXTENSION on restore made the table without it, and pg_restore failed and
# lost the plan's benefit rows. Changes a dump cannot keep are refused (costshare_guard_table_ddl), and
# the dump restores every row.
for stmt in "ALTER TABLE costshare.benefit ADD COLUMN note text" \
            "ALTER TABLE costshare.benefit ALTER COLUMN copay TYPE numeric(14,2)" \
            "CREATE INDEX benefit_by_category ON costshare.benefit (category)" \
            "ALTER TABLE costshare.member ENABLE ROW LEVEL SECURITY"; do
	err=$(psql -qAtX -d cs_src -c "$stmt" 2>&1)
	case "$err" in
		*"a table of extension costshare"*) ok "round 4: refused: ${stmt:0:60}" ;;
		*) not_ok "round 4: a change to an extension table is refused: ${stmt:0:60}" "$err" ;;
	esac
done
dump_and_restore 3
compare_tables 3
check_in cs_dst_3 "round 4: the plan's benefit rows are restored" \
	"SELECT count(*) = $(q cs_src "SELECT count(*) FROM costshare.benefit") AND count(*) > 0 FROM costshare.benefit"

# ---- round 5: a data-only restore with --disable-triggers ------------------------------------------
# pg_restore --data-only --disable-triggers brackets each table's data with ALTER TABLE ... DISABLE /
# ENABLE TRIGGER ALL: the table-DDL guard allows that (trigger state, not the table's definition).
createdb cs_dst_4
if pg_dump -Fc --data-only -d cs_src -f "$work/src_4.dump" 2>"$work/dump_4.log" &&
	q cs_dst_4 "CREATE EXTENSION costshare CASCADE" >"$work/restore_4.log" 2>&1 &&
	pg_restore --data-only --disable-triggers -d cs_dst_4 "$work/src_4.dump" >>"$work/restore_4.log" 2>&1; then
	ok "round 5: pg_restore --data-only --disable-triggers into a new install without error"
else
	not_ok "round 5: pg_restore --data-only --disable-triggers into a new install without error" \
		"$(cat "$work/dump_4.log"; grep -E 'ERROR|error|DETAIL' "$work/restore_4.log" | head -10)"
fi
check_in cs_dst_4 "round 5: the plan's benefit rows and the ledger are restored" \
	"SELECT (SELECT count(*) FROM costshare.benefit) = $(q cs_src "SELECT count(*) FROM costshare.benefit")
	    AND (SELECT count(*) FROM costshare.accumulator_ledger) = $(q cs_src "SELECT count(*) FROM costshare.accumulator_ledger")"

finish
