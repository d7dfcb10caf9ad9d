// The one factory for Tessera windows. Every window is sandboxed with context isolation,
// no Node integration, web security on and no <webview>; devtools only in unpackaged runs.
import { BrowserWindow, app } from 'electron';

export type SecureWindowOptions = {
  preloadPath: string;
  width?: number;
  height?: number;
  title?: string;
};

export function createSecureWindow(options: SecureWindowOptions): BrowserWindow {
  /*! eng-disable REMOTE_MODULE_JS_CHECK: the remote module was removed in Electron 14; there is nothing to disable */
  return new BrowserWindow({
    width: options.width ?? 1200,
    height: options.height ?? 800,
    minWidth: 720,
    minHeight: 480,
    title: options.title ?? 'Tessera',
    show: false,
    backgroundColor: '#111318',
    webPreferences: {
      /*! eng-disable PRELOAD_JS_CHECK: reviewed; the sandboxed preload only exposes one typed function per contract channel */
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
      safeDialogs: true,
      // Middle-click must not open links in new windows behind our window-open handler's back.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
