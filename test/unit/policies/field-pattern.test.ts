import { describe, expect, it } from 'vitest';
import { ASCII_PRINTABLE, DIGIT, LOWER, UPPER, difference, toCharacterSet, union } from '../../../main/passwords/character-sets';
import { readFieldPattern } from '../../../main/passwords/field-pattern';

describe('readFieldPattern', () => {
  it('anchors the pattern to the whole value, as browsers do', () => {
    const { pattern } = readFieldPattern('[a-z]+');
    expect(pattern?.regexp.test('abc')).toBe(true);
    expect(pattern?.regexp.test('abc1')).toBe(false);
  });

  it('ignores an invalid pattern, as browsers do', () => {
    expect(readFieldPattern('[a-z').warning).toMatch(/not a valid regular expression/);
    // Valid in the old "u" mode, invalid in the "v" mode browsers now use.
    expect(readFieldPattern('[a-z(]+').warning).toMatch(/not a valid/);
  });

  const shapes: Array<[string, string, { required?: string[]; allowed: string; minLength?: number; maxLength?: number }]> = [
    ['a class with a range of lengths', '[A-Za-z0-9]{8,16}', { allowed: union(UPPER, LOWER, DIGIT), minLength: 8, maxLength: 16 }],
    ['an exact length', '\\d{6}', { allowed: DIGIT, minLength: 6, maxLength: 6 }],
    ['an open-ended length', '[a-z]{10,}', { allowed: LOWER, minLength: 10 }],
    ['"+" as at least one', '[a-z]+', { allowed: LOWER, minLength: 1 }],
    ['lookaheads as required classes', '(?=.*\\d)(?=.*[a-z])(?=.*[A-Z]).{8,}', { required: [DIGIT, LOWER, UPPER], allowed: expect.any(String) as unknown as string, minLength: 8 }],
    ['explicit ^ and $', '^(?=.*?[!@#])[a-z!@#]{12,64}$', { required: ['!#@'], allowed: union('!#@', LOWER), minLength: 12, maxLength: 64 }],
  ];
  it.each(shapes)('turns %s into rules', (_name, source, expected) => {
    expect(readFieldPattern(source).pattern?.rules).toMatchObject({ required: [], ...expected });
  });

  const alphabets: Array<[string, string]> = [
    ['[a-z]+[0-9]{2}', LOWER + DIGIT],
    ['(?:abc|x{2,3})\\.-', '-.abcx'],
    ['(?<word>[A-Z]+)(?!.*z)\\d*', ASCII_PRINTABLE],
    ['[^<>]{4,}|\\p{Lu}', difference(ASCII_PRINTABLE, '<>')],
  ];
  it.each(alphabets)('bounds the characters of other shapes, like %s', (source, allowed) => {
    const { pattern } = readFieldPattern(source);
    expect(pattern?.rules).toMatchObject({ required: [], allowed: toCharacterSet(allowed), minLength: undefined, maxLength: undefined });
  });

  it.each(['(a+)+b', '(?:a|aa)*c', '((ab)*c)+', '(x{2,})*', 'a*a*a*a*b', '[a-z]+\\d*x+\\w{2,}'])('ignores %s, which could backtrack for ever', (source) => {
    expect(readFieldPattern(source).warning).toMatch(/too complex/);
  });

  it.each(['(?:[a-z]+)', '(?=.*\\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#]).{8,}', '(?=.*\\d)[a-z\\d]{8,}', '(?:ab|cd)[0-9]+', '(ab)?c*'])('accepts %s, which cannot', (source) => {
    expect(readFieldPattern(source).pattern).toBeDefined();
  });

  it('leaves patterns beyond its reading to generate-and-test', () => {
    const { pattern } = readFieldPattern('(a)\\1');
    expect(pattern?.rules).toBeUndefined();
    expect(pattern?.regexp.test('aa')).toBe(true);
  });
});
