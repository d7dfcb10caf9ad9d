// The launcher shortcut's registration with the OS (a fake registry stands in for
// Electron's globalShortcut), and the tray icon's pixels.
import { describe, expect, it } from 'vitest';
import { LauncherShortcut, type ShortcutRegistry } from '../../../main/app/launcher-shortcut-registration';
import { trayIconBitmap } from '../../../main/app/tray-icon-bitmap';

function fakeRegistry(taken: string[] = []) {
  const active = new Map<string, () => void>();
  const registry: ShortcutRegistry = {
    register: (accelerator, callback) => {
      if (taken.includes(accelerator) || active.has(accelerator)) return false;
      active.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void active.delete(accelerator),
  };
  return { registry, active };
}

describe('LauncherShortcut', () => {
  it('registers the canonical accelerator and calls back on press', () => {
    const { registry, active } = fakeRegistry();
    let pressed = 0;
    const shortcut = new LauncherShortcut(registry, () => pressed++);
    expect(shortcut.apply('cmdorctrl+shift+space')).toEqual({ registered: 'CommandOrControl+Shift+Space' });
    active.get('CommandOrControl+Shift+Space')!();
    expect(pressed).toBe(1);
  });

  it('swaps to a new shortcut and releases the old one', () => {
    const { registry, active } = fakeRegistry();
    const shortcut = new LauncherShortcut(registry, () => {});
    shortcut.apply('Control+Alt+K');
    shortcut.apply('Control+Alt+J');
    expect([...active.keys()]).toEqual(['Control+Alt+J']);
    expect(shortcut.registered).toBe('Control+Alt+J');
  });

  it('keeps the old shortcut when the new one is taken by another app', () => {
    const { registry, active } = fakeRegistry(['Control+Alt+T']);
    const shortcut = new LauncherShortcut(registry, () => {});
    shortcut.apply('Control+Alt+K');
    expect(shortcut.apply('Control+Alt+T')).toMatchObject({ failed: 'Control+Alt+T', reason: expect.stringMatching(/another app/) });
    expect([...active.keys()]).toEqual(['Control+Alt+K']);
  });

  it('refuses an invalid shortcut without touching the registry', () => {
    const { registry, active } = fakeRegistry();
    const shortcut = new LauncherShortcut(registry, () => {});
    expect(shortcut.apply('Shift+A')).toMatchObject({ failed: 'Shift+A' });
    expect(active.size).toBe(0);
  });

  it('re-applying the same shortcut is a no-op, and dispose releases it', () => {
    const { registry, active } = fakeRegistry();
    const shortcut = new LauncherShortcut(registry, () => {});
    shortcut.apply('Control+Alt+K');
    expect(shortcut.apply('ctrl+alt+k')).toEqual({ registered: 'Control+Alt+K' });
    shortcut.dispose();
    expect(active.size).toBe(0);
  });
});

describe('trayIconBitmap', () => {
  it('is a BGRA square, transparent in the corners and opaque in the middle', () => {
    const size = 32;
    const pixels = trayIconBitmap(size);
    expect(pixels.length).toBe(size * size * 4);
    const alpha = (x: number, y: number) => pixels[(y * size + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(size - 1, size - 1)).toBe(0);
    expect(alpha(16, 16)).toBe(255);
    // top-left is blue (B high, R low), bottom-right teal (G high)
    const at = (x: number, y: number) => [...pixels.subarray((y * size + x) * 4, (y * size + x) * 4 + 3)];
    expect(at(8, 8)[0]!).toBeGreaterThan(at(8, 8)[2]!);
    expect(at(24, 24)[1]!).toBeGreaterThan(at(8, 8)[1]!);
  });
});
