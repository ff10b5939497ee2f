#!/usr/bin/env bash
# Prepares a machine for the queue-mode stack (`npm run demo -- --queue`, `npm run test:e2e:queue`):
# Debian's redis-server, plus PostgreSQL through ensure-postgres.sh. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"

bash ./ensure-postgres.sh

if command -v redis-server >/dev/null 2>&1; then
	echo "setup-queue: $(redis-server --version | cut -d' ' -f1-3)"
	exit 0
fi

SUDO=''
if [ "$(id -u)" -ne 0 ]; then
	SUDO='sudo -n'
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup-queue: redis-server is missing and apt-get is not available; install Redis by hand" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends redis-server
echo "setup-queue: installed $(redis-server --version | cut -d' ' -f1-3)"
