import { describe, expect, it } from 'vitest';
import { ASCII_PRINTABLE } from '../../../main/passwords/character-sets';
import { UNRESTRICTED_POLICY, policyFromRules } from '../../../main/passwords/password-policy';
import { parsePasswordRules } from '../../../main/passwords/password-rules-parser';
import { SAFEST_SYMBOLS, avoidingRefusal, readCharacterRefusal } from '../../../main/passwords/refused-characters';

describe('reading a site\'s refusal of characters', () => {
  it.each([
    ['WordPress 6', 'Error: Passwords may not contain the character "\\". | Log Out Everywhere Else', '\\'],
    ['two quoted characters', 'The password must not contain the characters "&" or \'%\'.', '%&'],
    ['typographic quotes', 'Das Passwort darf kein „#“ enthalten: Zeichen „#“ ist nicht erlaubt.', '#'],
    ['a run of characters', 'Password cannot contain any of these characters: "<>;"', ';<>'],
  ])('names what %s refuses', (_site, message, named) => {
    expect(readCharacterRefusal(message)).toEqual({ named });
  });

  it.each([
    'Your password contains invalid characters.',
    'Special characters are not allowed.',
    'Password may only contain letters and numbers',
    'Passwords must contain only letters and digits.',
    'Le mot de passe contient des caractères non autorisés.',
  ])('reads an unnamed refusal from "%s"', (message) => {
    expect(readCharacterRefusal(message)).toEqual({ named: '' });
  });

  it.each([
    'Password must be at least 12 characters long.',
    'Your password cannot be shorter than 8 characters.',
    'Invalid token. Please use 8 characters or more.',
    'Your new password cannot be the same as a recent one.',
    'Password must contain at least one special character.',
    '',
  ])('reads no refusal in "%s"', (message) => {
    expect(readCharacterRefusal(message)).toBeUndefined();
  });
});

describe('narrowing a policy by a refusal', () => {
  it('drops the named characters and keeps the rest', () => {
    const policy = avoidingRefusal(UNRESTRICTED_POLICY, { named: '\\' })!;
    expect(policy.allowed).toBe(ASCII_PRINTABLE.replace('\\', ''));
  });

  it('keeps letters, digits and - _ . for an unnamed refusal', () => {
    expect(avoidingRefusal(UNRESTRICTED_POLICY, { named: '' })!.allowed).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(SAFEST_SYMBOLS).toBe('-._');
  });

  it('gives undefined when the site\'s own rules need a refused character', () => {
    const needsHash = policyFromRules(parsePasswordRules('required: [#]; allowed: lower').rules);
    expect(avoidingRefusal(needsHash, { named: '#' })).toBeUndefined();
  });
});
