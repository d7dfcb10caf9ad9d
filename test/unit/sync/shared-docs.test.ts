import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { accountDocId, chainLogId, parseDocId, teamDocId } from '../../../protocol/doc-ids';
import { effectiveAccountRole, newItemKey, SharedAccountDoc } from '../../../main/sync/shared-account-doc';
import { SyncPeer } from '../../../main/sync/sync-peer';
import { TeamDoc } from '../../../main/sync/team-doc';
import type { Role } from '../../../protocol/team-chain';
import { person, team } from './chain-helpers';

const alice = person('alice');
const bob = person('bob');
const carol = person('carol');
const dave = person('dave');

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const author = (p: typeof alice) => ({ deviceId: p.device.certificate.deviceId, memberId: p.identity.memberId });

describe('doc ids', () => {
  it.each([
    [chainLogId('ws1'), { kind: 'chain', workspaceId: 'ws1' }],
    [teamDocId('ws1'), { kind: 'team', workspaceId: 'ws1' }],
    [accountDocId('ws1', 'm1', 'a1'), { kind: 'account', workspaceId: 'ws1', creatorMemberId: 'm1', accountId: 'a1' }],
    ['ws1/account/m1', undefined],
    ['ws1/../team', undefined],
    ['ws1/other', undefined],
  ])('parses %s', (id, ref) => {
    expect(parseDocId(id)).toEqual(ref);
  });
});

describe('shared account doc', () => {
  const docId = accountDocId('ws', alice.identity.memberId, 'acct');

  it('encrypts secrets under the item key sealed to each device', () => {
    const account = new SharedAccountDoc(docId);
    const key = newItemKey();
    account.sealItemKey(key, [alice.device.certificate, bob.device.certificate]);
    account.writeSecret('password', 'p@ss', key, author(alice));
    const copy = new SharedAccountDoc(docId);
    exchange(account.doc, copy.doc);
    expect(copy.readSecret('password', copy.openItemKeys(bob.device))).toEqual({ status: 'set', value: 'p@ss' });
    expect(copy.openItemKeys(carol.device)).toEqual([]);
    expect(() => copy.readSecret('password', [])).toThrow(expect.objectContaining({ code: 'ITEM_CORRUPT' }));
    expect(Buffer.from(Y.encodeStateAsUpdate(account.doc)).includes(Buffer.from('p@ss'))).toBe(false);
  });

  it('keeps both concurrent values of a secret as a conflict until one write replaces them', () => {
    const one = new SharedAccountDoc(docId);
    const key = newItemKey();
    one.sealItemKey(key, [alice.device.certificate, bob.device.certificate]);
    const two = new SharedAccountDoc(docId);
    // Both write the field for the first time, concurrently.
    one.writeSecret('password', 'alpha', key, author(alice));
    two.writeSecret('password', 'bravo', key, author(bob));
    exchange(one.doc, two.doc);
    for (const doc of [one, two]) {
      const state = doc.readSecret('password', [key]);
      expect(state.status === 'conflict' && state.candidates.map((c) => c.value).sort()).toEqual(['alpha', 'bravo']);
      expect(doc.conflicts()).toEqual(['password']);
    }
    one.writeSecret('password', 'bravo', key, author(alice));
    exchange(one.doc, two.doc);
    expect(two.readSecret('password', [key])).toEqual({ status: 'set', value: 'bravo' });
    expect(two.conflicts()).toEqual([]);
  });

  it('re-keys every current value, and two concurrent re-keys both stay readable', () => {
    const one = new SharedAccountDoc(docId);
    const key = newItemKey();
    one.sealItemKey(key, [alice.device.certificate, bob.device.certificate, carol.device.certificate]);
    one.writeSecret('password', 'secret-1', key, author(alice));
    one.writeSecret('totp', 'JBSWY3DP', key, author(alice));
    const two = new SharedAccountDoc(docId);
    exchange(one.doc, two.doc);
    one.rekey([key], [alice.device.certificate, bob.device.certificate]);
    two.rekey([key], [alice.device.certificate, bob.device.certificate]);
    exchange(one.doc, two.doc);
    for (const doc of [one, two]) {
      expect(doc.readSecret('password', doc.openItemKeys(bob.device))).toEqual({ status: 'set', value: 'secret-1' });
      expect(doc.readSecret('totp', doc.openItemKeys(alice.device))).toEqual({ status: 'set', value: 'JBSWY3DP' });
      expect(doc.keyHolders()).toEqual({ version: 2, deviceIds: [alice.device.certificate.deviceId, bob.device.certificate.deviceId].sort() });
      expect(doc.everKeyHolders().has(carol.device.certificate.deviceId)).toBe(true);
    }
    // Carol's device holds only the first key, which no current value uses any more.
    expect(() => one.readSecret('password', one.openItemKeys(carol.device))).toThrow(/cannot be decrypted/);
  });

  it.each<[string, Role, string[], ReturnType<typeof effectiveAccountRole>]>([
    ['a direct Owner', 'member', ['member:owner'], 'owner'],
    ['a direct Collaborator', 'member', ['member:collaborator'], 'collaborator'],
    ['an Owner through a team', 'member', ['team:owner'], 'owner'],
    ['a Collaborator directly and Owner through a team', 'member', ['member:collaborator', 'team:owner'], 'owner'],
    ['a Login-Only member granted Owner', 'login-only', ['member:owner'], 'collaborator'],
    ['a Guest granted Owner through a team', 'guest', ['team:owner'], 'collaborator'],
    ['a member without a grant', 'admin', [], null],
  ])('gives %s the right role', (_name, workspaceRole, grants, expected) => {
    const ws = team(alice, [[bob, workspaceRole]]).get('alice')!;
    const { teamId } = ws.createTeam();
    ws.addToTeam(teamId, bob.identity.memberId);
    const account = new SharedAccountDoc(docId);
    account.grant(`member:${alice.identity.memberId}`, 'owner');
    for (const grant of grants) {
      const [kind, role] = grant.split(':') as ['member' | 'team', 'owner' | 'collaborator'];
      account.grant(kind === 'member' ? `member:${bob.identity.memberId}` : `team:${teamId}`, role);
    }
    expect(effectiveAccountRole(account, bob.identity.memberId, ws.state)).toBe(expected);
  });

  it('treats the creator as Owner until someone holds the Owner role, and nobody after removal', () => {
    const ws = team(alice, [[bob, 'admin']]).get('alice')!;
    const account = new SharedAccountDoc(accountDocId(ws.workspaceId, bob.identity.memberId, 'a'));
    expect(effectiveAccountRole(account, bob.identity.memberId, ws.state)).toBe('owner');
    expect(effectiveAccountRole(account, alice.identity.memberId, ws.state)).toBeNull();
    account.grant(`member:${alice.identity.memberId}`, 'owner');
    expect(effectiveAccountRole(account, bob.identity.memberId, ws.state)).toBeNull();
    account.grant(`member:${bob.identity.memberId}`, 'owner');
    ws.removeMember(bob.identity.memberId);
    expect(effectiveAccountRole(account, bob.identity.memberId, ws.state)).toBeNull();
    expect(effectiveAccountRole(account, dave.identity.memberId, ws.state)).toBeNull();
  });
});

describe('sharing an account', () => {
  it.each<[Role, boolean]>([
    ['member', true],
    ['login-only', false],
    ['guest', false],
  ])('lets a %s create a shared account: %s', (role, allowed) => {
    const replicas = team(alice, [[bob, role]]);
    const create = () => new SyncPeer(replicas.get('bob')!).createAccount();
    if (allowed) expect(create().doc.grants()).toEqual(new Map([[`member:${bob.identity.memberId}`, 'owner']]));
    else expect(create).toThrow(expect.objectContaining({ code: 'NOT_PERMITTED' }));
  });
});

describe('team doc', () => {
  it('holds policies, rotation requests with approvals, inbox and audit, merging concurrent edits', () => {
    const one = new TeamDoc();
    const two = new TeamDoc();
    one.setName('Acme');
    one.setPolicy('default', { minLength: 20 });
    two.requestRotation({ id: 'r1', accountDocId: 'ws/account/m/a', reason: 'member removed', requestedBy: 'm', at: 2 });
    one.decide({ requestId: 'r1', memberId: 'alice', approved: true, at: 3 });
    two.decide({ requestId: 'r1', memberId: 'bob', approved: false, at: 4 });
    one.postInboxMessage({ from: 'no-reply@site', code: '123456' });
    two.appendAudit({ event: 'login' });
    one.appendAudit({ event: 'reveal' });
    exchange(one.doc, two.doc);
    for (const doc of [one, two]) {
      expect(doc.name()).toBe('Acme');
      expect(doc.policies().get('default')).toEqual({ minLength: 20 });
      expect(doc.rotationRequests().map((r) => r.id)).toEqual(['r1']);
      expect(doc.approvals('r1').map((a) => [a.memberId, a.approved]).sort()).toEqual([['alice', true], ['bob', false]]);
      expect(doc.inbox()).toHaveLength(1);
      expect(doc.audit().map((e) => e.event).sort()).toEqual(['login', 'reveal']);
    }
  });
});
