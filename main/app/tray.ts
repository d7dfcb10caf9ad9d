// The tray icon: Tessera keeps running there when the main window is closed. Its menu
// shows the window, opens the launcher, locks the vault and quits.
import { Menu, Tray, nativeImage } from 'electron';
import { trayIconBitmap } from './tray-icon-bitmap';

export type TrayActions = {
  showMain(): void;
  openLauncher(): void;
  lock(): void;
  quit(): void;
};

const ICON_SIZE = 32;

export function createTray(actions: TrayActions): { tray: Tray; setLauncherShortcut(accelerator: string | null): void } {
  const icon = nativeImage.createFromBitmap(trayIconBitmap(ICON_SIZE), { width: ICON_SIZE, height: ICON_SIZE, scaleFactor: 2 });
  const tray = new Tray(icon);
  tray.setToolTip('Tessera');
  const build = (accelerator: string | null) =>
    Menu.buildFromTemplate([
      { label: 'Show Tessera', click: actions.showMain },
      { label: 'Open launcher', click: actions.openLauncher, ...(accelerator ? { accelerator, registerAccelerator: false } : {}) },
      { label: 'Lock', click: actions.lock },
      { type: 'separator' },
      { label: 'Quit Tessera', click: actions.quit },
    ]);
  tray.setContextMenu(build(null));
  // A click on the icon (Windows, most Linux trays) shows the window; macOS opens the menu.
  tray.on('click', actions.showMain);
  return { tray, setLauncherShortcut: (accelerator) => tray.setContextMenu(build(accelerator)) };
}
