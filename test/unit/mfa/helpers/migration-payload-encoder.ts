// A tiny protobuf writer for Google Authenticator MigrationPayload messages, so tests build
// exports field by field, including malformed ones no real app would produce.

export interface TestOtpEntry {
  secret: Uint8Array;
  name?: string;
  issuer?: string;
  algorithm?: number; // 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
  digits?: number; // 1 six, 2 eight
  type?: number; // 1 HOTP, 2 TOTP
  counter?: bigint | number;
}

export interface TestPayload {
  entries: TestOtpEntry[];
  version?: number;
  batchSize?: number;
  batchIndex?: number;
  batchId?: number;
}

export function varint(value: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

export function varintField(field: number, value: bigint | number): number[] {
  return [...varint((field << 3) | 0), ...varint(value)];
}

export function bytesField(field: number, value: Uint8Array | string): number[] {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

export function encodeEntry(entry: TestOtpEntry): number[] {
  return [
    ...bytesField(1, entry.secret),
    ...(entry.name !== undefined ? bytesField(2, entry.name) : []),
    ...(entry.issuer !== undefined ? bytesField(3, entry.issuer) : []),
    ...(entry.algorithm !== undefined ? varintField(4, entry.algorithm) : []),
    ...(entry.digits !== undefined ? varintField(5, entry.digits) : []),
    ...(entry.type !== undefined ? varintField(6, entry.type) : []),
    ...(entry.counter !== undefined ? varintField(7, entry.counter) : []),
  ];
}

export function encodePayload(payload: TestPayload): Uint8Array {
  return new Uint8Array([
    ...payload.entries.flatMap((entry) => bytesField(1, new Uint8Array(encodeEntry(entry)))),
    ...(payload.version !== undefined ? varintField(2, payload.version) : []),
    ...(payload.batchSize !== undefined ? varintField(3, payload.batchSize) : []),
    ...(payload.batchIndex !== undefined ? varintField(4, payload.batchIndex) : []),
    ...(payload.batchId !== undefined ? varintField(5, payload.batchId) : []),
  ]);
}

export function migrationUri(bytes: Uint8Array): string {
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`;
}
