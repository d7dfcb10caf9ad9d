// The embedded relay: any desktop can serve the relay protocol to peers on its network
// (same code as the standalone relay), and, only when asked, announce it over mDNS so
// peers find it without typing an address. Its own sync client connects in-process.
import { Bonjour, type Service } from 'bonjour-service';
import { startRelay, type RunningRelay } from '../../relay/server';
import { PROTOCOL_VERSION } from './relay-protocol';

const SERVICE_TYPE = 'tessera-relay';

export interface LanRelayOptions {
  dbPath: string;
  /** Which address to listen on: '0.0.0.0' for the LAN, '127.0.0.1' for this machine only. */
  host: string;
  port?: number;
  /** Opt-in: announce over mDNS under this name (a device name, never a workspace's). */
  announceAs?: string;
}

export interface DiscoveredRelay {
  name: string;
  addresses: string[];
  port: number;
  url: string;
}

export async function startLanRelay(options: LanRelayOptions): Promise<RunningRelay> {
  const relay = await startRelay({ dbPath: options.dbPath, host: options.host, port: options.port ?? 0 });
  if (!options.announceAs) return relay;
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
