#!/usr/bin/env bash
# Redmine 5 from Debian (redmine + redmine-sqlite; the package migrates its default SQLite
# database on install). Served by thin (Debian's Redmine Gemfile loads it when installed), so no web
# server is needed. Idempotent: nothing happens when the packages are installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(redmine redmine-sqlite thin sqlite3 curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null; }
fi
