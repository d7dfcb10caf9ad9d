// `tessera inbox …`: the team mailbox from the command line.
//   inbox connect --host H --address A --username U [--port P] [--security tls|starttls|none]
//                 [--mailbox M] [--alias-pattern P] [--ca-file PEM]
//       logs in once to test the settings, then keeps them and the password in the vault. The
//       password comes from --mailbox-password-file FILE, TESSERA_MAILBOX_PASSWORD, or a hidden
//       prompt on the terminal; never from the command line.
//   inbox list [--account ID|NAME] [--limit N]   messages, newest first (the team's, or one account's)
//   inbox code ID|NAME [--wait SECONDS]          the latest code mailed to the account (the last
//       15 minutes); with --wait, connects and waits up to SECONDS for one to arrive. Audited.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { TesseraError } from '../../errors';
import { cliAccountAccess } from '../cli-account-access';
import { InboxService, type InboxMessageSummary } from '../../inbox-service/inbox-service';
import { silentLogger } from '../../logger';
import type { MailboxSecurity } from '../../inbox/index';
import type { Vault } from '../../vault/index';
import { resolveAccount } from '../account-ref';
import { cliContext, withUnlockedVault } from '../context';
import { readSecret } from '../secret-input';
import { formatTable } from '../table';

export const MAILBOX_PASSWORD_ENV = 'TESSERA_MAILBOX_PASSWORD';
const MAX_WAIT_SECONDS = 600;

const inboxFor = (vault: Vault) => new InboxService({ vault: () => vault, access: cliAccountAccess(vault), log: silentLogger });

function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new TesseraError('USAGE', `${what} must be a whole number of 0 or more, not "${value}".`);
    return n;
  };
}

function messageRows(messages: readonly InboxMessageSummary[]): string {
  if (messages.length === 0) return 'No messages.';
  return formatTable(
    ['RECEIVED', 'KIND', 'FROM', 'SUBJECT', 'CODE'],
    messages.map((m) => [new Date(m.receivedAt).toISOString().replace('T', ' ').slice(0, 19), m.category, m.from, m.subject.slice(0, 60), m.code ?? '']),
  );
}

export function registerInboxCommands(program: Command): void {
  const inbox = program.command('inbox').description('the team mailbox: connect it, list messages, read verification codes');

  inbox
    .command('connect')
    .description('test and store the team mailbox settings (the password is kept in the vault)')
    .requiredOption('--host <host>', 'IMAP server')
    .requiredOption('--address <email>', 'the mailbox\'s address; account aliases are built from it')
    .requiredOption('--username <name>', 'IMAP login name')
    .option('--port <port>', 'IMAP port (default 993 for tls, 143 otherwise)', positiveInt('--port'))
    .option('--security <mode>', 'tls, starttls, or none (this machine only)', 'tls')
    .option('--mailbox <folder>', 'folder to watch', 'INBOX')
    .option('--alias-pattern <pattern>', 'alias form, e.g. {local}+{slug}@{domain}')
    .option('--ca-file <pem>', 'trust this CA certificate for this server only (self-hosted)')
    .option('--mailbox-password-file <file>', 'read the mailbox password from the first line of FILE')
    .action(async (options: {
      host: string; address: string; username: string; port?: number; security: string; mailbox: string;
      aliasPattern?: string; caFile?: string; mailboxPasswordFile?: string;
    }, command: Command) => {
      const context = cliContext(command);
      if (!['tls', 'starttls', 'none'].includes(options.security)) throw new TesseraError('USAGE', `--security must be tls, starttls or none, not "${options.security}".`);
      let trustedCaPem: string | undefined;
      if (options.caFile) {
        try {
          trustedCaPem = readFileSync(options.caFile, 'utf8');
        } catch {
          throw new TesseraError('INVALID_INPUT', `Cannot read --ca-file ${options.caFile}. Check the path and its permissions.`);
        }
      }
      const status = await withUnlockedVault(context, async (vault) => {
        const password = await readSecret({ what: 'mailbox password', fileOption: '--mailbox-password-file', file: options.mailboxPasswordFile, envVar: MAILBOX_PASSWORD_ENV });
        const service = inboxFor(vault);
        try {
          return await service.connect({
            config: {
              host: options.host,
              address: options.address,
              security: options.security as MailboxSecurity,
              mailbox: options.mailbox,
              ...(options.port !== undefined ? { port: options.port } : {}),
              ...(options.aliasPattern ? { aliasPattern: options.aliasPattern } : {}),
              ...(trustedCaPem ? { trustedCaPem } : {}),
            },
            credentials: { username: options.username, password },
          });
        } finally {
          await service.stop();
        }
      });
      const s = status.settings!;
      context.out.result(status, `connected: ${s.username} at ${s.host}:${s.port} (${s.security}), watching ${s.mailbox}; aliases look like ${s.aliasPattern}`);
    });

  inbox
    .command('list')
    .description('messages in the team inbox, or routed to one account, newest first')
    .option('--account <account>', 'only this account\'s messages (id or name)')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 50)
    .action(async (options: { account?: string; limit: number }, command: Command) => {
      const context = cliContext(command);
      const messages = await withUnlockedVault(context, (vault) => {
        const service = inboxFor(vault);
        return options.account === undefined ? service.listTeam(options.limit) : service.listForAccount(resolveAccount(vault.accounts, options.account).id, options.limit);
      });
      context.out.result({ messages }, messageRows(messages));
    });

  inbox
    .command('code')
    .description('the latest verification code mailed to an account')
    .argument('<account>', 'account id, or its name if no other account has that name')
    .option('--wait <seconds>', `wait up to this long for a code to arrive (max ${MAX_WAIT_SECONDS})`, positiveInt('--wait'), 0)
    .action(async (ref: string, options: { wait: number }, command: Command) => {
      const context = cliContext(command);
      if (options.wait > MAX_WAIT_SECONDS) throw new TesseraError('USAGE', `--wait is at most ${MAX_WAIT_SECONDS} seconds.`);
      const found = await withUnlockedVault(context, async (vault) => {
        const service = inboxFor(vault);
        const accountId = resolveAccount(vault.accounts, ref).id;
        if (options.wait > 0) await service.start();
        try {
          return await service.code(accountId, { waitMs: options.wait * 1000 });
        } finally {
          await service.stop();
        }
      });
      context.out.result(found, found.code);
      if (!context.out.json) context.out.note(`received ${new Date(found.receivedAt).toISOString()}`);
    });
}
