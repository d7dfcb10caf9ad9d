# Debian packages for an app of the suite (sourced by apps/*/install.sh).

# install_missing_debian_packages PKG...: installs those not installed yet, and nothing when
# all are (so a second run returns at once). Waits for another apt holding the lock; updates
# the package lists only when an install from the current lists fails.
install_missing_debian_packages() {
  export DEBIAN_FRONTEND=noninteractive
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null; }
}
