// The channel between the browser extension and the desktop app (through the native
// messaging host, which only forwards frames): the frames both sides send, the pairing code
// and the sealed session. Pure WebCrypto (ECDH P-256, HKDF-SHA-256, AES-256-GCM), so the same
// code runs in the app (Node 22) and in the extension (Chromium, Firefox); no Buffer, no DOM.
//
// Pairing: the extension and the app each hold an ECDH key pair; the code both show is derived
// from their shared secret and the whole transcript (both public keys, both nonces), so a
// process in the middle cannot make the two codes agree. Once the person confirms in the app,
// each side pins the other's public key. Every later connection derives fresh session keys
// from the pinned keys and new nonces; each sealed frame carries a sequence number bound into
// its authentication, so a frame replayed, dropped or reordered is refused.

/** The native messaging host's name (the manifest file is `<name>.json`). */
export const NATIVE_HOST_NAME = 'app.tessera.browser';
/** The unpacked Chromium extension's ID: fixed by the public key in its manifest (`key`). */
export const CHROMIUM_EXTENSION_ID = 'hlmbbpajndcafnkbeegggoeeajbcjkob';
/** The Firefox add-on's ID (`browser_specific_settings.gecko.id`). */
export const FIREFOX_EXTENSION_ID = 'browser@tessera.app';
/** Chromium refuses a message from the host over 1 MiB; both sides stay under it. */
export const MAX_FRAME_BYTES = 1024 * 1024;
export const CHANNEL_VERSION = 1;

/** Frames in the clear: the handshake, and states that carry no secret. */
export type ClearFrame =
  /** ext → app: a paired extension opens a session (browserId from pairing; publicKey its pinned key). */
  | { t: 'hello'; v: number; browserId: string; publicKey: string; nonce: string }
  /** ext → app: an unpaired extension asks to pair; `name` says which browser ("Chromium on Linux"). */
  | { t: 'pair'; v: number; publicKey: string; nonce: string; name: string }
  /** app → ext: the session is open (publicKey: the app's key for this pairing, which the extension pinned). */
  | { t: 'welcome'; publicKey: string; nonce: string }
  /** app → ext: a pairing waits for the person to confirm the code in the app. */
  | { t: 'pair-pending'; publicKey: string; nonce: string }
  /** app → ext: the vault is locked; nothing else is answered until it is unlocked. */
  | { t: 'locked' }
  /** app → ext: this browser is not (or no longer) paired. */
  | { t: 'unpaired' }
  /** ext → app: the person asked to unlock; the app shows its window. */
  | { t: 'show-unlock' }
  /** host → ext: the desktop app is not running (or not reachable). */
  | { t: 'app-unavailable' }
  /** either way: the other side refused the handshake or a frame (stable code, no secret). */
  | { t: 'error'; code: string; message: string };

/** An encrypted frame of an open session. */
export type SealedFrame = { t: 'sealed'; seq: number; iv: string; data: string };
export type ChannelFrame = ClearFrame | SealedFrame;

export type ChannelSide = 'extension' | 'app';

// ---------------------------------------------------------------------------------------
// Bytes

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict base64url; ChannelError('BAD_FRAME') for anything else. */
export function fromBase64Url(text: string): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new ChannelError('BAD_FRAME', 'A frame field is not base64url.');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function randomNonce(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/** A failure of the channel itself (not of a request): a stable code and a message without secrets. */
export class ChannelError extends Error {
  constructor(
    readonly code: 'BAD_FRAME' | 'BAD_KEY' | 'TAMPERED' | 'REPLAYED',
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

// ---------------------------------------------------------------------------------------
// Keys

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** WebCrypto's CryptoKey, named without the DOM library (Node's and the browser's types both fit). */
export type ChannelKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export interface ChannelKeyPair {
  privateKey: ChannelKey;
  /** The raw (uncompressed point) public key, base64url. */
  publicKey: string;
}

/**
 * A new key pair. The extension keeps its private key non-extractable (in IndexedDB); the app
 * passes `extractable` to seal it into the vault (exportPrivateKey).
 */
export async function generateChannelKeyPair(extractable = false): Promise<ChannelKeyPair> {
  const pair = (await crypto.subtle.generateKey(ECDH, extractable, ['deriveBits'])) as { privateKey: ChannelKey; publicKey: ChannelKey };
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: toBase64Url(raw) };
}

export async function exportPrivateKey(key: ChannelKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

export async function importPrivateKey(pkcs8: Uint8Array): Promise<ChannelKey> {
  return crypto.subtle.importKey('pkcs8', concat(pkcs8), ECDH, false, ['deriveBits']);
}

async function importPublicKey(publicKey: string): Promise<ChannelKey> {
  const raw = fromBase64Url(publicKey);
  if (raw.length !== 65 || raw[0] !== 4) throw new ChannelError('BAD_KEY', 'The public key is not an uncompressed P-256 point.');
  try {
    return await crypto.subtle.importKey('raw', concat(raw), ECDH, false, []);
  } catch {
    throw new ChannelError('BAD_KEY', 'The public key is not a valid P-256 point.');
  }
}

/** What both sides bind every derived key to: both public keys and both nonces, in a fixed order. */
export interface Transcript {
  extensionKey: string;
  extensionNonce: string;
  appKey: string;
  appNonce: string;
}

async function transcriptSalt(purpose: 'pair' | 'session', t: Transcript): Promise<Uint8Array<ArrayBuffer>> {
  const text = [`tessera-browser-v${CHANNEL_VERSION}`, purpose, t.extensionKey, t.extensionNonce, t.appKey, t.appNonce].join('|');
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function sharedSecret(own: ChannelKey, peerPublic: string): Promise<ChannelKey> {
  const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: await importPublicKey(peerPublic) }, own, 256);
  return crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveBits', 'deriveKey']);
}

/**
 * The six-digit code the popup and the app both show while pairing. Equal on both sides only
 * when each side saw the other's real key and nonce.
 */
export async function pairingCode(own: ChannelKey, peerPublic: string, transcript: Transcript): Promise<string> {
  const secret = await sharedSecret(own, peerPublic);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: await transcriptSalt('pair', transcript), info: encoder.encode('pairing code') },
    secret,
    64,
  );
  const view = new DataView(bits);
  // 64 bits mod 10^6: the bias is below 2^-40.
  const value = (BigInt(view.getUint32(0)) << 32n) | BigInt(view.getUint32(4));
  return (value % 1_000_000n).toString().padStart(6, '0');
}

// ---------------------------------------------------------------------------------------
// Sessions

/**
 * One direction-keyed, sequence-checked cipher per connection. `seal` numbers frames from 0;
 * `open` accepts only the next number, so a replayed, dropped or reordered frame is refused.
 */
export class ChannelSession {
  private sendSeq = 0;
  private receiveSeq = 0;

  private constructor(
    private readonly side: ChannelSide,
    private readonly sendKey: ChannelKey,
    private readonly receiveKey: ChannelKey,
  ) {}

  /**
   * Derives the session of `side` from its own private key, the peer's public key and the
   * transcript. `purpose` 'pair' for the session of a pairing in progress, 'session' after.
   */
  static async open(side: ChannelSide, own: ChannelKey, peerPublic: string, transcript: Transcript, purpose: 'pair' | 'session'): Promise<ChannelSession> {
    const secret = await sharedSecret(own, peerPublic);
    const salt = await transcriptSalt(purpose, transcript);
    const key = (direction: string) =>
      crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode(direction) }, secret, { name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ]);
    const [toApp, toExtension] = await Promise.all([key('extension to app'), key('app to extension')]);
    return side === 'extension' ? new ChannelSession(side, toApp, toExtension) : new ChannelSession(side, toExtension, toApp);
  }

  private aad(sender: ChannelSide, seq: number): Uint8Array<ArrayBuffer> {
    return encoder.encode(`tessera-browser-v${CHANNEL_VERSION}|${sender}|${seq}`);
  }

  async seal(message: unknown): Promise<SealedFrame> {
    const seq = this.sendSeq++;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: this.aad(this.side, seq) }, this.sendKey, encoder.encode(JSON.stringify(message)));
    return { t: 'sealed', seq, iv: toBase64Url(iv), data: toBase64Url(new Uint8Array(data)) };
  }

  async open(frame: SealedFrame): Promise<unknown> {
    if (!Number.isSafeInteger(frame.seq) || frame.seq !== this.receiveSeq) {
      throw new ChannelError('REPLAYED', `Frame ${String(frame.seq)} arrived where ${this.receiveSeq} was due: refused (replayed, dropped or reordered).`);
    }
    const iv = fromBase64Url(frame.iv);
    if (iv.length !== 12) throw new ChannelError('BAD_FRAME', 'A sealed frame has an IV of the wrong length.');
    const peer: ChannelSide = this.side === 'extension' ? 'app' : 'extension';
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: concat(iv), additionalData: this.aad(peer, frame.seq) }, this.receiveKey, concat(fromBase64Url(frame.data)));
    } catch {
      throw new ChannelError('TAMPERED', 'A sealed frame failed authentication: it was changed, or sealed with another key.');
    }
    this.receiveSeq++;
    return JSON.parse(decoder.decode(plain)) as unknown;
  }
}

/** Reads a frame's shape loosely (the side that reads it checks each field it uses). */
export function isSealedFrame(frame: unknown): frame is SealedFrame {
  if (typeof frame !== 'object' || frame === null) return false;
  const f = frame as Record<string, unknown>;
  return f.t === 'sealed' && typeof f.seq === 'number' && typeof f.iv === 'string' && typeof f.data === 'string';
}
