// The extension's end of the channel to the desktop app: opens the native-messaging port,
// runs the handshake (hello → welcome / locked / unpaired; pair → pair-pending → paired),
// pins the app's key (a welcome with another key is refused), and sends requests in the
// sealed session with ids and timeouts. MV3 service workers die and the app may lock or stop:
// the port is reopened on the next use (`ensure`). Nothing here logs a frame or a secret.

import {
  CHANNEL_VERSION,
  ChannelSession,
  generateChannelKeyPair,
  isSealedFrame,
  pairingCode,
  randomNonce,
  type ChannelKey,
  type ClearFrame,
} from '../../protocol/browser-channel';
import type { BrowserEvent, BrowserRequest, BrowserResults } from '../../protocol/browser-requests';
import type { ConnectionState } from '../common/messages';

/** The port as the client needs it (the browser's native port, or a test double). */
export interface NativePort {
  post(frame: unknown): void;
  close(): void;
  onFrame(handler: (frame: unknown) => void): void;
  /** `reason`: the browser's message (e.g. "Specified native messaging host not found."). */
  onClose(handler: (reason: string | null) => void): void;
}

/** What the extension keeps of a confirmed pairing (IndexedDB; the private key stays non-extractable). */
export interface StoredPairing {
  browserId: string;
  privateKey: ChannelKey;
  publicKey: string;
  /** The app's public key for this pairing: every welcome must carry exactly this key. */
  appKey: string;
}

export interface PairingStore {
  load(): Promise<StoredPairing | null>;
  save(pairing: StoredPairing): Promise<void>;
  clear(): Promise<void>;
}

export interface ChannelClientOptions {
  connect(): NativePort;
  store: PairingStore;
  /** "Chromium on Linux": shown in the app while pairing. */
  browserName: string;
  requestTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  /** How long an unpaired probe waits for the host to say the app is unavailable. */
  probeMs?: number;
  onStateChange?(state: ConnectionState): void;
}

/** A request the app (or the channel) refused: a stable code and a message without secrets. */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** A request's answer wait; a TOTP code may wait for the next 30-second step (the app never hands out a code already typed). */
const REQUEST_TIMEOUT_MS = 20_000;
const CODE_REQUEST_TIMEOUT_MS = 45_000;

export const NOT_RUNNING_MESSAGE = 'Start the Tessera desktop app on this computer, then try again.';
export const HOST_MISSING_MESSAGE =
  "Tessera's browser connector is not installed for this browser. Start the Tessera desktop app: it installs the connector, then try again.";

/** The browser's reason for a closed native port, as a state for the person. */
export function stateForDisconnect(reason: string | null): ConnectionState {
  const text = (reason ?? '').toLowerCase();
  if (text.includes('not found')) return { status: 'app-unavailable', message: HOST_MISSING_MESSAGE };
  if (text.includes('forbidden')) {
    return {
      status: 'error',
      message: "Tessera's browser connector does not allow this extension. Reinstall it from Tessera (tessera browsers install-host).",
    };
  }
  return { status: 'app-unavailable', message: NOT_RUNNING_MESSAGE };
}

type Phase = 'probe' | 'hello' | 'pair-sent' | 'pairing' | 'open' | 'locked' | 'closed';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

interface Connection {
  port: NativePort;
  phase: Phase;
  session: ChannelSession | null;
  /** Keys of a pairing in progress (kept only until paired or refused). */
  pairing: { privateKey: ChannelKey; publicKey: string; appKey: string } | null;
  /** Own keys of the hello (to check the welcome against). */
  hello: { pairing: StoredPairing; nonce: string } | null;
  /** The nonce of the pair frame sent. */
  pairNonce: string | null;
  pending: Map<number, Pending>;
  sendChain: Promise<void>;
  receiveChain: Promise<void>;
  settle: ((state: ConnectionState) => void) | null;
}

export class ChannelClient {
  private connection: Connection | null = null;
  private current: ConnectionState = { status: 'app-unavailable', message: NOT_RUNNING_MESSAGE };
  private ensuring: Promise<ConnectionState> | null = null;
  private nextId = 1;

  constructor(private readonly options: ChannelClientOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.options.onStateChange?.(state);
  }

  /**
   * A usable state: reuses an open session or a pairing in progress; otherwise (re)connects.
   * `refresh` reconnects a locked connection too (the app does not say when it unlocks).
   */
  ensure(refresh = false): Promise<ConnectionState> {
    const phase = this.connection?.phase;
    if (phase === 'open' || phase === 'pairing' || phase === 'pair-sent') return Promise.resolve(this.current);
    if (phase === 'locked' && !refresh) return Promise.resolve(this.current);
    this.ensuring ??= this.connectFresh().finally(() => {
      this.ensuring = null;
    });
    return this.ensuring;
  }

  private async connectFresh(): Promise<ConnectionState> {
    this.close();
    const pairing = await this.options.store.load();
    const connection = this.open();
    if (!connection) return this.current;
    if (!pairing) {
      connection.phase = 'probe';
      return this.awaitSettle(connection, this.options.probeMs ?? 600, { status: 'unpaired' });
    }
    const nonce = randomNonce();
    connection.phase = 'hello';
    connection.hello = { pairing, nonce };
    this.post(connection, { t: 'hello', v: CHANNEL_VERSION, browserId: pairing.browserId, publicKey: pairing.publicKey, nonce });
    return this.awaitSettle(connection, this.options.handshakeTimeoutMs ?? 10_000, {
      status: 'error',
      message: 'Tessera did not answer in time. Try again.',
    });
  }

  /** Starts a pairing: resolves with the six-digit code to show (status 'pairing'). */
  async pair(): Promise<ConnectionState> {
    if (this.connection?.phase === 'pairing') return this.current;
    await this.options.store.clear();
    let connection = this.connection;
    if (!connection || connection.phase !== 'probe') {
      this.close();
      connection = this.open();
      if (!connection) return this.current;
    }
    const keys = await generateChannelKeyPair(false);
    const nonce = randomNonce();
    connection.phase = 'pair-sent';
    connection.pairing = { privateKey: keys.privateKey, publicKey: keys.publicKey, appKey: '' };
    connection.hello = null;
    connection.pairNonce = nonce;
    this.post(connection, { t: 'pair', v: CHANNEL_VERSION, publicKey: keys.publicKey, nonce, name: this.options.browserName });
    return this.awaitSettle(connection, this.options.handshakeTimeoutMs ?? 10_000, {
      status: 'error',
      message: 'Tessera did not answer the pairing request. Try again.',
    });
  }

  /** Asks the app to show its unlock screen (a clear frame: the session is closed while locked). */
  async showUnlock(): Promise<void> {
    let connection = this.connection;
    if (!connection || connection.phase === 'closed') {
      await this.ensure(true);
      connection = this.connection;
    }
    if (!connection || connection.phase === 'closed') throw new RequestError('APP_UNAVAILABLE', this.current.message ?? NOT_RUNNING_MESSAGE);
    this.post(connection, { t: 'show-unlock' } satisfies ClearFrame);
  }

  /** One request in the sealed session. RequestError with the app's code when refused. */
  async request<K extends BrowserRequest['op']>(request: Extract<BrowserRequest, { op: K }>): Promise<BrowserResults[K]> {
    const state = await this.ensure(this.current.status === 'locked');
    const connection = this.connection;
    if (state.status !== 'ready' || !connection?.session || connection.phase !== 'open') throw errorForState(state);
    const session = connection.session;
    const id = this.nextId++;
    const timeoutMs = this.options.requestTimeoutMs ?? (request.op === 'code' ? CODE_REQUEST_TIMEOUT_MS : REQUEST_TIMEOUT_MS);
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.pending.delete(id);
        reject(new RequestError('TIMEOUT', 'Tessera did not answer in time. Try again.'));
      }, timeoutMs);
      connection.pending.set(id, { resolve, reject, timer });
    });
    // Sealing numbers frames: one at a time, in order.
    connection.sendChain = connection.sendChain.then(async () => {
      if (connection.phase !== 'open') return;
      const frame = await session.seal({ id, ...request });
      connection.port.post(frame);
    });
    await connection.sendChain;
    return (await answer) as BrowserResults[K];
  }

  close(): void {
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    this.shutdown(connection, new RequestError('DISCONNECTED', 'The connection to Tessera closed.'));
    try {
      connection.port.close();
    } catch {
      // Already closed by the browser.
    }
  }

  // --------------------------------------------------------------------------------------

  private open(): Connection | null {
    let port: NativePort;
    try {
      port = this.options.connect();
    } catch (error) {
      this.setState(stateForDisconnect(error instanceof Error ? error.message : null));
      return null;
    }
    const connection: Connection = {
      port,
      phase: 'probe',
      session: null,
      pairing: null,
      hello: null,
      pairNonce: null,
      pending: new Map(),
      sendChain: Promise.resolve(),
      receiveChain: Promise.resolve(),
      settle: null,
    };
    this.connection = connection;
    port.onFrame((frame) => {
      // Opening numbers frames too: strictly in arrival order.
      connection.receiveChain = connection.receiveChain.then(() => this.onFrame(connection, frame)).catch(() => {
        this.fail(connection, { status: 'error', message: 'Tessera sent a frame that could not be read; the connection was closed.' });
      });
    });
    port.onClose((reason) => {
      if (connection.phase === 'closed') return;
      const wasOpen = connection.phase === 'open' || connection.phase === 'locked' || connection.phase === 'pairing';
      const state = wasOpen && this.current.status !== 'app-unavailable' ? this.stateAfterClose(connection) : stateForDisconnect(reason);
      this.fail(connection, state);
    });
    return connection;
  }

  /** A port that closes after the handshake: the app stopped (or locked and dropped us). */
  private stateAfterClose(connection: Connection): ConnectionState {
    if (connection.phase === 'locked') return this.current;
    if (connection.phase === 'pairing') return { status: 'unpaired', message: 'The pairing was interrupted. Try again.' };
    return { status: 'app-unavailable', message: NOT_RUNNING_MESSAGE };
  }

  private awaitSettle(connection: Connection, timeoutMs: number, onTimeout: ConnectionState): Promise<ConnectionState> {
    // A later wait on the same connection (a pair after a probe) replaces this one.
    connection.settle?.(this.current);
    return new Promise((resolve) => {
      const settle = (state: ConnectionState) => {
        clearTimeout(timer);
        if (connection.settle === settle) connection.settle = null;
        resolve(state);
      };
      const timer = setTimeout(() => {
        if (connection.settle !== settle) return;
        connection.settle = null;
        if (connection.phase === 'probe') {
          // Silence from a live host: nothing is wrong, this browser is just not paired.
          this.setState(onTimeout);
        } else {
          this.fail(connection, onTimeout);
        }
        resolve(this.current);
      }, timeoutMs);
      connection.settle = settle;
    });
  }

  private settle(connection: Connection, state: ConnectionState): void {
    this.setState(state);
    connection.settle?.(state);
  }

  private post(connection: Connection, frame: ClearFrame): void {
    connection.port.post(frame);
  }

  private fail(connection: Connection, state: ConnectionState): void {
    if (connection.phase === 'closed') return;
    this.shutdown(connection, new RequestError(codeForState(state), state.message ?? 'The connection to Tessera closed.'));
    if (this.connection === connection) this.connection = null;
    try {
      connection.port.close();
    } catch {
      // Already closed.
    }
    this.settle(connection, state);
  }

  private shutdown(connection: Connection, error: Error): void {
    connection.phase = 'closed';
    connection.session = null;
    connection.pairing = null;
    for (const pending of connection.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    connection.pending.clear();
  }

  private async onFrame(connection: Connection, frame: unknown): Promise<void> {
    if (connection.phase === 'closed') return;
    if (isSealedFrame(frame)) {
      await this.onSealed(connection, frame);
      return;
    }
    const clear = readClearFrame(frame);
    if (!clear) {
      this.fail(connection, { status: 'error', message: 'Tessera sent a frame the extension does not know; the connection was closed.' });
      return;
    }
    switch (clear.t) {
      case 'app-unavailable':
        this.fail(connection, { status: 'app-unavailable', message: NOT_RUNNING_MESSAGE });
        return;
      case 'error':
        this.fail(connection, { status: 'error', message: `Tessera refused the connection (${clear.code}): ${clear.message}` });
        return;
      case 'locked':
        connection.phase = 'locked';
        connection.session = null;
        this.settle(connection, { status: 'locked' });
        return;
      case 'unpaired':
        await this.options.store.clear();
        this.fail(connection, { status: 'unpaired', message: 'Tessera does not know this browser (any more). Pair it again.' });
        return;
      case 'welcome':
        await this.onWelcome(connection, clear);
        return;
      case 'pair-pending':
        await this.onPairPending(connection, clear);
        return;
      default:
        this.fail(connection, { status: 'error', message: 'Tessera sent an unexpected frame; the connection was closed.' });
    }
  }

  private async onWelcome(connection: Connection, frame: { publicKey: string; nonce: string }): Promise<void> {
    const hello = connection.hello;
    if (connection.phase !== 'hello' || !hello) {
      this.fail(connection, { status: 'error', message: 'Tessera sent a welcome nobody asked for; the connection was closed.' });
      return;
    }
    if (frame.publicKey !== hello.pairing.appKey) {
      // Someone other than the paired app answered (or the app lost its pairing): refuse.
      this.fail(connection, {
        status: 'error',
        message: "The app that answered is not the Tessera this browser was paired with (its key differs). Nothing was sent. Remove and pair the browser again in Tessera if you reinstalled it.",
      });
      return;
    }
    connection.session = await ChannelSession.open(
      'extension',
      hello.pairing.privateKey,
      hello.pairing.appKey,
      { extensionKey: hello.pairing.publicKey, extensionNonce: hello.nonce, appKey: frame.publicKey, appNonce: frame.nonce },
      'session',
    );
    connection.phase = 'open';
    this.settle(connection, { status: 'ready' });
  }

  private async onPairPending(connection: Connection, frame: { publicKey: string; nonce: string }): Promise<void> {
    const pairing = connection.pairing;
    const nonce = connection.pairNonce;
    if (connection.phase !== 'pair-sent' || !pairing || !nonce) {
      this.fail(connection, { status: 'error', message: 'Tessera sent a pairing nobody asked for; the connection was closed.' });
      return;
    }
    const transcript = { extensionKey: pairing.publicKey, extensionNonce: nonce, appKey: frame.publicKey, appNonce: frame.nonce };
    const code = await pairingCode(pairing.privateKey, frame.publicKey, transcript);
    connection.session = await ChannelSession.open('extension', pairing.privateKey, frame.publicKey, transcript, 'pair');
    pairing.appKey = frame.publicKey;
    connection.phase = 'pairing';
    this.settle(connection, { status: 'pairing', code });
  }

  private async onSealed(connection: Connection, frame: Parameters<ChannelSession['open']>[0]): Promise<void> {
    const session = connection.session;
    if (!session) {
      this.fail(connection, { status: 'error', message: 'Tessera sent a sealed frame outside a session; the connection was closed.' });
      return;
    }
    const message = (await session.open(frame)) as Record<string, unknown> | null;
    if (typeof message !== 'object' || message === null) throw new Error('bad message');
    if (typeof message.event === 'string') {
      await this.onEvent(connection, message as unknown as BrowserEvent);
      return;
    }
    const id = message.id;
    if (typeof id !== 'number') throw new Error('bad message');
    const pending = connection.pending.get(id);
    if (!pending) return; // Timed out already.
    connection.pending.delete(id);
    clearTimeout(pending.timer);
    if (message.ok === true) pending.resolve(message.result);
    else {
      const error = (message.error ?? {}) as { code?: unknown; message?: unknown };
      pending.reject(
        new RequestError(typeof error.code === 'string' ? error.code : 'FAILED', typeof error.message === 'string' ? error.message : 'Tessera refused the request.'),
      );
    }
  }

  private async onEvent(connection: Connection, event: BrowserEvent): Promise<void> {
    switch (event.event) {
      case 'paired': {
        const pairing = connection.pairing;
        if (connection.phase !== 'pairing' || !pairing || typeof event.browserId !== 'string' || event.browserId === '') {
          this.fail(connection, { status: 'error', message: 'Tessera confirmed a pairing that was not in progress.' });
          return;
        }
        await this.options.store.save({ browserId: event.browserId, privateKey: pairing.privateKey, publicKey: pairing.publicKey, appKey: pairing.appKey });
        // The pairing session ends here; requests run in a session of their own.
        this.shutdown(connection, new RequestError('DISCONNECTED', 'Paired; reconnecting.'));
        if (this.connection === connection) this.connection = null;
        connection.port.close();
        await this.ensure(true);
        return;
      }
      case 'pairing-refused':
        await this.options.store.clear();
        this.fail(connection, { status: 'unpaired', message: 'The pairing was refused in Tessera (or it timed out).' });
        return;
      case 'locked':
        this.fail(connection, { status: 'locked' });
        return;
      case 'revoked':
        await this.options.store.clear();
        this.fail(connection, { status: 'unpaired', message: 'This browser was removed from Tessera. Pair it again to fill from the vault.' });
        return;
      default:
        // An event a newer app knows: ignored.
        return;
    }
  }
}

function codeForState(state: ConnectionState): string {
  switch (state.status) {
    case 'app-unavailable':
      return 'APP_UNAVAILABLE';
    case 'locked':
      return 'VAULT_LOCKED';
    case 'unpaired':
    case 'pairing':
      return 'NOT_PAIRED';
    default:
      return 'CHANNEL_ERROR';
  }
}

export function errorForState(state: ConnectionState): RequestError {
  const messages: Record<string, string> = {
    'app-unavailable': NOT_RUNNING_MESSAGE,
    locked: 'Tessera is locked. Unlock it in the app.',
    unpaired: 'This browser is not paired with Tessera yet.',
    pairing: 'Confirm the pairing code in Tessera first.',
  };
  return new RequestError(codeForState(state), state.message ?? messages[state.status] ?? 'The connection to Tessera failed.');
}

/** A clear frame with the fields the extension reads, or null. */
function readClearFrame(frame: unknown): ClearFrame | null {
  if (typeof frame !== 'object' || frame === null) return null;
  const f = frame as Record<string, unknown>;
  const str = (key: string) => typeof f[key] === 'string';
  switch (f.t) {
    case 'locked':
    case 'unpaired':
    case 'app-unavailable':
      return { t: f.t };
    case 'welcome':
    case 'pair-pending':
      return str('publicKey') && str('nonce') ? { t: f.t, publicKey: f.publicKey as string, nonce: f.nonce as string } : null;
    case 'error':
      return { t: 'error', code: str('code') ? (f.code as string).slice(0, 64) : 'ERROR', message: str('message') ? (f.message as string).slice(0, 300) : '' };
    default:
      return null;
  }
}
