// Sharing, for people first: who you are to your team (name and email), your devices (link a
// new one, remove a lost one; a new device links itself from here too), each workspace with
// its live sync status, invitations and members by name; the accounts shared with you or by
// you; "Create a workspace" and "Join with an invitation" open on request (create is open
// while there is none); key fingerprints sit under Advanced. Status
// updates arrive as sharing.status events from the main process's sync controller.
import { useCallback, useEffect, useState } from 'react';
import type { Profile, SharingIdentity, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { CreateWorkspaceForm } from '../sharing/CreateWorkspaceForm';
import { JoinWorkspaceForm } from '../sharing/JoinWorkspaceForm';
import { ProfileCard } from '../sharing/ProfileCard';
import { DevicesPanel } from '../sharing/DevicesPanel';
import { LinkThisDeviceForm } from '../sharing/LinkThisDeviceForm';
import { SharedAccountsList } from '../sharing/SharedAccountsList';
import { WorkspaceCard } from '../sharing/WorkspaceCard';

export function SharingScreen({ onOpenAccount }: { onOpenAccount: (accountId: string) => void }) {
  const [identity, setIdentity] = useState<SharingIdentity | null>(null);
  // undefined while loading; null when the person has not set a name yet.
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  const [workspaces, setWorkspaces] = useState<WorkspaceSyncStatus[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);

  const load = useCallback(async () => {
    try {
      const [status, mine] = await Promise.all([unwrap(tessera().sharing.status()), unwrap(tessera().sharing.profile({}))]);
      setProfile(mine.profile);
      setIdentity(status.identity);
      setWorkspaces(status.workspaces);
      setRevision((r) => r + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  const onLinked = useCallback(() => void load(), [load]);

  useEffect(() => {
    void load();
    return tessera().on('sharing.status', (status) => {
      setWorkspaces((all) => (all.some((w) => w.workspaceId === status.workspaceId) ? all.map((w) => (w.workspaceId === status.workspaceId ? status : w)) : [...all, status]));
      setRevision((r) => r + 1);
    });
  }, [load]);

  return (
    <div className="sharing">
      <h1 tabIndex={-1}>Sharing</h1>
      {error && <p className="form-error" role="alert">{error}</p>}
      <p className="muted">Share accounts with your team: create a workspace, invite people, then choose who may use each account (Share… on the account page).</p>
      {profile !== undefined && (profile !== null || workspaces.length > 0) && <ProfileCard profile={profile} onSaved={setProfile} />}
      {workspaces.some((w) => w.admitted) && <DevicesPanel revision={revision} />}
      {workspaces.map((w) => <WorkspaceCard key={w.workspaceId} status={w} revision={revision} onChanged={() => void load()} />)}
      {workspaces.some((w) => w.admitted) && <SharedAccountsList revision={revision} onOpenAccount={onOpenAccount} />}
      {profile !== undefined && (
        <>
          <details className="collapsible" open={workspaces.length === 0 || undefined} data-testid="create-workspace-section">
            <summary><h2>Create a workspace</h2></summary>
            <CreateWorkspaceForm profile={profile} onCreated={() => void load()} />
          </details>
          <details className="collapsible" data-testid="join-workspace-section">
            <summary><h2>Join with an invitation</h2></summary>
            <JoinWorkspaceForm profile={profile} onJoined={() => void load()} />
          </details>
          {workspaces.length === 0 && (
            <details className="collapsible" data-testid="link-device-section">
              <summary><h2>Link this device to your identity</h2></summary>
              <LinkThisDeviceForm onLinked={onLinked} />
            </details>
          )}
        </>
      )}
      {identity && (
        <details className="collapsible" data-testid="sharing-advanced">
          <summary><h2>Advanced: your keys</h2></summary>
          <section className="card" aria-labelledby="your-keys">
            <h2 id="your-keys">Your keys</h2>
            <dl>
              <dt>Your fingerprint</dt>
              <dd><code data-testid="identity-fingerprint">{identity.fingerprint}</code></dd>
              <dt>This device</dt>
              <dd><code data-testid="device-fingerprint">{identity.deviceFingerprint}</code></dd>
            </dl>
            <p className="muted">People you share with see these. Compare them in person or by phone when a key changes.</p>
          </section>
        </details>
      )}
    </div>
  );
}
