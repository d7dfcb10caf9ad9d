#!/usr/bin/env bash
# Stops the phpMyAdmin started by start.sh: PHP's server (its process group) and its MariaDB.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/mariadb.sh"
pidfile=$MDB_STATE/phpmyadmin/server.pid
if [[ -f "$pidfile" ]]; then
  kill -- "-$(cat "$pidfile")" 2>/dev/null
  sleep 0.5
  kill -9 -- "-$(cat "$pidfile")" 2>/dev/null
  rm -f "$pidfile"
fi
mdb_stop phpmyadmin
exit 0
