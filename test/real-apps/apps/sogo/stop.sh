#!/usr/bin/env bash
# Stops the SOGo started by start.sh: Apache, sogod and memcached (their process groups) and its MariaDB.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/mariadb.sh"
for pidfile in "$MDB_STATE/sogo/sogod.pid" "$MDB_STATE/sogo/memcached.pid" "$MDB_STATE/sogo/apache.pid.group"; do
  [[ -f "$pidfile" ]] || continue
  kill -- "-$(cat "$pidfile")" 2>/dev/null
  sleep 0.5
  kill -9 -- "-$(cat "$pidfile")" 2>/dev/null
  rm -f "$pidfile"
done
mdb_stop sogo
exit 0
