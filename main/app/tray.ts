// The tray icon: Tessera keeps running there when the main window is closed. Its menu
// (tray-menu.ts) shows the window, opens the launcher, locks the vault and quits.
import { Menu, Tray, nativeImage } from 'electron';
import { trayIconBitmap } from './tray-icon-bitmap';
import { trayMenuTemplate, type TrayActions } from './tray-menu';

const ICON_SIZE = 32;

export function createTray(actions: TrayActions): { tray: Tray; setLauncherShortcut(accelerator: string | null): void } {
  const icon = nativeImage.createFromBitmap(trayIconBitmap(ICON_SIZE), { width: ICON_SIZE, height: ICON_SIZE, scaleFactor: 2 });
  const tray = new Tray(icon);
  tray.setToolTip('Tessera');
  const build = (accelerator: string | null) => Menu.buildFromTemplate(trayMenuTemplate(actions, accelerator));
  tray.setContextMenu(build(null));
  // A click on the icon (Windows, most Linux trays) shows the window; macOS opens the menu.
  tray.on('click', actions.showMain);
  return { tray, setLauncherShortcut: (accelerator) => tray.setContextMenu(build(accelerator)) };
}
