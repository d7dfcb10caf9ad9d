// Issue 16 item 12 against the standalone relay as a real process, with three vaults (Alice
// invites, Bob joins, Mallory holds an intercepted copy of the code) plus Mallory's own raw
// client on the join mailbox: she races Bob, grinds a key against what she reads in the
// mailbox, replays a used code and joins after expiry, and is never admitted nor shown with Bob's digits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFields, toBase64Url, utf8 } from '../../../protocol/canonical-encoding';
import { open, seal } from '../../../main/crypto/aead';
import type { WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { issueInvitation } from '../../../main/sharing/workspace-records';
import { deviceKeys } from '../../../main/sharing/sync-state';
import { createJoinRequest, invitationKey, parseInvitation, shortAuthenticationString, type Invitation, type JoinRequest } from '../../../main/sync/invitation';
import { joinCommitment, JoinerMailbox } from '../../../main/sync/join-mailbox';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { SyncClient } from '../../../main/sync/sync-client';
import type { SyncedLog } from '../../../main/sync/synced-log';
import { buildRelayBundle, spawnRelay, type RelayBundle, type RelayProcess } from '../../support/relay-process';
import { startApp, type App } from '../../support/relay-apps';
import { person } from '../../unit/sync/chain-helpers';

let bundle: RelayBundle;
let workDir: string;
let relay: RelayProcess;
const apps: App[] = [];
const clients: SyncClient[] = [];

beforeAll(async () => {
  bundle = await buildRelayBundle();
  workDir = mkdtempSync(join(tmpdir(), 'tessera-invite-commit-'));
  relay = await spawnRelay(bundle, join(workDir, 'relay.db'));
  for (const name of ['alice', 'bob', 'mallory']) {
    const app = startApp(name);
    await app.value('vault.create', { password: `master-password-${name}` });
    apps.push(app);
  }
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.stop();
  for (const app of apps) await app.close();
  await relay?.stop();
  bundle?.dispose();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const mailboxAd = (docId: string) => encodeFields('tessera.sync.join-mailbox.v2', [docId]);

/** Mallory's own client on the mailbox: reads every record (she holds the code) and posts any she likes. */
function mallorysTap(invitation: Invitation, docId: string) {
  const seen: Record<string, unknown>[] = [];
  let send: (record: Uint8Array) => void = () => {};
  const tap: SyncedLog = {
    docId,
    receive: (box) => {
      const plain = open(invitationKey(invitation, 'mailbox', 32), box, mailboxAd(docId));
      if (plain) seen.push(JSON.parse(new TextDecoder().decode(plain)) as Record<string, unknown>);
    },
    onOutgoing: (listener) => ((send = listener), () => {}),
  };
  const client = new SyncClient(webSocketConnector(relay.url));
  clients.push(client);
  client.attach(tap, 0);
  client.start();
  return {
    seen,
    client,
    post: (record: unknown) => send(seal(invitationKey(invitation, 'mailbox', 32), utf8(JSON.stringify(record)), mailboxAd(docId))),
  };
}

/** Attaches an attacker's JoinerMailbox on a raw client and reports whether the inviter answered within `ms`. */
async function answeredWithin(invitation: Invitation, ms: number): Promise<boolean> {
  const someone = person('someone');
  const joiner = new JoinerMailbox(invitation, someone.identity, someone.device);
  const client = new SyncClient(webSocketConnector(relay.url));
  clients.push(client);
  client.attach(joiner, 0);
  client.start();
  return Promise.race([joiner.sas().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

describe('an intercepted invitation code against the commitment step (real relay process)', () => {
  it('Mallory races Bob, grinds keys, replays the used code and joins after expiry: never admitted, never showing Bob\'s digits', async () => {
    const [alice, bob, mallory] = apps as [App, App, App];
    const { workspaceId } = await alice.value<{ workspaceId: string }>('sharing.create', { name: 'Team', relayUrl: relay.url });
    await expect.poll(async () => (await alice.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.state, { timeout: 20_000 }).toBe('online');
    const { code } = await alice.value<{ code: string }>('sharing.invite', { workspaceId });
    const invitation = parseInvitation(code);
    const listed = async () => (await alice.value<{ requests: { sas: string; memberId: string }[] }>('sharing.joinRequests', { workspaceId })).requests;

    // 1. The race: Mallory's app joins with the same code at the same time as Bob's.
    const [bobJoined, malloryJoined] = await Promise.all([
      bob.value<{ sas: string }>('sharing.join', { code }),
      mallory.value<{ sas: string }>('sharing.join', { code }),
    ]);
    await expect.poll(async () => (await listed()).length, { timeout: 20_000 }).toBe(2);
    expect(malloryJoined.sas).not.toBe(bobJoined.sas);

    // 2. Grinding: Mallory reads Alice's answer and Bob's reveal, then picks a key whose digits
    // (with Alice's nonce for Bob's commitment) agree with Bob's — here the first two digits, to
    // keep the test short; all six is the same loop, longer — and reveals it. Refused: no commitment matches.
    const docId = new JoinerMailbox(invitation, person('probe').identity, person('probe').device).docId;
    const tap = mallorysTap(invitation, docId);
    await expect.poll(() => tap.seen.filter((r) => r['t'] === 'reveal').length, { timeout: 20_000 }).toBe(2);
    await tap.client.idle();
    const bobId = (await bob.services.workspaces.identity()).memberId;
    const bobsReveal = tap.seen.find((r) => r['t'] === 'reveal' && (r['request'] as JoinRequest).member.memberId === bobId)!;
    const bobsMember = (bobsReveal['request'] as JoinRequest).member;
    const bobsCommitment = toBase64Url(joinCommitment(invitation, bobsReveal['request'] as JoinRequest, Buffer.from(String(bobsReveal['n']), 'base64url')));
    const aliceNonce = tap.seen.find((r) => r['t'] === 'nonce' && r['c'] === bobsCommitment)!;
    let ground = person('ground');
    let groundNonce = new Uint8Array(32);
    for (let i = 0; i < 5000; i++) {
      ground = person(`ground-${i}`);
      groundNonce = crypto.getRandomValues(new Uint8Array(32));
      const digits = shortAuthenticationString(invitation, { inviter: String(aliceNonce['k']), invitee: ground.request.identityKey }, { inviter: Buffer.from(String(aliceNonce['n']), 'base64url'), invitee: groundNonce });
      if (digits.slice(0, 2) === bobJoined.sas.slice(0, 2)) break;
    }
    tap.post({ v: 2, t: 'reveal', n: toBase64Url(groundNonce), request: createJoinRequest(invitation, ground.identity, ground.device) });
    // Replaying Bob's own reveal changes nothing either.
    tap.post(bobsReveal);
    await tap.client.idle();
    // An honest commitment posted after them is answered: Alice's device has read the forged records by then (the log is ordered).
    expect(await answeredWithin(invitation, 20_000)).toBe(true);
    await expect.poll(async () => (await listed()).length, { timeout: 20_000 }).toBe(3);
    const afterGrinding = await listed();
    expect(afterGrinding.map((r) => r.memberId)).not.toContain(ground.identity.memberId);
    expect(afterGrinding.filter((r) => r.sas === bobJoined.sas).map((r) => r.memberId)).toEqual([bobsMember.memberId]);

    // 3. Alice admits Bob by his digits; Mallory's request disappears and cannot be admitted.
    await alice.value('sharing.admit', { workspaceId, sas: bobJoined.sas, role: 'member' });
    expect(await listed()).toEqual([]);
    expect(await alice.call('sharing.admit', { workspaceId, sas: malloryJoined.sas, role: 'member' })).toMatchObject({ ok: false, error: { code: 'INVITATION_USED' } });

    // 4. Replaying the used code: Alice's device answers no new commitment for it.
    expect(await answeredWithin(invitation, 4_000)).toBe(false);
    expect(await listed()).toEqual([]);

    // 5. After expiry: an invitation that ran out is not answered, even with a code whose expiry Mallory rewrote.
    const records = alice.services.vault.unlocked().sync;
    const { identity } = await deviceKeys(records);
    const short = issueInvitation(records, { workspaceId, inviter: identity, relayUrl: relay.url, lifetimeMs: 60_000, now: Date.now() - 58_000 });
    alice.services.workspaces.resume();
    await expect.poll(() => Date.now() >= short.expiresAt, { timeout: 10_000 }).toBe(true);
    const payload = JSON.parse(Buffer.from(short.code.slice('tessera-invite:'.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    const rewritten = parseInvitation(`tessera-invite:${Buffer.from(JSON.stringify({ ...payload, x: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}`);
    expect(await answeredWithin(rewritten, 4_000)).toBe(false);
    expect(await listed()).toEqual([]);

    const members = (await alice.value<{ members: { memberId: string }[] }>('sharing.members', { workspaceId })).members.map((m) => m.memberId);
    expect(members).toHaveLength(2);
    expect(members).toContain(bobsMember.memberId);
  }, 180_000);
});
