// `tessera import FILE`: brings another manager's export (or Tessera's own) into the vault.
// Shows what it read, what it leaves out and why, and which accounts are already in the vault;
// --dry-run stops there. Writing goes in batches with progress on stderr; Ctrl+C stops between
// batches and keeps what was written (a retry skips it as duplicates).
import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DuplicateChoice, ImportFormat, ImportPlan, ImportResult, ParsedImport } from '../../import';
import { DUPLICATE_CHOICES, FORMAT_NAMES, IMPORT_FORMATS } from '../../import/format-lists';
import { isTesseraError, TesseraError } from '../../errors';
import { readSecret } from '../secret-input';
import { IMPORT_PASSWORD_ENV } from '../secret-sources';
import { collaboratorAccountIds } from '../cli-account-access';
import { cliContext, withUnlockedVault } from '../context';

const SHOWN = 10;

/** The file as parsed; a KeePass database or a protected Bitwarden export opens with its password (asked only then), a database with its key file too. */
async function openSource(path: string, options: { format?: ImportFormat; sourcePasswordFile?: string; keyFile?: string }): Promise<ParsedImport> {
  const format = options.format === undefined ? {} : { format: options.format };
  let kind: unknown;
  const { openImportFile } = await import('../../import');
  try {
    return await openImportFile(path, format);
  } catch (error) {
    if (!isTesseraError(error) || error.code !== 'IMPORT_NEEDS_PASSWORD') throw error;
    kind = error.details?.['kind'];
  }
  const what = kind === 'bitwarden' ? 'Bitwarden export password' : 'KeePass database password';
  const password = await readSecret({ what, fileOption: '--source-password-file', file: options.sourcePasswordFile, envVar: IMPORT_PASSWORD_ENV });
  let keyFile: Uint8Array | undefined;
  if (options.keyFile !== undefined) {
    try {
      keyFile = readFileSync(resolve(options.keyFile));
    } catch {
      throw new TesseraError('INVALID_INPUT', `The key file ${options.keyFile} cannot be read.`);
    }
  }
  return openImportFile(path, { ...format, credentials: { password, ...(keyFile ? { keyFile } : {}) } });
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import accounts from a Bitwarden, KeePass, 1Password, LastPass, KeePassXC, Chrome, Firefox, Safari or Dashlane export, Tessera\'s own JSON export, or a list of otpauth:// links')
    .argument('<file>', 'the exported file (CSV, JSON, KeePass XML, 1Password .1pux or text) or a KeePass database (.kdbx)')
    .addOption(new Option('--format <format>', 'the file\'s format (default: recognized from its content)').choices([...IMPORT_FORMATS]))
    .addOption(new Option('--on-duplicate <choice>', 'an account with the same site and username as one in the vault: skip it, keep both, or update the vault\'s').choices([...DUPLICATE_CHOICES]).default('skip'))
    .option('--dry-run', 'show what would be imported, change nothing')
    .option('--source-password-file <file>', `the password of a KeePass database or a password-protected Bitwarden export, from the first line of FILE (else ${IMPORT_PASSWORD_ENV}, else the terminal)`)
    .option('--key-file <file>', 'a KeePass database\'s key file, when it has one')
    .addHelpText('after', '\nAn exported file holds passwords in plain text: delete it once the import is done.')
    .action(async (file: string, options: { format?: ImportFormat; onDuplicate: DuplicateChoice; dryRun?: boolean; sourcePasswordFile?: string; keyFile?: string }, command: Command) => {
      const context = cliContext(command);
      const path = resolve(file);
      const parsed = await openSource(path, options);
      const { applyImport, planImport } = await import('../../import');
      const outcome = await withUnlockedVault(context, async (vault) => {
        const existing = vault.accounts.list().flatMap((entry) => (entry.status === 'ok' ? [entry] : []));
        const plan = planImport(parsed, existing, options.onDuplicate, await collaboratorAccountIds(vault));
        context.out.note(describePlan(plan, path));
        if (options.dryRun) return { plan, result: null };
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        try {
          const result = await applyImport(vault, plan, {
            signal: controller.signal,
            onProgress: ({ done, total }) => { if (total > 500) context.out.note(`Imported ${done.toLocaleString('en')} of ${total.toLocaleString('en')}…`); },
          });
          return { plan, result };
        } finally {
          process.off('SIGINT', stop);
        }
      });
      const { plan, result } = outcome;
      const json = {
        file: path,
        format: plan.format,
        dryRun: options.dryRun === true,
        onDuplicate: plan.onDuplicate,
        toCreate: plan.create.length,
        toUpdate: plan.update.length,
        created: result?.created ?? [],
        updated: result?.updated ?? [],
        duplicates: plan.duplicates,
        skipped: result?.skipped ?? plan.skipped,
        cancelled: result?.cancelled ?? false,
      };
      if (!result) {
        context.out.result(json, `Dry run: nothing was imported. Run again without --dry-run to import ${plan.create.length + plan.update.length} account(s).`);
        return;
      }
      context.out.warn(`${path} holds passwords in plain text. Delete it now that the import is done.`);
      context.out.result(json, summary(result));
    });
}

function describePlan(plan: ImportPlan, path: string): string {
  const lines = [`${path}: ${FORMAT_NAMES[plan.format]}, ${plan.create.length + plan.duplicates.length} account(s) read, ${plan.skipped.length} item(s) left out.`];
  if (plan.duplicates.length) {
    const what = plan.onDuplicate === 'update' ? 'will update the vault\'s account' : plan.onDuplicate === 'keep' ? 'kept as a second account' : 'skipped (--on-duplicate keep or update to change that)';
    lines.push(`${plan.duplicates.length} already in the vault, ${what}:`);
    lines.push(...plan.duplicates.slice(0, SHOWN).map((d) => `  ${d.where}: ${d.name} = ${d.existingName}`));
    if (plan.duplicates.length > SHOWN) lines.push(`  … and ${plan.duplicates.length - SHOWN} more (--json lists all)`);
  }
  if (plan.skipped.length) {
    lines.push('Left out:');
    lines.push(...plan.skipped.slice(0, SHOWN).map((s) => `  ${s.where}: ${s.reason}`));
    if (plan.skipped.length > SHOWN) lines.push(`  … and ${plan.skipped.length - SHOWN} more (--json lists all)`);
  }
  return lines.join('\n');
}

function summary(result: ImportResult): string {
  const parts = [`Imported ${result.created.length} account(s)`];
  if (result.updated.length) parts.push(`updated ${result.updated.length}`);
  if (result.duplicates.length && result.updated.length === 0) parts.push(`${result.duplicates.length} duplicate(s) skipped`);
  if (result.skipped.length) parts.push(`${result.skipped.length} item(s) left out`);
  const text = `${parts.join(', ')} from ${FORMAT_NAMES[result.format]}.`;
  return result.cancelled ? `Stopped: ${text} Run the same import again to finish; what is already in is skipped.` : text;
}
