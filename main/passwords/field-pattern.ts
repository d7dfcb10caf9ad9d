// Reads an `<input pattern>` attribute the way browsers do (whole value, `v` flag; an invalid
// pattern constrains nothing) and turns it into password rules: exact ones for the common shape
// `(?=.*X)…[chars]{m,n}`, else the characters it can match, so trial and error is the last resort.

import { ASCII_PRINTABLE, toCharacterSet, type CharacterSet } from './character-sets';
import { emptyPasswordRules, type PasswordRules } from './password-rules-parser';

export interface FieldPattern {
  /** The anchored RegExp a value must match. */
  regexp: RegExp;
  /**
   * Rules equivalent to the pattern on printable ASCII when its shape is the common one; else
   * just the characters it can match; undefined when even those are beyond this reader.
   */
  rules: PasswordRules | undefined;
}

export type FieldPatternResult = { pattern: FieldPattern; warning?: undefined } | { pattern?: undefined; warning: string };

// A single-character atom: a bracket class, a class escape, an escaped character or ".".
const ATOM = String.raw`(?:\[(?:\\.|[^\\\]])*\]|\\[dDwWsS]|\\.|\.)`;
const LOOKAHEAD = new RegExp(String.raw`^\(\?=\.\*\??(${ATOM})\)`);
const BODY = new RegExp(String.raw`^(${ATOM})(\*|\+|\{(\d{1,4})(,(\d{0,4}))?\})$`);
const MAX_PATTERN_LENGTH = 1024;
// Three unbounded repeats cost at most ~length³ steps per test: fine for 64 characters.
const MAX_UNBOUNDED_REPEATS = 3;
// Pattern syntax that consumes no character: groups and assertions, alternation, quantifiers.
const SYNTAX = /^(?:\(\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)|[()|*+?^$]|\{\d+(?:,\d*)?\})/;
// Anything else is one character-consuming atom, including a lone literal character.
const ANY_ATOM = /^(?:\[(?:\\.|[^\\\]])*\]|\\[pP]\{[^}]*\}|\\.|[^\\])/su;

export function readFieldPattern(source: string): FieldPatternResult {
  if (source.length > MAX_PATTERN_LENGTH) return { warning: 'field pattern too long; ignored' };
  let regexp: RegExp;
  try {
    regexp = new RegExp(`^(?:${source})$`, 'v');
  } catch {
    return { warning: 'field pattern is not a valid regular expression; ignored, as browsers do' };
  }
  const tokens = tokenize(source);
  // The page chooses the pattern, and we test it in the main process: no catastrophic backtracking.
  if (tokens === undefined || risksCatastrophicBacktracking(tokens)) {
    return { warning: 'field pattern too complex to test safely; ignored (the site checks it when the form is sent)' };
  }
  return { pattern: { regexp, rules: rulesFromShape(source) ?? rulesFromAlphabet(tokens) } };
}

interface Token {
  kind: 'syntax' | 'atom';
  text: string;
}

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (let position = 0; position < source.length; ) {
    const rest = source.slice(position);
    const syntax = SYNTAX.exec(rest);
    const atom = syntax ? undefined : ANY_ATOM.exec(rest);
    const text = syntax?.[0] ?? atom?.[0];
    if (text === undefined) return undefined;
    tokens.push({ kind: syntax ? 'syntax' : 'atom', text });
    position += text.length;
  }
  return tokens;
}

function isQuantifier(token: Token | undefined): boolean {
  return token?.kind === 'syntax' && /^[*+?{]/.test(token.text);
}

/**
 * Shapes whose backtracking can blow up on a failing match: a quantified group that itself holds
 * a quantifier or an alternation, like `(a+)+` or `(a|aa)*` (exponential), and more than
 * MAX_UNBOUNDED_REPEATS unbounded repeats in one scope, like `a*a*a*a*b` (a high power of the
 * length). Lookarounds are scopes of their own: JavaScript never backtracks into them.
 */
function risksCatastrophicBacktracking(tokens: readonly Token[]): boolean {
  const groups: Array<{ repeats: boolean; lookaround: boolean }> = [];
  const unboundedRepeats: number[] = [0];
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'atom') continue;
    const innermost = groups[groups.length - 1];
    if (token.text.startsWith('(')) {
      const lookaround = /^\(\?<?[=!]/.test(token.text);
      groups.push({ repeats: false, lookaround });
      if (lookaround) unboundedRepeats.push(0);
    } else if (token.text === ')') {
      const closed = groups.pop();
      if (closed?.lookaround) unboundedRepeats.pop();
      const quantified = isQuantifier(tokens[index + 1]);
      if (quantified && closed?.repeats) return true;
      const outer = groups[groups.length - 1];
      if (outer && (quantified || closed?.repeats)) outer.repeats = true;
    } else if (isQuantifier(token) || token.text === '|') {
      if (innermost) innermost.repeats = true;
      if (/^(?:[*+]|\{\d+,\})$/.test(token.text)) {
        const scope = unboundedRepeats.length - 1;
        unboundedRepeats[scope] = (unboundedRepeats[scope] ?? 0) + 1;
        if ((unboundedRepeats[scope] ?? 0) > MAX_UNBOUNDED_REPEATS) return true;
      }
    }
  }
  return false;
}


function rulesFromShape(source: string): PasswordRules | undefined {
  let rest = source.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  const required: CharacterSet[] = [];
  for (let match = LOOKAHEAD.exec(rest); match; match = LOOKAHEAD.exec(rest)) {
    const set = atomCharacters(match[1] as string);
    if (set === undefined) return undefined;
    required.push(set);
    rest = rest.slice(match[0].length);
  }
  const body = BODY.exec(rest);
  if (!body) return undefined;
  const allowed = atomCharacters(body[1] as string);
  // No character at all is left to generate-and-test, which then reports it unsatisfiable.
  if (allowed === undefined || allowed === '') return undefined;
  const [quantifier, min, comma, max] = [body[2], body[3], body[4], body[5]];
  const rules = emptyPasswordRules();
  rules.required = required;
  rules.allowed = allowed;
  if (quantifier === '+') rules.minLength = 1;
  if (min !== undefined) {
    rules.minLength = Number(min);
    if (comma === undefined) rules.maxLength = Number(min);
    else if (max !== undefined && max !== '') rules.maxLength = Number(max);
  }
  return rules;
}

/**
 * Every character a match can contain is consumed by some atom of the pattern, so the union of
 * the atoms' characters bounds what the password may use. An atom we cannot read: undefined.
 */
function rulesFromAlphabet(tokens: readonly Token[]): PasswordRules | undefined {
  let alphabet = '';
  for (const token of tokens) {
    if (token.kind === 'syntax') continue;
    const characters = atomCharacters(token.text);
    if (characters === undefined) return undefined;
    alphabet += characters;
  }
  return alphabet === '' ? undefined : { ...emptyPasswordRules(), allowed: toCharacterSet(alphabet) };
}

/** The printable ASCII characters an atom matches, found by testing each; undefined if it does not compile. */
function atomCharacters(atom: string): CharacterSet | undefined {
  try {
    const single = new RegExp(`^${atom}$`, 'v');
    return [...ASCII_PRINTABLE].filter((c) => single.test(c)).join('');
  } catch {
    return undefined;
  }
}
