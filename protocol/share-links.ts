// Share links, the parts the sender's device and the relay agree on: how long a link may
// live, the request that creates one, and how a device signs its link requests to the relay.
//
// A link's credentials are encrypted on the sender's device under a random key that exists
// only in the link's fragment (`…/l/<id>#<key>`), which browsers never send to a server; the
// relay stores the ciphertext, the expiry, whether it opens once, and who may open it (email
// addresses or domains that must confirm a code the relay emails), nothing else. A device
// proves it belongs to the workspace by signing the request with the workspace's current
// relay-access key (protocol/relay-access.ts), which the relay reads from the team chain.
import { z } from 'zod';
import { LINK_LIFETIMES, isLinkLifetime, type LinkLifetime } from './link-lifetimes';
import { verifyRequest, type FirstUse } from './signed-requests';

export { LINK_LIFETIMES, isLinkLifetime, type LinkLifetime };
/** Base64url characters of a link's ciphertext: the credentials of one account, notes included. */
export const MAX_LINK_CIPHERTEXT = 48_000;
export const MAX_LINK_EMAILS = 20;
export const MAX_LINK_DOMAINS = 5;
export const LINK_AUTH_HEADER = 'x-tessera-link-auth';

const email = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');
const domain = z.string().trim().toLowerCase().max(253).regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'must be a domain like example.com');

export const linkCreateSchema = z.strictObject({
  ciphertext: z.string().min(1).max(MAX_LINK_CIPHERTEXT).regex(/^[A-Za-z0-9_-]+$/),
  expiresAt: z.number().int().positive(),
  once: z.boolean(),
  emails: z.array(email).max(MAX_LINK_EMAILS),
  domains: z.array(domain).max(MAX_LINK_DOMAINS),
});
export type LinkCreate = z.infer<typeof linkCreateSchema>;

/**
 * A workspace's own SMTP server for link codes, set by an Owner or Admin over the admin channel
 * (relay/scim-routes.ts) and kept by the relay, which must hold the password to send. Without
 * one, the relay's own (its operator's flags) sends them, if it has one.
 */
export const workspaceSmtpSchema = z.strictObject({
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/, 'a host name or IPv4 address'),
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure: z.boolean(),
  /** The From address, e.g. "Tessera <links@example.com>". */
  from: z.string().min(3).max(320).regex(/@/),
  user: z.string().min(1).max(320).optional(),
  password: z.string().min(1).max(1024).optional(),
});
export type WorkspaceSmtp = z.infer<typeof workspaceSmtpSchema>;
/** What devices read back: never the password. */
export type WorkspaceSmtpSummary = Omit<WorkspaceSmtp, 'password'> & { hasPassword: boolean };

/** A link as its workspace's devices list it (never the ciphertext). */
export interface LinkRecord {
  linkId: string;
  createdAt: number;
  expiresAt: number;
  once: boolean;
  emails: string[];
  domains: string[];
  state: LinkState;
  views: { at: number; email: string | null }[];
}
export type LinkState = 'open' | 'expired' | 'used' | 'revoked' | 'locked';

/** Whether `address` may open a link limited to these emails and domains (no limit: anyone with the link). */
export function emailAllowed(address: string, rule: { emails: readonly string[]; domains: readonly string[] }): boolean {
  const normalized = address.trim().toLowerCase();
  const at = normalized.lastIndexOf('@');
  if (at < 1) return false;
  return rule.emails.includes(normalized) || rule.domains.includes(normalized.slice(at + 1));
}

export const LINK_REQUEST_PURPOSE = 'tessera.share-link.request.v1';

/** Relay side: whether the header is a signature by `currentKey` of this request, made within the allowed skew. */
export function verifyLinkRequest(header: string | undefined, method: string, path: string, workspaceId: string, body: Uint8Array, currentKey: string, now = Date.now(), firstUse?: FirstUse): boolean {
  return verifyRequest(LINK_REQUEST_PURPOSE, header, method, path, workspaceId, body, (id) => (id === currentKey ? currentKey : undefined), now, firstUse) !== undefined;
}
