// The desktop app's side of the browser extension (issue 22, part B), driven from Node as the
// extension would drive it: protocol/browser-channel.ts on the extension's side of an
// in-memory FrameConnection pair, the real services and a real vault at the test KDF cost.
// Pairing (the same code on both sides, confirm, refuse, expiry), sessions with pinned keys,
// a locked vault, replayed and tampered frames, filling only on the account's origins (Owner
// and Collaborator), capture → save/update with history, a person's login counting for
// milestone 1, revoking; plus the browsers.* IPC channels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHANNEL_VERSION,
  ChannelSession,
  generateChannelKeyPair,
  pairingCode,
  randomNonce,
  type ChannelKeyPair,
  type SealedFrame,
} from '../../../protocol/browser-channel';
import { createVaultServices, type Services } from '../../../main/services';
import { createDispatcher, type Dispatch } from '../../../main/ipc/dispatcher';
import { createHandlerTable } from '../../../main/ipc/handler-table';
import { createMemoryClipboard } from '../../../main/platform/clipboard-guard';
import { silentLogger, type Logger } from '../../../main/logger';
import { TEST_KDF_COST } from '../../../main/vault';
import { BrowserBridgeService, type FrameConnection } from '../../../main/browser-bridge';
import { generateCode, otpParamsFromStored } from '../../../main/mfa';
import { encodeFrame, FrameDecoder } from '../../../main/browser-bridge/frame-codec';
import { connect as connectSocket } from 'node:net';

const ctx = { transport: 'test' as const };
const SEED = 'JBSWY3DPEHPK3PXP';

/** Two connected ends; frames are copied (as JSON on the wire) and delivered asynchronously. */
function memoryPair(): [FrameConnection, FrameConnection] {
  type End = { handlers: ((f: unknown) => void)[]; held: unknown[]; closeHandlers: (() => void)[] };
  const ends: [End, End] = [{ handlers: [], held: [], closeHandlers: [] }, { handlers: [], held: [], closeHandlers: [] }];
  let closed = false;
  const deliver = (to: End, frame: unknown) => {
    if (to.handlers.length === 0) to.held.push(frame);
    else for (const h of to.handlers) h(frame);
  };
  const make = (self: End, other: End): FrameConnection => ({
    send(frame) {
      if (closed) return;
      const copy = JSON.parse(JSON.stringify(frame)) as unknown;
      setImmediate(() => !closed && deliver(other, copy));
    },
    onFrame(handler) {
      self.handlers.push(handler);
      for (const frame of self.held.splice(0)) handler(frame);
    },
    onClose(handler) {
      if (closed) handler();
      else self.closeHandlers.push(handler);
    },
    close() {
      if (closed) return;
      // Frames already sent arrive first, like a socket's end().
      setImmediate(() => {
        if (closed) return;
        closed = true;
        for (const end of ends) for (const h of end.closeHandlers.splice(0)) h();
      });
    },
  });
  return [make(ends[0], ends[1]), make(ends[1], ends[0])];
}

/** The extension's side of one connection. */
class Extension {
  private readonly frames: unknown[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  session: ChannelSession | null = null;
  private nextId = 1;

  constructor(readonly connection: FrameConnection) {
    connection.onFrame((frame) => {
      this.frames.push(frame);
      for (const w of this.waiters.splice(0)) w();
    });
    connection.onClose(() => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(frame: unknown): void {
    this.connection.send(frame);
  }

  /** The next frame from the app (throws when the connection closes first). */
  async next(): Promise<Record<string, unknown>> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame !== undefined) return frame as Record<string, unknown>;
      if (this.closed) throw new Error('connection closed');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async untilClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async nextSealed(): Promise<unknown> {
    const frame = await this.next();
    expect(frame.t).toBe('sealed');
    return this.session!.open(frame as unknown as SealedFrame);
  }

  async request(op: Record<string, unknown>): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
    const id = this.nextId++;
    this.send(await this.session!.seal({ id, ...op }));
    const answer = (await this.nextSealed()) as { id: number; ok: boolean };
    expect(answer.id).toBe(id);
    return answer;
  }

  async result<T>(op: Record<string, unknown>): Promise<T> {
    const answer = await this.request(op);
    if (!answer.ok) throw new Error(`${String(op.op)}: ${answer.error?.code} ${answer.error?.message}`);
    return answer.result as T;
  }
}

type Paired = { browserId: string; keys: ChannelKeyPair; appKey: string };

describe('the browser bridge (app side)', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let bridge: BrowserBridgeService;
  let events: { event: string; payload: unknown }[];
  let warnings: string[];

  const value = async <T>(channel: string, input: unknown = {}) => {
    const result = await dispatch(channel, input, ctx);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const connect = (service: BrowserBridgeService = bridge) => {
    const [appEnd, extEnd] = memoryPair();
    service.accept(appEnd);
    return new Extension(extEnd);
  };

  /** Starts a pairing; returns the extension, its keys and the code it shows. */
  async function startPairing(name = 'Chromium on Linux', service: BrowserBridgeService = bridge) {
    const ext = connect(service);
    const keys = await generateChannelKeyPair();
    const nonce = randomNonce();
    ext.send({ t: 'pair', v: CHANNEL_VERSION, publicKey: keys.publicKey, nonce, name });
    const pending = await ext.next();
    expect(pending).toMatchObject({ t: 'pair-pending' });
    const transcript = { extensionKey: keys.publicKey, extensionNonce: nonce, appKey: String(pending.publicKey), appNonce: String(pending.nonce) };
    const code = await pairingCode(keys.privateKey, String(pending.publicKey), transcript);
    ext.session = await ChannelSession.open('extension', keys.privateKey, String(pending.publicKey), transcript, 'pair');
    return { ext, keys, code, appKey: String(pending.publicKey) };
  }

  async function pairBrowser(): Promise<Paired & { ext: Extension }> {
    const { ext, keys, code, appKey } = await startPairing();
    await value('browsers.confirmPairing', { code });
    const paired = (await ext.nextSealed()) as { event: string; browserId: string };
    expect(paired.event).toBe('paired');
    return { ext, keys, appKey, browserId: paired.browserId };
  }

  /** A new connection of a paired extension: hello with its pinned key. */
  async function hello(paired: Paired, publicKey = paired.keys.publicKey): Promise<{ ext: Extension; answer: Record<string, unknown> }> {
    const ext = connect();
    const nonce = randomNonce();
    ext.send({ t: 'hello', v: CHANNEL_VERSION, browserId: paired.browserId, publicKey, nonce });
    const answer = await ext.next();
    if (answer.t === 'welcome') {
      expect(answer.publicKey).toBe(paired.appKey);
      ext.session = await ChannelSession.open('extension', paired.keys.privateKey, paired.appKey,
        { extensionKey: paired.keys.publicKey, extensionNonce: nonce, appKey: paired.appKey, appNonce: String(answer.nonce) }, 'session');
    }
    return { ext, answer };
  }

  async function session(): Promise<Extension & { paired: Paired }> {
    const paired = await pairBrowser();
    const { ext } = await hello(paired);
    return Object.assign(ext, { paired });
  }

  const account = (input: Record<string, unknown>) => value<{ id: string }>('accounts.create', { username: 'ops', password: 'Stored-Password-1', ...input });
  const target = (top: string, frame = top) => ({ topOrigin: top, frameOrigin: frame });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-bridge-'));
    warnings = [];
    const log: Logger = { ...silentLogger, warn: (event) => warnings.push(event) };
    services = createVaultServices({
      dataDir: dir,
      platform: { host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard: createMemoryClipboard() },
      log,
      background: [],
      vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true },
    });
    bridge = services.browserBridge;
    events = [];
    services.events.subscribe((event, payload) => {
      if (event.startsWith('browsers.')) events.push({ event, payload });
    });
    dispatch = createDispatcher(createHandlerTable(services), silentLogger);
    await value('vault.create', { password: 'master-password-1' });
  });
  afterEach(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('pairing', () => {
    it('shows the same six digits on both sides; confirming pairs the browser and opens the session', async () => {
      const { ext, code } = await startPairing('Firefox on Linux');
      expect(code).toMatch(/^\d{6}$/);
      const pending = await value<{ pending: { name: string; code: string } | null }>('browsers.pending');
      expect(pending.pending).toMatchObject({ name: 'Firefox on Linux', code });
      expect(events.at(-1)).toMatchObject({ event: 'browsers.pairingRequested', payload: { name: 'Firefox on Linux', code } });
      // Another browser cannot pair meanwhile.
      const other = connect();
      const otherKeys = await generateChannelKeyPair();
      other.send({ t: 'pair', v: CHANNEL_VERSION, publicKey: otherKeys.publicKey, nonce: randomNonce(), name: 'Other' });
      expect(await other.next()).toMatchObject({ t: 'error', code: 'PAIRING_BUSY' });
      await other.untilClosed();
      // A wrong code confirms nothing.
      const wrong = await dispatch('browsers.confirmPairing', { code: code === '000000' ? '111111' : '000000' }, ctx);
      expect(wrong).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });

      const confirmed = await value<{ browser: { browserId: string; name: string } }>('browsers.confirmPairing', { code });
      const paired = (await ext.nextSealed()) as { event: string; browserId: string };
      expect(paired).toEqual({ event: 'paired', browserId: confirmed.browser.browserId });
      expect(events.at(-1)).toMatchObject({ event: 'browsers.pairingEnded', payload: { outcome: 'confirmed' } });
      expect(await value('browsers.pending')).toEqual({ pending: null });
      // The session continues on the pairing's keys.
      expect(await ext.result({ op: 'status' })).toEqual({ unlocked: true });
      const list = await value<{ browsers: Record<string, unknown>[] }>('browsers.list');
      expect(list.browsers).toEqual([{ browserId: paired.browserId, name: 'Firefox on Linux', createdAt: expect.any(Number), lastUsedAt: expect.any(Number), connected: true }]);
      expect(JSON.stringify(list)).not.toMatch(/PrivateKey|extensionKey|appKey/);
      expect(services.vault.unlocked().audit.entries().map((e) => e.kind)).toContain('browser.paired');
    });

    it('a refused pairing tells the extension and closes; nothing is paired', async () => {
      const { ext, code } = await startPairing();
      expect(await value('browsers.refusePairing', { code })).toEqual({ refused: true });
      expect(await ext.nextSealed()).toEqual({ event: 'pairing-refused' });
      await ext.untilClosed();
      expect(events.at(-1)).toMatchObject({ event: 'browsers.pairingEnded', payload: { outcome: 'refused' } });
      expect(await value('browsers.list')).toEqual({ browsers: [] });
    });

    it('a pairing nobody confirms expires: refused, and the next browser may pair', async () => {
      const short = new BrowserBridgeService({
        dataDir: dir, vault: () => services.vault.unlocked(), isUnlocked: () => services.vault.status().unlocked,
        events: services.events, log: silentLogger, pairingTimeoutMs: 150,
        operations: { access: services.sharing.access, accounts: services.accounts, recordPersonLogin: () => {}, onPersonLogin: () => {}, emailCode: async () => '000000' },
      });
      try {
        const { ext } = await startPairing('Slow', short);
        expect(await ext.nextSealed()).toEqual({ event: 'pairing-refused' });
        await ext.untilClosed();
        expect(short.pendingPairing()).toBeNull();
        expect(events.at(-1)).toMatchObject({ event: 'browsers.pairingEnded', payload: { outcome: 'expired', name: 'Slow' } });
        await startPairing('Next', short);
        expect(short.pendingPairing()).toMatchObject({ name: 'Next' });
      } finally {
        await short.close();
      }
    });

    it('a browser that closes while waiting ends the pairing', async () => {
      const { ext } = await startPairing();
      ext.connection.close();
      await ext.untilClosed();
      await expect.poll(() => bridge.pendingPairing()).toBeNull();
      expect(events.at(-1)).toMatchObject({ event: 'browsers.pairingEnded', payload: { outcome: 'cancelled' } });
    });
  });

  describe('sessions', () => {
    it('welcomes a paired browser with its pinned key, and answers unpaired for a wrong key or an unknown browser', async () => {
      const paired = await pairBrowser();
      const { ext, answer } = await hello(paired);
      expect(answer).toMatchObject({ t: 'welcome', publicKey: paired.appKey });
      expect(await ext.result({ op: 'status' })).toEqual({ unlocked: true });

      const stranger = await generateChannelKeyPair();
      expect((await hello(paired, stranger.publicKey)).answer).toEqual({ t: 'unpaired' });
      expect((await hello({ ...paired, browserId: 'unknown-browser-id' })).answer).toEqual({ t: 'unpaired' });
    });

    it('answers locked while the vault is locked, and ends open sessions when it locks', async () => {
      const paired = await pairBrowser();
      const { ext } = await hello(paired);
      await value('vault.lock');
      expect(await ext.nextSealed()).toEqual({ event: 'locked' });
      await ext.untilClosed();

      const locked = await hello(paired);
      expect(locked.answer).toEqual({ t: 'locked' });
      // The connection stays open: show-unlock brings the window up.
      locked.ext.send({ t: 'show-unlock' });
      await expect.poll(() => events.some((e) => e.event === 'browsers.showUnlock')).toBe(true);
      expect(locked.ext.closed).toBe(false);
      const keys = await generateChannelKeyPair();
      locked.ext.send({ t: 'pair', v: CHANNEL_VERSION, publicKey: keys.publicKey, nonce: randomNonce(), name: 'X' });
      expect(await locked.ext.next()).toEqual({ t: 'locked' });
      // Unlocked again, the same connection says hello and is welcomed.
      await value('vault.unlock', { password: 'master-password-1' });
      const nonce = randomNonce();
      locked.ext.send({ t: 'hello', v: CHANNEL_VERSION, browserId: paired.browserId, publicKey: paired.keys.publicKey, nonce });
      expect(await locked.ext.next()).toMatchObject({ t: 'welcome' });
    });

    it('refuses a replayed sealed frame: error, then the connection closes', async () => {
      const ext = await session();
      const frame = await ext.session!.seal({ id: 1, op: 'status' });
      ext.send(frame);
      expect(await ext.nextSealed()).toMatchObject({ id: 1, ok: true });
      ext.send(frame);
      expect(await ext.next()).toMatchObject({ t: 'error', code: 'REPLAYED' });
      await ext.untilClosed();
    });

    it('refuses a tampered sealed frame: error, then the connection closes', async () => {
      const ext = await session();
      const frame = await ext.session!.seal({ id: 1, op: 'status' });
      const data = frame.data.slice(0, -2) + (frame.data.endsWith('AA') ? 'BB' : 'AA');
      ext.send({ ...frame, data });
      expect(await ext.next()).toMatchObject({ t: 'error', code: 'TAMPERED' });
      await ext.untilClosed();
    });

    it('refuses malformed frames, another version, and requests before the handshake', async () => {
      const cases: [unknown, string][] = [
        [{ t: 'hello', v: 2, browserId: 'abcdefgh', publicKey: 'AAAA', nonce: 'AAAA' }, 'UNSUPPORTED_VERSION'],
        [{ t: 'hello', v: 1, browserId: 'abcdefgh', publicKey: 'AAAA', nonce: 'AAAA', extra: true }, 'BAD_FRAME'],
        [{ t: 'pair', v: 1, publicKey: 'x'.repeat(5000), nonce: 'AAAA', name: 'n' }, 'BAD_FRAME'],
        [{ t: 'sealed', seq: 0, iv: 'AAAAAAAAAAAAAAAA', data: 'AAAA' }, 'BAD_FRAME'],
        [{ t: 'welcome' }, 'BAD_FRAME'],
        ['hello', 'BAD_FRAME'],
      ];
      for (const [frame, code] of cases) {
        const ext = connect();
        ext.send(frame);
        expect(await ext.next()).toMatchObject({ t: 'error', code });
        await ext.untilClosed();
      }
    });

    it('answers a request it does not accept with INVALID_INPUT and keeps the session', async () => {
      const ext = await session();
      expect(await ext.request({ op: 'fill', accountId: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await ext.request({ op: 'nonsense' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await ext.result({ op: 'status' })).toEqual({ unlocked: true });
    });

    it('revoking a browser closes its session with revoked, and its next hello is unpaired', async () => {
      const ext = await session();
      await value('browsers.revoke', { browserId: ext.paired.browserId });
      expect(await ext.nextSealed()).toEqual({ event: 'revoked' });
      await ext.untilClosed();
      expect((await hello(ext.paired)).answer).toEqual({ t: 'unpaired' });
      expect(await value('browsers.list')).toEqual({ browsers: [] });
      expect(await dispatch('browsers.revoke', { browserId: ext.paired.browserId }, ctx)).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    });

    it('a browser revoked elsewhere (the CLI) is refused at its next request', async () => {
      const ext = await session();
      bridge.pairings.remove(ext.paired.browserId);
      ext.send(await ext.session!.seal({ id: 1, op: 'status' }));
      expect(await ext.nextSealed()).toEqual({ event: 'revoked' });
      await ext.untilClosed();
    });

    it('a damaged pairings record reads as none, with a log line', () => {
      services.vault.unlocked().sync.write('device.browser-pairings', [{ browserId: 'x' }]);
      expect(bridge.list()).toEqual([]);
      expect(warnings.join()).toMatch(/damaged/);
    });
  });

  it('serves the real bridge socket once started: a locked vault answers locked, an unlocked one pairs', async () => {
    await bridge.start();
    expect(bridge.listening).toBe(true);
    const socket = connectSocket(bridge.socketPath);
    const decoder = new FrameDecoder();
    const frames: unknown[] = [];
    socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk)));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const keys = await generateChannelKeyPair();
    socket.write(encodeFrame({ t: 'pair', v: CHANNEL_VERSION, publicKey: keys.publicKey, nonce: randomNonce(), name: 'Socket' }));
    await expect.poll(() => frames.length).toBe(1);
    expect(frames[0]).toMatchObject({ t: 'pair-pending' });
    expect(bridge.pendingPairing()).toMatchObject({ name: 'Socket' });
    socket.destroy();
    await expect.poll(() => bridge.pendingPairing()).toBeNull();
    await value('vault.lock');
    const again = connectSocket(bridge.socketPath);
    const lockedFrames: unknown[] = [];
    const lockedDecoder = new FrameDecoder();
    again.on('data', (chunk: Buffer) => lockedFrames.push(...lockedDecoder.push(chunk)));
    again.write(encodeFrame({ t: 'hello', v: CHANNEL_VERSION, browserId: 'abcdefghij', publicKey: keys.publicKey, nonce: randomNonce() }));
    await expect.poll(() => lockedFrames).toEqual([{ t: 'locked' }]);
    again.destroy();
  });

  describe('filling', () => {
    it('fills on the account\'s origin: username, password and the TOTP code; audited', async () => {
      const { id } = await account({ name: 'Acme', urls: ['https://acme.test/login'], totp: `otpauth://totp/Acme:ops?secret=${SEED}` });
      const ext = await session();
      const filled = await ext.result<{ username: string; password: string; totp: string }>({ op: 'fill', accountId: id, ...target('https://acme.test') });
      const totp = services.vault.unlocked().accounts.get(id).totp!;
      expect(filled).toEqual({ username: 'ops', password: 'Stored-Password-1', totp: generateCode(otpParamsFromStored(totp), Date.now()) });
      const audit = services.vault.unlocked().audit.forAccount(id, 10);
      expect(audit.find((e) => e.kind === 'account.fill')?.details).toMatchObject({ origin: 'https://acme.test' });
      expect(await ext.result({ op: 'code', accountId: id, source: 'totp', ...target('https://acme.test') })).toEqual({ code: expect.stringMatching(/^\d{6}$/) });
      // No mail arrived for it: a stable refusal, not a crash.
      const email = await ext.request({ op: 'code', accountId: id, source: 'email', ...target('https://acme.test') });
      expect(email).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(ITEM_NOT_FOUND|INBOX_NOT_CONFIGURED)$/) } });
      // An origin the account allows is the account's too.
      const { id: portal } = await account({ name: 'Portal', urls: ['https://portal.test/'], allowedOrigins: ['https://sso.portal-login.test'] });
      expect(await ext.result({ op: 'fill', accountId: portal, ...target('https://sso.portal-login.test') })).toMatchObject({ username: 'ops' });
    });

    it('fills for a Collaborator too (the password goes to fill only), and lists accounts without secrets', async () => {
      const { id } = await account({ name: 'Shared', urls: ['https://shared.test/'] });
      services.sharing.attach({ roleOf: (accountId) => (accountId === id ? 'collaborator' : undefined) });
      const ext = await session();
      const listed = await ext.result<{ accounts: Record<string, unknown>[] }>({ op: 'accounts', pageUrl: 'https://shared.test/login?next=/', query: '' });
      expect(listed.accounts[0]).toEqual({ id, name: 'Shared', username: 'ops', role: 'collaborator', hasPassword: true, hasTotp: false, urls: ['https://shared.test/'], matchesPage: true });
      expect(JSON.stringify(listed)).not.toContain('Stored-Password-1');
      expect(await ext.result({ op: 'fill', accountId: id, ...target('https://shared.test') })).toMatchObject({ password: 'Stored-Password-1' });
      // Updating from a capture is for Owners.
      expect(await ext.result({ op: 'capture', origin: 'https://shared.test', username: 'ops', password: 'typed-other', kind: 'login' })).toEqual({ offer: 'none' });
      expect(await ext.request({ op: 'save', origin: 'https://shared.test', username: 'ops', password: 'x', accountId: id })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    });

    it('lists the page\'s accounts first, then the search', async () => {
      const { id: acme } = await account({ name: 'Acme', urls: ['https://acme.test/'] });
      const { id: other } = await account({ name: 'Acme Staging', urls: ['https://staging.example.test/'] });
      const ext = await session();
      const { accounts } = await ext.result<{ accounts: { id: string; matchesPage: boolean }[] }>({ op: 'accounts', pageUrl: 'https://acme.test/x', query: 'acme' });
      expect(accounts.map((a) => [a.id, a.matchesPage])).toEqual([[acme, true], [other, false]]);
    });

    it('refuses a lookalike origin and a cross-origin frame (either way round) with ORIGIN_MISMATCH naming both hosts', async () => {
      const { id } = await account({ name: 'Acme', urls: ['https://acme.test/login'] });
      const ext = await session();
      for (const t of [target('https://acme.test.evil.test'), target('https://acme-test.example'), target('https://acme.test', 'https://evil.test'), target('https://evil.test', 'https://acme.test'), target('https://acme.test', 'null')]) {
        const answer = await ext.request({ op: 'fill', accountId: id, ...t });
        expect(answer).toMatchObject({ ok: false, error: { code: 'ORIGIN_MISMATCH', message: expect.stringContaining('acme.test') } });
        expect(JSON.stringify(answer)).not.toContain('Stored-Password-1');
      }
      const answer = await ext.request({ op: 'code', accountId: id, source: 'totp', ...target('https://acme.test', 'https://evil.test') });
      expect(answer.error?.message).toMatch(/evil\.test.*acme\.test/);
    });

    it('refuses http:// unless the account allows that origin', async () => {
      const { id: https } = await account({ name: 'Shop', urls: ['https://shop.test/'] });
      const { id: confirmed } = await account({ name: 'Wiki', urls: ['http://wiki.intranet.test/'], allowedOrigins: ['http://wiki.intranet.test'] });
      // An unconfirmed http:// login URL cannot be saved through AccountActions; one from before that check can exist.
      const legacy = services.vault.unlocked().accounts.create({ name: 'Old', urls: ['http://old.intranet.test/'], username: 'u', password: 'Legacy-Password-9' }).id;
      const ext = await session();
      expect(await ext.request({ op: 'fill', accountId: https, ...target('http://shop.test') })).toMatchObject({ ok: false, error: { code: 'ORIGIN_MISMATCH' } });
      expect(await ext.result({ op: 'fill', accountId: confirmed, ...target('http://wiki.intranet.test') })).toMatchObject({ password: 'Stored-Password-1' });
      expect(await ext.request({ op: 'fill', accountId: legacy, ...target('http://old.intranet.test') })).toMatchObject({ ok: false, error: { code: 'INSECURE_LOGIN_URL' } });
    });
  });

  describe('capture', () => {
    it('a new login is offered for saving; saved, it is an account of that site', async () => {
      const ext = await session();
      expect(await ext.result({ op: 'capture', origin: 'https://newsite.test', username: 'me@team.test', password: 'Typed-Pass-1', kind: 'login' })).toEqual({ offer: 'save' });
      const { accountId } = await ext.result<{ accountId: string }>({ op: 'save', origin: 'https://newsite.test', username: 'me@team.test', password: 'Typed-Pass-1' });
      expect(services.vault.unlocked().accounts.get(accountId)).toMatchObject({ name: 'newsite.test', username: 'me@team.test', password: 'Typed-Pass-1', urls: ['https://newsite.test/'] });
      // The same login again is recognised and recorded.
      expect(await ext.result({ op: 'capture', origin: 'https://newsite.test', username: 'ME@team.test', password: 'Typed-Pass-1', kind: 'login' }))
        .toEqual({ offer: 'logged-in', accountId, accountName: 'newsite.test' });
      expect(services.logins.verifications().get(accountId)).toMatchObject({ succeeded: true, by: 'person' });
    });

    it('a changed password is offered as an update; updated, the old one is in the history', async () => {
      const { id } = await account({ name: 'Acme', urls: ['https://acme.test/'] });
      const ext = await session();
      expect(await ext.result({ op: 'capture', origin: 'https://acme.test', username: 'ops', password: 'Changed-By-Hand-2', kind: 'login' }))
        .toEqual({ offer: 'update', accountId: id, accountName: 'Acme' });
      expect(await ext.result({ op: 'capture', origin: 'https://acme.test', username: 'ops', password: 'Stored-Password-1', kind: 'change', newPassword: 'New-Password-3' }))
        .toEqual({ offer: 'update', accountId: id, accountName: 'Acme' });
      expect(await ext.result({ op: 'save', origin: 'https://acme.test', username: 'ops', password: 'New-Password-3', accountId: id })).toEqual({ accountId: id });
      const vault = services.vault.unlocked();
      expect(vault.accounts.get(id).password).toBe('New-Password-3');
      expect(vault.accounts.passwordHistory(id).map((h) => h.password)).toEqual(['Stored-Password-1']);
      // Saving over an account of another site is refused.
      expect(await ext.request({ op: 'save', origin: 'https://evil.test', username: 'ops', password: 'x', accountId: id })).toMatchObject({ ok: false, error: { code: 'ORIGIN_MISMATCH' } });
    });

    it('a person\'s login counts for milestone 1, in words that say so', async () => {
      const { id } = await account({ name: 'Acme', urls: ['https://acme.test/'] });
      const ext = await session();
      expect(services.facts.forAccount(id).milestones[0]).toMatchObject({ id: 'credentials', status: 'missing' });
      expect(await ext.result({ op: 'logged-in', accountId: id, origin: 'https://acme.test' })).toEqual({});
      const credentials = services.facts.forAccount(id).milestones[0]!;
      expect(credentials.status).not.toBe('missing');
      expect(credentials.detail).toMatch(/^The last login \(by a person, in their browser\) succeeded/);
      expect(services.vault.unlocked().audit.forAccount(id, 5).map((e) => e.kind)).toContain('login.person');
      expect(await ext.request({ op: 'logged-in', accountId: id, origin: 'https://evil.test' })).toMatchObject({ ok: false, error: { code: 'ORIGIN_MISMATCH' } });
    });

    it('open shows the account in the app', async () => {
      const { id } = await account({ name: 'Acme', urls: ['https://acme.test/'] });
      const ext = await session();
      expect(await ext.result({ op: 'open', accountId: id })).toEqual({});
      expect(events.at(-1)).toEqual({ event: 'browsers.openAccount', payload: { accountId: id } });
      expect(await ext.request({ op: 'open', accountId: 'no-such-account' })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    });
  });
});
