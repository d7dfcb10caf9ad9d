// Channels for preferences that are not the vault's timeouts (those are vault.setTimeouts):
// theme, browser path, launcher shortcut. Readable while locked, so the unlock screen
// already has the person's theme.
import { z } from 'zod';
import { channel, event } from './define';

export type ThemeChoice = 'system' | 'light' | 'dark';

export type SettingsView = {
  autoLockMinutes: number;
  clipboardClearSeconds: number;
  theme: ThemeChoice;
  /** Null: Tessera finds an installed Chromium, Chrome or Edge itself. */
  browserPath: string | null;
  /** Electron accelerator, e.g. "CommandOrControl+Shift+Space". */
  launcherShortcut: string;
};

export const settingsChannels = {
  'settings.get': channel<SettingsView>()(z.strictObject({})),
  'settings.update': channel<SettingsView>()(
    z.strictObject({
      theme: z.enum(['system', 'light', 'dark']).optional(),
      browserPath: z.string().trim().max(4096).nullable().optional(),
      launcherShortcut: z.string().trim().min(1).max(100).optional(),
    }),
  ),
};

export const settingsEvents = {
  /** A setting changed through settings.update; windows re-apply it (theme, shortcut). */
  'settings.changed': event<SettingsView>(),
};
