// Parses the `passwordrules` attribute syntax (Apple's proposal, also used by Apple's quirks
// file): `required: lower; required: [-!@#]; allowed: ascii-printable; max-consecutive: 2;
// minlength: 20; maxlength: 30;`. The text often comes from a web page, so the parser never
// throws: unknown properties and malformed pieces are skipped and reported as warnings.

import {
  ASCII_PRINTABLE,
  namedClassCharacters,
  toCharacterSet,
  union,
  type CharacterSet,
  type NamedCharacterClass,
} from './character-sets';

export interface PasswordRules {
  /** Each entry needs its own character of the password drawn from that set. */
  required: CharacterSet[];
  /** Characters allowed besides the required ones; undefined when the rules say nothing. */
  allowed: CharacterSet | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  /** Longest run of one repeated character, e.g. 2 allows "aa" but not "aaa". */
  maxConsecutive: number | undefined;
}

export interface ParsedPasswordRules {
  rules: PasswordRules;
  warnings: string[];
}

// Longer text is not a password rule; refusing it keeps the work bounded on hostile pages.
export const MAX_PASSWORD_RULES_LENGTH = 4096;
// Larger numbers mean nothing for a password and would only overflow later arithmetic.
const MAX_NUMBER_DIGITS = 6;

const NAMED_CLASSES: readonly NamedCharacterClass[] = [
  'upper',
  'lower',
  'digit',
  'special',
  'ascii-printable',
  'unicode',
];

type Scan = { value: CharacterSet; end: number } | { error: string; end: number };

export function emptyPasswordRules(): PasswordRules {
  return {
    required: [],
    allowed: undefined,
    minLength: undefined,
    maxLength: undefined,
    maxConsecutive: undefined,
  };
}

export function parsePasswordRules(text: string): ParsedPasswordRules {
  const rules = emptyPasswordRules();
  const warnings: string[] = [];
  if (typeof text !== 'string') return { rules, warnings: ['password rules are not text; ignored'] };
  if (text.length > MAX_PASSWORD_RULES_LENGTH) {
    return { rules, warnings: [`password rules longer than ${MAX_PASSWORD_RULES_LENGTH} characters; ignored`] };
  }

  let position = 0;
  while (position < text.length) {
    position = skipWhitespace(text, position);
    if (position >= text.length) break;
    if (text[position] === ';') {
      position++;
      continue;
    }
    const ruleStart = position;
    const outcome = parseRule(text, position, rules);
    if ('error' in outcome) {
      warnings.push(`${outcome.error} in "${excerpt(text, ruleStart)}"; rule skipped`);
      position = skipPastSeparator(text, outcome.end);
    } else {
      position = outcome.end;
    }
  }
  return { rules, warnings };
}

function parseRule(text: string, start: number, rules: PasswordRules): { end: number } | { error: string; end: number } {
  const nameEnd = scanIdentifier(text, start);
  if (nameEnd === start) return { error: 'expected a property name', end: start };
  const name = text.slice(start, nameEnd).toLowerCase();
  let position = skipWhitespace(text, nameEnd);
  if (text[position] !== ':') return { error: `expected ":" after "${name}"`, end: position };
  position = skipWhitespace(text, position + 1);

  switch (name) {
    case 'required':
    case 'allowed': {
      const scanned = scanClassList(text, position);
      if ('error' in scanned) return scanned;
      const end = expectRuleEnd(text, scanned.end);
      if ('error' in end) return end;
      if (name === 'required') rules.required.push(scanned.value);
      else rules.allowed = union(rules.allowed ?? '', scanned.value);
      return end;
    }
    case 'minlength':
    case 'maxlength':
    case 'max-consecutive': {
      const scanned = scanInteger(text, position);
      if ('error' in scanned) return scanned;
      const value = scanned.value;
      if (value === 0 && name !== 'minlength') return { error: `${name} must be at least 1`, end: scanned.end };
      const end = expectRuleEnd(text, scanned.end);
      if ('error' in end) return end;
      // Several statements of one limit: the strictest wins, as each is a constraint of its own.
      if (name === 'minlength') rules.minLength = Math.max(rules.minLength ?? 0, value);
      else if (name === 'maxlength') rules.maxLength = Math.min(rules.maxLength ?? value, value);
      else rules.maxConsecutive = Math.min(rules.maxConsecutive ?? value, value);
      return end;
    }
    default:
      return { error: `unknown property "${name.slice(0, 40)}"`, end: position };
  }
}

/** A comma-separated list of named classes and custom `[...]` classes, as one character set. */
function scanClassList(text: string, start: number): { value: CharacterSet; end: number } | { error: string; end: number } {
  let position = start;
  let value = '';
  for (;;) {
    const item = text[position] === '[' ? scanCustomClass(text, position) : scanNamedClass(text, position);
    if ('error' in item) return item;
    value = union(value, item.value);
    position = skipWhitespace(text, item.end);
    if (text[position] !== ',') break;
    position = skipWhitespace(text, position + 1);
  }
  if (value === '') return { error: 'empty character class', end: position };
  return { value, end: position };
}

function scanNamedClass(text: string, start: number): Scan {
  const end = scanIdentifier(text, start);
  const name = text.slice(start, end).toLowerCase();
  const named = NAMED_CLASSES.find((candidate) => candidate === name);
  if (!named) return { error: end === start ? 'expected a character class' : `unknown character class "${name.slice(0, 40)}"`, end };
  return { value: namedClassCharacters(named), end };
}

/**
 * `[...]`: a `-` counts only as the first character and `]` only as the last (written `]]`).
 * Characters outside printable ASCII are dropped, as Apple's parser does.
 */
function scanCustomClass(text: string, start: number): Scan {
  let position = start + 1;
  let characters = '';
  if (text[position] === '-') {
    characters += '-';
    position++;
  }
  while (position < text.length) {
    const c = text[position] as string;
    if (c === ']') {
      if (text[position + 1] === ']') return { value: toCharacterSet(characters + ']'), end: position + 2 };
      return { value: toCharacterSet(characters), end: position + 1 };
    }
    // A '-' after the first position is not a range; Apple ignores it, so do we.
    if (c !== '-' && ASCII_PRINTABLE.includes(c)) characters += c;
    position++;
  }
  return { error: 'unterminated "[" character class', end: position };
}

function scanInteger(text: string, start: number): { value: number; end: number } | { error: string; end: number } {
  let end = start;
  while (end < text.length && isDigit(text[end])) end++;
  if (end === start) return { error: 'expected a number', end };
  if (end - start > MAX_NUMBER_DIGITS) return { error: 'number too large', end };
  return { value: Number(text.slice(start, end)), end };
}

function expectRuleEnd(text: string, position: number): { end: number } | { error: string; end: number } {
  const next = skipWhitespace(text, position);
  if (next >= text.length) return { end: next };
  if (text[next] === ';') return { end: next + 1 };
  return { error: `unexpected "${text[next]}"`, end: next };
}

function scanIdentifier(text: string, start: number): number {
  let end = start;
  while (end < text.length && /[A-Za-z-]/.test(text[end] as string)) end++;
  return end;
}

function skipWhitespace(text: string, position: number): number {
  while (position < text.length && /[ \t\n\r\f]/.test(text[position] as string)) position++;
  return position;
}

function skipPastSeparator(text: string, position: number): number {
  const separator = text.indexOf(';', position);
  return separator === -1 ? text.length : separator + 1;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function excerpt(text: string, start: number): string {
  const end = text.indexOf(';', start);
  const piece = text.slice(start, end === -1 ? undefined : end).trim();
  return piece.length > 40 ? `${piece.slice(0, 40)}…` : piece;
}
