// Reads why a site refused a new password from the message it showed, and narrows a policy so
// the next candidate avoids that: characters ("Passwords may not contain the character "\"",
// "Password contains invalid characters", "letters and digits only") and length ("Ensure this value has at most 32
// characters", "must be 8-20 characters", "Password is too long"). Sites that state no rules
// in the page say them only here, after the submit.
import { ASCII_PRINTABLE, DIGIT, LOWER, UPPER, difference, toCharacterSet, type CharacterSet } from './character-sets';
import { UNRESTRICTED_POLICY, intersectPolicies, unsatisfiableReason, type PasswordPolicy } from './password-policy';

export interface PasswordRefusal {
  /**
   * Refused characters: those the message names, or '' when it refuses "invalid" or "special"
   * characters without naming any; lettersAndDigitsOnly when it allows nothing else.
   */
  characters?: { named: CharacterSet; lettersAndDigitsOnly?: true };
  /** The longest password the message allows. */
  maxLength?: number;
}

// Symbols a site that refuses "special characters" without naming them accepts most often.
export const SAFEST_SYMBOLS: CharacterSet = toCharacterSet('-_.');
// "Too long" with no number: short enough for the strictest common limits (16 to 20), still ~100 bits.
export const TOO_LONG_FALLBACK_LENGTH = 16;

const CHARACTER_WORDS = /\b(characters?|chars|symbols?|zeichen|caract[eè]res?|caracteres?)\b/i;
const REFUSAL_WORDS = /\b(may not|must not|cannot|can ?not|can't|not allowed|not permitted|disallowed|invalid|illegal|unsupported|forbidden|nicht erlaubt|ungültige|non autoris[ée]s?|no permitidos?|no válidos?)\b/i;
const LENGTH_WORDS = /\b(at least|or more|or fewer|or less|minimum|maximum|long|longer|length|short|shorter|exceed|up to|between|\d+ ?(characters?|chars|symbols?))\b/i;
// "may only contain letters and numbers", "letters and digits only": every symbol refused.
const LETTERS_AND_DIGITS_ONLY = /\b(only (contain|use|include|consist of) (letters|numbers|digits|alphanumeric)|(contain|use|include|consist of) only (letters|numbers|digits|alphanumeric)|(letters|numbers|digits)( and (letters|numbers|digits))? only|alphanumeric characters only|only alphanumeric)/i;
// A quoted run of 1–8 characters none of which is a letter, digit or space: "\", ‘&’, „#“, «<>».
const QUOTED_SYMBOLS = /["“„'‘‚«]\s?([^\p{L}\p{N}\s"“”„'‘’‚«»]{1,8})\s?["”“'’‘»]/gu;

// Length limits, each with the group holding the largest allowed length and how it relates.
const MAX_LENGTH_PATTERNS: readonly { pattern: RegExp; allowed: (n: number) => number }[] = [
  { pattern: /\b(?:at most|no more than|not more than|a maximum of|maximum of|max(?:imum)?(?: length)?(?: is| of)?:?|up to|cannot exceed|can ?not exceed|can't exceed|must not exceed|may not exceed|not exceed|höchstens|maximal|como máximo|au maximum)\s*(\d{1,4})\b/i, allowed: (n) => n },
  // "must be shorter than 41", but not "cannot be shorter than 8" (a minimum).
  { pattern: /(?<!\b(?:not|cannot|can't|never) be )\b(?:fewer than|less than|shorter than|under)\s*(\d{1,4})\b/i, allowed: (n) => n - 1 },
  { pattern: /\b(?:not|cannot|can't|never) be (?:longer|more) than\s*(\d{1,4})\b/i, allowed: (n) => n },
  { pattern: /\bbetween\s*\d{1,4}\s*(?:and|-|–|to)\s*(\d{1,4})\b/i, allowed: (n) => n },
  { pattern: /\b\d{1,4}\s*(?:-|–|to)\s*(\d{1,4})\s*(?:characters?|chars|symbols?|zeichen|caract)/i, allowed: (n) => n },
];
const TOO_LONG = /\b(too long|zu lang|trop long|demasiado larga)\b/i;

/** What the message refuses, or undefined when it says nothing about the password's characters or length. */
export function readPasswordRefusal(message: string): PasswordRefusal | undefined {
  const refusal: PasswordRefusal = {};
  // Judged sentence by sentence, so "Invalid token. Use 8 characters or more." refuses nothing.
  for (const sentence of message.split(/(?<=[.!?;])\s+|\s+\|\s+|\n/)) {
    const maxLength = readMaxLength(sentence);
    if (maxLength !== undefined) refusal.maxLength = Math.min(refusal.maxLength ?? Infinity, maxLength);
    if (refusal.characters) continue;
    if (LETTERS_AND_DIGITS_ONLY.test(sentence)) {
      refusal.characters = { named: '', lettersAndDigitsOnly: true };
      continue;
    }
    if (!CHARACTER_WORDS.test(sentence) || !REFUSAL_WORDS.test(sentence)) continue;
    const named = toCharacterSet([...sentence.matchAll(QUOTED_SYMBOLS)].flatMap((match) => [...(match[1] as string)]).filter((c) => ASCII_PRINTABLE.includes(c)));
    // "cannot be shorter than 8 characters" is about length, unless it also names a character.
    if (named === '' && LENGTH_WORDS.test(sentence)) continue;
    refusal.characters = { named };
  }
  return refusal.characters || refusal.maxLength !== undefined ? refusal : undefined;
}

function readMaxLength(sentence: string): number | undefined {
  if (!CHARACTER_WORDS.test(sentence) && !/\b(long|length|lang|longueur|longitud)\b/i.test(sentence)) return undefined;
  for (const { pattern, allowed } of MAX_LENGTH_PATTERNS) {
    const match = pattern.exec(sentence);
    const n = match ? allowed(Number(match[1])) : NaN;
    if (n >= 4) return n;
  }
  return TOO_LONG.test(sentence) ? TOO_LONG_FALLBACK_LENGTH : undefined;
}

/** The policy narrowed by the refusal; undefined when nothing would be left to meet it. */
export function avoidingRefusal(policy: PasswordPolicy, refusal: PasswordRefusal): PasswordPolicy | undefined {
  const allowed = allowedAfter(refusal.characters);
  const narrowed = intersectPolicies(policy, { ...UNRESTRICTED_POLICY, allowed: toCharacterSet(allowed), maxLength: refusal.maxLength });
  return unsatisfiableReason(narrowed) === undefined ? narrowed : undefined;
}

function allowedAfter(characters: PasswordRefusal['characters']): CharacterSet {
  if (!characters) return ASCII_PRINTABLE;
  if (characters.lettersAndDigitsOnly) return LOWER + UPPER + DIGIT;
  return characters.named !== '' ? difference(ASCII_PRINTABLE, characters.named) : LOWER + UPPER + DIGIT + SAFEST_SYMBOLS;
}

/** The refusal in words, for the journal: "the characters \ %" or "passwords longer than 20 characters". */
export function describeRefusal(refusal: PasswordRefusal): string {
  const parts: string[] = [];
  const named = refusal.characters?.named;
  if (named !== undefined) parts.push(named !== '' ? `the characters ${[...named].join(' ')}` : 'its symbols');
  if (refusal.maxLength !== undefined) parts.push(`passwords longer than ${refusal.maxLength} characters`);
  return parts.join(' and ');
}
