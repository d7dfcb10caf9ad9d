// Google Authenticator's "Transfer accounts" export: otpauth-migration://offline?data=<base64
// MigrationPayload protobuf>. Large exports come as several QR codes (batches); each decodes on
// its own and says which batch it is, so the app can ask for the rest.

import { TesseraError } from '../errors';
import { bytesToBase32Secret } from './base32-secret';
import { resolveLabel } from './otp-label';
import { normalizeOtpParams, type OtpParams, type OtpParamsDraft } from './otp-params';
import { readWireFields, WireFormatError, type WireField } from './protobuf-wire';

export interface MigrationBatch {
  /** 0-based, as in the export: show `index + 1` "of" `size`. */
  index: number;
  size: number;
  /** Same for every batch of one export. */
  id: number;
}

export interface RejectedMigrationEntry {
  /** 1-based position in this batch. */
  position: number;
  label: string;
  reason: string;
}

export interface MigrationImport {
  accounts: OtpParams[];
  /** Entries Tessera cannot use (e.g. MD5); the rest of the batch still imports. */
  rejected: RejectedMigrationEntry[];
  batch: MigrationBatch;
  version: number;
}

const SCHEME = 'otpauth-migration://';

// Enum values of MigrationPayload.Algorithm / DigitCount / OtpType; 0 means "unspecified",
// which Google Authenticator itself reads as the default.
const ALGORITHMS: Record<number, string> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512', 4: 'MD5' };
const DIGITS: Record<number, number> = { 0: 6, 1: 6, 2: 8 };
const TYPES: Record<number, 'hotp' | 'totp'> = { 0: 'totp', 1: 'hotp', 2: 'totp' };

export function parseMigrationUri(text: string): MigrationImport {
  const uri = text.trim();
  if (!uri.toLowerCase().startsWith(SCHEME)) throw invalid('it does not start with otpauth-migration://');
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const rawData = query.split('&').find((pair) => pair.startsWith('data='))?.slice('data='.length);
  if (!rawData) throw invalid('the data parameter is missing');
  return decodeMigrationPayload(decodeExportBase64(rawData));
}

export function decodeMigrationPayload(bytes: Uint8Array): MigrationImport {
  const fields = readFields(bytes);
  const entries = fields.filter((f) => f.field === 1);
  if (entries.length === 0) throw invalid('the export holds no accounts');
  const accounts: OtpParams[] = [];
  const rejected: RejectedMigrationEntry[] = [];
  entries.forEach((entry, i) => {
    const draft = readEntry(readFields(bytesOf(entry, 'otp_parameters')));
    if ('reason' in draft) {
      rejected.push({ position: i + 1, label: draft.label, reason: draft.reason });
      return;
    }
    try {
      accounts.push(normalizeOtpParams(draft.params));
    } catch (error) {
      if (!(error instanceof TesseraError)) throw error;
      rejected.push({ position: i + 1, label: draft.label, reason: error.message });
    }
  });
  const size = int32(fields, 3);
  return {
    accounts,
    rejected,
    // Single exports may leave the batch fields unset (protobuf default 0).
    batch: { index: int32(fields, 4), size: size > 0 ? size : 1, id: int32(fields, 5) },
    version: int32(fields, 2),
  };
}

type EntryDraft = { label: string; params: OtpParamsDraft } | { label: string; reason: string };

function readEntry(fields: WireField[]): EntryDraft {
  const name = text(fields, 2);
  const resolved = resolveLabel(name, text(fields, 3) || undefined);
  const label = [resolved.issuer, resolved.accountName].filter(Boolean).join(': ') || '(unnamed)';
  const secret = last(fields, 1);
  const algorithm = ALGORITHMS[int32(fields, 4)];
  const digits = DIGITS[int32(fields, 5)];
  const type = TYPES[int32(fields, 6)];
  if (!secret || bytesOf(secret, 'secret').length === 0) return { label, reason: 'The entry has no secret.' };
  if (algorithm === undefined || digits === undefined || type === undefined) {
    return { label, reason: 'The entry uses a setting this version of Tessera does not know.' };
  }
  const counter = varintOf(fields, 7);
  if (counter > BigInt(Number.MAX_SAFE_INTEGER)) return { label, reason: 'The HOTP counter is too large.' };
  return {
    label,
    params: {
      type,
      secret: bytesToBase32Secret(bytesOf(secret, 'secret')),
      algorithm,
      digits,
      counter: Number(counter),
      ...(resolved.issuer ? { issuer: resolved.issuer } : {}),
      ...(resolved.accountName ? { accountName: resolved.accountName } : {}),
    },
  };
}

// Exports pass through QR scanners, URL bars and chat apps: '+' may arrive as a space, the
// alphabet may be URL-safe, and padding may be lost.
function decodeExportBase64(raw: string): Uint8Array {
  let data: string;
  try {
    data = decodeURIComponent(raw);
  } catch {
    throw invalid('the data parameter has broken percent-encoding');
  }
  data = data.replace(/[\r\n\t]/g, '').replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]+$/.test(data) || data.length % 4 === 1) throw invalid('the data parameter is not base64');
  return new Uint8Array(Buffer.from(data, 'base64'));
}

function readFields(bytes: Uint8Array): WireField[] {
  try {
    return readWireFields(bytes);
  } catch (error) {
    if (error instanceof WireFormatError) throw invalid(`the data is damaged or incomplete (${error.message})`);
    throw error;
  }
}

function last(fields: WireField[], field: number): WireField | undefined {
  return fields.findLast((f) => f.field === field);
}

function bytesOf(field: WireField, name: string): Uint8Array {
  if (field.wireType !== 'bytes') throw invalid(`the ${name} field has the wrong type`);
  return field.value;
}

function text(fields: WireField[], field: number): string {
  const found = last(fields, field);
  return found ? new TextDecoder().decode(bytesOf(found, `field ${field}`)) : '';
}

function varintOf(fields: WireField[], field: number): bigint {
  const found = last(fields, field);
  if (!found) return 0n;
  if (found.wireType !== 'varint') throw invalid(`field ${field} has the wrong type`);
  return found.value;
}

function int32(fields: WireField[], field: number): number {
  return Number(BigInt.asIntN(32, varintOf(fields, field)));
}

function invalid(problem: string): TesseraError {
  return new TesseraError('OTPAUTH_INVALID', `This Google Authenticator export cannot be used: ${problem}.`);
}
