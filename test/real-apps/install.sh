#!/usr/bin/env bash
# Installs every real app of the conformance suite (apps/*/install.sh): Debian packages and
# npm packages only. Each script is idempotent and returns at once when its app is installed.
set -euo pipefail
cd "$(dirname "$0")/apps"
for script in */install.sh; do
  app=${script%/install.sh}
  started=$SECONDS
  bash "$script"
  printf '  %s installed (%ss)\n' "$app" "$((SECONDS - started))"
done
