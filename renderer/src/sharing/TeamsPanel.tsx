// The teams of a workspace: each with its name and members (by name, with their role). Owners
// and Admins create a team by name, add an active member, and remove one (a Radix dialog
// says what removal does: the team's accounts are re-keyed and rotations queued).
import { useCallback, useEffect, useState } from 'react';
import type { MemberView, TeamView } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { personName, ROLE_LABELS, shortId } from './labels';
import { useSubmit } from './use-submit';

type Removal = { team: TeamView; memberId: string };

export function TeamsPanel({ workspaceId, canManage, revision }: { workspaceId: string; canManage: boolean; revision: number }) {
  const [teams, setTeams] = useState<TeamView[]>([]);
  const [members, setMembers] = useState<MemberView[]>([]);
  const [removing, setRemoving] = useState<Removal | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const [t, m] = await Promise.all([unwrap(tessera().sharing.teams({ workspaceId })), unwrap(tessera().sharing.members({ workspaceId }))]);
      setTeams(t.teams);
      setMembers(m.members.filter((x) => x.active));
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }, [workspaceId]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  async function act(action: () => Promise<string>) {
    try {
      setMessage({ ok: true, text: await action() });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  /** A team member as people read them: their signed name, else their short id. */
  const who = (memberId: string) => personName(members.find((m) => m.memberId === memberId) ?? { memberId });

  const remove = ({ team, memberId }: Removal) => act(async () => {
    setRemoving(null);
    const { rotationJobs } = await unwrap(tessera().sharing.removeFromTeam({ workspaceId, teamId: team.teamId, memberId }));
    return `Removed ${who(memberId)} from ${teamLabel(team)}${rotationJobs ? `; ${rotationJobs} password rotation(s) queued` : ''}.`;
  });

  return (
    <div className="teams">
      <h3>Teams</h3>
      {teams.length === 0 && <p className="muted">No teams yet.{canManage ? ' Create one below, then share accounts with the whole team.' : ''}</p>}
      <ul className="team-list" data-testid="teams">
        {teams.map((team) => (
          <li key={team.teamId}>
            <strong>{teamLabel(team)}</strong>
            {team.members.length === 0 ? <span className="muted"> · no members yet</span> : (
              <ul>
                {team.members.map((m) => (
                  <li key={m.memberId}>
                    {who(m.memberId)} · {ROLE_LABELS[m.role]}
                    {canManage && (
                      <button type="button" className="danger inline" aria-label={`Remove ${who(m.memberId)} from ${teamLabel(team)}`} onClick={() => setRemoving({ team, memberId: m.memberId })}>Remove</button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {canManage && <AddMemberForm team={team} candidates={members.filter((m) => !team.members.some((t) => t.memberId === m.memberId))}
              onAdd={(memberId) => act(async () => {
                await unwrap(tessera().sharing.addToTeam({ workspaceId, teamId: team.teamId, memberId }));
                return `Added ${who(memberId)} to ${teamLabel(team)}. Accounts shared with the team reach their devices.`;
              })} />}
          </li>
        ))}
      </ul>
      {canManage && <CreateTeamForm workspaceId={workspaceId} onCreated={(name) => act(async () => `Created the team ${name}.`)} />}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)}
        title={removing ? `Remove ${who(removing.memberId)} from ${teamLabel(removing.team)}?` : 'Remove from team?'}
        confirmLabel="Remove from team" danger onConfirm={() => removing && void remove(removing)}>
        <p>They lose the accounts shared with this team (unless shared with them another way). Those accounts get a new key, and a password rotation is queued for each, because their device may keep copies of the old passwords.</p>
      </ConfirmDialog>
    </div>
  );
}

function teamLabel(team: TeamView): string {
  return team.name ?? `Team ${shortId(team.teamId)}`;
}

function AddMemberForm({ team, candidates, onAdd }: { team: TeamView; candidates: MemberView[]; onAdd: (memberId: string) => Promise<void> }) {
  const [memberId, setMemberId] = useState('');
  const chosen = candidates.some((m) => m.memberId === memberId) ? memberId : (candidates[0]?.memberId ?? '');
  if (!candidates.length) return null;
  const selectId = `add-to-${team.teamId}`;
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (chosen) void onAdd(chosen); }}>
      <label htmlFor={selectId}>Add to {teamLabel(team)}</label>
      <select id={selectId} value={chosen} onChange={(e) => setMemberId(e.target.value)}>
        {candidates.map((m) => <option key={m.memberId} value={m.memberId}>{personName(m)}{m.you ? ' (you)' : ''} ({ROLE_LABELS[m.role]})</option>)}
      </select>
      <button type="submit">Add member</button>
    </form>
  );
}

function CreateTeamForm({ workspaceId, onCreated }: { workspaceId: string; onCreated: (name: string) => Promise<void> }) {
  const [name, setName] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await unwrap(tessera().sharing.createTeam({ workspaceId, name }));
    setName('');
    await onCreated(name.trim());
  });
  return (
    <form onSubmit={submit} noValidate>
      <Field label="Team name" value={name} onChange={(e) => setName(e.target.value)} required hint="Only workspace members see it: names are stored encrypted." />
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create team'}</button>
    </form>
  );
}
