// The relay protocol: an opaque, ordered log per doc id, over WebSocket text frames of
// JSON. Clients publish records (get their sequence number back), subscribe from a
// sequence number (backlog, then `live`, then every new record), and put/get one snapshot
// per doc. Records and snapshots are base64url; the relay never interprets them.
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** A base64url string of at most MAX_RECORD_BYTES once decoded. */
const payload = z.string().max(Math.ceil((MAX_RECORD_BYTES * 4) / 3) + 4).regex(/^[A-Za-z0-9_-]*$/);
const docId = z.string().min(1).max(300).regex(/^[A-Za-z0-9_\-/]+$/);
const seq = z.number().int().nonnegative();
const requestId = z.number().int().nonnegative();

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('publish'), id: requestId, docId, record: payload }),
  z.object({ type: z.literal('subscribe'), docId, sinceSeq: seq }),
  z.object({ type: z.literal('unsubscribe'), docId }),
  z.object({ type: z.literal('snapshot-put'), id: requestId, docId, seq, data: payload }),
  z.object({ type: z.literal('snapshot-get'), id: requestId, docId }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('published'), id: requestId, docId, seq }),
  z.object({ type: z.literal('record'), docId, seq, record: payload }),
  /** The backlog up to `seq` has been sent; what follows is live. */
  z.object({ type: z.literal('live'), docId, seq }),
  z.object({ type: z.literal('snapshot'), id: requestId, docId, seq, data: payload.nullable() }),
  z.object({ type: z.literal('error'), id: requestId.optional(), code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export function parseMessage<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
