#!/usr/bin/env bash
# test/bench/citus.sh — estimate_many and the accumulate window: one node vs Citus with two workers on this
# machine, same data, as a ratio (issue 12). Needs Citus installed (found via pg_config); builds nothing.
#   bash test/bench/citus.sh [runs]      (CS_SKIP_BUILD=1 skips building costshare; default 5 runs)
# "One node" is the coordinator's local copy of each table (the query never touches Citus); "Citus" is the
# same rows in a table distributed by member_id over two workers (scripts/citus_distribute.sql). Prints
# each run's milliseconds, the median of each, and the ratio one-node/Citus (above 1: Citus is faster).
cd "$(dirname "$0")/../.."
runs=${1:-5}
. scripts/test_lib.sh
citus_so="$(pg_config --pkglibdir)/citus.so"
[ -e "$citus_so" ] || { echo "citus bench: skipped (Citus is not installed: no $citus_so)"; exit 0; }
if [ "${CS_SKIP_BUILD:-0}" != 1 ]; then make -s && make -s install DESTDIR="$PWD/build/destdir" >/dev/null || exit 1; fi
. scripts/cluster.sh
base=$(mktemp -d "${TMPDIR:-/tmp}/costshare-citus-bench.XXXXXX"); chmod 755 "$base"
[ "$(id -u)" = 0 ] && chown postgres "$base"
ports=()
stop_all() { for i in 0 1 2; do [ -d "$base/n$i" ] && cs_as_server_user pg_ctl -D "$base/n$i" -m fast -w stop >/dev/null 2>&1; done; rm -rf "$base"; }
trap stop_all EXIT
for i in 0 1 2; do
	ports[$i]=$(cs_free_port $((57000 + RANDOM % 4000 + i * 7)))
	cs_as_server_user initdb -D "$base/n$i" -A trust -U postgres --no-sync -E UTF8 --locale=C >/dev/null 2>&1 || exit 1
	printf "%s\n" "listen_addresses = '127.0.0.1'" "port = ${ports[$i]}" "unix_socket_directories = '$base'" \
		"extension_destdir = '$PWD/build/destdir'" "shared_preload_libraries = 'citus'" \
		"session_preload_libraries = '$PWD/build/destdir$(pg_config --pkglibdir)/costshare'" "fsync = off" \
		"synchronous_commit = off" "shared_buffers = 256MB" "max_connections = 60" >>"$base/n$i/postgresql.conf"
	cs_as_server_user pg_ctl -D "$base/n$i" -l "$base/server$i.log" -w start >/dev/null || exit 1
done
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=postgres PGPORT=${ports[0]}
for i in 1 2; do psql -qAtX -p "${ports[$i]}" -c "CREATE EXTENSION citus" || exit 1; done
psql -qAtX -v ON_ERROR_STOP=1 -c "CREATE EXTENSION citus; SELECT citus_set_coordinator_host('127.0.0.1', ${ports[0]});
	SELECT citus_add_node('127.0.0.1', ${ports[1]}); SELECT citus_add_node('127.0.0.1', ${ports[2]});
	SET client_min_messages = warning; CREATE EXTENSION costshare CASCADE" >/dev/null || exit 1
psql -qAtX -v ON_ERROR_STOP=1 -f sample/plans.sql >/dev/null || exit 1
# estimate_many: the sample practice's members, every day of 2026, three codes; the window: 200,000
# generated lines over 20,000 members (it reads no table)
psql -qAtX -v ON_ERROR_STOP=1 -c "
CREATE TABLE appt_local AS
SELECT row_number() OVER (ORDER BY m.member_id, d, c)::bigint AS appt_id, m.member_id, d::date AS service_date,
       c AS service_code, '1222222223'::text AS provider_id, '11'::text AS place_of_service, 150::numeric AS billed
FROM costshare.member m, generate_series(date '2026-01-01', date '2026-12-31', interval '1 day') d,
     unnest(ARRAY['90837', '90834', '99213']) c;
CREATE TABLE line_local AS
SELECT i::bigint AS appt_id, 'B-' || (i % 20000) AS member_id, date '2026-01-01' + (i % 360) AS service_date,
       (50 + i % 400)::numeric AS billed FROM generate_series(1, 200000) i;
CREATE TABLE appt_dist (LIKE appt_local); CREATE TABLE line_dist (LIKE line_local);" >/dev/null || exit 1
psql -qAtX -v ON_ERROR_STOP=1 -v tables='appt_dist, line_dist' -f scripts/citus_distribute.sql >/dev/null || exit 1
psql -qAtX -v ON_ERROR_STOP=1 -c "INSERT INTO appt_dist SELECT * FROM appt_local; INSERT INTO line_dist SELECT * FROM line_local" >/dev/null || exit 1
psql -qAtX -c "VACUUM ANALYZE appt_local" -c "VACUUM ANALYZE line_local" || exit 1
echo "estimate_many population: $(psql -qAtX -c 'SELECT count(*) FROM appt_local') appointments; window: $(psql -qAtX -c 'SELECT count(*) FROM line_local') lines"

many() { echo "WITH a AS MATERIALIZED (SELECT array_agg(ROW(appt_id, member_id, service_date, service_code, provider_id, place_of_service, billed)::costshare.appointment) AS x FROM $1)
	SELECT md5(string_agg(r::text, '|' ORDER BY r.appt_id)) FROM a, costshare.estimate_many(a.x) r"; }
window() { echo "SELECT md5(string_agg(appt_id || ':' || r::text, '|' ORDER BY appt_id)) FROM (SELECT a.appt_id,
	costshare.accumulate(a.member_id, a.service_date, a.billed, costshare.terms(ded_individual => 1500, coinsurance => 0.2, oop_individual => 5000))
	OVER (PARTITION BY a.member_id ORDER BY a.service_date, a.appt_id) AS r FROM $1 a) s"; }
timed() {	# sql -> "ms checksum"
	local t0 t1 sum
	t0=$(date +%s%N); sum=$(psql -qAtX -v ON_ERROR_STOP=1 -c "$1") || return 1; t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000000 )) $sum"
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for what in many window; do
	for where in local dist; do
		times=""; sums=""
		for r in $(seq "$runs"); do
			if [ $what = many ]; then tbl=appt_$where; else tbl=line_$where; fi
			set -- $(timed "$($what $tbl)") || exit 1
			times="$times $1"; sums="$sums $2"
		done
		echo "$what $where ms:$times (checksums: $(echo $sums | tr ' ' '\n' | sort -u | tr '\n' ' '))"
		eval "med_${what}_$where=$(echo $times | median)"
	done
done
awk -v a="$med_many_local" -v b="$med_many_dist" -v c="$med_window_local" -v d="$med_window_dist" 'BEGIN {
	printf "estimate_many: one node %d ms, Citus %d ms (medians), ratio one-node/Citus %.2f\n", a, b, a / b
	printf "accumulate window: one node %d ms, Citus %d ms (medians), ratio one-node/Citus %.2f\n", c, d, c / d }'
