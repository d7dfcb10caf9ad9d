// DocReplica's sending side: the edits of one turn leave as one signed envelope per doc, a
// save seals what is pending so its clock covers the saved state, a snapshot leaves pending
// edits to follow it, and the device's own envelopes coming back from the relay are
// recognised as duplicates.
import { describe, expect, it } from 'vitest';
import { SyncPeer } from '../../../main/sync/sync-peer';
import { person, team } from './chain-helpers';

function twoPeers() {
  const alice = person('alice');
  const bob = person('bob');
  const workspaces = team(alice, [[bob, 'member']]);
  const a = new SyncPeer(workspaces.get('alice')!);
  const b = new SyncPeer(workspaces.get('bob')!);
  const sent: Uint8Array[] = [];
  a.team.replica.onOutgoing((record) => sent.push(record));
  return { a, b, sent };
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a replica sending local edits', () => {
  it('seals the edits of one turn as one envelope, which carries them all', async () => {
    const { a, b, sent } = twoPeers();
    a.team.doc.setName('Acme');
    a.team.doc.appendAudit({ event: 'one' });
    a.team.doc.appendAudit({ event: 'two' });
    expect(sent).toHaveLength(0);
    await nextTurn();
    expect(sent).toHaveLength(1);
    expect(b.team.replica.receive(sent[0]!).status).toBe('applied');
    expect(b.team.doc.name()).toBe('Acme');
    expect(b.team.doc.audit()).toEqual([{ event: 'one' }, { event: 'two' }]);

    a.team.doc.appendAudit({ event: 'three' });
    await nextTurn();
    expect(sent).toHaveLength(2);
    expect(b.team.replica.receive(sent[1]!).status).toBe('applied');
    expect(b.team.doc.audit()).toHaveLength(3);
  });

  it('seals pending edits before its state is saved, so the saved clock covers them', async () => {
    const { a, sent } = twoPeers();
    a.team.doc.setName('Acme');
    expect(a.team.replica.state().clock).toBe(1);
    expect(sent).toHaveLength(1);
    await nextTurn();
    expect(sent).toHaveLength(1);
  });

  it('takes a snapshot with edits pending, which then go out after it, at a higher clock', async () => {
    const { a, b, sent } = twoPeers();
    a.team.doc.setName('Acme');
    const snapshot = a.team.replica.snapshot();
    await nextTurn();
    expect(sent).toHaveLength(1);
    // A new device starting from the snapshot takes the record after it as fresh, not as a replay.
    expect(b.team.replica.receive(snapshot).status).toBe('applied');
    expect(b.team.replica.receive(sent[0]!).status).toBe('applied');
    expect(b.team.doc.name()).toBe('Acme');
  });

  it('takes its own envelope back from the relay as a duplicate', async () => {
    const { a, sent } = twoPeers();
    a.team.doc.setName('Acme');
    await nextTurn();
    expect(a.team.replica.receive(sent[0]!).status).toBe('duplicate');
  });
});
