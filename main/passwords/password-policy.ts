// A password policy: the resolved constraints a generated password must meet, whichever source
// they came from (page attribute, Apple's quirks, the input field). Owns combining policies,
// telling whether a policy can be met at all, and checking a password against one.

import { ASCII_PRINTABLE, intersection, union, type CharacterSet } from './character-sets';
import type { PasswordRules } from './password-rules-parser';

export interface PasswordPolicy {
  minLength: number;
  /** undefined when no source states a maximum. */
  maxLength: number | undefined;
  /** Every character the password may contain. */
  allowed: CharacterSet;
  /** Each entry needs its own position in the password holding a character of that set. */
  required: CharacterSet[];
  maxConsecutive: number | undefined;
  /** Whole-value patterns (already anchored) the password must match, e.g. from `<input pattern>`. */
  patterns: RegExp[];
}

export const UNRESTRICTED_POLICY: PasswordPolicy = Object.freeze({
  minLength: 1,
  maxLength: undefined,
  allowed: ASCII_PRINTABLE,
  required: [],
  maxConsecutive: undefined,
  patterns: [],
}) as PasswordPolicy;

/** As Apple's generator reads rules: with no `allowed`, the required classes are all that is allowed. */
export function policyFromRules(rules: PasswordRules): PasswordPolicy {
  const stated = union(rules.allowed ?? '', ...rules.required);
  return {
    minLength: Math.max(1, rules.minLength ?? 1),
    maxLength: rules.maxLength,
    allowed: stated === '' ? ASCII_PRINTABLE : stated,
    required: [...rules.required],
    maxConsecutive: rules.maxConsecutive,
    patterns: [],
  };
}

/** A password meets the result exactly when it meets both policies. */
export function intersectPolicies(a: PasswordPolicy, b: PasswordPolicy): PasswordPolicy {
  const allowed = intersection(a.allowed, b.allowed);
  return {
    minLength: Math.max(a.minLength, b.minLength),
    maxLength: minDefined(a.maxLength, b.maxLength),
    allowed,
    required: [...a.required, ...b.required].map((set) => intersection(set, allowed)),
    maxConsecutive: minDefined(a.maxConsecutive, b.maxConsecutive),
    patterns: [...a.patterns, ...b.patterns],
  };
}

/**
 * Why no password can meet the policy, or undefined when one can (patterns aside: they are
 * only known to be satisfiable once a generated password matches them).
 */
export function unsatisfiableReason(policy: PasswordPolicy): string | undefined {
  const { minLength, maxLength, allowed, required, maxConsecutive } = policy;
  if (allowed === '') return 'no character is allowed by every rule';
  if (required.some((set) => set === '')) return 'a required character class has no character that is also allowed';
  if (maxLength !== undefined && maxLength < minLength) {
    return `the minimum length ${minLength} is above the maximum length ${maxLength}`;
  }
  if (maxLength !== undefined && required.length > maxLength) {
    return `${required.length} required characters do not fit in ${maxLength}`;
  }
  if (allowed.length === 1 && maxConsecutive !== undefined && Math.max(minLength, required.length) > maxConsecutive) {
    return `only one character is allowed and it may not repeat more than ${maxConsecutive} times`;
  }
  return undefined;
}

/** Every rule the password breaks, in words; an empty list means the password meets the policy. */
export function policyViolations(policy: PasswordPolicy, password: string): string[] {
  const violations: string[] = [];
  const characters = [...password];
  if (characters.length < policy.minLength) violations.push(`shorter than ${policy.minLength}`);
  if (policy.maxLength !== undefined && characters.length > policy.maxLength) {
    violations.push(`longer than ${policy.maxLength}`);
  }
  if (characters.some((c) => !policy.allowed.includes(c))) violations.push('contains a character that is not allowed');
  if (!coversRequired(policy.required, characters)) violations.push('misses a required character class');
  if (policy.maxConsecutive !== undefined && longestRun(characters) > policy.maxConsecutive) {
    violations.push(`repeats a character more than ${policy.maxConsecutive} times in a row`);
  }
  if (policy.patterns.some((pattern) => !pattern.test(password))) violations.push('does not match the field pattern');
  return violations;
}

export function longestRun(characters: readonly string[]): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < characters.length; i++) {
    run = i > 0 && characters[i] === characters[i - 1] ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * Whether each required set can be given a distinct position holding one of its characters:
 * a bipartite matching (Kuhn's augmenting paths), small because passwords are short.
 */
function coversRequired(required: readonly CharacterSet[], characters: readonly string[]): boolean {
  const owner: (number | undefined)[] = new Array<number | undefined>(characters.length).fill(undefined);
  const assign = (set: number, visited: boolean[]): boolean => {
    for (let position = 0; position < characters.length; position++) {
      if (visited[position] || !(required[set] as string).includes(characters[position] as string)) continue;
      visited[position] = true;
      const current = owner[position];
      if (current === undefined || assign(current, visited)) {
        owner[position] = set;
        return true;
      }
    }
    return false;
  };
  return required.every((_, set) => assign(set, new Array<boolean>(characters.length).fill(false)));
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
