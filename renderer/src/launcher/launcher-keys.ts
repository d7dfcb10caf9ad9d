// What a key press means in the launcher. Pure, so the bindings are unit-tested:
// ↑/↓ move, Enter opens the site logged in, Shift+Enter shows the account in Tessera,
// Ctrl/Cmd+C copies the username, Ctrl/Cmd+Shift+C the one-time code, Esc hides.
export type LauncherCommand = 'next' | 'previous' | 'open-logged-in' | 'show-in-main' | 'copy-username' | 'copy-code' | 'hide';

export type LauncherKey = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };

export function launcherCommand(press: LauncherKey, mac: boolean): LauncherCommand | null {
  const primary = mac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey;
  if (primary && !press.altKey && press.key.toLowerCase() === 'c') return press.shiftKey ? 'copy-code' : 'copy-username';
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.key === 'Enter') return press.shiftKey ? 'show-in-main' : 'open-logged-in';
  if (press.shiftKey) return null;
  switch (press.key) {
    case 'ArrowDown': return 'next';
    case 'ArrowUp': return 'previous';
    case 'Escape': return 'hide';
    default: return null;
  }
}
