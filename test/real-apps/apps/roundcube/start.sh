#!/usr/bin/env bash
# Starts Roundcube on 127.0.0.1:18310 (PHP's built-in server) for a private Dovecot IMAP server on
# 127.0.0.1:18311 whose passwd-file holds the mailbox "admin" with a known password. The password
# plugin changes it in that file (its dovecot_passwdfile driver, as the plugin's config describes).
# Roundcube reads Debian's /etc/roundcube config, then this run's config.inc.php on top
# (RCUBE_CONFIG_PATH, Roundcube's own list of config folders; ROUNDCUBE_CONFIG_DIR names this run's
# folder as its main one, else Roundcube appends /etc/roundcube again, last, and it wins). Every start begins clean: a
# fresh passwd-file, mail folder and a copy of an empty SQLite database built once and cached.
set -euo pipefail
PORT=18310
IMAP_PORT=18311
PASSWORD='Tessera-Roundcube-1'
state=/tmp/tessera-real-apps/roundcube
cache=/var/cache/tessera-real-apps
here="$(cd "$(dirname "$0")" && pwd)"
"$here/stop.sh" >/dev/null 2>&1 || true
rm -rf "$state" && mkdir -p "$state"/{config,dovecot/run,dovecot/state,home,temp,logs} "$cache"

# Dovecot: loopback only, plain IMAP (no TLS on 127.0.0.1), passdb in a passwd-file the plugin
# rewrites; mail belongs to nobody, as Dovecot will not store mail as root.
nobody_ids=$(getent passwd nobody | cut -d: -f3,4)
# Dovecot's passwd-file format (user:password:uid:gid:gecos:home:shell:extra): the plugin keeps what follows the password.
printf 'admin:{PLAIN}%s::::::\n' "$PASSWORD" > "$state/dovecot/users"
chown -R "nobody:" "$state/home"
cat > "$state/dovecot/dovecot.conf" <<CONF
base_dir = $state/dovecot/run
state_dir = $state/dovecot/state
log_path = $state/dovecot/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = username_format=%u $state/dovecot/users
}
userdb {
  driver = static
  args = uid=${nobody_ids%:*} gid=${nobody_ids#*:} home=$state/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
setsid dovecot -F -c "$state/dovecot/dovecot.conf" </dev/null >/dev/null 2>&1 &
echo $! > "$state/dovecot.pid"

# Roundcube's database: the package's own SQLite schema, built once per version.
version=$(dpkg-query -W -f='${Version}' roundcube-core | sed 's/^[0-9]*://; s/[+~].*//')
template="$cache/roundcube-$version.db"
if [[ ! -f "$template" ]]; then
  php -r '$db = new PDO("sqlite:" . $argv[1]); $db->exec(file_get_contents("/usr/share/roundcube/SQL/sqlite.initial.sql")) !== false || exit(1);' "$template.tmp"
  mv "$template.tmp" "$template"
fi
cp "$template" "$state/roundcube.db"

cat > "$state/config/config.inc.php" <<PHP
<?php
// The real-app suite's Roundcube (test/real-apps/apps/roundcube): loaded after /etc/roundcube's.
\$config['db_dsnw'] = 'sqlite:///$state/roundcube.db?mode=0640';
\$config['imap_host'] = '127.0.0.1:$IMAP_PORT';
\$config['smtp_host'] = '';
\$config['temp_dir'] = '$state/temp/';
\$config['log_dir'] = '$state/logs/';
\$config['des_key'] = 'tessera-suite-0123456789';
\$config['plugins'] = ['password'];
// The plugin's documented recommendation: ask for the current password (its .dist default).
\$config['password_confirm_current'] = true;
\$config['password_driver'] = 'dovecot_passwdfile';
\$config['password_dovecot_passwdfile_path'] = '$state/dovecot/users';
\$config['password_algorithm'] = 'sha512-crypt';
\$config['password_algorithm_prefix'] = '{SHA512-CRYPT}';
PHP

ROUNDCUBE_CONFIG_DIR="$state/config" RCUBE_CONFIG_PATH="/etc/roundcube/:$state/config/" PHP_CLI_SERVER_WORKERS=4 \
  setsid php -S "127.0.0.1:$PORT" -t /var/lib/roundcube/public_html >"$state/server.log" 2>&1 </dev/null &
echo $! > "$state/server.pid"
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && (exec 3<>/dev/tcp/127.0.0.1/$IMAP_PORT) 2>/dev/null && break
  sleep 0.25
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/" || { tail -30 "$state/server.log" "$state/logs/errors.log" >&2 2>/dev/null; exit 1; }
(exec 3<>/dev/tcp/127.0.0.1/$IMAP_PORT) 2>/dev/null || { tail -30 "$state/dovecot/dovecot.log" >&2; exit 1; }
printf '{"name":"Roundcube","version":"%s","loginUrl":"http://127.0.0.1:%s/","username":"admin","password":"%s","totp":false}\n' "$version" "$PORT" "$PASSWORD"
