#!/usr/bin/env bash
# test/bench/citus.sh — one node vs Citus with two workers on this machine, same data (issue 12): the
# answers compared by checksum and the speed as a ratio. Needs Citus installed (found via pg_config);
# builds nothing of Citus.
#   bash test/bench/citus.sh [runs]      (CS_SKIP_BUILD=1 skips building costshare; default 5 runs)
#   CITUS_BENCH_MEMBERS (default 20000) and CITUS_BENCH_APPOINTMENTS (default 40000): the estimate
#   benchmark's population (test/bench/estimate_data.sql) and its appointments.
# "One node" is the coordinator's local copy of the appointments (the query never touches Citus);
# "Citus" is the same rows in a table distributed by member_id over two workers
# (scripts/citus_distribute.sql), read into the coordinator (a MATERIALIZED CTE) where costshare's
# tables are. Four queries: an estimate per appointment, estimate_many of them all, the windowed
# estimate (line_context + the accumulate window by family and plan, as estimate_many composes it), and
# the accumulate window alone over 200,000 generated lines partitioned by member (pushed down to the
# workers: it reads no table). Prints each run's milliseconds and checksum, the medians, the ratio
# one-node/Citus (above 1: Citus is faster), and exits 1 if any checksum differs between the two.
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
# the estimate benchmark's population and its appointments; the window: 200,000 generated lines over
# 20,000 members (it reads no table)
psql -qAtX -v ON_ERROR_STOP=1 -v members="${CITUS_BENCH_MEMBERS:-20000}" \
	-v appointments="${CITUS_BENCH_APPOINTMENTS:-40000}" -f test/bench/estimate_data.sql >/dev/null || exit 1
psql -qAtX -v ON_ERROR_STOP=1 -c "
CREATE TABLE appt_local AS SELECT * FROM appointments;
CREATE TABLE line_local AS
SELECT i::bigint AS appt_id, 'B-' || (i % 20000) AS member_id, date '2026-01-01' + (i % 360) AS service_date,
       (50 + i % 400)::numeric AS billed FROM generate_series(1, 200000) i;
CREATE TABLE appt_dist (LIKE appt_local); CREATE TABLE line_dist (LIKE line_local);" >/dev/null || exit 1
psql -qAtX -v ON_ERROR_STOP=1 -v tables='appt_dist, line_dist' -f scripts/citus_distribute.sql >/dev/null || exit 1
psql -qAtX -v ON_ERROR_STOP=1 -c "INSERT INTO appt_dist SELECT * FROM appt_local; INSERT INTO line_dist SELECT * FROM line_local" >/dev/null || exit 1
psql -qAtX -c "VACUUM ANALYZE appt_local" -c "VACUUM ANALYZE line_local" || exit 1
echo "population: $(psql -qAtX -c 'SELECT count(*) FROM costshare.member') members, $(psql -qAtX -c 'SELECT count(*) FROM appt_local') appointments; window: $(psql -qAtX -c 'SELECT count(*) FROM line_local') lines"

each() { echo "WITH a AS MATERIALIZED (SELECT * FROM $1)
	SELECT md5(string_agg(e::text, '|' ORDER BY a.appt_id)) FROM a,
	LATERAL costshare.estimate(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service, a.billed) e"; }
windowed() { echo "WITH a AS MATERIALIZED (SELECT * FROM $1),
	ctx AS (SELECT a.appt_id, a.member_id, a.service_date, a.billed, c FROM a
	        CROSS JOIN LATERAL costshare.line_context(a.member_id, a.service_date, a.service_code, a.provider_id, a.place_of_service) c)
	SELECT md5(string_agg(appt_id || ':' || coalesce(b::text, '-'), '|' ORDER BY appt_id)) FROM (
	  SELECT x.appt_id, costshare.accumulate(x.member_id, x.service_date, (x.c).allowed, (x.c).terms, (x.c).acc, x.billed)
	         OVER (PARTITION BY (x.c).family_id, (x.c).plan_id ORDER BY x.service_date, x.appt_id) AS b
	    FROM ctx x WHERE (x.c).priceable
	  UNION ALL SELECT x.appt_id, NULL FROM ctx x WHERE NOT (x.c).priceable) s"; }
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
differ=0
for what in each many windowed window; do
	sums_all=""
	for where in local dist; do
		times=""; sums=""
		for r in $(seq "$runs"); do
			if [ $what = window ]; then tbl=line_$where; else tbl=appt_$where; fi
			set -- $(timed "$($what $tbl)") || exit 1
			times="$times $1"; sums="$sums $2"
		done
		echo "$what $where ms:$times (checksums: $(echo $sums | tr ' ' '\n' | sort -u | tr '\n' ' '))"
		eval "med_${what}_$where=$(echo $times | median)"
		sums_all="$sums_all $sums"
	done
	if [ "$(echo $sums_all | tr ' ' '\n' | sort -u | wc -l)" != 1 ]; then
		echo "$what: the checksums differ between one node and Citus"; differ=1
	else
		echo "$what: the same rows on one node and on Citus"
	fi
done
for what in each many windowed window; do
	eval "a=\$med_${what}_local b=\$med_${what}_dist"
	awk -v w="$what" -v a="$a" -v b="$b" 'BEGIN { printf "%s: one node %d ms, Citus %d ms (medians), ratio one-node/Citus %.2f\n", w, a, b, a / b }'
done
exit $differ
