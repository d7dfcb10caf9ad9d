import { describe, expect, it } from 'vitest';
import type { LinkHandlers, RelayConnector } from '../../../main/sync/relay-connection';
import { clientMessageSchema, decodeFrame, encodeFrame, type ClientMessage, type ServerMessage } from '../../../protocol/relay-frames';
import { SyncClient } from '../../../main/sync/sync-client';
import type { SyncedLog } from '../../../main/sync/synced-log';

/** A relay the test answers by hand: refuses the first `failures` connections. */
function scriptedRelay(failures: number) {
  const sent: ClientMessage[] = [];
  let handlers: LinkHandlers | undefined;
  let attempts = 0;
  const connector: RelayConnector = (h) => {
    attempts++;
    if (attempts <= failures) {
      setImmediate(() => h.onClose());
      return { send: () => {}, close: () => {} };
    }
    handlers = h;
    setImmediate(() => h.onOpen());
    return { send: (frame) => sent.push(decodeFrame(clientMessageSchema, frame)!), close: () => setImmediate(() => h.onClose()) };
  };
  return { connector, sent, reply: (message: ServerMessage) => handlers!.onMessage(encodeFrame(message)), attempts: () => attempts };
}

function log(docId: string): SyncedLog & { received: Uint8Array[]; emit(record: Uint8Array): void } {
  const listeners = new Set<(r: Uint8Array) => void>();
  const received: Uint8Array[] = [];
  return {
    docId,
    received,
    receive: (r) => received.push(r),
    onOutgoing: (l) => (listeners.add(l), () => listeners.delete(l)),
    emit: (r) => listeners.forEach((l) => l(r)),
  };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('sync client', () => {
  it('retries with growing delays, then subscribes from the last sequence number and publishes what waited', async () => {
    const relay = scriptedRelay(2);
    const delays: number[] = [];
    const client = new SyncClient(relay.connector, { retryDelayMs: (n) => (delays.push(n), 1) });
    const doc = log('ws/team');
    client.attach(doc, 7);
    doc.emit(new Uint8Array([1]));
    client.start();
    await until(() => relay.sent.length === 2);
    expect(delays).toEqual([1, 2]);
    expect(relay.sent).toEqual([
      { type: 'subscribe', docId: 'ws/team', sinceSeq: 7 },
      { type: 'publish', id: expect.any(Number), docId: 'ws/team', record: new Uint8Array([1]) },
    ]);
    relay.reply({ type: 'record', docId: 'ws/team', seq: 8, record: new Uint8Array([2]) });
    relay.reply({ type: 'record', docId: 'ws/team', seq: 8, record: new Uint8Array([2]) });
    relay.reply({ type: 'live', docId: 'ws/team', seq: 8 });
    relay.reply({ type: 'published', id: (relay.sent[1] as { id: number }).id, docId: 'ws/team', seq: 9 });
    await client.idle();
    expect(doc.received).toEqual([new Uint8Array([2])]);
    expect(client.status()).toEqual({ connected: true, logs: [{ docId: 'ws/team', lastSeq: 8, live: true, unacknowledged: 0 }] });
    client.stop();
    expect(client.status().logs[0]!.live).toBe(false);
  });

  it('drops a record the relay refused instead of resending it forever', async () => {
    const relay = scriptedRelay(0);
    const client = new SyncClient(relay.connector);
    const doc = log('d');
    client.attach(doc);
    client.start();
    await until(() => relay.sent.length === 1);
    doc.emit(new Uint8Array(1));
    relay.reply({ type: 'error', id: (relay.sent[1] as { id: number }).id, code: 'PAYLOAD_TOO_LARGE', message: 'no' });
    expect(client.status().logs[0]!.unacknowledged).toBe(0);
    client.stop();
  });

  it('starts a log from the subscription snapshot, and reads the whole history when the log refuses the snapshot', async () => {
    const relay = scriptedRelay(0);
    const client = new SyncClient(relay.connector, { retryDelayMs: () => 1 });
    const accepted = { ...log('a'), receiveSnapshot: () => true };
    const refused = { ...log('r'), receiveSnapshot: () => false };
    client.attach(accepted);
    client.attach(refused);
    client.start();
    await until(() => relay.sent.length === 2);
    expect(relay.sent).toEqual([
      { type: 'subscribe', docId: 'a', sinceSeq: 0, snapshot: true },
      { type: 'subscribe', docId: 'r', sinceSeq: 0, snapshot: true },
    ]);
    relay.reply({ type: 'snapshot', docId: 'a', seq: 5, data: new Uint8Array([5]), live: true });
    expect(client.status().logs[0]).toMatchObject({ lastSeq: 5, live: true });
    relay.reply({ type: 'snapshot', docId: 'r', seq: 9, data: new Uint8Array([9]) });
    // The refused snapshot closes the link; the client reconnects and asks for 'r' from 0 without a snapshot.
    await until(() => relay.sent.length === 4);
    expect(relay.sent.slice(2)).toEqual([
      { type: 'subscribe', docId: 'a', sinceSeq: 5 },
      { type: 'subscribe', docId: 'r', sinceSeq: 0 },
    ]);
    expect(client.status().logs[1]!.lastSeq).toBe(0);
    client.stop();
  });

  it('fails snapshot requests when offline, and ones in flight when stopped', async () => {
    const relay = scriptedRelay(0);
    const client = new SyncClient(relay.connector);
    const doc = log('d');
    await expect(client.attachFromSnapshot(doc)).rejects.toMatchObject({ code: 'RELAY_UNAVAILABLE' });
    client.start();
    await until(() => client.status().connected);
    const pending = client.attachFromSnapshot(doc);
    client.stop();
    await expect(pending).rejects.toMatchObject({ code: 'RELAY_UNAVAILABLE' });
  });

  it('moves to another address of the relay at once, from its sequence numbers, resending what was not acknowledged', async () => {
    const first = scriptedRelay(0);
    const second = scriptedRelay(0);
    const client = new SyncClient(first.connector, { retryDelayMs: () => 60_000 });
    const doc = log('ws/team');
    client.attach(doc, 3);
    client.start();
    await until(() => first.sent.length === 1);
    first.reply({ type: 'record', docId: 'ws/team', seq: 4, record: new Uint8Array([4]), live: true });
    doc.emit(new Uint8Array([9]));
    expect(first.sent[1]).toMatchObject({ type: 'publish', docId: 'ws/team' });

    // Not acknowledged by the first address: the second gets it, and the subscription resumes after seq 4.
    client.useConnector(second.connector);
    await until(() => second.sent.length === 2);
    expect(second.sent).toEqual([
      { type: 'subscribe', docId: 'ws/team', sinceSeq: 4 },
      { type: 'publish', id: expect.any(Number), docId: 'ws/team', record: new Uint8Array([9]) },
    ]);
    expect(first.attempts()).toBe(1);
    // The old link's late close does not take the client offline or reconnect it there.
    await new Promise((r) => setImmediate(r));
    expect(client.status().connected).toBe(true);
    second.reply({ type: 'live', docId: 'ws/team', seq: 4 });
    second.reply({ type: 'published', id: (second.sent[1] as { id: number }).id, docId: 'ws/team', seq: 5 });
    await client.idle();
    expect(client.status().logs).toEqual([{ docId: 'ws/team', lastSeq: 4, live: true, unacknowledged: 0 }]);
    expect(first.attempts()).toBe(1);
    client.stop();
  });
});
