// Channels for share links (main/sharing/share-links.ts): an Owner creates a link for an
// account (how long it lives, whether it opens once, who must confirm an emailed code), lists
// the account's links with their state and views, and revokes one. The URL, with its key in
// the fragment, is answered once by `links.create` and kept nowhere.
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

export const linksChannels = {
  'links.create': channel<{ url: string; linkId: string; expiresAt: number }>()(z.strictObject({
    accountId: id, lifetime: z.enum(LINK_LIFETIME_CHOICES), once: z.boolean(), emails: z.array(email).max(20), domains: z.array(domain).max(5), workspaceId: id.optional(),
  })),
  'links.list': channel<{ links: ShareLinkView[] }>()(z.strictObject({ accountId: id.optional() })),
  'links.revoke': channel<{ linkId: string }>()(z.strictObject({ linkId: id })),
};
