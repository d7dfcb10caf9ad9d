// The rules of share links both relay stores apply: which addresses a link's emails and domains
// admit, and the signature devices manage links with, refused when the key, the time, the route
// or the body differ. The stores themselves (expiry, one-time opening, revocation, the
// emailed-code rule with its five tries) are tested on SQLite and PostgreSQL alike:
// test/integration/relay/relay-state-contract.test.ts.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { emailAllowed, LINK_REQUEST_PURPOSE, verifyLinkRequest } from '../../../protocol/share-links';
import { signRequest } from '../../../protocol/signed-requests';

const T0 = 1_800_000_000_000;

describe('link email rules', () => {
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
