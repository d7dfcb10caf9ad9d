// `tessera mfa …`: one-click enrolment and imports.
//   mfa enable ID|NAME [--yes]      turns on authenticator-app MFA on the account's site in a
//                                   headless browser (asks on the terminal first; scripts pass
//                                   --yes), printing each step; the secret is saved as pending
//                                   before the site confirms it, and on the account after.
//   mfa import URI [--account ID]   an otpauth:// link or otpauth-migration:// export;
//   mfa import --qr FILE [...]      or the QR code in a PNG/JPEG. With --account the secret goes
//                                   into that account (replacing its TOTP); without, a new
//                                   account is created, named after the issuer (else the label).
// The MFA service is the app's (cli-services.ts), with the team mailbox for emailed codes.
import type { Command } from 'commander';
import { TesseraError } from '../../errors';
import type { ImportedTotp } from '../../mfa';
import { resolveAccount } from '../account-ref';
import { cliContext } from '../context';
import { needsMailbox, withServices } from '../cli-services';
import { confirmOnTerminal } from '../terminal-confirm';
import { stepLine } from './login';

function describeImport(result: ImportedTotp, created: boolean): string {
  const what = [result.issuer, result.label].filter(Boolean).join(' / ') || 'the secret';
  const more = result.entries.length > 1 ? ` (entry ${result.entries.findIndex((e) => e.issuer === result.issuer && e.label === result.label) + 1} of ${result.entries.length}; choose another with --index)` : '';
  return `${created ? 'created account' : 'imported into'} ${result.accountId}: ${what}${more}`;
}

export function registerMfaCommands(program: Command): void {
  const mfa = program.command('mfa').description('turn on MFA on a site, or import authenticator secrets');

  mfa
    .command('enable')
    .description('turn on authenticator-app MFA on the account\'s site with a headless browser')
    .argument('<account>', 'account id, or its name if no other account has that name')
    .option('--yes', 'do not ask for confirmation (scripts)')
    .action(async (ref: string, options: { yes?: boolean }, command: Command) => {
      const context = cliContext(command);
      const status = await withServices(context, async (services) => {
        const account = resolveAccount(services.vault.unlocked().accounts, ref);
        if (!options.yes) {
          const answer = await confirmOnTerminal(`Turn on MFA for "${account.name}" at ${account.hosts[0] ?? 'its site'}? The browser logs in and changes its security settings.`);
          if (answer === null) throw new TesseraError('USAGE', 'No terminal to confirm on. Pass --yes to turn on MFA from a script.');
          if (!answer) throw new TesseraError('CANCELLED', 'Nothing was changed.');
        }
        if (needsMailbox(services, [account.id])) await services.startBackground(['inbox']);
        const startedAt = Date.now();
        return services.mfa.enable(account.id, {
          onStep: (event) => {
            if (event.status === 'start') return;
            if (context.out.json) context.out.note(stepLine(event, startedAt));
            else context.out.document(stepLine(event, startedAt));
          },
        });
      });
      const run = status.lastRun;
      if (run?.outcome === 'enabled' || run?.outcome === 'enabled-unverified') {
        context.out.result(status, `${run.outcome === 'enabled' ? 'MFA is on' : 'MFA is on, but the proving login failed'}: the TOTP secret is saved${status.backupCodeCount ? ` with ${status.backupCodeCount} backup codes` : ''}.`);
        return;
      }
      const pending = status.pending ? ' The captured secret is saved as pending.' : '';
      if (run?.failure && !context.out.json) {
        const { formatFailure } = await import('../../../automation/flows/failure-report');
        context.out.note(`${status.accountName}\n${formatFailure(run.failure)}`);
      }
      // --json: the failure report (step, why, last page, tried, what to do) rides on the error.
      throw new TesseraError('AUTOMATION_FAILED', `${run?.outcome ?? 'failed'}: ${run?.reasons.join('; ').replace(/\.$/, '') ?? 'no run was recorded'}.${pending}`, undefined, {
        accountId: status.accountId,
        outcome: run?.outcome ?? 'failed',
        ...(run?.failure ? { failure: run.failure } : {}),
      });
    });

  mfa
    .command('import')
    .description('import an otpauth:// link, a Google Authenticator export, or a QR image')
    .argument('[uri]', 'otpauth:// or otpauth-migration:// text (quote it)')
    .option('--qr <file>', 'a PNG or JPEG with the QR code instead of a URI')
    .option('--account <account>', 'import into this account (id or name); default: create a new account')
    .option('--index <n>', 'which entry of a multi-account export (1-based)', (value) => Number.parseInt(value, 10))
    .action(async (uri: string | undefined, options: { qr?: string; account?: string; index?: number }, command: Command) => {
      const context = cliContext(command);
      if ((uri === undefined) === (options.qr === undefined)) throw new TesseraError('USAGE', 'Give either a URI or --qr FILE (not both).');
      const index = (options.index ?? 1) - 1;
      if (!Number.isInteger(index) || index < 0) throw new TesseraError('USAGE', '--index must be 1 or more.');
      // Parse before unlocking, so a bad URI or image fails without a password prompt.
      const { importOtpText, importQrImageFile } = await import('../../mfa');
      const parsed = uri !== undefined ? importOtpText(uri) : (await importQrImageFile(options.qr!)).otp;
      if (!parsed) throw new TesseraError('OTPAUTH_INVALID', `The QR code in ${options.qr} does not hold an authenticator link (otpauth://).`);
      const result = await withServices(context, (services) => {
        const service = services.mfa;
        if (options.account === undefined) return { created: true, imported: service.importAsNewAccount(parsed, index) };
        const accountId = resolveAccount(services.vault.unlocked().accounts, options.account).id;
        return { created: false, imported: service.importParsed(accountId, parsed, index, uri !== undefined ? 'text' : 'qr') };
      });
      context.out.result(result.imported, describeImport(result.imported, result.created));
    });
}
