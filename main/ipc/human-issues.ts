// The one mapping from schema issues to sentences for people (issue 21). A refused request
// names the field the way the form labels it and says what to enter, per field, so a form can
// show each message under its own input. No schema path, issue code or library wording reaches
// the message: those stay in the log.
import type { z } from 'zod';

/** How forms label the fields that channels validate, by the last key of the issue's path. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  username: 'Username',
  password: 'Password',
  currentPassword: 'Current master password',
  newPassword: 'New master password',
  recoveryKey: 'Recovery key',
  urls: 'Website',
  url: 'Website',
  notes: 'Notes',
  tags: 'Tags',
  totp: 'One-time code secret',
  secret: 'Secret',
  managedEmail: 'Managed email',
  managedPhone: 'Managed phone',
  autoLockMinutes: 'Auto-lock time',
  clipboardClearSeconds: 'Clipboard timeout',
  launcherShortcut: 'Launcher shortcut',
  browserPath: 'Browser',
  theme: 'Appearance',
  every: 'Every',
  hours: 'Hours',
  startHour: 'Window start',
  endHour: 'Window end',
  startAt: 'First run',
  relayUrl: 'Relay address',
  host: 'Server',
  port: 'Port',
  address: 'Mailbox address',
  text: 'Text',
  code: 'Code',
  length: 'Length',
  words: 'Words',
  passphrase: 'Passphrase',
};

const UNITS: Record<string, string> = { clipboardClearSeconds: 'seconds', autoLockMinutes: 'minutes', hours: 'hours', length: 'characters' };

export type HumanIssues = {
  /** One sentence for the whole request (the first problem). */
  message: string;
  /** One sentence per field key (the last key of each issue's path), for inline display. */
  fields: Record<string, string>;
};

/** The last string key of a path: the field a form shows (array indexes belong to it). */
export function fieldKeyOf(path: readonly PropertyKey[]): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string') return key;
  }
  return null;
}

export function labelOf(key: string | null): string | null {
  if (key === null) return null;
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  // An unknown key still reads as words: "browserPath" → "Browser path".
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : null;
}

/** Messages written by Tessera's schemas ("use at least 8 characters") rather than zod's own defaults. */
function isAuthored(message: string): boolean {
  return !/^(Invalid|Too (small|big)|Unrecognized|Expected|Required)\b/i.test(message) && !/expected /i.test(message);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** What to enter, for one issue, without naming the field. */
function requirementOf(issue: z.core.$ZodIssue, key: string | null): string {
  if (issue.message && isAuthored(issue.message)) return issue.message;
  const unit = (key && UNITS[key]) ?? '';
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'is required' : `needs at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? 'needs at least one entry' : `needs at least ${min} entries`;
      return `must be at least ${min}${unit ? ` ${unit}` : ''}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `is too long (at most ${max.toLocaleString('en')} characters)`;
      if (issue.origin === 'array' || issue.origin === 'set') return `has too many entries (at most ${max.toLocaleString('en')})`;
      return `must be at most ${max.toLocaleString('en')}${unit ? ` ${unit}` : ''}`;
    }
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return 'must be a number';
      if (issue.input === undefined) return 'is required';
      return 'has a value Tessera cannot use';
    case 'invalid_format':
      if (issue.format === 'email') return 'must be an email address such as team@example.com';
      if (issue.format === 'url') return 'must be a web address such as https://example.com';
      return 'is not in the expected format';
    case 'invalid_value':
      return 'must be one of the choices offered';
    case 'not_multiple_of':
      return 'must be a whole number';
    case 'unrecognized_keys':
      return 'is not something this form accepts';
    default:
      return 'is not valid';
  }
}

export function humanizeIssues(issues: readonly z.core.$ZodIssue[]): HumanIssues {
  const fields: Record<string, string> = {};
  const sentences: string[] = [];
  for (const issue of issues) {
    const key = fieldKeyOf(issue.path);
    const label = labelOf(key);
    const requirement = requirementOf(issue, key);
    // "must …", "needs …", "is …" read after the field's label; anything else Tessera wrote
    // ("use at least 8 characters", "an account needs a name") is a sentence of its own.
    const text = label && /^(must|needs|is|has)\b/.test(requirement) ? sentence(`${label} ${requirement}`) : sentence(requirement);
    if (key !== null && !(key in fields)) fields[key] = text;
    sentences.push(text);
  }
  return { message: sentences[0] ?? 'Check the highlighted fields and try again.', fields };
}
