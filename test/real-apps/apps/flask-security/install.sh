#!/usr/bin/env bash
# Flask-Security-Too 5.1 from Debian with what its authenticator-app two-factor needs
# (pyotp, qrcode) and bcrypt for password hashing. Idempotent: nothing happens when installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages python3-flask-security python3-flask-sqlalchemy python3-pyotp python3-qrcode python3-bcrypt python3-flaskext.wtf python3-email-validator curl
