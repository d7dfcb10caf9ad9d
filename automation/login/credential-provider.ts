// The narrow doors through which secrets reach the login engine. The caller (the vault
// side) implements them; the engine asks only when it is about to type, and never keeps,
// logs or reports what it got.

export interface CredentialProvider {
  username(): Promise<string>;
  password(): Promise<string>;
}

/** Where a one-time code comes from: the vault's TOTP secret, or a mail the site sent. */
export type OtpSource = 'totp' | 'email';

export interface OtpRequest {
  /** What the page suggests ("we emailed you a code" → 'email'); the provider may ignore it. */
  hint?: OtpSource;
  signal?: AbortSignal;
}

/**
 * Supplies a one-time code when the site asks for one: a TOTP from the vault, or an emailed
 * code from the managed inbox.
 */
export type OtpProvider = (request?: OtpRequest) => Promise<string>;

/**
 * Runs the moments when a secret is typed or read back from the page. The flow uses it to
 * pause the Playwright trace, so neither the typed value nor the value read back for the
 * check ever enters the trace; the default runs the work as it is.
 */
export type SecretSection = <T>(work: () => Promise<T>) => Promise<T>;

export const unguarded: SecretSection = (work) => work();
