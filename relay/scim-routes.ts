// SCIM 2.0 on the relay (RFC 7643/7644), the subset Okta and Microsoft Entra use to provision
// and deprovision users of an app, at /scim/v2/{workspaceId} with the workspace's bearer token:
//   GET  /ServiceProviderConfig, /Schemas, /ResourceTypes
//   GET  /Users?filter=userName eq "…" (or externalId eq "…")&startIndex=&count=
//   POST /Users · GET|PUT|PATCH|DELETE /Users/{id} · GET /Groups (none: Tessera shares by people and teams)
// A user who becomes inactive (PATCH or PUT active=false, Entra's "False" too) or is deleted
// queues a deprovisioning event; an Owner/Admin device (scim-deprovisioning.ts in main/sharing)
// reads the events, removes the member whose email matches from the team (a signed chain
// entry: new epoch, re-keyed accounts, queued rotations) and acknowledges them. Those device
// requests — set the token (its SHA-256 only), read and acknowledge events — are signed by an
// Owner or Admin device of the workspace as the chain the relay stores says
// (protocol/signed-requests.ts):
//   POST /scim-admin/{workspaceId}/token {tokenHash} · GET /scim-admin/{workspaceId}/events · DELETE …/events/{seq}
//   POST /scim-admin/{workspaceId}/okta {issuer, audience, jwks | jwksUri}   (Universal Logout: universal-logout.ts)
//   GET  /scim-admin/{workspaceId}/logouts?after=N   (any active device of the workspace)
//   POST|GET|DELETE /scim-admin/{workspaceId}/smtp   (the workspace's SMTP server for share-link codes: workspace-mailers.ts)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromBase64Url } from '../protocol/canonical-encoding';
import { SCIM_ADMIN_PURPOSE, SCIM_AUTH_HEADER } from '../protocol/scim';
import { verifyRequest } from '../protocol/signed-requests';
import type { ChainState } from '../protocol/team-chain';
import { header, parseJson, readBody, SECURITY_HEADERS } from './http-helpers';
import { BucketsPerKey } from './relay-limits';
import { ScimQuotaError, type ScimStore, type ScimUser } from './scim-store';
import { verifyOnce, type SeenSignatures } from './seen-signatures';
import type { WorkspaceMailers } from './workspace-mailers';
import { workspaceSmtpSchema } from '../protocol/share-links';
import type { OktaSettings } from '../protocol/scim';

const MAX_BODY = 64 * 1024;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimRoutesOptions {
  store: ScimStore;
  /** The workspace's chain as the relay stores it (who is an Owner/Admin device). */
  chainState(workspaceId: string): Promise<ChainState | undefined>;
  /** Refuses a signed request sent a second time (shared with the share-link routes, and with PostgreSQL by every relay node). */
  seen: SeenSignatures;
  /** The workspace's SMTP server for link codes (set, cleared and read back by Owner/Admin devices). */
  smtp: Pick<WorkspaceMailers, 'set' | 'summary'>;
  log?(entry: { at: number; method: string; route: string; status: number }): void;
}

type Send = (status: number, body: unknown) => void;

export function scimRoutes(options: ScimRoutesOptions): (request: IncomingMessage, response: ServerResponse) => boolean {
  // Per address, before the body is read: a flood at one workspace's URL cannot lock its identity provider out.
  const perAddress = new BucketsPerKey(20, 200);
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    const path = url.pathname;
    if (!path.startsWith('/scim/v2/') && !path.startsWith('/scim-admin/')) return false;
    const method = request.method ?? 'GET';
    const send: Send = (status, body) => {
      options.log?.({ at: Date.now(), method, route: path.replace(/\/Users\/[^/]+$/, '/Users/{id}'), status });
      if (response.headersSent) return;
      response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': path.startsWith('/scim/') ? 'application/scim+json' : 'application/json' });
      response.end(status === 204 ? undefined : JSON.stringify(body));
    };
    const error = (status: number, detail: string, scimType?: string) => send(status, { schemas: [ERROR_SCHEMA], status: String(status), detail, ...(scimType ? { scimType } : {}) });
    void (async () => {
      const workspaceId = /^\/scim(?:-admin)?(?:\/v2)?\/([A-Za-z0-9_-]{1,64})(\/.*)?$/.exec(path);
      if (!workspaceId) return error(404, 'Not a SCIM endpoint of this relay.');
      const ws = workspaceId[1]!;
      const rest = workspaceId[2] ?? '';
      if (!perAddress.take(request.socket.remoteAddress ?? 'unknown')) return error(429, 'Too many requests; slow down.');
      const body = await readBody(request, MAX_BODY);
      if (!body) return error(413, 'The request is too large.');
      if (path.startsWith('/scim-admin/')) return await admin(ws, rest, method, path, body, request, send);
      const bearer = /^Bearer (\S{16,200})$/.exec(header(request, 'authorization') ?? '')?.[1];
      if (!bearer || !(await options.store.tokenMatches(ws, bearer))) return error(401, 'The bearer token is not this workspace\'s SCIM token.');
      return await scim(ws, rest, method, url, body, send, error);
    })().catch(() => error(500, 'The relay could not answer.'));
    return true;
  };

  async function admin(ws: string, rest: string, method: string, path: string, body: Uint8Array, request: IncomingMessage, send: Send): Promise<void> {
    const state = await options.chainState(ws);
    // Every active device reads the queued Universal Logouts; the rest is for Owner/Admin devices.
    const anyMember = method === 'GET' && rest === '/logouts';
    const signer = await verifyOnce(options.seen, (firstUse) => verifyRequest(SCIM_ADMIN_PURPOSE, header(request, SCIM_AUTH_HEADER), method, path, ws, body, (deviceId) => {
      const device = state?.devices.get(deviceId);
      const member = device && state!.members.get(device.memberId);
      return device?.active && member?.active && (anyMember || member.role === 'owner' || member.role === 'admin') ? device.certificate.signingKey : undefined;
    }, Date.now(), firstUse));
    if (!signer) return send(401, { ok: false, code: 'RELAY_AUTH_REFUSED', message: 'Only an Owner or Admin device of this workspace, as its team chain on this relay says, can manage SCIM and Universal Logout. Sync the workspace and try again.' });
    if (anyMember) return send(200, { ok: true, logouts: await options.store.logouts(ws, Number(new URL(request.url ?? '/', 'http://relay').searchParams.get('after') ?? 0) || 0) });
    if (method === 'POST' && rest === '/okta') {
      const settings = oktaSettings(parseJson(body));
      if (!settings) return send(400, { ok: false, code: 'INVALID_INPUT', message: 'Give the issuer (https URL), the audience, and the JWKS (JSON with keys) or its https URL.' });
      await options.store.setOktaSettings(ws, settings);
      return send(204, '');
    }
    if (rest === '/smtp') {
      if (method === 'GET') return send(200, { ok: true, ...(await options.smtp.summary(ws)) });
      if (method === 'DELETE') {
        await options.smtp.set(ws, undefined);
        return send(204, '');
      }
      if (method === 'POST') {
        const parsed = workspaceSmtpSchema.safeParse(parseJson(body));
        if (!parsed.success) return send(400, { ok: false, code: 'INVALID_INPUT', message: 'Give the SMTP host, port, From address, whether to use TLS from the start, and optionally a user and password.' });
        const refused = await options.smtp.set(ws, parsed.data);
        return refused ? send(400, { ok: false, code: 'INVALID_INPUT', message: refused }) : send(204, '');
      }
    }
    if (method === 'POST' && rest === '/token') {
      const input = parseJson(body) as { tokenHash?: unknown } | undefined;
      let hash: Uint8Array | undefined;
      try {
        hash = typeof input?.tokenHash === 'string' ? fromBase64Url(input.tokenHash) : undefined;
      } catch {
        hash = undefined;
      }
      if (!hash || hash.length !== 32) return send(400, { ok: false, code: 'INVALID_INPUT', message: 'tokenHash is the SHA-256 of the token, base64url.' });
      await options.store.setTokenHash(ws, hash);
      return send(204, '');
    }
    if (method === 'GET' && rest === '/events') return send(200, { ok: true, events: await options.store.events(ws) });
    const ack = /^\/events\/(\d{1,15})$/.exec(rest);
    if (method === 'DELETE' && ack) return (await options.store.acknowledge(ws, Number(ack[1]))) ? send(204, '') : send(404, { ok: false, code: 'NOT_FOUND', message: 'No such event.' });
    return send(404, { ok: false, code: 'NOT_FOUND', message: 'Not a SCIM admin operation.' });
  }

  async function scim(ws: string, rest: string, method: string, url: URL, body: Uint8Array, send: Send, error: (status: number, detail: string, scimType?: string) => void): Promise<void> {
    const base = `${url.origin === 'http://relay' ? '' : url.origin}/scim/v2/${ws}`;
    const resource = (user: ScimUser) => ({
      schemas: [USER_SCHEMA],
      id: user.id,
      ...(user.externalId ? { externalId: user.externalId } : {}),
      userName: user.userName,
      ...(user.displayName ? { displayName: user.displayName, name: { formatted: user.displayName } } : {}),
      emails: [{ value: user.email, primary: true, type: 'work' }],
      active: user.active,
      meta: { resourceType: 'User', created: new Date(user.created).toISOString(), lastModified: new Date(user.lastModified).toISOString(), location: `${base}/Users/${user.id}` },
    });
    const list = (resources: unknown[], startIndex = 1) => send(200, { schemas: [LIST_SCHEMA], totalResults: resources.length, startIndex, itemsPerPage: resources.length, Resources: resources });

    if (method === 'GET' && rest === '/ServiceProviderConfig') {
      return send(200, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true }, bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 }, filter: { supported: true, maxResults: 200 },
        changePassword: { supported: false }, sort: { supported: false }, etag: { supported: false },
        authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'The workspace\'s SCIM token (tessera workspace scim-token)', primary: true }],
      });
    }
    if (method === 'GET' && rest === '/ResourceTypes') {
      return list([{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA }]);
    }
    if (method === 'GET' && rest === '/Schemas') {
      return list([{ id: USER_SCHEMA, name: 'User', attributes: ['userName', 'externalId', 'displayName', 'emails', 'active'].map((name) => ({ name, type: name === 'active' ? 'boolean' : name === 'emails' ? 'complex' : 'string', multiValued: name === 'emails', required: name === 'userName', mutability: 'readWrite', returned: 'default', uniqueness: name === 'userName' ? 'server' : 'none' })) }]);
    }
    if (method === 'GET' && rest === '/Groups') return list([]);
    if (rest.startsWith('/Groups')) return error(501, 'Tessera does not take groups over SCIM: assign people to the app; teams are managed in Tessera.');

    if (rest === '/Users' && method === 'GET') {
      const filter = url.searchParams.get('filter');
      let users = await options.store.list(ws);
      if (filter) {
        const match = /^\s*(userName|externalId|emails(?:\.value)?)\s+eq\s+"([^"]{1,320})"\s*$/i.exec(filter);
        if (!match) return error(400, 'Only filters of the form userName eq "…" (or externalId, emails) are supported.', 'invalidFilter');
        const [attribute, value] = [match[1]!.toLowerCase(), match[2]!.toLowerCase()];
        users = users.filter((u) => (attribute === 'username' ? u.userName.toLowerCase() : attribute === 'externalid' ? (u.externalId ?? '').toLowerCase() : u.email) === value);
      }
      const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1) || 1);
      const count = Math.min(200, Math.max(0, Number(url.searchParams.get('count') ?? 200) || 0));
      const page = users.slice(startIndex - 1, startIndex - 1 + count).map(resource);
      return send(200, { schemas: [LIST_SCHEMA], totalResults: users.length, startIndex, itemsPerPage: page.length, Resources: page });
    }
    const input = body.length ? parseJson(body) : {};
    if (input === undefined || typeof input !== 'object' || input === null) return error(400, 'The body is not JSON.', 'invalidSyntax');
    if (rest === '/Users' && method === 'POST') {
      const fields = userFields(input as Record<string, unknown>);
      if (!fields.userName) return error(400, 'userName is required.', 'invalidValue');
      try {
        const created = await options.store.create(ws, { userName: fields.userName, email: fields.email ?? fields.userName, externalId: fields.externalId ?? null, displayName: fields.displayName ?? null, active: fields.active ?? true });
        return created ? send(201, resource(created)) : error(409, `A user named ${fields.userName} exists already.`, 'uniqueness');
      } catch (failure) {
        if (!(failure instanceof ScimQuotaError)) throw failure;
        return error(507, 'This workspace has too many SCIM users.');
      }
    }
    const one = /^\/Users\/([A-Za-z0-9_-]{1,64})$/.exec(rest);
    if (!one) return error(404, 'Not a SCIM resource of this relay.');
    const id = one[1]!;
    if (method === 'GET') {
      const user = await options.store.get(ws, id);
      return user ? send(200, resource(user)) : error(404, `User ${id} not found.`);
    }
    if (method === 'DELETE') return (await options.store.delete(ws, id)) ? send(204, '') : error(404, `User ${id} not found.`);
    if (method === 'PUT') {
      const fields = userFields(input as Record<string, unknown>);
      if (!fields.userName) return error(400, 'userName is required.', 'invalidValue');
      const user = await options.store.update(ws, id, { userName: fields.userName, email: fields.email ?? fields.userName, externalId: fields.externalId ?? null, displayName: fields.displayName ?? null, active: fields.active ?? true });
      return user ? send(200, resource(user)) : error(404, `User ${id} not found.`);
    }
    if (method === 'PATCH') {
      const patch = input as { schemas?: unknown; Operations?: unknown };
      if (!Array.isArray(patch.Operations) || (Array.isArray(patch.schemas) && !patch.schemas.includes(PATCH_SCHEMA))) return error(400, 'A PatchOp with Operations is expected.', 'invalidSyntax');
      const change: Partial<ReturnType<typeof userFields>> = {};
      for (const operation of patch.Operations as Array<{ op?: unknown; path?: unknown; value?: unknown }>) {
        const op = String(operation.op ?? '').toLowerCase();
        if (op !== 'replace' && op !== 'add') continue; // remove of an attribute Tessera does not keep: nothing to do
        const path = typeof operation.path === 'string' ? operation.path : undefined;
        Object.assign(change, path ? userFields({ [path]: operation.value }) : userFields((operation.value ?? {}) as Record<string, unknown>));
      }
      const user = await options.store.update(ws, id, Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)));
      return user ? send(200, resource(user)) : error(404, `User ${id} not found.`);
    }
    return error(405, 'Not a SCIM operation.');
  }
}

/** Okta settings as an admin device sends them: issuer and audience, and a JWKS with public keys or an https (or local) URL to fetch it from. */
function oktaSettings(input: unknown): OktaSettings | undefined {
  const value = input as { issuer?: unknown; audience?: unknown; jwks?: unknown; jwksUri?: unknown } | undefined;
  const text = (v: unknown, max: number) => (typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : undefined);
  const issuer = text(value?.issuer, 500);
  const audience = text(value?.audience, 500);
  if (!issuer || !audience || !/^https?:\/\//.test(issuer)) return undefined;
  const jwks = text(value?.jwks, 32_000);
  if (jwks) {
    try {
      const keys = (JSON.parse(jwks) as { keys?: unknown }).keys;
      return Array.isArray(keys) && keys.length > 0 && keys.length <= 20 ? { issuer, audience, jwks } : undefined;
    } catch {
      return undefined;
    }
  }
  const jwksUri = text(value?.jwksUri, 2000);
  return jwksUri && /^https?:\/\//.test(jwksUri) ? { issuer, audience, jwksUri } : undefined;
}

/** The attributes Tessera keeps, from a SCIM User (or PATCH paths): booleans as Entra sends them too ("False"). */
function userFields(input: Record<string, unknown>): { userName?: string; email?: string; externalId?: string; displayName?: string; active?: boolean } {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() && v.length <= 320 ? v.trim() : undefined);
  const out: ReturnType<typeof userFields> = {};
  for (const [rawKey, value] of Object.entries(input)) {
    const key = rawKey.toLowerCase();
    if (key === 'username') out.userName = text(value);
    else if (key === 'externalid') out.externalId = text(value);
    else if (key === 'displayname' || key === 'name.formatted') out.displayName = text(value);
    else if (key === 'name' && value && typeof value === 'object') out.displayName ??= text((value as { formatted?: unknown }).formatted);
    else if (key === 'active') out.active = value === true || (typeof value === 'string' && value.toLowerCase() === 'true') ? true : value === false || (typeof value === 'string' && value.toLowerCase() === 'false') ? false : undefined;
    else if (key === 'emails' && Array.isArray(value)) {
      const emails = value as Array<{ value?: unknown; primary?: unknown }>;
      out.email = text((emails.find((e) => e.primary === true) ?? emails[0])?.value);
    } else if (/^emails\[.*\]\.value$/.test(key)) out.email = text(value);
  }
  if (out.email) out.email = out.email.toLowerCase();
  return out;
}
