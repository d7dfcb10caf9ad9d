import { describe, expect, it } from 'vitest';
import { scoreFieldGroup, scoreFieldSignals } from '../../../automation/forms/field-scoring';
import { compactText, findKeyword, USERNAME_WORDS } from '../../../automation/forms/field-keywords';
import { type FieldSpec, field, segmentBoxes } from './form-builders';

const password = (spec: FieldSpec = {}): FieldSpec => ({ type: 'password', ...spec });

interface RoleCase {
  name: string;
  fields: FieldSpec[];
  roles: string[];
}

const roleCases: RoleCase[] = [
  { name: 'autocomplete username and current-password', fields: [{ autocomplete: ['username'] }, password({ autocomplete: ['current-password'] })], roles: ['username', 'currentPassword'] },
  { name: 'type=email before a password', fields: [{ type: 'email' }, password()], roles: ['username', 'currentPassword'] },
  { name: 'name=login before a password', fields: [{ name: 'login' }, password({ name: 'pw' })], roles: ['username', 'currentPassword'] },
  { name: 'an unlabelled text box right before the password', fields: [{}, password()], roles: ['username', 'currentPassword'] },
  { name: 'a text box after the password is not the username', fields: [password(), { name: 'remember_note' }], roles: ['currentPassword', 'other'] },
  { name: 'German labels', fields: [{ label: 'Benutzername', name: 'feld1' }, password({ label: 'Kennwort', name: 'feld2' })], roles: ['username', 'currentPassword'] },
  { name: 'German E-Mail-Adresse and Passwort', fields: [{ labels: { placeholder: 'E-Mail-Adresse' } }, password({ label: 'Passwort' })], roles: ['username', 'currentPassword'] },
  { name: 'Spanish placeholders', fields: [{ labels: { placeholder: 'Correo electrónico' } }, password({ labels: { placeholder: 'Contraseña' } })], roles: ['username', 'currentPassword'] },
  { name: 'Spanish usuario', fields: [{ label: 'Usuario' }, password()], roles: ['username', 'currentPassword'] },
  { name: 'French aria-labels', fields: [{ labels: { ariaLabel: 'Identifiant' } }, password({ labels: { ariaLabel: 'Mot de passe' } })], roles: ['username', 'currentPassword'] },
  { name: 'Japanese email label', fields: [{ label: 'メールアドレス' }, password({ label: 'パスワード' })], roles: ['username', 'currentPassword'] },
  { name: 'Japanese username label', fields: [{ labels: { nearbyText: 'ユーザー名' } }, password()], roles: ['username', 'currentPassword'] },
  { name: 'a search box before the login fields', fields: [{ name: 'q', labels: { ariaLabel: 'Search' } }, { labels: { ariaLabel: 'Email address' } }, password()], roles: ['other', 'username', 'currentPassword'] },
  { name: 'username known only from nearby text', fields: [{ labels: { nearbyText: 'Email' } }], roles: ['username'] },
  { name: 'username-first step with autocomplete', fields: [{ autocomplete: ['username', 'webauthn'] }], roles: ['username'] },
  { name: 'password step alone', fields: [password({ autocomplete: ['current-password'] })], roles: ['currentPassword'] },
  { name: 'a password shown in clear text', fields: [{ type: 'email' }, { name: 'password' }], roles: ['username', 'currentPassword'] },
  {
    name: 'sign-up: full name, email, new password, confirmation',
    fields: [{ label: 'Full name' }, { type: 'email', autocomplete: ['email'] }, password({ autocomplete: ['new-password'] }), password({ autocomplete: ['new-password'] })],
    roles: ['other', 'username', 'newPassword', 'confirmPassword'],
  },
  { name: 'two password boxes without hints are new + confirm', fields: [{ type: 'email' }, password(), password()], roles: ['username', 'newPassword', 'confirmPassword'] },
  { name: 'German confirmation label', fields: [password({ label: 'Neues Passwort' }), password({ label: 'Passwort wiederholen' })], roles: ['newPassword', 'confirmPassword'] },
  { name: 'change-password: three password boxes', fields: [password(), password(), password()], roles: ['currentPassword', 'newPassword', 'confirmPassword'] },
  { name: 'current and new by autocomplete', fields: [password({ autocomplete: ['current-password'] }), password({ autocomplete: ['new-password'] })], roles: ['currentPassword', 'newPassword'] },
  { name: 'labelled current and new', fields: [password({ label: 'Current password' }), password({ label: 'New password' }), password({ label: 'Confirm new password' })], roles: ['currentPassword', 'newPassword', 'confirmPassword'] },
  { name: 'one-time-code autocomplete', fields: [{ autocomplete: ['one-time-code'], inputMode: 'numeric' }], roles: ['otp'] },
  { name: 'otp by name, inputmode and maxlength', fields: [{ name: 'otp', inputMode: 'numeric', maxLength: 6 }], roles: ['otp'] },
  { name: 'Japanese 確認コード', fields: [{ label: '確認コード' }], roles: ['otp'] },
  { name: 'Spanish código de verificación', fields: [{ labels: { placeholder: 'Código de verificación' } }], roles: ['otp'] },
  { name: 'German Bestätigungscode', fields: [{ label: 'Bestätigungscode', maxLength: 6 }], roles: ['otp'] },
  { name: 'a postal code is not an OTP', fields: [{ label: 'Postal code', maxLength: 6 }], roles: ['other'] },
  { name: 'a promo code is not an OTP', fields: [{ name: 'promo_code' }], roles: ['other'] },
  { name: 'a password box named for a code is an OTP', fields: [password({ name: 'totp_code', labels: { placeholder: '6-digit code' }, maxLength: 6 })], roles: ['otp'] },
  { name: 'a select holds no credential', fields: [{ tag: 'select', type: 'select-one', name: 'user_country' }, password()], roles: ['other', 'currentPassword'] },
  { name: 'a newsletter email is not a username', fields: [{ type: 'email', labels: { placeholder: 'Subscribe to our newsletter' } }], roles: ['other'] },
];

describe('scoreFieldGroup', () => {
  it.each(roleCases)('$name', ({ fields, roles }) => {
    const scored = scoreFieldGroup(fields.map((spec) => field(spec)));
    expect(scored.map((entry) => entry.role)).toEqual(roles);
  });

  it.each([
    ['six boxes', 6, 'otpSegment'],
    ['four boxes', 4, 'otpSegment'],
    ['eight boxes', 8, 'otpSegment'],
    ['three boxes are too few', 3, 'other'],
    ['nine boxes are too many', 9, 'other'],
  ])('segmented code: %s', (_name, count, role) => {
    const scored = scoreFieldGroup(segmentBoxes(count));
    expect(new Set(scored.map((entry) => entry.role))).toEqual(new Set([role]));
  });

  it('treats password-typed single-character boxes as code segments, not passwords', () => {
    const scored = scoreFieldGroup(segmentBoxes(6, { type: 'password' }));
    expect(scored.every((entry) => entry.role === 'otpSegment')).toBe(true);
  });

  it('ignores invisible fields such as honeypots', () => {
    const scored = scoreFieldGroup([field({ name: 'username', visible: false }), field({ type: 'email' }), field({ type: 'password' })]);
    expect(scored.map((entry) => entry.role)).toEqual(['username', 'currentPassword']);
  });

  it('scores in document order whatever order the fields arrive in', () => {
    const pass = field({ type: 'password', order: 11 });
    const user = field({ order: 10 });
    expect(scoreFieldGroup([pass, user]).map((entry) => entry.role)).toEqual(['username', 'currentPassword']);
  });

  it('explains each score', () => {
    const [scored] = scoreFieldGroup([field({ autocomplete: ['username'] })]);
    expect(scored?.reasons).toContain('username +10: autocomplete=username');
  });
});

describe('scoreFieldSignals', () => {
  it('ranks autocomplete above keywords', () => {
    const byAutocomplete = scoreFieldSignals(field({ autocomplete: ['username'] })).scores.username;
    const byLabel = scoreFieldSignals(field({ label: 'Username' })).scores.username;
    expect(byAutocomplete).toBeGreaterThan(byLabel);
  });

  it('never scores a password field as username', () => {
    expect(scoreFieldSignals(field({ type: 'password', name: 'username' })).scores.username).toBeLessThan(0);
  });
});

describe('findKeyword', () => {
  it.each([
    ['E-Mail-Adresse', 'email'],
    ['user_name', 'username'],
    ['Nom d’utilisateur', "nom d'utilisateur"],
    ['ＵＳＥＲ', 'user'],
    ['Phone', undefined],
  ])('finds in %s: %s', (text, expected) => {
    expect(findKeyword(text, USERNAME_WORDS)).toBe(expected);
  });

  it('compares without case, spaces, dashes or underscores', () => {
    expect(compactText('Mot de-passe_Actuel')).toBe('motdepasseactuel');
  });
});
