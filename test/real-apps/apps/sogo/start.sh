#!/usr/bin/env bash
# Starts SOGo on 127.0.0.1:18410: a private Apache (apache2 -f, its own config) serving SOGo's
# web resources and proxying to sogod on 127.0.0.1:18413 with the package's own
# /usr/share/doc/sogo/apache.conf, over a private MariaDB on 127.0.0.1:18411 and a private
# memcached on 127.0.0.1:18412. Configured the Debian way
# (/etc/sogo/sogo.conf, see /usr/share/doc/sogo/README.Debian) following the installation
# guide: an SQL user source (table sogo_users, md5 passwords) that can authenticate and change
# passwords (SOGoPasswordChangeEnabled), and TOTP (SOGoTOTPEnabled), which each user turns on
# in Preferences. The database is a fresh copy of a template seeded with the user "admin",
# whose own preferences start with TOTP off: SOGoTOTPEnabled in sogo.conf is also every user's
# default, so without that the first login would ask for a code from a key nobody has.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/server-process.sh"
source "$here/../../lib/mariadb.sh"
PORT=18410
SOGOD_PORT=18413
DB_PORT=18411
MC_PORT=18412
PASSWORD='Tessera-SOGo-1'
state=$MDB_STATE/sogo
"$here/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$state"

seed_sogo() {
  mariadb --socket="$MDB_SOCKET" -uroot -e "
    CREATE DATABASE sogo CHARACTER SET utf8mb4;
    CREATE USER 'sogo'@'127.0.0.1' IDENTIFIED BY 'sogo-suite';
    GRANT ALL ON sogo.* TO 'sogo'@'127.0.0.1';
    CREATE TABLE sogo.sogo_users (c_uid VARCHAR(64) PRIMARY KEY, c_name VARCHAR(64), c_password VARCHAR(255), c_cn VARCHAR(128), mail VARCHAR(128));
    INSERT INTO sogo.sogo_users VALUES ('admin', 'admin', MD5('$PASSWORD'), 'Suite Admin', 'admin@example.test');
    CREATE TABLE sogo.sogo_user_profile (c_uid VARCHAR(255) NOT NULL PRIMARY KEY, c_defaults TEXT, c_settings TEXT);
    INSERT INTO sogo.sogo_user_profile VALUES ('admin', '{\"SOGoTOTPEnabled\": 0}', '{}');"
}
SEED_KEY="$PASSWORD" mdb_start sogo "$DB_PORT" seed_sogo >&2

db="mysql://sogo:sogo-suite@127.0.0.1:$DB_PORT/sogo"
cat > /etc/sogo/sogo.conf <<CONF
// The real-app suite's SOGo (test/real-apps/apps/sogo): a private MariaDB and memcached.
{
  SOGoProfileURL = "$db/sogo_user_profile";
  OCSFolderInfoURL = "$db/sogo_folder_info";
  OCSSessionsFolderURL = "$db/sogo_sessions_folder";
  OCSEMailAlarmsFolderURL = "$db/sogo_alarms_folder";
  OCSStoreURL = "$db/sogo_store";
  OCSAclURL = "$db/sogo_acl";
  OCSCacheFolderURL = "$db/sogo_cache_folder";
  OCSAdminURL = "$db/sogo_admin";
  SOGoUserSources = (
    {
      type = sql;
      id = users;
      viewURL = "$db/sogo_users";
      canAuthenticate = YES;
      isAddressBook = NO;
      userPasswordAlgorithm = md5;
    }
  );
  SOGoPasswordChangeEnabled = YES;
  SOGoTOTPEnabled = YES;
  SOGoLanguage = English;
  SOGoTimeZone = UTC;
  SOGoMemcachedHost = "127.0.0.1:$MC_PORT";
  SOGoMailDomain = example.test;
  SOGoIMAPServer = "imap://127.0.0.1:1";
  SOGoMailingMechanism = smtp;
  SOGoSMTPServer = "smtp://127.0.0.1:1";
}
CONF
chown root:sogo /etc/sogo/sogo.conf && chmod 640 /etc/sogo/sogo.conf

setsid memcached -u memcache -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 16 >"$state/memcached.log" 2>&1 </dev/null &
echo $! > "$state/memcached.pid"
chown sogo "$state" && : > "$state/sogod.log" && chown sogo "$state/sogod.log"
setsid setpriv --reuid=sogo --regid=sogo --init-groups env HOME=/var/lib/sogo \
  /usr/sbin/sogod -WOPort "127.0.0.1:$SOGOD_PORT" -WONoDetach YES -WOWorkersCount 1 -WOPidFile "$state/sogod.run.pid" -WOLogFile "$state/sogod.log" \
  >>"$state/sogod.log" 2>&1 </dev/null &
echo $! > "$state/sogod.pid"

# The package's Apache snippet as is, but for sogod's port and plain HTTP on 127.0.0.1:$PORT.
sed -e "s|127.0.0.1:20000|127.0.0.1:$SOGOD_PORT|g" -e 's|"x-webobjects-server-port" "443"|"x-webobjects-server-port" "'"$PORT"'"|' \
  -e 's|"https://%{HTTP_HOST}e"|"http://%{HTTP_HOST}e"|' /usr/share/doc/sogo/apache.conf > "$state/sogo-apache.conf"
modules=/usr/lib/apache2/modules
cat > "$state/httpd.conf" <<HTTPD
ServerRoot /etc/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile $state/apache.pid
ErrorLog $state/apache.log
DefaultRuntimeDir $state
User www-data
Group www-data
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule authz_host_module $modules/mod_authz_host.so
LoadModule access_compat_module $modules/mod_access_compat.so
LoadModule alias_module $modules/mod_alias.so
LoadModule mime_module $modules/mod_mime.so
LoadModule env_module $modules/mod_env.so
LoadModule setenvif_module $modules/mod_setenvif.so
LoadModule headers_module $modules/mod_headers.so
LoadModule proxy_module $modules/mod_proxy.so
LoadModule proxy_http_module $modules/mod_proxy_http.so
LoadModule rewrite_module $modules/mod_rewrite.so
TypesConfig /etc/mime.types
Include $state/sogo-apache.conf
HTTPD
setsid apache2 -f "$state/httpd.conf" -DFOREGROUND >>"$state/apache.log" 2>&1 </dev/null &
echo $! > "$state/apache.pid.group"
wait_for_url "http://127.0.0.1:$PORT/SOGo/" 60 "$state/sogod.log" || exit 1
version=$(dpkg-query -W -f='${Version}' sogo | sed 's/-.*//')
printf '{"name":"SOGo","version":"%s","loginUrl":"http://127.0.0.1:%s/SOGo/","username":"admin","password":"%s","totp":true}\n' "$version" "$PORT" "$PASSWORD"
