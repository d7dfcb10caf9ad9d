// Turns a key press into an Electron accelerator for the shortcut field ("press the keys
// you want"). The main process still checks the result; this only spares typing it.
export type KeyPress = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean };

const KEY_NAMES: Record<string, string> = {
  ' ': 'Space', ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', Enter: 'Return',
  Escape: 'Escape', Tab: 'Tab', Backspace: 'Backspace', Delete: 'Delete', Insert: 'Insert', Home: 'Home',
  End: 'End', PageUp: 'PageUp', PageDown: 'PageDown', '+': 'Plus',
};
const MODIFIER_KEYS = new Set(['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'OS']);

/** Null while only modifiers are held, or for a key with no accelerator name. */
export function acceleratorFromKeyPress(press: KeyPress, mac: boolean): string | null {
  if (MODIFIER_KEYS.has(press.key)) return null;
  const key = KEY_NAMES[press.key] ?? (/^F([1-9]|1[0-9]|2[0-4])$/.test(press.key) ? press.key : press.key.length === 1 ? press.key.toUpperCase() : null);
  if (key === null) return null;
  const parts: string[] = [];
  // The platform's usual shortcut modifier becomes CommandOrControl, so the setting travels.
  const primary = mac ? press.metaKey : press.ctrlKey;
  if (primary) parts.push('CommandOrControl');
  if (mac && press.ctrlKey) parts.push('Control');
  if (press.altKey) parts.push('Alt');
  if (!mac && press.metaKey) parts.push('Super');
  if (press.shiftKey) parts.push('Shift');
  return [...parts, key].join('+');
}
