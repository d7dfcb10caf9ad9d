// Getting the whole vault out and back: `backup FILE` (encrypted under a passphrase),
// `restore FILE` into a NEW vault with a new master password and recovery key, and a
// plaintext `export` that only runs behind --i-understand, with a warning.
import { collaboratorAccountIds } from '../cli-account-access';
import { Option, type Command } from 'commander';
import { PLAINTEXT_EXPORT_FORMATS, type PlaintextExportFormat } from '../../import/format-lists';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TesseraError } from '../../errors';
import { cliContext, ensureParentDir, vaultClass, withUnlockedVault } from '../context';
import { refuseExistingFile, refuseExistingVault } from '../existing-files';
import { readSecret } from '../secret-input';
import { BACKUP_PASSPHRASE_ENV } from '../secret-sources';
import { showRecoveryKey } from './vault-commands';

const PASSPHRASE_HELP = 'read the backup passphrase from the first line of FILE (else TESSERA_BACKUP_PASSPHRASE, else the terminal)';

function backupPassphrase(file: string | undefined, isNew: boolean): Promise<string> {
  return readSecret({ what: 'backup passphrase', fileOption: '--passphrase-file', file, envVar: BACKUP_PASSPHRASE_ENV, confirm: isNew });
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write an encrypted backup of the whole vault (accounts, history, inbox messages and mailbox settings, audit log) to a new file')
    .argument('<file>', 'the backup file to create (an existing file is never overwritten)')
    .option('--passphrase-file <file>', PASSPHRASE_HELP)
    .addHelpText('after', '\nThe backup passphrase is asked twice on the terminal. Without it the backup cannot be restored.')
    .action(async (file: string, options: { passphraseFile?: string }, command: Command) => {
      const context = cliContext(command);
      const target = resolve(file);
      refuseExistingFile(target);
      const result = await withUnlockedVault(context, async (vault) => {
        const shared = await collaboratorAccountIds(vault);
        if (shared.size) context.out.note(`${shared.size} account(s) shared with you as a Collaborator are left out: their passwords are not yours to keep.`);
        return vault.backup(target, await backupPassphrase(options.passphraseFile, true), context.backupOptions, shared);
      });
      if (result.skipped.length > 0) context.out.warn(`${result.skipped.length} damaged account(s) or inbox message(s) could not be read and are not in the backup: ${result.skipped.join(', ')}`);
      context.out.result({ file: target, ...result }, `Backed up ${result.accounts} accounts and ${result.inboxMessages} inbox messages to ${target}. Keep the passphrase safe: the backup cannot be opened without it.`);
    });

  program
    .command('restore')
    .description('restore a backup into a NEW vault, with a new master password and a new recovery key')
    .argument('<file>', 'a backup written by `tessera backup` or the app')
    .option('--to <path>', 'where to create the restored vault (default: --vault, $TESSERA_VAULT or the app\'s vault); must not exist yet')
    .option('--passphrase-file <file>', PASSPHRASE_HELP)
    .addHelpText('after', '\nThe new vault\'s master password comes from --password-file, TESSERA_PASSWORD, or the terminal (asked twice).')
    .action(async (file: string, options: { to?: string; passphraseFile?: string }, command: Command) => {
      const context = cliContext(command);
      const target = options.to === undefined ? context.vaultPath : resolve(options.to);
      refuseExistingVault(target);
      const passphrase = await backupPassphrase(options.passphraseFile, false);
      const masterPassword = await context.masterPassword(true);
      ensureParentDir(target);
      const { vault, recoveryKey, accounts } = await (await vaultClass()).restoreBackup(resolve(file), passphrase, target, masterPassword, context.vaultOptions);
      vault.close();
      showRecoveryKey(context, recoveryKey, { path: target, accounts }, `Restored ${accounts} accounts into a new vault at ${target}.`);
    });

  program
    .command('export')
    .description('write every account WITH ITS PASSWORDS, unencrypted, to a JSON file (prefer `tessera backup`)')
    .requiredOption('--plaintext <file>', 'the JSON file to create (an existing file is never overwritten)')
    .option('--i-understand', 'confirm that the file will hold every secret in plain text')
    .addOption(new Option('--format <format>', 'tessera-json (read back by tessera import), bitwarden-json (Bitwarden, KeePassXC, 1Password and others import it) or keepass-xml (KeePass and KeePassXC import it)').choices([...PLAINTEXT_EXPORT_FORMATS]).default('tessera-json'))
    .action(async (options: { plaintext: string; iUnderstand?: boolean; format: PlaintextExportFormat }, command: Command) => {
      const context = cliContext(command);
      if (!options.iUnderstand) {
        throw new TesseraError('USAGE', 'A plaintext export writes every password and TOTP secret unencrypted. Prefer `tessera backup FILE`; if you really need plain text, add --i-understand.');
      }
      const target = resolve(options.plaintext);
      refuseExistingFile(target);
      const { plaintextExport } = await import('../../import');
      const accounts = await withUnlockedVault(context, async (vault) => {
        const shared = await collaboratorAccountIds(vault);
        if (shared.size) context.out.note(`${shared.size} account(s) shared with you as a Collaborator are left out: their passwords are not yours to keep.`);
        const { text, accounts } = plaintextExport(vault, options.format, shared);
        writeFileSync(target, text, { mode: 0o600, flag: 'wx' });
        return accounts;
      });
      context.out.warn(`${target} holds ${accounts} accounts with their passwords in plain text. Import it where you need it, then delete it.`);
      context.out.result({ file: target, accounts }, `Exported ${accounts} accounts to ${target} (unencrypted).`);
    });
}
