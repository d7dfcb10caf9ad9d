// The vault's lifecycle from the command line: `init` (creates the vault and shows the
// recovery key once), `unlock-check` (is this the right master password?), `passwd`
// (change the master password) and `recover` (set a new one with the recovery key).
import type { Command } from 'commander';
import { cliContext, earlyKdfFor, ensureParentDir, vaultClass, withUnlockedVault, withVault, type CliContext } from '../context';
import { refuseExistingVault } from '../existing-files';
import { readSecret } from '../secret-input';

/** Shared by `init` and `restore`: the one time a recovery key is ever shown. */
export function showRecoveryKey(context: CliContext, recoveryKey: string, value: Record<string, unknown>, headline: string): void {
  context.out.result(
    { ...value, recoveryKey },
    `${headline}\n\nRecovery key (shown only this once):\n\n    ${recoveryKey}\n`,
  );
  context.out.warn(
    'store the recovery key now, offline (printed, or in another password manager). It is the only way back in if the master password is forgotten, and Tessera cannot show it again.',
  );
}

export function registerVaultCommands(program: Command): void {
  program
    .command('init')
    .description('create a new vault and print its recovery key (once)')
    .addHelpText(
      'after',
      '\nThe new master password comes from --password-file, TESSERA_PASSWORD, or the terminal (asked twice).\nThe vault is created at --vault PATH, else $TESSERA_VAULT, else the desktop app\'s own vault file.',
    )
    .action(async (_options: unknown, command: Command) => {
      const context = cliContext(command);
      refuseExistingVault(context.vaultPath);
      const password = await context.masterPassword(true);
      ensureParentDir(context.vaultPath);
      const { vault, recoveryKey } = await (await vaultClass()).create(context.vaultPath, password, context.vaultOptions);
      const { vaultId } = vault.info();
      vault.close();
      showRecoveryKey(context, recoveryKey, { path: context.vaultPath, vaultId }, `Created a vault at ${context.vaultPath}.`);
    });

  program
    .command('unlock-check')
    .description('check that the master password unlocks the vault (exit 0), or not (exit 3)')
    .action(async (_options: unknown, command: Command) => {
      const context = cliContext(command);
      const value = await withUnlockedVault(context, (vault) => ({
        path: context.vaultPath,
        vaultId: vault.info().vaultId,
        accounts: vault.accounts.list().length,
      }));
      context.out.result(value, `The master password unlocks ${value.path} (${value.accounts} accounts).`);
    });

  program
    .command('passwd')
    .description('change the master password (the accounts are not re-encrypted; one key is re-wrapped)')
    .option('--new-password-file <file>', 'read the new master password from the first line of FILE (else asked twice on the terminal)')
    .addHelpText('after', '\nThe current master password comes from --password-file, TESSERA_PASSWORD, or the terminal.')
    .action(async (options: { newPasswordFile?: string }, command: Command) => {
      const context = cliContext(command);
      const newPassword = () => readSecret({ what: 'new master password', fileOption: '--new-password-file', file: options.newPasswordFile, confirm: true });
      await withVault(context, async (vault) => {
        const current = await context.masterPassword();
        await vault.unlock(current, earlyKdfFor(context, current)); // a wrong current password fails here, before the new one is asked for
        await vault.changeMasterPassword(current, await newPassword());
      });
      context.out.result({ path: context.vaultPath, changed: true }, 'Master password changed. Use the new one from now on; the recovery key is unchanged.');
    });

  program
    .command('recover')
    .description('forgot the master password? unlock with the recovery key and set a new master password')
    .option('--recovery-key-file <file>', 'read the recovery key from the first line of FILE (else asked on the terminal)')
    .option('--new-password-file <file>', 'read the new master password from the first line of FILE (else asked twice on the terminal)')
    .action(async (options: { recoveryKeyFile?: string; newPasswordFile?: string }, command: Command) => {
      const context = cliContext(command);
      await withVault(context, async (vault) => {
        const recoveryKey = await readSecret({ what: 'recovery key', fileOption: '--recovery-key-file', file: options.recoveryKeyFile });
        await vault.unlockWithRecoveryKey(recoveryKey);
        const newPassword = await readSecret({ what: 'new master password', fileOption: '--new-password-file', file: options.newPasswordFile, confirm: true });
        await vault.resetMasterPassword(newPassword);
      });
      context.out.result(
        { path: context.vaultPath, reset: true },
        'New master password set. The recovery key still works; keep it where it was.',
      );
    });
}
