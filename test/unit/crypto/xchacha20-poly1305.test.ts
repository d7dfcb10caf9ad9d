// Both XChaCha20-Poly1305 paths of main/crypto/xchacha20-poly1305.ts (HChaCha20 + node:crypto's
// chacha20-poly1305, and @noble/ciphers) against the draft-irtf-cfrg-xchacha vectors and against
// each other on random inputs, and the choice of the fallback when the native path is missing or wrong.
import { randomBytes } from 'node:crypto';
import { hchacha, xchacha20poly1305 as nobleReference } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { hchacha20 } from '../../../main/crypto/hchacha20';
import { open, seal } from '../../../main/crypto/aead';
import {
  chooseXChaCha20Poly1305,
  nobleXChaCha20Poly1305,
  nodeXChaCha20Poly1305,
  passesKnownAnswers,
  xchacha20poly1305,
  type XChaCha20Poly1305,
} from '../../../main/crypto/xchacha20-poly1305';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const random = (n: number) => new Uint8Array(randomBytes(n));

// draft-irtf-cfrg-xchacha-03 §A.3.1.
const VECTOR = {
  key: '808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f',
  nonce: '404142434445464748494a4b4c4d4e4f5051525354555657',
  aad: '50515253c0c1c2c3c4c5c6c7',
  plaintext: "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ciphertext:
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
    '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e',
  tag: 'c0875924c1c7987947deafd8780acf49',
};

it('uses node:crypto on this runtime (Node 22 has chacha20-poly1305)', () => {
  expect(xchacha20poly1305).toBe(nodeXChaCha20Poly1305);
  expect(passesKnownAnswers(nobleXChaCha20Poly1305)).toBe(true);
});

it('HChaCha20 reproduces draft-irtf-cfrg-xchacha §2.2.1 and agrees with @noble/ciphers on random inputs', () => {
  const subKey = hchacha20(hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'), hex('000000090000004a0000000031415927'));
  expect(toHex(subKey)).toBe('82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc');
  const words = (bytes: Uint8Array) => new Uint32Array(new Uint8Array(bytes).buffer);
  for (let i = 0; i < 32; i++) {
    const key = random(32);
    const nonce = random(16);
    const reference = new Uint32Array(8);
    hchacha(new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]), words(key), words(nonce), reference);
    expect(toHex(hchacha20(key, nonce))).toBe(toHex(new Uint8Array(reference.buffer)));
  }
  expect(() => hchacha20(random(31), random(16))).toThrow(TypeError);
});

const paths: [string, XChaCha20Poly1305][] = [['node:crypto', nodeXChaCha20Poly1305], ['@noble/ciphers', nobleXChaCha20Poly1305]];

describe.each(paths)('%s', (_name, aead) => {
  const key = hex(VECTOR.key);
  const nonce = hex(VECTOR.nonce);
  const aad = hex(VECTOR.aad);
  const sealed = hex(VECTOR.ciphertext + VECTOR.tag);

  it('reproduces draft-irtf-cfrg-xchacha §A.3.1 both ways', () => {
    expect(toHex(aead.seal(key, nonce, new TextEncoder().encode(VECTOR.plaintext), aad))).toBe(VECTOR.ciphertext + VECTOR.tag);
    expect(new TextDecoder().decode(aead.open(key, nonce, sealed, aad)!)).toBe(VECTOR.plaintext);
  });

  it.each([
    ['a changed ciphertext byte', (b: Uint8Array) => { b[3]! ^= 1; }],
    ['a changed tag byte', (b: Uint8Array) => { b[b.length - 1]! ^= 0x80; }],
  ])('refuses %s', (_label, change) => {
    const bent = new Uint8Array(sealed);
    change(bent);
    expect(aead.open(key, nonce, bent, aad)).toBeNull();
  });

  it('refuses another AAD, another nonce, another key and a box shorter than a tag', () => {
    expect(aead.open(key, nonce, sealed, hex('50515253'))).toBeNull();
    expect(aead.open(key, hex(VECTOR.nonce.replace(/57$/, '58')), sealed, aad)).toBeNull();
    expect(aead.open(random(32), nonce, sealed, aad)).toBeNull();
    expect(aead.open(key, nonce, sealed.subarray(0, 15), aad)).toBeNull();
  });

  it('refuses keys and nonces of the wrong size', () => {
    expect(() => aead.seal(random(16), nonce, new Uint8Array(1), aad)).toThrow(TypeError);
    expect(() => aead.seal(key, random(12), new Uint8Array(1), aad)).toThrow(TypeError);
  });
});

it('both paths produce and open the same bytes on random inputs (empty and multi-block plaintexts, empty AAD)', () => {
  for (let i = 0; i < 64; i++) {
    const key = random(32);
    const nonce = random(24);
    const plaintext = random(i === 0 ? 0 : (i * 97) % 5000);
    const aad = random(i % 3 === 0 ? 0 : i);
    const native = nodeXChaCha20Poly1305.seal(key, nonce, plaintext, aad);
    expect(toHex(native)).toBe(toHex(nobleReference(key, nonce, aad).encrypt(plaintext)));
    expect(toHex(nobleXChaCha20Poly1305.open(key, nonce, native, aad)!)).toBe(toHex(plaintext));
    expect(toHex(nodeXChaCha20Poly1305.open(key, nonce, nobleXChaCha20Poly1305.seal(key, nonce, plaintext, aad), aad)!)).toBe(toHex(plaintext));
  }
});

it('falls back to @noble/ciphers where the runtime lacks chacha20-poly1305 or its answers are wrong', () => {
  expect(chooseXChaCha20Poly1305([])).toBe(nobleXChaCha20Poly1305);
  // A native path that is off by one bit in its output (e.g. another nonce layout).
  const wrong: XChaCha20Poly1305 = {
    name: 'node:crypto',
    seal: (key, nonce, plaintext, aad) => {
      const out = nodeXChaCha20Poly1305.seal(key, nonce, plaintext, aad);
      out[0]! ^= 1;
      return out;
    },
    open: nodeXChaCha20Poly1305.open,
  };
  expect(chooseXChaCha20Poly1305(['chacha20-poly1305'], wrong)).toBe(nobleXChaCha20Poly1305);
  // One that accepts a changed tag.
  const lax: XChaCha20Poly1305 = { ...nodeXChaCha20Poly1305, open: (key, nonce, sealed, aad) => nobleXChaCha20Poly1305.open(key, nonce, sealed, aad) ?? new Uint8Array(0) };
  expect(chooseXChaCha20Poly1305(['chacha20-poly1305'], lax)).toBe(nobleXChaCha20Poly1305);
  expect(chooseXChaCha20Poly1305(['chacha20-poly1305'], nodeXChaCha20Poly1305)).toBe(nodeXChaCha20Poly1305);
});

it('keeps the vault box format: a box sealed before (noble, nonce ‖ ciphertext ‖ tag) opens, and a new one opens with noble', () => {
  const key = random(32);
  const aad = random(20);
  const plaintext = new TextEncoder().encode('a summary shard sealed by an older Tessera');
  const nonce = random(24);
  const oldBox = new Uint8Array([...nonce, ...nobleReference(key, nonce, aad).encrypt(plaintext)]);
  expect(new TextDecoder().decode(open(key, oldBox, aad)!)).toBe('a summary shard sealed by an older Tessera');
  const newBox = seal(key, plaintext, aad);
  expect(new TextDecoder().decode(nobleReference(key, newBox.subarray(0, 24), aad).decrypt(newBox.subarray(24)))).toBe('a summary shard sealed by an older Tessera');
});
