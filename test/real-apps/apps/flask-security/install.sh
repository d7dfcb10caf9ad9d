#!/usr/bin/env bash
# Flask-Security-Too 5.1 from Debian with what its authenticator-app two-factor needs
# (pyotp, qrcode) and bcrypt for password hashing. Idempotent: nothing happens when installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(python3-flask-security python3-flask-sqlalchemy python3-pyotp python3-qrcode python3-bcrypt python3-flaskext.wtf python3-email-validator curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null; }
fi
