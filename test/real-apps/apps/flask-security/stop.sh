#!/usr/bin/env bash
# Stops the app started by start.sh (its pid file), waiting until it is gone.
set -uo pipefail
pidfile=/tmp/tessera-real-apps/flask-security/server.pid
if [[ -f "$pidfile" ]]; then
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$pidfile"
fi
exit 0
