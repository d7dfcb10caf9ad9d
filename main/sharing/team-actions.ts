// Teams of a workspace (groups that receive account grants as `team:<id>`): create, rename,
// add and remove members, and the list with names and members. Membership lives in the
// signed team chain; the names people type live in the encrypted team doc. Only Owners and
// Admins manage teams (the chain's rule, checked here first for a clear message). Removing a
// member re-keys the accounts this device owns that they lose (SyncPeer) and queues their
// rotation. Every change goes out through the live sync controller.
import { TesseraError } from '../errors';
import { effectiveAccountRole, fingerprint, parseDocId, type Role } from '../sync/index';
import { fromBase64Url } from '../sync/canonical-encoding';
import type { RotationHook } from './revocation-rotation';
import type { LiveWorkspace, SyncController } from './sync-controller';

export interface TeamView {
  teamId: string;
  /** Null until the team doc carrying the name has synced to this device. */
  name: string | null;
  members: { memberId: string; fingerprint: string; role: Role }[];
}

export interface TeamActionsOptions {
  controller: SyncController;
  rotation(): RotationHook;
}

const NAME_MAX = 100;

export class TeamActions {
  constructor(private readonly options: TeamActionsOptions) {}

  teams(workspaceId: string): TeamView[] {
    const live = this.options.controller.get(workspaceId);
    const { state } = live.peer.workspace;
    return [...state.teams.entries()].map(([teamId, memberIds]) => ({
      teamId,
      name: live.peer.team.doc.teamName(teamId) ?? null,
      members: [...memberIds].flatMap((memberId) => {
        const member = state.members.get(memberId);
        return member ? [{ memberId, fingerprint: fingerprint(fromBase64Url(member.identityKey, 'identity key')), role: member.role }] : [];
      }),
    })).sort((a, b) => (a.name ?? a.teamId).localeCompare(b.name ?? b.teamId));
  }

  /** The team a person means by its id or its (unique) name. */
  findTeam(workspaceId: string, idOrName: string): string {
    const teams = this.teams(workspaceId);
    const byId = teams.find((t) => t.teamId === idOrName);
    if (byId) return byId.teamId;
    const byName = teams.filter((t) => t.name === idOrName);
    if (byName.length === 1) return byName[0]!.teamId;
    if (byName.length > 1) throw new TesseraError('INVALID_INPUT', `Several teams are named "${idOrName}". Use the team id (see \`tessera workspace team list\`).`);
    throw new TesseraError('INVALID_INPUT', `No team "${idOrName}" in this workspace. See \`tessera workspace team list\`.`);
  }

  createTeam(workspaceId: string, name: string): { teamId: string } {
    const live = this.#manageable(workspaceId);
    const clean = teamName(name);
    const { teamId } = live.peer.workspace.createTeam();
    live.peer.team.doc.setTeamName(teamId, clean);
    this.options.controller.saveNow(workspaceId);
    return { teamId };
  }

  renameTeam(workspaceId: string, teamId: string, name: string): void {
    const live = this.#manageable(workspaceId);
    this.#team(live, teamId);
    live.peer.team.doc.setTeamName(teamId, teamName(name));
    this.options.controller.saveNow(workspaceId);
  }

  addToTeam(workspaceId: string, teamId: string, memberId: string): void {
    const live = this.#manageable(workspaceId);
    if (this.#team(live, teamId).has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person is already in the team.');
    if (!live.peer.workspace.state.members.get(memberId)?.active) throw new TesseraError('INVALID_INPUT', 'That person is not an active member of this workspace. Invite and admit them first.');
    live.peer.workspace.addToTeam(teamId, memberId);
    this.options.controller.saveNow(workspaceId);
  }

  /** Takes the team's grants away from the member; accounts this device owns that they lose are re-keyed and queued for rotation. */
  removeFromTeam(workspaceId: string, teamId: string, memberId: string): { rotationJobs: number } {
    const live = this.#manageable(workspaceId);
    if (!this.#team(live, teamId).has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person is not in the team.');
    const { peer } = live;
    const usable = peer.accounts().filter((doc) => effectiveAccountRole(doc, memberId, peer.workspace.state));
    peer.workspace.removeFromTeam(teamId, memberId);
    const lost = usable.filter((doc) => !effectiveAccountRole(doc, memberId, peer.workspace.state)
      && effectiveAccountRole(doc, live.identity.memberId, peer.workspace.state) === 'owner');
    const accountIds = lost.flatMap((doc) => {
      const ref = parseDocId(doc.docId);
      return ref?.kind === 'account' ? [ref.accountId] : [];
    });
    const jobs = accountIds.length ? this.options.rotation().onEvent({ type: 'member_removed', accountIds, subject: `removed from team ${teamId}` }) : [];
    this.options.controller.saveNow(workspaceId);
    return { rotationJobs: jobs.length };
  }

  #manageable(workspaceId: string): LiveWorkspace {
    const live = this.options.controller.get(workspaceId);
    const role = live.peer.workspace.state.members.get(live.identity.memberId)?.role;
    if (role !== 'owner' && role !== 'admin') throw new TesseraError('NOT_PERMITTED', 'Only Owners and Admins of the workspace can create teams or change who is in them. Ask one of them.');
    return live;
  }

  #team(live: LiveWorkspace, teamId: string): Set<string> {
    const team = live.peer.workspace.state.teams.get(teamId);
    if (!team) throw new TesseraError('INVALID_INPUT', 'That team does not exist in this workspace (it may not have synced yet).');
    return team;
  }
}

function teamName(name: string): string {
  const clean = name.trim();
  if (!clean || clean.length > NAME_MAX) throw new TesseraError('INVALID_INPUT', `A team name needs 1 to ${NAME_MAX} characters.`);
  return clean;
}
