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
  /** Null: Tessera finds an installed Chromium, Chrome or Edge itself (also while locked). */
  browserPath: string | null;
  /** Electron accelerator, e.g. "CommandOrControl+Shift+Space". */
  launcherShortcut: string;
  /** Closing the window leaves Tessera running in the tray. */
  keepRunningWhenClosed: boolean;
  /** The OS starts Tessera at login (in the tray, locked), as the OS says now. */
  startAtLogin: boolean;
  /** False where this host cannot start at login (the CLI): the setting is not offered. */
  startAtLoginAvailable: boolean;
};

export const settingsChannels = {
  'settings.get': channel<SettingsView>()(z.strictObject({})),
  'settings.update': channel<SettingsView>()(
    z.strictObject({
      theme: z.enum(['system', 'light', 'dark']).optional(),
      launcherShortcut: z.string().trim().min(1).max(100).optional(),
      keepRunningWhenClosed: z.boolean().optional(),
      startAtLogin: z.boolean().optional(),
    }),
  ),
  /**
   * The browser program for automated logins, chosen in the main process's file dialog (never a
   * path from the renderer: that program would receive passwords); `reset` lets Tessera find one.
   * Needs the unlocked vault, where the choice is kept.
   */
  'settings.chooseBrowser': channel<SettingsView>()(z.strictObject({ reset: z.boolean().optional() })),
};

export const settingsEvents = {
  /** A setting changed through settings.update; windows re-apply it (theme, shortcut). */
  'settings.changed': event<SettingsView>(),
};
