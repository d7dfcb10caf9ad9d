// Finding a shared account's doc by the local account id it names, without scanning every doc
// of a workspace: an index per SyncPeer, built on first use and kept up to date as the peer
// follows new docs. Sharing 1,000 accounts looks up 1,000 ids (and the role of each); a scan
// per lookup made that quadratic in the number of docs.
import { parseDocId, type SharedAccountDoc, type SyncPeer } from '../sync';

/** Per peer, local account id → the first account doc that names it (kept up to date as the peer follows new docs). */
const docIndexes = new WeakMap<SyncPeer, Map<string, SharedAccountDoc>>();

/**
 * The account docs of a peer by the local account id they name: built once per peer, then
 * each doc the peer starts following is added (`onLogAdded`), so finding an account's doc
 * is a lookup instead of a scan of every doc (sharing 1,000 accounts asked it 1,000 times).
 * The first doc naming an id wins, as the order the peer lists its docs in.
 */
export function accountDocIndex(peer: SyncPeer): ReadonlyMap<string, SharedAccountDoc> {
  let index = docIndexes.get(peer);
  if (index) return index;
  const built = new Map<string, SharedAccountDoc>();
  const add = (doc: SharedAccountDoc) => {
    const ref = parseDocId(doc.docId);
    if (ref?.kind === 'account' && !built.has(ref.accountId)) built.set(ref.accountId, doc);
  };
  for (const doc of peer.accounts()) add(doc);
  peer.onLogAdded((log) => {
    if (parseDocId(log.docId)?.kind === 'account') add(peer.account(log.docId).doc);
  });
  index = built;
  docIndexes.set(peer, index);
  return index;
}
