// What the relay stores, behind one interface with two implementations: SQLite
// (sqlite-log-store.ts, the default, embedded in the process) and PostgreSQL
// (postgres-log-store.ts, `--store postgres://…`, for relays that outgrow one file).
// Per doc id: an append-only log of opaque records, numbered 1, 2, 3… without gaps, and one
// snapshot. Appending bytes already in the doc's log returns their first number, so clients
// can resend after a reconnect without duplicating the log. Every method is asynchronous;
// the hub (relay-hub.ts) orders the calls that must not interleave.
export interface StoredRecord {
  seq: number;
  record: Uint8Array;
}

export interface StoredSnapshot {
  seq: number;
  data: Uint8Array;
}

export interface RelayLogStore {
  /** Appends a record, or finds the identical one already stored (`duplicate`, its first number). */
  append(docId: string, record: Uint8Array): Promise<{ seq: number; duplicate: boolean }>;
  /** Records after `sinceSeq`, in order, read a page at a time as they are consumed. */
  readSince(docId: string, sinceSeq: number): AsyncIterable<StoredRecord>;
  /** The highest number in the doc's log, 0 when it is empty. */
  lastSeq(docId: string): Promise<number>;
  /** Bytes of every record stored for a workspace (doc ids `<workspaceId>/…`): what its quota counts. */
  workspaceBytes(workspaceId: string): Promise<number>;
  /** Keeps the snapshot covering the most of the log; an older one never replaces a newer one. */
  putSnapshot(docId: string, seq: number, data: Uint8Array): Promise<void>;
  getSnapshot(docId: string): Promise<StoredSnapshot | undefined>;
  close(): Promise<void>;
}

/** Records a page holds (both stores read the backlog this many at a time). */
export const READ_PAGE = 500;

/** Every record after `sinceSeq` at once (tests and tools; the hub streams instead). */
export async function readAll(store: RelayLogStore, docId: string, sinceSeq = 0): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for await (const record of store.readSince(docId, sinceSeq)) records.push(record);
  return records;
}
