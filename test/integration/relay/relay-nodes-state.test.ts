// Issue 20, phase 3: behind a load balancer, a device's next HTTP request may reach another
// relay node. Two relay servers share one database of a throwaway PostgreSQL 15 (each with its
// own pools; the SQLite `dbPath` each is given is not even created), and a
// workspace whose Owner device syncs through node A. A workspace SMTP server set through node B
// sends the code of a link created through node A (a real SMTP server into a real Dovecot
// inbox); the code, its tries and the one-time use are the same on both nodes. A signed request
// accepted by one node is refused when replayed to the other. A user an identity provider
// deactivates through node A is a deprovisioning event the Owner's device reads and
// acknowledges through node B; an Okta logout token sent to node A is refused as a replay by
// node B, and its queued logout is read through node B (for Ben, whom the SCIM test provisioned:
// a workspace with SCIM users logs out only those). And end to end with two apps whose workspace
// is on node B: the identity provider deactivates the member through node A, and the Owner's
// app, polling node B, removes him from the team.
import { createHash, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { SCIM_ADMIN_PURPOSE, SCIM_AUTH_HEADER } from '../../../protocol/scim';
import { LINK_AUTH_HEADER, LINK_REQUEST_PURPOSE } from '../../../protocol/share-links';
import { signRequest } from '../../../protocol/signed-requests';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { Workspace } from '../../../main/sync/workspace';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { startDovecot, type DovecotServer } from '../../support/dovecot';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { newestMailText, startSmtpToDovecot, type SmtpToDovecot } from '../../support/smtp-to-dovecot';
import { joinedPair, startApp } from '../../support/relay-apps';
import { person } from '../../unit/sync/chain-helpers';
import type { MemberView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { settle, startDevice, type TestDevice } from '../sync/sync-harness';

const RECIPIENT = 'cy@agency.test';

let server: PostgresServer;
let dovecot: DovecotServer;
let smtp: SmtpToDovecot;
let dir: string;
let a: RunningRelay;
let b: RunningRelay;
let device: TestDevice;
let workspaceId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-relay-nodes-state-'));
  server = await startPostgres();
  dovecot = await startDovecot(['recipient']);
  smtp = await startSmtpToDovecot(dovecot, 'recipient');
  const url = await server.createDatabase();
  // Workspaces may name the test's SMTP server on loopback; neither node has an SMTP server of its own.
  a = await startRelay({ dbPath: join(dir, 'node-a.db'), store: url, smtpPrivateHosts: true });
  b = await startRelay({ dbPath: join(dir, 'node-b.db'), store: url, smtpPrivateHosts: true });
  const olivia = person('Olivia');
  device = startDevice(olivia, Workspace.create(olivia.identity, olivia.device), webSocketConnector(a.url));
  workspaceId = device.peer.workspace.workspaceId;
  await settle([device]);
}, 60_000);

afterAll(async () => {
  device?.client.stop();
  await a?.close();
  await b?.close();
  await smtp?.close();
  await dovecot?.stop();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const base = (relay: RunningRelay) => `http://127.0.0.1:${relay.port}`;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function request(relay: RunningRelay, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${base(relay)}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A signed request as the app makes it: its header and body, to send to any node (again). */
function signed(kind: 'link' | 'device', method: string, path: string, body?: unknown): { headers: Record<string, string>; body?: string } {
  const text = body === undefined ? '' : JSON.stringify(body);
  const signer = kind === 'link'
    ? (({ publicKey, secretKey }) => ({ id: publicKey, secretKey }))(workspaceRelayAccess(device.peer.workspace).credentials()!.keys.at(-1)!)
    : { id: device.person.device.certificate.deviceId, secretKey: device.person.device.signingSecretKey };
  const header = signRequest(kind === 'link' ? LINK_REQUEST_PURPOSE : SCIM_ADMIN_PURPOSE, method, path, workspaceId, new TextEncoder().encode(text), signer);
  return { headers: { [kind === 'link' ? LINK_AUTH_HEADER : SCIM_AUTH_HEADER]: header }, ...(body === undefined ? {} : { body: text }) };
}

describe('relay state shared by two nodes on one PostgreSQL', () => {
  it('opens through node B a link created through node A, with the code a workspace SMTP server set through node B emailed', async () => {
    // Without the workspace's server, node A cannot check an email: the link is refused.
    const link = { ciphertext: 'c2VhbGVkLWNyZWRlbnRpYWxz', expiresAt: Date.now() + 3_600_000, once: true, emails: [RECIPIENT], domains: [] };
    expect((await request(a, 'POST', `/links/${workspaceId}`, signed('link', 'POST', `/links/${workspaceId}`, link))).status).toBe(422);
    const settings = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tessera <links@relay.test>' };
    expect((await request(b, 'POST', `/scim-admin/${workspaceId}/smtp`, signed('device', 'POST', `/scim-admin/${workspaceId}/smtp`, settings))).status).toBe(204);
    expect((await request(a, 'GET', `/scim-admin/${workspaceId}/smtp`, signed('device', 'GET', `/scim-admin/${workspaceId}/smtp`))).body).toMatchObject({ ok: true, smtp: { host: '127.0.0.1', port: smtp.port } });

    const created = await request(a, 'POST', `/links/${workspaceId}`, signed('link', 'POST', `/links/${workspaceId}`, link));
    expect(created).toMatchObject({ status: 201, body: { ok: true } });
    const linkId = created.body['linkId'] as string;
    expect(await request(b, 'GET', `/l/${linkId}/info`)).toEqual({ status: 200, body: { ok: true, state: 'open', expiresAt: link.expiresAt, needsEmail: true } });

    // The code is asked for through node A and emailed by the workspace's server.
    expect((await request(a, 'POST', `/l/${linkId}/code`, { body: { email: RECIPIENT } })).status).toBe(202);
    await expect.poll(() => smtp.accepted).toEqual([[RECIPIENT]]);
    const code = /Your code: (\d{6})/.exec(await newestMailText(dovecot, 'recipient'))?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    // One count of tries across the nodes.
    expect(await request(b, 'POST', `/l/${linkId}/open`, { body: { email: RECIPIENT, code: wrong } })).toEqual({ status: 403, body: { ok: false, reason: 'wrong-code', triesLeft: 4 } });
    expect(await request(a, 'POST', `/l/${linkId}/open`, { body: { email: RECIPIENT, code: wrong } })).toEqual({ status: 403, body: { ok: false, reason: 'wrong-code', triesLeft: 3 } });
    // Node B takes the code node A emailed, and hands out the ciphertext once.
    expect(await request(b, 'POST', `/l/${linkId}/open`, { body: { email: RECIPIENT, code } })).toEqual({ status: 200, body: { ok: true, ciphertext: link.ciphertext, expiresAt: link.expiresAt } });
    expect(await request(a, 'POST', `/l/${linkId}/open`, { body: { email: RECIPIENT, code } })).toEqual({ status: 410, body: { ok: false, reason: 'used' } });
    const listed = await request(a, 'GET', `/links/${workspaceId}`, signed('link', 'GET', `/links/${workspaceId}`));
    expect(listed.body['links']).toEqual([expect.objectContaining({ linkId, state: 'used', views: [{ at: expect.any(Number), email: RECIPIENT }] })]);

    // Revoked through one node, refused by the other.
    const open = await request(b, 'POST', `/links/${workspaceId}`, signed('link', 'POST', `/links/${workspaceId}`, { ...link, once: false, emails: [] }));
    const openId = open.body['linkId'] as string;
    expect((await request(a, 'POST', `/l/${openId}/open`, { body: {} })).status).toBe(200);
    expect((await request(a, 'DELETE', `/links/${workspaceId}/${openId}`, signed('link', 'DELETE', `/links/${workspaceId}/${openId}`))).status).toBe(204);
    expect(await request(b, 'POST', `/l/${openId}/open`, { body: {} })).toEqual({ status: 410, body: { ok: false, reason: 'revoked' } });
    // Nothing of it is on a node's own disk: neither node even made its SQLite file.
    expect([existsSync(join(dir, 'node-a.db')), existsSync(join(dir, 'node-b.db'))]).toEqual([false, false]);
  }, 60_000);

  it('refuses on one node a signed request the other node accepted', async () => {
    const list = signed('link', 'GET', `/links/${workspaceId}`);
    expect((await request(a, 'GET', `/links/${workspaceId}`, list)).status).toBe(200);
    expect((await request(b, 'GET', `/links/${workspaceId}`, list)).status).toBe(401);
    expect((await request(a, 'GET', `/links/${workspaceId}`, list)).status).toBe(401);
    // A fresh signature of the same request goes through either node.
    expect((await request(b, 'GET', `/links/${workspaceId}`, signed('link', 'GET', `/links/${workspaceId}`))).status).toBe(200);

    const token = signed('device', 'POST', `/scim-admin/${workspaceId}/token`, { tokenHash: toBase64Url(createHash('sha256').update('tscim_replayed-token-value').digest()) });
    expect((await request(b, 'POST', `/scim-admin/${workspaceId}/token`, token)).status).toBe(204);
    expect((await request(a, 'POST', `/scim-admin/${workspaceId}/token`, token)).status).toBe(401);
  });

  it('lets the Owner device read and acknowledge through node B the deprovisioning an identity provider sent to node A', async () => {
    const scimToken = `tscim_${randomUUID()}`;
    const setToken = `/scim-admin/${workspaceId}/token`;
    expect((await request(b, 'POST', setToken, signed('device', 'POST', setToken, { tokenHash: toBase64Url(createHash('sha256').update(scimToken).digest()) }))).status).toBe(204);
    const idp = (relay: RunningRelay, method: string, path: string, body?: unknown) =>
      request(relay, method, `/scim/v2/${workspaceId}${path}`, { headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' }, ...(body ? { body } : {}) });

    // The token set through node B is node A's too.
    const created = await idp(a, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ben@host.test', emails: [{ primary: true, value: 'ben@host.test' }], active: true });
    expect(created).toMatchObject({ status: 201, body: { userName: 'ben@host.test', active: true } });
    const id = created.body['id'] as string;
    expect((await idp(b, 'POST', '/Users', { userName: 'BEN@host.test' })).status).toBe(409);
    expect((await idp(b, 'GET', `/Users?filter=${encodeURIComponent('userName eq "ben@host.test"')}`)).body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const patched = await idp(a, 'PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(patched).toMatchObject({ status: 200, body: { id, active: false } });

    const events = `/scim-admin/${workspaceId}/events`;
    const read = await request(b, 'GET', events, signed('device', 'GET', events));
    expect(read).toMatchObject({ status: 200, body: { ok: true, events: [{ userName: 'ben@host.test', email: 'ben@host.test', reason: 'deactivated' }] } });
    const seq = (read.body['events'] as { seq: number }[])[0]!.seq;
    expect((await request(b, 'DELETE', `${events}/${seq}`, signed('device', 'DELETE', `${events}/${seq}`))).status).toBe(204);
    expect((await request(a, 'GET', events, signed('device', 'GET', events))).body).toEqual({ ok: true, events: [] });
  });

  it('refuses on node B an Okta logout token node A took, and serves node A\'s queued logout through node B', async () => {
    const issuer = 'https://tessera-test.okta.example';
    const audience = 'tessera-universal-logout';
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwks = JSON.stringify({ keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] });
    const okta = `/scim-admin/${workspaceId}/okta`;
    expect((await request(b, 'POST', okta, signed('device', 'POST', okta, { issuer, audience, jwks }))).status).toBe(204);

    const now = Math.floor(Date.now() / 1000);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256', kid: 'k1' })}.${encode({ iss: issuer, aud: audience, iat: now, exp: now + 300, jti: randomUUID() })}`;
    const jwt = `${unsigned}.${createSign('sha256').update(unsigned).sign(key.privateKey).toString('base64url')}`;
    const logout = (relay: RunningRelay) => request(relay, 'POST', `/universal-logout/${workspaceId}/global-token-revocation`, {
      headers: { authorization: `Bearer ${jwt}` }, body: { sub_id: { format: 'email', email: 'ben@host.test' } },
    });
    expect((await logout(a)).status).toBe(204);
    expect(await logout(b)).toMatchObject({ status: 401, body: { error: 'invalid_token', error_description: 'The token was used before.' } });

    const logouts = `/scim-admin/${workspaceId}/logouts`;
    const read = await request(b, 'GET', `${logouts}?after=0`, signed('device', 'GET', logouts));
    expect(read).toMatchObject({ status: 200, body: { ok: true, logouts: [{ email: 'ben@host.test' }] } });
  });

  it('has an Owner app whose workspace is on node B remove the member an identity provider deactivates through node A', async () => {
    // The apps as the desktop runs them (services behind the real handler table); the Owner's polls SCIM events every 200 ms.
    const owner = startApp('owner', { scimPollMs: 200 });
    const member = startApp('member');
    try {
      for (const [app, name, email] of [[owner, 'Ada Owner', 'ada@host.test'], [member, 'Dan Member', 'dan@host.test']] as const) {
        await app.value('vault.create', { password: `master-password-${name}` });
        await app.value('sharing.setProfile', { profile: { name, email } });
      }
      const { workspaceId: ws, bMemberId: danId } = await joinedPair(owner, member, b.url, 'member');
      const active = async () => (await owner.value<{ members: MemberView[] }>('sharing.members', { workspaceId: ws })).members.find((m) => m.memberId === danId);
      await expect.poll(async () => (await active())?.email).toBe('dan@host.test');
      const { token, baseUrl } = await owner.value<{ token: string; baseUrl: string }>('sharing.scimToken', { workspaceId: ws });
      expect(baseUrl).toBe(`${base(b)}/scim/v2/${ws}`);
      // The identity provider reaches node A.
      const idp = (method: string, path: string, body: unknown) =>
        request(a, method, `/scim/v2/${ws}${path}`, { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body });
      const created = await idp('POST', '/Users', { userName: 'dan@host.test', emails: [{ primary: true, value: 'dan@host.test' }], active: true });
      expect(created.status).toBe(201);
      const patched = await idp('PATCH', `/Users/${created.body['id'] as string}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] });
      expect(patched).toMatchObject({ status: 200, body: { active: false } });
      // The Owner's device, on node B, removes Dan with no person acting; Dan's app learns it is out.
      await expect.poll(async () => (await active())?.active).toBe(false);
      await expect.poll(async () => (await member.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.admitted).toBe(false);
    } finally {
      await owner.close();
      await member.close();
    }
  }, 120_000);
});
