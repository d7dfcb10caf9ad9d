import { describe, expect, it } from 'vitest';
import { DIGIT, ESCAPE_PRONE, LOOK_ALIKES, LOWER, SPECIAL, UPPER, difference, intersection } from '../../../main/passwords/character-sets';
import passwordRulesQuirks from '../../../main/passwords/data/password-manager-resources/password-rules.json' with { type: 'json' };
import {
  DEFAULT_MAX_LENGTH,
  defaultPasswordLength,
  generatePassphrase,
  generatePassword,
} from '../../../main/passwords/password-generator';
import {
  UNRESTRICTED_POLICY,
  intersectPolicies,
  longestRun,
  policyFromRules,
  policyViolations,
  type PasswordPolicy,
} from '../../../main/passwords/password-policy';
import { parsePasswordRules } from '../../../main/passwords/password-rules-parser';
import { resolveSitePasswordPolicy } from '../../../main/passwords/site-password-rules';

const fromText = (text: string): PasswordPolicy => policyFromRules(parsePasswordRules(text).rules);
const quirk = (domain: keyof typeof passwordRulesQuirks): PasswordPolicy => fromText(passwordRulesQuirks[domain]['password-rules']);
const RUNS = 1000;

describe('generatePassword', () => {
  const policies: Array<[string, PasswordPolicy]> = [
    ['no rules at all', UNRESTRICTED_POLICY],
    ['chase.com (max-consecutive 2, custom symbols)', quirk('chase.com')],
    ['aeon.co.jp (exactly 8, mixed required set)', quirk('aeon.co.jp')],
    ['benjerry.com (two of each required class)', quirk('benjerry.com')],
    ['admiral.com ("-" and "]" in a custom class)', quirk('admiral.com')],
    ['allianz.com.br (a 4-character PIN-like rule)', quirk('allianz.com.br')],
    ['bpl.bibliocommons.com (4 digits)', quirk('bpl.bibliocommons.com')],
    ['two letters only, max-consecutive 1', fromText('allowed: [ab]; minlength: 10; maxlength: 10; max-consecutive: 1')],
    ['a required class of look-alikes only', fromText('required: [0O]; allowed: lower; maxlength: 12')],
    ['quirk narrowed by a field', resolveSitePasswordPolicy({ host: 'citi.com', field: { maxLength: 16 } }).policy],
  ];

  it.each(policies)('meets the rules in %s, every time', (_name, policy) => {
    const length = defaultPasswordLength(policy);
    for (let i = 0; i < RUNS; i++) {
      const { value } = generatePassword(policy);
      expect(policyViolations(policy, value)).toEqual([]);
      expect(value).toHaveLength(length);
      if (policy.maxConsecutive !== undefined) expect(longestRun([...value])).toBeLessThanOrEqual(policy.maxConsecutive);
    }
  });

  it('makes the strongest default: 64 characters of every class, no look-alikes, no spaces, none of \\ " < >', () => {
    for (let i = 0; i < RUNS; i++) {
      const { value } = generatePassword();
      expect(value).toHaveLength(DEFAULT_MAX_LENGTH);
      for (const set of [LOWER, UPPER, DIGIT, SPECIAL]) expect([...value].some((c) => set.includes(c))).toBe(true);
      expect([...value].filter((c) => LOOK_ALIKES.includes(c) || c === ' ' || ESCAPE_PRONE.includes(c))).toEqual([]);
    }
  });

  it('leaves out \\ " < > even with look-alikes allowed, and uses them only when a rule needs them', () => {
    // WordPress refuses a new password with a backslash; a 64-character draw from all symbols holds one half the time.
    const loose = Array.from({ length: 200 }, () => generatePassword(UNRESTRICTED_POLICY, { excludeLookAlikes: false }).value).join('');
    expect(intersection(loose, ESCAPE_PRONE)).toBe('');
    const needed = generatePassword(fromText('required: [\\]; allowed: lower; maxlength: 12')).value;
    expect([...needed].filter((c) => c === '\\')).toHaveLength(1);
    expect(generatePassword(fromText('allowed: [<>]; minlength: 4; maxlength: 4')).value).toMatch(/^[<>]{4}$/);
  });

  it('uses the longest length the site allows, and the site’s minimum when it is above the cap', () => {
    expect(defaultPasswordLength(fromText('maxlength: 20'))).toBe(20);
    expect(defaultPasswordLength(fromText('maxlength: 128'))).toBe(DEFAULT_MAX_LENGTH);
    expect(defaultPasswordLength(fromText('minlength: 100'))).toBe(100);
    expect(generatePassword(fromText('minlength: 100')).value).toHaveLength(100);
  });

  it('leaves out look-alikes from every class in the generated passwords of real sites', () => {
    for (const domain of ['chase.com', 'citi.com', 'apple.com'] as const) {
      for (let i = 0; i < 200; i++) expect(intersection(generatePassword(quirk(domain)).value, LOOK_ALIKES)).toBe('');
    }
  });

  it('uses look-alikes when asked to', () => {
    const values = Array.from({ length: 50 }, () => generatePassword(UNRESTRICTED_POLICY, { excludeLookAlikes: false }).value).join('');
    expect(difference(LOOK_ALIKES, values)).toBe('');
  });

  it('places required characters at random positions', () => {
    // "0" is a look-alike, so it appears only where the required rule puts it.
    const policy = fromText('required: [0]; allowed: lower; maxlength: 8');
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const { value } = generatePassword(policy);
      expect(value.split('0')).toHaveLength(2);
      seen.add(value.indexOf('0'));
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('honours a requested length within the site’s limits and refuses one outside them', () => {
    expect(generatePassword(quirk('chase.com'), { length: 12 }).value).toHaveLength(12);
    expect(() => generatePassword(quirk('chase.com'), { length: 40 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => generatePassword(quirk('chase.com'), { length: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('reports entropy as a lower bound from the sets each position draws from', () => {
    // 81 symbols at 60 free positions, plus one each from lower (24), upper (24), digit (8), special (25).
    const expected = 60 * Math.log2(81) + 2 * Math.log2(24) + Math.log2(8) + Math.log2(25);
    expect(generatePassword().entropyBits).toBeCloseTo(expected, 0);
    // Six digits without 0 and 1.
    expect(generatePassword(fromText('allowed: digit; minlength: 6; maxlength: 6')).entropyBits).toBe(18);
  });

  it('meets a field pattern it cannot build for by generating and testing', () => {
    const { policy } = resolveSitePasswordPolicy({ field: { pattern: '[a-z]+[2-9]{2}', maxLength: 6 } });
    for (let i = 0; i < 50; i++) expect(generatePassword(policy).value).toMatch(/^[a-z]{4}[2-9]{2}$/);
  });

  it('fails with PASSWORD_RULES_UNSATISFIABLE when no try meets the field pattern', () => {
    const { policy } = resolveSitePasswordPolicy({ field: { pattern: 'x{3}y|y{3}x' } });
    expect(() => generatePassword(policy)).toThrow(expect.objectContaining({ code: 'PASSWORD_RULES_UNSATISFIABLE' }));
  });

  it('fails with PASSWORD_RULES_UNSATISFIABLE for contradictory rules, before generating', () => {
    const contradictory = intersectPolicies(fromText('allowed: lower'), fromText('allowed: digit'));
    expect(() => generatePassword(contradictory)).toThrow(expect.objectContaining({ code: 'PASSWORD_RULES_UNSATISFIABLE' }));
    expect(() => generatePassword(fromText('minlength: 5000'))).toThrow(expect.objectContaining({ code: 'PASSWORD_RULES_UNSATISFIABLE' }));
  });

  it('draws characters uniformly (chi-square, loose bound)', () => {
    const chiSquare = (text: string, alphabet: string): number => {
      const counts = new Map([...alphabet].map((c) => [c, 0]));
      for (const c of text) if (counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const expected = total / alphabet.length;
      return [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    };
    // 24 letters, 128,000 draws: the statistic averages 23 (sd ≈ 7); 100 is p < 1e-10, so never flaky.
    const letters = Array.from({ length: 2000 }, () => generatePassword(fromText('allowed: lower')).value).join('');
    expect(chiSquare(letters, difference(LOWER, LOOK_ALIKES))).toBeLessThan(100);
    // With every class, characters within each class are uniform.
    const mixed = Array.from({ length: 2000 }, () => generatePassword().value).join('');
    for (const set of [LOWER, UPPER, DIGIT, SPECIAL]) {
      const alphabet = difference(difference(set, LOOK_ALIKES), ' ' + ESCAPE_PRONE);
      expect(chiSquare(mixed, alphabet)).toBeLessThan(alphabet.length + 80);
    }
  });
});

describe('generatePassphrase', () => {
  it('joins six capitalised words with "-" and adds one digit by default', () => {
    for (let i = 0; i < RUNS; i++) {
      const { value } = generatePassphrase();
      const words = value.split('-');
      expect(words).toHaveLength(6);
      for (const word of words) expect(word).toMatch(/^[A-Z][a-z]+[2-9]?$/);
      expect(value.match(/[2-9]/g)).toHaveLength(1);
    }
  });

  it('reports the entropy of the words and the digit', () => {
    expect(generatePassphrase().entropyBits).toBeCloseTo(6 * Math.log2(7772) + Math.log2(8 * 6), 0);
    expect(generatePassphrase(UNRESTRICTED_POLICY, { words: 4 }).entropyBits).toBeCloseTo(4 * Math.log2(7772) + Math.log2(8 * 4), 0);
  });

  it('fits a site’s rules: no capitals or digits where only lower case is allowed', () => {
    for (let i = 0; i < 100; i++) expect(generatePassphrase(fromText('allowed: lower'), { words: 5 }).value).toMatch(/^[a-z]+$/);
  });

  it('picks a separator that meets a required symbol class', () => {
    const policy = fromText('required: lower; required: upper; required: digit; required: [._]');
    for (let i = 0; i < 100; i++) expect(policyViolations(policy, generatePassphrase(policy).value)).toEqual([]);
  });

  it('fails with PASSWORD_RULES_UNSATISFIABLE when the words cannot fit', () => {
    expect(() => generatePassphrase(fromText('maxlength: 16'))).toThrow(expect.objectContaining({ code: 'PASSWORD_RULES_UNSATISFIABLE' }));
  });

  it('refuses an impossible word count', () => {
    expect(() => generatePassphrase(UNRESTRICTED_POLICY, { words: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
