import { describe, expect, it } from 'vitest';
import { DIGIT } from '../../../main/passwords/character-sets';
import { UNRESTRICTED_POLICY } from '../../../main/passwords/password-policy';
import { quirkPasswordRulesFor, resolveSitePasswordPolicy } from '../../../main/passwords/site-password-rules';

describe('quirkPasswordRulesFor', () => {
  const cases: Array<[string, string | undefined]> = [
    ['chase.com', 'chase.com'],
    ['secure.chase.com', 'chase.com'],
    ['WWW.Chase.COM.', 'chase.com'],
    ['account.samsung.com', 'account.samsung.com'],
    ['samsung.com', undefined],
    ['example.org', undefined],
    ['com', undefined],
    ['__proto__', undefined],
    ['constructor.com', undefined],
  ];
  it.each(cases)('finds %s under %s', (host, domain) => {
    expect(quirkPasswordRulesFor(host)?.domain).toBe(domain);
  });

  it('returns Apple’s rule text', () => {
    expect(quirkPasswordRulesFor('www.chase.com')?.value).toMatch(/max-consecutive: 2/);
  });
});

describe('resolveSitePasswordPolicy', () => {
  it('is unrestricted when nothing is known about the site', () => {
    expect(resolveSitePasswordPolicy({ host: 'example.org' })).toEqual({ policy: UNRESTRICTED_POLICY, sources: [], warnings: [] });
  });

  it('uses Apple’s quirk for a known host', () => {
    const { policy, sources } = resolveSitePasswordPolicy({ host: 'www.chase.com' });
    expect(sources).toEqual(['quirks']);
    expect(policy).toMatchObject({ minLength: 8, maxLength: 32, maxConsecutive: 2 });
  });

  it('prefers the page’s own passwordrules attribute over the quirk', () => {
    const { policy, sources } = resolveSitePasswordPolicy({ host: 'chase.com', passwordRulesAttribute: 'minlength: 12; maxlength: 40;' });
    expect(sources).toEqual(['page']);
    expect(policy).toMatchObject({ minLength: 12, maxLength: 40, maxConsecutive: undefined });
  });

  it('narrows the rules with the field’s maxlength and minlength', () => {
    const { policy, sources } = resolveSitePasswordPolicy({ host: 'chase.com', field: { maxLength: 20, minLength: 10 } });
    expect(sources).toEqual(['quirks', 'field']);
    expect(policy).toMatchObject({ minLength: 10, maxLength: 20 });
  });

  it('narrows the characters with a field pattern it can read', () => {
    const { policy } = resolveSitePasswordPolicy({ field: { pattern: '\\d{6}' } });
    expect(policy).toMatchObject({ allowed: DIGIT, minLength: 6, maxLength: 6 });
    expect(policy.patterns).toHaveLength(1);
  });

  it('drops a stale quirk that conflicts with the live field, and says so', () => {
    // bestbuy.com's quirk asks for at least 20 characters.
    const { policy, sources, warnings } = resolveSitePasswordPolicy({ host: 'bestbuy.com', field: { maxLength: 16 } });
    expect(sources).toEqual(['field']);
    expect(policy.maxLength).toBe(16);
    expect(warnings.join()).toMatch(/conflict with the field/);
  });

  it('fails with PASSWORD_RULES_UNSATISFIABLE when the page contradicts its own field', () => {
    expect(() => resolveSitePasswordPolicy({ passwordRulesAttribute: 'minlength: 20', field: { maxLength: 12 } })).toThrow(
      expect.objectContaining({ code: 'PASSWORD_RULES_UNSATISFIABLE', message: expect.stringMatching(/minimum length 20 is above the maximum length 12/) }),
    );
  });

  it('reports the broken parts of a page attribute and of a field, keeping the rest', () => {
    const { policy, warnings } = resolveSitePasswordPolicy({
      passwordRulesAttribute: 'minlength: 9; bogus: 1',
      field: { maxLength: -1, pattern: '[a-' },
    });
    expect(policy).toMatchObject({ minLength: 9, maxLength: undefined, patterns: [] });
    expect(warnings).toHaveLength(3);
  });
});
