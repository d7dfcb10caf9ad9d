// One workspace on the Sharing screen: its sync status (online / offline / error, last sync,
// changes waiting to be sent), the code to read to the inviter while this device waits to be
// admitted, a warning for changed member keys, then invitations, members, teams and partners;
// under Advanced, the relay address this device syncs through (changeable) and the workspace id.
import type { WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { InvitePanel } from './InvitePanel';
import { MembersPanel } from './MembersPanel';
import { TeamsPanel } from './TeamsPanel';
import { PartnersPanel } from './PartnersPanel';
import { IdentityProviderPanel } from './IdentityProviderPanel';
import { LinkEmailPanel } from './LinkEmailPanel';
import { RelayAddressSetting } from './RelayAddressSetting';
import { lastSyncText, ROLE_LABELS, STATE_LABELS } from './labels';

export function WorkspaceCard({ status, revision, onChanged }: { status: WorkspaceSyncStatus; revision: number; onChanged: () => void }) {
  const headingId = `workspace-${status.workspaceId}`;
  const canManage = status.role === 'owner' || status.role === 'admin';
  return (
    <section className="card" aria-labelledby={headingId} data-testid="workspace">
      <h2 id={headingId}>{status.name ?? 'Workspace'}</h2>
      <p data-testid="sync-state">
        <strong>{STATE_LABELS[status.state]}</strong>
        {' · '}{lastSyncText(status.lastSyncAt)}
        {status.pendingOutgoing > 0 && ` · ${status.pendingOutgoing} change(s) waiting to be sent`}
        {status.role && ` · You are ${ROLE_LABELS[status.role]}`}
      </p>
      {status.relayUrl && (
        <p className="muted" data-testid="sync-relay">{status.state === 'online' ? 'Connected through' : status.state === 'connecting' ? 'Connecting through' : 'Relay address'} {status.relayUrl}</p>
      )}
      {status.error && <p className="form-error" role="alert">{status.error.message}</p>}
      {!status.admitted && (
        <p className="notice" role="status">
          {status.joinSas
            ? <>Read this code to the person who invited you: <strong data-testid="join-sas">{status.joinSas}</strong>. You are in once they admit you.</>
            : 'Waiting to be admitted to this workspace.'}
        </p>
      )}
      {status.keyChanges.length > 0 && (
        <p className="form-error" role="alert">{status.keyChanges.length} member key(s) changed. Sync with them is paused until you confirm the new key below.</p>
      )}
      {status.admitted && canManage && <InvitePanel workspaceId={status.workspaceId} onAdmitted={onChanged} />}
      {status.admitted && <MembersPanel workspaceId={status.workspaceId} canManage={canManage} revision={revision} />}
      {status.admitted && <TeamsPanel workspaceId={status.workspaceId} canManage={canManage} revision={revision} />}
      {status.admitted && <PartnersPanel workspaceId={status.workspaceId} canManage={canManage} revision={revision} onChanged={onChanged} />}
      {status.admitted && canManage && status.relayUrl && <IdentityProviderPanel workspaceId={status.workspaceId} />}
      {status.admitted && canManage && status.relayUrl && <LinkEmailPanel workspaceId={status.workspaceId} />}
      <details className="run-details" data-testid="workspace-advanced">
        <summary>Advanced</summary>
        <RelayAddressSetting workspaceId={status.workspaceId} relayUrl={status.relayUrl} />
        <p className="muted">Workspace id (what a partner's admin gives a host): <code data-testid="workspace-id">{status.workspaceId}</code></p>
      </details>
    </section>
  );
}
