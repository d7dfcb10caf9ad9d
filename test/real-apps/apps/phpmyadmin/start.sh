#!/usr/bin/env bash
# Starts phpMyAdmin on 127.0.0.1:18304 (PHP's built-in server) for a private MariaDB on
# 127.0.0.1:18334 whose account "admin" (all privileges) logs in with a known password
# (phpMyAdmin's cookie authentication logs in as a MariaDB account). Configured the Debian
# way: a file in /etc/phpmyadmin/conf.d naming the server. The database is a fresh copy of a
# template on every start.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/server-process.sh"
source "$here/../../lib/mariadb.sh"
PORT=18304
DB_PORT=18334
PASSWORD='Tessera-phpMyAdmin-1'
state=$MDB_STATE/phpmyadmin
"$here/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$state"

cat > /etc/phpmyadmin/conf.d/tessera-suite.php <<PHP
<?php
// The real-app suite's phpMyAdmin (test/real-apps/apps/phpmyadmin): its private MariaDB only.
\$cfg['blowfish_secret'] = 'tessera-suite-0123456789abcdefgh';
\$cfg['Servers'][1] = ['auth_type' => 'cookie', 'host' => '127.0.0.1', 'port' => '$DB_PORT', 'connect_type' => 'tcp', 'AllowNoPassword' => false];
\$cfg['VersionCheck'] = false;
\$cfg['PmaNoRelation_DisableWarning'] = true;
\$cfg['SendErrorReports'] = 'never';
PHP

seed_phpmyadmin() {
  mariadb --socket="$MDB_SOCKET" -uroot -e "CREATE USER 'admin'@'127.0.0.1' IDENTIFIED BY '$PASSWORD'; GRANT ALL ON *.* TO 'admin'@'127.0.0.1' WITH GRANT OPTION;"
}
SEED_KEY="$PASSWORD" mdb_start phpmyadmin "$DB_PORT" seed_phpmyadmin >&2

PHP_CLI_SERVER_WORKERS=4 setsid php -S "127.0.0.1:$PORT" -t /usr/share/phpmyadmin >"$state/server.log" 2>&1 </dev/null &
echo $! > "$state/server.pid"
wait_for_url "http://127.0.0.1:$PORT/index.php" 60 "$state/server.log" || exit 1
version=$(dpkg-query -W -f='${Version}' phpmyadmin | sed 's/^[0-9]*://; s/+.*//')
printf '{"name":"phpMyAdmin","version":"%s","loginUrl":"http://127.0.0.1:%s/index.php","username":"admin","password":"%s","totp":false}\n' "$version" "$PORT" "$PASSWORD"
