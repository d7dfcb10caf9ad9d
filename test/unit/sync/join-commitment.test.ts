// The commitment exchange of the join mailbox (main/sync/join-mailbox.ts), with the relay
// stood in for by an in-memory log that delivers every record to every mailbox in order
// (a fake relay, so the protocol's order rules can be driven step by step; the real relay
// process is in test/integration/sharing/invitation-commitment.test.ts).
import { describe, expect, it } from 'vitest';
import { encodeFields, toBase64Url, utf8 } from '../../../protocol/canonical-encoding';
import { seal } from '../../../main/crypto/aead';
import { createInvitation, createJoinRequest, invitationKey, parseInvitation, shortAuthenticationString, type Invitation } from '../../../main/sync/invitation';
import { InviterMailbox, joinCommitment, JoinerMailbox, type VerifiedJoin } from '../../../main/sync/join-mailbox';
import type { SyncedLog } from '../../../main/sync/synced-log';
import { person } from './chain-helpers';

const alice = person('alice');
const bob = person('bob');
const mallory = person('mallory');

/** Fake relay: one ordered log, every record delivered to every attached mailbox. */
function fakeRelayLog() {
  const logs: SyncedLog[] = [];
  const records: Uint8Array[] = [];
  const deliver = (record: Uint8Array) => {
    records.push(record);
    for (const log of logs) log.receive(record);
  };
  return {
    records,
    attach(log: SyncedLog) {
      for (const record of records) log.receive(record);
      logs.push(log);
      log.onOutgoing(deliver);
      log.caughtUp?.();
    },
    post: deliver,
  };
}

/** What an attacker holding the code can write to the mailbox: any record, sealed like the real ones. */
function forged(invitation: Invitation, docId: string, record: unknown): Uint8Array {
  return seal(invitationKey(invitation, 'mailbox', 32), utf8(JSON.stringify(record)), encodeFields('tessera.sync.join-mailbox.v2', [docId]));
}

function inviterSide(invitation: Invitation) {
  const mailbox = new InviterMailbox(invitation, alice.identity);
  const joins: VerifiedJoin[] = [];
  const refused: string[] = [];
  mailbox.onRequest((j) => joins.push(j));
  mailbox.onRefused((r) => refused.push(r));
  return { mailbox, joins, refused };
}

describe('the join commitment exchange', () => {
  const { invitation, code } = createInvitation({ workspaceId: 'ws-1', inviter: alice.identity, relayUrl: 'ws://127.0.0.1:9000' });

  it('gives both sides the same six digits after commit, answer and reveal', async () => {
    const relay = fakeRelayLog();
    const inviter = inviterSide(invitation);
    relay.attach(inviter.mailbox);
    const joiner = new JoinerMailbox(parseInvitation(code), bob.identity, bob.device);
    relay.attach(joiner);
    const sas = await joiner.sas();
    expect(inviter.joins).toEqual([expect.objectContaining({ sas, request: expect.objectContaining({ member: expect.objectContaining({ memberId: bob.identity.memberId }) }) })]);
    expect(inviter.refused).toEqual([]);
    // commit, answer, reveal: three records; a reattached inviter (restart) reads them back and answers nothing again.
    expect(relay.records).toHaveLength(3);
    const restarted = inviterSide(invitation);
    relay.attach(restarted.mailbox);
    expect(relay.records).toHaveLength(3);
    expect(restarted.joins.map((j) => j.sas)).toEqual([sas]);
  });

  it('answers a commitment posted before the inviter came online, once it has read the backlog', async () => {
    const relay = fakeRelayLog();
    const joiner = new JoinerMailbox(invitation, bob.identity, bob.device);
    relay.attach(joiner);
    const inviter = inviterSide(invitation);
    relay.attach(inviter.mailbox);
    expect(inviter.joins.map((j) => j.sas)).toEqual([await joiner.sas()]);
  });

  it('refuses a reveal that does not match its commitment (a key chosen after the inviter answered)', async () => {
    const relay = fakeRelayLog();
    const inviter = inviterSide(invitation);
    relay.attach(inviter.mailbox);
    // Mallory commits with one key, sees Alice's nonce, then reveals another key (the grinding attack).
    const committed = new JoinerMailbox(invitation, mallory.identity, mallory.device);
    const ground = person('ground');
    const nonce = new Uint8Array(32).fill(7);
    relay.attach(committed);
    await committed.sas();
    inviter.joins.length = 0;
    relay.post(forged(invitation, committed.docId, { v: 2, t: 'reveal', n: toBase64Url(nonce), request: createJoinRequest(invitation, ground.identity, ground.device) }));
    expect(inviter.joins).toEqual([]);
    expect(inviter.refused).toEqual(['no_matching_commitment']);
  });

  it('refuses a reveal whose commitment was never posted (reveal before commit)', () => {
    const relay = fakeRelayLog();
    const inviter = inviterSide(invitation);
    relay.attach(inviter.mailbox);
    const nonce = new Uint8Array(32).fill(9);
    const request = createJoinRequest(invitation, mallory.identity, mallory.device);
    relay.post(forged(invitation, inviter.mailbox.docId, { v: 2, t: 'reveal', n: toBase64Url(nonce), request }));
    expect(inviter.refused).toEqual(['no_matching_commitment']);
    // The same commitment posted afterwards does not make the earlier reveal count, and Alice's answer to it is fresh.
    relay.post(forged(invitation, inviter.mailbox.docId, { v: 2, t: 'commit', c: toBase64Url(joinCommitment(invitation, request, nonce)) }));
    expect(inviter.joins).toEqual([]);
  });

  it('derives the six digits from both nonces and both keys', () => {
    const keys = { inviter: alice.request.identityKey, invitee: bob.request.identityKey };
    const n = (b: number) => new Uint8Array(32).fill(b);
    const base = shortAuthenticationString(invitation, keys, { inviter: n(1), invitee: n(2) });
    expect(shortAuthenticationString(invitation, keys, { inviter: n(3), invitee: n(2) })).not.toBe(base);
    expect(shortAuthenticationString(invitation, keys, { inviter: n(1), invitee: n(4) })).not.toBe(base);
    expect(shortAuthenticationString(invitation, { ...keys, invitee: mallory.request.identityKey }, { inviter: n(1), invitee: n(2) })).not.toBe(base);
    // Two joins by the same person get different digits: each attempt is a fresh 10^-6 guess.
    const twice = [new JoinerMailbox(invitation, bob.identity, bob.device), new JoinerMailbox(invitation, bob.identity, bob.device)];
    const relay = fakeRelayLog();
    relay.attach(inviterSide(invitation).mailbox);
    for (const j of twice) relay.attach(j);
    return Promise.all(twice.map((j) => j.sas())).then(([first, second]) => expect(first).not.toBe(second));
  });

  it('ignores an answer not signed by the inviter the code names', async () => {
    const relay = fakeRelayLog();
    const joiner = new JoinerMailbox(invitation, bob.identity, bob.device);
    relay.attach(joiner);
    // Mallory answers Bob's commitment with her own nonce: Bob does not reveal to her.
    relay.attach(new InviterMailbox(invitation, mallory.identity));
    const revealsBefore = relay.records.length;
    expect(revealsBefore).toBe(2);
    relay.attach(inviterSide(invitation).mailbox);
    await joiner.sas();
    expect(relay.records).toHaveLength(4);
  });

  it('says "update Tessera" for a newer exchange or a code from an older Tessera', async () => {
    const relay = fakeRelayLog();
    const joiner = new JoinerMailbox(invitation, bob.identity, bob.device);
    relay.attach(joiner);
    relay.post(forged(invitation, joiner.docId, { v: 3, t: 'nonce' }));
    await expect(joiner.sas()).rejects.toMatchObject({ code: 'INVITATION_INVALID', message: expect.stringMatching(/Update Tessera/) });
    const payload = JSON.parse(Buffer.from(code.slice('tessera-invite:'.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    const old = `tessera-invite:${Buffer.from(JSON.stringify({ ...payload, v: 1 })).toString('base64url')}`;
    expect(() => parseInvitation(old)).toThrow(expect.objectContaining({ code: 'INVITATION_INVALID', message: expect.stringMatching(/older Tessera.*update Tessera/) }));
  });
});
