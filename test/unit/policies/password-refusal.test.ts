import { describe, expect, it } from 'vitest';
import { ASCII_PRINTABLE } from '../../../main/passwords/character-sets';
import { UNRESTRICTED_POLICY, policyFromRules } from '../../../main/passwords/password-policy';
import { parsePasswordRules } from '../../../main/passwords/password-rules-parser';
import { SAFEST_SYMBOLS, TOO_LONG_FALLBACK_LENGTH, avoidingRefusal, describeRefusal, readPasswordRefusal } from '../../../main/passwords/password-refusal';

describe('reading a site\'s refusal of characters', () => {
  it.each([
    ['WordPress 6', 'Error: Passwords may not contain the character "\\". | Log Out Everywhere Else', '\\'],
    ['two quoted characters', 'The password must not contain the characters "&" or \'%\'.', '%&'],
    ['typographic quotes', 'Das Passwort darf kein „#“ enthalten: Zeichen „#“ ist nicht erlaubt.', '#'],
    ['a run of characters', 'Password cannot contain any of these characters: "<>;"', ';<>'],
  ])('names what %s refuses', (_site, message, named) => {
    expect(readPasswordRefusal(message)).toEqual({ characters: { named } });
  });

  it.each([
    'Your password contains invalid characters.',
    'Special characters are not allowed.',
    'Le mot de passe contient des caractères non autorisés.',
  ])('reads an unnamed refusal from "%s"', (message) => {
    expect(readPasswordRefusal(message)).toEqual({ characters: { named: '' } });
  });

  it.each([
    'Password may only contain letters and numbers',
    'Passwords must contain only letters and digits.',
    'Passwords may contain letters and digits only.',
  ])('reads "letters and digits only" from "%s"', (message) => {
    const refusal = readPasswordRefusal(message)!;
    expect(refusal).toEqual({ characters: { named: '', lettersAndDigitsOnly: true } });
    expect(avoidingRefusal(UNRESTRICTED_POLICY, refusal)!.allowed).toMatch(/^[A-Za-z0-9]+$/);
  });

  it.each([
    'Password must be at least 12 characters long.',
    'Your password cannot be shorter than 8 characters.',
    'Invalid token. Please use 8 characters or more.',
    'Your new password cannot be the same as a recent one.',
    'Password must contain at least one special character.',
    '',
  ])('reads no refusal in "%s"', (message) => {
    expect(readPasswordRefusal(message)).toBeUndefined();
  });
});

describe('reading a site\'s refusal of a length', () => {
  it.each([
    ['Django', 'Ensure this value has at most 32 characters (it has 64).', 32],
    ['a range', 'Your password must be between 8 and 20 characters.', 20],
    ['a dash range', 'Passwords must be 6-16 characters long and contain a digit.', 16],
    ['fewer than', 'The password must be fewer than 41 characters.', 40],
    ['a maximum', 'Password: maximum length is 30 characters', 30],
    ['no number', 'That password is too long.', TOO_LONG_FALLBACK_LENGTH],
    ['a negated longer', 'Passwords cannot be longer than 25 characters.', 25],
    ['German', 'Das Passwort darf höchstens 24 Zeichen lang sein.', 24],
  ])('reads the longest allowed from %s', (_kind, message, maxLength) => {
    expect(readPasswordRefusal(message)).toEqual({ maxLength });
  });

  it('reads both a length and characters, and says them in words', () => {
    const refusal = readPasswordRefusal('Password is too long: at most 20 characters. It may not contain the character "%".')!;
    expect(refusal).toEqual({ maxLength: 20, characters: { named: '%' } });
    expect(describeRefusal(refusal)).toBe('the characters % and passwords longer than 20 characters');
  });

  it.each(['Your account will be locked after at most 5 attempts.', 'Use at least 12 characters.', 'Upload up to 10 files.'])('reads no length from "%s"', (message) => {
    expect(readPasswordRefusal(message)).toBeUndefined();
  });
});

describe('narrowing a policy by a refusal', () => {
  it('caps the length', () => {
    expect(avoidingRefusal(UNRESTRICTED_POLICY, { maxLength: 20 })!.maxLength).toBe(20);
    expect(avoidingRefusal(policyFromRules(parsePasswordRules('minlength: 30').rules), { maxLength: 20 })).toBeUndefined();
  });

  it('drops the named characters and keeps the rest', () => {
    const policy = avoidingRefusal(UNRESTRICTED_POLICY, { characters: { named: '\\' } })!;
    expect(policy.allowed).toBe(ASCII_PRINTABLE.replace('\\', ''));
  });

  it('keeps letters, digits and - _ . for an unnamed refusal', () => {
    expect(avoidingRefusal(UNRESTRICTED_POLICY, { characters: { named: '' } })!.allowed).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(SAFEST_SYMBOLS).toBe('-._');
  });

  it('gives undefined when the site\'s own rules need a refused character', () => {
    const needsHash = policyFromRules(parsePasswordRules('required: [#]; allowed: lower').rules);
    expect(avoidingRefusal(needsHash, { characters: { named: '#' } })).toBeUndefined();
  });
});
