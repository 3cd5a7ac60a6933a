#!/usr/bin/env bash
# scripts/test_citus.sh — costshare on a Citus cluster (issue 12, doc/citus.md): a coordinator and two
# workers on this machine, throwaway clusters like scripts/cluster.sh, with shared_preload_libraries=citus.
# It builds nothing of Citus: Citus is found through pg_config (pkglibdir/citus.so); when it is not
# installed the script says so and ends "test_citus: 0 passed, 0 failed".
#   - the layout of doc/citus.md: costshare's tables stay local on the coordinator; a practice's own
#     appointment table is distributed by member_id;
#   - estimate over the distributed appointments, evaluated on the coordinator, gives the same rows as over
#     a local copy (checksums), and so does estimate_many; the accumulate window runs on the workers and
#     gives one node's rows; post_claim_line under 8 pgbench clients loses and double-counts nothing;
#   - an estimate pushed down to the workers is refused naming the table (never the workers' empty copies),
#     and so is a direct read of a Citus table in place of a plan table;
#   - on a worker every other reader is refused too (a query of an extension table, a PL/pgSQL and a SQL
#     function of the extension, a user's function distributed with create_distributed_function, and
#     costshare's estimate and eligibility distributed that way); a Citus node without costshare in
#     session_preload_libraries cannot install it;
#   - Citus refuses to make the extension's tables reference tables (they are extension members).
# Last line: "test_citus: N passed, M failed". CS_SKIP_BUILD=1 skips building costshare.
cd "$(dirname "$0")/.."
. scripts/test_lib.sh
cs_test_name=test_citus

citus_so="$(${CS_PG_CONFIG:-pg_config} --pkglibdir)/citus.so"	# CS_PG_CONFIG: another pg_config
if [ ! -e "$citus_so" ]; then
	echo "citus: skipped (Citus is not installed: no $citus_so; doc/citus.md says how to build it)"
	finish
fi
if [ "${CS_SKIP_BUILD:-0}" != 1 ]; then
	if ! { make -s && make -s install DESTDIR="$PWD/build/destdir"; } >/dev/null 2>&1; then
		not_ok "build and install into build/destdir"; finish
	fi
fi
. scripts/cluster.sh

base=$(mktemp -d "${TMPDIR:-/tmp}/costshare-citus.XXXXXX")
chmod 755 "$base"
[ "$(id -u)" = 0 ] && chown postgres "$base"
ports=()
stop_all() {
	for i in 0 1 2; do
		[ -d "$base/n$i" ] && cs_as_server_user pg_ctl -D "$base/n$i" -m fast -w stop >/dev/null 2>&1
	done
	rm -rf "$base"
}
trap stop_all EXIT
start_node() {	# i
	local port
	port=$(cs_free_port $((56000 + RANDOM % 4000 + $1 * 7)))
	ports[$1]=$port
	cs_as_server_user initdb -D "$base/n$1" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$base/initdb$1.log" 2>&1 || return 1
	{
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $port"
		echo "unix_socket_directories = '$base'"
		echo "extension_destdir = '$PWD/build/destdir'"
		echo "shared_preload_libraries = 'citus'"
		# costshare's guard on workers needs its library in every session (doc/citus.md); the full path,
		# as the library is installed under build/destdir (extension_destdir does not cover preloading)
		echo "session_preload_libraries = '$PWD/build/destdir$(pg_config --pkglibdir)/costshare'"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "shared_buffers = 64MB"
		echo "max_connections = 60"
		echo "max_worker_processes = 16"
	} >>"$base/n$1/postgresql.conf"
	cs_as_server_user pg_ctl -D "$base/n$1" -l "$base/server$1.log" -w start >/dev/null || { cat "$base/server$1.log"; return 1; }
}
for i in 0 1 2; do
	start_node $i || { not_ok "start node $i with shared_preload_libraries=citus"; finish; }
done
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres PGPORT=${ports[0]}
qn() { psql -qAtX -v ON_ERROR_STOP=1 -p "$1" -c "$2"; }

# expect_error NAME PATTERN SQL (on the coordinator)
expect_error() {
	local out
	out=$(psql -qAtX -v ON_ERROR_STOP=1 -c "$3" 2>&1)
	case "$out" in
		*"$2"*) ok "$1" ;;
		*) not_ok "$1" "$out" ;;
	esac
}

if qn "${ports[1]}" "CREATE EXTENSION citus" && qn "${ports[2]}" "CREATE EXTENSION citus" &&
	qn "${ports[0]}" "CREATE EXTENSION citus;
		SELECT citus_set_coordinator_host('127.0.0.1', ${ports[0]});
		SELECT citus_add_node('127.0.0.1', ${ports[1]}); SELECT citus_add_node('127.0.0.1', ${ports[2]})" >/dev/null; then
	ok "a coordinator and two workers: $(qn "${ports[0]}" "SELECT extversion FROM pg_extension WHERE extname = 'citus'")"
else
	not_ok "create the Citus cluster"; finish
fi
check "two active workers" "SELECT count(*) = 2 FROM pg_dist_node WHERE isactive AND groupid > 0"

# costshare's guard on workers runs where its library is loaded: a Citus node without it in
# session_preload_libraries is refused (the install script checks every node Citus propagates it to)
expect_error "CREATE EXTENSION costshare on a Citus node without session_preload_libraries = 'costshare' is refused" \
	"needs session_preload_libraries = 'costshare' on a Citus node" \
	"SET session_preload_libraries = ''; CREATE EXTENSION costshare CASCADE"
if q postgres "CREATE EXTENSION costshare CASCADE" >"$base/load.log" 2>&1 &&
	psql -qAtX -v ON_ERROR_STOP=1 -f sample/plans.sql >>"$base/load.log" 2>&1; then
	ok "CREATE EXTENSION costshare and the sample practice on the coordinator"
else
	not_ok "CREATE EXTENSION costshare and the sample practice" "$(tail -5 "$base/load.log")"; finish
fi
out=$(qn "${ports[1]}" "SELECT count(*) FROM pg_extension WHERE extname = 'costshare'" 2>&1)
echo "# costshare on worker 1 (Citus propagates CREATE EXTENSION): $out"

# the practice's appointments: a generated population, local and distributed by member_id
q postgres "
CREATE TABLE appt_local AS
SELECT row_number() OVER (ORDER BY m.member_id, d, c)::bigint AS appt_id, m.member_id, d::date AS service_date,
       c AS service_code, '1222222223'::text AS provider_id, '11'::text AS place_of_service,
       (100 + (row_number() OVER (ORDER BY m.member_id, d, c) % 7) * 25)::numeric AS billed
FROM costshare.member m, generate_series(date '2026-01-05', date '2026-12-20', interval '9 days') d,
     unnest(ARRAY['90837', '90834', '99213']) c;
CREATE TABLE appt_dist (LIKE appt_local);
CREATE TABLE posted (c int, member_id text, posted_at timestamptz DEFAULT now());" >/dev/null 2>"$base/appt.log" &&
psql -qAtX -v ON_ERROR_STOP=1 -v tables='appt_dist, posted' -f scripts/citus_distribute.sql >>"$base/appt.log" 2>&1 &&
q postgres "INSERT INTO appt_dist SELECT * FROM appt_local" >>"$base/appt.log" 2>&1 ||
	{ not_ok "scripts/citus_distribute.sql: the appointments table, distributed by member_id" "$(cat "$base/appt.log")"; finish; }
check "scripts/citus_distribute.sql distributed both tables by member_id, colocated, and left costshare's tables local" \
	"SELECT count(*) = 2 AND count(DISTINCT colocationid) = 1 FROM pg_dist_partition WHERE logicalrelid IN ('appt_dist'::regclass, 'posted'::regclass)
	    AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid WHERE c.relnamespace = 'costshare'::regnamespace)"
check "the distributed appointments hold the population ($(q postgres "SELECT count(*) FROM appt_local") rows)" \
	"SELECT (SELECT count(*) FROM appt_dist) = (SELECT count(*) FROM appt_local) AND (SELECT count(*) FROM appt_local) > 500"

# 1. estimate per appointment: read from the distributed table, evaluated on the coordinator
one=$(q postgres "SELECT md5(string_agg(e::text, '|' ORDER BY a.appt_id)) FROM appt_local a,
	LATERAL costshare.estimate(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed) e" 2>&1)
dist=$(q postgres "WITH a AS MATERIALIZED (SELECT * FROM appt_dist)
	SELECT md5(string_agg(e::text, '|' ORDER BY a.appt_id)) FROM a,
	LATERAL costshare.estimate(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed) e" 2>&1)
[ -n "$one" ] && [ "$one" = "$dist" ] && ok "estimate: the same rows from the distributed table as from one node ($one)" ||
	not_ok "estimate: the same rows from the distributed table as from one node" "one node: $one
citus: $dist"
check "the population is not all unknown (some appointments are priced)" \
	"SELECT count(*) FILTER (WHERE e.status = 'eligible') > 100 FROM appt_local a,
	LATERAL costshare.estimate(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed) e"

# 2. estimate_many over the same population
one=$(q postgres "SELECT md5(string_agg(r::text, '|' ORDER BY r.appt_id)) FROM costshare.estimate_many(
	(SELECT array_agg(ROW(appt_id, member_id, service_date, service_code, provider_id, place_of_service, billed)::costshare.appointment) FROM appt_local)) r" 2>&1)
dist=$(q postgres "WITH a AS MATERIALIZED (SELECT array_agg(ROW(appt_id, member_id, service_date, service_code, provider_id, place_of_service, billed)::costshare.appointment) AS x FROM appt_dist)
	SELECT md5(string_agg(r::text, '|' ORDER BY r.appt_id)) FROM a, costshare.estimate_many(a.x) r" 2>&1)
[ -n "$one" ] && [ "$one" = "$dist" ] && ok "estimate_many: the same rows from the distributed table as from one node ($one)" ||
	not_ok "estimate_many: the same rows from the distributed table as from one node" "one node: $one
citus: $dist"

# 2b. the accumulate window, partitioned by the distribution column: pushed down to the workers (it reads
#     no table), the same rows as one node
win="costshare.accumulate(a.member_id, a.service_date, a.billed, costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000))
	OVER (PARTITION BY a.member_id ORDER BY a.service_date, a.appt_id)"
one=$(q postgres "SELECT md5(string_agg(appt_id || ':' || r::text, '|' ORDER BY appt_id)) FROM (SELECT a.appt_id, $win AS r FROM appt_local a) s" 2>&1)
dist=$(q postgres "SELECT md5(string_agg(appt_id || ':' || r::text, '|' ORDER BY appt_id)) FROM (SELECT a.appt_id, $win AS r FROM appt_dist a) s" 2>&1)
[ -n "$one" ] && [ "$one" = "$dist" ] && ok "accumulate window: the same rows on the workers as on one node ($one)" ||
	not_ok "accumulate window: the same rows on the workers as on one node" "one node: $one
citus: $dist"

# 3. pushed down to the workers: refused, never priced against the workers' empty copies
expect_error "an estimate pushed down to a worker is refused, naming the table" \
	"on a Citus worker" \
	"SELECT count(*) FROM appt_dist a, LATERAL costshare.estimate(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed) e"
expect_error "a worker's own call is refused too (the worker's copies are not the coordinator's plans)" \
	"on a Citus worker" \
	"SELECT * FROM run_command_on_workers(\$\$SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)\$\$) WHERE NOT success" 

# 3b. every other reader on a worker is refused too, not only the C lookups: the executor's guard refuses
#     any query naming the extension's tables there (a SQL or PL/pgSQL function of the extension, a query
#     run on the worker, a function distributed with create_distributed_function)
out=$(qn "${ports[1]}" "SELECT count(*) FROM costshare.plan" 2>&1)
case "$out" in
	*"costshare cannot use costshare.plan on a Citus worker"*) ok "a query of an extension table on a worker is refused, naming the table" ;;
	*) not_ok "a query of an extension table on a worker is refused, naming the table" "$out" ;;
esac
expect_error "a C reader of the extension (x12_payer, C since issue 10: it loads the table descriptions) run on the workers is refused" \
	"on a Citus worker" \
	"SELECT result FROM run_command_on_workers(\$\$SELECT costshare.x12_payer('ACME')\$\$) WHERE NOT success"
expect_error "a SQL-language reader of the extension (match_candidates) run on the workers is refused" \
	"on a Citus worker" \
	"SELECT result FROM run_command_on_workers(\$\$SELECT count(*) FROM costshare.match_candidates('Maria', 'Alvarez', '1984-03-02')\$\$) WHERE NOT success"
check "the same readers answer on the coordinator" \
	"SELECT costshare.x12_payer('ACME') = 'ACME' AND (SELECT count(*) FROM costshare.plan) > 0"
q postgres "CREATE FUNCTION payer_of(member_id text) RETURNS text LANGUAGE plpgsql STABLE AS \$f\$
	BEGIN RETURN (SELECT p.payer_id FROM costshare.enrollment e JOIN costshare.plan p USING (plan_id)
	              WHERE e.member_id = payer_of.member_id ORDER BY e.cob_order NULLS LAST LIMIT 1); END \$f\$" >"$base/distfn.log" 2>&1
check "a user's function reading costshare's tables answers on the coordinator" "SELECT payer_of('M-ALVAREZ-1') = 'ACME'"
if q postgres "SELECT create_distributed_function('payer_of(text)', 'member_id', colocate_with := 'appt_dist')" >>"$base/distfn.log" 2>&1; then
	expect_error "the same function distributed with create_distributed_function is refused on the worker, never answered from its empty copies" \
		"on a Citus worker" \
		"SELECT payer_of('M-ALVAREZ-1')"
else
	not_ok "create_distributed_function on a user's function" "$(cat "$base/distfn.log")"
fi

# 6. post_claim_line under 8 concurrent clients (pgbench) on the coordinator, each transaction also writing
#    a distributed table: claim ids collide on purpose; every distinct claim counts once, none is lost
cat >"$base/post.sql" <<'SQL'
\set c random(1, 600)
BEGIN;
SELECT costshare.post_claim_line('CT-' || :c, 1, 1, 'final', 'M-ALVAREZ-1', 'ACME-PPO', '2026-03-02', 10.00, 0, 0);
INSERT INTO posted (c, member_id) VALUES (:c, 'M-ALVAREZ-1');
COMMIT;
SQL
pgbench -n -c 8 -j 2 -t 150 -f "$base/post.sql" >"$base/pgbench.log" 2>&1
rc=$?
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$base/pgbench.log")
if [ "$rc" = 0 ] && [ "${processed:-0}" = 1200 ] && ! grep -qiE 'aborted|ERROR' "$base/pgbench.log"; then
	ok "pgbench: 8 clients, $processed transactions, none aborted"
else
	not_ok "pgbench: 8 clients, every transaction runs (rc=$rc, processed=${processed:-?})" "$(grep -iE 'aborted|ERROR|processed' "$base/pgbench.log" | head)"
fi
check "the ledger holds each distinct posted claim exactly once (nothing lost, nothing double-counted)" \
	"SELECT (SELECT count(DISTINCT c) FROM posted) = (SELECT count(*) FROM costshare.accumulator_ledger WHERE claim_id LIKE 'CT-%')
	    AND (SELECT count(*) FROM costshare.accumulator_ledger WHERE claim_id LIKE 'CT-%')
	      = (SELECT count(DISTINCT (claim_id, line_no, claim_version)) FROM costshare.accumulator_ledger WHERE claim_id LIKE 'CT-%')
	    AND (SELECT sum(deductible) FROM costshare.accumulator_ledger WHERE claim_id LIKE 'CT-%')
	      = 10.00 * (SELECT count(DISTINCT c) FROM posted)
	    AND (SELECT count(*) FROM posted) = 1200"

# 4. Citus refuses to make the extension's tables Citus tables (doc/citus.md: not done)
expect_error "create_reference_table on an extension table is refused by Citus" "ERROR" \
	"SELECT create_reference_table('costshare.plan')"

# 5. a Citus reference table put in place of a plan table: its coordinator shell is refused, not read empty
out=$(psql -qAtX -v ON_ERROR_STOP=1 2>&1 <<'SQL'
BEGIN;
SET LOCAL costshare.allow_table_ddl = on;
SET LOCAL citus.enable_ddl_propagation = off;
ALTER TABLE costshare.prior_auth RENAME TO prior_auth_kept;
CREATE TABLE costshare.prior_auth (LIKE costshare.prior_auth_kept INCLUDING INDEXES);
COMMIT;
SELECT bool_and(success) FROM run_command_on_workers($w$SET costshare.allow_table_ddl = on; ALTER TABLE costshare.prior_auth RENAME TO prior_auth_kept$w$);
SELECT create_reference_table('costshare.prior_auth');
SQL
)
if [ $? = 0 ]; then
	expect_error "a Citus reference table in place of a plan table is refused on the coordinator" \
		"is a Citus distributed or reference table" \
		"SELECT status FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)"
	out=$(psql -qAtX -v ON_ERROR_STOP=1 -v tables='appt_local' -f scripts/citus_distribute.sql 2>&1)
	case "$out" in
		*"Citus tables in its schema: prior_auth"*) ok "scripts/citus_distribute.sql refuses while a costshare table is a Citus table" ;;
		*) not_ok "scripts/citus_distribute.sql refuses while a costshare table is a Citus table" "$out" ;;
	esac
else
	not_ok "swap a reference table in for costshare.prior_auth" "$out"
fi
# 7. create_distributed_function on costshare's own functions: either Citus refuses to distribute them,
#    or the delegated call is refused on the worker; never an answer from the worker's copies (last:
#    a distributed function stays distributed)
for fn in "costshare.estimate(text,date,text,text,text,numeric,boolean)|member|SELECT status || ' ' || patient_pays FROM costshare.estimate('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11', 250.00)" \
	"costshare.eligibility(text,date,text,text,text)|member|SELECT status FROM costshare.eligibility('M-ALVAREZ-1', '2026-03-10', '90837', '1222222223', '11')"; do
	sig=${fn%%|*}; rest=${fn#*|}; arg=${rest%%|*}; call=${rest#*|}
	want=$(q postgres "$call" 2>&1)
	dist=$(q postgres "SELECT create_distributed_function('$sig', '$arg', colocate_with := 'appt_dist')" 2>&1)
	got=$(q postgres "$call" 2>&1)
	if [ "$got" = "$want" ] && [ -n "$want" ] && case "$want" in *ERROR*) false ;; *) true ;; esac; then
		ok "create_distributed_function on ${sig%%(*}: the call still answers as on one node ($want; $(case "$dist" in *ERROR*) echo "Citus refused to distribute it" ;; *) echo "not delegated" ;; esac))"
	else
		case "$got" in
			*"on a Citus worker"*) ok "create_distributed_function on ${sig%%(*}: the delegated call is refused on the worker" ;;
			*) not_ok "create_distributed_function on ${sig%%(*}: the same answer or a refusal, never the worker's copies" "want: $want
distribute: $dist
got: $got" ;;
		esac
	fi
done

finish
