// Handlers for settings.*: the launcher shortcut is checked and written in canonical form,
// a browser path must name an existing file, and every change is announced so the windows
// (theme) and the main process (global shortcut) apply it at once.
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import type { Settings } from '../../settings/settings-store';
import { checkLauncherShortcut } from '../../settings/launcher-shortcut';
import { TesseraError } from '../../errors';

function checkedBrowserPath(path: string | null): string | null {
  if (path === null || path === '') return null;
  if (!isAbsolute(path)) throw new TesseraError('INVALID_INPUT', 'Give the full path to the browser program, for example /usr/bin/chromium.');
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // missing or unreadable: reported below
  }
  if (!isFile) throw new TesseraError('INVALID_INPUT', `There is no program at ${path}. Check the path, or leave it empty to let Tessera find a browser.`);
  return path;
}

export function settingsHandlers({ settings, events }: Services): HandlerSlice<'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': ({ theme, browserPath, launcherShortcut }) => {
      const patch: Partial<Settings> = {};
      if (theme !== undefined) patch.theme = theme;
      if (browserPath !== undefined) patch.browserPath = checkedBrowserPath(browserPath);
      if (launcherShortcut !== undefined) {
        const check = checkLauncherShortcut(launcherShortcut);
        if (!check.ok) throw new TesseraError('INVALID_INPUT', `That launcher shortcut cannot be used: ${check.reason}`);
        patch.launcherShortcut = check.accelerator;
      }
      const updated = settings.update(patch);
      events.emit('settings.changed', updated);
      return updated;
    },
  };
}
