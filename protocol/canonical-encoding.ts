// The byte encodings every signature and hash in main/sync is computed over. Signed data
// must encode one way only: fields are length-prefixed and domain-separated by a context
// label, and JSON objects are serialized with sorted keys.
import { createHash } from 'node:crypto';
import { TesseraError } from '../main/errors';

const encoder = new TextEncoder();

export type Field = string | number | Uint8Array;

/** Context label first, then each field as tag ‖ u32 length ‖ bytes, so no two field lists collide. */
export function encodeFields(context: string, fields: readonly Field[]): Uint8Array {
  const chunks = [context, ...fields].map((field) => {
    if (field instanceof Uint8Array) return { tag: 1, bytes: field };
    if (typeof field === 'number') {
      if (!Number.isSafeInteger(field)) throw new TesseraError('SYNC_MALFORMED', 'A signed number field must be a safe integer.');
      return { tag: 2, bytes: encoder.encode(String(field)) };
    }
    return { tag: 3, bytes: encoder.encode(field) };
  });
  const out = new Uint8Array(chunks.reduce((n, c) => n + 5 + c.bytes.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const { tag, bytes } of chunks) {
    out[offset] = tag;
    view.setUint32(offset + 1, bytes.length);
    out.set(bytes, offset + 5);
    offset += 5 + bytes.length;
  }
  return out;
}

/** JSON with object keys sorted at every level; the input must be plain JSON data. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** SHA-256 (native: every envelope id is one). */
export function digest(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Strict: rejects characters outside the base64url alphabet instead of skipping them like Buffer does. */
export function fromBase64Url(text: string, what = 'value'): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new TesseraError('SYNC_MALFORMED', `The ${what} is not valid base64url.`);
  }
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
