// The relay's share-link store (a real SQLite file) and the signature devices manage links
// with: expiry, one-time opening, revocation, the emailed-code rule with its five tries, and
// signed requests that are refused when the key, the time, the route or the body differ.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { emailAllowed, LINK_REQUEST_PURPOSE, verifyLinkRequest } from '../../../protocol/share-links';
import { signRequest } from '../../../protocol/signed-requests';
import { CODE_TRIES, CODE_TTL_MS, ShareLinkStore } from '../../../relay/share-link-store';

const HOUR = 3_600_000;
const T0 = 1_800_000_000_000;
const link = (over: Partial<{ expiresAt: number; once: boolean; emails: string[]; domains: string[] }> = {}) =>
  ({ ciphertext: 'c2VhbGVk', expiresAt: T0 + HOUR, once: false, emails: [], domains: [], ...over });

describe('share link store', () => {
  let dir: string;
  let store: ShareLinkStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-links-'));
    store = new ShareLinkStore(join(dir, 'relay.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens until it expires, then never, and drops the ciphertext', () => {
    const id = store.create('ws', link(), T0);
    expect(store.open(id, {}, T0 + 1)).toEqual({ ok: true, ciphertext: 'c2VhbGVk', expiresAt: T0 + HOUR });
    expect(store.open(id, {}, T0 + HOUR)).toEqual({ ok: false, reason: 'expired' });
    store.purge(T0 + HOUR);
    expect(store.list('ws', T0 + HOUR)).toEqual([expect.objectContaining({ linkId: id, state: 'expired', views: [{ at: T0 + 1, email: null }] })]);
  });

  it('opens a one-time link once', () => {
    const id = store.create('ws', link({ once: true }), T0);
    expect(store.open(id, {}, T0 + 1).ok).toBe(true);
    expect(store.open(id, {}, T0 + 2)).toEqual({ ok: false, reason: 'used' });
    expect(store.info(id, T0 + 2)).toMatchObject({ state: 'used' });
  });

  it('revokes only within its workspace', () => {
    const id = store.create('ws', link(), T0);
    expect(store.revoke('other', id)).toBe(false);
    expect(store.revoke('ws', id)).toBe(true);
    expect(store.open(id, {}, T0 + 1)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('needs the emailed code of an allowed address; five wrong codes lock the link, and a new code does not give tries back', () => {
    const id = store.create('ws', link({ domains: ['agency.test'] }), T0);
    expect(store.open(id, {}, T0)).toEqual({ ok: false, reason: 'email-required' });
    expect(store.open(id, { email: 'cy@agency.test', code: '123456' }, T0)).toEqual({ ok: false, reason: 'no-code' });
    const code = store.issueCode(id, 'cy@agency.test', T0);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(store.open(id, { email: 'cy@agency.test', code: wrong }, T0)).toEqual({ ok: false, reason: 'wrong-code', triesLeft: CODE_TRIES - 1 });
    const fresh = store.issueCode(id, 'cy@agency.test', T0);
    const stillWrong = fresh === '000000' ? '111111' : '000000';
    for (let i = 2; i < CODE_TRIES; i++) expect(store.open(id, { email: 'cy@agency.test', code: stillWrong }, T0)).toMatchObject({ reason: 'wrong-code', triesLeft: CODE_TRIES - i });
    expect(store.open(id, { email: 'cy@agency.test', code: stillWrong }, T0)).toEqual({ ok: false, reason: 'locked' });
    expect(store.open(id, { email: 'cy@agency.test', code: fresh }, T0)).toEqual({ ok: false, reason: 'locked' });
  });

  it('takes the right code once, within ten minutes', () => {
    const id = store.create('ws', link({ emails: ['cy@agency.test'] }), T0);
    const late = store.issueCode(id, 'cy@agency.test', T0);
    expect(store.open(id, { email: 'cy@agency.test', code: late }, T0 + CODE_TTL_MS)).toEqual({ ok: false, reason: 'no-code' });
    const code = store.issueCode(id, 'cy@agency.test', T0 + CODE_TTL_MS);
    expect(store.open(id, { email: ' CY@agency.test ', code }, T0 + CODE_TTL_MS + 1)).toMatchObject({ ok: true });
    expect(store.open(id, { email: 'cy@agency.test', code }, T0 + CODE_TTL_MS + 2)).toEqual({ ok: false, reason: 'no-code' });
    expect(store.list('ws', T0 + CODE_TTL_MS + 2)[0]!.views).toEqual([{ at: T0 + CODE_TTL_MS + 1, email: 'cy@agency.test' }]);
  });

  it('matches addresses and domains exactly, case aside', () => {
    const rule = { emails: ['cy@agency.test'], domains: ['partner.test'] };
    expect(['CY@agency.test', 'dee@partner.test'].map((a) => emailAllowed(a, rule))).toEqual([true, true]);
    expect(['cy@agency.test.evil', 'dee@sub.partner.test', 'partner.test', '@partner.test'].map((a) => emailAllowed(a, rule))).toEqual([false, false, false, false]);
  });
});

describe('signed link requests', () => {
  const secretKey = ed25519.utils.randomSecretKey();
  const key = { publicKey: toBase64Url(ed25519.getPublicKey(secretKey)), secretKey };
  const body = new TextEncoder().encode('{"once":true}');
  // As the app signs them (main/sharing/relay-requests.ts): the workspace's current relay-access key, the link purpose.
  const header = signRequest(LINK_REQUEST_PURPOSE, 'POST', '/links/ws', 'ws', body, { id: key.publicKey, secretKey }, T0);

  it('verifies the signature of the current key over the route, the workspace, the time and the body', () => {
    expect(verifyLinkRequest(header, 'POST', '/links/ws', 'ws', body, key.publicKey, T0 + 1000)).toBe(true);
  });

  it.each<[string, Parameters<typeof verifyLinkRequest>]>([
    ['another key is current', [header, 'POST', '/links/ws', 'ws', body, toBase64Url(ed25519.getPublicKey(ed25519.utils.randomSecretKey())), T0]],
    ['the time is off by more than five minutes', [header, 'POST', '/links/ws', 'ws', body, key.publicKey, T0 + 6 * 60_000]],
    ['the method differs', [header, 'DELETE', '/links/ws', 'ws', body, key.publicKey, T0]],
    ['the route differs', [header, 'POST', '/links/other', 'ws', body, key.publicKey, T0]],
    ['the body differs', [header, 'POST', '/links/ws', 'ws', new TextEncoder().encode('{"once":false}'), key.publicKey, T0]],
    ['there is no header', [undefined, 'POST', '/links/ws', 'ws', body, key.publicKey, T0]],
    ['the signature is damaged', [header.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`), 'POST', '/links/ws', 'ws', body, key.publicKey, T0]],
  ])('refuses it when %s', (_why, args) => {
    expect(verifyLinkRequest(...args)).toBe(false);
  });
});
