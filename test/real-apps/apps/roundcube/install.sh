#!/usr/bin/env bash
# Roundcube 1.6 from Debian (roundcube-core, its SQLite database glue and roundcube-plugins for the
# password plugin), Dovecot's IMAP server it logs in to, and PHP's command-line interpreter, whose
# built-in web server serves it. Idempotent: nothing happens when the packages are installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(roundcube-core roundcube-sqlite3 roundcube-plugins php-cli php-sqlite3 dovecot-imapd curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null; }
fi
