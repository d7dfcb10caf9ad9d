// Composition of Tessera's plain-Node services for one data directory. The Electron app,
// the web test host and the CLI each call createServices with their own platform parts
// (how to open a link, where the clipboard is), so all three run the same code.
import { createEventBus, type EventBus } from './event-bus';
import { createExternalLinks, type ExternalLinks } from './links/external-links';
import type { Logger } from './logger';

export type Platform = {
  host: 'electron' | 'web-test-host' | 'cli';
  version: string;
  openInOs(url: string): Promise<void>;
};

export type ServiceOptions = {
  dataDir: string;
  platform: Platform;
  log: Logger;
};

export type Services = {
  dataDir: string;
  platform: Platform;
  log: Logger;
  events: EventBus;
  links: ExternalLinks;
  close(): Promise<void>;
};

export function createServices(options: ServiceOptions): Services {
  const events = createEventBus();
  return {
    dataDir: options.dataDir,
    platform: options.platform,
    log: options.log,
    events,
    links: createExternalLinks(options.platform.openInOs),
    async close() {},
  };
}
