// "Who has access" on the account page: every workspace the account is shared in with each
// member's, team's or partner's role. An Owner shares it (ShareForm.tsx) with a member or a team as Owner or
// Collaborator, or with a partner as Collaborator (its Managers grant it on), changes
// a role, or unshares (the dialog says the account's key is replaced and a password rotation
// queued, since their device held the password).
import { useCallback, useEffect, useState } from 'react';
import type { AccountGrant, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ACCOUNT_ROLE_LABELS, personName, shortId } from './labels';
import { ShareForm, type AccountRole } from './ShareForm';

type Share = { workspaceId: string; workspaceName: string | null; grants: AccountGrant[] };

function principalName(principal: string, groupNames: ReadonlyMap<string, string>, people: ReadonlyMap<string, string>): string {
  const [kind, id = ''] = principal.split(':');
  if (kind === 'team') return `Team ${groupNames.get(id) ?? shortId(id)}`;
  if (kind === 'partner') return `Partner ${groupNames.get(id) ?? shortId(id)}`;
  return people.get(id) ?? shortId(id);
}

/** `onChanged` runs after a share, a role change or an unshare: the account's level follows who holds a role. */
export function AccountSharingPanel({ accountId, isOwner, onChanged }: { accountId: string; isOwner: boolean; onChanged?: () => void }) {
  const [shares, setShares] = useState<Share[]>([]);
  const [workspaces, setWorkspaces] = useState<WorkspaceSyncStatus[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [unsharing, setUnsharing] = useState<{ workspaceId: string; grant: AccountGrant } | null>(null);
  const [teamNames, setTeamNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map());
  const nameOf = (principal: string) => principalName(principal, teamNames, people);

  const load = useCallback(async () => {
    try {
      const [access, status] = await Promise.all([unwrap(tessera().sharing.accountAccess({ accountId })), unwrap(tessera().sharing.status())]);
      setShares(access.shares);
      const withTeams = access.shares.filter((share) => share.grants.some((g) => g.principal.startsWith('team:')));
      const withPartners = access.shares.filter((share) => share.grants.some((g) => g.principal.startsWith('partner:')));
      const [teams, partners] = await Promise.all([
        Promise.all(withTeams.map((share) => unwrap(tessera().sharing.teams({ workspaceId: share.workspaceId })))),
        Promise.all(withPartners.map((share) => unwrap(tessera().sharing.partners({ workspaceId: share.workspaceId })))),
      ]);
      setTeamNames(new Map([
        ...teams.flatMap((t) => t.teams.flatMap((team) => (team.name ? [[team.teamId, team.name] as const] : []))),
        ...partners.flatMap((p) => p.partners.flatMap((partner) => (partner.name ? [[partner.partnerId, partner.name] as const] : []))),
      ]));
      const members = await Promise.all(access.shares.map((share) => unwrap(tessera().sharing.members({ workspaceId: share.workspaceId }))));
      setPeople(new Map(members.flatMap((m) => m.members.map((member) => [member.memberId, personName(member)] as const))));
      setWorkspaces(status.workspaces.filter((w) => w.admitted));
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }, [accountId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function setRole(workspaceId: string, principal: AccountGrant['principal'], role: AccountRole) {
    try {
      await unwrap(tessera().sharing.share({ workspaceId, accountId, principal, role }));
      setMessage({ ok: true, text: `${nameOf(principal)} is now ${ACCOUNT_ROLE_LABELS[role]}. The change syncs to their devices.` });
      await load();
      onChanged?.();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function unshare(workspaceId: string, grant: AccountGrant) {
    setUnsharing(null);
    try {
      const { rotationJobs } = await unwrap(tessera().sharing.unshare({ workspaceId, accountId, principal: grant.principal }));
      setMessage({ ok: true, text: `Unshared from ${nameOf(grant.principal)}. The account's key was replaced${rotationJobs ? ` and ${rotationJobs} password rotation(s) queued` : ''}.` });
      await load();
      onChanged?.();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  return (
    <section className="card" aria-labelledby={`sharing-${accountId}`} data-testid="account-sharing">
      <h2 id={`sharing-${accountId}`}>Who has access</h2>
      {shares.length === 0 && <p className="muted">Only you. {isOwner ? (workspaces.length ? 'Share it with a member below.' : 'Create or join a workspace on the Sharing screen to share it.') : ''}</p>}
      {shares.map((share) => (
        <div key={share.workspaceId}>
          <h3>{share.workspaceName ?? 'Workspace'}</h3>
          <ul className="grants">
            {share.grants.map((grant) => (
              <li key={grant.principal}>
                {nameOf(grant.principal)}: {isOwner ? (
                  <>
                    <select aria-label={`Role of ${nameOf(grant.principal)}`} value={grant.role}
                      onChange={(e) => void setRole(share.workspaceId, grant.principal, e.target.value as AccountRole)}>
                      {!grant.principal.startsWith('partner:') && <option value="owner">Owner</option>}
                      <option value="collaborator">Collaborator</option>
                    </select>
                    {' '}<button type="button" onClick={() => setUnsharing({ workspaceId: share.workspaceId, grant })}>Unshare</button>
                  </>
                ) : ACCOUNT_ROLE_LABELS[grant.role]}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {isOwner && workspaces.length > 0 && <ShareForm workspaces={workspaces} onShare={({ workspaceId, principal, role }) => setRole(workspaceId, principal, role)} />}
      <p className="muted">Collaborators can log in with the account (Tessera fills the password and code) but never see its password. Tessera enforces this in the app; it is not a cryptographic guarantee.</p>
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={unsharing !== null} onOpenChange={(open) => !open && setUnsharing(null)} title="Unshare this account?"
        confirmLabel="Unshare" danger onConfirm={() => unsharing && void unshare(unsharing.workspaceId, unsharing.grant)}>
        <p>They lose access on all their devices. Because their devices held the password, the account's key is replaced and a password rotation is queued.</p>
      </ConfirmDialog>
    </section>
  );
}
