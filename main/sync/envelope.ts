// The envelope every Yjs update travels in: encrypted under the team's epoch key
// (XChaCha20-Poly1305, AAD = doc id, epoch, device, clock) and signed by the author
// device over every field. Also the compact binary encoding used on the wire and by the
// relay, which stores envelopes without being able to read them.
import { TesseraError } from '../errors';
import { NONCE_BYTES, open, seal } from '../crypto/aead';
import { digest, encodeFields, toBase64Url } from '../../protocol/canonical-encoding';
import { sign, verify } from '../../protocol/identity';

export interface Envelope {
  docId: string;
  /** Id of the team epoch whose key encrypted the update. */
  epoch: string;
  deviceId: string;
  /** Per device and doc, strictly increasing. */
  clock: number;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  signature: Uint8Array;
}

export interface EnvelopeAuthor {
  deviceId: string;
  signingSecretKey: Uint8Array;
}

const MAGIC = 0x54;
const VERSION = 1;
const SIGNATURE_BYTES = 64;
const MAX_ID_BYTES = 255;
export const MAX_ENVELOPE_BYTES = 8 * 1024 * 1024;

function aad(e: Pick<Envelope, 'docId' | 'epoch' | 'deviceId' | 'clock'>): Uint8Array {
  return encodeFields('tessera.sync.envelope-aad.v1', [e.docId, e.epoch, e.deviceId, e.clock]);
}

function signedBytes(e: Omit<Envelope, 'signature'>): Uint8Array {
  return encodeFields('tessera.sync.envelope.v1', [e.docId, e.epoch, e.deviceId, e.clock, e.nonce, e.ciphertext]);
}

export function sealEnvelope(args: {
  docId: string;
  epoch: string;
  epochKey: Uint8Array;
  author: EnvelopeAuthor;
  clock: number;
  update: Uint8Array;
}): Envelope {
  const header = { docId: args.docId, epoch: args.epoch, deviceId: args.author.deviceId, clock: args.clock };
  const box = seal(args.epochKey, args.update, aad(header));
  const unsigned = { ...header, nonce: box.slice(0, NONCE_BYTES), ciphertext: box.slice(NONCE_BYTES) };
  return { ...unsigned, signature: sign(args.author.signingSecretKey, signedBytes(unsigned)) };
}

export function envelopeSignatureValid(envelope: Envelope, signingPublicKey: Uint8Array): boolean {
  const { signature, ...unsigned } = envelope;
  return verify(signingPublicKey, signedBytes(unsigned), signature);
}

/** Decrypts; throws SYNC_TAMPERED when the ciphertext or its header was altered. */
export function openEnvelope(envelope: Envelope, epochKey: Uint8Array): Uint8Array {
  const box = new Uint8Array(NONCE_BYTES + envelope.ciphertext.length);
  box.set(envelope.nonce, 0);
  box.set(envelope.ciphertext, NONCE_BYTES);
  const plain = open(epochKey, box, aad(envelope));
  if (plain === null) throw new TesseraError('SYNC_TAMPERED', `An update for ${envelope.docId} failed authentication; it was discarded.`);
  return plain;
}

/** Identifies an envelope byte-for-byte; duplicates share it. */
export function envelopeId(encoded: Uint8Array): string {
  return toBase64Url(digest(encoded));
}

// --- binary encoding: magic ‖ version ‖ ids (u8/u16 length-prefixed) ‖ clock u64 ‖ nonce ‖ signature ‖ ciphertext

export function encodeEnvelope(e: Envelope): Uint8Array {
  const enc = new TextEncoder();
  const doc = enc.encode(e.docId);
  const epoch = enc.encode(e.epoch);
  const device = enc.encode(e.deviceId);
  if (doc.length > 0xffff || epoch.length > MAX_ID_BYTES || device.length > MAX_ID_BYTES) {
    throw new TesseraError('SYNC_MALFORMED', 'An envelope id is too long.');
  }
  const out = new Uint8Array(2 + 2 + doc.length + 1 + epoch.length + 1 + device.length + 8 + NONCE_BYTES + SIGNATURE_BYTES + e.ciphertext.length);
  const view = new DataView(out.buffer);
  let o = 0;
  out[o++] = MAGIC;
  out[o++] = VERSION;
  view.setUint16(o, doc.length);
  o += 2;
  const put = (part: Uint8Array) => {
    out.set(part, o);
    o += part.length;
  };
  put(doc);
  for (const id of [epoch, device]) {
    out[o++] = id.length;
    put(id);
  }
  view.setBigUint64(o, BigInt(e.clock));
  o += 8;
  put(e.nonce);
  put(e.signature);
  put(e.ciphertext);
  return out;
}

export function decodeEnvelope(bytes: Uint8Array): Envelope {
  const malformed = () => new TesseraError('SYNC_MALFORMED', 'Received an envelope that is not in the Tessera format; it was discarded.');
  if (bytes.length > MAX_ENVELOPE_BYTES || bytes.length < 4 || bytes[0] !== MAGIC || bytes[1] !== VERSION) throw malformed();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dec = new TextDecoder('utf-8', { fatal: true });
  let o = 2;
  const take = (n: number) => {
    if (o + n > bytes.length) throw malformed();
    const part = bytes.slice(o, o + n);
    o += n;
    return part;
  };
  const text = (n: number) => {
    try {
      return dec.decode(take(n));
    } catch {
      throw malformed();
    }
  };
  const docLengthAt = o;
  take(2);
  const docId = text(view.getUint16(docLengthAt));
  const epoch = text(take(1)[0]!);
  const deviceId = text(take(1)[0]!);
  const clockAt = o;
  take(8);
  const clock = Number(view.getBigUint64(clockAt));
  const nonce = take(NONCE_BYTES);
  const signature = take(SIGNATURE_BYTES);
  const ciphertext = bytes.slice(o);
  if (!docId || !epoch || !deviceId || !Number.isSafeInteger(clock) || clock < 1 || ciphertext.length < 16) throw malformed();
  return { docId, epoch, deviceId, clock, nonce, ciphertext, signature };
}
