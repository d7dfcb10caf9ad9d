#!/usr/bin/env bash
# Starts the Flask-Security-Too app on 127.0.0.1:18401 on a fresh SQLite database with
# admin@example.com seeded at a known password (no two-factor set up). Prints the suite's JSON line last.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/server-process.sh"
PORT=18401
USER_EMAIL='admin@example.com'
PASSWORD='Tessera-Flask-1'
state=/tmp/tessera-real-apps/flask-security
"$here/stop.sh" >/dev/null 2>&1 || true
rm -rf "$state"
mkdir -p "$state"
random() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
TESSERA_FS_DB="$state/app.sqlite3" TESSERA_FS_PORT="$PORT" TESSERA_FS_USER="$USER_EMAIL" TESSERA_FS_PASSWORD="$PASSWORD" \
  TESSERA_FS_SECRET_KEY="$(random)" TESSERA_FS_SALT="$(random)" TESSERA_FS_TOTP_KEY="$(random)" \
  setsid /usr/bin/python3 "$here/app.py" >"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/server.pid"
server=$(cat "$state/server.pid")
wait_for_url "http://127.0.0.1:$PORT/login" 30 "$state/server.log" "$server" || exit 1
version=$(dpkg-query -W -f='${Version}' python3-flask-security | sed 's/-.*//')
printf '{"name":"Flask-Security-Too","version":"%s","loginUrl":"http://127.0.0.1:%s/login","username":"%s","password":"%s","totp":true}\n' "$version" "$PORT" "$USER_EMAIL" "$PASSWORD"
