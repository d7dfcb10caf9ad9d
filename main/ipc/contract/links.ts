// Channels for share links (main/sharing/share-links.ts): an Owner creates a link for an
// account (how long it lives, whether it opens once, who must confirm an emailed code), lists
// the account's links with their state and views, and revokes one. The URL, with its key in
// the fragment, is answered once by `links.create` and kept nowhere. Owners and Admins set the
// workspace's own SMTP server for link codes (main/sharing/link-email-settings.ts); the
// password goes in, never comes back.
import { z } from 'zod';
import { channel } from './define';
import { id } from './limits';

export const LINK_LIFETIME_CHOICES = ['1h', '12h', '1d', '5d', '30d'] as const;
export type LinkStateView = 'open' | 'expired' | 'used' | 'revoked' | 'locked';
export interface ShareLinkView {
  linkId: string;
  accountId: string;
  workspaceId: string;
  createdAt: number;
  expiresAt: number;
  once: boolean;
  emails: string[];
  domains: string[];
  state: LinkStateView;
  views: { at: number; email: string | null }[];
}

const email = z.string().trim().toLowerCase().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');
const domain = z.string().trim().toLowerCase().max(253).regex(/^([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'must be a domain like example.com');

export interface LinkEmailStateView {
  smtp: { host: string; port: number; secure: boolean; from: string; user?: string; hasPassword: boolean } | null;
  relayHasSmtp: boolean;
}

const smtpHost = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or IPv4 address');

export const linksChannels = {
  'links.create': channel<{ url: string; linkId: string; expiresAt: number }>()(z.strictObject({
    accountId: id, lifetime: z.enum(LINK_LIFETIME_CHOICES), once: z.boolean(), emails: z.array(email).max(20), domains: z.array(domain).max(5), workspaceId: id.optional(),
  })),
  'links.list': channel<{ links: ShareLinkView[] }>()(z.strictObject({ accountId: id.optional() })),
  'links.revoke': channel<{ linkId: string }>()(z.strictObject({ linkId: id })),
  'links.emailSettings': channel<LinkEmailStateView>()(z.strictObject({ workspaceId: id })),
  'links.setEmailSettings': channel<LinkEmailStateView>()(z.strictObject({
    workspaceId: id, host: smtpHost, port: z.number().int().min(1).max(65535), secure: z.boolean(),
    from: z.string().trim().min(3).max(320).regex(/@/, 'must hold an email address'), user: z.string().min(1).max(320).optional(), password: z.string().min(1).max(1024).optional(),
  })),
  'links.clearEmailSettings': channel<LinkEmailStateView>()(z.strictObject({ workspaceId: id })),
};
