// Bitwarden's password-protected encrypted JSON export (Export vault → File format ".json
// (Encrypted)" → Password protected), as Bitwarden describes it: the export password and the
// file's salt give a key through the KDF the file names (PBKDF2-SHA256, or Argon2id with the
// SHA-256 of the salt), stretched with HKDF-Expand into an encryption and a MAC key; `data`
// (and the validation string) are type-2 cipher strings — AES-256-CBC with HMAC-SHA256 over
// IV and ciphertext, checked before decrypting. The decrypted text is the unencrypted JSON
// export, read as such. The KDF's cost is checked against ceilings before any work.
import { createDecipheriv, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import argon2 from 'argon2';
import { expand } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { TesseraError } from '../../errors';
import { importInvalid, type ParsedImport } from '../imported-account';
import { readBitwardenExport } from './json-exports';

const protectedSchema = z.object({
  encrypted: z.literal(true),
  passwordProtected: z.literal(true),
  salt: z.string().min(1).max(1000),
  kdfType: z.union([z.literal(0), z.literal(1)]),
  kdfIterations: z.number().int().positive(),
  kdfMemory: z.number().int().positive().nullish(),
  kdfParallelism: z.number().int().positive().nullish(),
  encKeyValidation_DO_NOT_EDIT: z.string().min(1).max(10_000),
  data: z.string().min(1),
});

/** Bitwarden's own upper bounds are lower (PBKDF2 2,000,000; Argon2id 1 GiB, 10 iterations, 16 threads). */
const MAX_PBKDF2_ITERATIONS = 5_000_000;
const MAX_ARGON2_MEMORY_MIB = 1024;
const MAX_ARGON2_ITERATIONS = 10;
const MAX_ARGON2_PARALLELISM = 16;

export function isPasswordProtectedBitwarden(value: unknown): boolean {
  const v = value as { encrypted?: unknown; passwordProtected?: unknown; data?: unknown } | null;
  return typeof v === 'object' && v !== null && v.encrypted === true && v.passwordProtected === true && typeof v.data === 'string';
}

async function masterKey(password: string, file: z.infer<typeof protectedSchema>): Promise<Uint8Array> {
  const tooCostly = (what: string) => importInvalid(`This export's key derivation asks for ${what}, more than Bitwarden ever sets; it was refused unopened.`);
  if (file.kdfType === 0) {
    if (file.kdfIterations > MAX_PBKDF2_ITERATIONS) throw tooCostly(`${file.kdfIterations.toLocaleString('en')} PBKDF2 iterations`);
    return new Uint8Array(await promisify(pbkdf2)(password, Buffer.from(file.salt, 'utf8'), file.kdfIterations, 32, 'sha256'));
  }
  const memory = file.kdfMemory ?? 64;
  const parallelism = file.kdfParallelism ?? 4;
  if (memory > MAX_ARGON2_MEMORY_MIB) throw tooCostly(`${memory} MiB of Argon2 memory`);
  if (file.kdfIterations > MAX_ARGON2_ITERATIONS) throw tooCostly(`${file.kdfIterations} Argon2 iterations`);
  if (parallelism > MAX_ARGON2_PARALLELISM) throw tooCostly(`${parallelism} Argon2 threads`);
  const hash = await argon2.hash(password, {
    raw: true, type: argon2.argon2id, salt: Buffer.from(sha256(new TextEncoder().encode(file.salt))),
    memoryCost: memory * 1024, timeCost: file.kdfIterations, parallelism, hashLength: 32,
  });
  return new Uint8Array(hash);
}

/** A type-2 cipher string ("2.iv|data|mac", base64) opened with the stretched keys; null when its MAC does not match. */
function openCipherString(text: string, encKey: Uint8Array, macKey: Uint8Array): Buffer | null {
  const match = /^2\.([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!match) throw importInvalid('This Bitwarden export is damaged (its encrypted data is not in Bitwarden\'s format). Export it again.');
  const [iv, data, mac] = [match[1]!, match[2]!, match[3]!].map((part) => Buffer.from(part, 'base64'));
  if (iv!.length !== 16 || mac!.length !== 32 || data!.length === 0 || data!.length % 16 !== 0) throw importInvalid('This Bitwarden export is damaged (its encrypted data has the wrong size). Export it again.');
  const expected = createHmac('sha256', macKey).update(iv!).update(data!).digest();
  if (!timingSafeEqual(expected, mac!)) return null;
  try {
    const decipher = createDecipheriv('aes-256-cbc', encKey, iv!);
    return Buffer.concat([decipher.update(data!), decipher.final()]);
  } catch {
    throw importInvalid('This Bitwarden export is damaged (its encrypted data does not decrypt). Export it again.');
  }
}

export async function readPasswordProtectedBitwarden(value: unknown, password: string): Promise<ParsedImport> {
  const parsed = protectedSchema.safeParse(value);
  if (!parsed.success) throw importInvalid('This Bitwarden encrypted export is damaged; export it again.');
  const key = await masterKey(password, parsed.data);
  const encKey = expand(sha256, key, new TextEncoder().encode('enc'), 32);
  const macKey = expand(sha256, key, new TextEncoder().encode('mac'), 32);
  if (openCipherString(parsed.data.encKeyValidation_DO_NOT_EDIT, encKey, macKey) === null) {
    throw new TesseraError('IMPORT_INVALID', 'This Bitwarden export does not open with that password. Check the password it was exported with and try again.');
  }
  const plain = openCipherString(parsed.data.data, encKey, macKey);
  if (plain === null) throw importInvalid('This Bitwarden export was altered after it was written (its data fails the integrity check). Export it again.');
  let inner: unknown;
  try {
    inner = JSON.parse(plain.toString('utf8'));
  } catch {
    throw importInvalid('This Bitwarden export decrypts to something that is not JSON. Export it again.');
  }
  return readBitwardenExport(inner);
}
