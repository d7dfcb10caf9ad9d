// Whether an address leads to the relay a workspace syncs with, asked before this device moves
// to it: a short-lived client (no key: the relay serves the team chain to anyone) reads the
// chain from just before the last record this device applied. The same relay, or a node on its
// store, sends that record; another relay (a mistyped address, a relay that lost its data)
// does not — moving there would leave the device "in step" with nothing. An address that does
// not answer in time says nothing either way.
import { SyncClient, type RelayConnector, type SyncedLog } from '../sync';

export type RelayVerdict = 'same' | 'other' | 'unreachable';

export function probeRelay(connector: RelayConnector, chainDocId: string, lastSeq: number, timeoutMs: number): Promise<RelayVerdict> {
  return new Promise((resolve) => {
    let opened = false;
    let done = false;
    // One attempt: a refused connection is an answer, and the probe ends before any retry.
    const client = new SyncClient((handlers) => connector({
      onOpen: () => {
        opened = true;
        handlers.onOpen();
      },
      onMessage: (frame) => handlers.onMessage(frame),
      onClose: () => {
        handlers.onClose();
        if (!opened) finish('unreachable');
      },
    }), { retryDelayMs: () => timeoutMs * 2 });
    const timer = setTimeout(() => finish('unreachable'), timeoutMs);
    function finish(verdict: RelayVerdict): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.stop();
      resolve(verdict);
    }
    // Only a record after `lastSeq - 1` arrives here: the one this device already applied.
    const chain: SyncedLog = { docId: chainDocId, receive: () => finish('same'), onOutgoing: () => () => {} };
    client.attach(chain, lastSeq - 1);
    client.start();
    void client.idle().then(() => finish('other'));
  });
}
