// One way to show dates, times and shortcuts everywhere in the app (issue 21): dates and times
// in the person's locale with one format, and shortcuts with the platform's own names
// (⌘⌥K on macOS, Ctrl+Alt+K elsewhere) instead of Electron's accelerator strings.
import { isMac } from './platform';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export const formatDateTime = (at: number | Date): string => dateTimeFormat.format(at);
export const formatDate = (at: number | Date): string => dateFormat.format(at);
export const formatTime = (at: number | Date): string => timeFormat.format(at);

const MAC_SYMBOLS: Record<string, string> = {
  CommandOrControl: '⌘', CmdOrCtrl: '⌘', Command: '⌘', Cmd: '⌘', Meta: '⌘', Super: '⌘',
  Control: '⌃', Ctrl: '⌃', Alt: '⌥', Option: '⌥', AltGr: '⌥', Shift: '⇧',
  Space: 'Space', Enter: '↩', Return: '↩', Escape: 'Esc', Backspace: '⌫', Tab: '⇥',
  Up: '↑', Down: '↓', Left: '←', Right: '→',
};
const OTHER_NAMES: Record<string, string> = {
  CommandOrControl: 'Ctrl', CmdOrCtrl: 'Ctrl', Control: 'Ctrl', Command: 'Win', Cmd: 'Win', Meta: 'Win', Super: 'Win',
  Option: 'Alt', AltGr: 'AltGr', Up: '↑', Down: '↓', Left: '←', Right: '→', Return: 'Enter', Escape: 'Esc',
};

/** "CommandOrControl+Alt+K" → "⌘⌥K" on macOS, "Ctrl+Alt+K" elsewhere. */
export function formatShortcut(accelerator: string, mac = isMac()): string {
  const parts = accelerator.split('+').filter(Boolean);
  if (mac) return parts.map((p) => MAC_SYMBOLS[p] ?? p.toUpperCase()).join('');
  return parts.map((p) => OTHER_NAMES[p] ?? (p.length === 1 ? p.toUpperCase() : p)).join('+');
}
