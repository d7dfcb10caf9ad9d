// SCIM deprovisioning, what an Owner/Admin device and the relay agree on: the header and the
// purpose of the signed requests that set a workspace's SCIM token and read and acknowledge
// its deprovisioning events (protocol/signed-requests.ts), and what an event carries.
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
