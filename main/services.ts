// The one composition root of Tessera's plain-Node services for one vault and its data
// directory. The Electron app, the web test host and the CLI each call createVaultServices
// with their own platform parts (how to open a link, where the clipboard is), so all three
// run the same wiring: emailed codes and after-login policies for logins, one headless
// browser for logins, rotation and MFA, roles from the saved workspaces, and changes of a
// shared account sent to its doc. What runs by itself while the vault is unlocked (mailbox,
// scheduler, sync, the embedded relay) is chosen per host: the CLI starts only what a command needs.
import { createEventBus, type EventBus } from './event-bus';
import { createExternalLinks, type ExternalLinks } from './platform/external-links';
import type { Logger } from './logger';
import { SettingsStore } from './settings/settings-store';
import { createClipboardGuard, type SystemClipboard } from './platform/clipboard-guard';
import { VaultManager, type CreateVaultOptions, type Vault } from './vault';
import { DashboardService } from './milestones/dashboard/dashboard-service';
import { AccountFactsService } from './milestones/facts-service';
import { otherRoleHolders } from './sharing/role-holders';
import { LoginService } from './logins/login-service';
import { UsedTotpSteps } from './logins/account-otp';
import { InboxService } from './inbox';
import { SharingService } from './sharing/sharing-service';
import { parseDocId, SecretConflicts } from './sync';
import { SyncController } from './sharing/sync-controller';
import { shareStoredMessage } from './sharing/shared-inbox-sender';
import { WorkspaceActions } from './sharing/workspace-actions';
import { DeviceActions } from './sharing/device-actions';
import { TeamActions } from './sharing/team-actions';
import { PartnerActions } from './sharing/partner-actions';
import { ShareLinks } from './sharing/share-links';
import { ScimDeprovisioning } from './sharing/scim-deprovisioning';
import { LinkEmailSettings } from './sharing/link-email-settings';
import { UniversalLogoutListener } from './sharing/universal-logout-listener';
import { EmbeddedRelay } from './sharing/embedded-relay';
import { isTesseraError } from './errors';
import { MfaService, type ScreenCapture } from './mfa';
import { RotationService } from './rotation/rotation-service';
import { loadRecipes } from '../automation/recipes/recipe-loader';
import { browserRotationSite, pageRunner } from './rotation/rotation-site';
import { createBrowserPool, type BrowserPool } from './logins/browser-pool';
import { receivedRoles, receivedRotationMarker } from './sharing/shared-accounts';
import { RotationMarkerPublisher } from './sharing/rotation-marker-publisher';
import { FINAL_STATES, isRotationState } from './rotation/rotation-states';
import { AccountActions } from './access/account-actions';
import { chosenBrowserPath } from './logins/browser-choice';
import { BrowserBridgeService } from './browser-bridge';
import type { StartAtLogin } from './platform/xdg-autostart';

/** A rotation that ended: its marker in the account's shared docs is cleared. */
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
  /**
   * Asks the person for the browser program in a main-process file dialog; null when they
   * cancel. Absent where nobody can pick one (the CLI takes `tessera browser PATH`).
   */
  chooseBrowser?(): Promise<string | null>;
  /**
   * Asks the person for a file in a main-process open dialog (an export to import, a backup to
   * restore); null when they cancel. Absent where nobody can pick one (the CLI takes a path).
   */
  chooseFile?(purpose: FilePurpose): Promise<string | null>;
  /** Makes the OS start Tessera at login (XDG autostart, or Electron's login items); absent in the CLI. */
  startAtLogin?: StartAtLogin;
};

/** What a file chosen in the open dialog is for. */
export type FilePurpose = 'import' | 'backup';

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
  /** How often an Owner/Admin device reads its workspaces' SCIM deprovisioning events (60 s; tests pass less). */
  scimPollMs?: number;
  relayHost?: string;
  /** The vault file; default `vault.sqlite` in dataDir (the CLI's --vault may name another). */
  vaultPath?: string;
  /**
   * What starts by itself at every unlock; default all of it (the app, the web test host). The
   * CLI, one short process per command, passes [] and calls `startBackground` with what a
   * command needs; it also has no idle lock.
   */
  background?: readonly BackgroundWork[];
};

/** Work that runs while the vault is unlocked: the mailbox watch, the rotation scheduler, live sync, the embedded relay a person serves. */
export type BackgroundWork = 'inbox' | 'rotation' | 'sync' | 'relay';
export const ALL_BACKGROUND_WORK: readonly BackgroundWork[] = ['inbox', 'rotation', 'relay', 'sync'];

export type Services = {
  dataDir: string;
  platform: Platform;
  log: Logger;
  events: EventBus;
  links: ExternalLinks;
  settings: SettingsStore;
  vault: VaultManager;
  /** The accounts with roles checked (Owners change and reveal) and changes sent to shared docs. */
  accounts: AccountActions;
  /** The browser program a person chose for automation (kept in the vault), or null. */
  browserPath: () => string | null;
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
  partners: PartnerActions;
  shareLinks: ShareLinks;
  /** The workspace's own SMTP server for link codes (Owners and Admins). */
  linkEmail: LinkEmailSettings;
  scim: ScimDeprovisioning;
  universalLogout: UniversalLogoutListener;
  /** This person's devices: link a new one, list them, remove a lost one. */
  devices: DeviceActions;
  /** Candidates of this device's unsettled rotations in the accounts' shared docs (before each submit). */
  rotationMarkers: RotationMarkerPublisher;
  /** The one headless browser of the process: logins, rotation and MFA enrolment share it. */
  browser: BrowserPool;
  /** The browser extension's bridge: paired browsers, pairing, the socket (started by the app and the web test host, not the CLI). */
  browserBridge: BrowserBridgeService;
  /** Starts background work the host did not start at unlock (the CLI, per command); resolves once it runs. */
  startBackground(work: readonly BackgroundWork[]): Promise<void>;
  close(): Promise<void>;
};

export function createVaultServices(options: ServiceOptions): Services {
  const events = createEventBus();
  const sharing = new SharingService();
  const conflicts = new SecretConflicts(sharing.access);
  const settings = new SettingsStore(options.dataDir);
  const isCli = options.platform.host === 'cli';
  const vault = new VaultManager({
    dataDir: options.dataDir,
    events,
    settings,
    clipboard: createClipboardGuard(options.platform.clipboard),
    ...(options.vaultOptions ? { vaultOptions: options.vaultOptions } : {}),
    ...(options.vaultPath ? { path: options.vaultPath } : {}),
    ...(isCli ? { idleLock: false } : {}),
  });
  // Roles saved at the last sync answer until (and where) a live workspace does not: a
  // Collaborator's shared account is never taken for their own, in any interface.
  vault.onUnlock((unlocked) => sharing.useSavedRoles(receivedRoles(unlocked.sync)));
  // The browser a person chose (kept in the vault), read each time a browser is launched.
  const browserPath = (): string | null => (vault.status().unlocked ? chosenBrowserPath(vault.unlocked()) : null);
  const browser = createBrowserPool({
    browserPath,
    tracesDir: () => `${logins.runs.root}/.work/browser`,
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
  events.subscribe((event) => {
    if (event === 'vault.locked') void inbox.stop();
  });
  // One record of the TOTP steps typed in this process: logins and rotations never reuse a code.
  const usedTotpSteps = new UsedTotpSteps();
  const logins = new LoginService({
    dataDir: options.dataDir,
    vault: () => vault.unlocked(),
    events,
    browserPath,
    browser,
    access: sharing.access,
    emailCodes: (accountId) => inbox.emailCodes(accountId),
    // Bound late: rotation is composed below. Enqueues "N hours after login" policy jobs.
    onSuccessfulLogin: (accountId) => {
      rotation.scheduler.onAutomatedLogin(accountId);
    },
    // Bound late too: a rotation that stopped half way is settled before a login uses the password.
    settleRotation: (accountId, onSettling) => rotation.settleInterrupted(accountId, onSettling),
    // One an Owner's device submitted and has not settled: its candidate, as last synced here.
    rotationElsewhere: (accountId) => receivedRotationMarker(vault.unlocked().sync, accountId),
    usedTotpSteps,
  });
  const mfa = new MfaService({
    dataDir: options.dataDir,
    vault: () => vault.unlocked(),
    access: sharing.access,
    browserPath,
    browser,
    emailCodes: (accountId) => inbox.emailCodes(accountId),
    emit: (event, payload) => events.emit(event, payload),
    // The enrolment's codes (the site's confirmation, the proving login) count as typed.
    spentTotpStep: (accountId, params, atMs) => usedTotpSteps.markUsed(accountId, params, atMs),
    ...(options.platform.screenCapture ? { screenCapture: options.platform.screenCapture } : {}),
  });
  // Rotation: recovers interrupted rotations and runs the scheduler while the vault is unlocked.
  const rotation = new RotationService({
    vault: () => vault.unlocked(),
    // The same recipes as logins and MFA enrolment: the person's own, then the bundled ones.
    site: () => browserRotationSite({ browser: () => browser.get(), recipes: () => loadRecipes(options.dataDir) }),
    withPage: pageRunner(() => browser.get()),
    access: sharing.access,
    // Rotation logs in like LoginService does: TOTP from the vault, emailed codes from the inbox.
    emailCodes: (accountId) => inbox.emailCodes(accountId),
    emit: (event, payload) => events.emit(event, payload),
    // Bound late: before the submit, the candidate goes to the account's shared docs.
    publishCandidate: ({ accountId }): Promise<void> => rotationMarkers.publish(accountId),
    usedTotpSteps,
  });
  // Every saved workspace syncs live while the vault is unlocked; shared accounts answer their
  // roles from its docs and are materialized into the account list.
  const sync = new SyncController({
    vault: () => vault.unlockedInBackground(),
    sharing,
    // Concurrent values of a shared secret are answered from the same live peers.
    onPeer: (peer) => {
      const detach = conflicts.attach(peer);
      // After open() has attached the peer's logs, so what the sweep writes is sent.
      const sweep = setTimeout(() => {
        try {
          rotationMarkers.sweep(peer);
        } catch (error) {
          options.log.warn('sharing: could not update rotation markers', { code: isTesseraError(error) ? error.code : 'INTERNAL' });
        }
      }, 0);
      // Another admin's removal, or a partner Manager's, re-keyed accounts this person owns: rotate what was exposed.
      const offExposed = peer.onExposed(({ docIds }) => {
        const accountIds = docIds.flatMap((docId) => {
          const ref = parseDocId(docId);
          return ref?.kind === 'account' ? [ref.accountId] : [];
        });
        try {
          rotation.scheduler.onEvent({ type: 'member_removed', accountIds, subject: 'access removed by a change from another device' });
        } catch (error) {
          options.log.warn('sharing: could not queue rotations after a removal', { code: isTesseraError(error) ? error.code : 'INTERNAL' });
        }
      });
      return () => {
        clearTimeout(sweep);
        offExposed();
        detach();
      };
    },
    emit: (event, payload) => events.emit(event, payload),
    log: options.log,
  });
  const rotationMarkers: RotationMarkerPublisher = new RotationMarkerPublisher({
    controller: sync,
    submitted: (accountId): ReturnType<RotationService['submittedCandidate']> => rotation.submittedCandidate(accountId),
    onError: (code) => options.log.warn('sharing: a rotation candidate did not reach the relay before the submit', { code }),
  });
  const relay = new EmbeddedRelay({ dataDir: options.dataDir, host: options.relayHost ?? '0.0.0.0' });
  const workspaces = new WorkspaceActions({
    vault: () => vault.unlocked(),
    controller: sync,
    rotation: () => rotation.scheduler,
    serveRelay: () => relay.start(vault.unlocked().sync),
    access: sharing.access,
  });
  const teams = new TeamActions({ controller: sync, rotation: () => rotation.scheduler });
  const partners = new PartnerActions({ controller: sync, rotation: () => rotation.scheduler });
  const shareLinks = new ShareLinks({ vault: () => vault.unlocked(), controller: sync, access: sharing.access, pick: (workspaceId) => workspaces.pick(workspaceId), rotation: () => rotation.scheduler });
  const linkEmail = new LinkEmailSettings({ vault: () => vault.unlocked(), controller: sync });
  const devices = new DeviceActions({ vault: () => vault.unlocked(), controller: sync, rotation: () => rotation.scheduler, changed: () => events.emit('sharing.devices', {}) });
  const scim = new ScimDeprovisioning({
    vault: () => vault.unlocked(), controller: sync, rotation: () => rotation.scheduler,
    notice: (message) => events.emit('app.notice', { level: 'warning', message }),
  });
  const universalLogout = new UniversalLogoutListener({
    vault: () => vault.unlocked(), controller: sync, rotation: () => rotation.scheduler,
    lock: () => vault.lock('universal-logout'),
    notice: (message) => events.emit('app.notice', { level: 'warning', message }),
  });
  // Each minute: people the identity provider deprovisioned are removed by whichever Owner/Admin
  // device is online, and Universal Logouts it asked for are acted on by every device.
  let scimPoll: NodeJS.Timeout | undefined;
  const pollScim = () => {
    const warn = (what: string) => (error: unknown) => options.log.warn(`sharing: could not read ${what}`, { code: isTesseraError(error) ? error.code : 'INTERNAL' });
    void scim.processEvents().catch(warn('SCIM deprovisioning events'))
      .then(() => universalLogout.poll()).catch(warn('Universal Logout events'))
      .then(() => shareLinks.list()).catch(warn('share links'));
  };
  const startBackground = async (work: readonly BackgroundWork[], unlocked: Vault = vault.unlockedInBackground()): Promise<void> => {
    const running: Promise<void>[] = [];
    if (work.includes('inbox')) running.push(inbox.start());
    if (work.includes('rotation')) rotation.start();
    if (work.includes('relay') || work.includes('sync')) {
      running.push((async () => {
        // The embedded relay first: this device's own workspaces may sync through it.
        if (work.includes('relay')) await relay.resume(unlocked.sync);
        if (work.includes('sync')) {
          await sync.start();
          workspaces.resume();
          devices.resume();
          clearInterval(scimPoll);
          scimPoll = setInterval(pollScim, options.scimPollMs ?? 60_000);
          scimPoll.unref();
        }
      })().catch((error: unknown) => options.log.warn('sharing: could not start sync', { code: isTesseraError(error) ? error.code : 'INTERNAL' })));
    }
    await Promise.all(running);
  };
  const background = options.background ?? ALL_BACKGROUND_WORK;
  if (background.length > 0) vault.onUnlock((unlocked) => void startBackground(background, unlocked));
  events.subscribe((event, payload) => {
    // A rotation of a shared account settled here (a run or a recovery): its new password goes out
    // to everyone it is shared with first, then its marker goes.
    if (event === 'rotation.progress') {
      const { accountId, state } = payload as { accountId: string; state: string };
      if (isRotationState(state) && FINAL_STATES.includes(state)) {
        try {
          if (state === 'COMMITTED') workspaces.accountChanged(accountId);
          rotationMarkers.refresh(accountId);
        } catch (error) {
          options.log.warn('sharing: could not clear a rotation marker', { code: isTesseraError(error) ? error.code : 'INTERNAL' });
        }
      }
    }
    if (event !== 'vault.locked') return;
    sync.stop();
    sharing.useSavedRoles(new Map());
    conflicts.clear();
    void relay.stop();
  });
  events.subscribe((event) => {
    if (event === 'vault.locked') {
      void rotation.stop();
      clearInterval(scimPoll);
    }
  });
  const facts = new AccountFactsService({
    vault: () => vault.unlocked(),
    // Scoring a large vault in the background is not the person's activity: the vault still idle-locks on time.
    quietly: (work) => vault.unlockedInBackground().idleLock.untouched(work),
    verifications: () => logins.verifications(),
    policies: () => rotation.scheduler.policies(),
    finishedJobs: () => rotation.scheduler.jobs.list(['done', 'failed']),
    otherRoleHolders: () => otherRoleHolders(sync.workspaces().map((live) => live.peer)),
    log: options.log,
  });
  events.subscribe((event) => {
    if (event === 'vault.locked') facts.clear();
  });
  const accounts = new AccountActions({
    vault: () => vault.unlocked(),
    access: sharing.access,
    // A shared account's change goes out to everyone it is shared with.
    changed: (accountId) => workspaces.accountChanged(accountId),
    // Copying the password or code to log in by hand counts for "N hours after login".
    copiedToLogIn: (accountId) => void rotation.scheduler.onPersonLogin(accountId),
  });
  // The browser extension: fills and captures in the person's own browser, with the same roles,
  // audit and after-login trigger as the app; the host starts its socket (browserBridge.start()).
  const browserBridge = new BrowserBridgeService({
    dataDir: options.dataDir,
    vault: () => vault.unlocked(),
    isUnlocked: () => vault.status().unlocked,
    events,
    log: options.log,
    operations: {
      access: sharing.access,
      accounts,
      recordPersonLogin: (accountId) => logins.recordPersonLogin(accountId),
      onPersonLogin: (accountId) => void rotation.scheduler.onPersonLogin(accountId),
      emailCode: async (accountId) => (await inbox.code(accountId)).code,
      totpCode: (accountId, params) => usedTotpSteps.code(accountId, params),
    },
  });
  return {
    dataDir: options.dataDir,
    platform: options.platform,
    log: options.log,
    events,
    links: createExternalLinks(options.platform.openInOs),
    settings,
    vault,
    accounts,
    browserPath,
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
    partners,
    shareLinks,
    linkEmail,
    scim,
    universalLogout,
    devices,
    rotationMarkers,
    browser,
    browserBridge,
    startBackground: (work) => startBackground(work),
    async close() {
      await browserBridge.close();
      sync.stop();
      await relay.stop();
      await rotation.stop();
      await inbox.stop();
      await logins.close();
      await browser.close();
      vault.close();
    },
  };
}
