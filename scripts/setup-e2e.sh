#!/usr/bin/env bash
# Prepares a machine for `npm run test:e2e`: Debian's Chromium for the editor test (idempotent).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
	echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
	exit 0
fi

# Root in CI containers; elsewhere sudo if available.
SUDO=''
if [ "$(id -u)" -ne 0 ]; then
	SUDO='sudo'
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
echo "chromium installed: $(/usr/bin/chromium --version)"
