#!/usr/bin/env bash
# scripts/demo.sh — `make demo`: from nothing, install what is missing, build the extension, start a
# throwaway cluster, load the sample plans and appointments (sample/demo.sql) and print the estimates.
# The cluster is removed at exit; set DEMO_KEEP=1 to keep it running and get connection instructions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH=/usr/lib/postgresql/15/bin:$PATH
echo "== building costshare"
make -s all >/dev/null
make -s install DESTDIR="$PWD/build/destdir" >/dev/null
. scripts/cluster.sh
cs_cluster_start
echo "== throwaway cluster on $PGHOST port $PGPORT"
psql -qX -f sample/demo.sql
if [ "${DEMO_KEEP:-0}" = 1 ]; then
	trap - EXIT
	echo
	echo "The demo cluster is still running. Connect with:"
	echo "  psql -h $PGHOST -p $PGPORT -U postgres"
	echo "Stop and remove it with:"
	echo "  $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ')$CS_PGBIN/pg_ctl -D $CS_CLUSTER_DIR/data stop && rm -rf $CS_CLUSTER_DIR"
else
	echo
	echo "(the demo cluster is removed now; run DEMO_KEEP=1 make demo to keep it and explore)"
fi
