// Start at login for the desktop app: an XDG autostart entry on Linux (Electron has no login
// items there), Electron's login items on macOS and Windows. Either way Tessera starts with
// --background: in the tray, locked, without a window.
import { app } from 'electron';
import { BACKGROUND_ARG, xdgAutostart, type StartAtLogin } from '../platform/xdg-autostart';

export function electronStartAtLogin(): StartAtLogin {
  if (process.platform === 'linux') {
    // An AppImage runs from a temporary mount: the entry must start the AppImage file itself.
    const program = process.env['APPIMAGE'] ?? process.execPath;
    // Unpackaged (`npm start`), Electron needs the app's folder as its first argument.
    return xdgAutostart({ command: app.isPackaged ? [program] : [program, app.getAppPath()] });
  }
  return {
    apply: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: [BACKGROUND_ARG] }),
    enabled: () => app.getLoginItemSettings({ args: [BACKGROUND_ARG] }).openAtLogin,
  };
}

/** Started by the OS at login (or asked to start in the background): no window until the person opens one. */
export function startedInBackground(): boolean {
  return process.argv.includes(BACKGROUND_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
}
