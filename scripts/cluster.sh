# scripts/cluster.sh — a throwaway PostgreSQL cluster for tests, benchmarks and the demo.
#
# Source it, then call cs_cluster_start [extra postgres -c settings...]. It creates a cluster in a fresh
# temporary directory, listening only on a Unix socket inside that directory (and on 127.0.0.1 at a
# private port when CS_CLUSTER_TCP=1), exports PGHOST/PGPORT/PGUSER/PGDATABASE for psql, pg_regress and
# pg_prove, and stops and removes the cluster when the calling shell exits. It never touches a system
# cluster. When run as root the server runs as the 'postgres' user (PostgreSQL refuses root).
# The extension is loaded from build/destdir (make install DESTDIR=...) through Debian's
# extension_destdir setting, so tests need no system-wide install.

CS_PGBIN=${CS_PGBIN:-$(pg_config --bindir)}

# The extension's default version, read from META.json as the Makefile reads it
cs_extversion() {
	sed -n 's/^   "version": "\([0-9]*\.[0-9]*\)\.[0-9]*",$/\1/p' META.json
}

cs_as_server_user() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cs_cluster_stop() {
	if [ -n "${CS_CLUSTER_DIR:-}" ] && [ -d "$CS_CLUSTER_DIR" ]; then
		cs_as_server_user "$CS_PGBIN/pg_ctl" -D "$CS_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
		rm -rf "$CS_CLUSTER_DIR"
	fi
	CS_CLUSTER_DIR=
}

cs_free_port() {
	local p
	for p in $(seq "${1:-55432}" 65000); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [ ! -e "/tmp/.s.PGSQL.$p" ]; then
			echo "$p"; return 0
		fi
	done
	return 1
}

cs_cluster_start() {
	local destdir=${CS_DESTDIR:-$PWD/build/destdir}
	local listen="''"
	CS_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/costshare-pg.XXXXXX")
	chmod 755 "$CS_CLUSTER_DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$CS_CLUSTER_DIR"
	trap cs_cluster_stop EXIT
	PGPORT=$(cs_free_port $((55432 + RANDOM % 5000)))
	[ "${CS_CLUSTER_TCP:-0}" = 1 ] && listen="'127.0.0.1'"
	cs_as_server_user "$CS_PGBIN/initdb" -D "$CS_CLUSTER_DIR/data" -A trust -U postgres \
		--no-sync -E UTF8 --locale=C >"$CS_CLUSTER_DIR/initdb.log" 2>&1 ||
		{ cat "$CS_CLUSTER_DIR/initdb.log"; return 1; }
	{
		echo "listen_addresses = $listen"
		echo "port = $PGPORT"
		echo "unix_socket_directories = '$CS_CLUSTER_DIR'"
		echo "extension_destdir = '$destdir'"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "shared_buffers = ${CS_SHARED_BUFFERS:-256MB}"
		echo "max_connections = 60"
		for setting in "$@"; do echo "$setting"; done
	} >>"$CS_CLUSTER_DIR/data/postgresql.conf"
	cs_as_server_user "$CS_PGBIN/pg_ctl" -D "$CS_CLUSTER_DIR/data" -l "$CS_CLUSTER_DIR/server.log" -w start >/dev/null ||
		{ cat "$CS_CLUSTER_DIR/server.log"; return 1; }
	export PGHOST=$CS_CLUSTER_DIR PGPORT PGUSER=postgres PGDATABASE=postgres
}
