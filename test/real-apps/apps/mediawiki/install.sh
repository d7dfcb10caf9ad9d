#!/usr/bin/env bash
# MediaWiki from Debian (mediawiki 1.39, which ships the OATHAuth extension for authenticator-app
# 2FA), served by PHP's built-in server over SQLite. Idempotent: nothing happens when installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null; }
fi
