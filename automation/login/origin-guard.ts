// Where a secret may be typed: only into a field whose frame's origin is the account's own
// (the login URL's) or one the account explicitly allows. Every fill of a username, password
// or one-time code checks the field's frame right before typing, so a login URL that
// redirects to another host, or a login form inside a cross-origin iframe, gets nothing and
// the run stops with ORIGIN_MISMATCH naming both hosts. An http:// login URL to another
// machine needs its origin on the allowed list too (a person confirmed it).

import type { Locator } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import { isInsecureWebUrl, normalizeOrigin, originHost } from '../../main/passwords';

export interface OriginPolicy {
  /** The login URL's origin, e.g. "https://github.com". */
  accountOrigin: string;
  /** Further origins the account's Owner allowed (normalized). */
  allowed: readonly string[];
}

/**
 * The policy of one run. Throws INSECURE_LOGIN_URL for an http:// login URL to another
 * machine unless its origin is on the allowed list (an Owner confirmed it): called before the
 * flow navigates, so nothing is sent before that confirmation.
 */
export function originPolicy(loginUrl: string, allowedOrigins: readonly string[] = []): OriginPolicy {
  const policy = { accountOrigin: new URL(loginUrl).origin, allowed: allowedOrigins.map(normalizeOrigin) };
  if (isInsecureWebUrl(loginUrl) && !policy.allowed.includes(policy.accountOrigin)) {
    throw new TesseraError(
      'INSECURE_LOGIN_URL',
      `The login URL ${policy.accountOrigin} is not encrypted (http://): the password would cross the network in clear. ` +
        `Use its https:// address, or confirm http for this account (tessera account edit --allow-http, or in the account form).`,
      { accountHost: new URL(loginUrl).host },
    );
  }
  return policy;
}

/**
 * The account's origin, an allowed one, or the account's own host upgraded from http to
 * https on the default port (a site moving its login page to TLS is not another site).
 */
export function originAllowed(policy: OriginPolicy, origin: string): boolean {
  if (origin === policy.accountOrigin || policy.allowed.includes(origin)) return true;
  if (!policy.accountOrigin.startsWith('http://')) return false;
  return origin === `https://${new URL(policy.accountOrigin).hostname}`;
}

/** The serialized origin of the document that holds `field` ("null" for an opaque one). */
async function frameOriginOf(field: Locator, timeoutMs: number): Promise<string> {
  // self.origin is the document's origin (srcdoc and about:blank frames inherit it; sandboxed
  // frames are opaque), unlike location.origin, which only reads the URL.
  return field.evaluate(() => (globalThis as unknown as { origin: string }).origin, undefined, { timeout: timeoutMs });
}

/**
 * Throws ORIGIN_MISMATCH unless the frame holding `field` may receive the account's secrets.
 * Call it right before typing; `what` names the field ("password").
 */
export async function assertFieldOrigin(field: Locator, policy: OriginPolicy, what: string, timeoutMs: number): Promise<void> {
  const origin = await frameOriginOf(field, timeoutMs);
  if (originAllowed(policy, origin)) return;
  const account = originHost(policy.accountOrigin);
  const other = origin === 'null' ? 'an opaque (sandboxed) frame' : originHost(origin);
  throw new TesseraError(
    'ORIGIN_MISMATCH',
    `The ${what} field is on ${other}, not on the account's site ${account}: nothing was typed there. ` +
      `If ${other} really is where this account logs in, an Owner can allow it (tessera account edit --allow-origin ${origin}).`,
    { accountHost: account, fieldHost: other },
  );
}
