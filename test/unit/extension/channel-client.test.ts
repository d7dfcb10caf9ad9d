// The extension's channel client against an app simulated with the real protocol code (ECDH,
// HKDF, AES-GCM, sequence numbers): pairing shows the same code on both sides and pins the
// app's key, a welcome with another key is refused before anything is sent, requests get their
// answers by id, and the browser's disconnect reasons become states a person understands.
import { describe, expect, it } from 'vitest';
import {
  ChannelSession,
  generateChannelKeyPair,
  pairingCode,
  randomNonce,
  type ChannelKeyPair,
  type SealedFrame,
} from '../../../protocol/browser-channel';
import {
  ChannelClient,
  HOST_MISSING_MESSAGE,
  RequestError,
  type NativePort,
  type PairingStore,
  type StoredPairing,
} from '../../../extension/background/channel-client';

class FakePort implements NativePort {
  readonly sent: unknown[] = [];
  closed = false;
  private frameHandlers: Array<(frame: unknown) => void> = [];
  private closeHandlers: Array<(reason: string | null) => void> = [];
  constructor(private readonly onPost: (port: FakePort, frame: unknown) => void) {}
  post(frame: unknown): void {
    this.sent.push(frame);
    this.onPost(this, frame);
  }
  close(): void {
    this.closed = true;
  }
  onFrame(handler: (frame: unknown) => void): void {
    this.frameHandlers.push(handler);
  }
  onClose(handler: (reason: string | null) => void): void {
    this.closeHandlers.push(handler);
  }
  deliver(frame: unknown): void {
    for (const handler of this.frameHandlers) handler(frame);
  }
  drop(reason: string): void {
    for (const handler of this.closeHandlers) handler(reason);
  }
}

function memoryStore(): PairingStore & { value: StoredPairing | null } {
  return {
    value: null,
    async load() {
      return this.value;
    },
    async save(pairing) {
      this.value = pairing;
    },
    async clear() {
      this.value = null;
    },
  };
}

/** A simulated app: pairs on request, welcomes a known browser, answers `status` and `accounts`. */
class FakeApp {
  readonly ports: FakePort[] = [];
  appKeys: ChannelKeyPair | null = null;
  pairedKey: string | null = null;
  pairCode: string | null = null;
  locked = false;
  /** Answer a hello with this key instead of the pinned one (an impostor). */
  impostorKey: ChannelKeyPair | null = null;
  requests: unknown[] = [];
  private sessions = new Map<FakePort, ChannelSession>();
  /**
   * Frames are handled one at a time, in arrival order, as the real app does (bridge-session.ts):
   * a sealed frame's sequence number is checked before its decryption is awaited, so two requests
   * handled side by side could see the second arrive "before" the first on a loaded machine.
   */
  private inbound: Promise<void> = Promise.resolve();

  connect = (): NativePort => {
    const port = new FakePort((p, frame) => {
      // A failure still surfaces (an uncaught error, as before), without stopping the frames after it.
      this.inbound = this.inbound.then(() => this.receive(p, frame)).catch((error: unknown) => queueMicrotask(() => {
        throw error;
      }));
    });
    this.ports.push(port);
    return port;
  };

  private async receive(port: FakePort, frame: unknown): Promise<void> {
    const f = frame as Record<string, string>;
    if (f.t === 'pair') {
      if (this.locked) return port.deliver({ t: 'locked' });
      this.appKeys = await generateChannelKeyPair(true);
      const nonce = randomNonce();
      const transcript = { extensionKey: f.publicKey!, extensionNonce: f.nonce!, appKey: this.appKeys.publicKey, appNonce: nonce };
      this.pairCode = await pairingCode(this.appKeys.privateKey, f.publicKey!, transcript);
      this.sessions.set(port, await ChannelSession.open('app', this.appKeys.privateKey, f.publicKey!, transcript, 'pair'));
      this.pairedKey = f.publicKey!;
      port.deliver({ t: 'pair-pending', publicKey: this.appKeys.publicKey, nonce });
    } else if (f.t === 'hello') {
      if (this.locked) return port.deliver({ t: 'locked' });
      if (!this.appKeys || f.publicKey !== this.pairedKey || f.browserId !== 'browser-1') return port.deliver({ t: 'unpaired' });
      const keys = this.impostorKey ?? this.appKeys;
      const nonce = randomNonce();
      const transcript = { extensionKey: f.publicKey!, extensionNonce: f.nonce!, appKey: keys.publicKey, appNonce: nonce };
      this.sessions.set(port, await ChannelSession.open('app', keys.privateKey, f.publicKey!, transcript, 'session'));
      port.deliver({ t: 'welcome', publicKey: keys.publicKey, nonce });
    } else if (f.t === 'sealed') {
      const session = this.sessions.get(port)!;
      const request = (await session.open(frame as SealedFrame)) as { id: number; op: string };
      this.requests.push(request);
      if (request.op === 'status') port.deliver(await session.seal({ id: request.id, ok: true, result: { unlocked: true } }));
      else if (request.op === 'accounts') port.deliver(await session.seal({ id: request.id, ok: true, result: { accounts: [] } }));
      else if (request.op === 'fill') port.deliver(await session.seal({ id: request.id, ok: false, error: { code: 'ORIGIN_MISMATCH', message: 'The page is on evil.example.' } }));
      // 'open' is never answered (timeout test).
    }
  }

  async confirm(port: FakePort): Promise<void> {
    port.deliver(await this.sessions.get(port)!.seal({ event: 'paired', browserId: 'browser-1' }));
  }

  async event(port: FakePort, event: unknown): Promise<void> {
    port.deliver(await this.sessions.get(port)!.seal(event));
  }
}

function client(app: FakeApp, store = memoryStore(), requestTimeoutMs = 2000) {
  return { store, client: new ChannelClient({ connect: app.connect, store, browserName: 'Chromium on Linux', probeMs: 50, handshakeTimeoutMs: 2000, requestTimeoutMs }) };
}

async function pairAndConfirm(app: FakeApp, c: ChannelClient): Promise<void> {
  const pairing = await c.pair();
  expect(pairing.status).toBe('pairing');
  await app.confirm(app.ports.at(-1)!);
  await expect.poll(() => c.state.status).toBe('ready');
}

describe('the extension channel client', () => {
  it('pairs: both sides show one code, the app key and browserId are pinned, then a session opens', async () => {
    const app = new FakeApp();
    const { client: c, store } = client(app);
    expect((await c.ensure()).status).toBe('unpaired');
    const pairing = await c.pair();
    expect(pairing).toEqual({ status: 'pairing', code: app.pairCode });
    expect(pairing.code).toMatch(/^\d{6}$/);
    const pairFrame = app.ports.at(-1)!.sent.at(-1) as Record<string, unknown>;
    expect(pairFrame).toMatchObject({ t: 'pair', v: 1, name: 'Chromium on Linux' });
    await app.confirm(app.ports.at(-1)!);
    await expect.poll(() => c.state.status).toBe('ready');
    expect(store.value).toMatchObject({ browserId: 'browser-1', appKey: app.appKeys!.publicKey, publicKey: app.pairedKey });
    // The extension's private key is not extractable.
    expect(store.value!.privateKey.extractable).toBe(false);
    expect(await c.request({ op: 'status' })).toEqual({ unlocked: true });
  });

  it('refuses a welcome whose key is not the pinned app key, and sends nothing', async () => {
    const app = new FakeApp();
    const { client: c } = client(app);
    await pairAndConfirm(app, c);
    c.close();
    app.impostorKey = await generateChannelKeyPair(true);
    const state = await c.ensure(true);
    expect(state.status).toBe('error');
    expect(state.message).toMatch(/not the Tessera this browser was paired with/);
    const before = app.requests.length;
    await expect(c.request({ op: 'status' })).rejects.toBeInstanceOf(RequestError);
    expect(app.requests.length).toBe(before);
  });

  it('answers requests by id and passes the app’s refusal on with its code', async () => {
    const app = new FakeApp();
    const { client: c } = client(app);
    await pairAndConfirm(app, c);
    const [accounts, status] = await Promise.all([c.request({ op: 'accounts', pageUrl: null, query: '' }), c.request({ op: 'status' })]);
    expect(accounts).toEqual({ accounts: [] });
    expect(status).toEqual({ unlocked: true });
    await expect(c.request({ op: 'fill', accountId: 'a', topOrigin: 'https://evil.example', frameOrigin: 'https://evil.example' })).rejects.toMatchObject({
      code: 'ORIGIN_MISMATCH',
    });
  });

  it('times a request out when the app does not answer', async () => {
    const app = new FakeApp();
    const { client: c } = client(app, memoryStore(), 100);
    await pairAndConfirm(app, c);
    await expect(c.request({ op: 'open' })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('says locked, reconnects once unlocked, and forgets the pairing when revoked', async () => {
    const app = new FakeApp();
    const { client: c, store } = client(app);
    await pairAndConfirm(app, c);
    await app.event(app.ports.at(-1)!, { event: 'locked' });
    await expect.poll(() => c.state.status).toBe('locked');
    app.locked = true;
    expect((await c.ensure(true)).status).toBe('locked');
    await expect(c.request({ op: 'status' })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    app.locked = false;
    expect(await c.request({ op: 'status' })).toEqual({ unlocked: true });
    await app.event(app.ports.at(-1)!, { event: 'revoked' });
    await expect.poll(() => c.state.status).toBe('unpaired');
    expect(store.value).toBeNull();
  });

  it('forgets a pairing the app no longer knows', async () => {
    const app = new FakeApp();
    const { client: c, store } = client(app);
    await pairAndConfirm(app, c);
    c.close();
    app.pairedKey = 'someone-else';
    expect((await c.ensure(true)).status).toBe('unpaired');
    expect(store.value).toBeNull();
  });

  it('reports a missing native host as "not running" with how to fix it', async () => {
    const ports: FakePort[] = [];
    const c = new ChannelClient({
      connect: () => {
        const port = new FakePort(() => undefined);
        ports.push(port);
        queueMicrotask(() => port.drop('Specified native messaging host not found.'));
        return port;
      },
      store: memoryStore(),
      browserName: 'Chromium on Linux',
      probeMs: 200,
    });
    const state = await c.ensure();
    expect(state).toEqual({ status: 'app-unavailable', message: HOST_MISSING_MESSAGE });
    expect(state.message).toMatch(/Start the Tessera desktop app/);
  });

  it('reports the host’s app-unavailable frame', async () => {
    const c = new ChannelClient({
      connect: () => {
        const port = new FakePort(() => undefined);
        queueMicrotask(() => port.deliver({ t: 'app-unavailable' }));
        return port;
      },
      store: memoryStore(),
      browserName: 'x',
      probeMs: 200,
    });
    expect((await c.ensure()).status).toBe('app-unavailable');
  });
});
