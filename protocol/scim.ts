// SCIM deprovisioning, what an Owner/Admin device and the relay agree on: the header and the
// purpose of the signed requests that set a workspace's SCIM token and read and acknowledge
// its deprovisioning events (protocol/signed-requests.ts), what an event carries, and a
// workspace's Okta Universal Logout settings.
export const SCIM_AUTH_HEADER = 'x-tessera-device-auth';
export const SCIM_ADMIN_PURPOSE = 'tessera.scim-admin.request.v1';

/** A user the identity provider deactivated or deleted, as the relay reports it. */
export interface DeprovisionEventView {
  seq: number;
  userName: string;
  /** The user's primary email (or the userName): what Tessera matches to a member's signed email. */
  email: string;
  reason: 'deactivated' | 'deleted';
  at: number;
}

/** Okta Universal Logout settings of a workspace (relay/universal-logout.ts). */
export interface OktaSettings {
  /** The token's `iss`, e.g. https://example.okta.com. */
  issuer: string;
  /** The token's `aud`: what the Okta app integration names Tessera. */
  audience: string;
  /** An inline JWKS (JSON text), or an http(s) URL the relay fetches it from. */
  jwks?: string;
  jwksUri?: string;
}
