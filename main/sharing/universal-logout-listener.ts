// Okta Universal Logout, the devices' side (the relay's is relay/universal-logout.ts): an
// Owner/Admin sets the workspace's issuer, audience and JWKS; then every device of the workspace
// reads the logouts the relay queued (polled with the SCIM events, each minute) and acts with no
// person present: the logged-out person's own devices lock the vault; the devices of people who
// own accounts that person can use fire the 'universal_logout' policy event for them, so the
// Universal Logout and rotation policies queue their jobs (which wait for a person's approval
// where a locally vaulted account needs one). Each device keeps, sealed in its vault, the last
// logout it read per workspace.
import { effectiveAccountRole, parseDocId } from '../sync';
import type { OktaSettings } from '../../protocol/scim';
import type { Vault } from '../vault';
import type { RotationHook } from './revocation-rotation';
import { adminRelayRequest, deviceRelayRequest, httpBase } from './relay-requests';
import type { LiveWorkspace, SyncController } from './sync-controller';

const CURSORS = 'universal-logout-cursors';

export interface UniversalLogoutOptions {
  vault(): Vault;
  controller: SyncController;
  /** The scheduler's event hook: 'universal_logout' queues logout-and-rotate jobs. */
  rotation(): Pick<RotationHook, 'onEvent'>;
  /** Locks this device's vault (the person was logged out everywhere). */
  lock(): void;
  notice?(message: string): void;
}

export interface LogoutOutcome {
  workspaceId: string;
  email: string;
  /** This person was the one logged out: the vault locks. */
  lockedHere: boolean;
  /** Accounts this person owns that the logged-out person can use, handed to the policies. */
  accountIds: string[];
}

export class UniversalLogoutListener {
  #running: Promise<LogoutOutcome[]> | undefined;

  constructor(private readonly options: UniversalLogoutOptions) {}

  /** Owners and Admins: the Okta issuer, audience and JWKS (inline JSON or URL) the relay checks logout tokens against. */
  async configure(workspaceId: string, settings: OktaSettings): Promise<{ endpoint: string }> {
    const live = this.options.controller.get(workspaceId);
    await adminRelayRequest(live, 'set up Universal Logout', 'POST', `/scim-admin/${workspaceId}/okta`, settings);
    this.options.vault().audit.append('okta.settings', null, { workspaceId, issuer: settings.issuer });
    return { endpoint: `${httpBase(live.relayUrl!)}/universal-logout/${workspaceId}/global-token-revocation` };
  }

  /** Reads and acts on the logouts queued since the last run (one run at a time). */
  poll(): Promise<LogoutOutcome[]> {
    this.#running ??= this.#poll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #poll(): Promise<LogoutOutcome[]> {
    const outcomes: LogoutOutcome[] = [];
    const cursors = (this.options.vault().sync.read(CURSORS) as Record<string, number> | undefined) ?? {};
    let lock = false;
    for (const live of this.options.controller.workspaces()) {
      if (!live.relayUrl || !live.peer.workspace.state.members.get(live.identity.memberId)?.active) continue;
      const { logouts } = await deviceRelayRequest<{ logouts: { seq: number; email: string }[] }>(live, 'GET', `/scim-admin/${live.workspaceId}/logouts`, undefined, `?after=${cursors[live.workspaceId] ?? 0}`);
      for (const logout of logouts) {
        const outcome = this.#act(live, logout.email);
        if (outcome) outcomes.push(outcome);
        lock ||= outcome?.lockedHere === true;
        cursors[live.workspaceId] = logout.seq;
      }
    }
    if (outcomes.length || Object.keys(cursors).length) this.options.vault().sync.write(CURSORS, cursors);
    if (lock) this.options.lock();
    return outcomes;
  }

  #act(live: LiveWorkspace, email: string): LogoutOutcome | undefined {
    const { state } = live.peer.workspace;
    const profiles = live.peer.workspace.profiles();
    const member = [...state.members.values()].find((m) => m.active && profiles.get(m.memberId)?.email.toLowerCase() === email);
    if (!member) return undefined;
    const name = profiles.get(member.memberId)?.name ?? email;
    if (member.memberId === live.identity.memberId) {
      this.options.vault().audit.append('okta.logout', null, { workspaceId: live.workspaceId, lockedHere: true });
      return { workspaceId: live.workspaceId, email, lockedHere: true, accountIds: [] };
    }
    const accountIds = live.peer.accounts().flatMap((doc) => {
      const ref = parseDocId(doc.docId);
      if (ref?.kind !== 'account' || effectiveAccountRole(doc, member.memberId, state) === null) return [];
      return effectiveAccountRole(doc, live.identity.memberId, state) === 'owner' ? [ref.accountId] : [];
    });
    if (accountIds.length) {
      const jobs = this.options.rotation().onEvent({ type: 'universal_logout', accountIds, subject: `${name}: Universal Logout from the identity provider` });
      this.options.vault().audit.append('okta.logout', null, { workspaceId: live.workspaceId, memberId: member.memberId, accounts: accountIds.length, jobs: jobs.length });
      this.options.notice?.(`Your identity provider logged ${name} out everywhere: ${jobs.length} Universal Logout and rotation job(s) queued for the accounts they can use.`);
    }
    return { workspaceId: live.workspaceId, email, lockedHere: false, accountIds };
  }
}
