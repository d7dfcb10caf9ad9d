#!/usr/bin/env bash
# Starts Cacti on 127.0.0.1:18302/cacti/ (PHP's built-in server) over a private MariaDB on
# 127.0.0.1:18332. Configured the Debian way: the database settings in /etc/cacti/debian.php.
# The database is a fresh copy of a template made from the package's cacti.sql and Cacti's own
# command-line installer (cli/install_cacti.php), with the admin's password set to a known one
# and no forced change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/server-process.sh"
source "$here/../../lib/mariadb.sh"
PORT=18302
DB_PORT=18332
PASSWORD='Tessera-Cacti-1'
state=$MDB_STATE/cacti
"$here/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$state/www"
ln -sfn /usr/share/cacti/site "$state/www/cacti"

sed -i "s/^\$database_hostname = .*/\$database_hostname = '127.0.0.1';/; s/^\$database_username = .*/\$database_username = 'cacti';/; s/^\$database_password = .*/\$database_password = 'cacti-suite';/; s/^\$database_port     = .*/\$database_port     = '$DB_PORT';/" /etc/cacti/debian.php

seed_cacti() {
  mariadb --socket="$MDB_SOCKET" -uroot -e "CREATE DATABASE cacti; CREATE USER 'cacti'@'127.0.0.1' IDENTIFIED BY 'cacti-suite'; GRANT ALL ON cacti.* TO 'cacti'@'127.0.0.1'; GRANT SELECT ON mysql.time_zone_name TO 'cacti'@'127.0.0.1';"
  mariadb --socket="$MDB_SOCKET" -uroot cacti < /usr/share/cacti/conf_templates/cacti.sql
  php /usr/share/cacti/cli/install_cacti.php --accept-eula --install >&2 || true
  local hash
  hash=$(php -r 'echo password_hash($argv[1], PASSWORD_DEFAULT);' "$PASSWORD")
  mariadb --socket="$MDB_SOCKET" -uroot cacti -e "UPDATE user_auth SET password='$hash', must_change_password='' WHERE username='admin';"
}
SEED_KEY="$PASSWORD" mdb_start cacti "$DB_PORT" seed_cacti >&2

PHP_CLI_SERVER_WORKERS=4 setsid php -S "127.0.0.1:$PORT" -t "$state/www" >"$state/server.log" 2>&1 </dev/null &
echo $! > "$state/server.pid"
wait_for_url "http://127.0.0.1:$PORT/cacti/index.php" 60 "$state/server.log" || exit 1
version=$(dpkg-query -W -f='${Version}' cacti | sed 's/+.*//')
printf '{"name":"Cacti","version":"%s","loginUrl":"http://127.0.0.1:%s/cacti/index.php","username":"admin","password":"%s","totp":false}\n' "$version" "$PORT" "$PASSWORD"
