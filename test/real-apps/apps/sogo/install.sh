#!/usr/bin/env bash
# SOGo from Debian (sogo 5.8), Apache in front of it (the package's apache.conf), with MariaDB server for its SQL user
# source and profiles, and memcached, which SOGo needs for its sessions. Idempotent: nothing
# happens when the packages are installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(sogo apache2 memcached mariadb-server curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null; }
fi
