#!/usr/bin/env bash
# Stops the Roundcube started by start.sh: PHP's server and the private Dovecot (their process groups).
set -uo pipefail
state=/tmp/tessera-real-apps/roundcube
for pidfile in "$state/server.pid" "$state/dovecot.pid"; do
  [[ -f "$pidfile" ]] || continue
  kill -- "-$(cat "$pidfile")" 2>/dev/null
  sleep 0.5
  kill -9 -- "-$(cat "$pidfile")" 2>/dev/null
  rm -f "$pidfile"
done
exit 0
