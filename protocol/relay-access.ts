// Relay access keys: how a device proves to a relay that it belongs to a workspace without
// the relay learning anything it could decrypt with. Each team epoch key yields, through
// HKDF, an Ed25519 relay-access key pair; each epoch's public key is signed by the previous
// epoch's (a "link"), so a relay that pinned an older key (trust on first use) can follow the
// chain to the newest. A device answers the relay's nonce with the newest key it holds. A
// removed member lacks the new epoch key, so once anyone presents the new key the relay
// stops serving them anything but the (signed, unencrypted) team chain.
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeFields, fromBase64Url, toBase64Url, utf8 } from './canonical-encoding';
import type { ClientMessage } from './relay-frames';

export interface RelayCredentials {
  workspaceId: string;
  /** Public relay-access keys, oldest epoch first (base64url). */
  keys: string[];
  /** links[i]: keys[i] signing keys[i + 1]. */
  links: string[];
  /** Secret key of the newest. */
  secretKey: Uint8Array;
}

/** What a SyncClient asks before authenticating: the newest credentials, or undefined while the device holds no epoch key. */
export interface RelayAccess {
  workspaceId: string;
  credentials(): RelayCredentials | undefined;
}

export function relayAccessKeyPair(workspaceId: string, epochKey: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = hkdf(sha256, epochKey, utf8(workspaceId), utf8('tessera.relay-access.v1'), 32);
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

const linkBytes = (workspaceId: string, next: string) => encodeFields('tessera.relay-access.link.v1', [workspaceId, next]);
const challengeBytes = (workspaceId: string, nonce: string, key: string) => encodeFields('tessera.relay-access.auth.v1', [workspaceId, nonce, key]);

/** Credentials from the epoch keys a device holds, in chain order. */
export function relayCredentials(workspaceId: string, epochKeys: readonly Uint8Array[]): RelayCredentials | undefined {
  if (!epochKeys.length) return undefined;
  const pairs = epochKeys.map((k) => relayAccessKeyPair(workspaceId, k));
  const keys = pairs.map((p) => toBase64Url(p.publicKey));
  const links = keys.slice(1).map((next, i) => toBase64Url(ed25519.sign(linkBytes(workspaceId, next), pairs[i]!.secretKey)));
  return { workspaceId, keys, links, secretKey: pairs.at(-1)!.secretKey };
}

/** A workspace's relay access, recomputed only when the epochs this device holds change. */
export function workspaceRelayAccess(workspace: {
  workspaceId: string;
  state: { epochs: readonly { epochId: string }[] };
  epochKey(epochId: string): Uint8Array | undefined;
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
        cached = relayCredentials(workspace.workspaceId, held.map((id) => workspace.epochKey(id)!));
      }
      return cached;
    },
  };
}

export function authMessage(credentials: RelayCredentials, nonce: string, id: number): Extract<ClientMessage, { type: 'auth' }> {
  const newest = credentials.keys.at(-1)!;
  const signature = toBase64Url(ed25519.sign(challengeBytes(credentials.workspaceId, nonce, newest), credentials.secretKey));
  return { type: 'auth', id, workspaceId: credentials.workspaceId, keys: credentials.keys, links: credentials.links, signature };
}

function verifies(publicKey: string, message: Uint8Array, signature: string): boolean {
  try {
    return ed25519.verify(fromBase64Url(signature), message, fromBase64Url(publicKey));
  } catch {
    return false;
  }
}

/** Relay side: the presented newest key signed this connection's nonce. */
export function proofValid(message: Extract<ClientMessage, { type: 'auth' }>, nonce: string): boolean {
  return verifies(message.keys.at(-1)!, challengeBytes(message.workspaceId, nonce, message.keys.at(-1)!), message.signature);
}

/** Relay side: every link from `from` to the newest key is signed by the key before it. */
export function linksValid(message: Extract<ClientMessage, { type: 'auth' }>, from: number): boolean {
  if (message.links.length !== message.keys.length - 1) return false;
  for (let i = from; i < message.keys.length - 1; i++) {
    if (!verifies(message.keys[i]!, linkBytes(message.workspaceId, message.keys[i + 1]!), message.links[i]!)) return false;
  }
  return true;
}
