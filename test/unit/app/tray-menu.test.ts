// The tray menu and the launcher shortcut's show/hide rule, as plain data (Electron cannot
// run here; nothing of it is faked: these are the pure parts tray.ts and launcher-window.ts use).
import { describe, expect, it } from 'vitest';
import { trayMenuTemplate } from '../../../main/app/tray-menu';
import { launcherToggle } from '../../../main/app/launcher-toggle';

function recordingActions() {
  const calls: string[] = [];
  return { calls, actions: { showMain: () => calls.push('showMain'), openLauncher: () => calls.push('openLauncher'), lock: () => calls.push('lock'), quit: () => calls.push('quit') } };
}

describe('tray menu', () => {
  it('offers show, launcher, lock and quit, quit set apart, each calling its action', () => {
    const { calls, actions } = recordingActions();
    const items = trayMenuTemplate(actions, null);
    expect(items.map((i) => i.label ?? i.type)).toEqual(['Show Tessera', 'Open launcher', 'Lock', 'separator', 'Quit Tessera']);
    for (const item of items) item.click?.(undefined as never, undefined, undefined as never);
    expect(calls).toEqual(['showMain', 'openLauncher', 'lock', 'quit']);
  });

  it('shows the launcher shortcut as a hint without registering it a second time', () => {
    const { actions } = recordingActions();
    expect(trayMenuTemplate(actions, 'CommandOrControl+Shift+Space')[1]).toMatchObject({ accelerator: 'CommandOrControl+Shift+Space', registerAccelerator: false });
    expect(trayMenuTemplate(actions, null)[1]).not.toHaveProperty('accelerator');
  });
});

describe('launcher shortcut', () => {
  it.each([
    [null, 'show'],
    [{ visible: false, focused: false }, 'show'],
    [{ visible: true, focused: false }, 'show'],
    [{ visible: true, focused: true }, 'hide'],
  ] as const)('with the launcher %j it does %s', (window, expected) => {
    expect(launcherToggle(window)).toBe(expected);
  });
});
