#!/usr/bin/env bash
# Stops the SOGo started by start.sh: Apache, sogod and memcached (their process groups) and its MariaDB.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/mariadb.sh"
source "$here/../../lib/server-process.sh"
for pidfile in "$MDB_STATE/sogo/sogod.pid" "$MDB_STATE/sogo/memcached.pid" "$MDB_STATE/sogo/apache.pid.group"; do stop_server_group "$pidfile"; done
mdb_stop sogo
exit 0
