// The PostgreSQL side of log-notifications.ts: one dedicated connection per relay node that
// LISTENs on the channel every append notifies, reconnected with backoff (250 ms doubling to
// 5 s) until closed; each time it listens again the hub is told to catch up.
import pg from 'pg';
import { NOTIFY_CHANNEL, parseNotification, type AppendListener, type LogNotifications } from './log-notifications';
import { redactStoreUrl } from './postgres-log-store';

export interface PostgresNotificationOptions {
  /** Wait before reconnecting the listening connection (default 250 ms, doubling to 5 s while it keeps failing). */
  reconnectDelayMs?: number;
  /** The listening connection went down or came back; errors never contain the password. */
  onState?(state: 'listening' | 'disconnected', message?: string): void;
}

/** One LISTEN connection per node, reconnected with backoff until closed. */
export class PostgresLogNotifications implements LogNotifications {
  #client: pg.Client | undefined;
  #listener: AppendListener | undefined;
  #closed = false;
  #listening = false;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;

  constructor(
    private readonly url: string,
    private readonly options: PostgresNotificationOptions = {},
  ) {}

  get listening(): boolean {
    return this.#listening;
  }

  async start(listener: AppendListener): Promise<void> {
    this.#listener = listener;
    await this.#connect(false);
  }

  async #connect(reconnect: boolean): Promise<void> {
    // Named so an operator (or a test) can find the listening backend in pg_stat_activity.
    const client = new pg.Client({ connectionString: this.url, application_name: 'tessera-relay-listen', connectionTimeoutMillis: 10_000 });
    this.#client = client;
    let lost = false;
    const down = (error?: Error) => {
      if (lost) return;
      lost = true;
      this.#listening = false;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (this.#closed) return;
      this.options.onState?.('disconnected', error && `PostgreSQL ${redactStoreUrl(this.url)}: ${error.message}`);
      this.#schedule();
    };
    client.on('error', down);
    client.on('end', () => down());
    client.on('notification', (message) => {
      if (message.channel !== NOTIFY_CHANNEL) return;
      const parsed = parseNotification(message.payload);
      if (parsed) this.#listener?.onAppended(parsed.docId, parsed.seq);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      if (!reconnect) {
        lost = true;
        await client.end().catch(() => {});
        throw error;
      }
      down(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.#closed || lost) return;
    this.#listening = true;
    this.#failures = 0;
    this.options.onState?.('listening');
    // Listening again: whatever was committed while the connection was down is read now.
    if (reconnect) this.#listener?.onReconnected();
  }

  #schedule(): void {
    if (this.#closed || this.#timer) return;
    const base = this.options.reconnectDelayMs ?? 250;
    const delay = Math.min(base * 2 ** this.#failures++, Math.max(base, 5_000));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect(true);
    }, delay);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listening = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#client?.end().catch(() => {});
  }
}
