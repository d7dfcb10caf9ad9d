// Workspaces, sharing and sync from the command line:
//   workspace create --relay URL          a new workspace with this vault's person as its Owner
//   workspace invite [--confirm SAS] [--role R] [--expires 24h]
//                                         print an invitation code (one person, 24 h); with --confirm, admit the
//                                         invitee whose join request shows this six-digit code
//   workspace join CODE                   post a join request and print the code to compare
//   workspace members                     members, roles and key fingerprints
//   workspace remove MEMBER               remove a member; queues rotations of what they could read
//   workspace role MEMBER ROLE            change a member's workspace role (audited)
//   workspace team list | create NAME | rename TEAM NAME | add TEAM MEMBER | rm TEAM MEMBER
//                                         teams (Owners and Admins manage them; TEAM is an id or name)
//   workspace profile [--my-name N] [--email E]
//                                         your display name and email, signed into each chain
//   share ID --with MEMBER|team:TEAM --role owner|collaborator   (MEMBER: id, email or name)
//   unshare ID --with MEMBER|team:TEAM
//   sync status                           one sync round with the relay (shared accounts land in
//                                         the account list), then the state
//   relay serve --port P [--host H] [--db FILE]
// Every command that changes the workspace runs one sync round with the workspace's relay.
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import type { Vault } from '../../vault';
import {
  effectiveAccountRole,
  fingerprint,
  JoinMailbox,
  parseDocId,
  parseInvitation,
  ROLES,
  shortAuthenticationString,
  SyncPeer,
  Workspace,
  findMember,
  type JoinRequest,
  type Role,
} from '../../sync';
import { fromBase64Url, toBase64Url } from '../../../protocol/canonical-encoding';
import { deviceKeys, myProfile, saveWorkspace, setMyProfile, workspaceIds } from '../../sharing/sync-state';
import { discoverLanRelays, startLanRelay } from '../../sharing/embedded-relay';
import { accountMeta, materializeSharedAccounts, publishAccount, sharedDocFor } from '../../sharing/shared-accounts';
import { issueInvitation, openInvitations, openWorkspace, relayOf, setPendingInvitations, setRelay, syncRound, type OpenWorkspace } from '../../sharing/workspace-session';
import { removeMemberAndRotate, type RevocationResult } from '../../sharing/revocation-rotation';
import { changeMemberRole, type RoleChange } from '../../sharing/role-change';
import { addToTeam, createTeam, findTeam, listTeams, removeFromTeam, renameTeam } from '../../sharing/team-actions';
import { PolicyScheduler } from '../../rotation/schedule/policy-scheduler';
import { resolveAccount } from '../account-ref';
import { cliContext, withUnlockedVault } from '../context';
import { withServices } from '../cli-services';
import { formatTable } from '../table';

type WorkspaceOption = { workspace?: string };

function requireRelay(vault: Vault, workspaceId: string): string {
  const url = relayOf(vault.sync, workspaceId);
  if (!url) throw new TesseraError('INVALID_INPUT', 'This workspace has no relay. Create it with --relay URL.');
  return url;
}

async function synced(vault: Vault, open: OpenWorkspace, change?: () => void) {
  return syncRound(vault.sync, open, { relayUrl: requireRelay(vault, open.peer.workspace.workspaceId), ...(change ? { change } : {}) });
}

/** A member by id (or a unique id prefix), else by email or display name (see main/sync/people.ts). */
function resolveMember(open: OpenWorkspace, ref: string): string {
  const matches = [...open.peer.workspace.state.members.values()].filter((m) => m.active && (m.memberId === ref || m.memberId.startsWith(ref)));
  if (matches.length === 1) return matches[0]!.memberId;
  if (matches.length > 1) throw new TesseraError('INVALID_INPUT', `"${ref}" matches ${matches.length} members; give more of the id.`);
  return findMember(open.peer.workspace.state, open.peer.workspace.profiles(), ref);
}

/** "Name <email>" for people, the member id when they have not set a profile. */
function personLabel(open: OpenWorkspace, memberId: string): string {
  const profile = open.peer.workspace.profiles().get(memberId);
  return profile ? `${profile.name}${profile.email ? ` <${profile.email}>` : ''}` : memberId;
}

/** --my-name/--email given together set the person's profile first (signed into the chain when admitted). */
function profileOption(vault: Vault, options: { myName?: string; email?: string }): void {
  if (options.myName === undefined && options.email === undefined) return;
  const current = myProfile(vault.sync);
  const name = options.myName ?? current?.name;
  if (!name) throw new TesseraError('USAGE', 'Give your display name with --my-name (your email alone is not enough).');
  setMyProfile(vault.sync, { name, email: options.email ?? current?.email ?? '' });
}

/** `team:<id or name>` or a member id (or a unique prefix), as the account grant names it. */
function resolvePrincipal(open: OpenWorkspace, ref: string): { principal: `member:${string}` | `team:${string}`; label: string; person: string } {
  if (ref.startsWith('team:')) {
    const teamId = findTeam(open, ref.slice('team:'.length));
    return { principal: `team:${teamId}`, label: `team ${teamId}`, person: `team ${teamId}` };
  }
  const memberId = resolveMember(open, ref);
  return { principal: `member:${memberId}`, label: memberId, person: personLabel(open, memberId) };
}

function parseRole(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) throw new TesseraError('USAGE', `--role is one of ${ROLES.join(', ')}.`);
  return text as Role;
}

/** "30m", "12h", "1d", "7d" → milliseconds; an invitation stays open 1 minute to 7 days. */
function parseInvitationLifetime(text: string): number {
  const match = /^(\d+)\s*(m|h|d)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'] : NaN;
  if (!(ms >= 60_000 && ms <= 7 * 86_400_000)) throw new TesseraError('INVALID_INPUT', `--expires takes a time from 1m to 7d, such as 30m, 12h or 2d (got "${text}").`);
  return ms;
}

export function registerSharingCommands(program: Command): void {
  const workspace = program.command('workspace').description('workspaces: people and devices that share accounts');

  workspace
    .command('create')
    .description('create a workspace with you as its Owner')
    .requiredOption('--relay <url>', 'the relay this workspace syncs through (ws://host:port)')
    .option('--my-name <name>', 'your display name, as teammates see it (kept for every workspace; see workspace profile)')
    .option('--email <email>', 'your email (what SCIM and Okta map to)')
    .action(async (options: { relay: string; myName?: string; email?: string }, command: Command) => {
      const context = cliContext(command);
      const value = await withUnlockedVault(context, async (vault) => {
        profileOption(vault, options);
        const { identity, device } = await deviceKeys(vault.sync);
        const ws = Workspace.create(identity, device);
        const peer = new SyncPeer(ws);
        peer.useProfile(myProfile(vault.sync));
        saveWorkspace(vault.sync, peer);
        setRelay(vault.sync, ws.workspaceId, options.relay);
        await syncRound(vault.sync, { identity, device, peer, sequences: {} }, { relayUrl: options.relay });
        return { workspaceId: ws.workspaceId, memberId: identity.memberId, fingerprint: fingerprint(identity.publicKey) };
      });
      context.out.result(value, `Created workspace ${value.workspaceId}. Your key fingerprint: ${value.fingerprint}`);
    });

  workspace
    .command('invite')
    .description('print an invitation code; with --confirm SAS, admit the person whose screen shows that code')
    .option('--confirm <sas>', 'the six-digit code the invitee read to you')
    .option('--role <role>', `their workspace role (${ROLES.join(', ')})`, 'member')
    .option('--expires <time>', 'how long the code admits someone: 15m … 7d (it admits one person)', '24h')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption & { confirm?: string; role: string; expires: string }, command: Command) => {
      const context = cliContext(command);
      const role = parseRole(options.role);
      const lifetimeMs = parseInvitationLifetime(options.expires);
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const workspaceId = open.peer.workspace.workspaceId;
        const relayUrl = requireRelay(vault, workspaceId);
        if (!options.confirm) {
          const { code, expiresAt } = issueInvitation(vault.sync, { workspaceId, inviter: open.identity, relayUrl, lifetimeMs });
          return { code, expiresAt: new Date(expiresAt).toISOString() };
        }
        const sas = options.confirm.replace(/\s+/g, '');
        // Only invitations still open: used ones were dropped on admission, expired ones here.
        const codes = openInvitations(vault.sync, workspaceId);
        const requests: { code: string; request: JoinRequest; sas: string }[] = [];
        const mailboxes = codes.map((code) => {
          const invitation = parseInvitation(code);
          const mailbox = new JoinMailbox(invitation);
          mailbox.onRequest((request) => requests.push({ code, request, sas: shortAuthenticationString(invitation, toBase64Url(open.identity.publicKey), request.member.identityKey) }));
          return mailbox;
        });
        await syncRound(vault.sync, open, { relayUrl, extraLogs: mailboxes });
        const match = requests.find((r) => r.sas.replace(/\s+/g, '') === sas);
        if (!match) throw new TesseraError('INVALID_INPUT', `No join request shows the code ${sas} (${requests.length} waiting). Check the code with the invitee; do not admit anyone whose code differs.`);
        // A fresh peer for the second round: the first round's (stopped) client still listens to the old one.
        const fresh = await openWorkspace(vault.sync, workspaceId);
        setPendingInvitations(vault.sync, workspaceId, codes.filter((c) => c !== match.code));
        await syncRound(vault.sync, fresh, { relayUrl, change: () => fresh.peer.workspace.addMember(match.request.member, role) });
        return { admitted: match.request.member.memberId, role, fingerprint: fingerprint(fromBase64Url(match.request.member.identityKey, 'identity key')) };
      });
      if ('code' in value) context.out.result(value, `${value.code}\nGive this code to the person you invite; it admits one person until ${(value.expiresAt ?? '').slice(0, 16).replace('T', ' ')} UTC. When they read you their six-digit code, run: tessera workspace invite --confirm CODE`);
      else context.out.result(value, `Admitted ${value.admitted} as ${value.role}. Their key fingerprint: ${value.fingerprint}`);
    });

  workspace
    .command('join')
    .description('ask to join a workspace with an invitation code; prints the code to compare with the inviter')
    .argument('<code>', 'the invitation code (tessera-invite:…)')
    .option('--my-name <name>', 'your display name, as teammates see it (signed into the team chain once you are admitted)')
    .option('--email <email>', 'your email (what SCIM and Okta map to)')
    .action(async (code: string, options: { myName?: string; email?: string }, command: Command) => {
      const context = cliContext(command);
      // The app's join (WorkspaceActions.join): post the request, check the inviter's key against the code.
      const value = await withServices(context, async (services) => {
        profileOption(services.vault.unlocked(), options);
        const joined = await services.workspaces.join(code);
        return { ...joined, memberId: (await services.workspaces.identity()).memberId };
      }, ['sync']);
      context.out.result(value, `Read this code to the person who invited you: ${value.sas}\nOnce they confirm it, run tessera sync status.`);
    });

  workspace
    .command('members')
    .description('list the members of the workspace')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const members = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const profiles = open.peer.workspace.profiles();
        return [...open.peer.workspace.state.members.values()].map((m) => ({
          memberId: m.memberId, name: profiles.get(m.memberId)?.name ?? null, email: profiles.get(m.memberId)?.email ?? null,
          role: m.role, active: m.active, you: m.memberId === open.identity.memberId,
          fingerprint: fingerprint(fromBase64Url(m.identityKey, 'identity key')),
        }));
      });
      context.out.result(members, formatTable(['Name', 'Email', 'Role', 'Status', 'Fingerprint'], members.map((m) => [
        `${m.name ?? `(no name) ${m.memberId.slice(0, 8)}`}${m.you ? ' (you)' : ''}`, m.email ?? '', m.role, m.active ? 'active' : 'removed', m.fingerprint,
      ])));
    });

  workspace
    .command('profile')
    .description('show or set your display name and email; a change is signed into every workspace on its next sync')
    .option('--my-name <name>', 'your display name')
    .option('--email <email>', 'your email (what SCIM and Okta map to)')
    .action(async (options: { myName?: string; email?: string }, command: Command) => {
      const context = cliContext(command);
      const profile = await withUnlockedVault(context, async (vault) => {
        profileOption(vault, options);
        const profile = myProfile(vault.sync) ?? null;
        if (profile && (options.myName !== undefined || options.email !== undefined)) {
          // One round per workspace signs the new profile into its chain (SyncPeer.useProfile).
          for (const workspaceId of workspaceIds(vault.sync)) {
            if (relayOf(vault.sync, workspaceId)) await synced(vault, await openWorkspace(vault.sync, workspaceId));
          }
        }
        return profile;
      });
      context.out.result(profile, profile ? `${profile.name}${profile.email ? ` <${profile.email}>` : ''}` : 'No profile yet. Set one with --my-name NAME --email EMAIL.');
    });

  workspace
    .command('remove')
    .description('remove a member: the team key changes, their shared accounts are re-keyed and queued for rotation')
    .argument('<member>', 'member id (or a unique prefix)')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (ref: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const memberId = resolveMember(open, ref);
        if (memberId === open.identity.memberId) throw new TesseraError('INVALID_INPUT', 'You cannot remove yourself.');
        let result: RevocationResult | undefined;
        await synced(vault, open, () => (result = removeMemberAndRotate(open.peer, memberId, new PolicyScheduler({ vault: () => vault }))));
        if (!result) throw new TesseraError('INTERNAL', 'The removal did not run.');
        return { removed: memberId, exposedAccounts: result.accountIds, rotationJobs: result.jobs.map((j) => j.id) };
      });
      context.out.result(value, `Removed ${value.removed}. ${value.exposedAccounts.length} shared account(s) they could read; ${value.rotationJobs.length} rotation job(s) queued.`);
    });

  workspace
    .command('role')
    .description('change a member\'s workspace role (Owners and Admins; Login-Only and Guest demote their Owner grants to Collaborator)')
    .argument('<member>', 'the member\'s email, display name or id')
    .argument('<role>', ROLES.join(' | '))
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (ref: string, roleText: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const role = parseRole(roleText);
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const memberId = resolveMember(open, ref);
        let change: RoleChange | undefined;
        await synced(vault, open, () => (change = changeMemberRole(open.peer, memberId, role)));
        if (!change) throw new TesseraError('INTERNAL', 'The role change did not run.');
        vault.audit.append('sharing.role_change', null, { workspaceId: open.peer.workspace.workspaceId, memberId, from: change.from, to: change.to, demotedGrants: change.demotedGrants.length });
        return { ...change, person: personLabel(open, memberId) };
      });
      context.out.result(value, `${value.person} is now ${value.to} (was ${value.from}).${value.demotedGrants.length ? ` ${value.demotedGrants.length} Owner grant(s) became Collaborator.` : ''}`);
    });

  registerTeamCommands(workspace);

  program
    .command('share')
    .description('share an account with a member or a team as Owner or Collaborator')
    .argument('<account>', 'account id or name')
    .requiredOption('--with <member>', 'a member\'s email, display name or id (or a unique id prefix), or team:<team id or name>')
    .requiredOption('--role <role>', 'owner or collaborator')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (ref: string, options: WorkspaceOption & { with: string; role: string }, command: Command) => {
      const context = cliContext(command);
      if (options.role !== 'owner' && options.role !== 'collaborator') throw new TesseraError('USAGE', '--role is owner or collaborator.');
      const role = options.role;
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const account = vault.accounts.get(resolveAccount(vault.accounts, ref).id);
        const { principal, label, person } = resolvePrincipal(open, options.with);
        let docId = '';
        await synced(vault, open, () => {
          const doc = sharedDocFor(open.peer, account.id) ?? publishAccount(open.peer, account);
          open.peer.share(doc.docId, principal, role);
          docId = doc.docId;
        });
        return { accountId: account.id, member: label, person, principal, role, docId };
      });
      context.out.result(value, `Shared ${value.accountId} with ${value.person} as ${value.role}.`);
    });

  program
    .command('unshare')
    .description('take a member\'s role on a shared account away (its key is replaced; a rotation is queued)')
    .argument('<account>', 'account id or name')
    .requiredOption('--with <member>', 'member id (or a unique prefix), or team:<team id or name>')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (ref: string, options: WorkspaceOption & { with: string }, command: Command) => {
      const context = cliContext(command);
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const accountId = resolveAccount(vault.accounts, ref).id;
        const { principal, label } = resolvePrincipal(open, options.with);
        const doc = sharedDocFor(open.peer, accountId);
        if (!doc) throw new TesseraError('INVALID_INPUT', `${accountId} is not shared in this workspace.`);
        let exposedTo: string[] = [];
        await synced(vault, open, () => ({ exposedTo } = open.peer.unshare(doc.docId, principal)));
        const jobs = exposedTo.length ? new PolicyScheduler({ vault: () => vault }).onEvent({ type: 'member_removed', accountIds: [accountId], subject: `unshared from ${label}` }) : [];
        return { accountId, member: label, rotationJobs: jobs.map((j) => j.id) };
      });
      context.out.result(value, `Unshared ${value.accountId} from ${value.member}.`);
    });

  program
    .command('sync')
    .description('sync with the workspace relay')
    .command('status')
    .description('run one sync round with the relay, then show the workspace, the logs and the shared accounts')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const workspaceId = open.peer.workspace.workspaceId;
        const relayUrl = requireRelay(vault, workspaceId);
        const status = await synced(vault, open);
        // Accounts shared with this person appear in (or leave) the vault's account list.
        materializeSharedAccounts(vault, open.peer);
        const state = open.peer.workspace.state;
        const member = state.members.get(open.identity.memberId);
        return {
          workspaceId,
          relay: relayUrl,
          memberId: open.identity.memberId,
          admitted: member?.active === true,
          workspaceRole: member?.role ?? null,
          members: [...state.members.values()].filter((m) => m.active).length,
          logs: status.logs.map((l) => ({ docId: l.docId, lastSeq: l.lastSeq, unacknowledged: l.unacknowledged })),
          // Only accounts shared with this person: of the others their device knows nothing but an id.
          sharedAccounts: open.peer.accounts().flatMap((doc) => {
            const role = effectiveAccountRole(doc, open.identity.memberId, state);
            if (role === null) return [];
            const ref = parseDocId(doc.docId);
            return [{
              accountId: ref?.kind === 'account' ? ref.accountId : doc.docId,
              name: accountMeta(doc, doc.openItemKeys(open.peer.workspace.device))?.name ?? null,
              role,
            }];
          }),
        };
      });
      const human = [
        `Workspace ${value.workspaceId} via ${value.relay}: ${value.admitted ? `member (${value.workspaceRole})` : 'waiting to be admitted'}, ${value.members} member(s).`,
        ...value.sharedAccounts.map((a) => `  ${a.name ?? a.accountId}: ${a.role ?? 'no role'}`),
      ].join('\n');
      context.out.result(value, human);
    });

  const relay = program.command('relay').description('the relay that workspaces sync through (stores only ciphertext)');

  relay
    .command('serve')
    .description('run a relay until interrupted')
    .option('--port <port>', 'TCP port (0 = any free port)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <file>', 'SQLite file for the relay\'s ciphertext log', 'tessera-relay.db')
    .option('--announce <name>', 'opt-in: announce the relay on the local network (mDNS) under this name; use a device name, never a workspace\'s')
    .action(async (options: { port: string; host: string; db: string; announce?: string }, command: Command) => {
      const context = cliContext(command);
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TesseraError('USAGE', `--port must be a number from 0 to 65535, not ${options.port}.`);
      if (options.announce !== undefined && !/^[\p{L}\p{N} ._'-]{1,63}$/u.test(options.announce)) throw new TesseraError('USAGE', '--announce takes a short name (letters, digits, spaces, . _ \' -; at most 63).');
      const running = await startLanRelay({ dbPath: options.db, host: options.host, port, ...(options.announce ? { announceAs: options.announce } : {}) });
      const announced = options.announce ? `; announced on the local network as "${options.announce}"` : '';
      context.out.result({ url: running.url, port: running.port, ...(options.announce ? { announcedAs: options.announce } : {}) }, `Tessera relay listening on ${running.url} (storage: ${options.db})${announced}`);
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  relay
    .command('discover')
    .description('list relays announced on the local network (mDNS), e.g. a teammate\'s `relay serve --announce`')
    .option('--seconds <n>', 'how long to listen', '3')
    .action(async (options: { seconds: string }, command: Command) => {
      const context = cliContext(command);
      const seconds = Number(options.seconds);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) throw new TesseraError('USAGE', `--seconds must be a number from 0 to 60, not ${options.seconds}.`);
      const found = await discoverLanRelays(seconds * 1000);
      context.out.result(found, found.length === 0
        ? 'No relay announced itself on this network. Ask the person running it to start it with --announce, or use its address.'
        : formatTable(['NAME', 'ADDRESS'], found.map((r) => [r.name, r.url])));
    });
}

function registerTeamCommands(workspace: Command): void {
  const team = workspace.command('team').description('teams: groups of members that accounts can be shared with');

  team
    .command('list')
    .description('list the teams with their members')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const teams = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        await synced(vault, open);
        return listTeams(open);
      });
      context.out.result(teams, formatTable(['Team', 'Name', 'Members'], teams.map((t) => [t.teamId, t.name ?? '(not synced yet)', t.members.map((m) => m.memberId).join(', ') || '-'])));
    });

  team
    .command('create')
    .description('create a team (its name is stored encrypted in the workspace)')
    .argument('<name>', 'the team\'s name')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (name: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        let teamId = '';
        await synced(vault, open, () => ({ teamId } = createTeam(open, name)));
        return { teamId, name: name.trim() };
      });
      context.out.result(value, `Created the team ${value.name} (${value.teamId}).`);
    });

  team
    .command('rename')
    .description('rename a team')
    .argument('<team>', 'team id or name')
    .argument('<name>', 'the new name')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (teamRef: string, name: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withUnlockedVault(context, async (vault) => {
        const open = await openWorkspace(vault.sync, options.workspace);
        const teamId = findTeam(open, teamRef);
        await synced(vault, open, () => renameTeam(open, teamId, name));
        return { teamId, name: name.trim() };
      });
      context.out.result(value, `Renamed ${value.teamId} to ${value.name}.`);
    });

  for (const [verb, description] of [['add', 'add a member to a team'], ['rm', 'remove a member from a team (accounts they lose are re-keyed and queued for rotation)']] as const) {
    team
      .command(verb)
      .description(description)
      .argument('<team>', 'team id or name')
      .argument('<member>', 'member id (or a unique prefix)')
      .option('--workspace <id>', 'which workspace (when the vault is in several)')
      .action(async (teamRef: string, memberRef: string, options: WorkspaceOption, command: Command) => {
        const context = cliContext(command);
        const value = await withUnlockedVault(context, async (vault) => {
          const open = await openWorkspace(vault.sync, options.workspace);
          const teamId = findTeam(open, teamRef);
          const memberId = resolveMember(open, memberRef);
          let rotationJobs = 0;
          await synced(vault, open, () => {
            if (verb === 'add') addToTeam(open, teamId, memberId);
            else ({ rotationJobs } = removeFromTeam(open, teamId, memberId, new PolicyScheduler({ vault: () => vault })));
          });
          return { teamId, memberId, ...(verb === 'rm' ? { rotationJobs } : {}) };
        });
        context.out.result(value, verb === 'add' ? `Added ${value.memberId} to ${value.teamId}.` : `Removed ${value.memberId} from ${value.teamId}.`);
      });
  }
}
