// The team mailbox, watched: one IMAP session that IDLEs and also polls by UID every interval
// (IDLE can die without a word), reconnects with backoff when the connection drops, fetches
// what arrived after the last seen UID (starting over when UIDVALIDITY changes), routes and
// classifies each mail, stores it, and only then moves its place forward: nothing is lost.

import { abortableDelay } from './abortable-delay';
import type { FetchMessageObject, ImapFlow, MessageStructureObject } from 'imapflow';
import type { Readable } from 'node:stream';
import { TesseraError, type ErrorCode } from '../errors';
import { silentLogger, type Logger } from '../logger';
import type { AliasedAccount } from './alias-generator';
import { createOtpProvider, waitForCode, type CodeRequest, type FoundCode, type OtpProviderOptions } from './code-waiter';
import { classifyImapError, openMailbox } from './imap-connect';
import type { InboxStore, SyncState } from './inbox-store';
import type { InboxMessage, RoutedInboxMessage } from './inbox-message';
import type { MailboxConfig, MailboxCredentialProvider } from './mailbox-config';
import { RecentMessageFeed, type MessageFeed } from './message-feed';
import { routeMessage } from './message-intake';
import { parseMimeMessage, type Arrival } from './mime-message';
import { DEFAULT_BACKOFF, reconnectDelayMs, type BackoffPolicy } from './reconnect-backoff';

export type ImapInboxOptions = {
  config: MailboxConfig;
  credentials: MailboxCredentialProvider;
  /** The routing table (account ids and their aliases), asked before each batch of new mail. */
  accounts: () => Promise<readonly AliasedAccount[]>;
  store: InboxStore;
  logger?: Logger;
  /** Larger messages are read without their attachments. */
  maxMessageBytes?: number;
  backoff?: BackoffPolicy;
};

export type InboxState = 'stopped' | 'connecting' | 'connected' | 'reconnecting';
export type InboxStatus = { state: InboxState; error?: { code: ErrorCode; message: string } };

export const DEFAULT_MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
/** A text part of an oversized message is read up to this size. */
const MAX_TEXT_PART_BYTES = 1024 * 1024;
/** On the first connect (or after UIDVALIDITY changed) the inbox reads back this far. */
const BACKFILL_MS = 24 * 60 * 60 * 1000;
const BACKFILL_LIMIT = 50;

export class ImapInbox implements MessageFeed {
  private readonly feed = new RecentMessageFeed();
  private readonly statusListeners = new Set<(status: InboxStatus) => void>();
  private readonly maxMessageBytes: number;
  private readonly logger: Logger;
  private client: ImapFlow | undefined;
  private running: Promise<void> | undefined;
  private stopping: AbortController | undefined;
  private current: InboxStatus = { state: 'stopped' };

  constructor(private readonly options: ImapInboxOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.logger = options.logger ?? silentLogger;
  }

  get status(): InboxStatus {
    return this.current;
  }

  /**
   * Connects and reads what is new; resolves once the inbox is watching. A first connect that
   * fails rejects (MAILBOX_AUTH_FAILED, MAILBOX_UNREACHABLE, MAILBOX_TLS_FAILED) and leaves the
   * inbox stopped; later drops are retried in the background.
   */
  async start(): Promise<void> {
    if (this.running) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    this.setStatus({ state: 'connecting' });
    let client: ImapFlow | undefined;
    try {
      client = await this.connect();
      await this.sync(client);
    } catch (error) {
      client?.close();
      this.client = undefined;
      const failure = classifyImapError(error, this.options.config);
      this.setStatus({ state: 'stopped', error: { code: failure.code, message: failure.message } });
      throw failure;
    }
    this.setStatus({ state: 'connected' });
    this.running = this.watchUntilStopped(client, stopping.signal);
  }

  async stop(): Promise<void> {
    this.stopping?.abort();
    const client = this.client;
    if (client?.usable) await Promise.race([client.logout().catch(() => {}), abortableDelay(2_000)]);
    client?.close();
    await this.running;
    this.running = undefined;
    this.setStatus({ state: 'stopped' });
  }

  onStatus(listener: (status: InboxStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  recent(): readonly RoutedInboxMessage[] {
    return this.feed.recent();
  }

  subscribe(listener: (message: RoutedInboxMessage) => void): () => void {
    return this.feed.subscribe(listener);
  }

  waitForCode(request: CodeRequest): Promise<FoundCode> {
    return waitForCode(this, request);
  }

  otpProvider(options: OtpProviderOptions): () => Promise<string> {
    return createOtpProvider(this, options);
  }

  private get mailboxKey(): string {
    const { address, host, port, mailbox } = this.options.config;
    return `${address} ${host}:${port} ${mailbox}`;
  }

  private async connect(): Promise<ImapFlow> {
    const client = await openMailbox(this.options.config, await this.options.credentials());
    this.client = client;
    this.logger.info('inbox.connected', { host: this.options.config.host, mailbox: this.options.config.mailbox });
    return client;
  }

  private async watchUntilStopped(first: ImapFlow, signal: AbortSignal): Promise<void> {
    let client: ImapFlow | undefined = first;
    let attempt = 0;
    while (!signal.aborted) {
      try {
        if (!client) {
          client = await this.connect();
          await this.sync(client);
        }
        attempt = 0;
        if (this.current.state !== 'connected') this.setStatus({ state: 'connected' });
        await this.watch(client, signal);
      } catch (error) {
        if (signal.aborted) break;
        const failure = classifyImapError(error, this.options.config);
        this.logger.warn('inbox.connection_lost', { code: failure.code, attempt });
        this.setStatus({ state: 'reconnecting', error: { code: failure.code, message: failure.message } });
      }
      client?.close();
      client = undefined;
      this.client = undefined;
      if (signal.aborted) break;
      if (this.current.state !== 'reconnecting') this.setStatus({ state: 'reconnecting' });
      await abortableDelay(reconnectDelayMs(attempt++, this.options.backoff ?? DEFAULT_BACKOFF), signal);
    }
  }

  /** IDLE until the server reports mail or the poll interval passes, then read by UID; repeat. */
  private async watch(client: ImapFlow, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && client.usable) {
      await this.idleUntilWoken(client, signal);
      if (signal.aborted || !client.usable) break;
      // On a connection that died silently this fails after the socket timeout (imap-connect).
      await this.sync(client);
    }
    if (!signal.aborted) throw new TesseraError('MAILBOX_UNREACHABLE', 'The mail server closed the connection.');
  }

  private idleUntilWoken(client: ImapFlow, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        client.off('exists', wake);
        client.off('close', wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, this.options.config.pollIntervalMs);
      client.on('exists', wake);
      client.on('close', wake);
      signal.addEventListener('abort', wake, { once: true });
      // The next command (the UID poll) ends this IDLE; a failed IDLE shows up there too.
      client.idle().catch(() => {});
    });
  }

  /** Reads every message after the last seen UID, oldest first, saving the place after each. */
  private async sync(client: ImapFlow): Promise<void> {
    const mailbox = client.mailbox;
    if (!mailbox) throw new TesseraError('MAILBOX_UNREACHABLE', 'The mail folder is no longer selected.');
    const uidValidity = String(mailbox.uidValidity);
    const saved = await this.options.store.loadSyncState(this.mailboxKey);
    let state: SyncState;
    let uids: number[];
    if (saved && saved.uidValidity === uidValidity) {
      state = saved;
      const found = (await client.search({ uid: `${saved.lastSeenUid + 1}:*` }, { uid: true })) || [];
      uids = found.filter((uid) => uid > saved.lastSeenUid);
    } else {
      if (saved) this.logger.warn('inbox.uidvalidity_changed', { mailbox: mailbox.path });
      state = { uidValidity, lastSeenUid: 0 };
      const found = (await client.search({ since: new Date(Date.now() - BACKFILL_MS) }, { uid: true })) || [];
      uids = found.slice(-BACKFILL_LIMIT);
      if (uids.length === 0) await this.options.store.saveSyncState(this.mailboxKey, { uidValidity, lastSeenUid: mailbox.uidNext - 1 });
    }
    if (uids.length === 0) return;
    const accounts = await this.options.accounts();
    const metas = await client.fetchAll(uids.join(','), { uid: true, size: true, internalDate: true }, { uid: true });
    for (const meta of metas.sort((a, b) => a.uid - b.uid)) {
      const routed = routeMessage(await this.readMessage(client, meta), accounts);
      if ((await this.options.store.saveMessage(routed)) === 'saved') this.feed.publish(routed);
      state = { uidValidity, lastSeenUid: Math.max(state.lastSeenUid, meta.uid) };
      await this.options.store.saveSyncState(this.mailboxKey, state);
    }
  }

  private async readMessage(client: ImapFlow, meta: FetchMessageObject): Promise<InboxMessage> {
    const arrival: Arrival = { uid: meta.uid, receivedAt: meta.internalDate ? new Date(meta.internalDate) : new Date() };
    if ((meta.size ?? 0) <= this.maxMessageBytes) {
      const full = await client.fetchOne(String(meta.uid), { uid: true, source: true }, { uid: true });
      if (full && full.source) return parseMimeMessage(full.source, arrival);
    }
    return this.readTextOnly(client, meta.uid, meta.size ?? 0, arrival);
  }

  /** An oversized message: headers and its text parts, never the attachments. */
  private async readTextOnly(client: ImapFlow, uid: number, size: number, arrival: Arrival): Promise<InboxMessage> {
    const head = await client.fetchOne(String(uid), { uid: true, headers: true, bodyStructure: true }, { uid: true });
    const headers = head && head.headers ? head.headers : Buffer.alloc(0);
    const message = await parseMimeMessage(Buffer.concat([headers, Buffer.from('\r\n')]), arrival);
    const texts: Partial<Record<'text/plain' | 'text/html', string>> = {};
    for (const part of head && head.bodyStructure ? textParts(head.bodyStructure) : []) {
      if (texts[part.type]) continue;
      const download = await client.download(String(uid), part.part, { uid: true, maxBytes: MAX_TEXT_PART_BYTES });
      if ('content' in download && download.content) texts[part.type] = (await readAll(download.content)).toString('utf8');
    }
    const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    return {
      ...message,
      text: texts['text/plain'] ?? '',
      ...(texts['text/html'] ? { html: texts['text/html'] } : {}),
      notes: [
        ...message.notes,
        `The message is ${megabytes(size)} MB, over the ${megabytes(this.maxMessageBytes)} MB limit: only its text was read, attachments were skipped.`,
      ],
    };
  }

  private setStatus(status: InboxStatus): void {
    this.current = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

type TextPart = { part: string; type: 'text/plain' | 'text/html' };

function textParts(node: MessageStructureObject): TextPart[] {
  if (node.childNodes?.length) return node.childNodes.flatMap(textParts);
  const type = node.type.toLowerCase();
  if ((type !== 'text/plain' && type !== 'text/html') || node.disposition === 'attachment') return [];
  if ((node.size ?? 0) > MAX_TEXT_PART_BYTES * 2) return [];
  return [{ part: node.part ?? '1', type }];
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
