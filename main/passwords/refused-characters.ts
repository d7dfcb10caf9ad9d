// Reads a site's refusal of a new password's characters from the message it showed ("Passwords
// may not contain the character "\"", "Password contains invalid characters"), and narrows a
// policy so the next candidate avoids them: the named characters when the message names any,
// else every symbol but - _ . (letters and digits are what no site refuses).
import { ASCII_PRINTABLE, DIGIT, LOWER, UPPER, difference, toCharacterSet, type CharacterSet } from './character-sets';
import { UNRESTRICTED_POLICY, intersectPolicies, unsatisfiableReason, type PasswordPolicy } from './password-policy';

export interface CharacterRefusal {
  /** The characters the message names; '' when it refuses "special" or "invalid" characters without naming them. */
  named: CharacterSet;
}

// Symbols a site that refuses "special characters" without naming them accepts most often.
export const SAFEST_SYMBOLS: CharacterSet = toCharacterSet('-_.');

const CHARACTER_WORDS = /\b(characters?|symbols?|zeichen|caract[eè]res?|caracteres?)\b/i;
const REFUSAL_WORDS = /\b(may not|must not|cannot|can ?not|can't|not allowed|not permitted|disallowed|invalid|illegal|unsupported|forbidden|only (contain|use|letters)|nicht erlaubt|ungültige|non autoris[ée]s?|no permitidos?|no válidos?)\b/i;
const LENGTH_WORDS = /\b(at least|or more|or fewer|minimum|maximum|long|longer|length|short|shorter|\d+ (characters?|symbols?))\b/i;
// A quoted run of 1–8 characters none of which is a letter, digit or space: "\", ‘&’, «<>».
const QUOTED_SYMBOLS = /["“„'‘‚«]\s?([^\p{L}\p{N}\s"“”„'‘’‚«»]{1,8})\s?["”“'’‘»]/gu;
// "may only contain letters and numbers": every symbol refused, without the word "character".
const LETTERS_AND_DIGITS_ONLY = /\b(only (contain|use|include|consist of)|(contain|use|include|consist of) only) (letters|numbers|digits|alphanumeric)/i;

/** The refusal a site's message expresses, or undefined when the message is about something else. */
export function readCharacterRefusal(message: string): CharacterRefusal | undefined {
  // Judged sentence by sentence, so "Invalid token. Use 8 characters or more." is no refusal.
  for (const sentence of message.split(/(?<=[.!?;])\s+|\s+\|\s+|\n/)) {
    if (LETTERS_AND_DIGITS_ONLY.test(sentence)) return { named: '' };
    if (!CHARACTER_WORDS.test(sentence) || !REFUSAL_WORDS.test(sentence)) continue;
    const named = [...sentence.matchAll(QUOTED_SYMBOLS)].map((match) => match[1] as string).join('');
    // "cannot be shorter than 8 characters" is about length, unless it also names a character.
    if (named === '' && LENGTH_WORDS.test(sentence)) continue;
    return { named: toCharacterSet([...named].filter((c) => ASCII_PRINTABLE.includes(c))) };
  }
  return undefined;
}

/** The policy without the refused characters; undefined when nothing would be left to meet it. */
export function avoidingRefusal(policy: PasswordPolicy, refusal: CharacterRefusal): PasswordPolicy | undefined {
  const allowed = refusal.named !== '' ? difference(ASCII_PRINTABLE, refusal.named) : LOWER + UPPER + DIGIT + SAFEST_SYMBOLS;
  const narrowed = intersectPolicies(policy, { ...UNRESTRICTED_POLICY, allowed: toCharacterSet(allowed) });
  return unsatisfiableReason(narrowed) === undefined ? narrowed : undefined;
}
