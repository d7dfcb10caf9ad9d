// The printable recovery key: 32 random bytes plus a 2-byte checksum, written as 55
// Crockford base32 characters in 11 groups of 5 ("7H2KQ-…"). The checksum tells a typo
// apart from a wrong key; parsing forgives case, spaces, dashes and the I/L/O look-alikes.
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import { TesseraError } from '../errors';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_BYTES = 32;
const CHECKSUM_BYTES = 2;
const GROUP = 5;
/** ceil((32 + 2) * 8 / 5) */
const CHARS = Math.ceil(((KEY_BYTES + CHECKSUM_BYTES) * 8) / 5);

export interface RecoveryKey {
  /** The 32 secret bytes; the caller zeroes them. */
  bytes: Uint8Array;
  /** What the person writes down. */
  printable: string;
}

export function generateRecoveryKey(): RecoveryKey {
  const bytes = new Uint8Array(randomBytes(KEY_BYTES));
  return { bytes, printable: formatRecoveryKey(bytes) };
}

export function formatRecoveryKey(bytes: Uint8Array): string {
  const payload = new Uint8Array(KEY_BYTES + CHECKSUM_BYTES);
  payload.set(bytes, 0);
  payload.set(sha256(bytes).subarray(0, CHECKSUM_BYTES), KEY_BYTES);
  let bits = 0;
  let value = 0;
  let chars = '';
  for (const byte of payload) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      chars += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) chars += ALPHABET[(value << (5 - bits)) & 31];
  payload.fill(0);
  return chars.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** Throws WRONG_RECOVERY_KEY when the text is not a recovery key or has a typo. */
export function parseRecoveryKey(text: string): Uint8Array {
  const chars = text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (chars.length !== CHARS || [...chars].some((c) => !ALPHABET.includes(c))) {
    throw new TesseraError(
      'WRONG_RECOVERY_KEY',
      `That is not a recovery key: expected ${CHARS} characters in groups of ${GROUP}. Check the printed copy.`,
    );
  }
  const payload = new Uint8Array(KEY_BYTES + CHECKSUM_BYTES);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const c of chars) {
    value = ((value << 5) | ALPHABET.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8 && index < payload.length) {
      payload[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  const bytes = payload.slice(0, KEY_BYTES);
  const expected = sha256(bytes).subarray(0, CHECKSUM_BYTES);
  const valid = expected[0] === payload[KEY_BYTES] && expected[1] === payload[KEY_BYTES + 1];
  payload.fill(0);
  if (!valid) {
    bytes.fill(0);
    throw new TesseraError('WRONG_RECOVERY_KEY', 'The recovery key has a typo (its checksum does not match). Check each group against the printed copy.');
  }
  return bytes;
}
