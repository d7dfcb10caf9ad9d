// Relay access keys: how a device proves to a relay that it belongs to a workspace without
// the relay learning anything it could decrypt with. Each team epoch key yields, through
// HKDF, an Ed25519 relay-access key pair. The public key of each epoch is written into the
// team-chain entry that opens the epoch (`relayKey`), so it is signed by the Owner or Admin
// device that authored that entry; the creation entry names the first one, and the
// workspace id is that entry's hash. A relay therefore never trusts a connection to tell it
// which key is current: it reads the chain it stores (relay/chain-keys.ts). A device
// answers the relay's nonce with signatures by the newest few keys it holds; a removed
// member lacks the new epoch key, so once the removal reaches the relay it serves them only
// the (signed, unencrypted) team chain, and a member who is not Owner/Admin cannot make the
// relay accept a key of their own.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeFields, fromBase64Url, toBase64Url, utf8 } from './canonical-encoding';
import { curve25519 } from './curve25519';
import { MAX_PRESENTED_KEYS, type ClientMessage } from './relay-frames';


export interface RelayCredentials {
  workspaceId: string;
  /** The newest relay-access key pairs this device holds, oldest first (at most MAX_PRESENTED_KEYS). */
  keys: { publicKey: string; secretKey: Uint8Array }[];
  /** The creation entry as the chain log publishes it: lets a relay that has never seen this workspace pin its first key. */
  genesis?: Uint8Array;
}

/** What a SyncClient asks before authenticating: the newest credentials, or undefined while the device holds no epoch key. */
export interface RelayAccess {
  workspaceId: string;
  credentials(): RelayCredentials | undefined;
}

/** The relay-access key pair of one epoch. Salted by the epoch id (the creation entry is signed before the workspace id exists). */
export function relayAccessKeyPair(epochId: string, epochKey: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = hkdf(sha256, epochKey, utf8(epochId), utf8('tessera.relay-access.v2'), 32);
  return { secretKey, publicKey: curve25519.ed25519PublicKey(secretKey) };
}

/** The public key an epoch-opening chain entry names. */
export function relayAccessPublicKey(epochId: string, epochKey: Uint8Array): string {
  return toBase64Url(relayAccessKeyPair(epochId, epochKey).publicKey);
}

const challengeBytes = (workspaceId: string, nonce: string, key: string) => encodeFields('tessera.relay-access.auth.v2', [workspaceId, nonce, key]);

/** Credentials from the epochs a device holds keys for, in chain order. */
export function relayCredentials(workspaceId: string, epochs: readonly { epochId: string; key: Uint8Array }[], genesis?: Uint8Array): RelayCredentials | undefined {
  if (!epochs.length) return undefined;
  const keys = epochs.slice(-MAX_PRESENTED_KEYS).map(({ epochId, key }) => {
    const pair = relayAccessKeyPair(epochId, key);
    return { publicKey: toBase64Url(pair.publicKey), secretKey: pair.secretKey };
  });
  return { workspaceId, keys, ...(genesis ? { genesis } : {}) };
}

/** A workspace's relay access, recomputed only when the epochs this device holds change. */
export function workspaceRelayAccess(workspace: {
  workspaceId: string;
  state: { epochs: readonly { epochId: string }[] };
  epochKey(epochId: string): Uint8Array | undefined;
  /** The creation entry's record bytes, once this device holds it. */
  genesisRecord?(): Uint8Array | undefined;
}): RelayAccess {
  let cachedFor = '';
  let cached: RelayCredentials | undefined;
  return {
    workspaceId: workspace.workspaceId,
    credentials: () => {
      const held = workspace.state.epochs.map((e) => e.epochId).filter((id) => workspace.epochKey(id));
      const key = held.join(',');
      if (key !== cachedFor) {
        cachedFor = key;
        cached = relayCredentials(workspace.workspaceId, held.map((epochId) => ({ epochId, key: workspace.epochKey(epochId)! })), workspace.genesisRecord?.());
      }
      return cached;
    },
  };
}

export function authMessage(credentials: RelayCredentials, nonce: string, id: number): Extract<ClientMessage, { type: 'auth' }> {
  const { workspaceId, keys, genesis } = credentials;
  return {
    type: 'auth',
    id,
    workspaceId,
    keys: keys.map((k) => k.publicKey),
    signatures: keys.map((k) => toBase64Url(curve25519.ed25519Sign(k.secretKey, challengeBytes(workspaceId, nonce, k.publicKey)))),
    ...(genesis ? { record: genesis } : {}),
  };
}

function verifies(publicKey: string, message: Uint8Array, signature: string): boolean {
  try {
    return curve25519.ed25519Verify(fromBase64Url(publicKey), message, fromBase64Url(signature));
  } catch {
    return false;
  }
}

/** Relay side: whether the presented `key` signed this connection's nonce (false when it was not presented). */
export function proves(message: Extract<ClientMessage, { type: 'auth' }>, nonce: string, key: string): boolean {
  const at = message.keys.indexOf(key);
  const signature = message.signatures[at];
  return at >= 0 && signature !== undefined && verifies(key, challengeBytes(message.workspaceId, nonce, key), signature);
}
