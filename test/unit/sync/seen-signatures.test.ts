// The relay's memory of accepted request signatures (relay/seen-signatures.ts): a signature is
// accepted once; at the cap, expired ones make room; a memory still full refuses rather than
// forgetting a signature that is still timely (which would let its request be replayed). And a
// device's own identical requests sent at once never share a signature.
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { signRequest } from '../../../protocol/signed-requests';
import { SeenSignatures } from '../../../relay/seen-signatures';

describe('SeenSignatures', () => {
  it('accepts a signature once', () => {
    const seen = new SeenSignatures(() => 0);
    expect(seen.firstUse('sig-a', 1000)).toBe(true);
    expect(seen.firstUse('sig-a', 1000)).toBe(false);
    expect(seen.firstUse('sig-b', 1000)).toBe(true);
    expect(seen.size).toBe(2);
  });

  it('makes room from expired signatures at the cap, and refuses while every remembered one is still timely', () => {
    let now = 0;
    const seen = new SeenSignatures(() => now, 2);
    expect(seen.firstUse('one', 100)).toBe(true);
    expect(seen.firstUse('two', 200)).toBe(true);
    expect(seen.firstUse('three', 300)).toBe(false); // full, nothing expired
    now = 150; // "one" is past its time
    expect(seen.firstUse('three', 300)).toBe(true);
    expect(seen.firstUse('two', 200)).toBe(false); // still remembered
    expect(seen.size).toBe(2);
  });
});

describe('signRequest', () => {
  it('signs the same request twice at once with two signatures, so a device never trips the replay check', () => {
    const secretKey = ed25519.utils.randomSecretKey();
    const signer = { id: toBase64Url(ed25519.getPublicKey(secretKey)), secretKey };
    const headers = Array.from({ length: 20 }, () => signRequest('purpose', 'GET', '/links/ws', 'ws', new Uint8Array(), signer));
    expect(new Set(headers).size).toBe(20);
  });
});
