#!/usr/bin/env bash
# Starts MediaWiki on 127.0.0.1:18510 (PHP's built-in server): a fresh wiki made by MediaWiki's own
# installer (maintenance/install.php) over SQLite in the state folder, with the OATHAuth extension
# the package ships (authenticator-app 2FA) and the administrator "Admin". The settings file is
# this run's (MW_CONFIG_FILE, MediaWiki's documented way to keep it outside the install), never
# Debian's /var/lib/mediawiki/LocalSettings.php.
set -euo pipefail
PORT=18510
PASSWORD='Tessera-MediaWiki-1'
state=/tmp/tessera-real-apps/mediawiki
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/server-process.sh"
"$here/stop.sh" >/dev/null 2>&1 || true
rm -rf "$state" && mkdir -p "$state/data"

php /usr/share/mediawiki/maintenance/install.php --quiet --dbtype sqlite --dbpath "$state/data" --confpath "$state" \
  --server "http://127.0.0.1:$PORT" --scriptpath "" --lang en --pass "$PASSWORD" --extensions OATHAuth --skins Vector \
  "Tessera Wiki" Admin >"$state/install.log" 2>&1 || { tail -30 "$state/install.log" >&2; exit 1; }
# OATHAuth's tables (the installer only enables the extension).
MW_CONFIG_FILE="$state/LocalSettings.php" php /usr/share/mediawiki/maintenance/update.php --quick >"$state/update.log" 2>&1 \
  || { tail -30 "$state/update.log" >&2; exit 1; }

MW_CONFIG_FILE="$state/LocalSettings.php" PHP_CLI_SERVER_WORKERS=4 \
  setsid php -S "127.0.0.1:$PORT" -t /usr/share/mediawiki >"$state/server.log" 2>&1 </dev/null &
echo $! > "$state/server.pid"
wait_for_url "http://127.0.0.1:$PORT/index.php/Special:UserLogin" 15 "$state/server.log" || exit 1
version=$(dpkg-query -W -f='${Version}' mediawiki | sed 's/^[0-9]*://; s/[-+~].*//')
printf '{"name":"MediaWiki","version":"%s","loginUrl":"http://127.0.0.1:%s/index.php/Special:UserLogin","username":"Admin","password":"%s","totp":true}\n' "$version" "$PORT" "$PASSWORD"
