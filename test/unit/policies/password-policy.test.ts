import { describe, expect, it } from 'vitest';
import { ASCII_PRINTABLE, DIGIT, LOWER, UPPER, union } from '../../../main/passwords/character-sets';
import {
  UNRESTRICTED_POLICY,
  intersectPolicies,
  policyFromRules,
  policyViolations,
  unsatisfiableReason,
  type PasswordPolicy,
} from '../../../main/passwords/password-policy';
import { parsePasswordRules } from '../../../main/passwords/password-rules-parser';

const fromText = (text: string): PasswordPolicy => policyFromRules(parsePasswordRules(text).rules);

describe('policyFromRules', () => {
  it('allows any printable ASCII when the rules name no characters', () => {
    expect(fromText('minlength: 6').allowed).toBe(ASCII_PRINTABLE);
  });

  it('allows only the required classes when no allowed rule is given, as Apple reads it', () => {
    expect(fromText('required: lower, upper; required: digit').allowed).toBe(union(LOWER, UPPER, DIGIT));
  });

  it('allows the required and the allowed classes together', () => {
    expect(fromText('required: upper; allowed: lower, [!]').allowed).toBe(union('!', LOWER, UPPER));
  });
});

describe('intersectPolicies', () => {
  it('keeps the stricter limits and the characters both allow', () => {
    const merged = intersectPolicies(fromText('minlength: 8; maxlength: 40; required: digit; allowed: lower'), fromText('minlength: 12; maxlength: 20; max-consecutive: 3; allowed: [abc123]'));
    expect(merged).toMatchObject({ minLength: 12, maxLength: 20, maxConsecutive: 3, allowed: '123abc', required: ['123'] });
  });

  it('is neutral with the unrestricted policy', () => {
    const policy = fromText('minlength: 8; maxlength: 16; required: lower; required: digit; max-consecutive: 2');
    expect(intersectPolicies(policy, UNRESTRICTED_POLICY)).toEqual(policy);
  });
});

describe('unsatisfiableReason', () => {
  const cases: Array<[string, PasswordPolicy, RegExp | undefined]> = [
    ['a policy Apple ships', fromText('minlength: 8; maxlength: 20; max-consecutive: 2; required: lower, upper; required: digit;'), undefined],
    ['no allowed character', intersectPolicies(fromText('allowed: lower'), fromText('allowed: digit')), /no character is allowed/],
    ['a required class outside what is allowed', intersectPolicies(fromText('required: [!]; allowed: lower'), fromText('allowed: lower')), /required character class/],
    ['a minimum above the maximum', fromText('minlength: 20; maxlength: 10'), /minimum length 20 is above the maximum length 10/],
    ['more required characters than fit', fromText('maxlength: 2; required: lower; required: upper; required: digit'), /3 required characters do not fit in 2/],
    ['one allowed character that may not repeat enough', fromText('allowed: [a]; minlength: 4; max-consecutive: 3'), /only one character/],
  ];
  it.each(cases)('%s', (_name, policy, reason) => {
    const found = unsatisfiableReason(policy);
    if (reason === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(reason);
  });
});

describe('policyViolations', () => {
  const policy = fromText('minlength: 6; maxlength: 10; max-consecutive: 2; required: upper; required: upper; required: digit; allowed: lower');
  const cases: Array<[string, string, RegExp | undefined]> = [
    ['accepts a password meeting every rule', 'abCDe5', undefined],
    ['rejects a short one', 'aC5', /shorter than 6/],
    ['rejects a long one', 'abcdeABC123', /longer than 10/],
    ['rejects a character not allowed', 'abCD5!', /not allowed/],
    ['rejects a run longer than max-consecutive', 'aaaCD5', /more than 2 times/],
    ['needs one character per required rule, even for the same class', 'abcdC5', /required character class/],
  ];
  it.each(cases)('%s', (_name, password, violation) => {
    const found = policyViolations(policy, password);
    if (violation === undefined) expect(found).toEqual([]);
    else expect(found.join('\n')).toMatch(violation);
  });

  it('matches positions to required sets, not first come first served', () => {
    // "A" could serve either set, "b" only the second: a greedy check would wrongly fail.
    const overlapping = fromText('required: upper, lower; required: upper; allowed: ascii-printable');
    expect(policyViolations(overlapping, 'bA')).toEqual([]);
    expect(policyViolations(overlapping, 'bc').join()).toMatch(/required/);
  });

  it('checks field patterns', () => {
    const withPattern = { ...UNRESTRICTED_POLICY, patterns: [new RegExp('^(?:[a-z]+)$', 'v')] };
    expect(policyViolations(withPattern, 'abc')).toEqual([]);
    expect(policyViolations(withPattern, 'abc1').join()).toMatch(/pattern/);
  });
});
