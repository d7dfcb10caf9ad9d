// The desktop app's side of the browser extension: the bridge socket the native host connects
// to (running while the service runs, so a locked vault still answers `locked`), one
// BridgeSession per connection, the one pairing that may wait for the person at a time (two
// minutes, then refused), the paired browsers (sealed in the vault), and revoking one (its
// live sessions end). When the vault locks, every session ends with `locked`. What the
// person must see goes out as events: a pairing to confirm (with its code), its end, an
// account to show, the unlock screen.
import { randomBytes } from 'node:crypto';
import { exportPrivateKey, toBase64Url } from '../../protocol/browser-channel';
import { TesseraError } from '../errors';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { Vault } from '../vault';
import { BridgeOperations, type BridgeOperationsOptions } from './bridge-operations';
import { BridgeSession, type PairingRequest, type SessionHost } from './bridge-session';
import { startBridgeSocket, type BridgeSocket, type FrameConnection } from './bridge-socket';
import { BrowserPairings, type BrowserPairingSummary } from './browser-pairings';
import { bridgeSocketPath } from './socket-path';

export const PAIRING_TIMEOUT_MS = 2 * 60_000;

/** The events the service emits (the app's window and the web test host hear them). */
export const BROWSER_EVENTS = {
  pairingRequested: 'browsers.pairingRequested',
  pairingEnded: 'browsers.pairingEnded',
  openAccount: 'browsers.openAccount',
  showUnlock: 'browsers.showUnlock',
} as const;

export type PendingPairing = { name: string; code: string; requestedAt: number; expiresAt: number };
export type PairingOutcome = 'confirmed' | 'refused' | 'expired' | 'cancelled' | 'locked';
export type PairedBrowser = BrowserPairingSummary & { connected: boolean };

export interface BrowserBridgeOptions {
  dataDir: string;
  /** The unlocked vault (VAULT_LOCKED otherwise). */
  vault(): Vault;
  isUnlocked(): boolean;
  events: EventBus;
  log: Logger;
  /** What the operations need besides the vault (services.ts wires them). */
  operations: Omit<BridgeOperationsOptions, 'vault' | 'openAccount'>;
  /** Default bridgeSocketPath(dataDir). */
  socketPath?: string;
  pairingTimeoutMs?: number;
  now?: () => number;
}

type Pending = PairingRequest & { session: BridgeSession; requestedAt: number; expiresAt: number; timer: NodeJS.Timeout };

export class BrowserBridgeService {
  readonly pairings: BrowserPairings;
  private readonly operations: BridgeOperations;
  private readonly sessions = new Set<BridgeSession>();
  private pending: Pending | null = null;
  private socket: BridgeSocket | null = null;
  private starting: Promise<void> | null = null;
  private readonly offBus: () => void;

  constructor(private readonly options: BrowserBridgeOptions) {
    this.pairings = new BrowserPairings(options.vault, options.log);
    this.operations = new BridgeOperations({
      ...options.operations,
      vault: options.vault,
      openAccount: (accountId) => options.events.emit(BROWSER_EVENTS.openAccount, { accountId }),
    });
    this.offBus = options.events.subscribe((event) => {
      if (event === 'vault.locked') this.onLocked();
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Where the native host connects. */
  get socketPath(): string {
    return this.options.socketPath ?? bridgeSocketPath(this.options.dataDir);
  }

  /** Starts listening for the native host (idempotent); OS_INTEGRATION_FAILED when another Tessera serves this data folder. */
  start(): Promise<void> {
    this.starting ??= startBridgeSocket({ path: this.socketPath, onConnection: (connection) => this.accept(connection) }).then(
      (socket) => {
        this.socket = socket;
      },
      (error: unknown) => {
        this.starting = null;
        throw error;
      },
    );
    return this.starting;
  }

  get listening(): boolean {
    return this.socket !== null;
  }

  /** Serves one connection (the socket's, or a test's in-memory one). */
  accept(connection: FrameConnection): BridgeSession {
    const session = new BridgeSession(connection, this.host());
    this.sessions.add(session);
    return session;
  }

  private host(): SessionHost {
    return {
      log: this.options.log,
      isUnlocked: () => this.options.isUnlocked(),
      pairing: (browserId) => (this.options.isUnlocked() ? this.pairings.get(browserId) : undefined),
      opened: (_session, browserId) => {
        try {
          this.pairings.touch(browserId, this.now());
        } catch (error) {
          this.options.log.warn('browser-bridge: could not record when a browser was last used', { code: error instanceof TesseraError ? error.code : 'INTERNAL' });
        }
      },
      canPair: () => this.pending === null,
      beginPairing: (session, request) => this.beginPairing(session, request),
      pairingAbandoned: (session) => {
        if (this.pending?.session === session) this.endPairing('cancelled');
      },
      showUnlock: () => this.options.events.emit(BROWSER_EVENTS.showUnlock, {}),
      handle: async (browserId, request) => {
        // A browser revoked from elsewhere (the CLI) is refused at its next request.
        if (!this.pairings.get(browserId)) {
          for (const session of this.sessionsOf(browserId)) void session.revoked();
          throw new TesseraError('NOT_PERMITTED', 'This browser is no longer paired with Tessera. Pair it again from the extension.');
        }
        return this.operations.handle(request);
      },
      closed: (session) => this.sessions.delete(session),
    };
  }

  private sessionsOf(browserId: string): BridgeSession[] {
    return [...this.sessions].filter((s) => s.browserId === browserId);
  }

  // ---- pairing ----------------------------------------------------------------------

  private beginPairing(session: BridgeSession, request: PairingRequest): boolean {
    if (this.pending !== null || !this.options.isUnlocked()) return false;
    const requestedAt = this.now();
    const timeout = this.options.pairingTimeoutMs ?? PAIRING_TIMEOUT_MS;
    const timer = setTimeout(() => this.endPairing('expired'), timeout);
    timer.unref();
    this.pending = { ...request, session, requestedAt, expiresAt: requestedAt + timeout, timer };
    this.options.events.emit(BROWSER_EVENTS.pairingRequested, this.pendingPairing());
    return true;
  }

  /** The pairing waiting for the person, or null. */
  pendingPairing(): PendingPairing | null {
    const p = this.pending;
    return p ? { name: p.name, code: p.code, requestedAt: p.requestedAt, expiresAt: p.expiresAt } : null;
  }

  private takePending(code?: string): Pending {
    const pending = this.pending;
    if (!pending || (code !== undefined && pending.code !== code)) {
      throw new TesseraError('ITEM_NOT_FOUND', 'No browser is waiting to pair with that code any more (it was refused, timed out or closed). Start the pairing again from the extension.');
    }
    return pending;
  }

  /**
   * The person confirmed the code they saw in both places (`code`: the one the app showed them):
   * the browser is paired, sealed in the vault, and its session opens.
   */
  async confirmPairing(code?: string): Promise<PairedBrowser> {
    const pending = this.takePending(code);
    this.options.vault(); // VAULT_LOCKED before anything changes
    const now = this.now();
    const pairing = {
      browserId: randomBytes(16).toString('base64url'),
      name: pending.name,
      extensionKey: pending.extensionKey,
      appKey: pending.appKeys.publicKey,
      appPrivateKey: toBase64Url(await exportPrivateKey(pending.appKeys.privateKey)),
      createdAt: now,
      lastUsedAt: now,
    };
    if (this.pending !== pending) throw this.takePendingGone();
    this.pairings.add(pairing);
    this.clearPending();
    await pending.session.paired(pairing.browserId);
    this.options.events.emit(BROWSER_EVENTS.pairingEnded, { outcome: 'confirmed' satisfies PairingOutcome, name: pairing.name });
    return { browserId: pairing.browserId, name: pairing.name, createdAt: now, lastUsedAt: now, connected: pending.session.isOpen };
  }

  private takePendingGone(): TesseraError {
    return new TesseraError('ITEM_NOT_FOUND', 'The browser stopped waiting to pair (it closed or timed out). Start the pairing again from the extension.');
  }

  /** The person refused the pairing: the extension is told and the connection closes. */
  refusePairing(code?: string): void {
    this.takePending(code);
    this.endPairing('refused');
  }

  private clearPending(): Pending | null {
    const pending = this.pending;
    if (pending) clearTimeout(pending.timer);
    this.pending = null;
    return pending;
  }

  private endPairing(outcome: Exclude<PairingOutcome, 'confirmed'>): void {
    const pending = this.clearPending();
    if (!pending) return;
    if (outcome === 'locked') void pending.session.locked();
    else if (outcome !== 'cancelled') void pending.session.refused();
    this.options.events.emit(BROWSER_EVENTS.pairingEnded, { outcome, name: pending.name });
  }

  // ---- paired browsers --------------------------------------------------------------

  /** The paired browsers, without keys (VAULT_LOCKED when locked). */
  list(): PairedBrowser[] {
    return this.pairings.list().map((p) => ({ ...p, connected: this.sessionsOf(p.browserId).some((s) => s.isOpen) }));
  }

  /** Forgets the browser (audited) and ends its live sessions with `revoked`; ITEM_NOT_FOUND when it is not paired. */
  async revoke(browserId: string): Promise<void> {
    if (!this.pairings.remove(browserId)) throw new TesseraError('ITEM_NOT_FOUND', 'No paired browser has that id. See the list of paired browsers.');
    await Promise.all(this.sessionsOf(browserId).map((s) => s.revoked()));
  }

  private onLocked(): void {
    this.endPairing('locked');
    for (const session of [...this.sessions]) void session.locked();
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    this.clearPending();
    for (const session of [...this.sessions]) session.close();
    this.sessions.clear();
    const socket = this.socket;
    this.socket = null;
    this.starting = null;
    await socket?.close();
  }

  async close(): Promise<void> {
    this.offBus();
    await this.stop();
  }
}
