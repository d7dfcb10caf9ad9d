// The rotating Owner device's side of rotation markers (rotation-markers.ts): before the
// site sees a new password, the candidate goes into the doc of the account in every live
// workspace it is shared in, and the submit waits (bounded) for each relay to take it; once
// the rotation settles, the marker is cleared. A workspace that goes live is swept for
// markers this device left when it stopped mid-rotation.
import { isTesseraError } from '../errors';
import { effectiveAccountRole, parseDocId, ROTATION_MARKER_FIELD, type SyncPeer } from '../sync';
import { writeRotationMarker } from './rotation-markers';
import { sharedDocFor } from './shared-accounts';
import type { SyncController } from './sync-controller';

export interface RotationMarkerPublisherOptions {
  controller: SyncController;
  /** The rotating device's journal: the account's submitted, unsettled candidate. */
  submitted: (accountId: string) => { rotationId: string; newPassword: string; since: number } | undefined;
  /** How long the submit waits for the relay to take the marker (then goes on; it is sent later). */
  publishTimeoutMs?: number;
  onError?: (code: string) => void;
}

/** The Owner device's side: markers in step with its rotation journal, in every live workspace. */
export class RotationMarkerPublisher {
  constructor(private readonly options: RotationMarkerPublisherOptions) {}

  /** Brings the account's marker in line with the journal; returns the workspaces written to. */
  refresh(accountId: string): string[] {
    const submitted = this.options.submitted(accountId);
    const marker = submitted ? { rotationId: submitted.rotationId, candidate: submitted.newPassword, since: submitted.since } : null;
    const written: string[] = [];
    for (const live of this.options.controller.workspaces()) {
      const doc = sharedDocFor(live.peer, accountId);
      if (doc && writeRotationMarker(live.peer, doc, marker)) {
        written.push(live.workspaceId);
        this.options.controller.changed(live.workspaceId);
      }
    }
    return written;
  }

  /**
   * Before a submit: the candidate goes to every workspace the account is shared in, and the
   * submit waits (bounded) until each relay took it.
   */
  async publish(accountId: string): Promise<void> {
    const written = this.refresh(accountId);
    await Promise.all(written.map((workspaceId) =>
      this.options.controller.idle(workspaceId, this.options.publishTimeoutMs ?? 5_000).catch((error: unknown) => {
        this.options.onError?.(isTesseraError(error) ? error.code : 'INTERNAL');
      }),
    ));
  }

  /** A workspace went live: markers this device left behind (it stopped mid-rotation) are brought up to date. */
  sweep(peer: SyncPeer): void {
    for (const doc of peer.accounts()) {
      if (doc.candidates(ROTATION_MARKER_FIELD).length === 0) continue;
      const ref = parseDocId(doc.docId);
      if (ref?.kind === 'account' && effectiveAccountRole(doc, peer.memberId, peer.workspace.state) === 'owner') this.refresh(ref.accountId);
    }
  }
}
