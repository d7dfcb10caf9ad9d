// The relay's HTTP surface for share links (the store is share-link-store.ts, the rules the
// sender and the relay share are protocol/share-links.ts):
//   POST   /links/{workspaceId}           create (signed with the workspace's current relay-access key)
//   GET    /links/{workspaceId}           list, with views (signed)
//   DELETE /links/{workspaceId}/{linkId}  revoke (signed)
//   GET    /l/{linkId}                    the recipient's page (link-page.ts); /l/assets/link.js, link.css
//   GET    /l/{linkId}/info               open / expired / used / revoked / locked, expiry, whether an email check is needed
//   POST   /l/{linkId}/code {email}       emails a code when the address may open the link (same answer either way)
//   POST   /l/{linkId}/open {email,code}  the ciphertext, once the rule is met
// Bodies are size-limited, public requests rate-limited per address and code emails per link,
// signatures checked in constant time by Ed25519, and the access log holds the method, the
// route (link ids cut to 6 characters), the status and the time: never a body, a code or an
// address. Fragments never reach a server, so the relay never sees a link's key. The rate
// limits are each node's own (memory): behind a load balancer over N nodes a client may get up
// to N times a burst, while a code's five tries, the lock and the replay check are in the store,
// which PostgreSQL shares between the nodes.
import { verifyOnce, type SeenSignatures } from './seen-signatures';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { linkCreateSchema, emailAllowed, LINK_AUTH_HEADER, verifyLinkRequest } from '../protocol/share-links';
import { LINK_PAGE_CSP, LINK_PAGE_CSS, LINK_PAGE_HTML, LINK_PAGE_JS } from './link-page';
import type { LinkMailer } from './link-mailer';
import { BucketsPerKey } from './relay-limits';
import { header, parseJson, readBody, SECURITY_HEADERS } from './http-helpers';
import { CODE_TTL_MS, LinkQuotaError, type ShareLinkStore } from './share-link-store';

const MAX_CREATE_BODY = 64 * 1024;
const MAX_SMALL_BODY = 2 * 1024;

export interface AccessLogEntry {
  at: number;
  method: string;
  route: string;
  status: number;
}

export interface ShareLinkRoutesOptions {
  store: ShareLinkStore;
  /** The workspace's current relay-access key as its chain names it, or undefined. */
  currentKey(workspaceId: string): Promise<string | undefined>;
  /** The workspace's own SMTP server, else the relay's; undefined: links that need an email check are refused at creation. */
  mailerFor(workspaceId: string): Promise<LinkMailer | undefined>;
  /** Refuses a signed request sent a second time (shared with the SCIM routes, and with PostgreSQL by every relay node). */
  seen: SeenSignatures;
  log?(entry: AccessLogEntry): void;
}

/** Returns a request handler that answers the share-link routes and says whether it did. */
export function shareLinkRoutes(options: ShareLinkRoutesOptions): (request: IncomingMessage, response: ServerResponse) => boolean {
  /** Link reads and code checks per address: a burst of 60, then one a second. */
  const perAddress = new BucketsPerKey(1, 60);
  const codesPerLink = new BucketsPerKey(1 / 120, 3);
  const adminPerWorkspace = new BucketsPerKey(2, 60);
  let prunedAt = Date.now();

  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (!path.startsWith('/l/') && !path.startsWith('/links/')) return false;
    const address = request.socket.remoteAddress ?? 'unknown';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      options.log?.({ at: Date.now(), method, route: redact(path), status });
      if (!response.headersSent) {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
        response.end(status === 204 ? undefined : text);
      }
    };
    if (Date.now() - prunedAt > 60_000) {
      prunedAt = Date.now();
      perAddress.prune();
      codesPerLink.prune();
      adminPerWorkspace.prune();
    }
    void route(path, method, url, request, address, send).catch(() => send(500, { ok: false, code: 'INTERNAL', message: 'The relay could not answer. Try again.' }));
    return true;
  };

  async function route(path: string, method: string, url: URL, request: IncomingMessage, address: string, send: (status: number, body: unknown, headers?: Record<string, string>) => void): Promise<void> {
    const admin = /^\/links\/([A-Za-z0-9_-]{1,64})(?:\/([A-Za-z0-9_-]{1,64}))?$/.exec(path);
    if (admin) {
      const workspaceId = admin[1]!;
      const linkId = admin[2];
      if (!adminPerWorkspace.take(workspaceId)) return send(429, { ok: false, code: 'RELAY_RATE_LIMITED', message: 'Too many link requests for this workspace; try again in a minute.' });
      const body = await readBody(request, method === 'POST' ? MAX_CREATE_BODY : MAX_SMALL_BODY);
      if (!body) return send(413, { ok: false, code: 'INVALID_INPUT', message: 'The request is too large.' });
      const key = await options.currentKey(workspaceId);
      if (!key || !(await verifyOnce(options.seen, (firstUse) => verifyLinkRequest(header(request, LINK_AUTH_HEADER), method, path + url.search, workspaceId, body, key, Date.now(), firstUse)))) {
        return send(401, { ok: false, code: 'RELAY_AUTH_REFUSED', message: "The relay does not accept this device's signature for the workspace. Sync the workspace and try again; a removed member cannot manage links." });
      }
      if (method === 'POST' && !linkId) {
        const parsed = linkCreateSchema.safeParse(parseJson(body));
        if (!parsed.success) return send(400, { ok: false, code: 'INVALID_INPUT', message: 'The link request is malformed.' });
        const link = parsed.data;
        if (link.expiresAt <= Date.now() || link.expiresAt > Date.now() + 31 * 86_400_000) return send(400, { ok: false, code: 'INVALID_INPUT', message: 'A link expires within 30 days.' });
        if ((link.emails.length || link.domains.length) && !(await options.mailerFor(workspaceId))) {
          return send(422, { ok: false, code: 'LINK_EMAIL_UNAVAILABLE', message: 'This relay cannot send email, so it cannot check who opens a link. Create the link without email addresses, or have an Owner or Admin set an SMTP server for the workspace (tessera workspace smtp; Sharing → Email for share-link codes), or ask the relay operator to set up SMTP (--smtp-host).' });
        }
        try {
          return send(201, { ok: true, linkId: await options.store.create(workspaceId, link) });
        } catch (error) {
          if (!(error instanceof LinkQuotaError)) throw error;
          return send(429, { ok: false, code: 'RELAY_QUOTA_EXCEEDED', message: 'This workspace has too many open links. Revoke some first.' });
        }
      }
      if (method === 'GET' && !linkId) return send(200, { ok: true, links: await options.store.list(workspaceId) });
      if (method === 'DELETE' && linkId) return (await options.store.revoke(workspaceId, linkId)) ? send(204, '') : send(404, { ok: false, code: 'NOT_FOUND', message: 'No such link in this workspace.' });
      return send(405, { ok: false, code: 'INVALID_INPUT', message: 'Not a link operation.' });
    }

    // The page and its two assets are constant text: only what reads or changes a link is rate-limited.
    if (method === 'GET' && path === '/l/assets/link.js') return send(200, LINK_PAGE_JS, { 'content-type': 'text/javascript; charset=utf-8', 'content-security-policy': LINK_PAGE_CSP });
    if (method === 'GET' && path === '/l/assets/link.css') return send(200, LINK_PAGE_CSS, { 'content-type': 'text/css; charset=utf-8', 'content-security-policy': LINK_PAGE_CSP });
    const recipient = /^\/l\/([A-Za-z0-9_-]{1,64})(\/info|\/code|\/open)?$/.exec(path);
    if (!recipient) return send(404, { ok: false, code: 'NOT_FOUND', message: 'Not found.' });
    const linkId = recipient[1]!;
    const action = recipient[2];
    if (method === 'GET' && !action) return send(200, LINK_PAGE_HTML, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': LINK_PAGE_CSP });
    if (!perAddress.take(address)) return send(429, { ok: false, code: 'RELAY_RATE_LIMITED', message: 'Too many requests. Wait a minute and try again.' }, { 'retry-after': '60' });
    if (method === 'GET' && action === '/info') {
      const info = await options.store.info(linkId);
      return info ? send(200, { ok: true, ...info }) : send(404, { ok: false, code: 'NOT_FOUND', message: 'This link does not exist.' });
    }
    if (method !== 'POST' || !action) return send(405, { ok: false, code: 'INVALID_INPUT', message: 'Not a link operation.' });
    const body = await readBody(request, MAX_SMALL_BODY);
    const input = body && parseJson(body);
    if (!input || typeof input !== 'object') return send(400, { ok: false, code: 'INVALID_INPUT', message: 'The request is malformed.' });
    const { email, code } = input as { email?: unknown; code?: unknown };
    if (action === '/code') {
      if (typeof email !== 'string' || email.length > 254) return send(400, { ok: false, code: 'INVALID_INPUT', message: 'Enter your email address.' });
      const rule = await options.store.rule(linkId);
      // The same answer whether or not the address may open the link: the page reveals no allowed address.
      const accepted = { ok: true, message: 'If this address may open the link, a code is on its way.' };
      if (!rule || !emailAllowed(email, rule)) return send(202, accepted);
      if (!codesPerLink.take(linkId)) return send(429, { ok: false, code: 'RELAY_RATE_LIMITED', message: 'Several codes were sent for this link already. Check your inbox, or wait a few minutes.' });
      const issued = await options.store.issueCode(linkId, email.trim().toLowerCase());
      try {
        const mailer = await options.mailerFor(rule.workspaceId);
        if (!mailer) throw new Error('no mailer');
        await mailer.sendCode(email.trim(), issued, CODE_TTL_MS / 60_000);
      } catch {
        return send(502, { ok: false, code: 'LINK_EMAIL_UNAVAILABLE', message: 'The code could not be emailed. Try again in a moment.' });
      }
      return send(202, accepted);
    }
    const opened = await options.store.open(linkId, { ...(typeof email === 'string' ? { email } : {}), ...(typeof code === 'string' ? { code } : {}) });
    if (opened.ok) return send(200, { ok: true, ciphertext: opened.ciphertext, expiresAt: opened.expiresAt });
    const status = opened.reason === 'not-found' ? 404 : opened.reason === 'wrong-code' || opened.reason === 'no-code' || opened.reason === 'email-required' ? 403 : 410;
    return send(status, { ok: false, reason: opened.reason, ...(opened.triesLeft !== undefined ? { triesLeft: opened.triesLeft } : {}) });
  }
}

/** Link ids are bearer secrets of a kind: the log keeps only their first characters. */
function redact(path: string): string {
  return path.replace(/^(\/l\/|\/links\/[^/]+\/)([A-Za-z0-9_-]{6})[A-Za-z0-9_-]*/, '$1$2…');
}
