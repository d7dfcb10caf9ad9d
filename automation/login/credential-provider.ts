// The narrow doors through which secrets reach the login engine. The caller (the vault
// side) implements them; the engine asks only when it is about to type, and never keeps,
// logs or reports what it got.

export interface CredentialProvider {
  username(): Promise<string>;
  password(): Promise<string>;
}

/**
 * Supplies a one-time code when the site asks for one: a TOTP from the vault today, an
 * emailed code from the managed inbox later.
 */
export type OtpProvider = () => Promise<string>;
