// The tray menu's items as plain data: show the window, open the launcher (with its global
// shortcut as a hint only; the shortcut is registered globally elsewhere), lock, quit. Pure
// (Electron's types only), so the menu is unit-tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export type TrayActions = {
  showMain(): void;
  openLauncher(): void;
  lock(): void;
  quit(): void;
};

export function trayMenuTemplate(actions: TrayActions, launcherAccelerator: string | null): MenuItemConstructorOptions[] {
  return [
    { label: 'Show Tessera', click: () => actions.showMain() },
    {
      label: 'Open launcher',
      click: () => actions.openLauncher(),
      ...(launcherAccelerator ? { accelerator: launcherAccelerator, registerAccelerator: false } : {}),
    },
    { label: 'Lock', click: () => actions.lock() },
    { type: 'separator' },
    { label: 'Quit Tessera', click: () => actions.quit() },
  ];
}
