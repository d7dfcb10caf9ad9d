// The "Share" form: which workspace (when there are several), with whom (a member, a team, or
// a partner as Collaborator, whose Managers grant it on) and as what. The account page shares
// one account with it ("Who has access"); the account list's bulk share (BulkShare.tsx) the
// chosen ones. `onShare` gets the choice and the name of whom it was shared with, as shown.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountGrant, MemberView, PartnerView, TeamView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { tessera, unwrap } from '../api';
import { personName, ROLE_LABELS, shortId } from './labels';

export type AccountRole = AccountGrant['role'];
export type ShareChoice = { workspaceId: string; principal: AccountGrant['principal']; role: AccountRole; name: string };

export function ShareForm({ workspaces, onShare, submitLabel = 'Share', heading = 'Share', busy = false }: {
  workspaces: WorkspaceSyncStatus[];
  onShare: (choice: ShareChoice) => void | Promise<void>;
  submitLabel?: string;
  /** The form's own heading; null inside a dialog whose title says it. */
  heading?: string | null;
  /** A share is on its way: the button waits. */
  busy?: boolean;
}) {
  const [workspaceId, setWorkspaceId] = useState(workspaces[0]!.workspaceId);
  const [members, setMembers] = useState<MemberView[]>([]);
  const [teams, setTeams] = useState<TeamView[]>([]);
  const [partners, setPartners] = useState<PartnerView[]>([]);
  const [principal, setPrincipal] = useState('');
  const [role, setRole] = useState<AccountRole>('collaborator');
  // A partner is only ever a Collaborator.
  const toPartner = principal.startsWith('partner:');
  // Ids of its own: the account page's form and the bulk share dialog's can be on screen together.
  const fieldId = useId();

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

  const teamName = (t: TeamView) => t.name ?? `Team ${shortId(t.teamId)}`;
  const partnerName = (p: PartnerView) => p.name ?? `Partner ${shortId(p.partnerId)}`;
  function nameOf(chosen: string): string {
    const [kind, id] = chosen.split(':');
    if (kind === 'team') return `team ${teamName(teams.find((t) => t.teamId === id)!)}`;
    if (kind === 'partner') return `partner ${partnerName(partners.find((p) => p.partnerId === id)!)}`;
    return personName(members.find((m) => m.memberId === id)!);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (principal && !busy) void onShare({ workspaceId, principal: principal as AccountGrant['principal'], role: toPartner ? 'collaborator' : role, name: nameOf(principal) });
  }

  return (
    <form onSubmit={submit} className="share-form" noValidate>
      {heading !== null && <h3>{heading}</h3>}
      {workspaces.length > 1 && (
        <div className="field">
          <label htmlFor={`${fieldId}-workspace`}>Workspace</label>
          <select id={`${fieldId}-workspace`} value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)}>
            {workspaces.map((w) => <option key={w.workspaceId} value={w.workspaceId}>{w.name ?? w.workspaceId}</option>)}
          </select>
        </div>
      )}
      {members.length + teams.length + partners.length === 0 ? <p className="muted">No other members or teams yet. Invite someone on the Sharing screen.</p> : (
        <>
          <div className="field">
            <label htmlFor={`${fieldId}-member`}>With</label>
            <select id={`${fieldId}-member`} value={principal} onChange={(e) => setPrincipal(e.target.value)}>
              {members.length > 0 && <optgroup label="People">
                {members.map((m) => <option key={m.memberId} value={`member:${m.memberId}`}>{personName(m)} ({ROLE_LABELS[m.role]})</option>)}
              </optgroup>}
              {teams.length > 0 && <optgroup label="Teams">
                {teams.map((t) => <option key={t.teamId} value={`team:${t.teamId}`}>{teamName(t)} ({t.members.length} member(s))</option>)}
              </optgroup>}
              {partners.length > 0 && <optgroup label="Partners">
                {partners.map((p) => <option key={p.partnerId} value={`partner:${p.partnerId}`}>{partnerName(p)} (its Managers grant it on)</option>)}
              </optgroup>}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${fieldId}-role`}>As</label>
            <select id={`${fieldId}-role`} value={toPartner ? 'collaborator' : role} onChange={(e) => setRole(e.target.value as AccountRole)}>
              <option value="collaborator">Collaborator (logs in, never sees the password)</option>
              {!toPartner && <option value="owner">Owner (sees and changes everything)</option>}
            </select>
          </div>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Sharing…' : submitLabel}</button>
        </>
      )}
    </form>
  );
}
