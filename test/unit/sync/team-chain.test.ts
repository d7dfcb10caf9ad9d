import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDevice } from '../../../main/sync/device-keys';
import { createIdentity } from '../../../protocol/identity';
import { currentEpoch, entryHash, keyMaintenance, resolveChain, signEntry, type ChainAction, type ChainEntry } from '../../../protocol/team-chain';
import { Workspace } from '../../../main/sync/workspace';
import { person, syncAll, team, type Person } from './chain-helpers';

const alice = person('alice');
const bob = person('bob');
const carol = person('carol');
const dave = person('dave');

function craft(ws: Workspace, author: Person, action: ChainAction, change: Partial<ChainEntry> = {}): ChainEntry {
  return signEntry({ v: 1, workspaceId: ws.workspaceId, prev: ws.resolved.heads, counter: ws.resolved.nextCounter, author: author.device.certificate.deviceId, action, ...change }, author.device);
}

function reasonFor(ws: Workspace, entry: ChainEntry): string | undefined {
  return resolveChain(ws.workspaceId, [...ws.entries(), entry]).rejected.find((r) => r.hash === entryHash(entry))?.reason;
}

describe('team chain: creating and changing a workspace', () => {
  it('makes the creator the only Owner, at epoch 0, holding its key', () => {
    const ws = team(alice).get('alice')!;
    expect([...ws.state.members.values()].map((m) => [m.memberId, m.role])).toEqual([[alice.identity.memberId, 'owner']]);
    expect(currentEpoch(ws.state)?.number).toBe(0);
    expect(ws.currentEpoch().key).toHaveLength(32);
  });

  it('gives a new member the history of epoch keys, and advances the epoch on every removal', () => {
    const replicas = team(alice, [[bob, 'admin'], [carol, 'member']]);
    const a = replicas.get('alice')!;
    const firstEpoch = a.currentEpoch().epochId;
    expect(replicas.get('carol')!.epochKey(firstEpoch)).toEqual(a.epochKey(firstEpoch));
    a.removeMember(carol.identity.memberId);
    a.removeDevice(bob.device.certificate.deviceId);
    expect(currentEpoch(a.state)?.number).toBe(2);
    syncAll(replicas.values());
    const last = a.currentEpoch().epochId;
    expect(replicas.get('carol')!.epochKey(last)).toBeUndefined();
    expect(replicas.get('bob')!.epochKey(last)).toBeUndefined();
  });

  it('lets any member link a second device of their own and remove it: a new epoch the removed device cannot read', () => {
    const replicas = team(alice, [[bob, 'admin'], [carol, 'member']]);
    const c = replicas.get('carol')!;
    const laptop = createDevice(carol.identity, '');
    c.addDevice(laptop.certificate);
    syncAll(replicas.values());
    const a = replicas.get('alice')!;
    expect(a.state.devices.get(laptop.certificate.deviceId)).toMatchObject({ memberId: carol.identity.memberId, active: true });
    // The new device was given the epoch keys it needs (sealed to it in the entry).
    const second = Workspace.open(c.workspaceId, laptop, c.entries());
    expect(second.currentEpoch().key).toEqual(c.currentEpoch().key);

    c.removeDevice(laptop.certificate.deviceId);
    syncAll(replicas.values());
    expect(a.state.devices.get(laptop.certificate.deviceId)?.active).toBe(false);
    const after = Workspace.open(c.workspaceId, laptop, c.entries());
    expect(after.epochKey(c.currentEpoch().epochId)).toBeUndefined();
    expect(a.currentEpoch().epochId).toBe(c.currentEpoch().epochId);
  });

  it('groups members in teams', () => {
    const a = team(alice, [[bob, 'member']]).get('alice')!;
    const { teamId } = a.createTeam();
    a.addToTeam(teamId, bob.identity.memberId);
    expect([...a.state.teams.get(teamId)!]).toEqual([bob.identity.memberId]);
    const removal = a.removeFromTeam(teamId, bob.identity.memberId);
    expect(a.state.teams.get(teamId)!.size).toBe(0);
    expect(removal.action).toEqual({ type: 'remove_from_team', teamId, memberId: bob.identity.memberId });
  });

  it.each<[string, (r: Map<string, Workspace>) => unknown, RegExp]>([
    ['a Member adds someone', (r) => r.get('carol')!.addMember(dave.request, 'member'), /not an Owner or Admin/],
    ['an Admin adds an Owner', (r) => r.get('bob')!.addMember(dave.request, 'owner'), /only an Owner may add an Owner/],
    ['an Admin removes an Owner', (r) => r.get('bob')!.removeMember(alice.identity.memberId), /only an Owner may remove an Owner/],
    ['the last Owner removes themself', (r) => r.get('alice')!.removeMember(alice.identity.memberId), /without an Owner/],
    ['the last Owner is demoted', (r) => r.get('alice')!.changeRole(alice.identity.memberId, 'admin'), /without an Owner/],
    ["the last Owner's only device is removed", (r) => r.get('alice')!.removeDevice(alice.device.certificate.deviceId), /without an Owner/],
    ['a member id is reused', (r) => r.get('alice')!.addMember({ ...dave.request, memberId: carol.identity.memberId }, 'member'), /device certificate belongs to someone else|already used/],
    ["someone else's device is added", (r) => r.get('alice')!.addDevice(createDevice(createIdentity(), 'x').certificate), /no active member/],
    ["a Member adds a device to another member", (r) => r.get('carol')!.addDevice(createDevice(bob.identity, '').certificate), /not an Owner or Admin/],
    ["a Member removes another member's device", (r) => r.get('carol')!.removeDevice(bob.device.certificate.deviceId), /not an Owner or Admin/],
    ["a Member adds a device certified by another identity in their name", (r) => r.get('carol')!.addDevice({ ...createDevice(dave.identity, '').certificate, memberId: carol.identity.memberId }), /certif|belongs/],
    ['a removed member is removed again', (r) => {
      r.get('alice')!.removeMember(carol.identity.memberId);
      return r.get('alice')!.removeMember(carol.identity.memberId);
    }, /not an active member/],
    ['someone not in the team is removed from it', (r) => r.get('alice')!.removeFromTeam(r.get('alice')!.createTeam().teamId, carol.identity.memberId), /not in the team/],
    ['a Member manages a team', (r) => r.get('carol')!.createTeam(), /not an Owner or Admin/],
    ['a member joins a missing team', (r) => r.get('alice')!.addToTeam('no-such-team', carol.identity.memberId), /team does not exist/],
    ['a removed admin keeps writing', (r) => {
      r.get('alice')!.removeMember(bob.identity.memberId);
      r.get('bob')!.receive(r.get('alice')!.entries());
      return r.get('bob')!.createTeam();
    }, /author was removed/],
  ])('refuses an entry when %s', (_name, attempt, reason) => {
    const replicas = team(alice, [[bob, 'admin'], [carol, 'member']]);
    expect(() => attempt(replicas)).toThrow(reason);
  });

  it.each<[string, (ws: Workspace) => ChainEntry, RegExp]>([
    ['its signature does not verify', (ws) => ({ ...craft(ws, alice, { type: 'create_team', teamId: 't1' }), action: { type: 'create_team', teamId: 't2' } }), /signature/],
    ['it names an author from outside', (ws) => craft(ws, dave, { type: 'create_team', teamId: 't1' }), /signature|not a device/],
    ['it belongs to another workspace', (ws) => craft(ws, alice, { type: 'create_team', teamId: 't1' }, { workspaceId: 'elsewhere' }), /another workspace/],
    ['it opens an epoch without sealing its key', (ws) => craft(ws, alice, { type: 'rekey', epochId: 'e2' }), /seal exactly that epoch/],
    ['it seals the new key to the member it removes', (ws) => craft(ws, alice, { type: 'remove_member', memberId: carol.identity.memberId, epochId: 'e3' }, { keys: { epochs: ['e3'], sealed: { [carol.device.certificate.deviceId]: 'AAAA' } } }), /to the device it removes/],
    ['it seals keys to an unknown device', (ws) => craft(ws, alice, { type: 'rekey', epochId: 'e3' }, { keys: { epochs: ['e3'], sealed: { nobody: 'AAAA' } } }), /unknown device/],
    ['its counter is not above its parent', (ws) => craft(ws, alice, { type: 'create_team', teamId: 't1' }, { counter: 0 }), /order/],
    ['it is a second creation entry', (ws) => craft(ws, alice, { type: 'create_workspace', memberId: 'm', identityKey: alice.request.identityKey, device: alice.device.certificate, epochId: 'e' }, { prev: [], counter: 0, workspaceId: '' }), /another workspace/],
  ])('rejects an entry when %s', (_name, make, reason) => {
    const ws = team(alice, [[bob, 'admin'], [carol, 'member']]).get('alice')!;
    expect(reasonFor(ws, make(ws))).toMatch(reason);
  });

  it('rejects, without failing, a creation entry that seals keys of epochs it does not open', () => {
    const bad = signEntry(
      { v: 1, workspaceId: '', prev: [], counter: 0, author: alice.device.certificate.deviceId, action: { type: 'create_workspace', memberId: alice.identity.memberId, identityKey: alice.request.identityKey, device: alice.device.certificate, epochId: 'e0' }, keys: { epochs: ['e0', 'e9'], sealed: {} } },
      alice.device,
    );
    const resolved = resolveChain(entryHash(bad), [bad]);
    expect(resolved.state.members.size).toBe(0);
    expect(resolved.rejected.map((r) => r.reason)).toEqual(['an entry that opens an epoch must seal exactly that epoch key']);
  });

  it('keeps entries whose parents have not arrived pending, then applies them', () => {
    const replicas = team(alice, [[bob, 'admin']]);
    const a = replicas.get('alice')!;
    const first = a.createTeam().entry;
    const second = a.addToTeam(first.action.type === 'create_team' ? first.action.teamId : '', bob.identity.memberId);
    const b = replicas.get('bob')!;
    b.receive([second]);
    expect(b.resolved.pending).toHaveLength(1);
    b.receive([first]);
    expect(b.resolved.pending).toHaveLength(0);
    expect(b.state.teams.size).toBe(1);
  });
});

describe('team chain: concurrent entries', () => {
  it('keeps concurrent additions by two admins, identically on both sides', () => {
    const replicas = team(alice, [[bob, 'admin']]);
    replicas.get('alice')!.addMember(carol.request, 'member');
    replicas.get('bob')!.addMember(dave.request, 'guest');
    syncAll(replicas.values());
    for (const ws of replicas.values()) expect(ws.state.members.size).toBe(4);
    expect(replicas.get('alice')!.resolved.order).toEqual(replicas.get('bob')!.resolved.order);
  });

  it('voids what a removed admin did concurrently, even with a lower counter (no backdating)', () => {
    const replicas = team(alice, [[bob, 'admin']]);
    const a = replicas.get('alice')!;
    const b = replicas.get('bob')!;
    for (let i = 0; i < 5; i++) a.createTeam(); // raise Alice's counter well above Bob's
    a.removeMember(bob.identity.memberId);
    const backdated = b.addMember(carol.request, 'admin');
    expect(backdated.counter).toBeLessThan(a.resolved.nextCounter);
    syncAll(replicas.values());
    expect(a.state.members.has(carol.identity.memberId)).toBe(false);
    expect(a.resolved.rejected.map((r) => r.reason)).toContain('made concurrently with the removal or demotion of its author');
  });

  it.each([
    ['the junior acts first', true],
    ['the senior acts first', false],
  ])('lets the more senior member win a mutual removal when %s', (_name, juniorFirst) => {
    const replicas = team(alice, [[bob, 'owner']]);
    const a = replicas.get('alice')!;
    const b = replicas.get('bob')!;
    // The counter decides who is ordered first; raise the other side's to order the junior's removal first or last.
    (juniorFirst ? a : b).createTeam();
    (juniorFirst ? a : b).createTeam();
    a.removeMember(bob.identity.memberId);
    b.removeMember(alice.identity.memberId);
    syncAll(replicas.values());
    for (const ws of replicas.values()) {
      expect(ws.state.members.get(alice.identity.memberId)!.active).toBe(true);
      expect(ws.state.members.get(bob.identity.memberId)!.active).toBe(false);
    }
  });

  it('repairs keys after a removal and an addition raced: the new device receives the epoch it missed', () => {
    const replicas = team(alice, [[bob, 'admin'], [carol, 'member']]);
    const a = replicas.get('alice')!;
    const b = replicas.get('bob')!;
    a.removeMember(carol.identity.memberId);
    b.addMember(dave.request, 'member');
    syncAll(replicas.values());
    expect(keyMaintenance(a.state).missing.get(dave.device.certificate.deviceId)).toEqual([a.currentEpoch().epochId]);
    a.repairKeys();
    expect(keyMaintenance(a.state).missing.size).toBe(0);
    const daveReplica = Workspace.open(a.workspaceId, dave.device, a.entries());
    expect(daveReplica.currentEpoch().key).toEqual(a.currentEpoch().key);
  });

  it('rekeys when two concurrent removals sealed a new key to each other’s target', () => {
    const replicas = team(alice, [[bob, 'owner'], [carol, 'member'], [dave, 'member']]);
    const a = replicas.get('alice')!;
    a.removeMember(carol.identity.memberId);
    replicas.get('bob')!.removeMember(dave.identity.memberId);
    syncAll(replicas.values());
    expect(keyMaintenance(a.state).leakedTo.length).toBeGreaterThan(0);
    const [rekey] = a.repairKeys();
    expect(rekey!.action.type).toBe('rekey');
    syncAll(replicas.values());
    expect(keyMaintenance(a.state).leakedTo).toEqual([]);
    expect(replicas.get('carol')!.epochKey(a.currentEpoch().epochId)).toBeUndefined();
    expect(replicas.get('dave')!.epochKey(a.currentEpoch().epochId)).toBeUndefined();
    expect(replicas.get('bob')!.epochKey(a.currentEpoch().epochId)).toEqual(a.currentEpoch().key);
  });

  it('resolves any set of concurrent entries to the same state whatever order they arrive in (property)', () => {
    const people = [alice, bob, carol, dave];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 14 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (ops, seed) => {
          const replicas = team(alice, [[bob, 'owner']]);
          const writers = [replicas.get('alice')!, replicas.get('bob')!];
          for (const [who, what, target, sync] of ops) {
            const ws = writers[who]!;
            const p = people[target]!;
            try {
              if (what === 0) ws.addMember(p.request, 'admin');
              if (what === 1) ws.removeMember(p.identity.memberId);
              if (what === 2) ws.changeRole(p.identity.memberId, 'member');
              if (what === 3) ws.changeRole(p.identity.memberId, 'owner');
              if (what === 4) ws.createTeam();
              if (what === 5) ws.rekey();
            } catch {
              // refused locally: the chain would reject it
            }
            if (sync) syncAll(writers);
          }
          const all = writers.flatMap((w) => w.entries());
          const shuffled = [...all].sort((x, y) => ((entryHash(x).charCodeAt(seed % 40) ^ seed) & 7) - ((entryHash(y).charCodeAt(seed % 40) ^ seed) & 7));
          const one = resolveChain(writers[0]!.workspaceId, all);
          const two = resolveChain(writers[0]!.workspaceId, shuffled);
          expect(two.order.map(entryHash)).toEqual(one.order.map(entryHash));
          const owners = [...one.state.members.values()].filter((m) => m.active && m.role === 'owner');
          expect(owners.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
