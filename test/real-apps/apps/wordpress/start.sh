#!/usr/bin/env bash
# Starts WordPress on 127.0.0.1:18303 (PHP's built-in server) over a private MariaDB on
# 127.0.0.1:18333. Configured the Debian way: /etc/wordpress/config-127.0.0.1.php, chosen by
# Debian's wp-config.php from the request's host. The database is a fresh copy of a template
# that WordPress's own installer (wp_install) filled, with the admin "admin" and a known password.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/server-process.sh"
source "$here/../../lib/mariadb.sh"
PORT=18303
DB_PORT=18333
PASSWORD='Tessera-WordPress-1'
state=$MDB_STATE/wordpress
"$here/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$state"

cat > /etc/wordpress/config-127.0.0.1.php <<PHP
<?php
// The real-app suite's WordPress (test/real-apps/apps/wordpress): a private MariaDB.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', 'wordpress-suite');
define('DB_HOST', '127.0.0.1:$DB_PORT');
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
PHP

seed_wordpress() {
  mariadb --socket="$MDB_SOCKET" -uroot -e "CREATE DATABASE wordpress; CREATE USER 'wordpress'@'127.0.0.1' IDENTIFIED BY 'wordpress-suite'; GRANT ALL ON wordpress.* TO 'wordpress'@'127.0.0.1';"
  php -d display_errors=stderr -r '
    $_SERVER["HTTP_HOST"] = "127.0.0.1:'"$PORT"'"; $_SERVER["REQUEST_URI"] = "/";
    define("WP_INSTALLING", true);
    require "/usr/share/wordpress/wp-load.php";
    require ABSPATH . "wp-admin/includes/upgrade.php";
    wp_install("Tessera suite", "admin", "admin@example.test", false, "", "'"$PASSWORD"'");
    update_option("siteurl", "http://127.0.0.1:'"$PORT"'");
    update_option("home", "http://127.0.0.1:'"$PORT"'");
    update_option("admin_email_lifespan", time() + 10 * 365 * 86400);
  ' >&2
}
SEED_KEY="$PASSWORD" mdb_start wordpress "$DB_PORT" seed_wordpress >&2

cd /usr/share/wordpress
PHP_CLI_SERVER_WORKERS=4 setsid php -S "127.0.0.1:$PORT" -t /usr/share/wordpress >"$state/server.log" 2>&1 </dev/null &
echo $! > "$state/server.pid"
wait_for_url "http://127.0.0.1:$PORT/wp-login.php" 60 "$state/server.log" || exit 1
version=$(dpkg-query -W -f='${Version}' wordpress | sed 's/+.*//')
printf '{"name":"WordPress","version":"%s","loginUrl":"http://127.0.0.1:%s/wp-login.php","username":"admin","password":"%s","totp":false,"logoutEverywhere":true}\n' "$version" "$PORT" "$PASSWORD"
