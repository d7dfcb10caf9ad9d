#!/usr/bin/env bash
# phpMyAdmin from Debian (phpmyadmin), MariaDB server and PHP's command-line interpreter, whose
# built-in web server serves it. Idempotent: nothing happens when the packages are installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages phpmyadmin mariadb-server php-cli php-mysql curl
