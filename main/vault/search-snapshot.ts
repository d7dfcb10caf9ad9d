// The sealed search snapshot: what a search needs without opening every summary shard —
// the search index as built (its text, layout and word dictionary, search-index.ts) and the
// password reuse counts. It is derived data, stored in one row beside the shards and sealed
// with the index key, bound to the vault and to the shard generations it was built from:
// after any change to a summary the generations move, the snapshot no longer opens, and the
// index is built from the summaries again (and a fresh snapshot saved by whoever asks).
// So a whole-process search of a large vault (the CLI) decrypts one blob and the shards of
// its matches instead of every summary. Pure: encoding, sealing, opening.
import { createHash } from 'node:crypto';
import { encodeAad, open, seal } from '../crypto/aead';
import type { ItemLayout } from './search-text';
import type { WordIndex } from './search-words';

/** The index as search-index.ts builds it: the parts kept between processes. */
export interface IndexParts extends ItemLayout {
  text: string;
  ids: string[];
  nameLengths: Uint16Array;
  words: WordIndex;
}

/** Per password fingerprint used by more than one live account, how many use it. */
export interface PasswordReuse {
  reused: ReadonlyMap<string, number>;
  /** False while some summary (trash included) has no fingerprint yet (written before schema 5): reuse not known. */
  known: boolean;
}

export interface SearchSnapshot {
  index: IndexParts;
  reuse: PasswordReuse;
}

const FORMAT = 1;

type ArrayKind = 'i32' | 'u32' | 'u16' | 'f64';
type Section = { name: string; kind: ArrayKind | 'utf8'; bytes: number; count: number };

interface Header {
  format: number;
  littleEndian: boolean;
  occScale: number;
  reused: [string, number][];
  reuseKnown: boolean;
  sections: Section[];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** SHA-256 of the shard generations: which state of the summaries a snapshot describes. */
export function generationsDigest(shardGenerations: readonly number[]): string {
  const hash = createHash('sha256');
  hash.update(new Uint8Array(new Uint32Array(shardGenerations).buffer));
  return hash.digest('hex');
}

function snapshotAad(vaultId: string, digest: string): Uint8Array {
  return encodeAad('search-snapshot', vaultId, FORMAT, digest);
}

const align8 = (n: number) => (n + 7) & ~7;

function typedKind(array: Int32Array | Uint32Array | Uint16Array | Float64Array): ArrayKind {
  if (array instanceof Int32Array) return 'i32';
  if (array instanceof Uint32Array) return 'u32';
  if (array instanceof Uint16Array) return 'u16';
  return 'f64';
}

/**
 * Binary layout: a 4-byte header length, the JSON header, then 8-aligned sections. Null when
 * an id holds a line break (ids are stored one per line): such a vault searches without one.
 */
export function encodeSnapshot(snapshot: SearchSnapshot): Uint8Array | null {
  const { index, reuse } = snapshot;
  if (index.ids.some((id) => id.includes('\n'))) return null;
  const encoder = new TextEncoder();
  const parts: { name: string; data: Uint8Array; kind: Section['kind']; count: number }[] = [];
  const addText = (name: string, value: string) => {
    const data = encoder.encode(value);
    parts.push({ name, data, kind: 'utf8', count: value.length });
  };
  const addArray = (name: string, array: Int32Array | Uint32Array | Uint16Array | Float64Array) => {
    parts.push({ name, data: new Uint8Array(array.buffer, array.byteOffset, array.byteLength), kind: typedKind(array), count: array.length });
  };
  addText('text', index.text);
  addText('ids', index.ids.join('\n'));
  addArray('itemStarts', index.itemStarts);
  addArray('fieldStarts', index.fieldStarts);
  addArray('nameLengths', index.nameLengths);
  addText('words', index.words.words);
  addArray('wordStarts', index.words.wordStarts);
  addText('tails', index.words.tails);
  addArray('tailStarts', index.words.tailStarts);
  addArray('occStarts', index.words.occStarts);
  addArray('occ', index.words.occ);
  addArray('fieldChars', index.words.fieldChars);
  const header: Header = {
    format: FORMAT,
    littleEndian: LITTLE_ENDIAN,
    occScale: index.words.occScale,
    reused: [...reuse.reused],
    reuseKnown: reuse.known,
    sections: parts.map(({ name, data, kind, count }) => ({ name, kind, bytes: data.byteLength, count })),
  };
  const headerBytes = encoder.encode(JSON.stringify(header));
  let size = align8(4 + headerBytes.byteLength);
  for (const part of parts) size += align8(part.data.byteLength);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, headerBytes.byteLength, true);
  out.set(headerBytes, 4);
  let offset = align8(4 + headerBytes.byteLength);
  for (const part of parts) {
    out.set(part.data, offset);
    offset += align8(part.data.byteLength);
  }
  return out;
}

/** Null when the bytes are not a snapshot this version can read (it is then rebuilt). */
export function decodeSnapshot(input: Uint8Array): SearchSnapshot | null {
  // Typed arrays view the bytes directly, so the start must be 8-aligned.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.byteLength < 4) return null;
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) return null;
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Header;
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || header.format !== FORMAT || header.littleEndian !== LITTLE_ENDIAN || !Array.isArray(header.sections)) return null;
  const decoder = new TextDecoder();
  const texts = new Map<string, string>();
  const arrays = new Map<string, Int32Array | Uint32Array | Uint16Array | Float64Array>();
  let offset = align8(4 + headerLength);
  for (const section of header.sections) {
    if (offset + section.bytes > bytes.byteLength) return null;
    const at = bytes.byteOffset + offset;
    const view = bytes.subarray(offset, offset + section.bytes);
    if (section.kind === 'utf8') {
      const text = decoder.decode(view);
      if (text.length !== section.count) return null;
      texts.set(section.name, text);
    } else {
      const Kind = { i32: Int32Array, u32: Uint32Array, u16: Uint16Array, f64: Float64Array }[section.kind];
      if (Kind === undefined || section.bytes !== section.count * Kind.BYTES_PER_ELEMENT) return null;
      arrays.set(section.name, new Kind(bytes.buffer as ArrayBuffer, at, section.count));
    }
    offset += align8(section.bytes);
  }
  const text = (name: string) => texts.get(name);
  const i32 = (name: string) => {
    const array = arrays.get(name);
    return array instanceof Int32Array ? array : undefined;
  };
  const [indexText, ids, words, tails] = [text('text'), text('ids'), text('words'), text('tails')];
  const [itemStarts, fieldStarts, wordStarts, tailStarts, occStarts] = ['itemStarts', 'fieldStarts', 'wordStarts', 'tailStarts', 'occStarts'].map(i32);
  const nameLengths = arrays.get('nameLengths');
  const occ = arrays.get('occ');
  const fieldChars = arrays.get('fieldChars');
  if (
    indexText === undefined || ids === undefined || words === undefined || tails === undefined ||
    !itemStarts || !fieldStarts || !wordStarts || !tailStarts || !occStarts ||
    !(nameLengths instanceof Uint16Array) || !(occ instanceof Int32Array || occ instanceof Float64Array) || !(fieldChars instanceof Uint32Array)
  ) {
    return null;
  }
  const idList = ids === '' ? [] : ids.split('\n');
  const n = idList.length;
  if (itemStarts.length !== n + 1 || fieldStarts.length !== n * 4 || nameLengths.length !== n || fieldChars.length !== n * 4) return null;
  return {
    index: {
      text: indexText,
      ids: idList,
      itemStarts,
      fieldStarts,
      nameLengths,
      words: { words, wordStarts, tails, tailStarts, occStarts, occ, occScale: header.occScale, fieldChars },
    },
    reuse: { reused: new Map(header.reused), known: header.reuseKnown === true },
  };
}

export function sealSnapshot(indexKey: Uint8Array, vaultId: string, digest: string, snapshot: SearchSnapshot): Uint8Array | null {
  const plain = encodeSnapshot(snapshot);
  return plain === null ? null : seal(indexKey, plain, snapshotAad(vaultId, digest));
}

/** Null when the blob was altered, is from another vault, or describes other summaries (stale). */
export function openSnapshot(indexKey: Uint8Array, vaultId: string, digest: string, blob: Uint8Array): SearchSnapshot | null {
  const plain = open(indexKey, blob, snapshotAad(vaultId, digest));
  return plain === null ? null : decodeSnapshot(plain);
}
