// Public API of the password policies capability: site password rules (page attribute, Apple's
// quirks, field attributes), the generator, and where to change a password. Plain Node: no
// Electron and no IPC, so the CLI, the app and the automation engine all share it.

export type { CharacterSet } from './character-sets';
export { parsePasswordRules, type ParsedPasswordRules, type PasswordRules } from './password-rules-parser';
export {
  UNRESTRICTED_POLICY,
  intersectPolicies,
  policyFromRules,
  policyViolations,
  unsatisfiableReason,
  type PasswordPolicy,
} from './password-policy';
export {
  quirkPasswordRulesFor,
  resolveSitePasswordPolicy,
  type PasswordFieldAttributes,
  type PasswordRulesSource,
  type SitePasswordPolicy,
  type SitePasswordRulesInput,
} from './site-password-rules';
export {
  DEFAULT_MAX_LENGTH,
  DEFAULT_PASSPHRASE_WORDS,
  defaultPasswordLength,
  generatePassphrase,
  generatePassword,
  type GeneratedPassword,
  type PassphraseOptions,
  type PasswordOptions,
} from './password-generator';
export { SAFEST_SYMBOLS, avoidingRefusal, describeRefusal, readPasswordRefusal, type PasswordRefusal } from './password-refusal';
export { changePasswordUrlFor, wellKnownChangePasswordUrl } from './change-password-urls';
export { isInsecureWebUrl, normalizeOrigin, originHost, unconfirmedInsecureLogin, webOriginOf } from './web-origin';
