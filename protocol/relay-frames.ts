// The relay protocol: an opaque, ordered log per doc id. Clients publish records (get their
// sequence number back), subscribe from a sequence number (backlog, then `live`, then every
// new record; a subscription from 0 may ask for the doc's snapshot first), and put/get one
// snapshot per doc. Every message is one binary frame: varint header length ‖ JSON header ‖
// the raw bytes of its one binary field (a record or a snapshot), never base64. The relay
// never interprets records or snapshots.
import { z } from 'zod';

export const PROTOCOL_VERSION = 2;
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
const MAX_HEADER_BYTES = 4096;
/**
 * How many of its newest relay-access keys a device proves at once: a device that opened
 * several epochs offline is that many ahead of the relay until it publishes them, which needs
 * one key the relay knows. The relay verifies at most two of the signatures (the keys it knows).
 */
export const MAX_PRESENTED_KEYS = 16;
/** A creation entry (one device certificate, one sealed key) is about 1.5 KiB. */
export const MAX_GENESIS_BYTES = 16 * 1024;
/** Raw bytes of at most MAX_RECORD_BYTES. */
const payload = z.custom<Uint8Array>((b) => b instanceof Uint8Array && b.length <= MAX_RECORD_BYTES, 'not bytes, or too large');
const docId = z.string().min(1).max(300).regex(/^[A-Za-z0-9_\-/]+$/);
const seq = z.number().int().nonnegative();
const requestId = z.number().int().nonnegative();
const base64url = z.string().max(200).regex(/^[A-Za-z0-9_-]*$/);

export const clientMessageSchema = z.discriminatedUnion('type', [
  /** Proves knowledge of a workspace's relay-access key (see relay-access.ts). */
  /** `keys`: the newest relay-access keys the device holds, each with its signature of the nonce; `record`: the workspace's creation entry, for a relay that does not store its chain yet. */
  z.object({
    type: z.literal('auth'), id: requestId, workspaceId: z.string().min(1).max(64),
    keys: z.array(base64url).min(1).max(MAX_PRESENTED_KEYS), signatures: z.array(base64url).min(1).max(MAX_PRESENTED_KEYS),
    record: z.custom<Uint8Array>((b) => b instanceof Uint8Array && b.length <= MAX_GENESIS_BYTES, 'not bytes, or too large').optional(),
  }),
  z.object({ type: z.literal('publish'), id: requestId, docId, record: payload }),
  /** `snapshot`: when subscribing from 0, start with the doc's snapshot (if any) and the records after it. */
  z.object({ type: z.literal('subscribe'), docId, sinceSeq: seq, snapshot: z.boolean().optional() }),
  z.object({ type: z.literal('unsubscribe'), docId }),
  z.object({ type: z.literal('snapshot-put'), id: requestId, docId, seq, data: payload }),
  z.object({ type: z.literal('snapshot-get'), id: requestId, docId }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  /** Sent on connect and after each auth: the nonce the next auth signs. */
  z.object({ type: z.literal('challenge'), nonce: base64url }),
  /** `access`: 'full', or 'chain' (a superseded key: may only read the team chain to catch up). */
  z.object({ type: z.literal('authenticated'), id: requestId, workspaceId: z.string(), access: z.enum(['full', 'chain']) }),
  z.object({ type: z.literal('published'), id: requestId, docId, seq }),
  /** `live`: the last of a subscription's backlog (saves a separate `live` message). */
  z.object({ type: z.literal('record'), docId, seq, record: payload, live: z.literal(true).optional() }),
  /** The backlog up to `seq` has been sent; what follows is live. Sent alone only when the backlog is empty. */
  z.object({ type: z.literal('live'), docId, seq }),
  z.object({ type: z.literal('snapshot'), id: requestId.optional(), docId, seq, data: payload.nullable(), live: z.literal(true).optional() }),
  z.object({ type: z.literal('error'), id: requestId.optional(), docId: docId.optional(), code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** One frame: the message's single Uint8Array field (if any) travels raw after the JSON header. */
export function encodeFrame(message: ClientMessage | ServerMessage): Uint8Array {
  let bin: string | undefined;
  const header: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (value instanceof Uint8Array) bin = key;
    else header[key] = value;
  }
  if (bin) header['bin'] = bin;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const body = bin ? (message as unknown as Record<string, Uint8Array>)[bin]! : new Uint8Array();
  const prefix = varint(json.length);
  const frame = new Uint8Array(prefix.length + json.length + body.length);
  frame.set(prefix, 0);
  frame.set(json, prefix.length);
  frame.set(body, prefix.length + json.length);
  return frame;
}

/** Parses and validates one frame; undefined for anything malformed. */
export function decodeFrame<T>(schema: z.ZodType<T>, frame: Uint8Array): T | undefined {
  let length = 0;
  let o = 0;
  for (let shift = 0; ; shift += 7) {
    if (o >= frame.length || shift > 14) return undefined;
    const byte = frame[o++]!;
    length |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) break;
  }
  if (length > MAX_HEADER_BYTES || o + length > frame.length) return undefined;
  try {
    const header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(o, o + length))) as Record<string, unknown>;
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return undefined;
    const bin = header['bin'];
    delete header['bin'];
    if (bin !== undefined) {
      if (bin !== 'record' && bin !== 'data') return undefined;
      header[bin] = frame.slice(o + length);
    } else if (o + length !== frame.length) return undefined;
    const parsed = schema.safeParse(header);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
