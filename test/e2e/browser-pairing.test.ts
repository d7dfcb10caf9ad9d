// Pairing a browser in the app's window (issue 22): the web test host serves the real bridge
// socket, a Node client plays the extension over it (protocol/browser-channel.ts), and the
// person works the app by keyboard: the pairing dialog shows the browser's name and the same
// six digits the extension computed; Confirm pairs it, Esc refuses the next one; Settings ›
// Browsers lists the paired browser and revokes it after a confirmation; the extension's
// "Open in Tessera" shows the account. Screenshots of the dialog and the list.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Socket } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { CHANNEL_VERSION, ChannelSession, generateChannelKeyPair, pairingCode, randomNonce, type SealedFrame } from '../../protocol/browser-channel';
import { encodeFrame, FrameDecoder } from '../../main/browser-bridge/frame-codec';
import { startWebTestHost, type WebTestHost } from '../web-host/server';
import { TEST_KDF_COST } from '../../main/vault';
import { closeSharedBrowser, SCREENS_DIR, sharedBrowser } from './harness';
import { MASTER, seriousAxeViolations } from './desktop-helpers';

/** The extension's end of one bridge connection, over the real socket. */
class SocketExtension {
  private readonly frames: Record<string, unknown>[] = [];
  private readonly decoder = new FrameDecoder();
  session: ChannelSession | null = null;
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.frames.push(...(this.decoder.push(chunk) as Record<string, unknown>[])));
    socket.on('close', () => (this.closed = true));
  }

  static async open(path: string): Promise<SocketExtension> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('error', reject));
    return new SocketExtension(socket);
  }

  send(frame: unknown): void {
    this.socket.write(encodeFrame(frame));
  }

  async next(): Promise<Record<string, unknown>> {
    await expect.poll(() => this.frames.length).toBeGreaterThan(0);
    return this.frames.shift()!;
  }

  async nextSealed(): Promise<unknown> {
    return this.session!.open((await this.next()) as unknown as SealedFrame);
  }

  /** Asks to pair; returns the code the popup would show. */
  async pair(name: string): Promise<{ code: string; keys: Awaited<ReturnType<typeof generateChannelKeyPair>>; appKey: string }> {
    const keys = await generateChannelKeyPair();
    const nonce = randomNonce();
    this.send({ t: 'pair', v: CHANNEL_VERSION, publicKey: keys.publicKey, nonce, name });
    const pending = await this.next();
    expect(pending.t).toBe('pair-pending');
    const transcript = { extensionKey: keys.publicKey, extensionNonce: nonce, appKey: String(pending.publicKey), appNonce: String(pending.nonce) };
    this.session = await ChannelSession.open('extension', keys.privateKey, String(pending.publicKey), transcript, 'pair');
    return { code: await pairingCode(keys.privateKey, String(pending.publicKey), transcript), keys, appKey: String(pending.publicKey) };
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('pairing a browser in the app', () => {
  let host: WebTestHost | null = null;
  let context: BrowserContext | null = null;
  let dataDir = '';
  const extensions: SocketExtension[] = [];

  afterEach(async () => {
    for (const ext of extensions.splice(0)) ext.close();
    await context?.close();
    await host?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  afterAll(() => closeSharedBrowser());

  async function openApp(seed?: (host: WebTestHost) => void): Promise<Page> {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-e2e-pair-'));
    host = await startWebTestHost({
      dataDir,
      vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true },
      browserBridge: true,
      ...(process.env['TESSERA_RENDERER_DIR'] ? { rendererDir: process.env['TESSERA_RENDERER_DIR'] } : {}),
    });
    await host.services.vault.create(MASTER);
    seed?.(host);
    context = await (await sharedBrowser()).newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByTestId('app-shell').waitFor();
    return page;
  }

  async function extension(): Promise<SocketExtension> {
    const ext = await SocketExtension.open(host!.services.browserBridge.socketPath);
    extensions.push(ext);
    return ext;
  }

  it('confirms a pairing by keyboard, lists the browser, revokes it; refuses another with Esc', async () => {
    const page = await openApp();
    const ext = await extension();
    const { code } = await ext.pair('Chromium on Linux');

    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Pair Chromium on Linux with Tessera?');
    expect((await page.getByTestId('browser-pairing-code').textContent())?.replace(/\s/g, '')).toBe(code);
    await page.screenshot({ path: join(SCREENS_DIR, 'browser-pairing-dialog.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Refuse has the focus first (the safe choice); Tab reaches Confirm.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Refuse');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Confirm pairing');
    await page.keyboard.press('Enter');
    const paired = (await ext.nextSealed()) as { event: string; browserId: string };
    expect(paired.event).toBe('paired');
    await dialog.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+3');
    const section = page.getByTestId('browsers');
    await expect.poll(() => section.getByTestId('browser-list').getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Chromium on Linux · paired .* · last used .* · connected now/)]);
    await page.screenshot({ path: join(SCREENS_DIR, 'settings-browsers.png'), fullPage: true });

    // A second browser: Esc refuses it, and the extension hears so.
    const other = await extension();
    await other.pair('Firefox on Linux');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    expect(await other.nextSealed()).toEqual({ event: 'pairing-refused' });
    await dialog.waitFor({ state: 'detached' });

    await section.getByRole('button', { name: 'Revoke Chromium on Linux' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke browser' }).click();
    expect(await ext.nextSealed()).toEqual({ event: 'revoked' });
    await section.getByTestId('browser-list-empty').waitFor();
    await expect.poll(() => section.getByRole('status').textContent()).toMatch(/^Revoked Chromium on Linux\./);
  });

  it('closes the dialog by itself when the browser gives up, and shows an account the extension opens', async () => {
    let id = '';
    const page = await openApp((started) => {
      const accounts = started.services.vault.unlocked().accounts;
      id = accounts.create({ name: 'Acme Portal', urls: ['https://acme.test/'], username: 'ops', password: 'Stored-Password-1' }).id;
      accounts.create({ name: 'Zeta Mail', urls: ['https://zeta.test/'], username: 'ops', password: 'Stored-Password-2' });
    });
    await page.getByRole('listbox', { name: 'Account list' }).getByRole('option', { name: /Zeta Mail/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Zeta Mail', level: 1 }).count()).toBe(1);
    const quitter = await extension();
    await quitter.pair('Brave on Linux');
    await page.getByRole('alertdialog').waitFor();
    quitter.close();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });

    const ext = await extension();
    const { code } = await ext.pair('Chromium on Linux');
    await host!.services.browserBridge.confirmPairing(code);
    await ext.nextSealed();
    ext.send(await ext.session!.seal({ id: 1, op: 'open', accountId: id }));
    expect(await ext.nextSealed()).toEqual({ id: 1, ok: true, result: {} });
    await expect.poll(() => page.getByRole('heading', { name: 'Acme Portal', level: 1 }).count()).toBe(1);
  });
});
