#!/usr/bin/env bash
# Starts Redmine on 127.0.0.1:18301 as its own Redmine instance ("tessera-suite", Debian's
# multi-instance layout: instances/<name> with config, log and tmp) on a fresh copy of the
# database the package created, with the admin's password set to a known one (no TOTP, no
# forced change). Prints the suite's JSON line last.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/server-process.sh"
PORT=18301
PASSWORD='Tessera-Redmine-1'
state=/tmp/tessera-real-apps/redmine
instance=/usr/share/redmine/instances/tessera-suite
"$here/stop.sh" >/dev/null 2>&1 || true
rm -rf "$state"
mkdir -p "$state/config" "$state/log" "$state/tmp/cache" "$state/files"
cp /var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default "$state/redmine.sqlite3"
cat > "$state/config/database.yml" <<YML
production:
  adapter: sqlite3
  database: $state/redmine.sqlite3
  encoding: utf8
YML
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$state/config/secret_key.txt"
# Redmine stores sha1(salt + sha1(password)) (User#salt_password).
salt=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
hashed=$(printf '%s%s' "$salt" "$(printf '%s' "$PASSWORD" | sha1sum | cut -d' ' -f1)" | sha1sum | cut -d' ' -f1)
sqlite3 "$state/redmine.sqlite3" "UPDATE users SET hashed_password='$hashed', salt='$salt', must_change_passwd=0, twofa_scheme=NULL, twofa_totp_key=NULL, twofa_totp_last_used_at=NULL WHERE login='admin'; DELETE FROM tokens;"
mkdir -p "$instance"
for part in config log tmp files; do ln -sfn "$state/$part" "$instance/$part"; done

cd /usr/share/redmine
REDMINE_INSTANCE=tessera-suite RAILS_ENV=production setsid ruby bin/rails server -u thin -b 127.0.0.1 -p "$PORT" -P "$state/server.pid" \
  >"$state/server.log" 2>&1 < /dev/null &
server=$!
wait_for_url "http://127.0.0.1:$PORT/login" 120 "$state/server.log" "$server" || exit 1
version=$(dpkg-query -W -f='${Version}' redmine | sed 's/-.*//')
printf '{"name":"Redmine","version":"%s","loginUrl":"http://127.0.0.1:%s/login","username":"admin","password":"%s","totp":true}\n' "$version" "$PORT" "$PASSWORD"
