// Rotation markers in a shared account's doc, between real vault files (docs handed over as
// a relay would): the Owner's device writes the candidate of a submitted rotation, the
// Collaborator's vault keeps it with the materialized account (sealed sync record, read by
// the CLI too), the marker goes when the Owner clears it, a Collaborator can neither write
// nor clear one, and no marker or candidate is readable from
// the doc without the item key.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ROTATION_MARKER_FIELD, SharedAccountDoc } from '../../../main/sync';
import { materializeSharedAccounts, publishAccount, receivedRotationMarker } from '../../../main/sharing/shared-accounts';
import { readRotationMarker, writeRotationMarker } from '../../../main/sharing/rotation-markers';
import { saveWorkspace } from '../../../main/sharing/sync-state';
import { twoPeers, useTwoVaults } from './two-people';

const PASSWORD = 'Shared-Secret-41!';
const CANDIDATE = 'Rotated-Candidate-77#x';

describe('rotation markers in shared docs', () => {
  const vaults = useTwoVaults('markers');

  function shared() {
    const { aliceVault, bobVault } = vaults;
    const { bob, alicePeer, bobPeer, deliver } = twoPeers();
    const { id } = aliceVault.accounts.create({ name: 'Acme', urls: ['https://acme.test'], username: 'ops', password: PASSWORD });
    const doc = publishAccount(alicePeer, aliceVault.accounts.get(id));
    alicePeer.share(doc.docId, `member:${bob.identity.memberId}`, 'collaborator');
    deliver();
    saveWorkspace(bobVault.sync, bobPeer);
    materializeSharedAccounts(bobVault, bobPeer);
    return { id, doc, alicePeer, bobPeer, deliver, bobVault };
  }

  it('carries the candidate to the Collaborator while the rotation is unsettled, and drops it once cleared', () => {
    const { id, doc, alicePeer, bobPeer, deliver, bobVault } = shared();
    expect(receivedRotationMarker(bobVault.sync, id)).toBeUndefined();

    const marker = { rotationId: 'rot-1', candidate: CANDIDATE, since: 1_700_000_000_000 };
    expect(writeRotationMarker(alicePeer, doc, marker)).toBe(true);
    expect(writeRotationMarker(alicePeer, doc, marker)).toBe(false); // already there
    deliver();
    expect(materializeSharedAccounts(bobVault, bobPeer).updated).toEqual([id]);
    expect(receivedRotationMarker(bobVault.sync, id)).toEqual(marker);
    // The password itself is unchanged until the Owner's device settles the rotation.
    expect(bobVault.accounts.get(id).password).toBe(PASSWORD);

    expect(writeRotationMarker(alicePeer, doc, null)).toBe(true);
    expect(writeRotationMarker(alicePeer, doc, null)).toBe(false);
    deliver();
    materializeSharedAccounts(bobVault, bobPeer);
    expect(receivedRotationMarker(bobVault.sync, id)).toBeUndefined();
    const bobDoc = bobPeer.account(doc.docId).doc;
    expect(readRotationMarker(bobDoc, bobDoc.openItemKeys(bobPeer.workspace.device))).toBeNull();
  });

  it('lets only an Owner write a marker; a Collaborator\'s device never clears one', () => {
    const { doc, alicePeer, bobPeer, deliver } = shared();
    const bobDoc = bobPeer.account(doc.docId).doc;
    expect(writeRotationMarker(bobPeer, bobDoc, { rotationId: 'forged', candidate: 'chosen-by-bob', since: 1 })).toBe(false);
    expect(bobDoc.candidates(ROTATION_MARKER_FIELD)).toEqual([]);

    writeRotationMarker(alicePeer, doc, { rotationId: 'rot-2', candidate: CANDIDATE, since: 2 });
    deliver();
    // Bob is no Owner: his device never clears Alice's marker.
    expect(writeRotationMarker(bobPeer, bobDoc, null)).toBe(false);
    expect(readRotationMarker(bobDoc, bobDoc.openItemKeys(bobPeer.workspace.device))).toMatchObject({ rotationId: 'rot-2' });
  });

  it('keeps the newest of two Owner devices\' concurrent markers, never as a secret conflict, and clears neither of them from one device', () => {
    const { doc, alicePeer } = shared();
    const twin = new SharedAccountDoc(doc.docId, new Y.Doc());
    Y.applyUpdate(twin.doc, Y.encodeStateAsUpdate(doc.doc));
    const keys = doc.openItemKeys(alicePeer.workspace.device);
    const author = { deviceId: alicePeer.workspace.device.certificate.deviceId, memberId: alicePeer.memberId };
    doc.writeSecret(ROTATION_MARKER_FIELD, JSON.stringify({ rotationId: 'older', candidate: 'Candidate-Older-1', since: 10 }), keys[0]!, author);
    twin.writeSecret(ROTATION_MARKER_FIELD, JSON.stringify({ rotationId: 'newer', candidate: 'Candidate-Newer-2', since: 20 }), keys[0]!, { ...author, deviceId: 'second-owner-device' });
    Y.applyUpdate(doc.doc, Y.encodeStateAsUpdate(twin.doc));

    expect(doc.candidates(ROTATION_MARKER_FIELD)).toHaveLength(2);
    expect(doc.conflicts()).not.toContain(ROTATION_MARKER_FIELD);
    expect(readRotationMarker(doc, keys)).toMatchObject({ rotationId: 'newer' });
    expect(writeRotationMarker(alicePeer, doc, null)).toBe(false);
  });

  it('seals the candidate: the doc holds neither it nor the rotation id in the clear', () => {
    const { doc, alicePeer } = shared();
    writeRotationMarker(alicePeer, doc, { rotationId: 'rot-visible-id', candidate: CANDIDATE, since: 3 });
    const bytes = Buffer.from(Y.encodeStateAsUpdate(doc.doc)).toString('latin1');
    expect(bytes).not.toContain(CANDIDATE);
    expect(bytes).not.toContain('rot-visible-id');
  });
});
