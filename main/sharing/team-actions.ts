// Teams of a workspace (groups that receive account grants as `team:<id>`): create, rename,
// add and remove members, and the list with names and members. Membership lives in the
// signed team chain; the names people type live in the encrypted team doc. Only Owners and
// Admins manage teams (the chain's rule, checked here first for a clear message). Removing a
// member re-keys the accounts this device owns that they lose (SyncPeer) and queues their
// rotation. The functions work on any open workspace (the CLI's session too); `TeamActions`
// runs them on the app's live workspaces, whose changes go out through the sync controller.
import { TesseraError } from '../errors';
import { effectiveAccountRole, fingerprint, parseDocId, type Role } from '../sync';
import { fromBase64Url } from '../../protocol/canonical-encoding';
import type { RotationHook } from './revocation-rotation';
import type { SyncPeer } from '../sync';
import type { SyncController } from './sync-controller';

/** A workspace this device has open, live (app) or for one sync round (CLI). */
export interface OpenTeams {
  peer: SyncPeer;
  identity: { memberId: string };
}

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

export function listTeams({ peer }: OpenTeams): TeamView[] {
  const { state } = peer.workspace;
  return [...state.teams.entries()].map(([teamId, memberIds]) => ({
    teamId,
    name: peer.team.doc.teamName(teamId) ?? null,
    members: [...memberIds].flatMap((memberId) => {
      const member = state.members.get(memberId);
      return member ? [{ memberId, fingerprint: fingerprint(fromBase64Url(member.identityKey, 'identity key')), role: member.role }] : [];
    }),
  })).sort((a, b) => (a.name ?? a.teamId).localeCompare(b.name ?? b.teamId));
}

/** The team a person means by its id or its (unique) name. */
export function findTeam(open: OpenTeams, idOrName: string): string {
  const teams = listTeams(open);
  const byId = teams.find((t) => t.teamId === idOrName);
  if (byId) return byId.teamId;
  const byName = teams.filter((t) => t.name === idOrName);
  if (byName.length === 1) return byName[0]!.teamId;
  if (byName.length > 1) throw new TesseraError('INVALID_INPUT', `Several teams are named "${idOrName}". Use the team id (see \`tessera workspace team list\`).`);
  throw new TesseraError('INVALID_INPUT', `No team "${idOrName}" in this workspace. See \`tessera workspace team list\`.`);
}

export function createTeam(open: OpenTeams, name: string): { teamId: string } {
  requireManager(open);
  const clean = teamName(name);
  const { teamId } = open.peer.workspace.createTeam();
  open.peer.team.doc.setTeamName(teamId, clean);
  return { teamId };
}

export function renameTeam(open: OpenTeams, teamId: string, name: string): void {
  requireManager(open);
  existingTeam(open, teamId);
  open.peer.team.doc.setTeamName(teamId, teamName(name));
}

export function addToTeam(open: OpenTeams, teamId: string, memberId: string): void {
  requireManager(open);
  if (existingTeam(open, teamId).has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person is already in the team.');
  if (!open.peer.workspace.state.members.get(memberId)?.active) throw new TesseraError('INVALID_INPUT', 'That person is not an active member of this workspace. Invite and admit them first.');
  open.peer.workspace.addToTeam(teamId, memberId);
}

/** Takes the team's grants away from the member; accounts this device owns that they lose are re-keyed (SyncPeer) and queued for rotation. */
export function removeFromTeam(open: OpenTeams, teamId: string, memberId: string, rotation: RotationHook): { rotationJobs: number } {
  requireManager(open);
  if (!existingTeam(open, teamId).has(memberId)) throw new TesseraError('INVALID_INPUT', 'That person is not in the team.');
  const { peer } = open;
  const usable = peer.accounts().filter((doc) => effectiveAccountRole(doc, memberId, peer.workspace.state));
  peer.workspace.removeFromTeam(teamId, memberId);
  const lost = usable.filter((doc) => !effectiveAccountRole(doc, memberId, peer.workspace.state)
    && effectiveAccountRole(doc, open.identity.memberId, peer.workspace.state) === 'owner');
  const accountIds = lost.flatMap((doc) => {
    const ref = parseDocId(doc.docId);
    return ref?.kind === 'account' ? [ref.accountId] : [];
  });
  const jobs = accountIds.length ? rotation.onEvent({ type: 'member_removed', accountIds, subject: `removed from team ${teamId}` }) : [];
  return { rotationJobs: jobs.length };
}

function requireManager({ peer, identity }: OpenTeams): void {
  const role = peer.workspace.state.members.get(identity.memberId)?.role;
  if (role !== 'owner' && role !== 'admin') throw new TesseraError('NOT_PERMITTED', 'Only Owners and Admins of the workspace can create teams or change who is in them. Ask one of them.');
}

function existingTeam({ peer }: OpenTeams, teamId: string): Set<string> {
  const team = peer.workspace.state.teams.get(teamId);
  if (!team) throw new TesseraError('INVALID_INPUT', 'That team does not exist in this workspace (it may not have synced yet).');
  return team;
}

/** Teams of the app's live workspaces; every change is saved and sent at once. */
export class TeamActions {
  constructor(private readonly options: TeamActionsOptions) {}

  teams(workspaceId: string): TeamView[] {
    return listTeams(this.options.controller.get(workspaceId));
  }

  /** A team by id or by name (unique in the workspace). */
  findTeam(workspaceId: string, idOrName: string): string {
    return findTeam(this.options.controller.get(workspaceId), idOrName);
  }

  createTeam(workspaceId: string, name: string): { teamId: string } {
    return this.#change(workspaceId, (live) => createTeam(live, name));
  }

  renameTeam(workspaceId: string, teamId: string, name: string): void {
    this.#change(workspaceId, (live) => renameTeam(live, teamId, name));
  }

  addToTeam(workspaceId: string, teamId: string, memberId: string): void {
    this.#change(workspaceId, (live) => addToTeam(live, teamId, memberId));
  }

  removeFromTeam(workspaceId: string, teamId: string, memberId: string): { rotationJobs: number } {
    return this.#change(workspaceId, (live) => removeFromTeam(live, teamId, memberId, this.options.rotation()));
  }

  #change<T>(workspaceId: string, change: (live: OpenTeams) => T): T {
    const result = change(this.options.controller.get(workspaceId));
    this.options.controller.saveNow(workspaceId);
    return result;
  }
}

function teamName(name: string): string {
  const clean = name.trim();
  if (!clean || clean.length > NAME_MAX) throw new TesseraError('INVALID_INPUT', `A team name needs 1 to ${NAME_MAX} characters.`);
  return clean;
}
