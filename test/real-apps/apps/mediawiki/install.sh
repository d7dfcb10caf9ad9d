#!/usr/bin/env bash
# MediaWiki from Debian (mediawiki 1.39, which ships the OATHAuth extension for authenticator-app
# 2FA), served by PHP's built-in server over SQLite. Idempotent: nothing happens when installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml curl
