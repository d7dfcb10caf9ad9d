// Share links from the command line (main/sharing/share-links.ts):
//   link create ACCOUNT --expires 1h|12h|1d|5d|30d [--once] [--email A]... [--domain D]...
//                            a link for someone without Tessera; printed once (its key is in the
//                            part after #, which is kept nowhere); with --email/--domain the
//                            recipient confirms a code the relay emails
//   link list [ACCOUNT]      this vault's links: state, expiry, who may open, views
//   link revoke LINK         the link stops working at once
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import { isLinkLifetime, LINK_LIFETIMES } from '../../../protocol/link-lifetimes';
import { resolveAccount } from '../account-ref';
import { cliContext } from '../context';
import { allWorkspacesInStep, withServices, withWorkspace } from '../cli-services';
import { formatTable } from '../table';
import { formatUtc } from '../utc-time';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerLinkCommands(program: Command): void {
  const link = program.command('link').description('share links: an account\'s credentials for someone without Tessera, for a while');

  link
    .command('create')
    .description('create a link to an account you own (printed once: the key is in the part after #)')
    .argument('<account>', 'account id or name')
    .requiredOption('--expires <time>', Object.keys(LINK_LIFETIMES).join(' | '))
    .option('--once', 'the link works for one view, then never again')
    .option('--email <address>', 'only this address may open it, after confirming an emailed code (repeatable)', collect, [])
    .option('--domain <domain>', 'any address at this domain may open it, after confirming an emailed code (repeatable)', collect, [])
    .option('--workspace <id>', 'whose relay holds the link (when the vault is in several workspaces)')
    .action(async (ref: string, options: { expires: string; once?: boolean; email: string[]; domain: string[]; workspace?: string }, command: Command) => {
      const context = cliContext(command);
      if (!isLinkLifetime(options.expires)) throw new TesseraError('USAGE', `--expires is one of ${Object.keys(LINK_LIFETIMES).join(', ')}.`);
      const lifetime = options.expires;
      const value = await withWorkspace(context, options.workspace, async (services, workspaceId) => {
        const accountId = resolveAccount(services.vault.unlocked().accounts, ref).id;
        const created = await services.shareLinks.create({
          accountId, lifetime, once: options.once === true, emails: options.email.map((e) => e.trim().toLowerCase()), domains: options.domain.map((d) => d.trim().toLowerCase()), workspaceId,
        });
        return { ...created, accountId, expiresAt: new Date(created.expiresAt).toISOString() };
      });
      const who = options.email.length || options.domain.length ? ` Only ${[...options.email, ...options.domain.map((d) => `anyone at ${d}`)].join(', ')}, after an emailed code.` : ' Anyone who has it can open it.';
      context.out.result(value, `${value.url}\nSend this link to the person it is for: it is shown only now. It works until ${formatUtc(Date.parse(value.expiresAt))} UTC${options.once ? ', for one view' : ''}.${who}`);
    });

  link
    .command('list')
    .description('this vault\'s links with their state, expiry and views')
    .argument('[account]', 'only this account\'s links (id or name)')
    .action(async (ref: string | undefined, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const links = await withServices(context, async (services) => {
        await allWorkspacesInStep(services);
        const accountId = ref === undefined ? undefined : resolveAccount(services.vault.unlocked().accounts, ref).id;
        return services.shareLinks.list(accountId);
      }, ['sync']);
      context.out.result(links, links.length === 0 ? 'No links. Create one with tessera link create ACCOUNT --expires 1d.' : formatTable(
        ['Link', 'Account', 'State', 'Expires (UTC)', 'Who may open', 'Views'],
        links.map((l) => [l.linkId, l.accountId, l.state, formatUtc(l.expiresAt), [...l.emails, ...l.domains.map((d) => `@${d}`)].join(', ') || 'anyone with the link', l.views.length ? l.views.map((v) => `${formatUtc(v.at)}${v.email ? ` ${v.email}` : ''}`).join('\n') : '-']),
      ));
    });

  link
    .command('revoke')
    .description('stop a link from working, at once')
    .argument('<link>', 'the link id (see link list)')
    .action(async (linkId: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const value = await withServices(context, async (services) => {
        await allWorkspacesInStep(services);
        await services.shareLinks.revoke(linkId);
        return { linkId };
      }, ['sync']);
      context.out.result(value, `Revoked ${value.linkId}: it no longer opens.`);
    });
}
