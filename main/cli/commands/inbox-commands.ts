// `tessera inbox …`: the team mailbox from the command line.
//   inbox connect --host H --address A --username U [--port P] [--security tls|starttls|none]
//                 [--mailbox M] [--alias-pattern P] [--ca-file PEM] [TWILIO OPTIONS]
//       logs in once to test the settings, then keeps them and the password in the vault. The
//       password comes from --mailbox-password-file FILE, TESSERA_MAILBOX_PASSWORD, or a hidden
//       prompt on the terminal; never from the command line.
//   inbox twilio --twilio-sid SID --twilio-number +1… [--twilio-number …] [--twilio-api-url URL] | --remove
//       the team's Twilio account for SMS codes (also accepted by `connect`), tested with one
//       request before it is kept; the auth token comes from --twilio-token-file FILE,
//       TESSERA_TWILIO_TOKEN, or a hidden prompt.
//   inbox phone ACCOUNT NUMBER                    make a team Twilio number the account's managed phone
//   inbox list [--account ID|NAME] [--limit N]   messages, newest first (the team's, or one account's)
//   inbox code ID|NAME [--wait SECONDS]          the latest code mailed to the account (the last
//       15 minutes); with --wait, connects and waits up to SECONDS for one to arrive. Audited.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { TesseraError } from '../../errors';
import type { InboxMessageSummary, InboxServiceStatus } from '../../inbox';
import type { MailboxSecurity, TwilioAccountDraft } from '../../inbox';
import { resolveAccount } from '../account-ref';
import { cliContext } from '../context';
import { withServices } from '../cli-services';
import { readSecret } from '../secret-input';
import { formatTable } from '../table';

export const MAILBOX_PASSWORD_ENV = 'TESSERA_MAILBOX_PASSWORD';
export const TWILIO_TOKEN_ENV = 'TESSERA_TWILIO_TOKEN';
const MAX_WAIT_SECONDS = 600;

function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new TesseraError('USAGE', `${what} must be a whole number of 0 or more, not "${value}".`);
    return n;
  };
}

type TwilioOptions = { twilioSid?: string; twilioNumber?: string[]; twilioTokenFile?: string; twilioApiUrl?: string };

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function addTwilioOptions(command: Command): Command {
  return command
    .option('--twilio-sid <sid>', 'Twilio Account SID (AC…), for SMS codes sent to the team\'s Twilio numbers')
    .option('--twilio-number <e164>', 'a Twilio number that receives codes (repeat for several)', collect)
    .option('--twilio-token-file <file>', `read the Twilio auth token from the first line of FILE (else ${TWILIO_TOKEN_ENV}, else the terminal)`)
    .option('--twilio-api-url <url>', 'a regional Twilio API address, e.g. https://api.dublin.ie1.twilio.com');
}

/** The Twilio account from the options, or undefined when none was asked for; the token is read only then. */
async function twilioFromOptions(options: TwilioOptions): Promise<TwilioAccountDraft | undefined> {
  if (options.twilioSid === undefined && options.twilioNumber === undefined) return undefined;
  if (options.twilioSid === undefined || !options.twilioNumber?.length) throw new TesseraError('USAGE', 'Give both --twilio-sid and at least one --twilio-number.');
  const authToken = await readSecret({ what: 'Twilio auth token', fileOption: '--twilio-token-file', file: options.twilioTokenFile, envVar: TWILIO_TOKEN_ENV });
  return { accountSid: options.twilioSid, authToken, phoneNumbers: options.twilioNumber, ...(options.twilioApiUrl ? { apiBaseUrl: options.twilioApiUrl } : {}) };
}

function twilioSummary(status: InboxServiceStatus): string {
  const twilio = status.settings?.twilio;
  return twilio ? `SMS codes through Twilio ${twilio.accountSid} for ${twilio.phoneNumbers.join(', ')}` : 'no Twilio account';
}

function messageRows(messages: readonly InboxMessageSummary[]): string {
  if (messages.length === 0) return 'No messages.';
  return formatTable(
    ['RECEIVED', 'VIA', 'KIND', 'FROM', 'SUBJECT', 'CODE'],
    messages.map((m) => [new Date(m.receivedAt).toISOString().replace('T', ' ').slice(0, 19), m.kind, m.category, m.from, (m.kind === 'sms' ? m.preview : m.subject).slice(0, 60), m.code ?? '']),
  );
}

export function registerInboxCommands(program: Command): void {
  const inbox = program.command('inbox').description('the team mailbox: connect it, list messages, read verification codes');

  const connect = inbox
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
    .option('--mailbox-password-file <file>', 'read the mailbox password from the first line of FILE');
  addTwilioOptions(connect)
    .action(async (options: {
      host: string; address: string; username: string; port?: number; security: string; mailbox: string;
      aliasPattern?: string; caFile?: string; mailboxPasswordFile?: string;
    } & TwilioOptions, command: Command) => {
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
      const status = await withServices(context, async (services) => {
        const password = await readSecret({ what: 'mailbox password', fileOption: '--mailbox-password-file', file: options.mailboxPasswordFile, envVar: MAILBOX_PASSWORD_ENV });
        const twilio = await twilioFromOptions(options);
        // Connecting starts the watch; closing the services stops it.
        return services.inbox.connect({
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
          ...(twilio ? { twilio } : {}),
        });
      });
      const s = status.settings!;
      context.out.result(status, `connected: ${s.username} at ${s.host}:${s.port} (${s.security}), watching ${s.mailbox}; aliases look like ${s.aliasPattern}; ${twilioSummary(status)}`);
    });

  addTwilioOptions(inbox.command('twilio').description('set (after testing it) or remove the team\'s Twilio account for SMS codes'))
    .option('--remove', 'forget the Twilio account and its token')
    .action(async (options: TwilioOptions & { remove?: boolean }, command: Command) => {
      const context = cliContext(command);
      if (options.remove && (options.twilioSid !== undefined || options.twilioNumber !== undefined)) throw new TesseraError('USAGE', '--remove takes no other Twilio option.');
      const status = await withServices(context, async (services) => {
        const twilio = options.remove ? null : await twilioFromOptions(options);
        if (twilio === undefined) throw new TesseraError('USAGE', 'Give --twilio-sid and --twilio-number (and the token), or --remove.');
        return services.inbox.setTwilio(twilio);
      });
      context.out.result(status, twilioSummary(status));
    });

  inbox
    .command('phone')
    .description('make one of the team\'s Twilio numbers the account\'s managed phone, so its SMS codes are read through Twilio')
    .argument('<account>', 'account id, or its name if no other account has that name')
    .argument('<number>', 'a number given with --twilio-number')
    .action(async (ref: string, number: string, _options: unknown, command: Command) => {
      const context = cliContext(command);
      const phoneNumber = await withServices(context, (services) => services.inbox.useManagedPhone(resolveAccount(services.vault.unlocked().accounts, ref).id, number));
      context.out.result({ phoneNumber }, `managed phone: ${phoneNumber} (SMS codes through Twilio)`);
    });

  inbox
    .command('list')
    .description('messages in the team inbox, or routed to one account, newest first')
    .option('--account <account>', 'only this account\'s messages (id or name)')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 50)
    .action(async (options: { account?: string; limit: number }, command: Command) => {
      const context = cliContext(command);
      const messages = await withServices(context, async (services) => {
        const service = services.inbox;
        // Texts to the team's Twilio numbers are read now; mail is read by the running app or `inbox code --wait`.
        if (service.status().settings?.twilio) {
          await service.pollSms().catch((error: unknown) => context.out.warn(`SMS could not be read from Twilio (${error instanceof TesseraError ? error.message : 'unknown error'}); listing what is stored.`));
        }
        return options.account === undefined ? service.listTeam(options.limit) : service.listForAccount(resolveAccount(services.vault.unlocked().accounts, options.account).id, options.limit);
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
      const found = await withServices(context, async (services) => {
        const accountId = resolveAccount(services.vault.unlocked().accounts, ref).id;
        if (options.wait > 0) await services.startBackground(['inbox']);
        return services.inbox.code(accountId, { waitMs: options.wait * 1000 });
      });
      context.out.result(found, found.code);
      if (!context.out.json) context.out.note(`received ${new Date(found.receivedAt).toISOString()}`);
    });
}
