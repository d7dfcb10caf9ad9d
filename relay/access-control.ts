// Who may do what on the relay. A connection proves, per workspace, the newest relay-access
// key it holds (protocol/relay-access.ts). The relay pins the first key it sees for a
// workspace (trust on first use) and accepts a newer one only through links signed by its
// current key. Current key: full access to that workspace's docs. A key the relay accepted
// before but that was superseded: the team chain only, read-only (so a lagging member can
// learn the new epoch; a removed member learns nothing the relay does not already see).
// Without a proof: read the team chain (an invitee needs it before it holds any key) and use
// join mailboxes (named by a value only invitation holders can derive). Nothing else.
import type { ErrorCode } from '../main/errors';
import { parseDocId } from '../protocol/doc-ids';
import { linksValid, proofValid } from '../protocol/relay-access';
import type { ClientMessage } from '../protocol/relay-frames';
import type { RelayStore } from './relay-store';

export type Access = { level: 'full' | 'chain'; key: string };
export type Operation = 'read' | 'write';
export type Refusal = { code: ErrorCode; message: string };

/** Checks an auth message against the store; pins or advances the workspace's keys when it proves them. */
export function authenticate(store: RelayStore, message: Extract<ClientMessage, { type: 'auth' }>, nonce: string): Access | Refusal {
  const refused: Refusal = { code: 'RELAY_AUTH_REFUSED', message: 'The relay does not know this workspace key. Sync the team chain from a member device, or ask an Admin whether you were removed.' };
  if (!proofValid(message, nonce)) return refused;
  const accepted = store.accessKeys(message.workspaceId);
  const newest = message.keys.at(-1)!;
  if (!accepted.length) {
    if (!linksValid(message, 0)) return refused;
    store.addAccessKeys(message.workspaceId, message.keys);
    return { level: 'full', key: newest };
  }
  const current = accepted.at(-1)!;
  const at = message.keys.lastIndexOf(current);
  if (at >= 0) {
    if (!linksValid(message, at)) return refused;
    store.addAccessKeys(message.workspaceId, message.keys.slice(at + 1));
    return { level: 'full', key: newest };
  }
  const known = new Set(accepted);
  if (message.keys.some((k) => known.has(k))) return { level: 'chain', key: newest };
  return refused;
}

/** Undefined when allowed, else why not. */
export function refusal(access: ReadonlyMap<string, Access>, docId: string, operation: Operation): Refusal | undefined {
  const ref = parseDocId(docId);
  if (!ref) return { code: 'INVALID_INPUT', message: `${docId} is not a Tessera doc id.` };
  if (ref.kind === 'join') return undefined;
  const granted = access.get(ref.workspaceId);
  if (granted?.level === 'full') return undefined;
  if (ref.kind === 'chain' && operation === 'read') return undefined;
  if (granted) return { code: 'RELAY_AUTH_STALE', message: 'This device holds an older workspace key; it may only read the team chain until it catches up.' };
  return { code: 'RELAY_AUTH_REQUIRED', message: 'Authenticate with the workspace key before using this doc.' };
}
