// Partners in the team chain (protocol/chain-partners.ts): who may create, staff, grant and
// end a partnership, what a grant to a partner gives whom, and what ending it takes away.
import { describe, expect, it } from 'vitest';
import { currentEpoch, entryHash, resolveChain } from '../../../protocol/team-chain';
import { effectiveAccountRole, SharedAccountDoc } from '../../../main/sync/shared-account-doc';
import { SyncPeer } from '../../../main/sync/sync-peer';
import { Workspace } from '../../../main/sync/workspace';
import { person, syncAll, team, type Person } from './chain-helpers';

const host = person('host'); // the host workspace's Owner
const admin = person('admin'); // a host Admin
const staff = person('staff'); // a host Member
const manager = person('manager'); // the partner organisation's admin: its Manager here
const contractor = person('contractor'); // one of the partner's people
const other = person('other');

const memberOf = (p: Person) => p.identity.memberId;

/** Host workspace (Owner, Admin, Member) with a host-guest partnership whose Manager is admitted; every replica in step. */
function partnership() {
  const replicas = team(host, [[admin, 'admin'], [staff, 'member']]);
  const h = replicas.get('host')!;
  const { partnerId } = h.createPartner('guest-workspace-id');
  h.addMember(manager.request, 'guest', { partnerId, manager: true });
  replicas.set('manager', Workspace.open(h.workspaceId, manager.device, h.entries()));
  syncAll(replicas.values());
  return { replicas, h, m: replicas.get('manager')!, partnerId };
}

function refused(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('CHAIN_INVALID');
    return (error as Error).message;
  }
  throw new Error('the chain accepted it');
}

describe('partners in the team chain', () => {
  it("records a host-guest partnership, its Manager as a Guest who came in through it, and the Manager's own admissions", () => {
    const { h, m, partnerId } = partnership();
    m.addMember(contractor.request, 'guest', { partnerId, manager: false });
    syncAll([h, m]);
    const partner = h.state.partners.get(partnerId)!;
    expect(partner.guestWorkspaceId).toBe('guest-workspace-id');
    expect([...partner.managers]).toEqual([memberOf(manager)]);
    expect([...partner.members].sort()).toEqual([memberOf(manager), memberOf(contractor)].sort());
    expect(h.state.members.get(memberOf(contractor))).toMatchObject({ role: 'guest', active: true, partnerId });
    // The contractor's device got the team key history, sealed by the Manager's device.
    expect(Workspace.open(h.workspaceId, contractor.device, h.entries()).currentEpoch().epochId).toBe(h.currentEpoch().epochId);
  });

  it.each<[string, (m: Workspace, partnerId: string) => unknown, RegExp]>([
    ['admit anyone but a Guest', (m, p) => m.addMember(other.request, 'member', { partnerId: p, manager: false }), /join the host workspace as Guests/],
    ['name another Manager', (m, p) => m.addMember(other.request, 'guest', { partnerId: p, manager: true }), /only Owners and Admins may name a Manager/],
    ['admit someone outside the partner', (m) => m.addMember(other.request, 'guest'), /not an Owner or Admin/],
    ['create a partnership', (m) => m.createPartner(), /not an Owner or Admin/],
    ['end the partnership', (m, p) => m.endPartner(p), /not an Owner or Admin/],
    ['remove a member (open an epoch)', (m) => m.removeMember(memberOf(staff)), /not an Owner or Admin/],
    ['add a host member to the partner', (m, p) => m.addToPartner(p, memberOf(staff), false), /adds only people who came in through the partner/],
  ])('refuses a Manager who tries to %s', (_what, attempt, reason) => {
    const { m, partnerId } = partnership();
    expect(refused(() => attempt(m, partnerId))).toMatch(reason);
  });

  it('lets nobody but Owners, Admins and its Managers staff a partner, and keeps its people Guests', () => {
    const { replicas, h, partnerId } = partnership();
    const s = replicas.get('staff')!;
    expect(refused(() => s.addMember(other.request, 'guest', { partnerId, manager: false }))).toMatch(/not an Owner or Admin/);
    expect(refused(() => h.changeRole(memberOf(manager), 'member'))).toMatch(/stays a Guest/);
    expect(refused(() => h.addMember(other.request, 'member', { partnerId, manager: false }))).toMatch(/as Guests/);
  });

  it('gives a grant to the partner to its Managers, and to its other people only once a Manager grants them the account', () => {
    const { h, m, partnerId } = partnership();
    m.addMember(contractor.request, 'guest', { partnerId, manager: false });
    syncAll([h, m]);
    const account = new SharedAccountDoc(`${h.workspaceId}/account/${memberOf(host)}/acct`);
    account.grant(`member:${memberOf(host)}`, 'owner');
    const role = (p: Person) => effectiveAccountRole(account, memberOf(p), m.state);
    expect(role(manager)).toBeNull();
    account.grant(`partner:${partnerId}`, 'collaborator');
    expect([role(manager), role(contractor)]).toEqual(['collaborator', null]);
    m.partnerGrant(partnerId, memberOf(contractor), account.docId, true);
    expect(role(contractor)).toBe('collaborator');
    // Even an Owner grant to the partner (the chain cannot stop a doc write) gives its people no more than Collaborator.
    account.grant(`partner:${partnerId}`, 'owner');
    expect(role(contractor)).toBe('collaborator');
    account.revokeGrant(`partner:${partnerId}`);
    expect([role(manager), role(contractor)]).toEqual([null, null]);
    expect(refused(() => m.partnerGrant(partnerId, memberOf(staff), account.docId, true))).toMatch(/not in the partner/);
  });

  it('refuses to share an account with a partner as Owner, or with one that does not exist', () => {
    const { h, partnerId } = partnership();
    const peer = new SyncPeer(h);
    const { doc } = peer.createAccount();
    expect(() => peer.share(doc.docId, `partner:${partnerId}`, 'owner')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => peer.share(doc.docId, 'partner:nope', 'collaborator')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it("ends a partnership: its outside people leave, the new epoch's key reaches only the host, a local Manager stays", () => {
    const { replicas, h, m, partnerId } = partnership();
    m.addMember(contractor.request, 'guest', { partnerId, manager: false });
    h.addToPartner(partnerId, memberOf(staff), true); // a host member co-manages it
    syncAll(replicas.values());
    const before = currentEpoch(h.state)!.number;
    const entry = h.endPartner(partnerId);
    expect(currentEpoch(h.state)!.number).toBe(before + 1);
    expect(h.state.partners.get(partnerId)).toMatchObject({ active: false });
    for (const p of [manager, contractor]) expect(h.state.members.get(memberOf(p))!.active).toBe(false);
    expect(h.state.members.get(memberOf(staff))!.active).toBe(true);
    const sealedTo = Object.keys(entry.keys!.sealed);
    expect(sealedTo).not.toContain(manager.device.certificate.deviceId);
    expect(sealedTo).not.toContain(contractor.device.certificate.deviceId);
    expect(sealedTo).toContain(staff.device.certificate.deviceId);
    syncAll(replicas.values());
    expect(m.epochKey(h.currentEpoch().epochId)).toBeUndefined();
  });

  it("voids what a partner's Manager did concurrently with the end of the partnership", () => {
    const { h, m, partnerId } = partnership();
    const late = m.addMember(contractor.request, 'guest', { partnerId, manager: false }); // not yet seen by the host
    h.endPartner(partnerId);
    syncAll([h, m]);
    const resolved = resolveChain(h.workspaceId, h.entries());
    // Ordered before the end it is voided (rule 3), after it its author is gone: refused either way.
    expect(resolved.rejected.find((r) => r.hash === entryHash(late))?.reason).toMatch(/concurrently with the removal|the author was removed/);
    expect(h.state.members.has(memberOf(contractor))).toBe(false);
  });

  it('makes a local partner: a host member named its Manager admits outside people and grants them accounts', () => {
    const replicas = team(host, [[staff, 'member']]);
    const h = replicas.get('host')!;
    const { partnerId } = h.createPartner();
    h.addToPartner(partnerId, memberOf(staff), true);
    syncAll(replicas.values());
    const s = replicas.get('staff')!;
    s.addMember(contractor.request, 'guest', { partnerId, manager: false });
    expect(h.state.partners.get(partnerId)?.guestWorkspaceId).toBeUndefined();
    syncAll(replicas.values());
    expect(h.state.members.get(memberOf(contractor))).toMatchObject({ role: 'guest', partnerId });
  });

  it("has the host's designated admin device remove from the workspace a person their Manager took out of the partner, and re-key what they held", () => {
    const { h, m, partnerId } = partnership();
    m.addMember(contractor.request, 'guest', { partnerId, manager: false });
    syncAll([h, m]);
    const hostPeer = new SyncPeer(h);
    const exposures: string[][] = [];
    hostPeer.onExposed((e) => exposures.push(e.docIds));
    const { doc } = hostPeer.createAccount();
    hostPeer.share(doc.docId, `partner:${partnerId}`, 'collaborator');
    h.partnerGrant(partnerId, memberOf(contractor), doc.docId, true);
    expect(doc.keyHolders().deviceIds).toContain(contractor.device.certificate.deviceId);
    syncAll([h, m]);
    const epoch = currentEpoch(h.state)!.number;
    m.removeFromPartner(partnerId, memberOf(contractor));
    syncAll([h, m]);
    expect(h.state.members.get(memberOf(contractor))!.active).toBe(false);
    expect(currentEpoch(h.state)!.number).toBe(epoch + 1);
    expect(doc.keyHolders().deviceIds).not.toContain(contractor.device.certificate.deviceId);
    expect(exposures).toEqual([[doc.docId]]);
  });
});
