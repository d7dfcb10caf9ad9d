// SCIM deprovisioning over a real relay, two app instances (A Owner, B a Member who signed his
// email into the chain) and the request sequences identity providers send, written down from
// their public docs: Okta (GET /Users?filter=userName eq, POST /Users, PATCH active=false as a
// PatchOp "replace" with a value object) and Microsoft Entra (filter, POST, PATCH "Replace"
// path active with the string "False"). A's device, polling as the app does each minute (here
// 200 ms), removes B with no person acting: B is out of the team, the account B could use is
// queued for rotation as a deprovisioning event, A's app says so. Tokens: wrong or missing →
// 401; only an Owner/Admin device may set one (B's is refused).
import { beforeAll, describe, expect, it } from 'vitest';
import type { MemberView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../support/relay-apps';

let relay: RunningRelay;
let relayDir: string;
let a: App;
let b: App;
let c: App;

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'tessera-scim-relay-'));
  relay = await startRelay({ dbPath: join(relayDir, 'relay.db'), host: '127.0.0.1', port: 0 });
  a = startApp('a', { scimPollMs: 200 });
  b = startApp('b');
  c = startApp('c');
  for (const [app, name, email] of [[a, 'Ada Owner', 'ada@host.test'], [b, 'Ben Member', 'ben@host.test'], [c, 'Cy Member', 'cy@host.test']] as const) {
    await app.value('vault.create', { password: `master-password-${name}` });
    await app.value('sharing.setProfile', { profile: { name, email } });
  }
}, 60_000);
afterAll(async () => {
  for (const app of [a, b, c]) await app?.close();
  await relay?.close();
  rmSync(relayDir, { recursive: true, force: true });
});

const statusOf = async (app: App, workspaceId: string) => (await app.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces.find((w) => w.workspaceId === workspaceId);

async function admit(workspaceId: string, joiner: App): Promise<string> {
  const { code } = await a.value<{ code: string }>('sharing.invite', { workspaceId });
  const { sas } = await joiner.value<{ sas: string }>('sharing.join', { code });
  await expect.poll(async () => (await a.value<{ requests: unknown[] }>('sharing.joinRequests', { workspaceId })).requests.length, { timeout: 15_000 }).toBe(1);
  const { memberId } = await a.value<{ memberId: string }>('sharing.admit', { workspaceId, sas, role: 'member' });
  await expect.poll(async () => (await statusOf(joiner, workspaceId))?.admitted, { timeout: 15_000 }).toBe(true);
  return memberId;
}

describe('SCIM deprovisioning', () => {
  it('removes a member the identity provider deactivates (Okta) or deletes (Entra), with no person acting, and queues rotations', async () => {
    const { workspaceId } = await a.value<{ workspaceId: string }>('sharing.create', { name: 'Host team', relayUrl: relay.url });
    await expect.poll(async () => (await statusOf(a, workspaceId))?.state).toBe('online');
    const benId = await admit(workspaceId, b);
    const cyId = await admit(workspaceId, c);
    const { id: accountId } = await a.value<{ id: string }>('accounts.create', { name: 'Vendor portal', username: 'ops', password: 'Scim-Shared-Password-1!' });
    await a.value('sharing.share', { workspaceId, accountId, principal: `member:${benId}`, role: 'collaborator' });
    await a.value('sharing.share', { workspaceId, accountId, principal: `member:${cyId}`, role: 'collaborator' });
    await a.value('policies.add', { name: 'Offboarding', trigger: { type: 'event', events: ['deprovisioning'] }, scope: {} });
    // Ben's and Cy's emails reach A's chain view (signed by their devices once admitted).
    await expect.poll(async () => (await a.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members.filter((m) => m.email).length, { timeout: 15_000 }).toBe(3);

    // Only an Owner/Admin device sets the token.
    expect(await b.call('sharing.scimToken', { workspaceId })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    const { token, baseUrl } = await a.value<{ token: string; baseUrl: string }>('sharing.scimToken', { workspaceId });
    expect(baseUrl).toBe(`http://127.0.0.1:${relay.port}/scim/v2/${workspaceId}`);
    const scim = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.token ?? token}`, 'content-type': 'application/scim+json', accept: 'application/scim+json' },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    expect((await scim('/Users', { token: 'tscim_not-the-token-at-all' })).status).toBe(401);
    expect((await fetch(`${baseUrl}/Users`)).status).toBe(401);
    expect(await (await scim('/ServiceProviderConfig')).json()).toMatchObject({ patch: { supported: true }, filter: { supported: true } });

    // Okta: look the user up, create it, then deactivate it.
    const okta = await (await scim(`/Users?filter=${encodeURIComponent('userName eq "ben@host.test"')}&startIndex=1&count=100`)).json() as { totalResults: number };
    expect(okta.totalResults).toBe(0);
    const created = await scim('/Users', { method: 'POST', body: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ben@host.test', name: { givenName: 'Ben', familyName: 'Member' },
      emails: [{ primary: true, value: 'ben@host.test', type: 'work' }], displayName: 'Ben Member', active: true,
    } });
    expect(created.status).toBe(201);
    const ben = await created.json() as { id: string; active: boolean; userName: string };
    expect(ben).toMatchObject({ userName: 'ben@host.test', active: true });
    expect((await scim('/Users', { method: 'POST', body: { userName: 'ben@host.test' } })).status).toBe(409);
    expect((await (await scim(`/Users?filter=${encodeURIComponent('userName eq "ben@host.test"')}`)).json() as { totalResults: number }).totalResults).toBe(1);
    const patched = await scim(`/Users/${ben.id}`, { method: 'PATCH', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] } });
    expect(await patched.json()).toMatchObject({ id: ben.id, active: false });

    // A's device acts by itself (its poll): Ben is out, the account is queued for rotation, A is told.
    await expect.poll(async () => (await a.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members.find((m) => m.memberId === benId)?.active, { timeout: 15_000 }).toBe(false);
    await expect.poll(() => a.emitted.some(([event, payload]) => event === 'app.notice' && /Ben Member \(ben@host\.test\) was deactivated by your identity provider/.test((payload as { message: string }).message))).toBe(true);
    // Queued for rotation (the scheduler may already have picked it up: any state).
    const jobs = a.services.rotation.scheduler.jobs.list(['queued', 'needs_approval', 'running', 'done', 'failed']);
    expect(jobs.map((j) => [j.accountId, j.reason])).toEqual([[accountId, expect.stringMatching(/^deprovisioning: Ben Member: deprovisioned by the identity provider/)]]);
    await expect.poll(async () => (await statusOf(b, workspaceId))?.admitted, { timeout: 15_000 }).toBe(false);

    // Entra: a user provisioned with a UPN as userName and a work email, then "Replace" active with the string "False".
    const entra = await (await scim('/Users', { method: 'POST', body: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: 'cy', userName: 'cy@hosttenant.onmicrosoft.com', active: true, displayName: 'Cy Member',
      emails: [{ primary: true, type: 'work', value: 'Cy@Host.Test' }], meta: { resourceType: 'User' },
    } })).json() as { id: string };
    expect((await (await scim(`/Users?filter=${encodeURIComponent('externalId eq "cy"')}`)).json() as { Resources: { id: string }[] }).Resources.map((r) => r.id)).toEqual([entra.id]);
    const replaced = await scim(`/Users/${entra.id}`, { method: 'PATCH', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] } });
    expect(await replaced.json()).toMatchObject({ active: false });
    await expect.poll(async () => (await a.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members.find((m) => m.memberId === cyId)?.active, { timeout: 15_000 }).toBe(false);
    expect((await scim(`/Users/${entra.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await scim(`/Users/${entra.id}`)).status).toBe(404);
  }, 120_000);
});
