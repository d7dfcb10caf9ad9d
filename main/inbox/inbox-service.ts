// The managed inbox of the unlocked vault: owns the running ImapInbox (started at unlock when
// a mailbox is configured, stopped at lock), keeps the mailbox settings and credentials in
// the vault, gives each account its plus-address alias, lists messages per account and for
// the team, keeps the team's Twilio account (tested before it is saved) and maps its numbers
// to accounts by their managed phone, stores the texts sent to those numbers as inbox messages
// (polled while the inbox runs, see sms-intake.ts), purges old messages, and hands automated
// logins an OtpProvider for emailed codes (each code handed over is audited). Plain Node: the
// app, the web test host and the CLI use it.
import { openMailbox } from './imap-connect';
import { aliasForAccount, type AliasedAccount } from './alias-generator';
import { DEFAULT_CLOCK_TOLERANCE_MS } from './message-filter';
import { DEFAULT_CODE_TIMEOUT_MS, waitForCode } from './code-waiter';
import { ForwardedSmsAdapter } from './sms/forwarded-sms-adapter';
import { ImapInbox, type InboxStatus } from './imap-inbox';
import { TwilioSmsAdapter } from './sms/twilio-adapter';
import { parseMailboxConfig, type MailboxConfigDraft, type MailboxCredentials } from './mailbox-config';
import { parseTwilioAccount, twilioNumberFor, type TwilioAccount, type TwilioAccountDraft } from './sms/twilio-account';
import type { RoutedInboxMessage } from './inbox-message';
import type { Logger } from '../logger';
import { TesseraError } from '../errors';
import type { Vault } from '../vault';
import type { AccountAccess } from '../access/account-access';
import { firstCode, type CodeWaiter } from './first-code';
import { forgetMailboxSettings, publicMailboxSettings, readMailboxSettings, writeMailboxSettings, type MailboxSettings, type PublicMailboxSettings } from './mailbox-settings';
import { SmsPoller, waitForStoredSmsCode, type PhoneAccount } from './sms/sms-intake';
import { VaultInboxStore, type StoredInboxMessage, type VaultAccess } from './vault-inbox-store';

/** Messages older than this are deleted: codes expire in minutes, alerts matter for weeks. */
export const INBOX_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;
const PREVIEW_CHARS = 160;

export type InboxServiceStatus = {
  configured: boolean;
  state: InboxStatus['state'];
  error: { code: string; message: string } | null;
  settings: PublicMailboxSettings | null;
};

export type InboxMessageSummary = {
  id: string;
  /** 'sms' for a text read through Twilio. */
  kind: 'mail' | 'sms';
  accountIds: string[];
  category: RoutedInboxMessage['category'];
  from: string;
  fromName: string | null;
  subject: string;
  receivedAt: number;
  code: string | null;
  preview: string;
};

export type InboxMessageDetail = InboxMessageSummary & { to: string[]; text: string; notes: string[] };

export type ConnectInput = {
  config: MailboxConfigDraft;
  credentials: MailboxCredentials;
  twilio?: TwilioAccountDraft;
};

/** How SMS codes for an account's managed phone reach Tessera. */
export type SmsRoute = { via: 'twilio' | 'forwarded-mail'; phoneNumber: string } | null;

const TWILIO_CHECK_TIMEOUT_MS = 20_000;
/** How often a login waiting for a texted code asks Twilio. */
const SMS_CODE_POLL_INTERVAL_MS = 3_000;

export type EmailOtpOptions = {
  /** Only mail from these domains may answer (`github.com` also accepts `noreply.github.com`). */
  senderDomains?: readonly string[];
  timeoutMs?: number;
  /** Where the code goes, for the audit entry: 'login', 'mfa-enrolment'. */
  purpose?: string;
};

export type InboxServiceOptions = {
  vault: () => Vault;
  access: AccountAccess;
  log: Logger;
  /** Status changes and new mail, for the UI. */
  emit?: (event: 'inbox.state' | 'inbox.message', payload: unknown) => void;
  /** Tests: a Twilio-shaped local server instead of api.twilio.com. */
  twilioBaseUrl?: string;
  /** Tests: a shorter poll interval or backoff. */
  inboxOptions?: Partial<Pick<ConstructorParameters<typeof ImapInbox>[0], 'backoff' | 'maxMessageBytes'>>;
  /** Tests: how often Twilio is asked for new texts. */
  smsPollIntervalMs?: number;
  /** Every message (mail or SMS) stored for the first time: services.ts shares it with the account's team. */
  onStored?: (message: RoutedInboxMessage) => void;
  now?: () => number;
};

export class InboxService {
  /** For what a person asked (lists, codes): counts as activity. */
  readonly store: VaultInboxStore;
  /** For the mailbox's own work (arriving mail, sync): never keeps the vault from locking. */
  private readonly backgroundStore: VaultInboxStore;
  /** The vault the running inbox writes to, captured at start (taking it counts as activity). */
  private watchedVault: Vault | undefined;
  private inbox: ImapInbox | undefined;
  private smsPoller: SmsPoller | undefined;
  private inboxSettings: MailboxSettings | undefined;
  private stopStatus: (() => void) | undefined;
  private stopMessages: (() => void) | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private lastStartError: { code: string; message: string } | null = null;
  private readonly now: () => number;

  constructor(private readonly options: InboxServiceOptions) {
    this.store = new VaultInboxStore((use) => use(options.vault()), options.onStored);
    this.backgroundStore = new VaultInboxStore(this.quietly, options.onStored);
    this.now = options.now ?? Date.now;
  }

  /** Tells the UI a message (mail or SMS) was stored. */
  private readonly announce = (message: RoutedInboxMessage): void => {
    this.options.emit?.('inbox.message', { accountIds: message.accountIds, category: message.category, receivedAt: message.receivedAt.getTime() });
  };

  private readonly quietly: VaultAccess = (use) => {
    const vault = this.watchedVault;
    if (!vault?.isUnlocked) throw new TesseraError('VAULT_LOCKED', 'The vault locked while the mailbox was being read.');
    return vault.idleLock.untouched(() => use(vault));
  };

  status(): InboxServiceStatus {
    const settings = readMailboxSettings(this.options.vault());
    const running = this.inbox?.status;
    return {
      configured: settings !== undefined,
      state: running?.state ?? 'stopped',
      error: running?.error ?? this.lastStartError,
      settings: settings ? publicMailboxSettings(settings) : null,
    };
  }

  /**
   * Checks the settings and logs in once (and asks Twilio once, when given; nothing is stored
   * when either fails), then keeps them and the credentials in the vault and starts watching.
   */
  async connect(input: ConnectInput): Promise<InboxServiceStatus> {
    const config = parseMailboxConfig(input.config);
    // Without new Twilio settings, a reconnect keeps the ones already saved.
    const twilio = input.twilio ? parseTwilioAccount(input.twilio) : readMailboxSettings(this.options.vault())?.twilio;
    const client = await openMailbox(config, input.credentials);
    await client.logout().catch(() => client.close());
    if (input.twilio && twilio) await this.checkTwilio(twilio);
    writeMailboxSettings(this.options.vault(), {
      config,
      credentials: input.credentials,
      ...(twilio ? { twilio } : {}),
      enabled: true,
    });
    await this.stop();
    await this.start();
    return this.status();
  }

  /**
   * Sets (after one authenticated request to its Messages API succeeded) or, with null,
   * removes the team's Twilio account on the connected mailbox. Keeps the mailbox running.
   */
  async setTwilio(draft: TwilioAccountDraft | null): Promise<InboxServiceStatus> {
    const settings = readMailboxSettings(this.options.vault());
    if (!settings) throw new TesseraError('INBOX_NOT_CONFIGURED', 'Connect the team mailbox first; the Twilio account is kept with its settings.');
    const { twilio: _previous, ...rest } = settings;
    const twilio = draft ? parseTwilioAccount(draft) : undefined;
    if (twilio) await this.checkTwilio(twilio);
    writeMailboxSettings(this.options.vault(), { ...rest, ...(twilio ? { twilio } : {}) });
    if (this.inboxSettings) {
      const { twilio: _replaced, ...running } = this.inboxSettings;
      this.inboxSettings = { ...running, ...(twilio ? { twilio } : {}) };
    }
    this.smsPoller?.pollSoon();
    return this.status();
  }

  /** Where SMS codes for the account's managed phone come from (none without one). */
  smsRoute(accountId: string): SmsRoute {
    const phone = this.options.vault().accounts.get(accountId).managedPhone;
    if (!phone) return null;
    const twilio = readMailboxSettings(this.options.vault())?.twilio;
    const number = twilio && twilioNumberFor(twilio, phone);
    return number ? { via: 'twilio', phoneNumber: number } : { via: 'forwarded-mail', phoneNumber: phone };
  }

  /** Makes one of the team's Twilio numbers the account's managed phone (Owners). */
  useManagedPhone(accountId: string, phoneNumber: string): string {
    this.options.access.requireOwner(accountId);
    const twilio = this.requireSettings().twilio;
    const number = twilio && twilioNumberFor(twilio, phoneNumber);
    if (!number) throw new TesseraError('INVALID_INPUT', `${phoneNumber} is not one of the team's Twilio numbers. Add it in the Team inbox settings first.`);
    const vault = this.options.vault();
    const account = vault.accounts.get(accountId);
    if (account.managedPhone !== number) vault.accounts.update(accountId, account.version, { managedPhone: number });
    this.smsPoller?.pollSoon();
    return number;
  }

  /** Stops watching and removes the mailbox settings and credentials from the vault (messages stay). */
  async disconnect(): Promise<InboxServiceStatus> {
    await this.stop();
    forgetMailboxSettings(this.options.vault());
    this.lastStartError = null;
    return this.status();
  }

  /** Starts watching if a mailbox is configured; a failure is reported in `status`, not thrown. */
  async start(): Promise<void> {
    if (this.inbox) return;
    this.watchedVault = this.options.vault();
    const settings = readMailboxSettings(this.watchedVault);
    this.purgeExpired();
    if (!settings?.enabled) return;
    const inbox = new ImapInbox({
      config: settings.config,
      // Asked at each reconnect, so changed credentials apply without a restart.
      credentials: async () => this.quietly((vault) => readMailboxSettings(vault))?.credentials ?? settings.credentials,
      accounts: async () => this.quietly((vault) => this.routingTable(vault)),
      store: this.backgroundStore,
      logger: this.options.log,
      ...this.options.inboxOptions,
    });
    this.inbox = inbox;
    this.inboxSettings = settings;
    this.stopStatus = inbox.onStatus((status) => this.options.emit?.('inbox.state', { state: status.state, error: status.error ?? null }));
    this.stopMessages = inbox.subscribe(this.announce);
    this.purgeTimer = setInterval(() => this.purgeExpired(), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
    this.smsPoller = this.newSmsPoller();
    this.smsPoller.start();
    try {
      await inbox.start();
      this.lastStartError = null;
    } catch (error) {
      const failure = error instanceof TesseraError ? error : new TesseraError('MAILBOX_UNREACHABLE', 'The mailbox could not be opened.');
      this.lastStartError = { code: failure.code, message: failure.message };
      this.options.log.warn('inbox.start_failed', { code: failure.code });
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    const inbox = this.inbox;
    this.inbox = undefined;
    this.inboxSettings = undefined;
    const { stopStatus, stopMessages } = this;
    this.stopStatus = undefined;
    this.stopMessages = undefined;
    clearInterval(this.purgeTimer);
    this.smsPoller?.stop();
    this.smsPoller = undefined;
    stopMessages?.();
    await inbox?.stop();
    // After the inbox stopped, so the UI hears 'stopped' too.
    stopStatus?.();
    if (!this.inbox) this.watchedVault = undefined;
  }

  /** The account's alias in the team mailbox (not stored; see useManagedEmail). */
  aliasFor(accountId: string): string {
    const settings = this.requireSettings();
    const account = this.options.vault().accounts.get(accountId);
    return aliasForAccount(settings.config, account);
  }

  /** Makes the account's alias its managed email (milestone 2) and returns it. */
  useManagedEmail(accountId: string): string {
    this.options.access.requireOwner(accountId);
    const vault = this.options.vault();
    const account = vault.accounts.get(accountId);
    const alias = account.managedEmail || aliasForAccount(this.requireSettings().config, account);
    if (account.managedEmail !== alias) vault.accounts.update(accountId, account.version, { managedEmail: alias });
    return alias;
  }

  /** Messages routed to one account, newest first. */
  listForAccount(accountId: string, limit = 200): InboxMessageSummary[] {
    this.options.access.requireAccess(accountId);
    return this.store.list({ accountId, limit }).map(summaryOf);
  }

  /** The team inbox: every message the person may see (routed to an account of theirs, or to none). */
  listTeam(limit = 200): InboxMessageSummary[] {
    return this.store.list({ limit }).filter((stored) => this.visible(stored)).map(summaryOf);
  }

  message(id: string): InboxMessageDetail {
    const stored = this.store.get(id);
    if (!stored || !this.visible(stored)) throw new TesseraError('ITEM_NOT_FOUND', 'No such message. It may have been purged; refresh the inbox.');
    const { message } = stored;
    return { ...summaryOf(stored), to: message.to, text: message.text, notes: message.notes };
  }

  /**
   * The newest code mailed to the account (within `withinMs`), or with `waitMs` the first one
   * to arrive within that time. Watching needs the mailbox running (the app) or `start()` (CLI).
   */
  async code(accountId: string, { waitMs = 0, withinMs = 15 * 60_000 }: { waitMs?: number; withinMs?: number } = {}): Promise<{ code: string; messageId: string; receivedAt: number }> {
    this.options.access.requireAccess(accountId);
    const since = new Date(this.now() - withinMs);
    const stored = this.store.list({ accountId, since, limit: 50 }).find((entry) => entry.message.code && entry.message.category !== 'recovery');
    if (stored) {
      this.audit(accountId, 'reveal', stored.id);
      return { code: stored.message.code!, messageId: stored.id, receivedAt: stored.message.receivedAt.getTime() };
    }
    if (waitMs <= 0) throw new TesseraError('ITEM_NOT_FOUND', 'No verification code arrived for this account recently. Ask the site to send one, then wait for it.');
    const inbox = this.requireInbox();
    const found = await inbox.waitForCode({ accountId, after: since, timeoutMs: waitMs });
    this.audit(accountId, 'reveal', null);
    return { code: found.code, messageId: '', receivedAt: found.message.receivedAt.getTime() };
  }

  /**
   * An OtpProvider for an automated login of `accountId`: waits for a code sent after the
   * moment this is called to its alias (mail), and to its managed phone (Twilio when that is
   * the team's Twilio number, else SMS forwarded into the mailbox); the first code wins. A
   * second call never returns a code already handed out. Each code handed over is audited.
   */
  otpProvider(accountId: string, options: EmailOtpOptions = {}): (request?: { signal?: AbortSignal }) => Promise<string> {
    const account = this.options.vault().accounts.get(accountId);
    const after = new Date(this.now());
    const timeoutMs = options.timeoutMs ?? DEFAULT_CODE_TIMEOUT_MS;
    const used = new Set<RoutedInboxMessage>();
    const usedSms = new Set<string>();
    const waiters: CodeWaiter[] = [];
    const inbox = this.inbox;
    if (inbox) {
      const alias = account.managedEmail || this.aliasFor(accountId);
      waiters.push(async (signal) => {
        const found = await waitForCode(
          inbox,
          { alias, after, timeoutMs, signal, ...(options.senderDomains ? { senderDomains: options.senderDomains } : {}) },
          { skip: (message) => used.has(message) },
        );
        used.add(found.message);
        return found.code;
      });
    }
    const phone = account.managedPhone;
    const twilio = this.requireSettings().twilio;
    const twilioNumber = twilio && twilioNumberFor(twilio, phone);
    if (twilio && twilioNumber) {
      // Every text read on the way is stored like the background poll's; the code comes from the stored ones.
      const since = new Date(after.getTime() - DEFAULT_CLOCK_TOLERANCE_MS);
      waiters.push((signal) => waitForStoredSmsCode({
        poll: (pollSignal) => (this.smsPoller ?? this.newSmsPoller(this.store)).pollOnce(pollSignal),
        codes: () => this.store.list({ accountId, since, limit: 50 }).reverse()
          .flatMap(({ id, message }) => (message.kind === 'sms' && message.code ? [{ id, code: message.code }] : [])),
        used: usedSms,
        timeoutMs,
        intervalMs: this.options.twilioBaseUrl ? 200 : SMS_CODE_POLL_INTERVAL_MS,
        phoneNumber: twilioNumber,
        ...(signal ? { signal } : {}),
      }));
    } else if (phone && inbox) {
      const forwarded = new ForwardedSmsAdapter(inbox);
      waiters.push((signal) => forwarded.waitForCode({ after, timeoutMs, signal }));
    }
    if (waiters.length === 0) throw this.notRunning();
    return async (request) => {
      const code = await firstCode(waiters, request?.signal);
      this.audit(accountId, options.purpose ?? 'login', null);
      return code;
    };
  }

  /**
   * The code source of automated logins (LoginService's `emailCodes`): a provider when the
   * account has a managed email or phone that Tessera can read, else undefined (TOTP only).
   */
  emailCodes(accountId: string): ((request?: { signal?: AbortSignal }) => Promise<string>) | undefined {
    const account = this.options.vault().accounts.get(accountId);
    if (!account.managedEmail && !account.managedPhone) return undefined;
    try {
      return this.otpProvider(accountId);
    } catch (error) {
      if (error instanceof TesseraError && (error.code === 'MAILBOX_UNREACHABLE' || error.code === 'INBOX_NOT_CONFIGURED')) return undefined;
      throw error;
    }
  }

  /** Deletes messages past the retention period; returns how many. */
  purgeExpired(): number {
    try {
      return this.quietly((vault) => vault.inbox.purgeMessages(this.now() - INBOX_RETENTION_MS));
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'VAULT_LOCKED') return 0;
      throw error;
    }
  }

  private twilioAdapter(twilio: TwilioAccount, phoneNumber: string): TwilioSmsAdapter {
    const baseUrl = twilio.apiBaseUrl ?? this.options.twilioBaseUrl;
    return new TwilioSmsAdapter({
      credentials: async () => twilio,
      phoneNumber,
      ...(baseUrl ? { baseUrl } : {}),
    });
  }

  /**
   * Stores the texts sent to the team's Twilio numbers since the newest stored one (the
   * running inbox polls this on an interval; the CLI calls it before listing). Returns how many were new.
   */
  async pollSms(): Promise<number> {
    return (this.smsPoller ?? this.newSmsPoller(this.store)).pollOnce();
  }

  private newSmsPoller(store: VaultInboxStore = this.backgroundStore): SmsPoller {
    const vaultOf = store === this.store ? <T>(use: (vault: Vault) => T) => use(this.options.vault()) : this.quietly;
    return new SmsPoller({
      adapters: () => {
        const twilio = this.inboxSettings?.twilio ?? vaultOf((vault) => readMailboxSettings(vault))?.twilio;
        return twilio ? twilio.phoneNumbers.map((number) => this.twilioAdapter(twilio, number)) : [];
      },
      accounts: () => vaultOf((vault) => phoneAccounts(vault)),
      store,
      log: this.options.log,
      onMessage: this.announce,
      ...(this.options.smsPollIntervalMs ? { intervalMs: this.options.smsPollIntervalMs } : {}),
      now: this.now,
    });
  }

  /** One authenticated request per number: a wrong SID or token, or a number not on the account, fails here. */
  private async checkTwilio(twilio: TwilioAccount): Promise<void> {
    const signal = AbortSignal.timeout(TWILIO_CHECK_TIMEOUT_MS);
    for (const number of twilio.phoneNumbers) await this.twilioAdapter(twilio, number).fetchMessagesSince(new Date(this.now()), signal);
  }

  /** Every account's alias: the stored managed email, and the generated one (mail may predate the choice). */
  private routingTable(vault: Vault): AliasedAccount[] {
    const config = this.inboxSettings?.config;
    return vault.accounts.list().flatMap((entry) => {
      if (entry.status !== 'ok') return [];
      const aliases = new Set<string>();
      if (entry.managedEmail) aliases.add(entry.managedEmail);
      if (config) aliases.add(aliasForAccount(config, entry));
      return [...aliases].map((alias) => ({ id: entry.id, alias }));
    });
  }

  private visible(stored: StoredInboxMessage): boolean {
    const ids = stored.message.accountIds;
    return ids.length === 0 || ids.some((id) => this.options.access.canAccess(id));
  }

  /** Records that a mailed code left the inbox, and for what (never the code itself). */
  private audit(accountId: string, purpose: string, messageId: string | null): void {
    this.options.vault().audit.append('inbox.code_used', accountId, { purpose, messageId });
  }

  private requireSettings(): MailboxSettings {
    const settings = this.inboxSettings ?? readMailboxSettings(this.options.vault());
    if (!settings) throw new TesseraError('INBOX_NOT_CONFIGURED', 'No team mailbox is connected. Connect one in Settings → Inbox (or `tessera inbox connect`).');
    return settings;
  }

  private requireInbox(): ImapInbox {
    this.requireSettings();
    if (!this.inbox) throw this.notRunning();
    return this.inbox;
  }

  private notRunning(): TesseraError {
    return new TesseraError('MAILBOX_UNREACHABLE', `The team mailbox is not connected${this.lastStartError ? ` (${this.lastStartError.message})` : ''}. Check the inbox settings and reconnect.`);
  }
}

function phoneAccounts(vault: Vault): PhoneAccount[] {
  return vault.accounts.list().flatMap((entry) => (entry.status === 'ok' && entry.managedPhone ? [{ id: entry.id, phone: entry.managedPhone }] : []));
}

function summaryOf({ id, message }: StoredInboxMessage): InboxMessageSummary {
  return {
    id,
    kind: message.kind ?? 'mail',
    accountIds: message.accountIds,
    category: message.category,
    from: message.from,
    fromName: message.fromName ?? null,
    subject: message.subject,
    receivedAt: message.receivedAt.getTime(),
    code: message.code ?? null,
    preview: message.text.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS),
  };
}
