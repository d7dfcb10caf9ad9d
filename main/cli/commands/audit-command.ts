// `tessera audit`: the vault's audit log as a table (or --json), `--verify` to check every
// hash, link and signature (exit 1 naming the first bad entry), or `--format csv|json` for
// the export document itself on stdout (recorded as an `audit.export` entry).
import { Option, type Command } from 'commander';
import { TesseraError } from '../../errors';
import { cliContext, withUnlockedVault } from '../context';
import { formatTable } from '../table';

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('show, verify or export the audit log (reveals, edits, unlocks, failed unlocks, backups, …)')
    .option('--verify', 'check the hash chain and signatures; exit 1 naming the first altered, removed or reordered entry')
    .addOption(new Option('--format <format>', 'print the export document (with --json, use neither)').choices(['csv', 'json']).conflicts('verify'))
    .action(async (options: { verify?: boolean; format?: 'csv' | 'json' }, command: Command) => {
      const context = cliContext(command);
      if (options.format !== undefined && context.out.json) {
        throw new TesseraError('USAGE', '--format prints the export document itself; use either --format or --json, not both.');
      }
      if (options.verify) {
        const entries = await withUnlockedVault(context, (vault) => {
          vault.audit.assertIntact();
          // What decides what runs unattended (rotation jobs, batch approvals) must be intact too.
          const [damaged, ...more] = vault.rotation.checkIntegrity();
          if (damaged) throw new TesseraError('ITEM_CORRUPT', `${damaged.reason}${more.length ? ` (and ${more.length} more)` : ''}`, { itemId: damaged.id });
          return vault.audit.entries().length;
        });
        context.out.result({ intact: true, entries }, `The audit log is intact: ${entries} entries, every hash, link and signature checks out; rotation jobs and approvals are sealed.`);
        return;
      }
      const format = options.format;
      if (format !== undefined) {
        context.out.document(await withUnlockedVault(context, (vault) => vault.audit.export(format)));
        return;
      }
      const entries = await withUnlockedVault(context, (vault) => vault.audit.entries());
      const rows = entries.map((e) => [
        String(e.seq),
        new Date(e.at).toISOString(),
        e.kind,
        e.accountId ?? '',
        e.details === null ? '(undecryptable)' : JSON.stringify(e.details),
      ]);
      context.out.result(
        entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
        formatTable(['#', 'AT', 'EVENT', 'ACCOUNT', 'DETAILS'], rows),
      );
    });
}
