// Resolves the password policy for one site's password field from three sources: the page's
// `passwordrules` attribute, else Apple's quirks entry for the host, and always the field's own
// minlength/maxlength/pattern. Throws PASSWORD_RULES_UNSATISFIABLE when they cannot all be met.

import { TesseraError } from '../errors';
import passwordRulesQuirks from './data/password-manager-resources/password-rules.json' with { type: 'json' };
import { readFieldPattern } from './field-pattern';
import { lookupByHost, type HostMatch } from './host-lookup';
import {
  UNRESTRICTED_POLICY,
  intersectPolicies,
  policyFromRules,
  unsatisfiableReason,
  type PasswordPolicy,
} from './password-policy';
import { parsePasswordRules } from './password-rules-parser';

/** The password `<input>`'s attributes, as read from the page. */
export interface PasswordFieldAttributes {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface SitePasswordRulesInput {
  host?: string;
  passwordRulesAttribute?: string;
  field?: PasswordFieldAttributes;
}

export type PasswordRulesSource = 'page' | 'quirks' | 'field';

export interface SitePasswordPolicy {
  policy: PasswordPolicy;
  /** The sources that shaped the policy, for the rotation journal and for error reports. */
  sources: PasswordRulesSource[];
  /** Parts of the sources that were ignored, and why. Never contains a password. */
  warnings: string[];
}

const QUIRKS: Readonly<Record<string, { 'password-rules': string }>> = passwordRulesQuirks;

/** Apple's `passwordrules` text for the host or its nearest listed parent domain. */
export function quirkPasswordRulesFor(host: string): HostMatch<string> | undefined {
  const match = lookupByHost(QUIRKS, host);
  return match && { domain: match.domain, value: match.value['password-rules'] };
}

export function resolveSitePasswordPolicy(input: SitePasswordRulesInput): SitePasswordPolicy {
  const warnings: string[] = [];
  const field = fieldPolicy(input.field ?? {}, warnings);
  // The page's own attribute is the site's current word; Apple's quirks stand in when it has none.
  const stated = statedRules(input, warnings);

  const policy = stated ? intersectPolicies(stated.policy, field.policy) : field.policy;
  const sources: PasswordRulesSource[] = [...(stated ? [stated.source] : []), ...(field.shaped ? ['field' as const] : [])];
  const reason = unsatisfiableReason(policy);
  if (reason === undefined) return { policy, sources, warnings };

  // A stale quirk must not block a field whose own limits can be met.
  if (stated?.source === 'quirks' && unsatisfiableReason(field.policy) === undefined) {
    warnings.push(`Apple's rules for this site conflict with the field's own limits (${reason}); using the field's`);
    return { policy: field.policy, sources: field.shaped ? ['field'] : [], warnings };
  }
  throw new TesseraError(
    'PASSWORD_RULES_UNSATISFIABLE',
    `This site's password rules cannot all be met: ${reason}. Check the rules on the site's page and set the password by hand.`,
    { sources: sources.join(',') },
  );
}

function statedRules(
  input: SitePasswordRulesInput,
  warnings: string[],
): { policy: PasswordPolicy; source: PasswordRulesSource } | undefined {
  const attribute = input.passwordRulesAttribute?.trim();
  if (attribute) {
    const parsed = parsePasswordRules(attribute);
    warnings.push(...parsed.warnings.map((warning) => `passwordrules attribute: ${warning}`));
    return { policy: policyFromRules(parsed.rules), source: 'page' };
  }
  const quirk = input.host === undefined ? undefined : quirkPasswordRulesFor(input.host);
  if (quirk) {
    const parsed = parsePasswordRules(quirk.value);
    warnings.push(...parsed.warnings.map((warning) => `Apple's rules for ${quirk.domain}: ${warning}`));
    return { policy: policyFromRules(parsed.rules), source: 'quirks' };
  }
  return undefined;
}

function fieldPolicy(field: PasswordFieldAttributes, warnings: string[]): { policy: PasswordPolicy; shaped: boolean } {
  let policy = UNRESTRICTED_POLICY;
  let shaped = false;
  const minLength = lengthAttribute('minlength', field.minLength, 0, warnings);
  const maxLength = lengthAttribute('maxlength', field.maxLength, 1, warnings);
  if (minLength !== undefined || maxLength !== undefined) {
    policy = { ...policy, minLength: Math.max(1, minLength ?? 1), maxLength };
    shaped = true;
  }
  if (field.pattern !== undefined && field.pattern !== '') {
    const read = readFieldPattern(field.pattern);
    if (read.pattern) {
      const fromPattern = read.pattern.rules ? policyFromRules(read.pattern.rules) : UNRESTRICTED_POLICY;
      policy = intersectPolicies(policy, { ...fromPattern, patterns: [read.pattern.regexp] });
      shaped = true;
    } else {
      warnings.push(read.warning);
    }
  }
  return { policy, shaped };
}

/** Browsers ignore a negative or non-numeric minlength/maxlength; so do we. */
function lengthAttribute(name: string, value: number | undefined, least: number, warnings: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isInteger(value) && value >= least) return value;
  warnings.push(`field ${name} ${String(value).slice(0, 20)} ignored`);
  return undefined;
}
