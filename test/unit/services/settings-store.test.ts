import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../main/settings/settings-store';

const dir = () => mkdtempSync(join(tmpdir(), 'tessera-settings-'));

describe('settings store', () => {
  it('starts from defaults: auto-lock 10 minutes, clipboard cleared after 30 seconds', () => {
    expect(new SettingsStore(dir()).get()).toMatchObject({ autoLockMinutes: 10, clipboardClearSeconds: 30, theme: 'system' });
  });

  it('persists updates and reads them back', () => {
    const d = dir();
    new SettingsStore(d).update({ autoLockMinutes: 3 });
    expect(new SettingsStore(d).get().autoLockMinutes).toBe(3);
    expect(JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8')).autoLockMinutes).toBe(3);
  });

  it('falls back field by field on a hand-edited or damaged file', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ autoLockMinutes: -5, clipboardClearSeconds: 45, theme: 'neon' }));
    expect(new SettingsStore(d).get()).toMatchObject({ autoLockMinutes: 10, clipboardClearSeconds: 45, theme: 'system' });
    writeFileSync(join(d, 'settings.json'), '{ not json');
    expect(new SettingsStore(d).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps running in the tray and does not start at login unless asked; a damaged value falls back to that', () => {
    const d = dir();
    expect(new SettingsStore(d).get()).toMatchObject({ keepRunningWhenClosed: true, startAtLogin: false });
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ keepRunningWhenClosed: 'no', startAtLogin: 1 }));
    expect(new SettingsStore(d).get()).toMatchObject({ keepRunningWhenClosed: true, startAtLogin: false });
    new SettingsStore(d).update({ keepRunningWhenClosed: false, startAtLogin: true });
    expect(new SettingsStore(d).get()).toMatchObject({ keepRunningWhenClosed: false, startAtLogin: true });
  });

  it('refuses out-of-range updates', () => {
    expect(() => new SettingsStore(dir()).update({ clipboardClearSeconds: 1 })).toThrow();
  });
});
