#!/usr/bin/env bash
# Redmine 5 from Debian (redmine + redmine-sqlite; the package migrates its default SQLite
# database on install). Served by thin (Debian's Redmine Gemfile loads it when installed), so no web
# server is needed. Idempotent: nothing happens when the packages are installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages redmine redmine-sqlite thin sqlite3 curl
