// SCIM deprovisioning, the Owner/Admin device's side (the relay's is relay/scim-routes.ts): make
// the workspace's SCIM token (shown once; the relay keeps its SHA-256), and act on the users
// the identity provider deactivated or deleted — with no person acting, on every Owner/Admin
// device that is online (services.ts polls each minute): the member whose signed email matches
// is removed from the team (a chain entry this device signs: new epoch, accounts re-keyed,
// rotations queued as a 'deprovisioning' event), the app says so, the audit log records it,
// and the event is acknowledged. Requests are signed with this device's key
// (protocol/signed-requests.ts); the relay checks the chain says it is an Owner/Admin device.
import { createHash, randomBytes } from 'node:crypto';
import { TesseraError } from '../errors';
import { toBase64Url } from '../../protocol/canonical-encoding';
import type { DeprovisionEventView } from '../../protocol/scim';
import type { Vault } from '../vault';
import { removeMemberAndRotate, type RotationHook } from './revocation-rotation';
import { adminRelayRequest, deviceRelayRequest, httpBase } from './relay-requests';
import type { LiveWorkspace, SyncController } from './sync-controller';

export interface DeprovisionReport {
  workspaceId: string;
  removed: { memberId: string; email: string; rotationJobs: number }[];
  /** Addresses no active member of the workspace has signed (nothing to remove). */
  unmatched: string[];
  /** Events left for later (the chain refused this device's removal, e.g. an Admin and an Owner). */
  failed: { email: string; code: string }[];
}

export interface ScimDeprovisioningOptions {
  vault(): Vault;
  controller: SyncController;
  rotation(): RotationHook;
  /** Tells the person what happened (the app's notice). */
  notice?(message: string): void;
}

export class ScimDeprovisioning {
  #running: Promise<DeprovisionReport[]> | undefined;

  constructor(private readonly options: ScimDeprovisioningOptions) {}

  /** A new SCIM token for the workspace (the previous one stops working), and the base URL the identity provider calls. */
  async createToken(workspaceId: string): Promise<{ token: string; baseUrl: string }> {
    const live = this.options.controller.get(workspaceId);
    const token = `tscim_${toBase64Url(randomBytes(32))}`;
    await adminRelayRequest(live, 'set up SCIM provisioning', 'POST', `/scim-admin/${workspaceId}/token`, { tokenHash: toBase64Url(createHash('sha256').update(token).digest()) });
    this.options.vault().audit.append('scim.token', null, { workspaceId });
    return { token, baseUrl: `${httpBase(live.relayUrl!)}/scim/v2/${workspaceId}` };
  }

  /** Acts on the deprovisioning events of every live workspace where this device is an Owner/Admin device (one run at a time). */
  processEvents(): Promise<DeprovisionReport[]> {
    this.#running ??= this.#process().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #process(): Promise<DeprovisionReport[]> {
    const reports: DeprovisionReport[] = [];
    for (const live of this.options.controller.workspaces()) {
      const me = live.peer.workspace.state.members.get(live.identity.memberId);
      if (!live.relayUrl || !me?.active || (me.role !== 'owner' && me.role !== 'admin')) continue;
      const { events } = await deviceRelayRequest<{ events: DeprovisionEventView[] }>(live, 'GET', `/scim-admin/${live.workspaceId}/events`);
      const report: DeprovisionReport = { workspaceId: live.workspaceId, removed: [], unmatched: [], failed: [] };
      for (const event of events) {
        const outcome = this.#deprovision(live, event);
        if (outcome === 'unmatched') report.unmatched.push(event.email);
        else if ('code' in outcome) {
          report.failed.push({ email: event.email, code: outcome.code });
          continue; // left on the relay for another Owner/Admin device (or a later run)
        } else report.removed.push(outcome);
        await deviceRelayRequest(live, 'DELETE', `/scim-admin/${live.workspaceId}/events/${event.seq}`);
      }
      if (report.removed.length) this.options.controller.saveNow(live.workspaceId);
      if (events.length) reports.push(report);
    }
    return reports;
  }

  #deprovision(live: LiveWorkspace, event: DeprovisionEventView): DeprovisionReport['removed'][number] | 'unmatched' | { code: string } {
    const { state } = live.peer.workspace;
    const profiles = live.peer.workspace.profiles();
    const match = [...state.members.values()].find((m) => m.active && profiles.get(m.memberId)?.email.toLowerCase() === event.email);
    if (!match) return 'unmatched';
    if (match.memberId === live.identity.memberId) return { code: 'NOT_PERMITTED' }; // another Owner/Admin device removes this person
    const name = profiles.get(match.memberId)?.name ?? event.email;
    try {
      const result = removeMemberAndRotate(live.peer, match.memberId, this.options.rotation(), `${name}: deprovisioned by the identity provider`, 'deprovisioning');
      this.options.vault().audit.append('scim.deprovision', null, { workspaceId: live.workspaceId, memberId: match.memberId, reason: event.reason, rotationJobs: result.jobs.length });
      this.options.notice?.(`${name} (${event.email}) was ${event.reason} by your identity provider: removed from ${live.peer.team.doc.name() ?? 'the workspace'}${result.jobs.length ? `, ${result.jobs.length} password rotation(s) queued` : ''}.`);
      return { memberId: match.memberId, email: event.email, rotationJobs: result.jobs.length };
    } catch (error) {
      return { code: error instanceof TesseraError ? error.code : 'INTERNAL' };
    }
  }
}
