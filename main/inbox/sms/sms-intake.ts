// Texts read from the team's Twilio numbers become inbox messages: each one routed by the number
// it was sent to (an account whose managed phone is that number; none → the team inbox),
// classified and its code extracted like mail, and stored sealed in the vault, de-duplicated by
// Twilio's message SID. `SmsPoller` reads every number on an interval, from the newest stored
// text on, and backs off (doubling, with jitter) while Twilio fails; `pollSoon` asks at once.
// An automated login waiting for a texted code polls the same way and reads the stored texts.
import { abortableDelay } from '../abortable-delay';
import { classifyMessage } from '../message-classifier';
import { extractCode } from '../code-extractor';
import { reconnectDelayMs } from '../reconnect-backoff';
import { samePhoneNumber, type SmsAdapter, type SmsMessage } from './sms-adapter';
import type { InboxStore } from '../inbox-store';
import type { RoutedInboxMessage } from '../inbox-message';
import type { Logger } from '../../logger';
import { TesseraError } from '../../errors';

/** The first poll looks this far back; later ones start at the newest stored text. */
export const SMS_FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_SMS_POLL_INTERVAL_MS = 15_000;
const MAX_SMS_BACKOFF_MS = 5 * 60_000;

/** An account and its managed phone, for routing by the `To` number. */
export type PhoneAccount = { id: string; phone: string };

/** Only the number a text was sent to decides its account, never its text. */
export function smsAsInboxMessage(sms: SmsMessage, accounts: readonly PhoneAccount[]): RoutedInboxMessage {
  const text = sms.body;
  const category = classifyMessage({ subject: '', text });
  const code = category === 'other' ? undefined : extractCode({ subject: '', text })?.code;
  return {
    uid: 0,
    messageId: `sms:${sms.id}`,
    from: sms.from,
    to: [sms.to],
    cc: [],
    deliveredTo: [],
    subject: '',
    date: sms.receivedAt,
    receivedAt: sms.receivedAt,
    text,
    notes: [],
    kind: 'sms',
    accountIds: [...new Set(accounts.filter((account) => account.phone && samePhoneNumber(account.phone, sms.to)).map((account) => account.id))],
    category,
    ...(code ? { code } : {}),
  };
}

export type SmsPollerOptions = {
  /** One adapter per team number being watched. */
  adapters: () => readonly SmsAdapter[];
  accounts: () => readonly PhoneAccount[];
  store: InboxStore;
  log: Logger;
  /** Told about each newly stored text. */
  onMessage?: (message: RoutedInboxMessage) => void;
  intervalMs?: number;
  now?: () => number;
};

const SINCE_STATE = 'sms twilio';

export class SmsPoller {
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private running = false;
  private busy = false;
  private again = false;
  private abort: AbortController | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SmsPollerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Polls now (after the numbers or their accounts changed) instead of at the next interval. */
  pollSoon(): void {
    if (!this.running) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  /** One pass over every number; returns how many new texts were stored. */
  async pollOnce(signal?: AbortSignal): Promise<number> {
    const state = await this.options.store.loadSyncState(SINCE_STATE);
    // The newest stored text's time is kept as its lastSeenUid (ms); texts at that instant are de-duplicated by SID.
    const since = new Date(state ? state.lastSeenUid : this.now() - SMS_FIRST_POLL_LOOKBACK_MS);
    let newest = since.getTime();
    let stored = 0;
    for (const adapter of this.options.adapters()) {
      for (const sms of await adapter.fetchMessagesSince(since, signal)) {
        const message = smsAsInboxMessage(sms, this.options.accounts());
        if ((await this.options.store.saveMessage(message)) === 'saved') {
          stored += 1;
          this.options.onMessage?.(message);
        }
        newest = Math.max(newest, sms.receivedAt.getTime());
      }
    }
    await this.options.store.saveSyncState(SINCE_STATE, { uidValidity: 'time', lastSeenUid: newest });
    return stored;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    const interval = this.options.intervalMs ?? DEFAULT_SMS_POLL_INTERVAL_MS;
    this.abort = new AbortController();
    this.busy = true;
    try {
      await this.pollOnce(this.abort.signal);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.options.log.warn('inbox.sms_poll_failed', { code: error instanceof TesseraError ? error.code : 'UNKNOWN', failures: this.failures });
    } finally {
      this.busy = false;
    }
    if (!this.running) return;
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : this.failures === 0 ? interval : reconnectDelayMs(this.failures - 1, { initialMs: interval, maxMs: Math.max(interval, MAX_SMS_BACKOFF_MS) }));
  }
}

export type StoredSmsCode = { id: string; code: string };

export type SmsCodeWait = {
  /** One poll of Twilio that stores what arrived (SmsPoller.pollOnce). */
  poll: (signal?: AbortSignal) => Promise<unknown>;
  /** Codes in the account's stored texts since the wait began, oldest first. */
  codes: () => StoredSmsCode[];
  /** Ids already handed out. */
  used: Set<string>;
  timeoutMs: number;
  intervalMs: number;
  phoneNumber: string;
  signal?: AbortSignal;
};

/** An automated login's wait for a texted code: polls (storing each text) until a new code is stored. */
export async function waitForStoredSmsCode(wait: SmsCodeWait): Promise<string> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    if (wait.signal?.aborted) throw new TesseraError('CANCELLED', 'Waiting for the SMS code was cancelled.');
    await wait.poll(wait.signal);
    const found = wait.codes().find((entry) => !wait.used.has(entry.id));
    if (found) {
      wait.used.add(found.id);
      return found.code;
    }
    const pause = Math.min(wait.intervalMs, deadline - Date.now());
    if (pause <= 0) throw new TesseraError('TIMEOUT', `No SMS code reached ${wait.phoneNumber} within ${Math.round(wait.timeoutMs / 1000)} s.`);
    await abortableDelay(pause, wait.signal);
  }
}
