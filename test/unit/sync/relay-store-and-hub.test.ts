import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { authMessage, workspaceRelayAccess, type RelayCredentials } from '../../../protocol/relay-access';
import { chainRecord, signEntry } from '../../../protocol/team-chain';
import { Workspace } from '../../../main/sync/workspace';
import { person, team } from './chain-helpers';
import { decodeFrame, encodeFrame, serverMessageSchema, type ClientMessage, type ServerMessage } from '../../../protocol/relay-frames';
import { RelayHub } from '../../../relay/relay-hub';
import { RelayStore } from '../../../relay/relay-store';

let store: RelayStore;
let hub: RelayHub;

beforeEach(() => {
  store = new RelayStore(':memory:');
  hub = new RelayHub(store);
});
afterEach(() => store.close());

const owner = person('Olivia');
const guest = person('Gus');
const replicas = team(owner, [[guest, 'guest']]);
/** The Owner's view of the workspace: its chain names the relay key of each epoch. */
const ownerWorkspace = replicas.get('Olivia')!;
const WS = ownerWorkspace.workspaceId;
const credentialsOf = (workspace: Workspace) => workspaceRelayAccess(workspace).credentials()!;
const WORKSPACE_KEY = credentialsOf(ownerWorkspace);

/** A connection that answered the relay's challenge with the workspace's key (the relay pins it from the creation entry sent along). */
function client() {
  const received: ServerMessage[] = [];
  const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
  const send = (message: ClientMessage) => connection.receive(encodeFrame(message));
  const challenge = received.shift()!;
  if (challenge.type !== 'challenge') throw new Error('no challenge');
  send(authMessage(WORKSPACE_KEY, challenge.nonce, 0));
  expect(received.splice(0)).toEqual([{ type: 'authenticated', id: 0, workspaceId: WS, access: 'full' }, { type: 'challenge', nonce: expect.any(String) }]);
  return { received, send, raw: (frame: Uint8Array) => connection.receive(frame), close: () => connection.close() };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const json = (message: object) => new TextEncoder().encode(`${String.fromCharCode(JSON.stringify(message).length)}${JSON.stringify(message)}`);

describe('relay store', () => {
  it('numbers records per doc, returns the first number for a resent record, and pages the backlog', () => {
    expect(store.append('d1', new Uint8Array([1]))).toEqual({ seq: 1, duplicate: false });
    expect(store.append('d1', new Uint8Array([2]))).toEqual({ seq: 2, duplicate: false });
    expect(store.append('d2', new Uint8Array([1]))).toEqual({ seq: 1, duplicate: false });
    expect(store.append('d1', new Uint8Array([1]))).toEqual({ seq: 1, duplicate: true });
    for (let i = 0; i < 1200; i++) store.append('big', new Uint8Array([i & 255, i >> 8]));
    const all = [...store.readSince('big', 100)];
    expect(all).toHaveLength(1100);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 1100 }, (_, i) => i + 101));
  });

  it('never replaces a snapshot with one covering less of the log', () => {
    store.putSnapshot('d', 5, new Uint8Array([5]));
    store.putSnapshot('d', 3, new Uint8Array([3]));
    expect(store.getSnapshot('d')).toEqual({ seq: 5, data: new Uint8Array([5]) });
    store.putSnapshot('d', 7, new Uint8Array([7]));
    expect(store.getSnapshot('d')?.seq).toBe(7);
  });
});

describe('relay hub', () => {
  it('acknowledges a publish, sends the backlog then live, then fans out new records once', () => {
    const writer = client();
    const reader = client();
    writer.send({ type: 'publish', id: 1, docId: `${WS}/team`, record: bytes('one') });
    reader.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    writer.send({ type: 'publish', id: 2, docId: `${WS}/team`, record: bytes('two') });
    writer.send({ type: 'publish', id: 3, docId: `${WS}/team`, record: bytes('two') });
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

  it('resumes from a sequence number and stops sending after unsubscribe or close', () => {
    const writer = client();
    for (const [i, text] of ['a', 'b', 'c'].entries()) writer.send({ type: 'publish', id: i, docId: `${WS}/team`, record: bytes(text) });
    const reader = client();
    reader.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 2 });
    expect(reader.received).toEqual([{ type: 'record', docId: `${WS}/team`, seq: 3, record: bytes('c'), live: true }]);
    reader.send({ type: 'unsubscribe', docId: `${WS}/team` });
    writer.send({ type: 'publish', id: 9, docId: `${WS}/team`, record: bytes('d') });
    expect(reader.received).toHaveLength(1);
    const late = client();
    late.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 4 });
    expect(late.received).toEqual([{ type: 'live', docId: `${WS}/team`, seq: 4 }]);
  });

  it('stores snapshots only for seen sequence numbers and returns them', () => {
    const c = client();
    c.send({ type: 'publish', id: 1, docId: `${WS}/team`, record: bytes('a') });
    c.send({ type: 'snapshot-put', id: 2, docId: `${WS}/team`, seq: 5, data: bytes('s') });
    c.send({ type: 'snapshot-put', id: 3, docId: `${WS}/team`, seq: 1, data: bytes('s') });
    c.send({ type: 'snapshot-get', id: 4, docId: `${WS}/team` });
    c.send({ type: 'snapshot-get', id: 5, docId: `${WS}/account/m/none` });
    expect(c.received.slice(1)).toEqual([
      { type: 'error', id: 2, code: 'INVALID_INPUT', message: expect.stringContaining('has not seen') },
      { type: 'snapshot', id: 3, docId: `${WS}/team`, seq: 1, data: null },
      { type: 'snapshot', id: 4, docId: `${WS}/team`, seq: 1, data: bytes('s') },
      { type: 'snapshot', id: 5, docId: `${WS}/account/m/none`, seq: 0, data: null },
    ]);
  });

  it('starts a subscription from 0 with the snapshot and the records after it, when asked', () => {
    const c = client();
    for (const [i, text] of ['a', 'b', 'c'].entries()) c.send({ type: 'publish', id: i, docId: `${WS}/team`, record: bytes(text) });
    c.send({ type: 'snapshot-put', id: 7, docId: `${WS}/team`, seq: 2, data: bytes('ab') });
    const reader = client();
    reader.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0, snapshot: true });
    expect(reader.received).toEqual([
      { type: 'snapshot', docId: `${WS}/team`, seq: 2, data: bytes('ab') },
      { type: 'record', docId: `${WS}/team`, seq: 3, record: bytes('c'), live: true },
    ]);
    const other = client();
    other.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
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
  ])('answers %s with an error and stores nothing', (_name, frame) => {
    const c = client();
    c.raw(frame);
    expect(c.received).toEqual([{ type: 'error', code: 'INVALID_INPUT', message: expect.any(String) }]);
    expect(store.lastSeq(`${WS}/team`)).toBe(0);
  });

  it('refuses an empty record', () => {
    const c = client();
    c.send({ type: 'publish', id: 1, docId: `${WS}/team`, record: new Uint8Array() });
    expect(c.received).toEqual([{ type: 'error', id: 1, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) }]);
  });
});

describe('relay access', () => {
  /** A connection that has not authenticated yet, and a way to answer the latest challenge. */
  function anonymous() {
    const received: ServerMessage[] = [];
    const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
    const send = (message: ClientMessage) => connection.receive(encodeFrame(message));
    const nonce = () => (received.findLast((m) => m.type === 'challenge') as { nonce: string }).nonce;
    const auth = (credentials: RelayCredentials) => {
      send(authMessage(credentials, nonce(), 1));
      return received.findLast((m) => m.type === 'authenticated' || m.type === 'error');
    };
    return { received, send, auth, nonce };
  }

  /** Publishes chain entries through an authenticated connection, as a member device's chain log does. */
  function publishChain(c: ReturnType<typeof client>, entries: readonly Parameters<typeof chainRecord>[0][]): void {
    for (const entry of entries) c.send({ type: 'publish', id: 50, docId: `${WS}/chain`, record: chainRecord(entry) });
  }

  it('serves an unauthenticated connection only the chain (read) and join mailboxes', () => {
    const c = anonymous();
    c.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    c.send({ type: 'publish', id: 1, docId: `${WS}/account/m/a`, record: bytes('x') });
    c.send({ type: 'snapshot-get', id: 2, docId: `${WS}/team` });
    c.send({ type: 'publish', id: 3, docId: `${WS}/chain`, record: bytes('x') });
    c.send({ type: 'subscribe', docId: `${WS}/chain`, sinceSeq: 0 });
    c.send({ type: 'publish', id: 4, docId: `${WS}/join/r`, record: bytes('hello') });
    expect(c.received.slice(1)).toEqual([
      { type: 'error', docId: `${WS}/team`, code: 'RELAY_AUTH_REQUIRED', message: expect.stringContaining('Authenticate') },
      { type: 'error', id: 1, docId: `${WS}/account/m/a`, code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'error', id: 2, docId: `${WS}/team`, code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'error', id: 3, docId: `${WS}/chain`, code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'live', docId: `${WS}/chain`, seq: 0 },
      { type: 'published', id: 4, docId: `${WS}/join/r`, seq: 1 },
    ]);
    expect(store.lastSeq(`${WS}/account/m/a`) + store.lastSeq(`${WS}/chain`)).toBe(0);
  });

  it('pins the key the creation entry names; refuses another key, a proof for another nonce, and a creation entry of another workspace', () => {
    const stranger = anonymous();
    const eve = person('Eve');
    const elsewhere = Workspace.create(eve.identity, eve.device);
    // Another workspace's creation entry under this workspace id: not pinned, nothing stored.
    expect(stranger.auth({ ...credentialsOf(elsewhere), workspaceId: WS })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    expect(store.lastSeq(`${WS}/chain`)).toBe(0);
    const first = anonymous();
    expect(first.auth(WORKSPACE_KEY)).toMatchObject({ type: 'authenticated', access: 'full' });
    expect(store.lastSeq(`${WS}/chain`)).toBe(1);
    expect(stranger.auth({ ...credentialsOf(elsewhere), workspaceId: WS })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    const replayed = anonymous();
    replayed.send(authMessage(WORKSPACE_KEY, first.nonce(), 1));
    expect(replayed.received.at(-2)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    replayed.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    expect(replayed.received.at(-1)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REQUIRED' });
  });

  it('refuses a workspace whose creation entry does not reach it: a key alone pins nothing', () => {
    const { genesis: _genesis, ...keysOnly } = WORKSPACE_KEY;
    expect(anonymous().auth(keysOnly)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
  });

  it("an Owner's removal makes the new epoch key current; connections on the old key keep only the chain", () => {
    const ownerView = Workspace.open(WS, owner.device, ownerWorkspace.entries());
    const guestView = Workspace.open(WS, guest.device, ownerWorkspace.entries());
    const old = anonymous();
    old.auth(credentialsOf(guestView));
    old.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    old.send({ type: 'subscribe', docId: `${WS}/chain`, sinceSeq: 0 });
    const admin = client();
    publishChain(admin, ownerView.entries().filter((e) => e.counter > 0));
    const removal = ownerView.removeMember(guest.identity.memberId);
    publishChain(admin, [removal]);
    expect(old.received.at(-1)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_STALE' });
    // The Owner's device presents the new key (it opened the epoch).
    const member = anonymous();
    expect(member.auth(credentialsOf(ownerView))).toMatchObject({ type: 'authenticated', access: 'full' });
    member.send({ type: 'publish', id: 5, docId: `${WS}/team`, record: bytes('new epoch') });
    member.send({ type: 'publish', id: 6, docId: `${WS}/chain`, record: bytes('entry') });
    expect(old.received.at(-1)).toMatchObject({ type: 'record', docId: `${WS}/chain`, record: bytes('entry') });
    expect(old.received.some((m) => m.type === 'record' && m.docId === `${WS}/team`)).toBe(false);
    // The removed guest, who only knows the old key: the chain, read-only.
    const removed = anonymous();
    expect(removed.auth(credentialsOf(guestView))).toMatchObject({ type: 'authenticated', access: 'chain' });
    removed.send({ type: 'publish', id: 7, docId: `${WS}/team`, record: bytes('garbage') });
    removed.send({ type: 'subscribe', docId: `${WS}/team`, sinceSeq: 0 });
    expect(removed.received.slice(-2)).toEqual([
      { type: 'error', id: 7, docId: `${WS}/team`, code: 'RELAY_AUTH_STALE', message: expect.any(String) },
      { type: 'error', docId: `${WS}/team`, code: 'RELAY_AUTH_STALE', message: expect.any(String) },
    ]);
    expect(store.lastSeq(`${WS}/team`)).toBe(1);
  });

  it("ignores a key change a guest signs: the guest's rekey entry is stored but the key it names is refused", () => {
    const guestView = Workspace.open(WS, guest.device, ownerWorkspace.entries());
    const guestConnection = client();
    publishChain(guestConnection, guestView.entries().filter((e) => e.counter > 0));
    // The attack of the security review: a guest (who holds the epoch key, so full access) names a random key as the next one.
    const secretKey = ed25519.utils.randomSecretKey();
    const publicKey = toBase64Url(ed25519.getPublicKey(secretKey));
    const forged = signEntry({
      v: 1, workspaceId: WS, prev: guestView.resolved.heads, counter: guestView.resolved.nextCounter, author: guest.device.certificate.deviceId,
      action: { type: 'rekey', epochId: 'forged-epoch', relayKey: publicKey }, keys: { epochs: ['forged-epoch'], sealed: {} },
    }, guest.device);
    publishChain(guestConnection, [forged]);
    expect(guestConnection.received.at(-1)).toMatchObject({ type: 'published' });
    const attacker = anonymous();
    expect(attacker.auth({ workspaceId: WS, keys: [{ publicKey, secretKey }] })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    // The members' key still works, and nobody was demoted.
    expect(guestConnection.received.some((m) => m.type === 'error')).toBe(false);
    expect(anonymous().auth(WORKSPACE_KEY)).toMatchObject({ type: 'authenticated', access: 'full' });
  });
});
