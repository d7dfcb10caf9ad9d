// Partners from the command line (main/sharing/partner-actions.ts has the rules):
//   partner list                                    partners, their people and what each holds
//   partner create NAME [--guest-workspace ID]      a partnership (host-guest with the partner's own
//                                                   workspace, or a local partner); Owners and Admins
//   partner manager PARTNER MEMBER                  name a host member a local partner's Manager
//   partner grant PARTNER ACCOUNT --to MEMBER       give one of the partner's people an account shared
//                                                   with the partner (as Collaborator); its Managers too
//   partner revoke PARTNER ACCOUNT --from MEMBER    take it back (re-keyed, rotation queued)
//   partner remove PARTNER MEMBER                   take a person out of the partner (and the workspace)
//   partner end PARTNER                             end the partnership: its people leave, rotations queued
// A partner's Manager admits their own people with `workspace invite --partner PARTNER`.
import type { Command } from 'commander';
import { resolveAccount } from '../account-ref';
import { cliContext } from '../context';
import { withWorkspace } from '../cli-services';
import { formatTable } from '../table';
import type { PartnerView } from '../../sharing/partner-actions';

type WorkspaceOption = { workspace?: string };
const WORKSPACE_HELP = 'which workspace (when the vault is in several)';

function personLabel(partner: PartnerView, memberId: string): string {
  const person = partner.people.find((p) => p.memberId === memberId);
  return person?.email || person?.name || memberId;
}

function describePartners(partners: PartnerView[]): string {
  if (partners.length === 0) return 'No partners. Create one with tessera partner create NAME.';
  return formatTable(['Partner', 'Kind', 'People', 'Accounts shared with it'], partners.map((p) => [
    `${p.name ?? '(not synced yet)'}${p.active ? '' : ' (ended)'}\n${p.partnerId}`,
    p.kind === 'host-guest' ? `host-guest${p.guestWorkspaceId ? `\n${p.guestWorkspaceId}` : ''}` : 'local',
    p.people.map((person) => `${person.email || person.name || person.memberId}${person.manager ? ' (Manager)' : ''}`).join('\n') || '-',
    p.accounts.map((a) => `${a.name ?? a.accountId}: ${a.holders.map((m) => personLabel(p, m)).join(', ') || 'no one yet'}`).join('\n') || '-',
  ]));
}

export function registerPartnerCommands(program: Command): void {
  const partner = program.command('partner').description('partners: other organisations (or a group of outside people) that accounts are shared with as Collaborators');

  partner
    .command('list')
    .description('list partners with their people and the accounts each holds through them')
    .option('--workspace <id>', WORKSPACE_HELP)
    .action(async (options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const partners = await withWorkspace(context, options.workspace, ({ partners }, workspaceId) => partners.partners(workspaceId));
      context.out.result(partners, describePartners(partners));
    });

  partner
    .command('create')
    .description('create a partnership (Owners and Admins); then invite its Manager with workspace invite, admitting with --partner NAME --manager')
    .argument('<name>', 'the partner organisation\'s name (stored encrypted)')
    .option('--guest-workspace <id>', 'the partner organisation\'s own Tessera workspace id (a host-guest partnership); without it, a local partner')
    .option('--workspace <id>', WORKSPACE_HELP)
    .action(async (name: string, options: WorkspaceOption & { guestWorkspace?: string }, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, ({ partners }, workspaceId) => ({ ...partners.create(workspaceId, name, options.guestWorkspace), name: name.trim() }));
      context.out.result(value, `Created the partner ${value.name} (${value.partnerId}). Invite its Manager: tessera workspace invite, then --confirm CODE --partner ${value.partnerId} --manager.`);
    });

  partner
    .command('manager')
    .description('name a member of this workspace a Manager of a (local) partner')
    .argument('<partner>', 'partner id or name')
    .argument('<member>', 'the member\'s email, display name or id')
    .option('--workspace <id>', WORKSPACE_HELP)
    .action(async (partnerRef: string, memberRef: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, ({ partners, workspaces }, workspaceId) => {
        const partnerId = partners.findPartner(workspaceId, partnerRef);
        const memberId = workspaces.findMember(workspaceId, memberRef);
        partners.addManager(workspaceId, partnerId, memberId);
        return { partnerId, memberId, person: workspaces.personLabel(workspaceId, memberId) };
      });
      context.out.result(value, `${value.person} now manages ${value.partnerId}.`);
    });

  for (const verb of ['grant', 'revoke'] as const) {
    partner
      .command(verb)
      .description(verb === 'grant'
        ? 'give one of the partner\'s people an account the host shared with the partner (as Collaborator)'
        : 'take an account back from one of the partner\'s people (its key is replaced; a rotation is queued)')
      .argument('<partner>', 'partner id or name')
      .argument('<account>', 'account id or name')
      .requiredOption(verb === 'grant' ? '--to <member>' : '--from <member>', 'the person\'s email, display name or id')
      .option('--workspace <id>', WORKSPACE_HELP)
      .action(async (partnerRef: string, accountRef: string, options: WorkspaceOption & { to?: string; from?: string }, command: Command) => {
        const context = cliContext(command);
        const value = await withWorkspace(context, options.workspace, (services, workspaceId) => {
          const { partners, workspaces } = services;
          const partnerId = partners.findPartner(workspaceId, partnerRef);
          const memberId = workspaces.findMember(workspaceId, (options.to ?? options.from)!);
          const accountId = resolveAccount(services.vault.unlocked().accounts, accountRef).id;
          const person = workspaces.personLabel(workspaceId, memberId);
          if (verb === 'grant') return { partnerId, memberId, accountId, person, ...partners.grant(workspaceId, partnerId, memberId, accountId) };
          return { partnerId, memberId, accountId, person, ...partners.revoke(workspaceId, partnerId, memberId, accountId) };
        });
        context.out.result(value, verb === 'grant'
          ? `${value.person} can now use ${value.accountId} as a Collaborator.`
          : `${value.person} can no longer use ${value.accountId}.${'rotationJobs' in value && value.rotationJobs ? ` ${value.rotationJobs} rotation job(s) queued.` : ''}`);
      });
  }

  partner
    .command('remove')
    .description('take a person out of the partner: one who came in through it leaves the workspace; what they held is re-keyed')
    .argument('<partner>', 'partner id or name')
    .argument('<member>', 'the person\'s email, display name or id')
    .option('--workspace <id>', WORKSPACE_HELP)
    .action(async (partnerRef: string, memberRef: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, ({ partners, workspaces }, workspaceId) => {
        const partnerId = partners.findPartner(workspaceId, partnerRef);
        const memberId = workspaces.findMember(workspaceId, memberRef);
        return { partnerId, memberId, person: workspaces.personLabel(workspaceId, memberId), ...partners.remove(workspaceId, partnerId, memberId) };
      });
      context.out.result(value, `Removed ${value.person} from ${value.partnerId}.${value.rotationJobs ? ` ${value.rotationJobs} rotation job(s) queued.` : ''}`);
    });

  partner
    .command('end')
    .description('end a partnership (Owners and Admins): its people leave the workspace, the team key changes, rotations are queued')
    .argument('<partner>', 'partner id or name')
    .option('--workspace <id>', WORKSPACE_HELP)
    .action(async (partnerRef: string, options: WorkspaceOption, command: Command) => {
      const context = cliContext(command);
      const value = await withWorkspace(context, options.workspace, ({ partners }, workspaceId) => {
        const partnerId = partners.findPartner(workspaceId, partnerRef);
        return { partnerId, ...partners.end(workspaceId, partnerId) };
      });
      context.out.result(value, `Ended the partnership ${value.partnerId}: ${value.removedMembers} person(s) left the workspace.${value.rotationJobs ? ` ${value.rotationJobs} rotation job(s) queued.` : ''}`);
    });
}
