// The relay this desktop serves for its workspaces when a person opts in (main/sync's LAN
// relay, ciphertext only, stored in <dataDir>/lan-relay.db). Its port is kept in the vault's
// sync state so peers find it at the same address after a restart; it starts again on unlock
// and stops on lock and on quit. Not announced over mDNS unless asked.
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { startLanRelay } from '../sync/index';
import type { SyncRecords } from '../vault/index';

const SAVED = 'lan-relay';

type Running = Awaited<ReturnType<typeof startLanRelay>>;

/** The first non-internal IPv4 address: what peers on the LAN dial. */
function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return '127.0.0.1';
}

export class EmbeddedRelay {
  #running: Running | undefined;
  #starting: Promise<string> | undefined;

  constructor(private readonly options: { dataDir: string; host: string }) {}

  get url(): string | undefined {
    return this.#running ? this.#advertised(this.#running.port) : undefined;
  }

  /** Starts the relay (on its saved port when there is one) and remembers that this device serves one. */
  start(records: SyncRecords): Promise<string> {
    if (this.#running) return Promise.resolve(this.#advertised(this.#running.port));
    this.#starting ??= (async () => {
      const saved = records.read(SAVED) as { port: number } | undefined;
      const relay = await startLanRelay({ dbPath: join(this.options.dataDir, 'lan-relay.db'), host: this.options.host, port: saved?.port ?? 0 });
      this.#running = relay;
      records.write(SAVED, { port: relay.port });
      return this.#advertised(relay.port);
    })().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  /** On unlock: serves again if this device served before. */
  async resume(records: SyncRecords): Promise<void> {
    if (records.read(SAVED)) await this.start(records);
  }

  async stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    await running?.close();
  }

  #advertised(port: number): string {
    const host = this.options.host === '0.0.0.0' ? lanAddress() : this.options.host;
    return `ws://${host}:${port}`;
  }
}
