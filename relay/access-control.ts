// Who may do what on the relay. A connection proves, per workspace, the relay-access keys it
// holds (protocol/relay-access.ts). Which keys count is read from the workspace's own team
// chain as this relay stores it (chain-keys.ts): the current epoch's key gives full access
// to that workspace's docs; an older epoch's key gives the team chain only, read-only (so a
// lagging member can learn the new epoch; a removed member learns nothing the relay does
// not already see). A relay that stores no chain for the workspace yet accepts its creation
// entry with the first authentication (the workspace id is that entry's hash, so the key it
// names is the only one possible). Without a proof: read the team chain (an invitee needs it
// before it holds any key) and use join mailboxes (named by a value only invitation holders
// can derive). Nothing else.
import type { ErrorCode } from '../main/errors';
import { chainLogId, parseDocId } from '../protocol/doc-ids';
import { proves } from '../protocol/relay-access';
import type { ClientMessage } from '../protocol/relay-frames';
import { WorkspaceChainKeys } from './chain-keys';
import type { RelayLogStore } from './log-store';

export type Access = { level: 'full' | 'chain'; key: string };
export type Operation = 'read' | 'write';
export type Refusal = { code: ErrorCode; message: string };

/** Checks an auth message against the chain the relay stores (pinning the creation entry a new workspace arrives with). */
export async function authenticate(
  store: RelayLogStore,
  chains: WorkspaceChainKeys,
  message: Extract<ClientMessage, { type: 'auth' }>,
  nonce: string,
  /** Asked before a new workspace is pinned (a quota per address). */
  mayPin: () => boolean = () => true,
): Promise<Access | Refusal> {
  const refused: Refusal = { code: 'RELAY_AUTH_REFUSED', message: 'The relay does not know this workspace key. Sync the team chain from a member device, or ask an Admin whether you were removed.' };
  let keys = await chains.keysOf(message.workspaceId);
  if (!keys.length && message.record && WorkspaceChainKeys.validGenesis(message.workspaceId, message.record)) {
    if ((await store.lastSeq(chainLogId(message.workspaceId))) === 0) {
      if (!mayPin()) return { code: 'RELAY_RATE_LIMITED', message: 'Too many new workspaces from this address; try again in an hour.' };
      // Its id is this entry's hash: two connections pinning it at once append the same bytes (the second is a duplicate).
      await store.append(chainLogId(message.workspaceId), message.record);
    }
    // Read again: pinned by this connection, or by another one authenticating at the same moment.
    keys = await chains.keysOf(message.workspaceId);
  }
  if (!keys.length) {
    return { code: 'RELAY_AUTH_REFUSED', message: "The relay cannot read this workspace's relay key from its team chain (a workspace created by an older Tessera must be created again)." };
  }
  // Only keys the chain names are worth a signature check: at most two per attempt.
  const current = keys.at(-1)!;
  if (proves(message, nonce, current)) return { level: 'full', key: current };
  const older = keys.slice(0, -1).findLast((k) => message.keys.includes(k));
  return older && proves(message, nonce, older) ? { level: 'chain', key: older } : refused;
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
