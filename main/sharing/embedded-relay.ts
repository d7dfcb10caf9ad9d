// The relay this desktop serves for its workspaces when a person opts in: the same code as the
// standalone relay (relay/server.ts), ciphertext only, stored in <dataDir>/lan-relay.db. Its
// port is kept in the vault's sync state so peers find it at the same address after a restart;
// it starts again on unlock and stops on lock and on quit. Announced over mDNS only when asked
// (startLanRelay with announceAs, as `tessera relay serve --announce` does; discoverLanRelays).
import type { SmtpSettings } from '../../relay/link-mailer';
import type { Service } from 'bonjour-service';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../../protocol/relay-frames';
import { startRelay, type RelayOptions, type RunningRelay } from '../../relay/server';
import type { SyncRecords } from '../vault';

const SERVICE_TYPE = 'tessera-relay';

export interface LanRelayOptions {
  dbPath: string;
  /** `postgres://…`: the log in PostgreSQL instead of `dbPath` (`tessera relay serve --store`); the desktop's own relay never sets it. */
  store?: string;
  /** Which address to listen on: '0.0.0.0' for the LAN, '127.0.0.1' for this machine only. */
  host: string;
  port?: number;
  /** Opt-in: announce over mDNS under this name (a device name, never a workspace's). */
  announceAs?: string;
  /** Where share-link codes are emailed from (relay/link-mailer.ts). */
  smtp?: SmtpSettings;
  /** Workspaces may name SMTP servers on private or loopback addresses. */
  smtpPrivateHosts?: boolean;
  /** `tessera relay serve`: /metrics, the access log and store errors (the desktop's own relay sets none). */
  operations?: Pick<RelayOptions, 'metrics' | 'accessLog' | 'onStoreError' | 'trustedProxies'>;
}

export interface DiscoveredRelay {
  name: string;
  addresses: string[];
  port: number;
  url: string;
}

export async function startLanRelay(options: LanRelayOptions): Promise<RunningRelay> {
  const relay = await startRelay({ dbPath: options.dbPath, ...(options.store ? { store: options.store } : {}), host: options.host, port: options.port ?? 0, ...(options.smtp ? { smtp: options.smtp } : {}), smtpPrivateHosts: options.smtpPrivateHosts === true, ...options.operations });
  if (!options.announceAs) return relay;
  const { Bonjour } = await import('bonjour-service');
  const bonjour = new Bonjour();
  bonjour.publish({ name: options.announceAs, type: SERVICE_TYPE, port: relay.port, txt: { protocol: String(PROTOCOL_VERSION) } });
  return {
    ...relay,
    close: async () => {
      await new Promise<void>((resolve) => bonjour.unpublishAll(() => resolve()));
      bonjour.destroy();
      await relay.close();
    },
  };
}

/** Listens for announced relays for `timeoutMs` and returns those speaking this protocol version. */
export async function discoverLanRelays(timeoutMs = 3000): Promise<DiscoveredRelay[]> {
  const { Bonjour } = await import('bonjour-service');
  const bonjour = new Bonjour();
  const found = new Map<string, DiscoveredRelay>();
  const browser = bonjour.find({ type: SERVICE_TYPE }, (service: Service) => {
    if (service.txt?.protocol !== String(PROTOCOL_VERSION)) return;
    const addresses = (service.addresses ?? []).filter((a) => !a.startsWith('fe80:'));
    const first = addresses.find((a) => !a.includes(':')) ?? addresses[0] ?? service.host;
    const host = first.includes(':') ? `[${first}]` : first;
    found.set(`${service.name}:${service.port}`, { name: service.name, addresses, port: service.port, url: `ws://${host}:${service.port}` });
  });
  await new Promise((resolve) => setTimeout(resolve, timeoutMs));
  browser.stop();
  bonjour.destroy();
  return [...found.values()];
}

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
