// Start at login on Linux desktops: a freedesktop.org autostart entry,
// $XDG_CONFIG_HOME/autostart/tessera.desktop (GNOME, KDE, Xfce and others read it at login).
// Electron's setLoginItemSettings covers only macOS and Windows, so this is plain Node, and
// the app and the web test host use the same code. The entry starts Tessera with --background:
// in the tray, locked, no window.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write';

export const BACKGROUND_ARG = '--background';

export interface StartAtLogin {
  /** Makes the OS start Tessera at login (in the background), or stop doing so. */
  apply(enabled: boolean): void;
  /** Whether the OS will start Tessera at login now. */
  enabled(): boolean;
}

export interface XdgAutostartOptions {
  /** $XDG_CONFIG_HOME, default ~/.config. */
  configHome?: string;
  /** The program and any arguments before --background, e.g. [process.execPath] or an AppImage path. */
  command: readonly string[];
}

export function xdgConfigHome(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['XDG_CONFIG_HOME'];
  // The spec: a relative path is invalid and must be ignored.
  return configured && configured.startsWith('/') ? configured : join(homedir(), '.config');
}

export function xdgAutostart({ configHome = xdgConfigHome(), command }: XdgAutostartOptions): StartAtLogin & { readonly path: string } {
  const dir = join(configHome, 'autostart');
  const path = join(dir, 'tessera.desktop');
  return {
    path,
    apply(enabled) {
      if (!enabled) {
        rmSync(path, { force: true });
        return;
      }
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileAtomicSync(path, desktopEntry([...command, BACKGROUND_ARG]), 0o644);
    },
    enabled() {
      if (!existsSync(path)) return false;
      // A person may switch it off in their desktop's settings, which writes Hidden=true.
      return !/^Hidden\s*=\s*true\s*$/m.test(readFileSync(path, 'utf8'));
    },
  };
}

export function desktopEntry(argv: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tessera',
    'Comment=Keeps shared accounts at their security level: starts locked, in the tray',
    `Exec=${argv.map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * One argument of an Exec line, per the Desktop Entry spec: quoted when it holds a reserved
 * character, with " ` $ \ escaped inside the quotes; % doubled, since %f and friends are field codes.
 */
export function quoteExecArgument(argument: string): string {
  if (/[\n\r]/.test(argument)) throw new Error('A program path with a line break cannot be started at login.');
  const percent = argument.replaceAll('%', '%%');
  if (!/[\s"'\\><~|&;$*?#()`=]/.test(percent)) return percent;
  return `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}
