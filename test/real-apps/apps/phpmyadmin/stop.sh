#!/usr/bin/env bash
# Stops the phpMyAdmin started by start.sh: PHP's server (its process group) and its MariaDB.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/mariadb.sh"
source "$here/../../lib/server-process.sh"
stop_server_group "$MDB_STATE/phpmyadmin/server.pid"
mdb_stop phpmyadmin
exit 0
