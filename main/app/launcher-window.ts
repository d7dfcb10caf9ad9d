// The launcher: a small always-on-top window with the same sandboxed renderer and preload
// as the main window (route #/launcher). Created on first use and then only shown and
// hidden, so it opens instantly; it hides itself when it loses focus.
import type { BrowserWindow } from 'electron';
import { createSecureWindow } from './secure-window';
import { launcherToggle } from './launcher-toggle';

export const LAUNCHER_ROUTE = '#/launcher';

export type LauncherWindowOptions = {
  preloadPath: string;
  /** The renderer's index.html URL (app:// or the dev server). */
  pageUrl: string;
  /** Wires bus events to the new window (the same forwarding as the main window). */
  onCreated: (window: BrowserWindow) => void;
};

export class LauncherWindow {
  private window: BrowserWindow | null = null;

  constructor(private readonly options: LauncherWindowOptions) {}

  toggle(): void {
    const window = this.window && !this.window.isDestroyed() ? { visible: this.window.isVisible(), focused: this.window.isFocused() } : null;
    if (launcherToggle(window) === 'hide') this.hide();
    else this.show();
  }

  show(): void {
    const window = this.ensure();
    window.center();
    window.show();
    window.focus();
  }

  hide(): void {
    if (this.window && !this.window.isDestroyed() && this.window.isVisible()) this.window.hide();
  }

  destroy(): void {
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = null;
  }

  private ensure(): BrowserWindow {
    if (this.window && !this.window.isDestroyed()) return this.window;
    const window = createSecureWindow({ preloadPath: this.options.preloadPath, title: 'Tessera launcher', width: 640, height: 420 });
    // createSecureWindow sizes for the main window; the launcher is a small floating panel.
    window.setMinimumSize(480, 280);
    window.setSize(640, 420);
    window.setResizable(false);
    window.setMinimizable(false);
    window.setMaximizable(false);
    window.setFullScreenable(false);
    window.setSkipTaskbar(true);
    window.setAlwaysOnTop(true, 'floating');
    window.setMenuBarVisibility(false);
    window.on('blur', () => this.hide());
    window.on('close', (event) => {
      // Closing the launcher only hides it; it is destroyed when the app quits.
      event.preventDefault();
      this.hide();
    });
    this.options.onCreated(window);
    void window.loadURL(`${this.options.pageUrl}${LAUNCHER_ROUTE}`);
    this.window = window;
    return window;
  }
}
