// The encrypted backup file: the whole vault (accounts with their password history, the
// managed inbox's messages and mailbox settings, and the audit log as an archive) sealed under a passphrase with Argon2id + XChaCha20-Poly1305.
// Layout: magic "TESSERA BACKUP\0" ‖ version byte ‖ u32 header length ‖ header JSON
// (KDF parameters, times; no secrets) ‖ nonce ‖ ciphertext ‖ tag, with the header bound
// as AAD. Anything malformed, truncated, altered or under another passphrase → BACKUP_INVALID.
import { z } from 'zod';
import { TesseraError } from '../errors';
import { AccountRecordSchema, PasswordHistorySchema } from './account-record';
import type { ExportedAccount } from './accounts';
import { encodeAad, open, seal } from '../crypto/aead';
import type { AuditEntry } from './audit-log';
import type { ExportedInbox } from './inbox-records';
import { KdfParamsSchema } from '../crypto/kdf-schema';
import { deriveKey, IMPORTED_FILE_KDF_CEILING, newKdfParams, withinImportedFileCeiling, type KdfCost, type KdfParams, type KdfPolicy } from '../crypto/kdf';

const MAGIC = new TextEncoder().encode('TESSERA BACKUP\0');
/**
 * 2 added the managed inbox. A Tessera that reads only format 1 refuses a format-2 file
 * ("update Tessera") instead of restoring it without the inbox; format-1 files still restore.
 */
export const BACKUP_FORMAT_VERSION = 2;
const READABLE_VERSIONS: ReadonlySet<number> = new Set([1, 2]);
const MAX_HEADER_BYTES = 64 * 1024;
/** The largest backup restore reads: far above a real vault's export, far below what hurts. */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;
const CEILING_TEXT = `${IMPORTED_FILE_KDF_CEILING.memoryKiB / 1024} MiB, ${IMPORTED_FILE_KDF_CEILING.iterations} passes, ${IMPORTED_FILE_KDF_CEILING.parallelism} lanes`;

export interface BackupPayload {
  sourceVaultId: string;
  createdAt: number;
  accounts: ExportedAccount[];
  /** The source vault's audit log, archived (its signatures belong to the source device). */
  audit: AuditEntry[];
  /** Absent in backups written before the inbox was included. */
  inbox?: ExportedInbox;
}

/**
 * The header's and the payload's schemas, built on first use: only backup and restore read
 * them, and building ~30 zod schemas cost every process that loads the vault (the CLI) ~3 ms.
 */
function buildSchemas() {
  const details = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]));
  return {
    header: z.object({ kdf: KdfParamsSchema, createdAt: z.number() }),
    payload: z.object({
      sourceVaultId: z.string().max(100),
      createdAt: z.number(),
      accounts: z.array(z.object({ id: z.string().min(1).max(100), record: AccountRecordSchema, history: PasswordHistorySchema })),
      audit: z.array(
        z.object({ seq: z.number().int(), at: z.number(), kind: z.string().max(64), accountId: z.string().max(100).nullable(), details: details.nullable() }),
      ),
      inbox: z.object({
        messages: z.array(z.object({
          messageId: z.string().min(1).max(2_000),
          category: z.string().max(64),
          receivedAt: z.number(),
          accountIds: z.array(z.string().max(100)),
          data: z.unknown(),
        })),
        states: z.array(z.object({ name: z.string().max(200), value: z.unknown() })),
      }).optional(),
    }),
  };
}
let builtSchemas: ReturnType<typeof buildSchemas> | undefined;
const schemas = () => (builtSchemas ??= buildSchemas());

export interface BackupKdfOptions extends KdfPolicy {
  kdf?: Partial<KdfCost>;
  /** Writes an older format (format 1 has no inbox): only for tests of old backups. */
  formatVersion?: 1;
}

function invalid(what: string): TesseraError {
  return new TesseraError('BACKUP_INVALID', `This backup cannot be restored: ${what}. Check that it is a Tessera backup and that the passphrase is right.`);
}

/** Throws BACKUP_INVALID for a file larger than MAX_BACKUP_BYTES (checked before reading it). */
export function assertBackupSize(size: number): void {
  if (size > MAX_BACKUP_BYTES) throw invalid(`it is larger than ${MAX_BACKUP_BYTES / 1024 / 1024} MiB`);
}

export async function encodeBackup(payload: BackupPayload, passphrase: string, options: BackupKdfOptions = {}): Promise<Uint8Array> {
  const kdf: KdfParams = newKdfParams(options.kdf, options);
  // What this writes, restore must read: never a cost above the imported-file ceiling.
  if (!withinImportedFileCeiling(kdf)) {
    throw new TesseraError('WEAK_KDF_PARAMS', `A backup's key derivation may cost at most ${CEILING_TEXT}. Choose lower values.`);
  }
  const header = new TextEncoder().encode(JSON.stringify({ kdf, createdAt: payload.createdAt }));
  const version = options.formatVersion ?? BACKUP_FORMAT_VERSION;
  const body = version === 1 ? { ...payload, inbox: undefined } : payload;
  const key = await deriveKey(passphrase, kdf, options);
  try {
    const box = seal(key, new TextEncoder().encode(JSON.stringify(body)), backupAad(version, header));
    const out = new Uint8Array(MAGIC.length + 1 + 4 + header.length + box.length);
    const view = new DataView(out.buffer);
    out.set(MAGIC, 0);
    out[MAGIC.length] = version;
    view.setUint32(MAGIC.length + 1, header.length);
    out.set(header, MAGIC.length + 5);
    out.set(box, MAGIC.length + 5 + header.length);
    return out;
  } finally {
    key.fill(0);
  }
}

export async function decodeBackup(bytes: Uint8Array, passphrase: string, policy: KdfPolicy = {}): Promise<BackupPayload> {
  assertBackupSize(bytes.length);
  if (bytes.length < MAGIC.length + 5 || !Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC)) throw invalid('it does not start like a Tessera backup');
  const version = bytes[MAGIC.length]!;
  if (!READABLE_VERSIONS.has(version)) throw invalid(`it uses format ${version}, this Tessera reads formats up to ${BACKUP_FORMAT_VERSION} (update Tessera if it is newer)`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length + 1);
  const bodyStart = MAGIC.length + 5 + headerLength;
  if (headerLength > MAX_HEADER_BYTES || bodyStart > bytes.length) throw invalid('it is truncated');
  const header = bytes.subarray(MAGIC.length + 5, bodyStart);
  let parsedHeader: z.infer<ReturnType<typeof schemas>['header']>;
  try {
    parsedHeader = schemas().header.parse(JSON.parse(new TextDecoder().decode(header)));
  } catch {
    throw invalid('its header is damaged');
  }
  // The header is not authenticated until the key exists: refuse a crafted cost before deriving.
  if (!withinImportedFileCeiling(parsedHeader.kdf)) throw invalid(`its key derivation asks for more than ${CEILING_TEXT}`);
  const key = await deriveKey(passphrase, parsedHeader.kdf, policy);
  let plain: Uint8Array | null;
  try {
    plain = open(key, bytes.subarray(bodyStart), backupAad(version, header));
  } finally {
    key.fill(0);
  }
  if (plain === null) throw invalid('the passphrase is wrong, or the file was damaged or altered');
  try {
    const payload = schemas().payload.parse(JSON.parse(new TextDecoder().decode(plain)));
    if (version === 1 && payload.inbox) throw new Error('format 1 has no inbox');
    return payload;
  } catch {
    throw invalid('its contents are not a valid vault export');
  } finally {
    plain.fill(0);
  }
}

function backupAad(version: number, header: Uint8Array): Uint8Array {
  return encodeAad('backup', version, Buffer.from(header).toString('base64'));
}
