#!/bin/sh
# Run by dpkg after the Tessera package is removed (electron-builder `deb.afterRemove`):
# unregisters the browser extension's native messaging host that the app registered for each
# user at start. Only manifests that are ours (our host name, pointing at a Tessera launcher in
# a data folder) are removed; people's data folders (the vault) are left alone, as on any
# uninstall. TESSERA_HOMES overrides the home folders searched (the tests use it).
set -u
case "${1:-remove}" in
  remove|purge) ;;
  *) exit 0 ;;
esac
NAME=app.tessera.browser
for home in ${TESSERA_HOMES:-/root /home/*}; do
  [ -d "$home" ] || continue
  for manifest in "$home"/.config/*/NativeMessagingHosts/$NAME.json \
                  "$home"/.config/*/*/NativeMessagingHosts/$NAME.json \
                  "$home"/.mozilla/native-messaging-hosts/$NAME.json; do
    [ -f "$manifest" ] || continue
    if grep -q "\"name\": *\"$NAME\"" "$manifest" && grep -q '"path": *"[^"]*/browser-host/tessera-browser-host"' "$manifest"; then
      rm -f "$manifest"
    fi
  done
done
exit 0
