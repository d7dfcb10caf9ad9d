// `tessera account …`: add (prints the new id), list (or search, or the trash), show (secrets
// masked unless --reveal, which is audited per field), edit, rm (to the trash for 30 days)
// and restore. Accounts are named by id or by a unique, case-insensitive name.
import { withLiveSync, withServices } from '../cli-services';
import { Option, type Command } from 'commander';
import { TesseraError } from '../../errors';
import type { AccountService, AccountSummary } from '../../vault';
import { TRASH_RETENTION_MS } from '../../vault/trash-retention';
import { accountFieldOptions, accountFieldsFrom, confirmOrigins, type AccountFieldOptions } from '../account-fields';
import { describeAccount, resolveAccount } from '../account-ref';
import { accountJson, accountText, secretFieldsOf, type RevealedSecrets } from '../account-view';
import { cliContext, withUnlockedVault, type CliContext } from '../context';
import { formatTable } from '../table';
import { cliFacts, levelJson, loadCliFacts, milestoneLines } from '../cli-facts';

const ACCOUNT_ARG = 'account id, or its name if no other account has that name';

function warnDuplicates(context: CliContext, accounts: AccountService, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const others = accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' && ids.includes(e.id) ? [e] : []));
  context.out.warn(
    `the same username on the same site is already saved as:\n${others.map((s) => `  ${describeAccount(s)}`).join('\n')}\n` +
      'Both are kept. If one is a duplicate, remove it with `tessera account rm ID`.',
  );
}

/** `level` and `missing`/`failed` milestone ids for live accounts; null for the trash. */
type ListLevel = { level: number; missing: string[]; failed: string[] } | null;

function listJson(summary: AccountSummary, level: ListLevel) {
  const { id, name, username, urls, tags, hasPassword, hasTotp, updatedAt, deletedAt } = summary;
  return { id, name, username, urls, tags, hasPassword, hasTotp, updatedAt: new Date(updatedAt).toISOString(), deletedAt: deletedAt === null ? null : new Date(deletedAt).toISOString(), ...(level ?? { level: null }) };
}

function restorableUntil(deletedAt: number): string {
  return new Date(deletedAt + TRASH_RETENTION_MS).toISOString();
}

export function registerAccountCommands(program: Command): void {
  const account = program.command('account').description('add, list, show, edit, delete and restore accounts');

  const add = account
    .command('add')
    .description('add an account and print its id')
    .addHelpText(
      'after',
      `
A password is required: --generate, or --password-stdin with the password piped in.
Examples:
  tessera account add --name GitHub --url https://github.com/login --username alice --generate
  printf %s "$PW" | tessera --password-file ~/.tessera-master account add --name Jira --password-stdin`,
    );
  for (const option of accountFieldOptions()) add.addOption(option.long === '--name' ? option.makeOptionMandatory() : option);
  add.action(async (options: AccountFieldOptions & { name: string }, command: Command) => {
    const context = cliContext(command);
    const fields = confirmOrigins(await accountFieldsFrom(options, true), options, (text) => context.out.warn(text));
    const saved = await withUnlockedVault(context, (vault) => {
      const result = vault.accounts.create({ ...fields, name: options.name });
      warnDuplicates(context, vault.accounts, result.duplicates);
      return result;
    });
    context.out.result(saved, saved.id);
  });

  account
    .command('list')
    .description('list accounts (no secrets), sorted by name')
    .option('--search <query>', 'fuzzy search by name, URL host, username and tags, best match first')
    .option('--deleted', 'list the trash instead: accounts deleted in the last 30 days')
    .action(async (options: { search?: string; deleted?: boolean }, command: Command) => {
      const context = cliContext(command);
      const query = options.search?.trim() ?? '';
      const search = query !== '' && !options.deleted;
      const empty = query !== '' ? `No account matches "${query}".` : options.deleted ? 'The trash is empty.' : 'No accounts yet. Add one with `tessera account add`.';
      const header = ['ID', 'NAME', 'USERNAME', 'HOST', 'TAGS', options.deleted ? 'RESTORABLE UNTIL' : 'LEVEL'];
      const levelText = (l: ListLevel | undefined) => (l ? `${l.level}/5${l.failed.length > 0 ? ' (failed)' : ''}` : '');
      await withUnlockedVault(context, async (vault) => {
        // A search ranks its own matches and opens only their summaries (when the search
        // snapshot is current): no list or sort of the whole vault.
        const entries = search ? vault.accounts.find(query, 200) : vault.accounts.list({ deleted: options.deleted ? 'only' : 'exclude' });
        const damaged = entries.flatMap((e) => (e.status === 'corrupt' ? [e] : []));
        const listed = entries.flatMap((e) => (e.status === 'ok' ? [e] : []));
        // Search covers live accounts; the short trash list is filtered by name.
        const lower = query.toLowerCase();
        const found = options.deleted && query !== '' ? listed.filter((s) => s.name.toLowerCase().includes(lower)) : listed;
        const levels = new Map<string, ListLevel>();
        if (!options.deleted) {
          // Levels of the accounts shown only: scoring every password of a large vault for one match took a minute.
          const only = search ? new Set(found.map((s) => s.id)) : undefined;
          for (const { summary, milestones } of (await cliFacts(context, vault)).all({ scoreNow: true, ...(only ? { only } : {}) })) {
            const open = milestones.milestones.filter((m) => !m.achieved);
            levels.set(summary.id, { level: milestones.level, missing: open.map((m) => m.id), failed: open.filter((m) => m.status === 'failed').map((m) => m.id) });
          }
        }
        for (const entry of damaged) context.out.warn(`account ${entry.id} is damaged (${entry.reason}); restore it from a backup.`);
        const rows = found.map((s) => [s.id, s.name, s.username, s.hosts[0] ?? '', s.tags.join(','), s.deletedAt !== null ? restorableUntil(s.deletedAt) : levelText(levels.get(s.id))]);
        context.out.result(found.map((s) => listJson(s, levels.get(s.id) ?? null)), found.length === 0 ? empty : formatTable(header, rows));
        // After the answer: the next search opens one sealed blob instead of every summary.
        if (search) vault.accounts.keepSearchSnapshot();
      }, async (vault) => {
        // While the KDF runs: the level modules, and the snapshot a search opens first.
        if (search) vault.readSearchSnapshotAhead();
        if (!options.deleted) await loadCliFacts();
      });
    });

  account
    .command('show')
    .description('show an account; the password and other secrets stay hidden unless --reveal')
    .argument('<account>', ACCOUNT_ARG)
    .option('--reveal', 'show the password and the other secret fields (each one revealed is recorded in the audit log)')
    .action(async (ref: string, options: { reveal?: boolean }, command: Command) => {
      const context = cliContext(command);
      const { view, level } = await withServices(context, async ({ vault, accounts }) => {
        const { id } = resolveAccount(vault.unlocked().accounts, ref);
        const { account: found } = accounts.get(id);
        const revealed: RevealedSecrets = {};
        if (options.reveal) for (const field of secretFieldsOf(found)) revealed[field] = accounts.reveal(id, field);
        const level = (await cliFacts(context, vault.unlocked())).forAccount(id);
        return { view: accountJson(found, revealed, accounts.history(id).length), level };
      });
      context.out.result({ ...view, security: levelJson(level) }, [accountText(view), `Security level: ${level.level}/5`, ...milestoneLines(level)].join('\n'));
    });

  const edit = account
    .command('edit')
    .description('change fields of an account; fields not given stay as they are')
    .argument('<account>', ACCOUNT_ARG)
    .addHelpText('after', '\nA changed password is kept in the account\'s password history.');
  for (const option of accountFieldOptions()) edit.addOption(option);
  edit.addOption(new Option('--no-totp', 'remove the TOTP secret'));
  edit.addOption(new Option('--no-allow-origin', 'remove every allowed origin: Tessera types the password only on the login URL\'s origin'));
  edit.action(async (ref: string, options: AccountFieldOptions, command: Command) => {
    const context = cliContext(command);
    const given = await accountFieldsFrom(options, false);
    if (Object.keys(given).length === 0 && !options.allowHttp) {
      throw new TesseraError('USAGE', 'Nothing to change: give at least one of --name, --url, --username, --password-stdin, --generate, --totp, --no-totp, --tag, --notes, --allow-origin, --no-allow-origin, --allow-http.');
    }
    const { summary, saved, fields } = await withServices(context, async (services) => {
      const vault = services.vault.unlocked();
      const summary = resolveAccount(vault.accounts, ref);
      // Only a change of the login URL or of the list asks again; an old http:// URL stays as it was.
      const fields = given.urls !== undefined || given.allowedOrigins !== undefined || options.allowHttp
        ? confirmOrigins(given, options, (text) => context.out.warn(text), vault.accounts.get(summary.id))
        : given;
      // A shared account's edit reaches its shared doc (and the relay) before the command ends.
      const saved = await withLiveSync(services, (text) => context.out.warn(text), () => services.accounts.update(summary.id, summary.version, fields));
      // Only a new host or username can make a new duplicate; do not repeat old warnings.
      if (fields.urls !== undefined || fields.username !== undefined) warnDuplicates(context, vault.accounts, saved.duplicates);
      return { summary, saved, fields };
    });
    const changed = Object.keys(fields);
    context.out.result({ ...saved, changed }, `Updated "${fields.name ?? summary.name}" (${changed.join(', ')}).`);
  });

  account
    .command('rm')
    .description('move an account to the trash; it can be restored for 30 days')
    .argument('<account>', ACCOUNT_ARG)
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const { summary, deletedAt } = await withServices(context, ({ vault, accounts }) => {
        const summary = resolveAccount(vault.unlocked().accounts, ref);
        accounts.delete(summary.id, summary.version);
        return { summary, deletedAt: vault.unlocked().accounts.get(summary.id).deletedAt ?? Date.now() };
      });
      const until = restorableUntil(deletedAt);
      context.out.result(
        { id: summary.id, name: summary.name, restorableUntil: until },
        `Moved "${summary.name}" to the trash. It can be restored until ${until} with:\n  tessera account restore ${summary.id}`,
      );
    });

  account
    .command('restore')
    .description('bring an account back from the trash')
    .argument('<account>', 'account id, or its name if no other account in the trash has that name')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const { summary, restored } = await withUnlockedVault(context, (vault) => {
        const summary = resolveAccount(vault.accounts, ref, 'trash');
        if (summary.deletedAt === null) return { summary, restored: false };
        warnDuplicates(context, vault.accounts, vault.accounts.restore(summary.id).duplicates);
        return { summary, restored: true };
      });
      context.out.result(
        { id: summary.id, name: summary.name, restored },
        restored ? `Restored "${summary.name}".` : `"${summary.name}" is not in the trash; nothing to restore.`,
      );
    });
}
