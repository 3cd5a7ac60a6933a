#!/usr/bin/env bash
# scripts/setup.sh — install what building and testing costshare needs, from Debian's archive.
# Idempotent: installs only what is missing. Needs root (or sudo) when something is missing.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in build-essential clang libclang-rt-14-dev valgrind postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap \
	libtap-parser-sourcehandler-pgtap-perl libicu-dev python3 python3-psycopg \
	python3-psycopg-pool python3-psycopg2 python3-sqlalchemy python3-fastapi python3-pydantic python3-httpx \
	python3-pytest python3-uvicorn python3-venv python3-pip python3-setuptools; do
	have_pkg "$pkg" || need+=("$pkg")
done

if [ ${#need[@]} -gt 0 ]; then
	echo "setup: installing ${need[*]}"
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL 15's tools first on PATH, whatever else is installed
export PATH=/usr/lib/postgresql/15/bin:$PATH
pg_config --version >/dev/null
