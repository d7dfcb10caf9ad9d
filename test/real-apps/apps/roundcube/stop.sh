#!/usr/bin/env bash
# Stops the Roundcube started by start.sh: PHP's server and the private Dovecot (their process groups).
set -uo pipefail
source "$(dirname "$0")/../../lib/server-process.sh"
state=/tmp/tessera-real-apps/roundcube
for pidfile in "$state/server.pid" "$state/dovecot.pid"; do stop_server_group "$pidfile"; done
exit 0
