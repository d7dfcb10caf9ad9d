// Composition root of the desktop app: the only place that starts Electron, creates windows
// and hands platform parts (shell, paths) to the plain-Node services. Closing the main
// window hides it (unless the person turned that off): Tessera stays in the tray, with the
// launcher on its global shortcut. Started at login (--background), it opens no window.
import { join } from 'node:path';
import { app, clipboard, globalShortcut, powerMonitor, shell, type BrowserWindow } from 'electron';
import { registerAppSchemeAsPrivileged, serveRendererOverAppProtocol } from './app-protocol';
import { createSecureWindow } from './secure-window';
import { installNavigationGuards } from './navigation-guards';
import { forwardEvents, registerIpc } from './ipc-main-bridge';
import { APP_ORIGIN, originOf } from '../ipc/sender-guard';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlerTable } from '../ipc/handler-table';
import { createVaultServices } from '../services';
import { createLogger } from '../logger';
import { LauncherWindow } from './launcher-window';
import { LauncherShortcut } from './launcher-shortcut-registration';
import { createTray } from './tray';
import { startApprovalNotifications } from './approval-notifications';
import { saveFileWithDialog } from './save-file-dialog';
import { chooseBrowserWithDialog } from './choose-browser-dialog';
import { chooseFileWithDialog } from './choose-file-dialog';
import { electronScreenCapture } from './screen-capture';
import { electronStartAtLogin, startedInBackground } from './start-at-login';
import { BROWSER_HOST_FLAG, installNativeHost, runNativeHost } from '../browser-bridge';
import { isTesseraError } from '../errors';

const log = createLogger();

const hostFlag = process.argv.indexOf(BROWSER_HOST_FLAG);
if (hostFlag !== -1) {
  // Started by a browser through the launcher: only forward the extension's frames to the
  // running app's socket (no window, no vault, no single-instance lock), then exit.
  app.dock?.hide();
  runNativeHost(process.argv.slice(hostFlag + 1));
} else {
  // Must run before 'ready': gives app:// a real, secure origin.
  registerAppSchemeAsPrivileged();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
  } else {
    start();
  }
}

function start(): void {
  let mainWindow: BrowserWindow | null = null;
  let quitting = false;

  // In an unpackaged `npm start`, electron-vite serves the renderer from its dev server.
  const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  const devOrigin = devUrl ? originOf(devUrl) : null;
  const allowedOrigins = new Set([APP_ORIGIN, ...(devOrigin ? [devOrigin] : [])]);

  installNavigationGuards(allowedOrigins, log);

  const showMain = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  app.on('second-instance', showMain);
  app.on('activate', showMain);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    const here = import.meta.dirname;
    serveRendererOverAppProtocol(join(here, '../renderer'));

    const services = createVaultServices({
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
        saveFile: saveFileWithDialog,
        chooseBrowser: chooseBrowserWithDialog,
        chooseFile: chooseFileWithDialog,
        screenCapture: electronScreenCapture(() => mainWindow),
        startAtLogin: electronStartAtLogin(),
      },
      log,
    });
    // The browser extension's bridge: the socket its native host connects to (answering
    // `locked` while the vault is), and the host registered with the person's browsers, run by
    // this app's own binary. Neither stops the app when it fails.
    const warnBridge = (what: string) => (error: unknown) => log.warn(what, { code: isTesseraError(error) ? error.code : 'INTERNAL' });
    void services.browserBridge.start().catch(warnBridge('browser-bridge.unavailable'));
    void installNativeHost({
      dataDir: services.dataDir,
      // Packaged, the app itself runs the host (its fuses forbid ELECTRON_RUN_AS_NODE); under
      // `npm start`, Electron needs the app's folder before the flag.
      command: { execPath: process.execPath, args: app.isPackaged ? [BROWSER_HOST_FLAG] : [app.getAppPath(), BROWSER_HOST_FLAG] },
    }).catch(warnBridge('browser-bridge.host_not_installed'));
    const dispatch = createDispatcher(createHandlerTable(services), log);
    registerIpc(dispatch, allowedOrigins, log);

    const preloadPath = join(here, '../preload/index.cjs');
    const pageUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
    mainWindow = createSecureWindow({ preloadPath });
    forwardEvents(services.events, mainWindow);
    if (!startedInBackground()) mainWindow.once('ready-to-show', () => mainWindow?.show());
    // The tray keeps Tessera running: closing the window hides it until the person quits,
    // unless they chose in Settings that closing the window quits.
    mainWindow.on('close', (event) => {
      if (quitting) return;
      if (!services.settings.get().keepRunningWhenClosed) {
        app.quit();
        return;
      }
      event.preventDefault();
      mainWindow?.hide();
    });
    void mainWindow.loadURL(pageUrl);

    const launcher = new LauncherWindow({ preloadPath, pageUrl, onCreated: (window) => forwardEvents(services.events, window) });
    const shortcut = new LauncherShortcut(globalShortcut, () => launcher.toggle());
    const tray = createTray({
      showMain,
      openLauncher: () => launcher.show(),
      lock: () => services.vault.lock('manual'),
      quit: () => app.quit(),
    });
    const applyShortcut = (accelerator: string) => {
      const outcome = shortcut.apply(accelerator);
      tray.setLauncherShortcut(shortcut.registered);
      if ('failed' in outcome) {
        log.warn('launcher.shortcut_unavailable', { accelerator: outcome.failed });
        services.events.emit('app.notice', { level: 'warning', message: `The launcher shortcut ${outcome.failed} could not be registered: ${outcome.reason}. Choose another in Settings.` });
      }
    };
    applyShortcut(services.settings.get().launcherShortcut);
    services.events.subscribe((event, payload) => {
      if (event === 'launcher.hide') launcher.hide();
      else if (event === 'launcher.showInMain') {
        launcher.hide();
        showMain();
      } else if (event === 'browsers.openAccount' || event === 'browsers.showUnlock' || event === 'browsers.pairingRequested') {
        // The extension asked to show an account or to unlock, or a browser waits for its code to be confirmed.
        showMain();
      } else if (event === 'settings.changed') applyShortcut((payload as { launcherShortcut: string }).launcherShortcut);
    });

    // Waiting decrypt approvals reach the person as OS notifications and the icon's badge.
    startApprovalNotifications(services, showMain, log);

    // Lock on OS suspend and screen lock.
    powerMonitor.on('suspend', () => services.vault.lock('suspend'));
    powerMonitor.on('lock-screen', () => services.vault.lock('screen-lock'));
    app.on('before-quit', () => {
      quitting = true;
      shortcut.dispose();
      launcher.destroy();
      tray.tray.destroy();
      void services.close();
    });
  });
}
