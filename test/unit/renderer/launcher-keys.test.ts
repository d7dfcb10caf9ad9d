// Key bindings of the launcher and the settings' shortcut recorder.
import { describe, expect, it } from 'vitest';
import { launcherCommand } from '../../../renderer/src/launcher/launcher-keys';
import { acceleratorFromKeyPress } from '../../../renderer/src/settings/shortcut-recorder';
import { checkLauncherShortcut } from '../../../main/settings/launcher-shortcut';

const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('launcherCommand', () => {
  it.each([
    [press('ArrowDown'), false, 'next'],
    [press('ArrowUp'), false, 'previous'],
    [press('Enter'), false, 'open-logged-in'],
    [press('Enter', { shiftKey: true }), false, 'show-in-main'],
    [press('ArrowDown', { shiftKey: true }), false, null],
    [press('Escape'), false, 'hide'],
    [press('c', { ctrlKey: true }), false, 'copy-username'],
    [press('C', { ctrlKey: true, shiftKey: true }), false, 'copy-code'],
    [press('c', { metaKey: true }), true, 'copy-username'],
    [press('c', { metaKey: true, shiftKey: true }), true, 'copy-code'],
    [press('c', { metaKey: true }), false, null],
    [press('c', { ctrlKey: true }), true, null],
    [press('c', { ctrlKey: true, altKey: true }), false, null],
    [press('c'), false, null],
    [press('Enter', { ctrlKey: true }), false, null],
  ] as const)('%j on mac=%s means %s', (key, mac, command) => {
    expect(launcherCommand(key, mac)).toBe(command);
  });
});

describe('acceleratorFromKeyPress', () => {
  it.each([
    [press(' ', { ctrlKey: true, shiftKey: true }), false, 'CommandOrControl+Shift+Space'],
    [press(' ', { metaKey: true, shiftKey: true }), true, 'CommandOrControl+Shift+Space'],
    [press('k', { ctrlKey: true, altKey: true }), false, 'CommandOrControl+Alt+K'],
    [press('k', { ctrlKey: true }), true, 'Control+K'],
    [press('F5', { metaKey: true }), false, 'Super+F5'],
    [press('ArrowUp', { altKey: true }), false, 'Alt+Up'],
    [press('Shift', { shiftKey: true }), false, null],
    [press('Dead', { altKey: true }), false, null],
  ] as const)('%j on mac=%s records %s', (key, mac, accelerator) => {
    expect(acceleratorFromKeyPress(key, mac)).toBe(accelerator);
  });

  it('records shortcuts the main process accepts unchanged', () => {
    const recorded = acceleratorFromKeyPress(press(' ', { ctrlKey: true, shiftKey: true }), false)!;
    expect(checkLauncherShortcut(recorded)).toEqual({ ok: true, accelerator: recorded });
  });
});
