// The launcher's global shortcut: accepted spellings, canonical form, and clear refusals.
import { describe, expect, it } from 'vitest';
import { checkLauncherShortcut, DEFAULT_LAUNCHER_SHORTCUT } from '../../../main/settings/launcher-shortcut';

describe('checkLauncherShortcut', () => {
  it.each([
    [DEFAULT_LAUNCHER_SHORTCUT, 'CommandOrControl+Shift+Space'],
    ['cmdorctrl+shift+space', 'CommandOrControl+Shift+Space'],
    ['Shift+Ctrl+K', 'Control+Shift+K'],
    [' Alt + f12 ', 'Alt+F12'],
    ['Super+Enter', 'Super+Return'],
    ['Ctrl++', 'Control+Plus'],
    ['Option+Cmd+/', 'Command+Alt+/'],
    ['Ctrl+Alt+num5', 'Control+Alt+num5'],
    ['Meta+ArrowUp', 'Super+Up'],
  ])('accepts %j as %j', (text, canonical) => {
    expect(checkLauncherShortcut(text)).toEqual({ ok: true, accelerator: canonical });
  });

  it.each([
    ['', /joined by “\+”/],
    ['Ctrl+', /joined by “\+”/],
    ['Ctrl+Shift', /Add a key/],
    ['Shift+A', /needs Ctrl, Cmd, Alt or Super/],
    ['K', /needs Ctrl, Cmd, Alt or Super/],
    ['Ctrl+A+B', /exactly one key/],
    ['Ctrl+Ctrl+A', /Control appears twice/],
    ['Ctrl+Hyper', /“Hyper” is not a key/],
    ['Ctrl+F25', /“F25” is not a key/],
  ])('refuses %j', (text, reason) => {
    const check = checkLauncherShortcut(text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });
});
