// Non-secret preferences (auto-lock, clipboard clearing, theme, launcher shortcut, running in
// the background and at login) in
// settings.json in the data directory. The browser program is not one of them: it decides what
// receives passwords, so it lives in the vault (main/logins/browser-choice). A damaged or hand-edited file falls
// back to defaults field by field; it never stops the app from starting.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from '../platform/atomic-write';
import { TesseraError } from '../errors';

export const SettingsSchema = z.object({
  autoLockMinutes: z.number().int().min(1).max(24 * 60).default(10).catch(10),
  clipboardClearSeconds: z.number().int().min(5).max(600).default(30).catch(30),
  theme: z.enum(['system', 'light', 'dark']).default('system').catch('system'),
  launcherShortcut: z.string().max(100).default('CommandOrControl+Shift+Space').catch('CommandOrControl+Shift+Space'),
  /** Closing the window leaves Tessera in the tray (jobs, mailbox and sync go on while unlocked). */
  keepRunningWhenClosed: z.boolean().default(true).catch(true),
  /** Opt-in: the OS starts Tessera at login, in the tray and locked (applied through Platform.startAtLogin). */
  startAtLogin: z.boolean().default(false).catch(false),
});

export type Settings = z.output<typeof SettingsSchema>;

/** Updates are checked strictly: a bad value is refused, not silently replaced. */
const SettingsPatchSchema = z.strictObject({
  autoLockMinutes: z.number().int().min(1).max(24 * 60),
  clipboardClearSeconds: z.number().int().min(5).max(600),
  theme: z.enum(['system', 'light', 'dark']),
  launcherShortcut: z.string().min(1).max(100),
  keepRunningWhenClosed: z.boolean(),
  startAtLogin: z.boolean(),
}).partial();

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

export class SettingsStore {
  private current: Settings;
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
    this.current = this.read();
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: Partial<Settings>): Settings {
    const checked = SettingsPatchSchema.safeParse(patch);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new TesseraError('INVALID_INPUT', `That setting is not valid${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}.`);
    }
    this.current = { ...this.current, ...checked.data };
    writeFileAtomicSync(this.path, JSON.stringify(this.current, null, 2) + '\n');
    return this.get();
  }

  private read(): Settings {
    if (!existsSync(this.path)) return { ...DEFAULT_SETTINGS };
    try {
      const raw: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      return SettingsSchema.parse(typeof raw === 'object' && raw !== null ? raw : {});
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }
}
