#!/usr/bin/env bash
# Cacti from Debian (cacti), MariaDB server and PHP's command-line interpreter, whose
# built-in web server serves it. Idempotent: nothing happens when the packages are installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages cacti mariadb-server php-cli php-mysql php-intl php-snmp php-gd php-gmp php-ldap php-mbstring php-xml rrdtool snmp curl
