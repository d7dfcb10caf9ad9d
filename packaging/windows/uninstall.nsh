; Included by electron-builder's NSIS uninstaller (`nsis.include`): unregisters the browser
; extension's native messaging host that the app registered for the current user at start
; (HKCU keys naming the manifest in the data folder). The data folder itself stays.
!macro customUnInstall
  DeleteRegKey HKCU "Software\Google\Chrome\NativeMessagingHosts\app.tessera.browser"
  DeleteRegKey HKCU "Software\Chromium\NativeMessagingHosts\app.tessera.browser"
  DeleteRegKey HKCU "Software\Microsoft\Edge\NativeMessagingHosts\app.tessera.browser"
  DeleteRegKey HKCU "Software\Mozilla\NativeMessagingHosts\app.tessera.browser"
!macroend
