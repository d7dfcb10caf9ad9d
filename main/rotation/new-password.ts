// Chooses the rotation's new password: strongest the site allows by Apple's quirks for the
// host at PREPARE (before any page is seen), then checked against what the change form's
// field says (passwordrules, maxlength, pattern); a candidate that breaks them is replaced.
import { generatePassword, policyViolations, resolveSitePasswordPolicy, type SitePasswordRulesInput } from '../passwords';
import { hostOf } from '../vault';

export function initialCandidate(loginUrl: string): string {
  const host = hostOf(loginUrl);
  return generatePassword(resolveSitePasswordPolicy(host ? { host } : {}).policy).value;
}

/** The candidate if it meets the page's rules, else a new one that does (or a thrown PASSWORD_RULES_UNSATISFIABLE). */
export function candidateForPage(loginUrl: string, candidate: string, page: Omit<SitePasswordRulesInput, 'host'>): { password: string; replaced: boolean; sources: string[] } {
  const host = hostOf(loginUrl);
  const { policy, sources } = resolveSitePasswordPolicy({ ...page, ...(host ? { host } : {}) });
  if (policyViolations(policy, candidate).length === 0) return { password: candidate, replaced: false, sources };
  return { password: generatePassword(policy).value, replaced: true, sources };
}
