// Generates passwords and passphrases that meet a PasswordPolicy, from the OS CSPRNG with
// unbiased choices. By default: the longest password the policy allows (capped), drawn from
// every allowed character except look-alikes, spaces and the characters sites mangle (\ " < >),
// with one character of each class at a random spot.

import { TesseraError } from '../errors';
import {
  BASIC_CLASSES,
  DIGIT,
  ESCAPE_PRONE,
  LOOK_ALIKES,
  SPACE,
  UPPER,
  difference,
  intersection,
  isSubset,
  type CharacterSet,
} from './character-sets';
import { PASSPHRASE_WORDS } from './passphrase-word-list';
import { UNRESTRICTED_POLICY, policyViolations, unsatisfiableReason, type PasswordPolicy } from './password-policy';
import { randomCharacter, randomIndex, randomPermutation } from './secure-random';

export interface GeneratedPassword {
  value: string;
  /** A lower bound on the bits of randomness in the construction (position choices not counted). */
  entropyBits: number;
}

export interface PasswordOptions {
  /** Defaults to the longest the policy allows, at most DEFAULT_MAX_LENGTH. */
  length?: number;
  /** Leave out 0 O o 1 l I | ` ' (default true), unless a rule can be met no other way. */
  excludeLookAlikes?: boolean;
}

export interface PassphraseOptions {
  words?: number;
  /** Defaults to the first of - . _ ~ + = the policy allows. */
  separator?: string;
}

// 64 characters from ~86 symbols is ~400 bits; longer only risks sites silently truncating.
export const DEFAULT_MAX_LENGTH = 64;
// Hostile or broken rules may ask for absurd lengths; nobody's password field takes more.
export const MAX_GENERATED_LENGTH = 1024;
export const DEFAULT_PASSPHRASE_WORDS = 6;
// A field pattern we cannot build for is met by generating and testing; this bounds the tries.
export const MAX_GENERATION_ATTEMPTS = 1000;

const PASSPHRASE_SEPARATORS = ['-', '.', '_', '~', '+', '='];
// Left out of every generated password unless a rule can be met no other way.
const ALWAYS_AVOIDED: CharacterSet = SPACE + ESCAPE_PRONE;

export function defaultPasswordLength(policy: PasswordPolicy): number {
  const longest = Math.min(policy.maxLength ?? DEFAULT_MAX_LENGTH, DEFAULT_MAX_LENGTH);
  return Math.max(longest, policy.minLength, policy.required.length);
}

export function generatePassword(
  policy: PasswordPolicy = UNRESTRICTED_POLICY,
  options: PasswordOptions = {},
): GeneratedPassword {
  assertSatisfiable(policy);
  const length = chooseLength(policy, options.length);
  const excluded = (options.excludeLookAlikes ?? true) ? LOOK_ALIKES + ALWAYS_AVOIDED : ALWAYS_AVOIDED;
  const pool = preferWithout(policy.allowed, excluded);
  const required = policy.required.map((set) => preferWithout(set, excluded));
  // Also cover every basic class the site allows, so undeclared "must contain a digit" rules pass.
  for (const basic of BASIC_CLASSES) {
    const available = intersection(pool, basic);
    if (available === '' || required.length >= length) continue;
    if (!required.some((set) => isSubset(set, basic))) required.push(available);
  }

  for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
    const slots = assignSlots(length, pool, required);
    const value = fillSlots(slots, policy.maxConsecutive);
    if (value !== undefined && policyViolations(policy, value).length === 0) {
      return { value, entropyBits: slotEntropy(slots, policy.maxConsecutive) };
    }
  }
  throw unsatisfiable(`no generated password met the rules in ${MAX_GENERATION_ATTEMPTS} tries (likely the field pattern)`);
}

/**
 * Capitalised EFF words joined by a separator, with one digit added to a random word when the
 * policy allows capitals and digits, e.g. "Tulip-Gravy-Unfold7-Sprout-Dimmer-Anvil".
 */
export function generatePassphrase(
  policy: PasswordPolicy = UNRESTRICTED_POLICY,
  options: PassphraseOptions = {},
): GeneratedPassword {
  assertSatisfiable(policy);
  const wordCount = options.words ?? DEFAULT_PASSPHRASE_WORDS;
  if (!Number.isInteger(wordCount) || wordCount < 1 || wordCount > 64) {
    throw new TesseraError('INVALID_INPUT', `A passphrase needs 1 to 64 words; ${wordCount} was asked for.`);
  }
  const separator = options.separator ?? choosePassphraseSeparator(policy);
  const capitalize = isSubset(UPPER, policy.allowed);
  const digits = preferWithout(intersection(DIGIT, policy.allowed), LOOK_ALIKES);

  for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
    const words = Array.from({ length: wordCount }, () => PASSPHRASE_WORDS[randomIndex(PASSPHRASE_WORDS.length)] as string);
    const shaped = words.map((word) => (capitalize ? word.charAt(0).toUpperCase() + word.slice(1) : word));
    if (digits !== '') shaped[randomIndex(wordCount)] += randomCharacter(digits);
    const value = shaped.join(separator);
    if (policyViolations(policy, value).length === 0) {
      const digitBits = digits === '' ? 0 : Math.log2(digits.length * wordCount);
      return { value, entropyBits: round(wordCount * Math.log2(PASSPHRASE_WORDS.length) + digitBits) };
    }
  }
  throw unsatisfiable('this site’s rules do not fit a passphrase; generate a random password instead');
}

function assertSatisfiable(policy: PasswordPolicy): void {
  const reason = unsatisfiableReason(policy);
  if (reason !== undefined) throw unsatisfiable(reason);
}

function unsatisfiable(reason: string): TesseraError {
  return new TesseraError(
    'PASSWORD_RULES_UNSATISFIABLE',
    `No password can be generated for this site: ${reason}. Check the site's password rules or set the password by hand.`,
  );
}

function chooseLength(policy: PasswordPolicy, requested: number | undefined): number {
  const length = requested ?? defaultPasswordLength(policy);
  const shortest = Math.max(policy.minLength, policy.required.length);
  const longest = Math.min(policy.maxLength ?? MAX_GENERATED_LENGTH, MAX_GENERATED_LENGTH);
  if (requested !== undefined && (!Number.isInteger(length) || length < shortest || length > longest)) {
    throw new TesseraError('INVALID_INPUT', `Length ${requested} is outside what this site allows (${shortest}–${longest}).`);
  }
  if (length > MAX_GENERATED_LENGTH) throw unsatisfiable(`it asks for at least ${length} characters`);
  return length;
}

/** The set without the excluded characters, unless that would leave nothing to choose from. */
function preferWithout(set: CharacterSet, excluded: CharacterSet): CharacterSet {
  return difference(set, excluded) || difference(set, ALWAYS_AVOIDED) || set;
}

/** The character set each position draws from: the required sets at random positions, the pool elsewhere. */
function assignSlots(length: number, pool: CharacterSet, required: readonly CharacterSet[]): CharacterSet[] {
  const slots = new Array<CharacterSet>(length).fill(pool);
  const positions = randomPermutation(length);
  required.forEach((set, i) => {
    slots[positions[i] as number] = set;
  });
  return slots;
}

/** Draws each position left to right, never extending a run past maxConsecutive; undefined if stuck. */
function fillSlots(slots: readonly CharacterSet[], maxConsecutive: number | undefined): string | undefined {
  let value = '';
  let run = 0;
  for (const slot of slots) {
    const last = value[value.length - 1];
    const choices = maxConsecutive !== undefined && last !== undefined && run >= maxConsecutive ? difference(slot, last) : slot;
    if (choices === '') return undefined;
    const next = randomCharacter(choices);
    run = next === last ? run + 1 : 1;
    value += next;
  }
  return value;
}

function slotEntropy(slots: readonly CharacterSet[], maxConsecutive: number | undefined): number {
  // With a repeat limit a position may lose one choice; count that loss everywhere to stay a lower bound.
  const choices = (slot: CharacterSet) => (maxConsecutive !== undefined && slot.length > 1 ? slot.length - 1 : slot.length);
  return round(slots.reduce((bits, slot) => bits + Math.log2(choices(slot)), 0));
}

function choosePassphraseSeparator(policy: PasswordPolicy): string {
  const allowed = PASSPHRASE_SEPARATORS.filter((separator) => policy.allowed.includes(separator));
  // Prefer a separator that also meets a required symbol class, e.g. "required: [-.]".
  const meetsRequired = allowed.find((separator) => policy.required.some((set) => set.includes(separator)));
  return meetsRequired ?? allowed[0] ?? '';
}

function round(bits: number): number {
  return Math.round(bits * 10) / 10;
}
