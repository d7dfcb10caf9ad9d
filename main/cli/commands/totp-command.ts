// `tessera totp ID|NAME`: the account's current authenticator code on stdout (alone, so
// `$(tessera totp github)` works) and how long it stays valid on stderr; --json gives
// {code, remainingSeconds, period}. Printing a code is recorded in the audit log.
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import { resolveAccount } from '../account-ref';
import { cliContext, withUnlockedVault } from '../context';

export function registerTotpCommand(program: Command): void {
  program
    .command('totp')
    .description('print the current TOTP code of an account and the seconds it stays valid')
    .argument('<account>', 'account id, or its name if no other account has that name')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const { generateCode, otpParamsFromStored, remainingSeconds } = await import('../../mfa');
      const value = await withUnlockedVault(context, (vault) => {
        const account = vault.accounts.get(resolveAccount(vault.accounts, ref).id);
        if (account.totp === null) {
          throw new TesseraError('INVALID_INPUT', `"${account.name}" has no TOTP. Add one with: tessera account edit ${account.id} --totp 'otpauth://…'`);
        }
        const params = otpParamsFromStored(account.totp);
        const now = Date.now();
        vault.audit.append('account.reveal', account.id, { field: 'totpCode' });
        return { code: generateCode(params, now), remainingSeconds: remainingSeconds(params, now), period: params.type === 'hotp' ? null : params.period };
      });
      context.out.result(value, value.code);
      if (!context.out.json && value.remainingSeconds !== null) context.out.note(`valid for ${value.remainingSeconds} more second${value.remainingSeconds === 1 ? '' : 's'}`);
    });
}
