import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { authMessage, workspaceRelayAccess, type RelayCredentials } from '../../../protocol/relay-access';
import { chainRecord, signEntry } from '../../../protocol/team-chain';
import { Workspace } from '../../../main/sync/workspace';
import { person, team } from './chain-helpers';
import { decodeFrame, encodeFrame, serverMessageSchema, type ClientMessage, type ServerMessage } from '../../../protocol/relay-frames';
import { RelayHub } from '../../../relay/relay-hub';
import { readAll } from '../../../relay/log-store';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';

let store: SqliteLogStore;
let hub: RelayHub;

beforeEach(() => {
  store = new SqliteLogStore(':memory:');
  hub = new RelayHub(store);
});
afterEach(async () => {
  await hub.idle();
  await store.close();
});

const owner = person('Olivia');
const guest = person('Gus');
const replicas = team(owner, [[guest, 'guest']]);
/** The Owner's view of the workspace: its chain names the relay key of each epoch. */
const ownerWorkspace = replicas.get('Olivia')!;
const WS = ownerWorkspace.workspaceId;
const credentialsOf = (workspace: Workspace) => workspaceRelayAccess(workspace).credentials()!;
const WORKSPACE_KEY = credentialsOf(ownerWorkspace);

/** Gives the hub a frame and waits until it is handled (store calls are asynchronous), as the hub once did at once. */
function handled(connection: { receive(frame: Uint8Array): void }, frame: Uint8Array): Promise<void> {
  connection.receive(frame);
  return hub.idle();
}

/** A connection that answered the relay's challenge with the workspace's key (the relay pins it from the creation entry sent along). */
async function client() {
  const received: ServerMessage[] = [];
  const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
  const send = (message: ClientMessage) => handled(connection, encodeFrame(message));
  const challenge = received.shift()!;
  if (challenge.type !== 'challenge') throw new Error('no challenge');
  await send(authMessage(WORKSPACE_KEY, challenge.nonce, 0));
  expect(received.splice(0)).toEqual([{ type: 'authenticated', id: 0, workspaceId: WS, access: 'full' }, { type: 'challenge', nonce: expect.any(String) }]);
  return { received, send, raw: (frame: Uint8Array) => handled(connection, frame), close: () => connection.close() };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const json = (message: object) => new TextEncoder().encode(`${String.fromCharCode(JSON.stringify(message).length)}${JSON.stringify(message)}`);

describe('relay store', () => {
  it('numbers records per doc, returns the first number for a resent record, and pages the backlog', async () => {
    expect(await store.append('d1', new Uint8Array([1]))).toEqual({ seq: 1, duplicate: false });
    expect(await store.append('d1', new Uint8Array([2]))).toEqual({ seq: 2, duplicate: false });
    expect(await store.append('d2', new Uint8Array([1]))).toEqual({ seq: 1, duplicate: false });
    expect(await store.append('d1', new Uint8Array([1]))).toEqual({ seq: 1, duplicate: true });
    for (let i = 0; i < 1200; i++) await store.append('big', new Uint8Array([i & 255, i >> 8]));
    const all = await readAll(store, 'big', 100);
    expect(all).toHaveLength(1100);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 1100 }, (_, i) => i + 101));
  });

  it('never replaces a snapshot with one covering less of the log', async () => {
    await store.putSnapshot('d', 5, new Uint8Array([5]));
    await store.putSnapshot('d', 3, new Uint8Array([3]));
    expect(await store.getSnapshot('d')).toEqual({ seq: 5, data: new Uint8Array([5]) });
    await store.putSnapshot('d', 7, new Uint8Array([7]));
    expect((await store.getSnapshot('d'))?.seq).toBe(7);
  });
});

describe('relay hub', () => {
  it('acknowledges a publish, sends the backlog then live, then fans out new records once', async () => {
    const writer = await client();
    const reader = await client();
    await writer.send({ type: 'publish', id: 1, docId: `${WS}/team`, record: bytes('one') });
    await reader.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    await writer.send({ type: 'publish', id: 2, docId: `${WS}/team`, record: bytes('two') });
    await writer.send({ type: 'publish', id: 3, docId: `${WS}/team`, record: bytes('two') });
    expect(writer.received).toEqual([
      { type: 'published', id: 1, docId: `${WS}/team`, seq: 1 },
      { type: 'published', id: 2, docId: `${WS}/team`, seq: 2 },
      { type: 'published', id: 3, docId: `${WS}/team`, seq: 2 },
    ]);
    expect(reader.received).toEqual([
      { type: 'record', docId: `${WS}/team`, seq: 1, record: bytes('one'), live: true },
      { type: 'record', docId: `${WS}/team`, seq: 2, record: bytes('two') },
    ]);
  });

  it('resumes from a sequence number and stops sending after unsubscribe or close', async () => {
    const writer = await client();
    for (const [i, text] of ['a', 'b', 'c'].entries()) await writer.send({ type: 'publish', id: i, docId: `${WS}/team`, record: bytes(text) });
    const reader = await client();
    await reader.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 2 });
    expect(reader.received).toEqual([{ type: 'record', docId: `${WS}/team`, seq: 3, record: bytes('c'), live: true }]);
    await reader.send({ type: 'unsubscribe', docId: `${WS}/team` });
    await writer.send({ type: 'publish', id: 9, docId: `${WS}/team`, record: bytes('d') });
    expect(reader.received).toHaveLength(1);
    const late = await client();
    await late.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 4 });
    expect(late.received).toEqual([{ type: 'live', docId: `${WS}/team`, seq: 4 }]);
  });

  it('stores snapshots only for seen sequence numbers and returns them', async () => {
    const c = await client();
    await c.send({ type: 'publish', id: 1, docId: `${WS}/team`, record: bytes('a') });
    await c.send({ type: 'snapshot-put', id: 2, docId: `${WS}/team`, seq: 5, data: bytes('s') });
    await c.send({ type: 'snapshot-put', id: 3, docId: `${WS}/team`, seq: 1, data: bytes('s') });
    await c.send({ type: 'snapshot-get', id: 4, docId: `${WS}/team` });
    await c.send({ type: 'snapshot-get', id: 5, docId: `${WS}/account/m/none` });
    expect(c.received.slice(1)).toEqual([
      { type: 'error', id: 2, code: 'INVALID_INPUT', message: expect.stringContaining('has not seen') },
      { type: 'snapshot', id: 3, docId: `${WS}/team`, seq: 1, data: null },
      { type: 'snapshot', id: 4, docId: `${WS}/team`, seq: 1, data: bytes('s') },
      { type: 'snapshot', id: 5, docId: `${WS}/account/m/none`, seq: 0, data: null },
    ]);
  });

  it('starts a subscription from 0 with the snapshot and the records after it, when asked', async () => {
    const c = await client();
    for (const [i, text] of ['a', 'b', 'c'].entries()) await c.send({ type: 'publish', id: i, docId: `${WS}/team`, record: bytes(text) });
    await c.send({ type: 'snapshot-put', id: 7, docId: `${WS}/team`, seq: 2, data: bytes('ab') });
    const reader = await client();
    await reader.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0, snapshot: true });
    expect(reader.received).toEqual([
      { type: 'snapshot', docId: `${WS}/team`, seq: 2, data: bytes('ab') },
      { type: 'record', docId: `${WS}/team`, seq: 3, record: bytes('c'), live: true },
    ]);
    const other = await client();
    await other.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    expect(other.received.map((m) => m.type)).toEqual(['record', 'record', 'record']);
  });

  it.each([
    ['an empty frame', new Uint8Array()],
    ['a header that is not JSON', new Uint8Array([1, 0x7b])],
    ['a header longer than the frame', new Uint8Array([9, 0x7b])],
    ['an unknown type', json({ type: 'delete', docId: `${WS}/team` })],
    ['a doc id with spaces', json({ type: 'subscribe', docId: 'a b', sinceSeq: 0 })],
    ['a negative sequence number', json({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: -1 })],
    ['a record given as text', json({ type: 'publish', id: 1, docId: `${WS}/team`, record: 'abc' })],
    ['a binary field under another name', json({ type: 'publish', id: 1, docId: `${WS}/team`, bin: 'docId' })],
  ])('answers %s with an error and stores nothing', async (_name, frame) => {
    const c = await client();
    await c.raw(frame);
    expect(c.received).toEqual([{ type: 'error', code: 'INVALID_INPUT', message: expect.any(String) }]);
    expect(await store.lastSeq(`${WS}/team`)).toBe(0);
  });

  it('refuses an empty record', async () => {
    const c = await client();
    await c.send({ type: 'publish', id: 1, docId: `${WS}/team`, record: new Uint8Array() });
    expect(c.received).toEqual([{ type: 'error', id: 1, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) }]);
  });
});

describe('relay access', () => {
  /** A connection that has not authenticated yet, and a way to answer the latest challenge. */
  function anonymous() {
    const received: ServerMessage[] = [];
    const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
    const send = (message: ClientMessage) => handled(connection, encodeFrame(message));
    const nonce = () => (received.findLast((m) => m.type === 'challenge') as { nonce: string }).nonce;
    const auth = async (credentials: RelayCredentials) => {
      await send(authMessage(credentials, nonce(), 1));
      return received.findLast((m) => m.type === 'authenticated' || m.type === 'error');
    };
    return { received, send, auth, nonce };
  }

  /** Publishes chain entries through an authenticated connection, as a member device's chain log does. */
  async function publishChain(c: Awaited<ReturnType<typeof client>>, entries: readonly Parameters<typeof chainRecord>[0][]): Promise<void> {
    for (const entry of entries) await c.send({ type: 'publish', id: 50, docId: `${WS}/chain`, record: chainRecord(entry) });
  }

  it('serves an unauthenticated connection only the chain (read) and join mailboxes', async () => {
    const c = anonymous();
    await c.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    await c.send({ type: 'publish', id: 1, docId: `${WS}/account/m/a`, record: bytes('x') });
    await c.send({ type: 'snapshot-get', id: 2, docId: `${WS}/team` });
    await c.send({ type: 'publish', id: 3, docId: `${WS}/chain`, record: bytes('x') });
    await c.send({ type: 'subscribe', docId: `${WS}/chain`, sinceSeq: 0 });
    await c.send({ type: 'publish', id: 4, docId: `${WS}/join/r`, record: bytes('hello') });
    expect(c.received.slice(1)).toEqual([
      { type: 'error', docId: `${WS}/team`, code: 'RELAY_AUTH_REQUIRED', message: expect.stringContaining('Authenticate') },
      { type: 'error', id: 1, docId: `${WS}/account/m/a`, code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'error', id: 2, docId: `${WS}/team`, code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'error', id: 3, docId: `${WS}/chain`, code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'live', docId: `${WS}/chain`, seq: 0 },
      { type: 'published', id: 4, docId: `${WS}/join/r`, seq: 1 },
    ]);
    expect((await store.lastSeq(`${WS}/account/m/a`)) + (await store.lastSeq(`${WS}/chain`))).toBe(0);
  });

  it('pins the key the creation entry names; refuses another key, a proof for another nonce, and a creation entry of another workspace', async () => {
    const stranger = anonymous();
    const eve = person('Eve');
    const elsewhere = Workspace.create(eve.identity, eve.device);
    // Another workspace's creation entry under this workspace id: not pinned, nothing stored.
    expect(await stranger.auth({ ...credentialsOf(elsewhere), workspaceId: WS })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    expect(await store.lastSeq(`${WS}/chain`)).toBe(0);
    const first = anonymous();
    expect(await first.auth(WORKSPACE_KEY)).toMatchObject({ type: 'authenticated', access: 'full' });
    expect(await store.lastSeq(`${WS}/chain`)).toBe(1);
    expect(await stranger.auth({ ...credentialsOf(elsewhere), workspaceId: WS })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    const replayed = anonymous();
    await replayed.send(authMessage(WORKSPACE_KEY, first.nonce(), 1));
    expect(replayed.received.at(-2)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    await replayed.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    expect(replayed.received.at(-1)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REQUIRED' });
  });

  it('refuses a workspace whose creation entry does not reach it: a key alone pins nothing', async () => {
    const { genesis: _genesis, ...keysOnly } = WORKSPACE_KEY;
    expect(await anonymous().auth(keysOnly)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
  });

  it("an Owner's removal makes the new epoch key current; connections on the old key keep only the chain", async () => {
    const ownerView = Workspace.open(WS, owner.device, ownerWorkspace.entries());
    const guestView = Workspace.open(WS, guest.device, ownerWorkspace.entries());
    const old = anonymous();
    await old.auth(credentialsOf(guestView));
    await old.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    await old.send({ type: 'subscribe', docId: `${WS}/chain`, sinceSeq: 0 });
    const admin = await client();
    await publishChain(admin, ownerView.entries().filter((e) => e.counter > 0));
    const removal = ownerView.removeMember(guest.identity.memberId);
    await publishChain(admin, [removal]);
    expect(old.received.at(-1)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_STALE' });
    // The Owner's device presents the new key (it opened the epoch).
    const member = anonymous();
    expect(await member.auth(credentialsOf(ownerView))).toMatchObject({ type: 'authenticated', access: 'full' });
    await member.send({ type: 'publish', id: 5, docId: `${WS}/team`, record: bytes('new epoch') });
    await member.send({ type: 'publish', id: 6, docId: `${WS}/chain`, record: bytes('entry') });
    expect(old.received.at(-1)).toMatchObject({ type: 'record', docId: `${WS}/chain`, record: bytes('entry') });
    expect(old.received.some((m) => m.type === 'record' && m.docId === `${WS}/team`)).toBe(false);
    // The removed guest, who only knows the old key: the chain, read-only.
    const removed = anonymous();
    expect(await removed.auth(credentialsOf(guestView))).toMatchObject({ type: 'authenticated', access: 'chain' });
    await removed.send({ type: 'publish', id: 7, docId: `${WS}/team`, record: bytes('garbage') });
    await removed.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    expect(removed.received.slice(-2)).toEqual([
      { type: 'error', id: 7, docId: `${WS}/team`, code: 'RELAY_AUTH_STALE', message: expect.any(String) },
      { type: 'error', docId: `${WS}/team`, code: 'RELAY_AUTH_STALE', message: expect.any(String) },
    ]);
    expect(await store.lastSeq(`${WS}/team`)).toBe(1);
  });

  it("ignores a key change a guest signs: the guest's rekey entry is stored but the key it names is refused", async () => {
    const guestView = Workspace.open(WS, guest.device, ownerWorkspace.entries());
    const guestConnection = await client();
    await publishChain(guestConnection, guestView.entries().filter((e) => e.counter > 0));
    // The attack of the security review: a guest (who holds the epoch key, so full access) names a random key as the next one.
    const secretKey = ed25519.utils.randomSecretKey();
    const publicKey = toBase64Url(ed25519.getPublicKey(secretKey));
    const forged = signEntry({
      v: 1, workspaceId: WS, prev: guestView.resolved.heads, counter: guestView.resolved.nextCounter, author: guest.device.certificate.deviceId,
      action: { type: 'rekey', epochId: 'forged-epoch', relayKey: publicKey }, keys: { epochs: ['forged-epoch'], sealed: {} },
    }, guest.device);
    await publishChain(guestConnection, [forged]);
    expect(guestConnection.received.at(-1)).toMatchObject({ type: 'published' });
    const attacker = anonymous();
    expect(await attacker.auth({ workspaceId: WS, keys: [{ publicKey, secretKey }] })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    // The members' key still works, and nobody was demoted.
    expect(guestConnection.received.some((m) => m.type === 'error')).toBe(false);
    expect(await anonymous().auth(WORKSPACE_KEY)).toMatchObject({ type: 'authenticated', access: 'full' });
  });
});
