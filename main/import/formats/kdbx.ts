// KeePass and KeePassXC databases (.kdbx, versions 3.1 and 4: AES-KDF or Argon2, key file
// optional), opened by kdbxweb with the project's argon2 for the key derivation, then read as
// the KeePass XML the database holds (keepass-xml.ts: groups as tags, the `otp` attribute,
// protected fields secret, history, Recycle Bin left out). The key derivation's cost is checked
// against ceilings before any work, so a crafted header cannot make Tessera allocate gigabytes
// or spin for hours; a wrong password or key file is said as such.
import { createRequire } from 'node:module';
import argon2 from 'argon2';
import type * as Kdbxweb from 'kdbxweb';
import { TesseraError } from '../../errors';
import { importInvalid, type ParsedImport } from '../imported-account';
import { readKeePassXml } from './keepass-xml';

/** KDBX files start with these eight bytes (signature 1 and 2). */
export function isKdbx(bytes: Uint8Array): boolean {
  return [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5].every((b, i) => bytes[i] === b);
}

/** Far above what KeePassXC offers (its maximum memory is 4 GiB only in its advanced settings; its default 64 MiB). */
export const MAX_ARGON2_MEMORY_KIB = 1024 * 1024;
export const MAX_ARGON2_ITERATIONS = 1000;
export const MAX_AES_KDF_ROUNDS = 100_000_000;

export interface KdbxCredentials {
  password: string;
  /** The key file's bytes, when the database has one. */
  keyFile?: Uint8Array;
}

const tooCostly = (what: string) => importInvalid(`This database's key derivation asks for ${what}, far more than KeePass or KeePassXC ever set; it was refused unopened.`);

// kdbxweb is a UMD bundle: required (on first use, so the CLI does not load it for other
// commands) rather than imported, which in ESM would see only some of its names.
let loaded: typeof Kdbxweb | undefined;
function kdbxwebWithArgon2(): typeof Kdbxweb {
  if (loaded) return loaded;
  const kdbxweb = createRequire(import.meta.url)('kdbxweb') as typeof Kdbxweb;
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
    if (memory > MAX_ARGON2_MEMORY_KIB) throw tooCostly(`${Math.round(memory / 1024)} MiB of memory`);
    if (iterations > MAX_ARGON2_ITERATIONS) throw tooCostly(`${iterations} Argon2 iterations`);
    const hash = await argon2.hash(Buffer.from(password), {
      raw: true,
      salt: Buffer.from(salt),
      memoryCost: memory,
      timeCost: iterations,
      hashLength: length,
      parallelism,
      type: type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? argon2.argon2id : argon2.argon2d,
      version,
    });
    return hash.buffer.slice(hash.byteOffset, hash.byteOffset + hash.byteLength) as ArrayBuffer;
  });
  loaded = kdbxweb;
  return kdbxweb;
}

/** The AES-KDF rounds a KDBX 3.1 or 4 header asks for, read before any key derivation. */
function checkAesRounds(kdbxweb: typeof Kdbxweb, bytes: Uint8Array): void {
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let header: Kdbxweb.KdbxHeader;
  try {
    header = kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(data), new kdbxweb.KdbxContext({ kdbx: new kdbxweb.Kdbx() }));
  } catch {
    throw importInvalid('This KeePass database is damaged or cut short (its header cannot be read).');
  }
  const rounds = header.keyEncryptionRounds ?? (header.kdfParameters?.get('R') as Kdbxweb.Int64 | undefined)?.value;
  if (typeof rounds === 'number' && rounds > MAX_AES_KDF_ROUNDS) throw tooCostly(`${rounds.toLocaleString('en')} AES rounds`);
}

export async function readKdbx(bytes: Uint8Array, credentials: KdbxCredentials): Promise<ParsedImport> {
  const kdbxweb = kdbxwebWithArgon2();
  checkAesRounds(kdbxweb, bytes);
  let db: Kdbxweb.Kdbx;
  try {
    const keyFile = credentials.keyFile ? credentials.keyFile.buffer.slice(credentials.keyFile.byteOffset, credentials.keyFile.byteOffset + credentials.keyFile.byteLength) as ArrayBuffer : null;
    const creds = new kdbxweb.KdbxCredentials(kdbxweb.ProtectedValue.fromString(credentials.password), keyFile);
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    db = await kdbxweb.Kdbx.load(data, creds);
  } catch (error) {
    if (error instanceof TesseraError) throw error;
    const code = (error as { code?: string }).code;
    if (code === kdbxweb.Consts.ErrorCodes.InvalidKey) throw new TesseraError('IMPORT_INVALID', 'This KeePass database does not open with that password (and key file). Check them and try again.');
    if (code === kdbxweb.Consts.ErrorCodes.InvalidVersion) throw importInvalid('This KeePass database uses a format version Tessera cannot read (KDBX 3.1 and 4 are read). Save it in KeePassXC 2.7 or later and try again.');
    throw importInvalid('This KeePass database is damaged or cut short. Open it in KeePassXC to check it, then export again.');
  }
  // The database's own XML, protected values in the clear (only in this process's memory).
  const xml = await db.saveXml();
  const parsed = readKeePassXml(xml);
  return { ...parsed, format: 'kdbx' };
}
