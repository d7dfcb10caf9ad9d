// Handler for passwords.generate: the site's known rules (Apple's quirks data, by host), with
// "no symbols" as one more rule when asked, then the generator over the OS CSPRNG.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import { generatePassphrase, generatePassword, intersectPolicies, parsePasswordRules, policyFromRules, resolveSitePasswordPolicy } from '../../passwords';

function hostOf(site: string | undefined): string | undefined {
  if (!site) return undefined;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(site) ? site : `https://${site}`).hostname || undefined;
  } catch {
    return undefined;
  }
}

const LETTERS_AND_DIGITS = policyFromRules(parsePasswordRules('allowed: upper, lower, digit;').rules);

export function passwordsHandlers({ vault }: Services): HandlerSlice<'passwords.generate'> {
  return {
    'passwords.generate': ({ kind, site, length, words, symbols }) => {
      vault.unlocked();
      const host = hostOf(site);
      const resolved = resolveSitePasswordPolicy(host ? { host } : {});
      const policy = symbols === false ? intersectPolicies(resolved.policy, LETTERS_AND_DIGITS) : resolved.policy;
      const generated = kind === 'passphrase'
        ? generatePassphrase(policy, words !== undefined ? { words } : {})
        : generatePassword(policy, length !== undefined ? { length } : {});
      return { value: generated.value, entropyBits: generated.entropyBits, siteRules: resolved.sources.length > 0 };
    },
  };
}
