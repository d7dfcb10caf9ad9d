import { describe, expect, it } from 'vitest';
import { ASCII_PRINTABLE, DIGIT, LOWER, SPECIAL, UPPER, union } from '../../../main/passwords/character-sets';
import passwordRulesQuirks from '../../../main/passwords/data/password-manager-resources/password-rules.json' with { type: 'json' };
import { MAX_PASSWORD_RULES_LENGTH, parsePasswordRules } from '../../../main/passwords/password-rules-parser';

describe('parsePasswordRules', () => {
  const cases: Array<{
    name: string;
    text: string;
    required?: string[];
    allowed?: string;
    minLength?: number;
    maxLength?: number;
    maxConsecutive?: number;
  }> = [
    {
      name: 'reads the example from the proposal',
      text: 'required: lower; required: upper; required: digit; required: [-!@#]; allowed: ascii-printable; max-consecutive: 2; minlength: 20; maxlength: 30;',
      required: [LOWER, UPPER, DIGIT, '!#-@'],
      allowed: ASCII_PRINTABLE,
      minLength: 20,
      maxLength: 30,
      maxConsecutive: 2,
    },
    { name: 'joins a comma list into one required set', text: 'required: lower, upper', required: [union(LOWER, UPPER)] },
    { name: 'keeps repeated required classes, one character each', text: 'required: digit; required: digit', required: [DIGIT, DIGIT] },
    { name: 'reads unicode as printable ASCII, the only thing we generate', text: 'allowed: unicode', allowed: ASCII_PRINTABLE },
    { name: 'reads special as every printable non-alphanumeric, space included', text: 'allowed: special', allowed: SPECIAL },
    { name: 'accepts names in any case and spaces around ":"', text: 'MinLength : 8; Required: UPPER', minLength: 8, required: [UPPER] },
    { name: 'takes a leading "-" in a custom class literally', text: 'required: [-_]', required: ['-_'] },
    { name: 'ignores a "-" later in a custom class (no ranges)', text: 'required: [a-c]', required: ['ac'] },
    { name: 'reads "]]" as a literal "]" closing the class', text: 'required: [[]]', required: ['[]'] },
    { name: 'reads ";" inside a custom class as a character', text: 'required: [;:]; minlength: 4', required: [':;'], minLength: 4 },
    { name: 'drops characters outside printable ASCII from a custom class', text: 'allowed: [äb€c]', allowed: 'bc' },
    { name: 'keeps the strictest of repeated limits', text: 'minlength: 8; minlength: 12; maxlength: 40; maxlength: 30; max-consecutive: 3; max-consecutive: 2', minLength: 12, maxLength: 30, maxConsecutive: 2 },
    { name: 'accepts a last rule without ";" and stray ";;"', text: ';; minlength: 6;; maxlength: 9', minLength: 6, maxLength: 9 },
    { name: 'unions several allowed rules', text: 'allowed: lower; allowed: [!]', allowed: '!' + LOWER },
  ];

  it.each(cases)('$name', ({ text, required = [], allowed, minLength, maxLength, maxConsecutive }) => {
    const { rules, warnings } = parsePasswordRules(text);
    expect(warnings).toEqual([]);
    expect(rules).toEqual({ required, allowed, minLength, maxLength, maxConsecutive });
  });

  const malformed: Array<{ name: string; text: string; keeps: Partial<ReturnType<typeof parsePasswordRules>['rules']>; warns: RegExp }> = [
    { name: 'an unknown property', text: 'minlength: 8; frobnicate: 3; maxlength: 9', keeps: { minLength: 8, maxLength: 9 }, warns: /unknown property "frobnicate"/ },
    { name: 'an unknown class', text: 'required: emoji; required: digit', keeps: { required: [DIGIT] }, warns: /unknown character class "emoji"/ },
    { name: 'a missing ":"', text: 'minlength 8; maxlength: 9', keeps: { maxLength: 9 }, warns: /expected ":"/ },
    { name: 'a non-numeric length', text: 'minlength: eight; maxlength: 9', keeps: { maxLength: 9 }, warns: /expected a number/ },
    { name: 'a negative length', text: 'maxlength: -1; minlength: 3', keeps: { minLength: 3 }, warns: /expected a number/ },
    { name: 'a zero maximum', text: 'maxlength: 0; minlength: 3', keeps: { minLength: 3 }, warns: /at least 1/ },
    { name: 'a huge number', text: 'minlength: 99999999999999999999; maxlength: 9', keeps: { maxLength: 9 }, warns: /too large/ },
    { name: 'an unterminated custom class', text: 'maxlength: 9; required: [abc', keeps: { maxLength: 9, required: [] }, warns: /unterminated/ },
    { name: 'an empty value', text: 'required: ; minlength: 2', keeps: { minLength: 2, required: [] }, warns: /expected a character class/ },
    { name: 'an empty custom class', text: 'required: []; minlength: 2', keeps: { minLength: 2, required: [] }, warns: /empty character class/ },
    { name: 'trailing junk after a value', text: 'minlength: 8 9; maxlength: 12', keeps: { maxLength: 12 }, warns: /unexpected "9"/ },
    { name: 'markup in the text', text: '<script>alert(1)</script>; minlength: 10', keeps: { minLength: 10 }, warns: /expected a property name/ },
  ];

  it.each(malformed)('skips $name, keeps the rest and says why', ({ text, keeps, warns }) => {
    const { rules, warnings } = parsePasswordRules(text);
    expect(rules).toMatchObject(keeps);
    expect(warnings.join('\n')).toMatch(warns);
  });

  it('ignores text longer than any real rule', () => {
    const { rules, warnings } = parsePasswordRules('minlength: 8;'.padEnd(MAX_PASSWORD_RULES_LENGTH + 1, ' '));
    expect(rules.minLength).toBeUndefined();
    expect(warnings[0]).toMatch(/longer than/);
  });

  it('never throws on arbitrary text', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz-:;,[] 0123456789\n\t€';
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: next() % 80 }, () => alphabet[next() % alphabet.length]).join('');
      expect(() => parsePasswordRules(text)).not.toThrow();
    }
  });

  it('parses every rule in Apple’s vendored password-rules.json', () => {
    const entries = Object.entries(passwordRulesQuirks);
    expect(entries.length).toBeGreaterThan(400);
    const failures = entries
      .map(([domain, { 'password-rules': text }]) => ({ domain, warnings: parsePasswordRules(text).warnings }))
      .filter(({ warnings }) => warnings.length > 0);
    expect(failures).toEqual([]);
  });

  it('reads real quirks the way Apple means them', () => {
    const admiral = parsePasswordRules(passwordRulesQuirks['admiral.com']['password-rules']).rules;
    expect(admiral.required[1]).toContain(']');
    expect(admiral.required[1]).toContain('-');
    expect(admiral.required[1]).toContain(' ');
    const chase = parsePasswordRules(passwordRulesQuirks['chase.com']['password-rules']).rules;
    expect(chase).toMatchObject({ minLength: 8, maxLength: 32, maxConsecutive: 2, required: [union(LOWER, UPPER), DIGIT, '!#$%+/=@~'] });
  });
});
