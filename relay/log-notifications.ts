// How a relay node learns that another node appended to a log both share (several relay nodes
// on one PostgreSQL, issue 20). The PostgreSQL store's append calls
// `pg_notify('tessera_relay', '<docId> <seq>')` inside its transaction, so the notification goes
// out on COMMIT, only for records that exist, in commit order (per doc that is seq order: the
// append holds the doc's advisory lock until it commits). The payload carries ids only: a node
// that cares reads the records from the table (relay-hub.ts reads everything after the last
// number it delivered for the doc, not just the notified one).
//
// Notifications are best effort by design: one dedicated connection per node LISTENs, and while
// it is down (server restarted, backend terminated, network) notifications are simply lost. So
// after it reconnects the hub is told (`onReconnected`) and reads every doc it has subscribers
// for from its last delivered number: a missed notification delays a record, never loses it.
//
// The SQLite store has no such channel: one SQLite file serves one relay node. The PostgreSQL
// listener is postgres-log-notifications.ts (loaded only with a PostgreSQL store).
/** The channel every node LISTENs on and every append notifies. */
export const NOTIFY_CHANNEL = 'tessera_relay';

export interface AppendListener {
  /** A record `seq` of `docId` was committed (by any node, this one included). */
  onAppended(docId: string, seq: number): void;
  /** The listening connection was down and listens again: notifications may have been missed meanwhile. */
  onReconnected(): void;
}

export interface LogNotifications {
  /** Starts listening; resolves once the first LISTEN is in place (rejects when the server cannot be reached). */
  start(listener: AppendListener): Promise<void>;
  /** True while the listening connection is up (readiness). */
  readonly listening: boolean;
  close(): Promise<void>;
}

/** `'<docId> <seq>'` → its parts; undefined for anything else on the channel. Doc ids hold no spaces. */
export function parseNotification(payload: string | undefined): { docId: string; seq: number } | undefined {
  const space = payload?.lastIndexOf(' ') ?? -1;
  if (!payload || space <= 0) return undefined;
  const seq = Number(payload.slice(space + 1));
  return Number.isSafeInteger(seq) && seq > 0 ? { docId: payload.slice(0, space), seq } : undefined;
}
