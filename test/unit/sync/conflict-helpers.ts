// Two Owners' devices that saved different passwords for the same shared account while
// apart, then exchanged updates: the conflict the secret-conflicts tests resolve.
import * as Y from 'yjs';
import { SyncPeer } from '../../../main/sync';
import { person, team } from './chain-helpers';

export const FROM_ALICE = 'Alice-saved-this-1!';
export const FROM_BOB = 'Bob-saved-that-2!';

/** Alice's and Bob's peers, Bob holding `role` on the account doc for `accountId`, each having saved a password offline. */
export function concurrentEdits(accountId: string, role: 'owner' | 'collaborator') {
  const alice = person('alice');
  const bob = person('bob');
  const ws = team(alice, [[bob, 'member']]);
  const alicePeer = new SyncPeer(ws.get('alice')!);
  const { doc, itemKey } = alicePeer.createAccount(accountId);
  alicePeer.share(doc.docId, `member:${bob.identity.memberId}`, role);
  const bobPeer = new SyncPeer(ws.get('bob')!);
  Y.applyUpdate(bobPeer.team.doc.doc, Y.encodeStateAsUpdate(alicePeer.team.doc.doc));
  const bobDoc = bobPeer.account(doc.docId).doc;
  Y.applyUpdate(bobDoc.doc, Y.encodeStateAsUpdate(doc.doc));
  // Offline on both devices at once.
  doc.writeSecret('password', FROM_ALICE, itemKey, { deviceId: alice.device.certificate.deviceId, memberId: alice.identity.memberId });
  const [bobKey] = bobDoc.openItemKeys(bob.device);
  if (role === 'owner') bobDoc.writeSecret('password', FROM_BOB, bobKey!, { deviceId: bob.device.certificate.deviceId, memberId: bob.identity.memberId });
  // Back online: each receives the other's update.
  const fromAlice = Y.encodeStateAsUpdate(doc.doc);
  Y.applyUpdate(doc.doc, Y.encodeStateAsUpdate(bobDoc.doc));
  Y.applyUpdate(bobDoc.doc, fromAlice);
  return { alicePeer, bobPeer, docId: doc.docId, aliceDevice: alice.device };
}

