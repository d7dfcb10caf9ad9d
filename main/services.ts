// Composition of Tessera's plain-Node services for one data directory. The Electron app,
// the web test host and the CLI each call createServices with their own platform parts
// (how to open a link, where the clipboard is), so all three run the same code.
import { createEventBus, type EventBus } from './event-bus';
import { createExternalLinks, type ExternalLinks } from './platform/external-links';
import type { Logger } from './logger';
import { SettingsStore } from './settings/settings-store';
import { createClipboardGuard, type SystemClipboard } from './platform/clipboard-guard';
import { VaultManager } from './vault/vault-manager';
import type { CreateVaultOptions } from './vault';
import { DashboardService } from './milestones/dashboard/dashboard-service';
import { AccountFactsService } from './milestones/facts-service';
import { otherRoleHolders } from './sharing/role-holders';
import { LoginService } from './logins/login-service';
import { InboxService } from './inbox/inbox-service';
import { SharingService } from './sharing/sharing-service';
import { SecretConflicts } from './sync';
import { SyncController } from './sharing/sync-controller';
import { shareStoredMessage } from './sharing/shared-inbox-sender';
import { WorkspaceActions } from './sharing/workspace-actions';
import { TeamActions } from './sharing/team-actions';
import { EmbeddedRelay } from './sharing/embedded-relay';
import { isTesseraError } from './errors';
import { MfaService } from './mfa/mfa-service';
import type { ScreenCapture } from './mfa/screen-qr-scanner';
import { RotationService } from './rotation/rotation-service';
import { browserRotationSite, pageRunner } from './rotation/rotation-site';
import { sharedHeadlessBrowser } from './logins/browser-pool';

export type Platform = {
  host: 'electron' | 'web-test-host' | 'cli';
  version: string;
  openInOs(url: string): Promise<void>;
  clipboard: SystemClipboard;
  /** "Scan QR from screen"; absent where the screen cannot be captured (the CLI). */
  screenCapture?: ScreenCapture;
  /**
   * Asks the person where to save a file (the app's save dialog) and writes it there; null when
   * they cancel. Absent where nobody can pick a place (the CLI takes --out instead).
   */
  saveFile?(request: SaveFileRequest): Promise<{ fileName: string } | null>;
};

export type SaveFileRequest = {
  suggestedName: string;
  bytes: Uint8Array;
  /** For the dialog's file type filter, e.g. { name: 'Playwright trace', extensions: ['zip'] }. */
  fileType: { name: string; extensions: string[] };
};

export type ServiceOptions = {
  dataDir: string;
  platform: Platform;
  log: Logger;
  /** KDF cost and test mode for new vaults; the app leaves this unset (defaults). */
  vaultOptions?: CreateVaultOptions;
  /** Where the embedded relay listens when a person serves one: '0.0.0.0' (the LAN, default) or '127.0.0.1'. */
  relayHost?: string;
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
  /** Milestone facts and levels: the one place they are gathered (account page, list, dashboard, CLI). */
  facts: AccountFactsService;
  /** Automated logins: verify, open logged in, runs and their evidence. */
  logins: LoginService;
  /** The team mailbox of the unlocked vault: aliases, messages, emailed codes. */
  inbox: InboxService;
  /** TOTP imports, backup codes, one-click enrolment. */
  mfa: MfaService;
  /** Password rotation: one click, bulk, policies, approvals, Universal Logout, recovery. */
  rotation: RotationService;
  /** This person's role on each account (Owner of their own; shared accounts from their grants). */
  sharing: SharingService;
  /** Concurrent values of a shared account's secrets, from the same saved workspaces. */
  conflicts: SecretConflicts;
  /** Live sync of the saved workspaces while the vault is unlocked. */
  sync: SyncController;
  /** Create, join, invite, members, share: what the Sharing screen and account page do. */
  workspaces: WorkspaceActions;
  /** Teams of a workspace: names in the team doc, membership in the chain. */
  teams: TeamActions;
  close(): Promise<void>;
};

export function createServices(options: ServiceOptions): Services {
  const events = createEventBus();
  const sharing = new SharingService();
  const conflicts = new SecretConflicts();
  const settings = new SettingsStore(options.dataDir);
  const vault = new VaultManager({
    dataDir: options.dataDir,
    events,
    settings,
    clipboard: createClipboardGuard(options.platform.clipboard),
    ...(options.vaultOptions ? { vaultOptions: options.vaultOptions } : {}),
  });
  // The mailbox is watched while the vault is unlocked; its codes answer automated logins.
  const inbox = new InboxService({
    vault: () => vault.unlocked(),
    access: sharing.access,
    log: options.log,
    emit: (event, payload) => events.emit(event, payload),
    // Bound late: sync is composed below. A stored message of a shared account goes to its doc.
    onStored: (message) => shareStoredMessage(sync, message, options.log),
  });
  vault.onUnlock(() => void inbox.start());
  events.subscribe((event) => {
    if (event === 'vault.locked') void inbox.stop();
  });
  const logins = new LoginService({
    dataDir: options.dataDir,
    vault: () => vault.unlocked(),
    events,
    browserPath: () => settings.get().browserPath,
    keepBrowser: true,
    emailCodes: (accountId) => inbox.emailCodes(accountId),
    // Bound late: rotation is composed below. Enqueues "N hours after login" policy jobs.
    onSuccessfulLogin: (accountId) => {
      rotation.scheduler.onAutomatedLogin(accountId);
    },
  });
  const mfa = new MfaService({
    dataDir: options.dataDir,
    vault: () => vault.unlocked(),
    access: sharing.access,
    browserPath: () => settings.get().browserPath,
    emailCodes: (accountId) => inbox.emailCodes(accountId),
    emit: (event, payload) => events.emit(event, payload),
    ...(options.platform.screenCapture ? { screenCapture: options.platform.screenCapture } : {}),
  });
  // Rotation: recovers interrupted rotations and runs the scheduler while the vault is unlocked.
  const rotationBrowser = sharedHeadlessBrowser(() => settings.get().browserPath);
  const rotation = new RotationService({
    vault: () => vault.unlocked(),
    site: () => browserRotationSite({ browser: () => rotationBrowser.get() }),
    withPage: pageRunner(() => rotationBrowser.get()),
    access: sharing.access,
    // Rotation logs in like LoginService does: TOTP from the vault, emailed codes from the inbox.
    emailCodes: (accountId) => inbox.emailCodes(accountId),
    emit: (event, payload) => events.emit(event, payload),
  });
  vault.onUnlock(() => rotation.start());
  // Every saved workspace syncs live while the vault is unlocked; shared accounts answer their
  // roles from its docs and are materialized into the account list.
  const sync = new SyncController({
    vault: () => vault.unlockedInBackground(),
    sharing,
    // Concurrent values of a shared secret are answered from the same live peers.
    onPeer: (peer) => conflicts.attach(peer),
    emit: (event, payload) => events.emit(event, payload),
    log: options.log,
  });
  const relay = new EmbeddedRelay({ dataDir: options.dataDir, host: options.relayHost ?? '0.0.0.0' });
  const workspaces = new WorkspaceActions({
    vault: () => vault.unlocked(),
    controller: sync,
    rotation: () => rotation.scheduler,
    serveRelay: () => relay.start(vault.unlocked().sync),
  });
  const teams = new TeamActions({ controller: sync, rotation: () => rotation.scheduler });
  vault.onUnlock((unlocked) => {
    void relay.resume(unlocked.sync)
      .then(() => sync.start())
      .then(() => workspaces.resume())
      .catch((error: unknown) => options.log.warn('sharing: could not start sync', { code: isTesseraError(error) ? error.code : 'INTERNAL' }));
  });
  events.subscribe((event, payload) => {
    // A rotated password of a shared account goes out to everyone it is shared with.
    if (event === 'rotation.result') {
      const { accountId, outcome } = payload as { accountId: string; outcome?: string };
      if (outcome === 'rotated') {
        try {
          workspaces.accountChanged(accountId);
        } catch (error) {
          options.log.warn('sharing: could not send a rotated password', { code: isTesseraError(error) ? error.code : 'INTERNAL' });
        }
      }
    }
    if (event !== 'vault.locked') return;
    sync.stop();
    conflicts.clear();
    void relay.stop();
  });
  events.subscribe((event) => {
    if (event === 'vault.locked') void rotation.stop();
  });
  const facts = new AccountFactsService({
    vault: () => vault.unlocked(),
    verifications: () => logins.verifications(),
    policies: () => rotation.scheduler.policies(),
    finishedJobs: () => rotation.scheduler.jobs.list(['done', 'failed']),
    otherRoleHolders: () => otherRoleHolders(sync.workspaces().map((live) => live.peer)),
  });
  events.subscribe((event) => {
    if (event === 'vault.locked') facts.clear();
  });
  return {
    dataDir: options.dataDir,
    platform: options.platform,
    log: options.log,
    events,
    links: createExternalLinks(options.platform.openInOs),
    settings,
    vault,
    facts,
    dashboard: new DashboardService(facts, {
      verifications: () => logins.verifications(),
      policies: () => rotation.scheduler.policies(),
      openJobs: () => rotation.scheduler.jobs.list(['needs_approval', 'queued']),
    }),
    logins,
    inbox,
    mfa,
    rotation,
    sharing,
    conflicts,
    sync,
    workspaces,
    teams,
    async close() {
      sync.stop();
      await relay.stop();
      await rotation.stop();
      await rotationBrowser.close();
      await inbox.stop();
      await logins.close();
      vault.close();
    },
  };
}
