import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, serverMessageSchema, type ClientMessage, type ServerMessage } from '../../../main/sync/relay-protocol';
import { RelayHub } from '../../../relay/relay-hub';
import { RelayStore } from '../../../relay/relay-store';

let store: RelayStore;
let hub: RelayHub;

beforeEach(() => {
  store = new RelayStore(':memory:');
  hub = new RelayHub(store);
});
afterEach(() => store.close());

function client() {
  const received: ServerMessage[] = [];
  const connection = hub.connect((frame) => received.push(decodeFrame(serverMessageSchema, frame)!));
  return { received, send: (message: ClientMessage) => connection.receive(encodeFrame(message)), close: () => connection.close() };
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
    for (const [i, text] of ['a', 'b', 'c'].entries()) writer.send({ type: 'publish', id: i, docId: 'd', record: bytes(text) });
    const reader = client();
    reader.send({ type: 'subscribe', docId: 'd', sinceSeq: 2 });
    expect(reader.received).toEqual([{ type: 'record', docId: 'd', seq: 3, record: bytes('c'), live: true }]);
    reader.send({ type: 'unsubscribe', docId: 'd' });
    writer.send({ type: 'publish', id: 9, docId: 'd', record: bytes('d') });
    expect(reader.received).toHaveLength(1);
    const late = client();
    late.send({ type: 'subscribe', docId: 'd', sinceSeq: 4 });
    expect(late.received).toEqual([{ type: 'live', docId: 'd', seq: 4 }]);
  });

  it('stores snapshots only for seen sequence numbers and returns them', () => {
    const c = client();
    c.send({ type: 'publish', id: 1, docId: 'd', record: bytes('a') });
    c.send({ type: 'snapshot-put', id: 2, docId: 'd', seq: 5, data: bytes('s') });
    c.send({ type: 'snapshot-put', id: 3, docId: 'd', seq: 1, data: bytes('s') });
    c.send({ type: 'snapshot-get', id: 4, docId: 'd' });
    c.send({ type: 'snapshot-get', id: 5, docId: 'none' });
    expect(c.received.slice(1)).toEqual([
      { type: 'error', id: 2, code: 'INVALID_INPUT', message: expect.stringContaining('has not seen') },
      { type: 'snapshot', id: 3, docId: 'd', seq: 1, data: null },
      { type: 'snapshot', id: 4, docId: 'd', seq: 1, data: bytes('s') },
      { type: 'snapshot', id: 5, docId: 'none', seq: 0, data: null },
    ]);
  });

  it('starts a subscription from 0 with the snapshot and the records after it, when asked', () => {
    const c = client();
    for (const [i, text] of ['a', 'b', 'c'].entries()) c.send({ type: 'publish', id: i, docId: 'd', record: bytes(text) });
    c.send({ type: 'snapshot-put', id: 7, docId: 'd', seq: 2, data: bytes('ab') });
    const reader = client();
    reader.send({ type: 'subscribe', docId: 'd', sinceSeq: 0, snapshot: true });
    expect(reader.received).toEqual([
      { type: 'snapshot', docId: 'd', seq: 2, data: bytes('ab') },
      { type: 'record', docId: 'd', seq: 3, record: bytes('c'), live: true },
    ]);
    const other = client();
    other.send({ type: 'subscribe', docId: 'd', sinceSeq: 0 });
    expect(other.received.map((m) => m.type)).toEqual(['record', 'record', 'record']);
  });

  it.each([
    ['an empty frame', new Uint8Array()],
    ['a header that is not JSON', new Uint8Array([1, 0x7b])],
    ['a header longer than the frame', new Uint8Array([9, 0x7b])],
    ['an unknown type', json({ type: 'delete', docId: 'd' })],
    ['a doc id with spaces', json({ type: 'subscribe', docId: 'a b', sinceSeq: 0 })],
    ['a negative sequence number', json({ type: 'subscribe', docId: 'd', sinceSeq: -1 })],
    ['a record given as text', json({ type: 'publish', id: 1, docId: 'd', record: 'abc' })],
    ['a binary field under another name', json({ type: 'publish', id: 1, docId: 'd', bin: 'docId' })],
  ])('answers %s with an error and stores nothing', (_name, frame) => {
    const received: ServerMessage[] = [];
    hub.connect((f) => received.push(decodeFrame(serverMessageSchema, f)!)).receive(frame);
    expect(received).toEqual([{ type: 'error', code: 'INVALID_INPUT', message: expect.any(String) }]);
    expect(store.lastSeq('d')).toBe(0);
  });

  it('refuses an empty record', () => {
    const c = client();
    c.send({ type: 'publish', id: 1, docId: 'd', record: new Uint8Array() });
    expect(c.received).toEqual([{ type: 'error', id: 1, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) }]);
  });
});
