// "Who has access" on the account page: every workspace the account is shared in with each
// member's, team's or partner's role. An Owner shares it with a member or a team as Owner or
// Collaborator, or with a partner as Collaborator (its Managers grant it on), changes
// a role, or unshares (the dialog says the account's key is replaced and a password rotation
// queued, since their device held the password).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccountGrant, MemberView, PartnerView, TeamView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { personName, ROLE_LABELS, shortId } from './labels';

type Share = { workspaceId: string; workspaceName: string | null; grants: AccountGrant[] };
type AccountRole = AccountGrant['role'];
const ROLE_NAMES: Record<AccountRole, string> = { owner: 'Owner', collaborator: 'Collaborator' };

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
      setMessage({ ok: true, text: `${nameOf(principal)} is now ${ROLE_NAMES[role]}. The change syncs to their devices.` });
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
                ) : ROLE_NAMES[grant.role]}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {isOwner && workspaces.length > 0 && <ShareForm workspaces={workspaces} onShare={(workspaceId, principal, role) => setRole(workspaceId, principal, role)} />}
      <p className="muted">Collaborators can log in with the account (Tessera fills the password and code) but never see its password. Tessera enforces this in the app; it is not a cryptographic guarantee.</p>
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={unsharing !== null} onOpenChange={(open) => !open && setUnsharing(null)} title="Unshare this account?"
        confirmLabel="Unshare" danger onConfirm={() => unsharing && void unshare(unsharing.workspaceId, unsharing.grant)}>
        <p>They lose access on all their devices. Because their devices held the password, the account's key is replaced and a password rotation is queued.</p>
      </ConfirmDialog>
    </section>
  );
}

function ShareForm({ workspaces, onShare }: { workspaces: WorkspaceSyncStatus[]; onShare: (workspaceId: string, principal: AccountGrant['principal'], role: AccountRole) => Promise<void> }) {
  const [workspaceId, setWorkspaceId] = useState(workspaces[0]!.workspaceId);
  const [members, setMembers] = useState<MemberView[]>([]);
  const [teams, setTeams] = useState<TeamView[]>([]);
  const [partners, setPartners] = useState<PartnerView[]>([]);
  const [principal, setPrincipal] = useState('');
  const [role, setRole] = useState<AccountRole>('collaborator');
  // A partner is only ever a Collaborator.
  const toPartner = principal.startsWith('partner:');

  useEffect(() => {
    void Promise.all([
      unwrap(tessera().sharing.members({ workspaceId })), unwrap(tessera().sharing.teams({ workspaceId })), unwrap(tessera().sharing.partners({ workspaceId })),
    ]).then(([{ members: all }, { teams: groups }, { partners: orgs }]) => {
      const others = all.filter((m) => m.active && !m.you);
      const active = orgs.filter((p) => p.active);
      setMembers(others);
      setTeams(groups);
      setPartners(active);
      setPrincipal(others[0] ? `member:${others[0].memberId}` : groups[0] ? `team:${groups[0].teamId}` : active[0] ? `partner:${active[0].partnerId}` : '');
    }, () => { setMembers([]); setTeams([]); setPartners([]); });
  }, [workspaceId]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (principal) void onShare(workspaceId, principal as AccountGrant['principal'], toPartner ? 'collaborator' : role);
  }

  return (
    <form onSubmit={submit} className="share-form" noValidate>
      <h3>Share</h3>
      {workspaces.length > 1 && (
        <div className="field">
          <label htmlFor="share-workspace">Workspace</label>
          <select id="share-workspace" value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)}>
            {workspaces.map((w) => <option key={w.workspaceId} value={w.workspaceId}>{w.name ?? w.workspaceId}</option>)}
          </select>
        </div>
      )}
      {members.length + teams.length + partners.length === 0 ? <p className="muted">No other members or teams yet. Invite someone on the Sharing screen.</p> : (
        <>
          <div className="field">
            <label htmlFor="share-member">With</label>
            <select id="share-member" value={principal} onChange={(e) => setPrincipal(e.target.value)}>
              {members.length > 0 && <optgroup label="People">
                {members.map((m) => <option key={m.memberId} value={`member:${m.memberId}`}>{personName(m)} ({ROLE_LABELS[m.role]})</option>)}
              </optgroup>}
              {teams.length > 0 && <optgroup label="Teams">
                {teams.map((t) => <option key={t.teamId} value={`team:${t.teamId}`}>{t.name ?? `Team ${shortId(t.teamId)}`} ({t.members.length} member(s))</option>)}
              </optgroup>}
              {partners.length > 0 && <optgroup label="Partners">
                {partners.map((p) => <option key={p.partnerId} value={`partner:${p.partnerId}`}>{p.name ?? `Partner ${shortId(p.partnerId)}`} (its Managers grant it on)</option>)}
              </optgroup>}
            </select>
          </div>
          <div className="field">
            <label htmlFor="share-role">As</label>
            <select id="share-role" value={toPartner ? 'collaborator' : role} onChange={(e) => setRole(e.target.value as AccountRole)}>
              <option value="collaborator">Collaborator (logs in, never sees the password)</option>
              {!toPartner && <option value="owner">Owner (sees and changes everything)</option>}
            </select>
          </div>
          <button type="submit" className="primary">Share</button>
        </>
      )}
    </form>
  );
}
