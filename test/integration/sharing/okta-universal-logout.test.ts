// Okta Universal Logout over a real relay with two app instances (A Owner, B a Member who can
// use A's account) and a local stand-in for Okta's issuer: an RSA key of its own, published as
// the JWKS A configures, signing Okta-shaped Global Token Revocation requests (a stand-in: Okta
// itself cannot run here). The relay answers as the profile says — 401 without a token, for a
// wrong audience, an expired token, another key's signature or a replayed jti; 400 without
// sub_id; 404 for an unknown iss_sub; 204 once queued — and then, with no person acting, B's
// vault locks and A's device queues Universal Logout and rotation of the account B can use.
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { startApp, type App } from '../../support/relay-apps';

const ISSUER = 'https://tessera-test.okta.example';
const AUDIENCE = 'tessera-universal-logout';
const KID = 'stand-in-key-1';

let relay: RunningRelay;
let relayDir: string;
let a: App;
let b: App;
const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** An Okta-shaped logout token signed by the stand-in issuer (RS256). */
function token(claims: Record<string, unknown> = {}, key: KeyObject = issuerKey.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = encode({ alg: 'RS256', kid: KID, typ: 'global-token-revocation+jwt' });
  const body = encode({ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300, jti: randomUUID(), ...claims });
  const signature = createSign('sha256').update(`${head}.${body}`).sign(key).toString('base64url');
  return `${head}.${body}.${signature}`;
}

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'tessera-okta-relay-'));
  relay = await startRelay({ dbPath: join(relayDir, 'relay.db'), host: '127.0.0.1', port: 0 });
  a = startApp('a', { scimPollMs: 200 });
  b = startApp('b', { scimPollMs: 200 });
  for (const [app, name, email] of [[a, 'Ada Owner', 'ada@host.test'], [b, 'Ben Member', 'ben@host.test']] as const) {
    await app.value('vault.create', { password: `master-password-${name}` });
    await app.value('sharing.setProfile', { profile: { name, email } });
  }
}, 60_000);
afterAll(async () => {
  for (const app of [a, b]) await app?.close();
  await relay?.close();
  rmSync(relayDir, { recursive: true, force: true });
});

const statusOf = async (app: App, workspaceId: string) => (await app.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces.find((w) => w.workspaceId === workspaceId);

describe('Okta Universal Logout (a local stand-in issuer)', () => {
  it('checks the logout token as the profile says, then locks the person\'s vault and queues Universal Logout of what they can use', async () => {
    const { workspaceId } = await a.value<{ workspaceId: string }>('sharing.create', { name: 'Host team', relayUrl: relay.url });
    await expect.poll(async () => (await statusOf(a, workspaceId))?.state).toBe('online');
    const { code } = await a.value<{ code: string }>('sharing.invite', { workspaceId });
    const { sas } = await b.value<{ sas: string }>('sharing.join', { code });
    await expect.poll(async () => (await a.value<{ requests: unknown[] }>('sharing.joinRequests', { workspaceId })).requests.length, { timeout: 15_000 }).toBe(1);
    const { memberId: benId } = await a.value<{ memberId: string }>('sharing.admit', { workspaceId, sas, role: 'member' });
    await expect.poll(async () => (await statusOf(b, workspaceId))?.admitted, { timeout: 15_000 }).toBe(true);
    const { id: accountId } = await a.value<{ id: string }>('accounts.create', { name: 'Vendor portal', urls: ['https://vendor.example.test'], username: 'ops', password: 'Okta-Shared-Password-1!' });
    await a.value('sharing.share', { workspaceId, accountId, principal: `member:${benId}`, role: 'collaborator' });
    await a.value('policies.add', { name: 'Logout', trigger: { type: 'event', events: ['universal_logout'] }, scope: {} });
    await expect.poll(async () => (await b.value<{ accounts: { id: string }[] }>('accounts.list')).accounts.some((x) => x.id === accountId), { timeout: 15_000 }).toBe(true);

    const jwks = JSON.stringify({ keys: [{ ...issuerKey.publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] });
    expect(await b.call('sharing.oktaSettings', { workspaceId, issuer: ISSUER, audience: AUDIENCE, jwks })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    const { endpoint } = await a.value<{ endpoint: string }>('sharing.oktaSettings', { workspaceId, issuer: ISSUER, audience: AUDIENCE, jwks });
    expect(endpoint).toBe(`http://127.0.0.1:${relay.port}/universal-logout/${workspaceId}/global-token-revocation`);

    const revoke = (bearer: string | undefined, body: unknown = { sub_id: { format: 'email', email: 'ben@host.test' } }) => fetch(endpoint, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(body),
    });
    const now = Math.floor(Date.now() / 1000);
    expect((await revoke(undefined)).status).toBe(401);
    expect((await revoke(token({ aud: 'someone-else' }))).status).toBe(401);
    expect((await revoke(token({ iss: 'https://other.okta.example' }))).status).toBe(401);
    expect((await revoke(token({ iat: now - 3600, exp: now - 600 }))).status).toBe(401);
    expect((await revoke(token({}, otherKey.privateKey))).status).toBe(401);
    expect((await revoke(token(), { something: 'else' })).status).toBe(400);
    expect((await revoke(token(), { sub_id: { format: 'iss_sub', iss: ISSUER, sub: '00u-nobody' } })).status).toBe(404);
    // Nothing was queued by any of those: B is still unlocked a few polls later.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(b.services.vault.status().unlocked).toBe(true);

    const valid = token();
    const answered = await revoke(valid);
    expect(answered.status).toBe(204);
    expect((await revoke(valid)).status).toBe(401); // the same jti again

    // With no person acting: B's device locks, A's device hands the account B can use to the policies.
    await expect.poll(() => b.services.vault.status().unlocked, { timeout: 15_000 }).toBe(false);
    expect(b.emitted).toContainEqual(['vault.locked', { reason: 'universal-logout' }]);
    await expect.poll(() => a.services.rotation.scheduler.jobs.list(['queued', 'needs_approval', 'running', 'done', 'failed']).map((j) => [j.accountId, j.task]), { timeout: 15_000 })
      .toEqual([[accountId, 'logout-and-rotate']]);
    expect(a.emitted.some(([event, payload]) => event === 'app.notice' && /logged Ben Member out everywhere/.test((payload as { message: string }).message))).toBe(true);
  }, 120_000);
});
