#!/usr/bin/env bash
# WordPress from Debian (wordpress), MariaDB server and PHP's command-line interpreter, whose
# built-in web server serves it. Idempotent: nothing happens when the packages are installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages wordpress mariadb-server php-cli php-mysql curl
