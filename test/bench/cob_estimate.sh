#!/usr/bin/env bash
# usage: [CS_DESTDIR=<install>] test/bench/cob_estimate.sh [calls] — 3 runs of N (default 20,000) costshare.estimate()
# calls on M-ALVAREZ-2 (two coverages: ACME-HDHP primary, ACME-PPO secondary, standard COB; sample/demo.sql) in
# one session of a throwaway cluster, after a 2,000-call warm-up; prints per run the wall time and the
# backend's CPU time (utime+stime from /proc, 10 ms ticks)
cd "$(dirname "$0")/../.."
N=${1:-20000}
export PATH=/usr/lib/postgresql/15/bin:$PATH
. scripts/cluster.sh
cs_cluster_start >/dev/null || exit 1
psql -qX -f sample/demo.sql >/dev/null 2>&1 || { echo demo failed; exit 1; }
psql -qAtX -v N=$N <<'SQL'
SELECT plan_id, secondary_plan_id, cob_method, secondary_pays, patient_pays FROM costshare.estimate('M-ALVAREZ-2', '2026-11-26', '90837', '1222222223');
CREATE FUNCTION pg_temp.ticks() RETURNS bigint LANGUAGE sql AS $$
  SELECT (f[12])::bigint + (f[13])::bigint FROM (SELECT string_to_array(split_part(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ') ', 2), ' ') AS f) s $$;
CREATE FUNCTION pg_temp.run(n int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  FOR i IN 1 .. n LOOP
    PERFORM costshare.estimate('M-ALVAREZ-2', '2026-11-26', '90837', '1222222223');
  END LOOP;
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;
SELECT pg_temp.run(2000) \gset warm_
SELECT pg_temp.ticks() AS t0 \gset
SELECT pg_temp.run(:N) AS w1 \gset
SELECT pg_temp.ticks() AS t1 \gset
SELECT pg_temp.run(:N) AS w2 \gset
SELECT pg_temp.ticks() AS t2 \gset
SELECT pg_temp.run(:N) AS w3 \gset
SELECT pg_temp.ticks() AS t3 \gset
SELECT format('wall ms: %s %s %s   cpu ms: %s %s %s', :w1, :w2, :w3, (:t1 - :t0) * 10, (:t2 - :t1) * 10, (:t3 - :t2) * 10);
SQL
