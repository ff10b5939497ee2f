#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries the ledger tests need (initdb, postgres) exist, and an
# unprivileged account to run them as when we are root. Idempotent: does nothing when all is there.
set -euo pipefail

find_bin_dir() {
	local dir
	if dir="$(command -v initdb 2>/dev/null)" && [ -x "$(dirname "$dir")/postgres" ]; then
		dirname "$(readlink -f "$dir")"
		return 0
	fi
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
		if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
			echo "$dir"
			return 0
		fi
	done
	return 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n "$@"
	else
		echo "ensure-postgres: need root (or sudo) to run: $*" >&2
		exit 1
	fi
}

if bin_dir="$(find_bin_dir)"; then
	echo "ensure-postgres: PostgreSQL server binaries found in $bin_dir"
else
	echo "ensure-postgres: PostgreSQL server binaries not found; installing with apt-get"
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "ensure-postgres: apt-get is not available; install PostgreSQL (initdb, postgres) by hand" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update
	as_root apt-get install -y --no-install-recommends postgresql
	bin_dir="$(find_bin_dir)" || {
		echo "ensure-postgres: postgresql installed but initdb/postgres still not found" >&2
		exit 1
	}
	echo "ensure-postgres: PostgreSQL server binaries installed in $bin_dir"
fi

# initdb and postgres refuse to run as root; the test helper runs them as "postgres".
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
	nologin="$(command -v nologin || echo /usr/sbin/nologin)"
	useradd --system --user-group --no-create-home --home-dir /nonexistent --shell "$nologin" postgres
	echo "ensure-postgres: created the unprivileged user postgres"
fi
