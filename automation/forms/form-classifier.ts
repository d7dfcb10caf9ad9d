// Pure classification of a field group as a login form, one step of a multi-step login
// (username first, then password, then a code), or a form to leave alone (sign-up,
// change-password, forgot-password). Structure decides first; the words on the form's
// heading, attributes and buttons break ties. Also picks the form to use on a page.

import type { ButtonDescriptor, FieldDescriptor, FieldGroup } from './field-descriptor';
import { type FieldRole, type ScoredField, scoreFieldGroup } from './field-scoring';
import {
  CHANGE_PASSWORD_WORDS,
  FORGOT_WORDS,
  LOGIN_WORDS,
  NEWSLETTER_WORDS,
  NEXT_WORDS,
  OTHER_ROUTE_BUTTON_WORDS,
  SIGN_UP_WORDS,
  TOGGLE_BUTTON_WORDS,
  findKeyword,
} from './field-keywords';

export const FORM_KINDS = [
  'login',
  'username-first',
  'password-step',
  'otp',
  'sign-up',
  'change-password',
  'forgot-password',
  'unknown',
] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export interface FormFields {
  username?: FieldDescriptor;
  currentPassword?: FieldDescriptor;
  newPassword?: FieldDescriptor;
  confirmPassword?: FieldDescriptor;
  otp?: FieldDescriptor;
  /** Boxes of a segmented code in order; empty when there are none. */
  otpSegments: FieldDescriptor[];
}

export interface ClassifiedForm {
  group: FieldGroup;
  kind: FormKind;
  reasons: string[];
  fields: FormFields;
  scored: ScoredField[];
}

interface GroupWords {
  login?: string;
  next?: string;
  signUp?: string;
  forgot?: string;
  change?: string;
  newsletter?: string;
}

/** The texts that tell a form's purpose: heading, attributes, and its action buttons. */
function groupWords(group: FieldGroup): GroupWords {
  const buttonTexts = group.buttons
    .filter(
      (button: ButtonDescriptor) =>
        button.visible && !findKeyword(button.text, TOGGLE_BUTTON_WORDS) && !findKeyword(button.text, OTHER_ROUTE_BUTTON_WORDS),
    )
    .map((button) => button.text);
  const texts = [group.headingText, group.attributeText, ...buttonTexts];
  const first = (keywords: readonly string[]): string | undefined =>
    texts.map((text) => findKeyword(text, keywords)).find((hit) => hit !== undefined);
  const words: GroupWords = {};
  const login = first(LOGIN_WORDS);
  const next = first(NEXT_WORDS);
  const signUp = first(SIGN_UP_WORDS);
  const forgot = first(FORGOT_WORDS);
  const change = first(CHANGE_PASSWORD_WORDS);
  const newsletter = first(NEWSLETTER_WORDS);
  if (login) words.login = login;
  if (next) words.next = next;
  if (signUp) words.signUp = signUp;
  if (forgot) words.forgot = forgot;
  if (change) words.change = change;
  if (newsletter) words.newsletter = newsletter;
  return words;
}

function bestFor(scored: readonly ScoredField[], role: FieldRole): FieldDescriptor | undefined {
  let best: ScoredField | undefined;
  for (const entry of scored) {
    if (entry.role !== role) continue;
    if (!best || entry.scores[role] > best.scores[role]) best = entry;
  }
  return best?.field;
}

function pickFields(scored: readonly ScoredField[]): FormFields {
  const fields: FormFields = {
    otpSegments: scored.filter((entry) => entry.role === 'otpSegment').map((entry) => entry.field),
  };
  const username = bestFor(scored, 'username');
  const currentPassword = bestFor(scored, 'currentPassword');
  const newPassword = bestFor(scored, 'newPassword');
  const confirmPassword = bestFor(scored, 'confirmPassword');
  const otp = bestFor(scored, 'otp');
  if (username) fields.username = username;
  if (currentPassword) fields.currentPassword = currentPassword;
  if (newPassword) fields.newPassword = newPassword;
  if (confirmPassword) fields.confirmPassword = confirmPassword;
  if (otp) fields.otp = otp;
  return fields;
}

function decideKind(scored: readonly ScoredField[], fields: FormFields, words: GroupWords): { kind: FormKind; reason: string } {
  const passwordCount = scored.filter((entry) =>
    ['currentPassword', 'newPassword', 'confirmPassword'].includes(entry.role),
  ).length;
  // Fields a person types into that are neither password nor code: name, email, phone...
  const otherTextCount = scored.filter(
    (entry) => entry.field.type !== 'password' && entry.role !== 'otp' && entry.role !== 'otpSegment' && entry.scores.username > -20,
  ).length;
  const loginWords = words.login !== undefined;

  if (fields.otpSegments.length >= 4 && passwordCount === 0) {
    return { kind: 'otp', reason: `${fields.otpSegments.length} single-character code boxes` };
  }
  if (fields.otp && passwordCount === 0 && !fields.username) {
    return { kind: 'otp', reason: 'a one-time code field and no password' };
  }

  if (passwordCount >= 2) {
    if (fields.currentPassword && fields.newPassword) {
      return { kind: 'change-password', reason: 'current and new password fields' };
    }
    if (words.change || (words.forgot && !fields.username)) {
      return { kind: 'change-password', reason: `two password fields and '${words.change ?? words.forgot}'` };
    }
    return { kind: 'sign-up', reason: 'a new password with its confirmation' };
  }

  if (passwordCount === 1) {
    if (fields.newPassword && !fields.currentPassword) {
      if (words.change) return { kind: 'change-password', reason: `a new password and '${words.change}'` };
      // Some login forms mark their password autocomplete="new-password" only to keep browsers
      // from filling it (Cacti): a username, one password and login words, nothing of a sign-up.
      if (fields.username && loginWords && !words.signUp && otherTextCount <= 1) {
        return { kind: 'login', reason: `a username, one password marked new and '${words.login}'` };
      }
      return { kind: 'sign-up', reason: 'the password is a new one' };
    }
    if (words.signUp && !loginWords) return { kind: 'sign-up', reason: `the form says '${words.signUp}'` };
    if (otherTextCount >= 3 && !loginWords) return { kind: 'sign-up', reason: `${otherTextCount} other fields besides the password` };
    if (fields.username) return { kind: 'login', reason: 'a username followed by a current password' };
    return { kind: 'password-step', reason: 'a password field without a username (second step)' };
  }

  if (fields.username) {
    if (words.forgot) return { kind: 'forgot-password', reason: `a username field and '${words.forgot}'` };
    if (words.newsletter && !loginWords) return { kind: 'unknown', reason: `an email field and '${words.newsletter}'` };
    if (words.signUp && !loginWords) return { kind: 'sign-up', reason: `an email field and '${words.signUp}'` };
    if (otherTextCount > 2 && !loginWords) return { kind: 'unknown', reason: 'several fields and no password' };
    return { kind: 'username-first', reason: `a username field alone${words.next ? ` and '${words.next}'` : ''}` };
  }
  return { kind: 'unknown', reason: 'no username, password or code field' };
}

export function classifyForm(group: FieldGroup): ClassifiedForm {
  const scored = scoreFieldGroup(group.fields);
  const fields = pickFields(scored);
  const words = groupWords(group);
  const { kind, reason } = decideKind(scored, fields, words);
  if (kind === 'login' && !fields.currentPassword && fields.newPassword) {
    // The login's password, whatever its autocomplete says.
    fields.currentPassword = fields.newPassword;
    delete fields.newPassword;
  }
  const reasons = [reason];
  for (const [key, word] of Object.entries(words)) reasons.push(`${key} word '${word}'`);
  return { group, kind, reasons, fields, scored };
}

const LOGIN_PREFERENCE: readonly FormKind[] = ['login', 'password-step', 'username-first'];

/** Rank of a form as the entry of a login: by kind, then login words, then page position. */
function loginRank(form: ClassifiedForm): number[] {
  const kindRank = LOGIN_PREFERENCE.indexOf(form.kind);
  const hasLoginWords = form.reasons.some((reason) => reason.startsWith('login word')) ? 0 : 1;
  const firstField = form.group.fields[0];
  return [kindRank, hasLoginWords, form.group.framePath.length, firstField?.order ?? 0];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The form to log in with when a page shows several (login next to sign-up and forgot). */
export function pickLoginForm<T extends ClassifiedForm>(forms: readonly T[]): T | undefined {
  return forms
    .filter((form) => LOGIN_PREFERENCE.includes(form.kind))
    .toSorted((a, b) => compareRanks(loginRank(a), loginRank(b)))[0];
}

/** The form that asks for a one-time code, if the page shows one. */
export function pickOtpForm<T extends ClassifiedForm>(forms: readonly T[]): T | undefined {
  return forms.find((form) => form.kind === 'otp');
}
