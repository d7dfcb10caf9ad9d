// Signed requests and the relay's check that each is used once (relay/seen-signatures.ts): the
// memory is asked only about a signature that verifies, so a forged header is never remembered
// and never blocks the real one; and a device's own identical requests sent at once never share
// a signature. The memories themselves (once per signature, the cap, expired ones making room)
// are tested in memory and in PostgreSQL alike: test/integration/relay/relay-state-contract.test.ts.
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { signRequest, verifyRequest } from '../../../protocol/signed-requests';
import { MemorySeenSignatures, verifyOnce } from '../../../relay/seen-signatures';

const secretKey = ed25519.utils.randomSecretKey();
const signer = { id: toBase64Url(ed25519.getPublicKey(secretKey)), secretKey };
const body = new Uint8Array();

describe('verifyOnce', () => {
  const verify = (header: string) => (firstUse: Parameters<typeof verifyRequest>[8]) =>
    verifyRequest('purpose', header, 'GET', '/links/ws', 'ws', body, (id) => (id === signer.id ? signer.id : undefined), Date.now(), firstUse);

  it('accepts a valid request once, and remembers nothing for a forged one', async () => {
    const seen = new MemorySeenSignatures();
    const header = signRequest('purpose', 'GET', '/links/ws', 'ws', body, signer);
    const sig = header.slice(header.indexOf('sig=') + 4);
    const forged = header.replace(sig, (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    expect(await verifyOnce(seen, verify(forged))).toBeUndefined();
    expect(await seen.size()).toBe(0);
    expect(await verifyOnce(seen, verify(header))).toBe(signer.id);
    expect(await verifyOnce(seen, verify(header))).toBeUndefined();
    expect(await seen.size()).toBe(1);
  });
});

describe('signRequest', () => {
  it('signs the same request twice at once with two signatures, so a device never trips the replay check', () => {
    const headers = Array.from({ length: 20 }, () => signRequest('purpose', 'GET', '/links/ws', 'ws', new Uint8Array(), signer));
    expect(new Set(headers).size).toBe(20);
  });
});
