#!/usr/bin/env bash
# scripts/test_error_privacy.sh — under races, the errors a client gets and the server log hold no
# member data (issue 9, defect 3).
#
# specs/error_privacy_races.spec shows what a PL/pgSQL handler reads; isolationtester prints only the
# primary message of an uncaught error. Here each race runs between two psql sessions: A holds a
# change (a new member, an enrollment, a deleted member, a ledger line, a snapshot) open until B is
# waiting for it on a lock, then commits; B's statement then fails with PostgreSQL's own unique,
# exclusion or foreign-key error. B's whole error as psql prints it (VERBOSITY verbose: message,
# detail, hint, context, location) and the whole server log must not hold the member's id, name,
# birth date or family id. B's racing statement is the first statement of its connection (the library
# is loaded by the statement's own trigger, costshare.error_guard) in round 1, with the server logging
# errors (log_min_messages = warning, log_min_error_statement = error: PostgreSQL's emit_log_hook path).
# Round 2 sets log_min_messages = fatal (PostgreSQL then skips the log hook; the executor wrappers
# must rewrite the error) with B's connection having used costshare before; round 3 the same with
# session_preload_libraries = 'costshare' and the race as the connection's first statement.
# Last line: "error_privacy: N passed, M failed"; exits non-zero on any failure.
# It first runs make and make install DESTDIR=build/destdir (CS_SKIP_BUILD=1 skips that).
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_begin error_privacy

leak='MBR-|Zebulon|Ophelia|Eustace|Nigel|Quackenbush|1977-07-31|1979-05-15|2010-04-24|2012-09-01|FAM-QUACK'

setup_db() {
	dropdb --if-exists cs_priv >/dev/null 2>&1
	createdb cs_priv && psql -qAtX -v ON_ERROR_STOP=1 -d cs_priv >"$work/setup.log" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION costshare CASCADE;
INSERT INTO costshare.payer (payer_id, name) VALUES ('PRV', 'Privacy payer');
INSERT INTO costshare.plan (plan_id, payer_id, name) VALUES ('PRV-PPO', 'PRV', 'Privacy PPO');
INSERT INTO costshare.member VALUES ('MBR-7731-ZQ', 'Zebulon', 'Quackenbush', '1977-07-31'),
                                    ('MBR-5150-OQ', 'Ophelia', 'Quackenbush', '1979-05-15'),
                                    ('MBR-4242-EQ', 'Eustace', 'Quackenbush', '2010-04-24');
INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage, relationship)
VALUES ('MBR-7731-ZQ', 'MBR-7731-ZQ', 'FAM-QUACKENBUSH', 'PRV-PPO', '[2026-01-01,2027-01-01)', 'self'),
       ('MBR-5150-OQ', 'MBR-7731-ZQ', 'FAM-QUACKENBUSH', 'PRV-PPO', '[2026-01-01,2027-01-01)', 'spouse');
SQL
}

# race NAME SQL_A SQL_B [B_FIRST]: A runs SQL_A, waits until B waits on a lock, commits; B runs
# B_FIRST (if given) and then SQL_B. B's output must show an error of class 23 and no member data.
race() {
	local name=$1 sql_a=$2 sql_b=$3 b_first=${4:-}
	setup_db || { not_ok "$name: setup" "$(cat "$work/setup.log")"; return; }
	psql -qX -d cs_priv >"$work/a.out" 2>&1 <<SQL &
BEGIN;
$sql_a;
DO \$\$
BEGIN
    FOR i IN 1..6000 LOOP
        PERFORM pg_stat_clear_snapshot();
        EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'cs_race_b' AND wait_event_type = 'Lock');
        PERFORM pg_sleep(0.01);
    END LOOP;
END \$\$;
COMMIT;
SQL
	local a_pid=$!
	# B starts once A holds its change (A's row is visible to pg_locks as its transaction id)
	for _ in $(seq 1 3000); do
		[ "$(q cs_priv "SELECT count(*) FROM pg_stat_activity WHERE datname = 'cs_priv' AND state = 'active' AND query LIKE '%pg_stat_clear_snapshot%' AND pid <> pg_backend_pid()")" = 1 ] && break
	done
	PGAPPNAME=cs_race_b psql -X -v VERBOSITY=verbose -d cs_priv >"$work/b.out" 2>&1 <<SQL
$b_first
$sql_b;
SQL
	wait "$a_pid"
	if ! grep -q '^ERROR:  23' "$work/b.out"; then
		not_ok "$name: the racing statement fails with a constraint error" "$(cat "$work/a.out" "$work/b.out")"
	elif grep -Eq "$leak" "$work/b.out"; then
		not_ok "$name: the client's error holds no member data" "$(cat "$work/b.out")"
	else
		ok "$name: the client's error holds no member data"
	fi
}

races() {
	local first=${1:-}
	race "two sessions insert the same member" \
		"INSERT INTO costshare.member VALUES ('MBR-9001-NQ', 'Nigel', 'Quackenbush', '2012-09-01')" \
		"INSERT INTO costshare.member VALUES ('MBR-9001-NQ', 'Nigel', 'Quackenbush', '2012-09-01')" "$first"
	race "overlapping enrollments" \
		"INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage) VALUES ('MBR-7731-ZQ', 'MBR-7731-ZQ', 'FAM-QUACKENBUSH', 'PRV-PPO', '[2027-01-01,2028-01-01)')" \
		"INSERT INTO costshare.enrollment (member_id, subscriber_id, family_id, plan_id, coverage) VALUES ('MBR-7731-ZQ', 'MBR-7731-ZQ', 'FAM-QUACKENBUSH', 'PRV-PPO', '[2027-06-01,)')" "$first"
	race "post_claim_line while the member is deleted" \
		"DELETE FROM costshare.enrollment WHERE member_id = 'MBR-5150-OQ'; DELETE FROM costshare.member WHERE member_id = 'MBR-5150-OQ'" \
		"SELECT costshare.post_claim_line('CLM-9', 1, 1, 'final', 'MBR-5150-OQ', 'PRV-PPO', '2026-03-01', 10, 0, 0)" "$first"
	race "prior_auth while the member is deleted" \
		"DELETE FROM costshare.member WHERE member_id = 'MBR-4242-EQ'" \
		"INSERT INTO costshare.prior_auth (member_id, plan_id, category, valid) VALUES ('MBR-4242-EQ', 'PRV-PPO', 'mh_psychotherapy', '[2026-01-01,2027-01-01)')" "$first"
	race "the same accumulator_ledger line from two sessions" \
		"INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date) VALUES ('CLM-1', 'final', 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01')" \
		"INSERT INTO costshare.accumulator_ledger (claim_id, status, family_id, member_id, plan_id, service_date) VALUES ('CLM-1', 'final', 'FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01')" "$first"
	race "the same accumulator_snapshot from two sessions" \
		"INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met) VALUES ('FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01', 100)" \
		"INSERT INTO costshare.accumulator_snapshot (family_id, member_id, plan_id, as_of, ded_met) VALUES ('FAM-QUACKENBUSH', 'MBR-7731-ZQ', 'PRV-PPO', '2026-03-01', 200)" "$first"
}

set_server() {
	local preload="ALTER SYSTEM RESET session_preload_libraries"
	[ -n "$2" ] && preload="ALTER SYSTEM SET session_preload_libraries = '$2'"
	q postgres "ALTER SYSTEM SET log_min_messages = '$1'" >/dev/null &&
		q postgres "$preload" >/dev/null &&
		q postgres "SELECT pg_reload_conf()" >/dev/null
}

log=$CS_CLUSTER_DIR/server.log

# round 1: the default logging; the race is the connection's first statement
set_server warning ''
log_start=$(wc -l <"$log")
races
# the round's part of the log, kept in a file: `tail | grep -q` under pipefail fails whenever grep stops
# at a match before tail has written everything (tail's SIGPIPE is the pipeline's status), which would
# both miss a leak and report a missing line that is there
tail -n +"$((log_start + 1))" "$log" >"$work/round1.log"
if grep -Eq "$leak" "$work/round1.log"; then
	not_ok "round 1: the server log holds no member data" "$(grep -E "$leak" "$work/round1.log")"
elif ! grep -q 'Row values are not shown in errors' "$work/round1.log"; then
	not_ok "round 1: the server log has the rewritten errors" "$(tail -20 "$work/round1.log")"
else
	ok "round 1: the server log has the rewritten errors and no member data"
fi

# round 2: errors not logged (PostgreSQL skips emit_log_hook); the connection used costshare before
set_server fatal ''
races "SELECT costshare.benefit_period('2026-03-01') IS NOT NULL AS loaded;"

# round 3: the same with the library preloaded into every session; the race is the first statement
# (the library of build/destdir, where the tests' extension_destdir finds it)
set_server fatal "${CS_DESTDIR:-$PWD/build/destdir}$(pg_config --pkglibdir)/costshare"
races

set_server warning ''
if grep -Eq "$leak" "$log"; then
	not_ok "the whole server log holds no member data" "$(grep -E "$leak" "$log" | head -20)"
else
	ok "the whole server log holds no member data"
fi
finish
