// Master password (or backup passphrase) → 32-byte key with Argon2id.
// Owns the default parameters (RFC 9106 second recommendation), the floor a stored
// header may not go under (except in an explicit test mode) and the header encoding
// of the parameters, so a vault can raise its cost later without a format change.
// No zod here: the CLI loads this module, and starts Argon2id, before the rest of the vault
// code (main/vault/unlock-kdf.ts); the zod schema of the parameters is kdf-schema.ts.
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { TesseraError } from '../errors';

export interface KdfParams {
  algorithm: 'argon2id';
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  /** 16 random bytes, base64. */
  salt: string;
}

export type KdfCost = Pick<KdfParams, 'memoryKiB' | 'iterations' | 'parallelism'>;

export const DEFAULT_KDF_COST: KdfCost = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 };
/** OWASP's Argon2id minimum (19 MiB, t = 2). Lower only with `allowWeakKdf` (tests). */
export const KDF_FLOOR: KdfCost = { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 };
/** Upper bounds so a tampered header cannot make unlock allocate without limit. */
const KDF_CEILING: KdfCost = { memoryKiB: 4 * 1024 * 1024, iterations: 64, parallelism: 64 };
/**
 * Files that come from elsewhere (backups; later importers) name their own KDF parameters
 * before anything is authenticated, so a crafted 200-byte file could make restore allocate
 * gigabytes. Their ceiling is a few times what Tessera writes (DEFAULT_KDF_COST), and
 * Tessera never writes a backup above it.
 */
export const IMPORTED_FILE_KDF_CEILING: KdfCost = { memoryKiB: 256 * 1024, iterations: 8, parallelism: 8 };
/** Fast parameters for tests and benches of everything but the KDF itself. */
export const TEST_KDF_COST: KdfCost = { memoryKiB: 1024, iterations: 1, parallelism: 1 };

export const SALT_BYTES = 16;
export const KEY_BYTES = 32;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const positiveInteger = (value: unknown): boolean => Number.isInteger(value) && (value as number) > 0;

/** The shape of stored parameters (the bounds are assertKdfParamsAllowed's). */
export function isKdfParams(value: unknown): value is KdfParams {
  if (typeof value !== 'object' || value === null) return false;
  const params = value as Record<string, unknown>;
  return (
    params['algorithm'] === 'argon2id' &&
    positiveInteger(params['memoryKiB']) &&
    positiveInteger(params['iterations']) &&
    positiveInteger(params['parallelism']) &&
    typeof params['salt'] === 'string' &&
    BASE64.test(params['salt'])
  );
}

export interface KdfPolicy {
  /** Test mode: accept parameters below the floor. Never set in the app. */
  allowWeakKdf?: boolean;
}

/** Fresh parameters with a random salt; `cost` defaults to DEFAULT_KDF_COST. */
export function newKdfParams(cost: Partial<KdfCost> = {}, policy: KdfPolicy = {}): KdfParams {
  const params: KdfParams = {
    algorithm: 'argon2id',
    ...DEFAULT_KDF_COST,
    ...cost,
    salt: randomBytes(SALT_BYTES).toString('base64'),
  };
  assertKdfParamsAllowed(params, policy);
  return params;
}

/** Throws WEAK_KDF_PARAMS for parameters below the floor (unless allowed) or absurdly high. */
export function assertKdfParamsAllowed(params: KdfParams, policy: KdfPolicy = {}): void {
  if (!isKdfParams(params) || Buffer.from(params.salt, 'base64').length !== SALT_BYTES) {
    throw new TesseraError('WEAK_KDF_PARAMS', 'The key derivation parameters are malformed. Restore the vault from a backup.');
  }
  const tooHigh =
    params.memoryKiB > KDF_CEILING.memoryKiB ||
    params.iterations > KDF_CEILING.iterations ||
    params.parallelism > KDF_CEILING.parallelism;
  if (tooHigh) {
    throw new TesseraError('WEAK_KDF_PARAMS', 'The key derivation parameters exceed the supported maximum (4 GiB, 64 passes, 64 lanes). Choose lower values.');
  }
  const belowFloor =
    params.memoryKiB < KDF_FLOOR.memoryKiB || params.iterations < KDF_FLOOR.iterations || params.parallelism < KDF_FLOOR.parallelism;
  if (belowFloor && !policy.allowWeakKdf) {
    throw new TesseraError(
      'WEAK_KDF_PARAMS',
      `The key derivation parameters are below the minimum (${KDF_FLOOR.memoryKiB} KiB, ${KDF_FLOOR.iterations} passes). Use the defaults or stronger values.`,
    );
  }
  // Argon2 itself needs at least 8 KiB per lane.
  if (params.memoryKiB < 8 * params.parallelism) {
    throw new TesseraError('WEAK_KDF_PARAMS', 'Argon2 needs at least 8 KiB of memory per lane. Raise the memory or lower the parallelism.');
  }
}

/** True when parameters read from an imported file stay under IMPORTED_FILE_KDF_CEILING. */
export function withinImportedFileCeiling(params: KdfCost): boolean {
  return (
    params.memoryKiB <= IMPORTED_FILE_KDF_CEILING.memoryKiB &&
    params.iterations <= IMPORTED_FILE_KDF_CEILING.iterations &&
    params.parallelism <= IMPORTED_FILE_KDF_CEILING.parallelism
  );
}

/**
 * Derives the 32-byte key. Passwords are NFC-normalized first so the same password typed
 * through different input methods gives the same key. The caller zeroes the result.
 */
export async function deriveKey(secret: string, params: KdfParams, policy: KdfPolicy = {}): Promise<Uint8Array> {
  assertKdfParamsAllowed(params, policy);
  const password = Buffer.from(secret.normalize('NFC'), 'utf8');
  try {
    const out = await argon2.hash(password, {
      type: argon2.argon2id,
      version: 0x13,
      raw: true,
      hashLength: KEY_BYTES,
      salt: Buffer.from(params.salt, 'base64'),
      memoryCost: params.memoryKiB,
      timeCost: params.iterations,
      parallelism: params.parallelism,
    });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } finally {
    password.fill(0);
  }
}
