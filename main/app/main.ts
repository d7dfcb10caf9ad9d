// Composition root of the desktop app: the only place that starts Electron, creates windows
// and hands platform parts (shell, paths) to the plain-Node services.
import { join } from 'node:path';
import { app, clipboard, powerMonitor, shell, type BrowserWindow } from 'electron';
import { registerAppSchemeAsPrivileged, serveRendererOverAppProtocol } from './app-protocol';
import { createSecureWindow } from './secure-window';
import { installNavigationGuards } from './navigation-guards';
import { forwardEvents, registerIpc } from './ipc-main-bridge';
import { APP_ORIGIN, originOf } from '../ipc/sender-guard';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlerTable } from '../ipc/handler-table';
import { createServices } from '../services';
import { createLogger } from '../logger';

const log = createLogger();

// Must run before 'ready': gives app:// a real, secure origin.
registerAppSchemeAsPrivileged();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let mainWindow: BrowserWindow | null = null;

  // In an unpackaged `npm start`, electron-vite serves the renderer from its dev server.
  const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  const devOrigin = devUrl ? originOf(devUrl) : null;
  const allowedOrigins = new Set([APP_ORIGIN, ...(devOrigin ? [devOrigin] : [])]);

  installNavigationGuards(allowedOrigins, log);

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    const here = import.meta.dirname;
    serveRendererOverAppProtocol(join(here, '../renderer'));

    const services = createServices({
      dataDir: app.getPath('userData'),
      platform: {
        host: 'electron',
        version: app.getVersion(),
        /*! eng-disable OPEN_EXTERNAL_JS_CHECK: called only by ExternalLinks.open after isSafeExternalUrl (https, no credentials) */
        openInOs: (url) => shell.openExternal(url),
        clipboard: {
          writeText: (text) => clipboard.writeText(text),
          readText: () => clipboard.readText(),
          clear: () => clipboard.clear(),
        },
      },
      log,
    });
    const dispatch = createDispatcher(createHandlerTable(services), log);
    registerIpc(dispatch, allowedOrigins, log);

    mainWindow = createSecureWindow({ preloadPath: join(here, '../preload/index.cjs') });
    forwardEvents(services.events, mainWindow);
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    void mainWindow.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);

    // Lock on OS suspend and screen lock (DESIGN.md §3).
    powerMonitor.on('suspend', () => services.vault.lock('suspend'));
    powerMonitor.on('lock-screen', () => services.vault.lock('screen-lock'));
    app.on('before-quit', () => void services.close());
  });
}
