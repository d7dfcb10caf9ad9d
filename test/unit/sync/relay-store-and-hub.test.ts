import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authMessage, relayCredentials, type RelayCredentials } from '../../../protocol/relay-access';
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

const WORKSPACE_KEY = relayCredentials('ws', [new Uint8Array(32).fill(3)])!;

/** A connection that answered the relay's challenge with workspace ws's key (pinned on first use). */
function client() {
  const received: ServerMessage[] = [];
  const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
  const send = (message: ClientMessage) => connection.receive(encodeFrame(message));
  const challenge = received.shift()!;
  if (challenge.type !== 'challenge') throw new Error('no challenge');
  send(authMessage(WORKSPACE_KEY, challenge.nonce, 0));
  expect(received.splice(0)).toEqual([{ type: 'authenticated', id: 0, workspaceId: 'ws', access: 'full' }, { type: 'challenge', nonce: expect.any(String) }]);
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
    writer.send({ type: 'publish', id: 1, docId: 'ws/team', record: bytes('one') });
    reader.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 0 });
    writer.send({ type: 'publish', id: 2, docId: 'ws/team', record: bytes('two') });
    writer.send({ type: 'publish', id: 3, docId: 'ws/team', record: bytes('two') });
    expect(writer.received).toEqual([
      { type: 'published', id: 1, docId: 'ws/team', seq: 1 },
      { type: 'published', id: 2, docId: 'ws/team', seq: 2 },
      { type: 'published', id: 3, docId: 'ws/team', seq: 2 },
    ]);
    expect(reader.received).toEqual([
      { type: 'record', docId: 'ws/team', seq: 1, record: bytes('one'), live: true },
      { type: 'record', docId: 'ws/team', seq: 2, record: bytes('two') },
    ]);
  });

  it('resumes from a sequence number and stops sending after unsubscribe or close', () => {
    const writer = client();
    for (const [i, text] of ['a', 'b', 'c'].entries()) writer.send({ type: 'publish', id: i, docId: 'ws/team', record: bytes(text) });
    const reader = client();
    reader.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 2 });
    expect(reader.received).toEqual([{ type: 'record', docId: 'ws/team', seq: 3, record: bytes('c'), live: true }]);
    reader.send({ type: 'unsubscribe', docId: 'ws/team' });
    writer.send({ type: 'publish', id: 9, docId: 'ws/team', record: bytes('d') });
    expect(reader.received).toHaveLength(1);
    const late = client();
    late.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 4 });
    expect(late.received).toEqual([{ type: 'live', docId: 'ws/team', seq: 4 }]);
  });

  it('stores snapshots only for seen sequence numbers and returns them', () => {
    const c = client();
    c.send({ type: 'publish', id: 1, docId: 'ws/team', record: bytes('a') });
    c.send({ type: 'snapshot-put', id: 2, docId: 'ws/team', seq: 5, data: bytes('s') });
    c.send({ type: 'snapshot-put', id: 3, docId: 'ws/team', seq: 1, data: bytes('s') });
    c.send({ type: 'snapshot-get', id: 4, docId: 'ws/team' });
    c.send({ type: 'snapshot-get', id: 5, docId: 'ws/account/m/none' });
    expect(c.received.slice(1)).toEqual([
      { type: 'error', id: 2, code: 'INVALID_INPUT', message: expect.stringContaining('has not seen') },
      { type: 'snapshot', id: 3, docId: 'ws/team', seq: 1, data: null },
      { type: 'snapshot', id: 4, docId: 'ws/team', seq: 1, data: bytes('s') },
      { type: 'snapshot', id: 5, docId: 'ws/account/m/none', seq: 0, data: null },
    ]);
  });

  it('starts a subscription from 0 with the snapshot and the records after it, when asked', () => {
    const c = client();
    for (const [i, text] of ['a', 'b', 'c'].entries()) c.send({ type: 'publish', id: i, docId: 'ws/team', record: bytes(text) });
    c.send({ type: 'snapshot-put', id: 7, docId: 'ws/team', seq: 2, data: bytes('ab') });
    const reader = client();
    reader.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 0, snapshot: true });
    expect(reader.received).toEqual([
      { type: 'snapshot', docId: 'ws/team', seq: 2, data: bytes('ab') },
      { type: 'record', docId: 'ws/team', seq: 3, record: bytes('c'), live: true },
    ]);
    const other = client();
    other.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 0 });
    expect(other.received.map((m) => m.type)).toEqual(['record', 'record', 'record']);
  });

  it.each([
    ['an empty frame', new Uint8Array()],
    ['a header that is not JSON', new Uint8Array([1, 0x7b])],
    ['a header longer than the frame', new Uint8Array([9, 0x7b])],
    ['an unknown type', json({ type: 'delete', docId: 'ws/team' })],
    ['a doc id with spaces', json({ type: 'subscribe', docId: 'a b', sinceSeq: 0 })],
    ['a negative sequence number', json({ type: 'subscribe', docId: 'ws/team', sinceSeq: -1 })],
    ['a record given as text', json({ type: 'publish', id: 1, docId: 'ws/team', record: 'abc' })],
    ['a binary field under another name', json({ type: 'publish', id: 1, docId: 'ws/team', bin: 'docId' })],
  ])('answers %s with an error and stores nothing', (_name, frame) => {
    const c = client();
    c.raw(frame);
    expect(c.received).toEqual([{ type: 'error', code: 'INVALID_INPUT', message: expect.any(String) }]);
    expect(store.lastSeq('ws/team')).toBe(0);
  });

  it('refuses an empty record', () => {
    const c = client();
    c.send({ type: 'publish', id: 1, docId: 'ws/team', record: new Uint8Array() });
    expect(c.received).toEqual([{ type: 'error', id: 1, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) }]);
  });
});

describe('relay access', () => {
  const epochKeys = [new Uint8Array(32).fill(3), new Uint8Array(32).fill(4)];
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

  it('serves an unauthenticated connection only the chain (read) and join mailboxes', () => {
    const c = anonymous();
    c.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 0 });
    c.send({ type: 'publish', id: 1, docId: 'ws/account/m/a', record: bytes('x') });
    c.send({ type: 'snapshot-get', id: 2, docId: 'ws/team' });
    c.send({ type: 'publish', id: 3, docId: 'ws/chain', record: bytes('x') });
    c.send({ type: 'subscribe', docId: 'ws/chain', sinceSeq: 0 });
    c.send({ type: 'publish', id: 4, docId: 'ws/join/r', record: bytes('hello') });
    expect(c.received.slice(1)).toEqual([
      { type: 'error', docId: 'ws/team', code: 'RELAY_AUTH_REQUIRED', message: expect.stringContaining('Authenticate') },
      { type: 'error', id: 1, docId: 'ws/account/m/a', code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'error', id: 2, docId: 'ws/team', code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'error', id: 3, docId: 'ws/chain', code: 'RELAY_AUTH_REQUIRED', message: expect.any(String) },
      { type: 'live', docId: 'ws/chain', seq: 0 },
      { type: 'published', id: 4, docId: 'ws/join/r', seq: 1 },
    ]);
    expect(store.lastSeq('ws/account/m/a') + store.lastSeq('ws/chain')).toBe(0);
  });

  it('pins the first key, refuses another key and a proof for another nonce', () => {
    const first = anonymous();
    expect(first.auth(relayCredentials('ws', [epochKeys[0]!])!)).toMatchObject({ type: 'authenticated', access: 'full' });
    const stranger = anonymous();
    expect(stranger.auth(relayCredentials('ws', [new Uint8Array(32).fill(9)])!)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    const replayed = anonymous();
    replayed.send(authMessage(relayCredentials('ws', [epochKeys[0]!])!, first.nonce(), 1));
    expect(replayed.received.at(-2)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    replayed.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 0 });
    expect(replayed.received.at(-1)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REQUIRED' });
    expect(store.accessKeys('ws')).toEqual(relayCredentials('ws', [epochKeys[0]!])!.keys);
  });

  it('follows a signed link to the next epoch key; connections on the old key keep only the chain', () => {
    const old = anonymous();
    old.auth(relayCredentials('ws', [epochKeys[0]!])!);
    old.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 0 });
    old.send({ type: 'subscribe', docId: 'ws/chain', sinceSeq: 0 });
    const member = anonymous();
    expect(member.auth(relayCredentials('ws', epochKeys)!)).toMatchObject({ type: 'authenticated', access: 'full' });
    expect(old.received.at(-1)).toMatchObject({ type: 'error', code: 'RELAY_AUTH_STALE' });
    member.send({ type: 'publish', id: 5, docId: 'ws/team', record: bytes('new epoch') });
    member.send({ type: 'publish', id: 6, docId: 'ws/chain', record: bytes('entry') });
    expect(old.received.at(-1)).toMatchObject({ type: 'record', docId: 'ws/chain', record: bytes('entry') });
    expect(old.received.some((m) => m.type === 'record' && m.docId === 'ws/team')).toBe(false);
    // A device that only knows the old key (a removed member): the chain, read-only.
    const removed = anonymous();
    expect(removed.auth(relayCredentials('ws', [epochKeys[0]!])!)).toMatchObject({ type: 'authenticated', access: 'chain' });
    removed.send({ type: 'publish', id: 7, docId: 'ws/team', record: bytes('garbage') });
    removed.send({ type: 'subscribe', docId: 'ws/team', sinceSeq: 0 });
    expect(removed.received.slice(-2)).toEqual([
      { type: 'error', id: 7, docId: 'ws/team', code: 'RELAY_AUTH_STALE', message: expect.any(String) },
      { type: 'error', docId: 'ws/team', code: 'RELAY_AUTH_STALE', message: expect.any(String) },
    ]);
    expect(store.lastSeq('ws/team')).toBe(1);
  });

  it('refuses a next key whose link the current key did not sign', () => {
    anonymous().auth(relayCredentials('ws', [epochKeys[0]!])!);
    const forged = relayCredentials('ws', epochKeys)!;
    const other = relayCredentials('ws', [new Uint8Array(32).fill(8), epochKeys[1]!])!;
    expect(anonymous().auth({ ...forged, links: other.links })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    expect(store.accessKeys('ws')).toHaveLength(1);
  });
});
