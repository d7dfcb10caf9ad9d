// Handlers for settings.*: the launcher shortcut is checked and written in canonical form;
// start at login is applied to the OS (Platform.startAtLogin) before it is saved;
// and every change is announced so the windows (theme) and the main process (global
// shortcut) apply it at once. The browser program is never taken from the renderer: it is
// chosen in the main process's file dialog, checked as a Chromium-family browser and kept in
// the vault (settings.update refuses a browserPath: its schema has none).
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import type { Settings } from '../../settings/settings-store';
import { checkLauncherShortcut } from '../../settings/launcher-shortcut';
import { chooseBrowserPath } from '../../logins/browser-choice';
import { TesseraError } from '../../errors';

export function settingsHandlers({ settings, events, platform, vault, browserPath }: Services): HandlerSlice<'settings.get' | 'settings.update' | 'settings.chooseBrowser'> {
  const loginItem = platform.startAtLogin;
  const view = () => ({
    ...settings.get(),
    browserPath: browserPath(),
    // What the OS will do, not only what was asked: a desktop may have switched it off.
    startAtLogin: loginItem ? safely(() => loginItem.enabled(), false) : false,
    startAtLoginAvailable: loginItem !== undefined,
  });
  return {
    'settings.get': view,
    'settings.chooseBrowser': async ({ reset }) => {
      const unlocked = vault.unlocked();
      if (reset) {
        await chooseBrowserPath(unlocked, null);
      } else {
        if (!platform.chooseBrowser) throw new TesseraError('NOT_SUPPORTED', 'Choosing a browser needs the desktop app. From a terminal: tessera browser PATH.');
        const picked = await platform.chooseBrowser();
        if (picked === null) return view();
        await chooseBrowserPath(unlocked, picked);
      }
      const updated = view();
      events.emit('settings.changed', updated);
      return updated;
    },
    'settings.update': ({ theme, launcherShortcut, keepRunningWhenClosed, startAtLogin }) => {
      const patch: Partial<Settings> = {};
      if (theme !== undefined) patch.theme = theme;
      if (keepRunningWhenClosed !== undefined) patch.keepRunningWhenClosed = keepRunningWhenClosed;
      if (launcherShortcut !== undefined) {
        const check = checkLauncherShortcut(launcherShortcut);
        if (!check.ok) throw new TesseraError('INVALID_INPUT', `That launcher shortcut cannot be used: ${check.reason}`);
        patch.launcherShortcut = check.accelerator;
      }
      if (startAtLogin !== undefined) {
        if (!loginItem) throw new TesseraError('NOT_SUPPORTED', 'Starting at login needs the desktop app. From a terminal, run tessera agent from your session\'s startup instead.');
        // Last of the checks, and before the save: the OS is asked only for a change that is
        // otherwise valid, and the setting never says more than the OS will do.
        try {
          loginItem.apply(startAtLogin);
        } catch {
          throw new TesseraError('OS_INTEGRATION_FAILED', `Tessera could not ${startAtLogin ? 'add itself to' : 'remove itself from'} the programs started at login. Check that your settings folder is writable, then try again.`);
        }
        patch.startAtLogin = startAtLogin;
      }
      settings.update(patch);
      const updated = view();
      events.emit('settings.changed', updated);
      return updated;
    },
  };
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
