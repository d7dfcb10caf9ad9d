// Handlers for links.*: thin calls into ShareLinks, which checks the Owner role, and into
// LinkEmailSettings (Owners and Admins).
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

type LinksChannel = 'links.create' | 'links.list' | 'links.revoke' | 'links.emailSettings' | 'links.setEmailSettings' | 'links.clearEmailSettings';

export function linksHandlers({ shareLinks: links, linkEmail }: Services): HandlerSlice<LinksChannel> {
  return {
    'links.create': ({ accountId, lifetime, once, emails, domains, workspaceId }) => links.create({ accountId, lifetime, once, emails, domains, ...(workspaceId ? { workspaceId } : {}) }),
    'links.list': async ({ accountId }) => ({ links: await links.list(accountId) }),
    'links.revoke': async ({ linkId }) => {
      await links.revoke(linkId);
      return { linkId };
    },
    'links.emailSettings': ({ workspaceId }) => linkEmail.read(workspaceId),
    'links.setEmailSettings': ({ workspaceId, host, port, secure, from, user, password }) =>
      linkEmail.set(workspaceId, { host, port, secure, from, ...(user ? { user } : {}), ...(password ? { password } : {}) }),
    'links.clearEmailSettings': ({ workspaceId }) => linkEmail.clear(workspaceId),
  };
}
