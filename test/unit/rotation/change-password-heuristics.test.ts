import { describe, expect, it } from 'vitest';
import { classifyChangeOutcome, type ChangeEvidence } from '../../../automation/change-password/change-form';
import { wellKnownIsReliable } from '../../../automation/change-password/change-page-locator';
import { findChangePasswordRecipe, parseChangePasswordRecipe } from '../../../automation/change-password/change-password-recipe';
import { scoreChangePasswordTarget } from '../../../automation/change-password/navigation-targets';

function evidence(overrides: Partial<ChangeEvidence>): ChangeEvidence {
  return {
    passwordFormStillVisible: false,
    urlBefore: 'https://site.test/account/password',
    urlAfter: 'https://site.test/account/password',
    loginPathLeft: false,
    newSessionCookie: false,
    sessionCookieNames: [],
    errorRegionText: '',
    fieldMarkedInvalid: false,
    httpStatuses: [200],
    otpFieldVisible: false,
    captchaDetected: false,
    lockoutText: '',
    pageText: '',
    ...overrides,
  };
}

describe('reading the result of a change submit', () => {
  it.each<[string, Partial<ChangeEvidence>, string]>([
    ['a confirmation sentence', { pageText: 'Your password has been changed.' }, 'changed'],
    ['the form gone after a 2xx', {}, 'changed'],
    ['the form back with an alert', { passwordFormStillVisible: true, errorRegionText: 'Too short', httpStatuses: [422] }, 'rejected'],
    ['the form back with an invalid field', { passwordFormStillVisible: true, fieldMarkedInvalid: true }, 'rejected'],
    ['a 500 with the form back (may have been stored)', { passwordFormStillVisible: true, errorRegionText: 'Something went wrong', httpStatuses: [500] }, 'unknown'],
    ['no answer at all', { httpStatuses: [] }, 'unknown'],
    ['the form back without any message', { passwordFormStillVisible: true }, 'unknown'],
  ])('%s → %s', (_name, overrides, outcome) => {
    expect(classifyChangeOutcome(evidence(overrides)).outcome).toBe(outcome);
  });
});

describe('finding the change-password page', () => {
  it('trusts /.well-known/change-password only when a must-not-exist address is not answered 200', () => {
    expect(wellKnownIsReliable(404)).toBe(true);
    expect(wellKnownIsReliable(302)).toBe(true);
    expect(wellKnownIsReliable(200)).toBe(false);
  });

  it.each([
    [{ text: 'Change password', href: 'https://s.test/x' }, 100],
    [{ text: 'Passwort ändern', href: '' }, 100],
    [{ text: 'Password', href: 'https://s.test/me/pw' }, 60],
    [{ text: 'Security', href: 'https://s.test/security' }, 20],
    [{ text: 'Log out', href: 'https://s.test/logout' }, -100],
    [{ text: 'Forgot password?', href: 'https://s.test/forgot' }, -100],
    [{ text: 'Pricing', href: 'https://s.test/pricing' }, 0],
  ])('scores %o as %i', (target, score) => {
    expect(scoreChangePasswordTarget(target)).toBe(score);
  });

  it('matches a recipe by host and refuses unknown keys', () => {
    const recipe = parseChangePasswordRecipe({ name: 'Portal', version: 1, hosts: ['*.portal.test'], changePassword: { url: '/me/password' } });
    expect(findChangePasswordRecipe([recipe], 'https://eu.portal.test/login')?.name).toBe('Portal');
    expect(findChangePasswordRecipe([recipe], 'https://other.test/login')).toBeUndefined();
    expect(() => parseChangePasswordRecipe({ name: 'X', version: 1, hosts: ['a.test'], script: 'alert(1)' })).toThrow(/recipe is invalid/);
  });
});
