// Concurrent edits of the same secret at the IPC handlers, through the real dispatcher,
// services and vault file: two Owners' devices save different passwords at the same time;
// Bob's device lists the conflict without values, reveals one on request (audited), and
// resolves by writing the chosen one, which Alice's device then receives. A Collaborator
// gets NOT_PERMITTED on every conflicts channel.
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import { readWorkspace } from '../../../main/sharing/sync-state';
import type { SecretConflictView } from '../../../main/ipc/contract/conflicts';
import { concurrentEdits, FROM_ALICE, FROM_BOB } from './conflict-helpers';

describe('secret conflicts at the IPC handlers', () => {
  let h: ChannelHarness;
  let services: Services;
  let id: string;
  const call = (channel: string, input: unknown) => h.call(channel, input);
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);
  const outputs = () => h.results.join('');

  beforeEach(async () => {
    h = openChannelHarness();
    ({ services } = h);
    await value('vault.create', { password: 'master-password-1' });
    ({ id } = await value<{ id: string }>('accounts.create', { name: 'Acme', urls: ['https://acme.test'], username: 'ops', password: 'local-1' }));
    h.results.length = 0;
  });
  afterEach(() => h.close());

  it('lists who saved what without values, reveals one on request, and resolves to the chosen value on both devices', async () => {
    const { alicePeer, bobPeer, docId, aliceDevice } = concurrentEdits(id, 'owner');
    services.sharing.attachPeer(bobPeer);
    services.conflicts.attach(bobPeer);

    const [conflict] = await value<SecretConflictView[]>('conflicts.list', { id });
    expect(conflict).toMatchObject({ field: 'password' });
    expect(conflict!.candidates).toHaveLength(2);
    expect(conflict!.candidates.filter((c) => c.thisDevice).map((c) => c.device)).toEqual(['this device']);
    expect(outputs()).not.toContain(FROM_ALICE);
    expect(outputs()).not.toContain(FROM_BOB);

    const alices = conflict!.candidates.find((c) => !c.thisDevice)!;
    // Named as its owner named the device (from its signed certificate), with the id to tell twins apart.
    expect(alices.device).toMatch(/^"alice's laptop" \(device \S+\)$/);
    expect(await value('conflicts.reveal', { id, field: 'password', candidateId: alices.id })).toEqual({ value: FROM_ALICE });
    await value('conflicts.resolve', { id, field: 'password', candidateId: alices.id });
    expect(await value('conflicts.list', { id })).toEqual([]);
    expect(await call('conflicts.reveal', { id, field: 'password', candidateId: alices.id })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });

    // Saved with the workspace, and Alice's device converges on the choice once it receives it.
    expect(readWorkspace(services.vault.unlocked().sync, bobPeer.workspace.workspaceId)).toBeDefined();
    const aliceDoc = alicePeer.account(docId).doc;
    Y.applyUpdate(aliceDoc.doc, Y.encodeStateAsUpdate(bobPeer.account(docId).doc.doc));
    expect(aliceDoc.readSecret('password', aliceDoc.openItemKeys(aliceDevice))).toEqual({ status: 'set', value: FROM_ALICE });

    const audit = await value<{ kind: string; details: Record<string, unknown> }[]>('audit.forAccount', { id });
    expect(audit.slice(0, 2)).toEqual([
      expect.objectContaining({ kind: 'account.edit', details: { field: 'password', resolvedConflictWith: alices.id } }),
      expect.objectContaining({ kind: 'account.reveal', details: { field: 'password', conflictCandidate: alices.id } }),
    ]);
  });

  it('refuses every conflicts channel to a Collaborator', async () => {
    const { bobPeer } = concurrentEdits(id, 'collaborator');
    services.sharing.attachPeer(bobPeer);
    services.conflicts.attach(bobPeer);
    for (const [channel, input] of [['conflicts.list', { id }], ['conflicts.reveal', { id, field: 'password', candidateId: 'x' }], ['conflicts.resolve', { id, field: 'password', candidateId: 'x' }]] as const) {
      expect(await call(channel, input), channel).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    }
  });
});
