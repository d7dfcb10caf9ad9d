// Keeps the launcher's global shortcut registered with the OS: registers the configured
// accelerator, swaps it when the setting changes, and reports a shortcut another app
// already holds instead of failing silently. The registry is Electron's globalShortcut in
// the app and a fake in tests.
import { checkLauncherShortcut } from '../settings/launcher-shortcut';

export type ShortcutRegistry = {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
};

export type ShortcutOutcome = { registered: string } | { failed: string; reason: string };

export class LauncherShortcut {
  private current: string | null = null;

  constructor(
    private readonly registry: ShortcutRegistry,
    private readonly onPress: () => void,
  ) {}

  get registered(): string | null {
    return this.current;
  }

  /** Replaces the registered shortcut. On failure the previous one stays active. */
  apply(text: string): ShortcutOutcome {
    const check = checkLauncherShortcut(text);
    if (!check.ok) return { failed: text, reason: check.reason };
    if (check.accelerator === this.current) return { registered: check.accelerator };
    let ok: boolean;
    try {
      ok = this.registry.register(check.accelerator, this.onPress);
    } catch {
      ok = false;
    }
    if (!ok) return { failed: check.accelerator, reason: 'another app already uses it, or the system does not allow it' };
    if (this.current !== null) this.registry.unregister(this.current);
    this.current = check.accelerator;
    return { registered: check.accelerator };
  }

  dispose(): void {
    if (this.current !== null) this.registry.unregister(this.current);
    this.current = null;
  }
}
