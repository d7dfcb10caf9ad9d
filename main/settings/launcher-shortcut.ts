// The launcher's global shortcut as an Electron accelerator string ("CommandOrControl+
// Shift+Space"): parsed, checked and written back in one canonical spelling. Plain data, so
// the settings channel can refuse a bad shortcut before main/app hands it to Electron.
// A global shortcut steals its keys from every other app, so it needs a real modifier
// (Shift alone would swallow capital letters) and exactly one key.

export const DEFAULT_LAUNCHER_SHORTCUT = 'CommandOrControl+Shift+Space';

type Modifier = 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Super' | 'Shift';

/** Canonical order, as Electron's docs write accelerators. */
const MODIFIER_ORDER: readonly Modifier[] = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Super', 'Shift'];

const MODIFIER_ALIASES: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl', cmdorctrl: 'CommandOrControl',
  command: 'Command', cmd: 'Command',
  control: 'Control', ctrl: 'Control',
  alt: 'Alt', option: 'Alt',
  altgr: 'AltGr',
  super: 'Super', meta: 'Super',
  shift: 'Shift',
};

const NAMED_KEYS = [
  'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return',
  'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'PrintScreen',
  'VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
const KEY_ALIASES: Record<string, string> = {
  ...Object.fromEntries(NAMED_KEYS.map((k) => [k.toLowerCase(), k])),
  enter: 'Return', esc: 'Escape', arrowup: 'Up', arrowdown: 'Down', arrowleft: 'Left', arrowright: 'Right',
};
const PUNCTUATION = new Set([...')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"\'']);

export type ShortcutCheck = { ok: true; accelerator: string } | { ok: false; reason: string };

export function checkLauncherShortcut(text: string): ShortcutCheck {
  const parts = text.trim().split('+');
  // "Ctrl++" means Ctrl and the plus key: an empty part after a '+' is the key itself.
  if (parts.length >= 2 && parts.at(-1) === '' && parts.at(-2) === '') parts.splice(-2, 2, 'Plus');
  if (parts.some((p) => p.trim() === '')) return { ok: false, reason: 'Write the shortcut as keys joined by “+”, for example CommandOrControl+Shift+Space.' };
  const modifiers = new Set<Modifier>();
  let key: string | null = null;
  for (const raw of parts.map((p) => p.trim())) {
    const modifier = MODIFIER_ALIASES[raw.toLowerCase()];
    if (modifier) {
      if (modifiers.has(modifier)) return { ok: false, reason: `${modifier} appears twice.` };
      modifiers.add(modifier);
      continue;
    }
    const named = keyName(raw);
    if (named === null) return { ok: false, reason: `“${raw}” is not a key Tessera knows. Use a letter, a digit, F1–F24, Space or a named key such as PageUp.` };
    if (key !== null) return { ok: false, reason: 'Use exactly one key besides the modifiers.' };
    key = named;
  }
  if (key === null) return { ok: false, reason: 'Add a key after the modifiers, for example Space.' };
  const strong = [...modifiers].some((m) => m !== 'Shift');
  if (!strong) return { ok: false, reason: 'A global shortcut needs Ctrl, Cmd, Alt or Super; Shift alone would take keys away from typing.' };
  const ordered = MODIFIER_ORDER.filter((m) => modifiers.has(m));
  return { ok: true, accelerator: [...ordered, key].join('+') };
}

function keyName(raw: string): string | null {
  if (/^[a-z0-9]$/i.test(raw)) return raw.toUpperCase();
  if (/^f([1-9]|1[0-9]|2[0-4])$/i.test(raw)) return raw.toUpperCase();
  if (/^num[0-9]$/i.test(raw)) return raw.toLowerCase();
  if (raw.length === 1 && PUNCTUATION.has(raw)) return raw === '+' ? 'Plus' : raw;
  return KEY_ALIASES[raw.toLowerCase()] ?? null;
}
