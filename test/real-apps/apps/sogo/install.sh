#!/usr/bin/env bash
# SOGo from Debian (sogo 5.8), Apache in front of it (the package's apache.conf), with MariaDB server for its SQL user
# source and profiles, and memcached, which SOGo needs for its sessions. Idempotent: nothing
# happens when the packages are installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages sogo apache2 memcached mariadb-server curl
