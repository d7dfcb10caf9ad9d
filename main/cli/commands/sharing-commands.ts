// Workspaces, sharing and sync from the command line:
//   workspace create --relay URL          a new workspace with this vault's person as its Owner
//   workspace invite [--confirm SAS] [--role R] [--expires 24h] [--partner P [--manager]]
//                                         print an invitation code (one person, 24 h); with --confirm, admit the
//                                         invitee whose join request shows this six-digit code (into partner P
//                                         as a Guest: a partner's Manager invites and admits their own people)
//   workspace join CODE [--relay URL]     post a join request and print the code to compare (--relay: this
//                                         device's address of the inviter's relay instead of the code's; kept)
//   workspace relay [URL]                 show or change the address this device syncs the workspace through
//   workspace members                     members, roles and key fingerprints
//   workspace remove MEMBER               remove a member; queues rotations of what they could read
//   workspace logout MEMBER [--yes]       Universal Logout of the accounts they can use that you own
//   workspace role MEMBER ROLE            change a member's workspace role (audited)
//   workspace scim-token                  a SCIM token + base URL for the identity provider (shown once)
//   workspace okta --issuer U --audience A (--jwks-uri U | --jwks-file F)   Okta Universal Logout
//   workspace smtp [--host H --from A [--port P] [--tls] [--user U]] [--clear]   the SMTP server for link codes
//   workspace team list | create NAME | rename TEAM NAME | add TEAM MEMBER | rm TEAM MEMBER
//                                         teams (Owners and Admins manage them; TEAM is an id or name)
//   workspace profile [--my-name N] [--email E]
//                                         your display name and email, signed into each chain
//   share ID... --with MEMBER|team:TEAM|partner:PARTNER --role owner|collaborator   (MEMBER: id, email or name;
//                                         several accounts: all or none, one pass)
//   unshare ID --with MEMBER|team:TEAM|partner:PARTNER
//   sync status                           one sync round with the relay (shared accounts land in
//                                         the account list), then the state
//   relay serve --port P [--host H] [--db FILE] [--store postgres://…] [--smtp-host H --smtp-from A ...]   (SMTP: share-link codes)
//               [--log-format json|text] [--access-log] [--metrics-port P] [--drain-timeout S] [--trusted-proxy A]   (GET /metrics; SIGTERM drains)
// Each command runs on the same services as the app (createVaultServices: roles are checked
// there, not here) with the vault's workspaces syncing live, and ends once the relay took its
// change (withWorkspace).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { TesseraError } from '../../errors';
import { ROLES, type Role } from '../../../protocol/roles';
import { parseDuration } from '../duration-option';
import { readSecret } from '../secret-input';
import { resolveAccount } from '../account-ref';
import { cliContext } from '../context';
import { allWorkspacesInStep, needsMailbox, withServices, withWorkspace } from '../cli-services';
import { logoutEverywhere } from './rotate';
import { parseWait, waitUntil } from '../waiting';
import type { Services } from '../../services';
import { formatTable } from '../table';

type WorkspaceOption = { workspace?: string };

/** --my-name/--email given together set the person's profile first (signed into the chain when admitted). */
function profileOption(services: Services, options: { myName?: string; email?: string }): void {
  if (options.myName === undefined && options.email === undefined) return;
  const current = services.workspaces.profile();
  const name = options.myName ?? current?.name;
  if (!name) throw new TesseraError('USAGE', 'Give your display name with --my-name (your email alone is not enough).');
  services.workspaces.setProfile({ name, email: options.email ?? current?.email ?? '' });
}

function parseRole(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) throw new TesseraError('USAGE', `--role is one of ${ROLES.join(', ')}.`);
  return text as Role;
}

/** An invitation stays open 1 minute to 7 days. */
function parseInvitationLifetime(text: string): number {
  return parseDuration(text, '--expires', { minMs: 60_000, maxMs: 7 * 86_400_000, hint: '1m to 7d', examples: '30m, 12h or 2d' });
}

export function registerSharingCommands(program: Command): void {
  const workspace = program.command('workspace').description('workspaces: people and devices that share accounts');

  workspace
    .command('create')
    .description('create a workspace with you as its Owner')
    .requiredOption('--relay <url>', 'the relay this workspace syncs through (ws://host:port)')
    .option('--name <name>', 'the workspace\'s name, as members see it (stored encrypted)')
    .option('--my-name <name>', 'your display name, as teammates see it (kept for every workspace; see workspace profile)')
    .option('--email <email>', 'your email (what SCIM and Okta map to)')
    .action(async (options: { relay: string; name?: string; myName?: string; email?: string }, command: Command) => {
      const context = cliContext(command);
      const value = await withServices(context, async (services) => {
        profileOption(services, options);
        const { workspaceId } = await services.workspaces.create({ relayUrl: options.relay, ...(options.name !== undefined ? { name: options.name } : {}) });
        await services.sync.inStep(workspaceId);
        const { memberId, fingerprint } = await services.workspaces.identity();
        return { workspaceId, memberId, fingerprint };
      }, ['sync']);
      context.out.result(value, `Created workspace ${value.workspaceId}. Your key fingerprint: ${value.fingerprint}`);
    });

  workspace
    .command('invite')
    .description('print an invitation code; with --confirm SAS, admit the person whose screen shows that code')
    .option('--answer [time]', 'stay online (default 2m) so the invitee\'s device gets this device\'s answer and can show its six-digit code')
    .option('--confirm <sas>', 'the six-digit code the invitee read to you')
    .option('--role <role>', `their workspace role (${ROLES.join(', ')})`, 'member')
    .option('--expires <time>', 'how long the code admits someone: 15m … 7d (it admits one person)', '24h')
    .option('--partner <partner>', 'into this partner (id or name), as a Guest: what a partner\'s Manager uses for their own people')
    .option('--manager', 'with --partner: as the partner\'s Manager (Owners and Admins only; the partner organisation\'s admin)')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption & { confirm?: string; answer?: string | true; role: string; expires: string; partner?: string; manager?: boolean }, command: Command) => {
      const context = cliContext(command);
      if (options.manager && options.partner === undefined) throw new TesseraError('USAGE', '--manager needs --partner.');
      const role = options.partner !== undefined ? 'guest' : parseRole(options.role);
      const lifetimeMs = parseInvitationLifetime(options.expires);
      const answerMs = options.answer !== undefined ? parseWait(options.answer) : undefined;
      const value = await withWorkspace(context, options.workspace, async ({ workspaces, partners }, workspaceId) => {
        const partnerId = options.partner !== undefined ? partners.findPartner(workspaceId, options.partner) : undefined;
        if (answerMs !== undefined) {
          // The joiner waits for this device's nonce before it can show its six digits: this
          // device answers while it is online, and stays until a request is revealed.
          await waitUntil(() => workspaces.joinRequests(workspaceId).length > 0, answerMs);
          return { waiting: workspaces.joinRequests(workspaceId).length };
        }
        if (!options.confirm) {
          const { code, expiresAt } = workspaces.invite(workspaceId, lifetimeMs, partnerId);
          return { code, expiresAt: new Date(expiresAt).toISOString() };
        }
        const admitted = workspaces.admit(workspaceId, options.confirm, role, partnerId !== undefined ? { partnerId, manager: options.manager === true } : undefined);
        return { admitted: admitted.memberId, role, fingerprint: admitted.fingerprint };
      });
      if ('waiting' in value) context.out.result(value, value.waiting ? `${value.waiting} join request(s) answered. When the person reads you their six-digit code, run: tessera workspace invite --confirm CODE` : 'No one asked to join in time. Run tessera workspace invite --answer again while the person runs tessera workspace join.');
      else if ('code' in value) context.out.result(value, `${value.code}\nGive this code to the person you invite; it admits one person until ${(value.expiresAt ?? '').slice(0, 16).replace('T', ' ')} UTC. While they run tessera workspace join, run: tessera workspace invite --answer. When they read you their six-digit code, run: tessera workspace invite --confirm CODE`);
      else context.out.result(value, `Admitted ${value.admitted} as ${value.role}. Their key fingerprint: ${value.fingerprint}`);
    });

  workspace
    .command('join')
    .description('ask to join a workspace with an invitation code; prints the code to compare with the inviter')
    .argument('<code>', 'the invitation code (tessera-invite:…)')
    .option('--my-name <name>', 'your display name, as teammates see it (signed into the team chain once you are admitted)')
    .option('--email <email>', 'your email (what SCIM and Okta map to)')
    .option('--wait <time>', 'how long to wait for the inviter\'s device to answer (it must be online: app open, or tessera workspace invite --answer)', '60s')
    .option('--relay <url>', 'reach the inviter\'s relay at this address instead of the code\'s (e.g. its LAN address); the workspace keeps it on this device')
    .action(async (code: string, options: { myName?: string; email?: string; wait: string; relay?: string }, command: Command) => {
      const context = cliContext(command);
      // Post the request, check the inviter's key against the code, wait for the inviter's answer.
      const value = await withServices(context, async (services) => {
        profileOption(services, options);
        const joined = await services.workspaces.join(code, parseWait(options.wait), undefined, options.relay);
        return { ...joined, memberId: (await services.workspaces.identity()).memberId };
      }, ['sync']);
      context.out.result(value, `Read this code to the person who invited you: ${value.sas}\nOnce they confirm it, run tessera sync status.`);
    });

  workspace
    .command('relay')
    .description('show or change the address this device syncs the workspace through (another address of the same relay: LAN or internet, another node)')
    .argument('[url]', 'the new address: ws://host:port or wss://host')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (url: string | undefined, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withServices(context, async ({ workspaces, sync }) => {
        const workspaceId = workspaces.pick(options.workspace);
        if (url === undefined) return workspaces.relayAddress(workspaceId);
        const previous = workspaces.relayAddress(workspaceId).relayUrl;
        // Refused when the address answers without this workspace (another relay).
        const changed = await workspaces.setRelayAddress(workspaceId, url);
        // Kept either way; the command succeeds once the workspace is in step through the new address.
        await sync.inStep(workspaceId).catch((error: unknown) => {
          if (!(error instanceof TesseraError)) throw error;
          throw new TesseraError(error.code, `This device now syncs the workspace through ${changed.relayUrl}, but is not in step through it: ${error.message}${previous ? ` To go back: tessera workspace relay ${previous}` : ''}`);
        });
        return { ...changed, previous };
      }, ['sync']);
      const clear = value.relayUrl && !value.carriesSecrets ? ' Not TLS (ws://): synced data is end-to-end encrypted, but an SMTP password is never sent through it (use wss://).' : '';
      context.out.result(value, !value.relayUrl
        ? `Workspace ${value.workspaceId} has no relay address on this device. Set one: tessera workspace relay URL`
        : 'previous' in value
          ? `Workspace ${value.workspaceId} now syncs through ${value.relayUrl} on this device (in step).${clear}`
          : `Workspace ${value.workspaceId} syncs through ${value.relayUrl} on this device.${clear}`);
    });

  workspace
    .command('members')
    .description('list the members of the workspace')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const members = await withWorkspace(context, options.workspace, ({ workspaces }, workspaceId) => workspaces.members(workspaceId));
      context.out.result(members, formatTable(['Name', 'Email', 'Role', 'Status', 'Fingerprint'], members.map((m) => [
        `${m.name ?? `(no name) ${m.memberId.slice(0, 8)}`}${m.you ? ' (you)' : ''}`, m.email ?? '', m.role, m.active ? 'active' : 'removed',
        m.changedKeyFingerprint ? `${m.fingerprint} (changed to ${m.changedKeyFingerprint}: confirm with them)` : m.fingerprint,
      ])));
    });

  workspace
    .command('profile')
    .description('show or set your display name and email; a change is signed into every workspace on its next sync')
    .option('--my-name <name>', 'your display name')
    .option('--email <email>', 'your email (what SCIM and Okta map to)')
    .action(async (options: { myName?: string; email?: string }, command: Command) => {
      const context = cliContext(command);
      const changing = options.myName !== undefined || options.email !== undefined;
      const profile = await withServices(context, async (services) => {
        profileOption(services, options);
        // Signed into each workspace's chain (SyncPeer.useProfile) and sent to its relay.
        if (changing) await allWorkspacesInStep(services);
        return services.workspaces.profile();
      }, changing ? ['sync'] : []);
      context.out.result(profile, profile ? `${profile.name}${profile.email ? ` <${profile.email}>` : ''}` : 'No profile yet. Set one with --my-name NAME --email EMAIL.');
    });

  workspace
    .command('remove')
    .description('remove a member: the team key changes, their shared accounts are re-keyed and queued for rotation')
    .argument('<member>', 'the member\'s email, display name or id (or a unique id prefix; put -- before an id that starts with -)')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (ref: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, ({ workspaces }, workspaceId) => {
        const memberId = workspaces.findMember(workspaceId, ref);
        const removed = workspaces.removeMember(workspaceId, memberId);
        return { removed: memberId, exposedAccounts: removed.exposedAccounts, rotationJobs: removed.rotationJobIds };
      });
      context.out.result(value, `Removed ${value.removed}. ${value.exposedAccounts.length} shared account(s) they could read; ${value.rotationJobs.length} rotation job(s) queued.`);
    });

  workspace
    .command('logout')
    .description('Universal Logout of a member: sign out every session of the accounts they can use (that you own), then rotate them')
    .argument('<member>', 'the member\'s email, display name or id')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .option('--yes', 'do not ask for confirmation (scripts)')
    .action(async (ref: string, options: WorkspaceOption & { yes?: boolean }, command: Command) => {
      const context = cliContext(command);
      await withWorkspace(context, options.workspace, async (services, workspaceId) => {
        const memberId = services.workspaces.findMember(workspaceId, ref);
        const person = services.workspaces.personLabel(workspaceId, memberId);
        const { accountIds } = services.workspaces.memberAccounts(workspaceId, memberId);
        if (accountIds.length === 0) {
          context.out.result({ results: [] }, `${person} can use no account you own in this workspace: nothing to log out.`);
          return;
        }
        if (needsMailbox(services, accountIds)) await services.startBackground(['inbox']);
        const accounts = accountIds.map((id) => resolveAccount(services.vault.unlocked().accounts, id));
        await logoutEverywhere(context, services, accounts, { yes: options.yes === true, subject: person });
      });
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
      const value = await withWorkspace(context, options.workspace, ({ workspaces }, workspaceId) => {
        const memberId = workspaces.findMember(workspaceId, ref);
        const change = workspaces.changeRole(workspaceId, memberId, role);
        return { ...change, person: workspaces.personLabel(workspaceId, memberId) };
      });
      context.out.result(value, `${value.person} is now ${value.to} (was ${value.from}).${value.demotedGrants.length ? ` ${value.demotedGrants.length} Owner grant(s) became Collaborator.` : ''}`);
    });

  workspace
    .command('scim-token')
    .description('a new SCIM token for your identity provider (Okta, Entra): deprovisioned people are removed by an Owner/Admin device, rotations queued')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, ({ scim }, workspaceId) => scim.createToken(workspaceId));
      context.out.result(value, `SCIM base URL: ${value.baseUrl}\nBearer token: ${value.token}\nEnter both in your identity provider's app settings. The token is shown only now; running this again replaces it.`);
    });

  workspace
    .command('okta')
    .description('Okta Universal Logout: the issuer, audience and JWKS logout tokens are checked against (Owners and Admins)')
    .requiredOption('--issuer <url>', 'the token issuer, e.g. https://example.okta.com')
    .requiredOption('--audience <aud>', 'the audience Okta puts in the token for this app')
    .option('--jwks-uri <url>', 'where the relay fetches the issuer\'s public keys (JWKS)')
    .option('--jwks-file <file>', 'or a file holding the JWKS (JSON)')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption & { issuer: string; audience: string; jwksUri?: string; jwksFile?: string }, command: Command) => {
      const context = cliContext(command);
      if ((options.jwksUri === undefined) === (options.jwksFile === undefined)) throw new TesseraError('USAGE', 'Give the issuer\'s keys with --jwks-uri URL or --jwks-file FILE (one of them).');
      const jwks = options.jwksFile === undefined ? undefined : readFileSync(options.jwksFile, 'utf8');
      const value = await withWorkspace(context, options.workspace, ({ universalLogout }, workspaceId) => universalLogout.configure(workspaceId, {
        issuer: options.issuer, audience: options.audience, ...(jwks ? { jwks } : {}), ...(options.jwksUri ? { jwksUri: options.jwksUri } : {}),
      }));
      context.out.result(value, `Universal Logout is set up. Give Okta this endpoint: ${value.endpoint}`);
    });

  workspace
    .command('smtp')
    .description('the SMTP server that emails share-link codes for this workspace (Owners and Admins); without options, shows it')
    .option('--host <host>', 'set it: the SMTP server')
    .option('--port <port>', 'its port (587 with STARTTLS when offered; 465 with --tls)')
    .option('--tls', 'TLS from the first byte (port 465)')
    .option('--from <address>', 'the sender of code emails, e.g. "Tessera <links@example.com>"')
    .option('--user <user>', 'SMTP login; the password comes from --smtp-password-file FILE, TESSERA_SMTP_PASSWORD, or the terminal')
    .option('--smtp-password-file <file>', 'read the SMTP password from the first line of FILE')
    .option('--clear', 'forget it: the relay\'s own server (if its operator set one) sends codes again')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .addHelpText('after', '\nThe relay keeps the password (it must, to send). It is sent only to a relay reached over TLS (wss://) or on this machine.')
    .action(async (options: WorkspaceOption & { host?: string; port?: string; tls?: boolean; from?: string; user?: string; smtpPasswordFile?: string; clear?: boolean }, command: Command) => {
      const context = cliContext(command);
      if (options.clear && options.host !== undefined) throw new TesseraError('USAGE', 'Use either --host (to set the server) or --clear, not both.');
      const { smtpSettingsFrom } = await import('../../../relay/link-mailer');
      const parsed = options.host === undefined ? undefined : smtpSettingsFrom({ host: options.host, port: options.port, from: options.from, user: options.user, tls: options.tls }, {});
      if (parsed && 'error' in parsed) throw new TesseraError('USAGE', parsed.error.replace(/--smtp-/g, '--'));
      if (!parsed && (options.port || options.from || options.user || options.tls)) throw new TesseraError('USAGE', '--port, --tls, --from and --user need --host.');
      const password = parsed?.user ? await readSecret({ what: 'SMTP password', fileOption: '--smtp-password-file', file: options.smtpPasswordFile, envVar: 'TESSERA_SMTP_PASSWORD' }) : undefined;
      const state = await withWorkspace(context, options.workspace, ({ linkEmail }, workspaceId) => {
        if (options.clear) return linkEmail.clear(workspaceId);
        if (!parsed) return linkEmail.read(workspaceId);
        return linkEmail.set(workspaceId, { host: parsed.host, port: parsed.port, secure: parsed.secure === true, from: parsed.from, ...(parsed.user ? { user: parsed.user } : {}), ...(password ? { password } : {}) });
      });
      const fallback = state.relayHasSmtp ? 'the relay\'s own server sends link codes' : 'no server: links that check an email cannot be created (set one with --host)';
      context.out.result(state, state.smtp
        ? `Link codes for this workspace are emailed through ${state.smtp.host}:${state.smtp.port}${state.smtp.secure ? ' (TLS)' : ''} from ${state.smtp.from}${state.smtp.user ? ` as ${state.smtp.user}` : ''}.`
        : `This workspace has no SMTP server of its own: ${fallback}.`);
    });

  registerTeamCommands(workspace);

  program
    .command('share')
    .description('share accounts with a member or a team as Owner or Collaborator (several in one go: all or none)')
    .argument('<account...>', 'account ids or names')
    .requiredOption('--with <member>', 'a member\'s email, display name or id (or a unique id prefix), team:<team id or name> or partner:<partner id or name>')
    .requiredOption('--role <role>', 'owner or collaborator (a partner: collaborator)')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (refs: string[], options: WorkspaceOption & { with: string; role: string }, command: Command) => {
      const context = cliContext(command);
      if (options.role !== 'owner' && options.role !== 'collaborator') throw new TesseraError('USAGE', '--role is owner or collaborator.');
      const role = options.role;
      const value = await withWorkspace(context, options.workspace, (services, workspaceId) => {
        const accounts = services.vault.unlocked().accounts;
        const accountIds = [...new Set(refs.map((ref) => resolveAccount(accounts, ref).id))];
        const { principal, label } = services.workspaces.findPrincipal(workspaceId, options.with);
        // One pass (bulk-share.ts): refused as a whole when any account is not this person's to share.
        const { docIds, started } = services.workspaces.shareMany(workspaceId, accountIds, principal, role);
        const whom = { member: principal.slice(principal.indexOf(':') + 1), person: label, principal, role };
        return accountIds.length === 1
          ? { accountId: accountIds[0]!, ...whom, docId: docIds[0]! }
          : { accounts: accountIds.map((accountId, i) => ({ accountId, docId: docIds[i]! })), ...whom, started };
      });
      context.out.result(value, `Shared ${'accountId' in value ? value.accountId : `${value.accounts.length} accounts`} with ${value.person} as ${value.role}.`);
    });

  program
    .command('unshare')
    .description('take a member\'s role on a shared account away (its key is replaced; a rotation is queued)')
    .argument('<account>', 'account id or name')
    .requiredOption('--with <member>', 'a member\'s email, display name or id (or a unique id prefix), team:<team id or name> or partner:<partner id or name>')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (ref: string, options: WorkspaceOption & { with: string }, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, (services, workspaceId) => {
        const accountId = resolveAccount(services.vault.unlocked().accounts, ref).id;
        const { principal, label } = services.workspaces.findPrincipal(workspaceId, options.with);
        const { rotationJobIds } = services.workspaces.unshare(workspaceId, accountId, principal);
        return { accountId, member: principal.slice(principal.indexOf(':') + 1), person: label, rotationJobs: rotationJobIds };
      });
      context.out.result(value, `Unshared ${value.accountId} from ${value.person}.${value.rotationJobs.length ? ` ${value.rotationJobs.length} rotation job(s) queued.` : ''}`);
    });

  program
    .command('sync')
    .description('sync with the workspace relay')
    .command('status')
    .description('sync with the relay until in step, then show the workspace, the logs and the shared accounts')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      // In step, shared accounts are in (or gone from) the vault's account list.
      const value = await withWorkspace(context, options.workspace, ({ workspaces }, workspaceId) => workspaces.report(workspaceId));
      const human = [
        `Workspace ${value.workspaceId} via ${value.relay}: ${value.admitted ? `member (${value.workspaceRole})` : 'waiting to be admitted'}, ${value.members} member(s).`,
        ...value.sharedAccounts.map((a) => `  ${a.name ?? a.accountId}: ${a.role}`),
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
    .option('--store <url>', 'keep the log in PostgreSQL instead: postgres://user@host:port/database (password via PGPASSWORD; share links and SCIM stay in --db)')
    .option('--announce <name>', 'opt-in: announce the relay on the local network (mDNS) under this name; use a device name, never a workspace\'s')
    .option('--smtp-host <host>', 'email share-link codes through this SMTP server (links limited to addresses need it)')
    .option('--smtp-port <port>', 'its port (587 with STARTTLS when offered; 465 with --smtp-tls)')
    .option('--smtp-tls', 'TLS from the first byte (port 465)')
    .option('--smtp-from <address>', 'the sender of code emails, e.g. "Tessera <links@example.com>"')
    .option('--smtp-user <user>', 'SMTP login; the password comes from TESSERA_SMTP_PASSWORD')
    .option('--smtp-private-hosts', 'let workspaces send codes through their own SMTP servers on private or loopback addresses (default: public servers only)')
    .option('--log-format <format>', 'log every event (draining, store errors, …) on stderr as json or text lines (default: warnings and errors only, as JSON)')
    .option('--access-log', 'log each HTTP request (method, route, status; never a body, code or address)')
    .option('--metrics-port <port>', 'serve Prometheus /metrics only on 127.0.0.1:PORT instead of the relay\'s own port')
    .option('--drain-timeout <seconds>', 'on SIGTERM/SIGINT, how long to let devices\' publishes finish before exiting anyway', '10')
    .option('--trusted-proxy <addresses>', 'load balancers (IP addresses, comma-separated) whose X-Forwarded-For names the device for per-address limits')
    .action(async (options: { port: string; host: string; db: string; store?: string; announce?: string; smtpHost?: string; smtpPort?: string; smtpTls?: boolean; smtpFrom?: string; smtpUser?: string; smtpPrivateHosts?: boolean; logFormat?: string; accessLog?: boolean; metricsPort?: string; drainTimeout: string; trustedProxy?: string }, command: Command) => {
      const context = cliContext(command);
      const [{ logListening, operationsOptions, serveFlagsFrom, stopOnSignal }, { relayLog }] = await Promise.all([import('../../../relay/serve-until-stopped'), import('../../../relay/relay-log')]);
      const flags = serveFlagsFrom(options);
      if ('error' in flags) throw new TesseraError('USAGE', flags.error);
      const log = relayLog({ ...(flags.logFormat ? { format: flags.logFormat } : {}), out: (line) => process.stderr.write(line) });
      const operations = operationsOptions(flags, log, options.accessLog === true);
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TesseraError('USAGE', `--port must be a number from 0 to 65535, not ${options.port}.`);
      if (options.announce !== undefined && !/^[\p{L}\p{N} ._'-]{1,63}$/u.test(options.announce)) throw new TesseraError('USAGE', '--announce takes a short name (letters, digits, spaces, . _ \' -; at most 63).');
      const [{ smtpSettingsFrom }, { startLanRelay }] = await Promise.all([import('../../../relay/link-mailer'), import('../../sharing/embedded-relay')]);
      const smtp = smtpSettingsFrom({ host: options.smtpHost, port: options.smtpPort, from: options.smtpFrom, user: options.smtpUser, tls: options.smtpTls });
      if (smtp && 'error' in smtp) throw new TesseraError('USAGE', smtp.error);
      const { isPostgresUrl, redactStoreUrl } = await import('../../../relay/postgres-log-store');
      if (options.store !== undefined && !isPostgresUrl(options.store)) throw new TesseraError('USAGE', `--store takes a postgres://user@host:port/database URL, not ${redactStoreUrl(options.store)}.`);
      const running = await startLanRelay({ dbPath: options.db, ...(options.store ? { store: options.store } : {}), host: options.host, port, ...(options.announce ? { announceAs: options.announce } : {}), ...(smtp ? { smtp } : {}), smtpPrivateHosts: options.smtpPrivateHosts === true, operations }).catch((error: unknown) => {
        // PostgreSQL unreachable or refusing: the relay's message (URL without its password) under a stable code.
        throw (error as { code?: unknown }).code === 'RELAY_STORE_UNAVAILABLE' ? new TesseraError('RELAY_UNAVAILABLE', (error as Error).message) : error;
      });
      const announced = options.announce ? `; announced on the local network as "${options.announce}"` : '';
      const storage = options.store ? redactStoreUrl(options.store) : options.db;
      // SIGTERM/SIGINT drain the relay (devices reconnect elsewhere) and close it; a second signal or the drain timeout exits at once.
      // Handled from before the URL is printed: whoever reads it may stop the relay at once.
      const stopped = stopOnSignal(running, { drainTimeoutMs: flags.drainTimeoutMs, log, exit: (code) => process.exit(code) });
      context.out.result({ url: running.url, port: running.port, ...(options.announce ? { announcedAs: options.announce } : {}) }, `Tessera relay listening on ${running.url} (storage: ${storage})${announced}`);
      logListening(log, running, storage);
      await stopped;
    });

  relay
    .command('discover')
    .description('list relays announced on the local network (mDNS), e.g. a teammate\'s `relay serve --announce`')
    .option('--seconds <n>', 'how long to listen', '3')
    .action(async (options: { seconds: string }, command: Command) => {
      const context = cliContext(command);
      const seconds = Number(options.seconds);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) throw new TesseraError('USAGE', `--seconds must be a number from 0 to 60, not ${options.seconds}.`);
      const { discoverLanRelays } = await import('../../sharing/embedded-relay');
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
      const teams = await withWorkspace(context, options.workspace, (services, workspaceId) => services.teams.teams(workspaceId));
      context.out.result(teams, formatTable(['Team', 'Name', 'Members'], teams.map((t) => [t.teamId, t.name ?? '(not synced yet)', t.members.map((m) => m.memberId).join(', ') || '-'])));
    });

  team
    .command('create')
    .description('create a team (its name is stored encrypted in the workspace)')
    .argument('<name>', 'the team\'s name')
    .option('--workspace <id>', 'which workspace (when the vault is in several)')
    .action(async (name: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, (services, workspaceId) => ({ ...services.teams.createTeam(workspaceId, name), name: name.trim() }));
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
      const value = await withWorkspace(context, options.workspace, ({ teams }, workspaceId) => {
        const teamId = teams.findTeam(workspaceId, teamRef);
        teams.renameTeam(workspaceId, teamId, name);
        return { teamId, name: name.trim() };
      });
      context.out.result(value, `Renamed ${value.teamId} to ${value.name}.`);
    });

  for (const [verb, description] of [['add', 'add a member to a team'], ['rm', 'remove a member from a team (accounts they lose are re-keyed and queued for rotation)']] as const) {
    team
      .command(verb)
      .description(description)
      .argument('<team>', 'team id or name')
      .argument('<member>', 'the member\'s email, display name or id (or a unique id prefix; put -- before an id that starts with -)')
      .option('--workspace <id>', 'which workspace (when the vault is in several)')
      .action(async (teamRef: string, memberRef: string, options: WorkspaceOption, command: Command) => {
        const context = cliContext(command);
        const value = await withWorkspace(context, options.workspace, ({ teams, workspaces }, workspaceId) => {
          const teamId = teams.findTeam(workspaceId, teamRef);
          const memberId = workspaces.findMember(workspaceId, memberRef);
          if (verb === 'add') {
            teams.addToTeam(workspaceId, teamId, memberId);
            return { teamId, memberId };
          }
          return { teamId, memberId, ...teams.removeFromTeam(workspaceId, teamId, memberId) };
        });
        context.out.result(value, verb === 'add' ? `Added ${value.memberId} to ${value.teamId}.` : `Removed ${value.memberId} from ${value.teamId}.`);
      });
  }
}
