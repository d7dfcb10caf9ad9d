import { describe, expect, it } from 'vitest';
import { ChainLog } from '../../../main/sync/chain-log';
import { Workspace } from '../../../main/sync/workspace';
import { person } from './chain-helpers';

const decode = (record: Uint8Array) => JSON.parse(new TextDecoder().decode(record)) as { counter: number };

describe('chain log', () => {
  it('sends an entry authored while offline once a connection catches up', () => {
    const alice = person('alice');
    const bob = person('bob');
    const workspace = Workspace.create(alice.identity, alice.device);
    const log = new ChainLog(workspace);
    workspace.addMember(bob.request, 'member'); // authored with no relay connection
    const sent: Uint8Array[] = [];
    log.onOutgoing((record) => sent.push(record));
    log.caughtUp();
    expect(sent.map(decode).map((e) => e.counter)).toEqual(workspace.entries().map((e) => e.counter).sort((a, b) => a - b));
  });

  it('publishes entries authored while connected at once, and not again after catching up', () => {
    const alice = person('alice');
    const workspace = Workspace.create(alice.identity, alice.device);
    const log = new ChainLog(workspace);
    const sent: Uint8Array[] = [];
    log.onOutgoing((record) => sent.push(record));
    log.caughtUp();
    const before = sent.length;
    workspace.addMember(person('carol').request, 'guest');
    expect(sent.length).toBe(before + 1);
    log.caughtUp();
    expect(sent.length).toBe(before + 1);
  });
});
