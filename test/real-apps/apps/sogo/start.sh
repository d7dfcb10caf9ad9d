#!/usr/bin/env bash
# Starts SOGo on 127.0.0.1:18410 (sogod serves HTTP itself) over a private MariaDB on
# 127.0.0.1:18411 and a private memcached on 127.0.0.1:18412. Configured the Debian way
# (/etc/sogo/sogo.conf, see /usr/share/doc/sogo/README.Debian) following the installation
# guide: an SQL user source (table sogo_users, md5 passwords) that can authenticate and change
# passwords (SOGoPasswordChangeEnabled), and TOTP (SOGoTOTPEnabled), which each user turns on
# in Preferences. The database is a fresh copy of a template seeded with the user "admin".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../lib/mariadb.sh"
PORT=18410
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
    INSERT INTO sogo.sogo_users VALUES ('admin', 'admin', MD5('$PASSWORD'), 'Suite Admin', 'admin@example.test');"
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
  /usr/sbin/sogod -WOPort "127.0.0.1:$PORT" -WONoDetach YES -WOWorkersCount 1 -WOPidFile "$state/sogod.run.pid" -WOLogFile "$state/sogod.log" \
  >>"$state/sogod.log" 2>&1 </dev/null &
echo $! > "$state/sogod.pid"
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/SOGo/" && break
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/SOGo/" || { tail -30 "$state/sogod.log" >&2; exit 1; }
version=$(dpkg-query -W -f='${Version}' sogo | sed 's/-.*//')
printf '{"name":"SOGo","version":"%s","loginUrl":"http://127.0.0.1:%s/SOGo/","username":"admin","password":"%s","totp":true}\n' "$version" "$PORT" "$PASSWORD"
