// Handlers for links.*: thin calls into ShareLinks, which checks the Owner role.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

type LinksChannel = 'links.create' | 'links.list' | 'links.revoke';

export function linksHandlers({ shareLinks: links }: Services): HandlerSlice<LinksChannel> {
  return {
    'links.create': ({ accountId, lifetime, once, emails, domains, workspaceId }) => links.create({ accountId, lifetime, once, emails, domains, ...(workspaceId ? { workspaceId } : {}) }),
    'links.list': async ({ accountId }) => ({ links: await links.list(accountId) }),
    'links.revoke': async ({ linkId }) => {
      await links.revoke(linkId);
      return { linkId };
    },
  };
}
