// The envelope every Yjs update travels in: encrypted under the team's epoch key
// (XChaCha20-Poly1305, AAD = doc id, epoch, device, clock) and signed by the author
// device over every field. Also the compact binary encoding used on the wire and by the
// relay, which stores envelopes without being able to read them (versions below).
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

// --- binary encoding
// Version 2 (written now): magic ‖ 2 ‖ epoch id ‖ device id ‖ clock (minimal unsigned LEB128)
// ‖ nonce ‖ signature ‖ ciphertext. An id is a u8 length and its UTF-8 text, or, for an id that
// is the canonical base64url of at most 127 bytes (every id Tessera makes: 16 random or hashed
// bytes), 0x80 + the byte count and those bytes. The doc id is not repeated: the log a record
// travels in names it, and the AAD and the signature bind it, so a record moved to another
// doc's log fails its signature there. Version 1 (what relays may still hold; read,
// and written only on request): magic ‖ 1 ‖ doc id (u16 length) ‖ epoch ‖ device (u8 length)
// ‖ clock u64 ‖ nonce ‖ signature ‖ ciphertext.

export type EnvelopeVersion = 1 | 2;
const MAX_CLOCK_BYTES = 8;
const RAW_ID = 0x80;

/** Version 2's id field: the raw bytes when the id is their canonical base64url (no other text decodes to them). */
function idField(id: string): Uint8Array {
  if (/^[A-Za-z0-9_-]+$/.test(id)) {
    const raw = Buffer.from(id, 'base64url');
    if (raw.length < RAW_ID && raw.toString('base64url') === id) return new Uint8Array([RAW_ID + raw.length, ...raw]);
  }
  const text = new TextEncoder().encode(id);
  if (text.length >= RAW_ID) throw new TesseraError('SYNC_MALFORMED', 'An envelope id is too long or its clock out of range.');
  return new Uint8Array([text.length, ...text]);
}

function leb128(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

export function encodeEnvelope(e: Envelope, version: EnvelopeVersion = 2): Uint8Array {
  const outOfRange = () => new TesseraError('SYNC_MALFORMED', 'An envelope id is too long or its clock out of range.');
  if (!Number.isSafeInteger(e.clock) || e.clock < 1) throw outOfRange();
  let header: Uint8Array[];
  if (version === 1) {
    const enc = new TextEncoder();
    const [doc, epoch, device] = [enc.encode(e.docId), enc.encode(e.epoch), enc.encode(e.deviceId)];
    if (doc.length > 0xffff || epoch.length > MAX_ID_BYTES || device.length > MAX_ID_BYTES) throw outOfRange();
    const clock = new Uint8Array(8);
    new DataView(clock.buffer).setBigUint64(0, BigInt(e.clock));
    header = [new Uint8Array([doc.length >> 8, doc.length & 0xff]), doc, new Uint8Array([epoch.length]), epoch, new Uint8Array([device.length]), device, clock];
  } else {
    header = [idField(e.epoch), idField(e.deviceId), new Uint8Array(leb128(e.clock))];
  }
  const out = new Uint8Array(2 + header.reduce((n, part) => n + part.length, 0) + NONCE_BYTES + SIGNATURE_BYTES + e.ciphertext.length);
  let o = 0;
  const put = (part: Uint8Array) => {
    out.set(part, o);
    o += part.length;
  };
  out[o++] = MAGIC;
  out[o++] = version;
  header.forEach(put);
  put(e.nonce);
  put(e.signature);
  put(e.ciphertext);
  return out;
}

/** `docId`: the doc whose log carried the record (a version 1 envelope names its own, which the receiver compares). */
export function decodeEnvelope(bytes: Uint8Array, docId: string): Envelope {
  const malformed = () => new TesseraError('SYNC_MALFORMED', 'Received an envelope that is not in the Tessera format; it was discarded.');
  const version = bytes[1];
  if (bytes.length > MAX_ENVELOPE_BYTES || bytes.length < 4 || bytes[0] !== MAGIC || (version !== 1 && version !== 2)) throw malformed();
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
  const id = () => {
    const length = take(1)[0]!;
    if (version === 1) return text(length);
    if (length >= RAW_ID) return Buffer.from(take(length - RAW_ID)).toString('base64url');
    // As text only what idField writes as text: one encoding per envelope (its id is the hash of its bytes).
    const written = text(length);
    return idField(written)[0]! < RAW_ID ? written : '';
  };
  const named = version === 1 ? text(new DataView(take(2).buffer).getUint16(0)) : docId;
  const epoch = id();
  const deviceId = id();
  let clock = 0;
  if (version === 1) {
    clock = Number(new DataView(take(8).buffer).getBigUint64(0));
  } else {
    for (let i = 0, scale = 1; ; i++, scale *= 0x80) {
      const byte = take(1)[0]!;
      // Minimal encodings only: one clock, one byte string (envelope ids are hashes of the bytes).
      if (i >= MAX_CLOCK_BYTES || (i > 0 && byte === 0)) throw malformed();
      clock += (byte & 0x7f) * scale;
      if (!(byte & 0x80)) break;
    }
  }
  const nonce = take(NONCE_BYTES);
  const signature = take(SIGNATURE_BYTES);
  const ciphertext = bytes.slice(o);
  if (!named || !epoch || !deviceId || !Number.isSafeInteger(clock) || clock < 1 || ciphertext.length < 16) throw malformed();
  return { docId: named, epoch, deviceId, clock, nonce, ciphertext, signature };
}
