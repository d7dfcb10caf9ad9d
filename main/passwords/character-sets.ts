// Character sets for password rules: the named classes of the `passwordrules` syntax and the
// look-alike characters the generator leaves out. A character set is a string of distinct
// characters in code-point order, so equal sets are equal strings and set algebra stays simple.

export type CharacterSet = string;

export type NamedCharacterClass = 'upper' | 'lower' | 'digit' | 'special' | 'ascii-printable' | 'unicode';

function range(first: string, last: string): CharacterSet {
  let out = '';
  for (let c = first.charCodeAt(0); c <= last.charCodeAt(0); c++) out += String.fromCharCode(c);
  return out;
}

export const ASCII_PRINTABLE: CharacterSet = range(' ', '~');
export const UPPER: CharacterSet = range('A', 'Z');
export const LOWER: CharacterSet = range('a', 'z');
export const DIGIT: CharacterSet = range('0', '9');
// As in Apple's parser: every printable ASCII character that is not a letter or digit, space included.
export const SPECIAL: CharacterSet = range(' ', '/') + range(':', '@') + range('[', '`') + range('{', '~');

// Characters people misread when typing a password from a screen: 0/O/o, 1/l/I/|, ` and '.
export const LOOK_ALIKES: CharacterSet = toCharacterSet("0Oo1lI|`'");

// Never generated unless a rule can be met no other way: sites trim it and nobody can see it.
export const SPACE: CharacterSet = ' ';

// Never generated unless a rule can be met no other way: characters sites mangle or refuse.
// \ is stripped as an escape by PHP apps and refused outright by WordPress ("Passwords may not
// contain the character \"); " breaks HTML and CSV quoting; < and > trip request filters
// against HTML injection (ASP.NET's request validation refuses "<" before a letter).
export const ESCAPE_PRONE: CharacterSet = toCharacterSet('\\"<>');

/** The four classes a strong password draws from, in the order they are reported. */
export const BASIC_CLASSES: readonly CharacterSet[] = [LOWER, UPPER, DIGIT, SPECIAL];

export function namedClassCharacters(name: NamedCharacterClass): CharacterSet {
  switch (name) {
    case 'upper':
      return UPPER;
    case 'lower':
      return LOWER;
    case 'digit':
      return DIGIT;
    case 'special':
      return SPECIAL;
    // We only ever generate ASCII, so "any Unicode character" narrows to printable ASCII.
    case 'ascii-printable':
    case 'unicode':
      return ASCII_PRINTABLE;
  }
}

export function toCharacterSet(characters: Iterable<string>): CharacterSet {
  return [...new Set(characters)].sort().join('');
}

export function union(...sets: CharacterSet[]): CharacterSet {
  return toCharacterSet(sets.join(''));
}

export function intersection(a: CharacterSet, b: CharacterSet): CharacterSet {
  return [...a].filter((c) => b.includes(c)).join('');
}

export function difference(a: CharacterSet, b: CharacterSet): CharacterSet {
  return [...a].filter((c) => !b.includes(c)).join('');
}

export function isSubset(a: CharacterSet, b: CharacterSet): boolean {
  return [...a].every((c) => b.includes(c));
}
