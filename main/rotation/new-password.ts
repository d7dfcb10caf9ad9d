// Chooses the rotation's new password: strongest the site allows by Apple's quirks for the
// host at PREPARE (before any page is seen), then checked against what the change form's
// field says (passwordrules, maxlength, pattern); a candidate that breaks them is replaced.
// A second try after the site refused the first (characters, length) narrows every policy by that refusal.
import {
  avoidingRefusal,
  generatePassword,
  policyViolations,
  resolveSitePasswordPolicy,
  type PasswordRefusal,
  type PasswordPolicy,
  type SitePasswordRulesInput,
} from '../passwords';
import { hostOf } from '../vault';

export function initialCandidate(loginUrl: string, refusal?: PasswordRefusal): string {
  const host = hostOf(loginUrl);
  return generatePassword(narrowed(resolveSitePasswordPolicy(host ? { host } : {}).policy, refusal)).value;
}

/** The candidate if it meets the page's rules, else a new one that does (or a thrown PASSWORD_RULES_UNSATISFIABLE). */
export function candidateForPage(
  loginUrl: string,
  candidate: string,
  page: Omit<SitePasswordRulesInput, 'host'>,
  refusal?: PasswordRefusal,
): { password: string; replaced: boolean; sources: string[] } {
  const host = hostOf(loginUrl);
  const resolved = resolveSitePasswordPolicy({ ...page, ...(host ? { host } : {}) });
  const policy = narrowed(resolved.policy, refusal);
  if (policyViolations(policy, candidate).length === 0) return { password: candidate, replaced: false, sources: resolved.sources };
  return { password: generatePassword(policy).value, replaced: true, sources: resolved.sources };
}

/** Whether the refusal explains why the site refused this candidate, and a second try under the site's known rules can avoid it. */
export function refusalExplains(loginUrl: string, refusal: PasswordRefusal, refused: string): boolean {
  const host = hostOf(loginUrl);
  try {
    const avoiding = avoidingRefusal(resolveSitePasswordPolicy(host ? { host } : {}).policy, refusal);
    return avoiding !== undefined && policyViolations(avoiding, refused).length > 0;
  } catch {
    return false; // PASSWORD_RULES_UNSATISFIABLE: no candidate at all
  }
}

function narrowed(policy: PasswordPolicy, refusal: PasswordRefusal | undefined): PasswordPolicy {
  // Where the refusal cannot be met with the site's rules, the rules win: the try fails as before.
  return (refusal && avoidingRefusal(policy, refusal)) ?? policy;
}
