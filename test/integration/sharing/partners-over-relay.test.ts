// A host-guest partnership over a real relay, three app instances through the handler table:
// H hosts the account; M is the partner organisation's admin, with a workspace of its own on
// the same relay; C is one of M's people. H creates the partnership naming M's workspace and
// admits M as its Manager (invitation + six digits); H shares an account with the partner; M
// invites and admits C into the partner (M is no host Admin) and grants C the account; C logs
// in to the site with it in real Chromium as a Collaborator, without ever reading the
// password. H sees everyone who holds it through the partner. Ending the partnership takes
// the account from M's and C's vaults, queues its rotation on H, and the relay no longer
// serves them the workspace's docs.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import type { StoredRun } from '../../../main/logins/run-store';
import type { PartnerView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { start as startClassic } from '../../fixtures/sites/change-password-classic/server';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { startApp, useRelayApps, type App } from '../../support/relay-apps';

const apps = useRelayApps('partners');
let c: App;
beforeAll(async () => {
  c = startApp('c');
  await c.value('vault.create', { password: 'master-password-c' });
  return async () => c.close();
});

const statusOf = async (app: App, workspaceId: string) =>
  (await app.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces.find((w) => w.workspaceId === workspaceId);
const roleIn = async (app: App, accountId: string) => (await app.value<AccountList>('accounts.list')).accounts.find((x) => x.id === accountId)?.sharedRole ?? null;

/** `inviter` invites (into `partnerId` when a Manager does it), `joiner` joins, the six digits match, `inviter` admits. */
async function admitted(inviter: App, joiner: App, workspaceId: string, admit: { partnerId: string; manager: boolean }, invitePartner?: string): Promise<string> {
  const { code } = await inviter.value<{ code: string }>('sharing.invite', { workspaceId, ...(invitePartner ? { partnerId: invitePartner } : {}) });
  const { sas } = await joiner.value<{ sas: string }>('sharing.join', { code });
  await expect.poll(async () => (await inviter.value<{ requests: { sas: string }[] }>('sharing.joinRequests', { workspaceId })).requests.length, { timeout: 15_000 }).toBe(1);
  const { memberId } = await inviter.value<{ memberId: string }>('sharing.admit', { workspaceId, sas, role: 'guest', ...admit });
  await expect.poll(async () => (await statusOf(joiner, workspaceId))?.admitted, { timeout: 15_000 }).toBe(true);
  return memberId;
}

describe('a partnership between two workspaces over a real relay', () => {
  it("lets a partner's Manager admit their own person and grant them a host account, who logs in as a Collaborator until the partnership ends", async () => {
    const { relay, a: host, b: manager } = apps;
    const site = await startClassic();
    try {
      await host.value('sharing.setProfile', { profile: { name: 'Hana Host', email: 'hana@host.example' } });
      await manager.value('sharing.setProfile', { profile: { name: 'Mo Manager', email: 'mo@agency.example' } });
      await c.value('sharing.setProfile', { profile: { name: 'Cy Contractor', email: 'cy@agency.example' } });
      const { id } = await host.value<{ id: string }>('accounts.create', { name: 'Vendor portal', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
      await host.value('policies.add', { name: 'Offboarding', trigger: { type: 'event', events: ['member_removed'] }, scope: {} });

      // The partner organisation has its own workspace; the host's partnership names it.
      const { workspaceId: agencyWorkspace } = await manager.value<{ workspaceId: string }>('sharing.create', { name: 'Agency', relayUrl: relay.url });
      const { workspaceId } = await host.value<{ workspaceId: string }>('sharing.create', { name: 'Host space', relayUrl: relay.url });
      await expect.poll(async () => (await statusOf(host, workspaceId))?.state).toBe('online');
      const { partnerId } = await host.value<{ partnerId: string }>('sharing.createPartner', { workspaceId, name: 'Acme Agency', guestWorkspaceId: agencyWorkspace });
      const managerId = await admitted(host, manager, workspaceId, { partnerId, manager: true });
      await host.value('sharing.share', { workspaceId, accountId: id, principal: `partner:${partnerId}`, role: 'collaborator' });
      await expect.poll(() => roleIn(manager, id), { timeout: 20_000 }).toBe('collaborator');

      // The Manager — a Guest of the host, not an Admin — admits one of their own people into the partner.
      expect(await manager.call('sharing.invite', { workspaceId })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
      await expect.poll(async () => (await manager.value<{ partners: PartnerView[] }>('sharing.partners', { workspaceId })).partners[0]?.youManage, { timeout: 20_000 }).toBe(true);
      const contractorId = await admitted(manager, c, workspaceId, { partnerId, manager: false }, partnerId);
      expect(await roleIn(c, id)).toBeNull();
      expect(await c.call('sharing.partnerGrant', { workspaceId, partnerId, memberId: contractorId, accountId: id })).toMatchObject({ ok: false });

      await expect.poll(async () => (await manager.value<{ partners: PartnerView[] }>('sharing.partners', { workspaceId })).partners[0]?.people.length, { timeout: 20_000 }).toBe(2);
      await manager.value('sharing.partnerGrant', { workspaceId, partnerId, memberId: contractorId, accountId: id });
      await expect.poll(() => roleIn(c, id), { timeout: 20_000 }).toBe('collaborator');

      // The contractor logs in with the host's account and never reads its password.
      const run = await c.value<StoredRun>('automation.verify', { id });
      expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
      expect(await c.call('accounts.reveal', { id, field: 'password' })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
      expect(c.results.join('\n')).not.toContain(FIXTURE_PASSWORD);

      // The host sees who holds the account through the partner, by name.
      await expect.poll(async () => (await host.value<{ partners: PartnerView[] }>('sharing.partners', { workspaceId })).partners[0]?.accounts[0]?.holders.sort(), { timeout: 20_000 })
        .toEqual([managerId, contractorId].sort());
      const [seen] = (await host.value<{ partners: PartnerView[] }>('sharing.partners', { workspaceId })).partners;
      expect(seen).toMatchObject({ name: 'Acme Agency', kind: 'host-guest', guestWorkspaceId: agencyWorkspace, active: true });
      expect(seen!.people.map((p) => [p.email, p.manager, p.outside]).sort()).toEqual([['cy@agency.example', false, true], ['mo@agency.example', true, true]]);
      expect(seen!.accounts).toEqual([{ accountId: id, name: 'Vendor portal', holders: expect.any(Array) }]);

      // Ending the partnership: both leave, the account goes from their vaults, its rotation is queued.
      const ended = await host.value<{ removedMembers: number; rotationJobs: number }>('sharing.endPartner', { workspaceId, partnerId });
      expect(ended).toEqual({ removedMembers: 2, rotationJobs: 1 });
      const holds = async (app: App) => (await app.value<AccountList>('accounts.list')).accounts.some((x) => x.id === id || x.name === 'Vendor portal');
      await expect.poll(() => holds(c), { timeout: 20_000 }).toBe(false);
      await expect.poll(() => holds(manager), { timeout: 20_000 }).toBe(false);
      const members = (await host.value<{ members: { memberId: string; active: boolean }[] }>('sharing.members', { workspaceId })).members;
      expect(members.filter((m) => m.active).map((m) => m.memberId)).toEqual([expect.not.stringMatching(new RegExp(`^(${managerId}|${contractorId})$`))]);
      // The relay takes the new epoch's key only: the removed devices lose the workspace's docs.
      expect(await statusOf(c, workspaceId)).toMatchObject({ admitted: false, role: null });
      const served = () => (c.services.sync.get(workspaceId).client?.status().logs ?? []).filter((l) => !l.blocked).map((l) => l.docId);
      await expect.poll(() => served().filter((docId) => docId.includes('/team') || docId.includes('/account/')), { timeout: 20_000 }).toEqual([]);
      expect(served()).toContain(`${workspaceId}/chain`);
      // The Manager's own workspace is untouched.
      expect((await statusOf(manager, agencyWorkspace))?.admitted).toBe(true);
    } finally {
      await site.close();
    }
  }, 180_000); // a guard: three apps, four admissions' round trips and a login on a loaded machine
});
