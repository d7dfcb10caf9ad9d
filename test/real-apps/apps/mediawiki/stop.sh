#!/usr/bin/env bash
# Stops the MediaWiki started by start.sh (PHP's server, its process group).
set -uo pipefail
source "$(dirname "$0")/../../lib/server-process.sh"
stop_server_group /tmp/tessera-real-apps/mediawiki/server.pid
exit 0
