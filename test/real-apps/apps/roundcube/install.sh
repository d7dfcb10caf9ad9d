#!/usr/bin/env bash
# Roundcube 1.6 from Debian (roundcube-core, its SQLite database glue and roundcube-plugins for the
# password plugin), Dovecot's IMAP server it logs in to, and PHP's command-line interpreter, whose
# built-in web server serves it. Idempotent: nothing happens when the packages are installed.
set -euo pipefail
source "$(dirname "$0")/../../lib/debian-packages.sh"
install_missing_debian_packages roundcube-core roundcube-sqlite3 roundcube-plugins php-cli php-sqlite3 dovecot-imapd curl
