// Pure scoring of form fields: how much each field looks like a username, a current, new or
// confirmation password, a one-time code, or one box of a segmented code. Signals, strongest
// first: autocomplete tokens, input type, keywords in labels and attributes, then the group's
// structure (position before the password, how many password fields, runs of 1-char boxes).

import type { FieldDescriptor } from './field-descriptor';
import {
  CONFIRM_PASSWORD_WORDS,
  CURRENT_PASSWORD_WORDS,
  NEW_PASSWORD_WORDS,
  NOT_OTP_WORDS,
  NOT_USERNAME_WORDS,
  OTP_WORDS,
  PASSWORD_WORDS,
  USERNAME_WORDS,
  findKeyword,
} from './field-keywords';

export const FIELD_ROLES = [
  'username',
  'currentPassword',
  'newPassword',
  'confirmPassword',
  'otp',
  'otpSegment',
] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];
export type RoleScores = Record<FieldRole, number>;

/** A field's role is the best-scoring one if it reaches this score. */
export const ROLE_THRESHOLD = 4;

export interface ScoredField {
  field: FieldDescriptor;
  scores: RoleScores;
  role: FieldRole | 'other';
  /** Why, e.g. 'username: autocomplete=username'. */
  reasons: string[];
}

const TEXT_LIKE_TYPES = new Set(['text', 'email', 'tel', 'number', 'search', 'url', '']);
const PASSWORD_ROLES: readonly FieldRole[] = ['currentPassword', 'newPassword', 'confirmPassword'];

class ScoreSheet {
  readonly scores: RoleScores = {
    username: 0,
    currentPassword: 0,
    newPassword: 0,
    confirmPassword: 0,
    otp: 0,
    otpSegment: 0,
  };
  readonly reasons: string[] = [];

  add(role: FieldRole, points: number, reason: string): void {
    this.scores[role] += points;
    this.reasons.push(`${role} ${points > 0 ? '+' : ''}${points}: ${reason}`);
  }
}

function labelTexts(field: FieldDescriptor): string[] {
  const { forLabel, wrappingLabel, ariaLabel, ariaLabelledBy, placeholder, nearbyText } = field.labels;
  return [forLabel, wrappingLabel, ariaLabel, ariaLabelledBy, placeholder, nearbyText].filter((t) => t !== '');
}

/**
 * Points for keywords: a label naming the field counts more than an attribute (labels are
 * what the person reads; names are often generated), both together count most.
 */
function keywordHit(
  field: FieldDescriptor,
  keywords: readonly string[],
): { points: number; reason: string } | undefined {
  const inLabel = labelTexts(field)
    .map((text) => findKeyword(text, keywords))
    .find((hit) => hit !== undefined);
  const inAttribute = [field.name, field.id].map((text) => findKeyword(text, keywords)).find((hit) => hit !== undefined);
  if (inLabel !== undefined && inAttribute !== undefined) {
    return { points: 5, reason: `label and name/id mention '${inLabel}'` };
  }
  if (inLabel !== undefined) return { points: 4, reason: `label mentions '${inLabel}'` };
  if (inAttribute !== undefined) return { points: 3, reason: `name/id mentions '${inAttribute}'` };
  return undefined;
}

function mentions(field: FieldDescriptor, keywords: readonly string[]): string | undefined {
  return [...labelTexts(field), field.name, field.id]
    .map((text) => findKeyword(text, keywords))
    .find((hit) => hit !== undefined);
}

/** Scores a field from its own attributes, without looking at its neighbours. */
export function scoreFieldSignals(field: FieldDescriptor): { scores: RoleScores; reasons: string[] } {
  const sheet = new ScoreSheet();
  const tokens = new Set(field.autocomplete);
  const isPasswordType = field.type === 'password';
  const isTextLike = field.tag === 'input' && TEXT_LIKE_TYPES.has(field.type);

  if (tokens.has('username')) sheet.add('username', 10, 'autocomplete=username');
  if (tokens.has('email')) sheet.add('username', 8, 'autocomplete=email');
  if (tokens.has('current-password')) sheet.add('currentPassword', 10, 'autocomplete=current-password');
  if (tokens.has('new-password')) {
    sheet.add('newPassword', 10, 'autocomplete=new-password');
    // Sites mark the confirmation box new-password too; structure tells them apart.
    sheet.add('confirmPassword', 6, 'autocomplete=new-password');
  }
  if (tokens.has('one-time-code')) sheet.add('otp', 10, 'autocomplete=one-time-code');

  if (isPasswordType) {
    sheet.add('currentPassword', 6, 'type=password');
    sheet.add('newPassword', 4, 'type=password');
    sheet.add('confirmPassword', 3, 'type=password');
    sheet.add('username', -20, 'a password field is never the username');
  } else if (!isTextLike) {
    for (const role of FIELD_ROLES) sheet.add(role, -20, `${field.tag} type=${field.type} holds no credential`);
    return sheet;
  }

  if (field.type === 'email') sheet.add('username', 5, 'type=email');
  else if (isTextLike) sheet.add('username', 1, `type=${field.type || 'text'}`);

  const notUsername = mentions(field, NOT_USERNAME_WORDS);
  const usernameHit = keywordHit(field, USERNAME_WORDS);
  if (notUsername !== undefined) sheet.add('username', -8, `mentions '${notUsername}'`);
  else if (usernameHit && !isPasswordType) sheet.add('username', usernameHit.points, usernameHit.reason);

  const passwordHit = keywordHit(field, PASSWORD_WORDS);
  if (passwordHit && !isPasswordType) {
    // A password shown in clear text after pressing "show".
    sheet.add('currentPassword', passwordHit.points + 2, passwordHit.reason);
  }
  if (isPasswordType || passwordHit) {
    const current = mentions(field, CURRENT_PASSWORD_WORDS);
    const fresh = mentions(field, NEW_PASSWORD_WORDS);
    const confirm = mentions(field, CONFIRM_PASSWORD_WORDS);
    if (confirm !== undefined) sheet.add('confirmPassword', 6, `mentions '${confirm}'`);
    if (fresh !== undefined && confirm === undefined) sheet.add('newPassword', 5, `mentions '${fresh}'`);
    if (current !== undefined) sheet.add('currentPassword', 5, `mentions '${current}'`);
  }

  const notOtp = mentions(field, NOT_OTP_WORDS);
  const otpHit = keywordHit(field, OTP_WORDS);
  if (notOtp !== undefined) {
    sheet.add('otp', -10, `mentions '${notOtp}'`);
  } else if (otpHit) {
    sheet.add('otp', otpHit.points + 1, otpHit.reason);
    if (!tokens.has('username') && !tokens.has('email')) sheet.add('username', -4, 'names a code');
    if (isPasswordType && !tokens.has('current-password')) sheet.add('currentPassword', -6, 'names a code');
  }
  if (!isPasswordType || otpHit) {
    if (field.inputMode === 'numeric') sheet.add('otp', 1, 'inputmode=numeric');
    if (field.maxLength !== null && field.maxLength >= 4 && field.maxLength <= 8) {
      sheet.add('otp', 2, `maxlength=${field.maxLength}`);
    }
    if (/\\d|\[0-9\]/.test(field.pattern)) sheet.add('otp', 1, 'digits-only pattern');
  }
  if (field.maxLength === 1) sheet.add('otp', -6, 'holds a single character');
  return sheet;
}

function isSegmentCandidate(field: FieldDescriptor): boolean {
  if (field.tag !== 'input' || !['text', 'tel', 'number', 'password', ''].includes(field.type)) return false;
  return field.maxLength === 1 || (field.inputMode === 'numeric' && field.box.width > 0 && field.box.width <= 64);
}

/** Runs of 4–8 consecutive single-character boxes of similar size: a segmented code. */
function findSegmentRuns(fields: readonly FieldDescriptor[]): FieldDescriptor[][] {
  const runs: FieldDescriptor[][] = [];
  let run: FieldDescriptor[] = [];
  const flush = (): void => {
    if (run.length >= 4 && run.length <= 8) runs.push(run);
    run = [];
  };
  for (const field of fields) {
    const previous = run.at(-1);
    const similar = previous === undefined || Math.abs(previous.box.height - field.box.height) <= 8;
    if (isSegmentCandidate(field) && similar) run.push(field);
    else {
      flush();
      if (isSegmentCandidate(field)) run.push(field);
    }
  }
  flush();
  return runs;
}

function bestRole(scores: RoleScores): FieldRole | 'other' {
  let best: FieldRole | 'other' = 'other';
  let bestScore = ROLE_THRESHOLD - 1;
  for (const role of FIELD_ROLES) {
    if (scores[role] > bestScore) {
      best = role;
      bestScore = scores[role];
    }
  }
  return best;
}

function isPasswordLike(sheet: { scores: RoleScores }): boolean {
  return PASSWORD_ROLES.some((role) => sheet.scores[role] >= ROLE_THRESHOLD) && sheet.scores.otp < ROLE_THRESHOLD + 2;
}

/**
 * Scores every usable field of one group (visible and enabled, in document order), adding
 * what only the group shows: a username sits before the password, two password boxes are
 * new + confirm (or current + new), three are current + new + confirm.
 */
export function scoreFieldGroup(fields: readonly FieldDescriptor[]): ScoredField[] {
  const usable = fields.filter((field) => field.visible).toSorted((a, b) => a.order - b.order);
  const sheets = usable.map((field) => {
    const signals = scoreFieldSignals(field);
    return { field, scores: { ...signals.scores }, reasons: [...signals.reasons] };
  });
  const add = (index: number, role: FieldRole, points: number, reason: string): void => {
    const sheet = sheets[index];
    if (!sheet) return;
    sheet.scores[role] += points;
    sheet.reasons.push(`${role} ${points > 0 ? '+' : ''}${points}: ${reason}`);
  };

  const segmentRuns = findSegmentRuns(usable);
  const segmentFields = new Set(segmentRuns.flat());
  for (const run of segmentRuns) {
    for (const field of run) {
      add(usable.indexOf(field), 'otpSegment', 10, `one of ${run.length} single-character boxes`);
    }
  }

  const passwordIndexes = sheets.flatMap((sheet, index) =>
    isPasswordLike(sheet) && !segmentFields.has(sheet.field) ? [index] : [],
  );
  const [first, second, third] = passwordIndexes;
  if (passwordIndexes.length === 1 && first !== undefined) {
    add(first, 'currentPassword', 2, 'the only password field');
  } else if (passwordIndexes.length === 2 && first !== undefined && second !== undefined) {
    const firstIsCurrent = (sheets[first]?.scores.currentPassword ?? 0) >= 10;
    if (firstIsCurrent) {
      add(second, 'newPassword', 4, 'second password after the current one');
    } else {
      add(first, 'newPassword', 4, 'first of two password fields');
      add(second, 'confirmPassword', 6, 'second of two password fields');
    }
  } else if (passwordIndexes.length >= 3 && first !== undefined && second !== undefined && third !== undefined) {
    add(first, 'currentPassword', 4, 'first of three password fields');
    add(second, 'newPassword', 4, 'second of three password fields');
    add(third, 'confirmPassword', 6, 'third of three password fields');
  }

  if (first !== undefined) {
    const before = sheets.slice(0, first).flatMap((sheet, index) => (sheet.scores.username > 0 ? [index] : []));
    const nearest = before.at(-1);
    for (const index of before) {
      add(index, 'username', index === nearest ? 3 : 1, index === nearest ? 'nearest field before the password' : 'before the password');
    }
    sheets.forEach((sheet, index) => {
      if (index > first && sheet.scores.username > 0) add(index, 'username', -3, 'after the password');
    });
  }

  return sheets.map((sheet) => ({ ...sheet, role: bestRole(sheet.scores) }));
}
