// Composition of Tessera's plain-Node services for one data directory. The Electron app,
// the web test host and the CLI each call createServices with their own platform parts
// (how to open a link, where the clipboard is), so all three run the same code.
import { createEventBus, type EventBus } from './event-bus';
import { createExternalLinks, type ExternalLinks } from './links/external-links';
import type { Logger } from './logger';
import { SettingsStore } from './settings/settings-store';
import { createClipboardGuard, type SystemClipboard } from './clipboard/clipboard-guard';
import { VaultManager } from './vault-manager/vault-manager';
import type { CreateVaultOptions } from './vault/index';
import { DashboardService } from './dashboard/dashboard-service';
import { LoginService } from './automation-runs/login-service';

export type Platform = {
  host: 'electron' | 'web-test-host' | 'cli';
  version: string;
  openInOs(url: string): Promise<void>;
  clipboard: SystemClipboard;
};

export type ServiceOptions = {
  dataDir: string;
  platform: Platform;
  log: Logger;
  /** KDF cost and test mode for new vaults; the app leaves this unset (defaults). */
  vaultOptions?: CreateVaultOptions;
};

export type Services = {
  dataDir: string;
  platform: Platform;
  log: Logger;
  events: EventBus;
  links: ExternalLinks;
  settings: SettingsStore;
  vault: VaultManager;
  dashboard: DashboardService;
  /** Automated logins: verify, open logged in, runs and their evidence. */
  logins: LoginService;
  close(): Promise<void>;
};

export function createServices(options: ServiceOptions): Services {
  const events = createEventBus();
  const settings = new SettingsStore(options.dataDir);
  const vault = new VaultManager({
    dataDir: options.dataDir,
    events,
    settings,
    clipboard: createClipboardGuard(options.platform.clipboard),
    ...(options.vaultOptions ? { vaultOptions: options.vaultOptions } : {}),
  });
  // No managed inbox is wired into the services yet: until it is, only TOTP codes are filled
  // (LoginService takes the inbox's MessageFeed as `messageFeed`).
  const logins = new LoginService({
    dataDir: options.dataDir,
    vault: () => vault.unlocked(),
    events,
    browserPath: () => settings.get().browserPath,
    keepBrowser: true,
  });
  return {
    dataDir: options.dataDir,
    platform: options.platform,
    log: options.log,
    events,
    links: createExternalLinks(options.platform.openInOs),
    settings,
    vault,
    dashboard: new DashboardService(vault, events, () => logins.verifications()),
    logins,
    async close() {
      await logins.close();
      vault.close();
    },
  };
}
