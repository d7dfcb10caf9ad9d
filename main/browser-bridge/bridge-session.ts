// One connection from the browser extension (through the native host), as a state machine
// over the handshake of protocol/browser-channel.ts:
//   new      → hello (paired): locked | unpaired | welcome (open)
//            → pair (unpaired): locked | pair-pending (pairing) | error PAIRING_BUSY
//            → show-unlock: the app shows its unlock screen (no answer)
//   pairing  → the person confirms in the app: sealed `paired`, the session stays open on the
//              pairing's keys; refuses, or 2 minutes pass: sealed `pairing-refused`, closed
//   open     → sealed requests, each answered `{id, ok, result|error}`; a new hello (after a
//              pairing) starts over; the vault locks or the browser is revoked: a sealed event, closed
// Every clear frame is validated (strict shapes, bounded lengths, version CHANNEL_VERSION); a
// frame that does not fit the state, or a sealed frame that fails (TAMPERED, REPLAYED,
// BAD_FRAME), gets `{t:'error', code, message}` and the connection closes. Answers are sealed
// one at a time in order, so their sequence numbers reach the extension in order.
import { z } from 'zod';
import {
  CHANNEL_VERSION,
  ChannelError,
  ChannelSession,
  fromBase64Url,
  generateChannelKeyPair,
  importPrivateKey,
  pairingCode,
  randomNonce,
  type ChannelKeyPair,
  type ClearFrame,
  type SealedFrame,
} from '../../protocol/browser-channel';
import type { BrowserEvent, BrowserResponseEnvelope } from '../../protocol/browser-requests';
import { isTesseraError } from '../errors';
import type { Logger } from '../logger';
import type { FrameConnection } from './bridge-socket';
import type { BrowserPairing } from './browser-pairings';
import { RequestIdSchema } from './bridge-operations';

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/);
const publicKey = base64url(100);
const nonce = base64url(64);

/** Requests one session may have waiting at once (an emailed code, a TOTP step): a flood is refused, not queued. */
const MAX_IN_FLIGHT = 16;

const HelloSchema = z.strictObject({ t: z.literal('hello'), v: z.number().int(), browserId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/), publicKey, nonce });
const PairSchema = z.strictObject({ t: z.literal('pair'), v: z.number().int(), publicKey, nonce, name: z.string().trim().min(1).max(100) });
const ShowUnlockSchema = z.strictObject({ t: z.literal('show-unlock') });
const SealedSchema = z.strictObject({ t: z.literal('sealed'), seq: z.number().int().min(0), iv: base64url(32), data: base64url(1_500_000) });

/** A pairing waiting for the person: what the app shows and keeps when they confirm. */
export interface PairingRequest {
  name: string;
  code: string;
  extensionKey: string;
  appKeys: ChannelKeyPair;
}

/** What a session needs from the bridge service. */
export interface SessionHost {
  isUnlocked(): boolean;
  /** The pairing of `browserId` (undefined: unknown, revoked, or the vault is locked). */
  pairing(browserId: string): BrowserPairing | undefined;
  /** A session opened for `browserId` (records its last use). */
  opened(session: BridgeSession, browserId: string): void;
  /** Whether a new pairing may start (none is pending). */
  canPair(): boolean;
  /** Registers the pending pairing; false when another got there first. */
  beginPairing(session: BridgeSession, request: PairingRequest): boolean;
  /** The connection closed while its pairing was pending. */
  pairingAbandoned(session: BridgeSession): void;
  showUnlock(): void;
  /** Runs one decrypted request of `browserId`'s session; throws TesseraError when refused. */
  handle(browserId: string, request: unknown): Promise<unknown>;
  closed(session: BridgeSession): void;
  log: Logger;
}

type State =
  | { kind: 'new' }
  | { kind: 'busy' }
  | { kind: 'pairing'; channel: ChannelSession }
  | { kind: 'open'; channel: ChannelSession; browserId: string }
  | { kind: 'closed' };

/** A refusal of the channel itself (not of a request): answered `{t:'error'}`, then the connection closes. */
class SessionRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class BridgeSession {
  private state: State = { kind: 'new' };
  /** Frames are handled one after another: a handshake finishes before the next frame is read. */
  private inbound: Promise<void> = Promise.resolve();
  /** Sealed answers leave in the order they were sealed. */
  private outbound: Promise<void> = Promise.resolve();
  /** Requests being answered now; past MAX_IN_FLIGHT a request is refused at once. */
  private inFlight = 0;
  /** A last event is on its way: the session takes nothing more. */
  private ending = false;

  constructor(
    private readonly connection: FrameConnection,
    private readonly host: SessionHost,
  ) {
    connection.onFrame((frame) => {
      this.inbound = this.inbound.then(() => this.receive(frame)).catch((error: unknown) => this.fail(error));
    });
    connection.onClose(() => this.ended());
  }

  /** The paired browser this session serves, once open. */
  get browserId(): string | null {
    return this.state.kind === 'open' ? this.state.browserId : null;
  }

  get isOpen(): boolean {
    return this.state.kind === 'open';
  }

  // ---- from the service -------------------------------------------------------------

  /** The person confirmed the pairing: the extension learns its browserId; the session opens. */
  async paired(browserId: string): Promise<void> {
    if (this.state.kind !== 'pairing') return;
    const channel = this.state.channel;
    this.state = { kind: 'open', channel, browserId };
    await this.sendSealed(channel, { event: 'paired', browserId } satisfies BrowserEvent);
  }

  /** Refused or expired: the extension forgets this attempt; the connection closes. */
  async refused(): Promise<void> {
    if (this.state.kind !== 'pairing') return;
    await this.endWith(this.state.channel, { event: 'pairing-refused' });
  }

  /** The vault locked: an open session says so and closes; a pending pairing ends the same way. */
  async locked(): Promise<void> {
    if (this.state.kind === 'open' || this.state.kind === 'pairing') await this.endWith(this.state.channel, { event: 'locked' });
  }

  /** The person revoked this browser in the app. */
  async revoked(): Promise<void> {
    if (this.state.kind === 'open') await this.endWith(this.state.channel, { event: 'revoked' });
  }

  close(): void {
    if (this.state.kind === 'closed') return;
    this.ended();
    this.connection.close();
  }

  // ---- frames -----------------------------------------------------------------------

  private async receive(frame: unknown): Promise<void> {
    if (this.state.kind === 'closed') return;
    const t = typeof frame === 'object' && frame !== null ? (frame as { t?: unknown }).t : undefined;
    switch (t) {
      case 'sealed':
        return this.sealed(frame);
      case 'hello':
        return this.hello(parse(HelloSchema, frame));
      case 'pair':
        return this.pair(parse(PairSchema, frame));
      case 'show-unlock':
        parse(ShowUnlockSchema, frame);
        this.host.showUnlock();
        return;
      default:
        throw new SessionRefusal('BAD_FRAME', 'That frame is not part of the browser channel.');
    }
  }

  private checkVersion(v: number): void {
    if (v !== CHANNEL_VERSION) throw new SessionRefusal('UNSUPPORTED_VERSION', `This Tessera speaks version ${CHANNEL_VERSION} of the browser channel, not ${v}. Update the extension or the app.`);
  }

  private async hello(frame: z.output<typeof HelloSchema>): Promise<void> {
    this.checkVersion(frame.v);
    if (this.state.kind === 'pairing' || this.state.kind === 'busy') throw new SessionRefusal('BAD_FRAME', 'A hello arrived while a pairing was waiting.');
    if (!this.host.isUnlocked()) return this.sendClear({ t: 'locked' });
    const pairing = this.host.pairing(frame.browserId);
    if (!pairing || pairing.extensionKey !== frame.publicKey) {
      this.state = { kind: 'new' };
      return this.sendClear({ t: 'unpaired' });
    }
    this.state = { kind: 'busy' };
    const appNonce = randomNonce();
    const own = await importPrivateKey(fromBase64Url(pairing.appPrivateKey));
    const channel = await ChannelSession.open('app', own, frame.publicKey, { extensionKey: frame.publicKey, extensionNonce: frame.nonce, appKey: pairing.appKey, appNonce }, 'session');
    if (this.isClosed()) return;
    this.state = { kind: 'open', channel, browserId: pairing.browserId };
    // A new session's answers start from sequence 0: nothing sealed for an older one may follow.
    this.outbound = Promise.resolve();
    this.sendClear({ t: 'welcome', publicKey: pairing.appKey, nonce: appNonce });
    this.host.opened(this, pairing.browserId);
  }

  private async pair(frame: z.output<typeof PairSchema>): Promise<void> {
    this.checkVersion(frame.v);
    if (this.state.kind !== 'new') throw new SessionRefusal('BAD_FRAME', 'A pairing request arrived on a connection that is already past its handshake.');
    if (!this.host.isUnlocked()) return this.sendClear({ t: 'locked' });
    if (!this.host.canPair()) throw new SessionRefusal('PAIRING_BUSY', 'Another browser is pairing with Tessera right now. Finish or refuse that one in the app, then try again.');
    this.state = { kind: 'busy' };
    const appKeys = await generateChannelKeyPair(true);
    const appNonce = randomNonce();
    const transcript = { extensionKey: frame.publicKey, extensionNonce: frame.nonce, appKey: appKeys.publicKey, appNonce };
    const [code, channel] = await Promise.all([
      pairingCode(appKeys.privateKey, frame.publicKey, transcript),
      ChannelSession.open('app', appKeys.privateKey, frame.publicKey, transcript, 'pair'),
    ]);
    if (this.isClosed()) return;
    if (!this.host.beginPairing(this, { name: frame.name, code, extensionKey: frame.publicKey, appKeys })) {
      throw new SessionRefusal('PAIRING_BUSY', 'Another browser is pairing with Tessera right now. Finish or refuse that one in the app, then try again.');
    }
    this.state = { kind: 'pairing', channel };
    this.sendClear({ t: 'pair-pending', publicKey: appKeys.publicKey, nonce: appNonce });
  }

  private async sealed(frame: unknown): Promise<void> {
    const sealed = parse(SealedSchema, frame) as SealedFrame;
    if (this.state.kind !== 'open') throw new SessionRefusal('BAD_FRAME', 'A sealed frame arrived before the session was open.');
    const { channel, browserId } = this.state;
    const message = await channel.open(sealed);
    const requestId = RequestIdSchema.safeParse(typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined);
    if (!requestId.success) throw new SessionRefusal('BAD_FRAME', 'A sealed request carries no valid id.');
    const request: Record<string, unknown> = { ...(message as Record<string, unknown>) };
    delete request.id;
    // Answered concurrently (an emailed code may take a while); sealed in order of completion.
    void this.answer(channel, browserId, requestId.data, request);
  }

  private async answer(channel: ChannelSession, browserId: string, id: number, request: unknown): Promise<void> {
    let response: BrowserResponseEnvelope;
    if (this.inFlight >= MAX_IN_FLIGHT) {
      response = { id, ok: false, error: { code: 'INVALID_INPUT', message: `The browser sent more than ${MAX_IN_FLIGHT} requests at once; wait for their answers.` } };
      if (this.state.kind === 'open' && this.state.channel === channel) await this.sendSealed(channel, response);
      return;
    }
    this.inFlight++;
    try {
      response = { id, ok: true, result: await this.host.handle(browserId, request) };
    } catch (error) {
      if (isTesseraError(error)) response = { id, ok: false, error: { code: error.code, message: error.message } };
      else {
        this.host.log.error('browser-bridge: a request failed unexpectedly', { op: typeof (request as { op?: unknown }).op === 'string' ? String((request as { op: string }).op).slice(0, 20) : 'unknown' });
        response = { id, ok: false, error: { code: 'INTERNAL', message: 'Tessera could not answer that request. Please report this.' } };
      }
    } finally {
      this.inFlight--;
    }
    if (this.state.kind === 'open' && this.state.channel === channel) await this.sendSealed(channel, response);
  }

  // ---- sending and ending -----------------------------------------------------------

  private currentChannel(): ChannelSession | null {
    return this.state.kind === 'open' || this.state.kind === 'pairing' ? this.state.channel : null;
  }

  private isClosed(): boolean {
    return this.state.kind === 'closed';
  }

  private sendClear(frame: ClearFrame): void {
    if (!this.isClosed()) this.connection.send(frame);
  }

  private sendSealed(channel: ChannelSession, message: unknown): Promise<void> {
    this.outbound = this.outbound.then(async () => {
      const frame = await channel.seal(message);
      // Never a frame of a session the connection has left (a new hello started another).
      if (this.currentChannel() === channel) this.connection.send(frame);
    });
    return this.outbound.catch(() => undefined);
  }

  /** A last sealed event, then the connection closes. */
  private async endWith(channel: ChannelSession, event: BrowserEvent): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    await this.sendSealed(channel, event);
    this.close();
  }

  private fail(error: unknown): void {
    if (this.isClosed()) return;
    let code = 'INTERNAL';
    let message = 'The browser channel failed.';
    if (error instanceof SessionRefusal || error instanceof ChannelError) {
      ({ code, message } = error);
    } else {
      this.host.log.error('browser-bridge: a frame could not be handled', { error: error instanceof Error ? error.name : 'unknown' });
    }
    this.host.log.warn('browser-bridge: connection refused', { code });
    this.sendClear({ t: 'error', code, message });
    this.close();
  }

  private ended(): void {
    if (this.state.kind === 'closed') return;
    const wasPairing = this.state.kind === 'pairing';
    this.state = { kind: 'closed' };
    if (wasPairing) this.host.pairingAbandoned(this);
    this.host.closed(this);
  }
}

/** The frame in the shape `schema` requires; BAD_FRAME naming the first field that is not. */
function parse<S extends z.ZodType>(schema: S, frame: unknown): z.output<S> {
  const parsed = schema.safeParse(frame);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SessionRefusal('BAD_FRAME', `A frame of the browser channel is malformed (${issue?.path.join('.') || 'frame'}: ${issue?.message ?? 'invalid'}).`);
}
