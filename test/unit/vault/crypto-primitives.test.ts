import { describe, expect, it } from 'vitest';
import { encodeAad, open, seal } from '../../../main/crypto/aead';
import { assertKdfParamsAllowed, DEFAULT_KDF_COST, deriveKey, KDF_FLOOR, newKdfParams, TEST_KDF_COST, type KdfParams } from '../../../main/crypto/kdf';
import { formatRecoveryKey, generateRecoveryKey, parseRecoveryKey } from '../../../main/vault/recovery-key';
import { errorCode } from './helpers';

const key = new Uint8Array(32).fill(7);

describe('aead', () => {
  it('round-trips and binds the AAD', () => {
    const aad = encodeAad('item', 'vault-1', 'item-1', 'account.data', 3);
    const box = seal(key, new TextEncoder().encode('hello'), aad);
    expect(new TextDecoder().decode(open(key, box, aad)!)).toBe('hello');
    expect(open(key, box, encodeAad('item', 'vault-1', 'item-1', 'account.data', 2))).toBeNull();
  });

  it('uses a fresh random nonce every time', () => {
    const aad = encodeAad('x');
    expect(Buffer.from(seal(key, new Uint8Array(1), aad)).equals(Buffer.from(seal(key, new Uint8Array(1), aad)))).toBe(false);
  });

  it.each([
    ['a flipped nonce byte', 0],
    ['a flipped ciphertext byte', 24],
    ['a flipped tag byte', -1],
  ])('rejects %s', (_label, index) => {
    const aad = encodeAad('x');
    const box = seal(key, new TextEncoder().encode('secret value'), aad);
    box[index < 0 ? box.length + index : index]! ^= 1;
    expect(open(key, box, aad)).toBeNull();
  });

  it('rejects a truncated box and another key', () => {
    const aad = encodeAad('x');
    const box = seal(key, new TextEncoder().encode('secret'), aad);
    expect(open(key, box.subarray(0, 30), aad)).toBeNull();
    expect(open(new Uint8Array(32), box, aad)).toBeNull();
  });

  it.each([
    [['ab', 'c'], ['a', 'bc']],
    [['item', 1], ['item1']],
    [['', 'x'], ['x', '']],
  ])('encodes AAD parts unambiguously: %j vs %j', (a, b) => {
    expect(Buffer.from(encodeAad('ctx', ...a)).equals(Buffer.from(encodeAad('ctx', ...b)))).toBe(false);
  });
});

describe('kdf', () => {
  const salted = (cost: Partial<KdfParams>): KdfParams => ({ ...newKdfParams(TEST_KDF_COST, { allowWeakKdf: true }), ...cost });

  it('defaults to Argon2id m=64 MiB, t=3, p=4 with a 16-byte salt', () => {
    const params = newKdfParams();
    expect(params).toMatchObject({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 4 });
    expect(Buffer.from(params.salt, 'base64')).toHaveLength(16);
    expect(DEFAULT_KDF_COST).toEqual({ memoryKiB: 65536, iterations: 3, parallelism: 4 });
  });

  it.each([
    ['memory below the floor', { memoryKiB: KDF_FLOOR.memoryKiB - 1 }],
    ['one pass', { iterations: 1 }],
    ['the test cost', TEST_KDF_COST],
  ])('refuses %s without test mode', async (_label, cost) => {
    expect(await errorCode(() => newKdfParams(cost))).toBe('WEAK_KDF_PARAMS');
    expect(await errorCode(() => deriveKey('pw', salted(cost)))).toBe('WEAK_KDF_PARAMS');
    expect(() => newKdfParams(cost, { allowWeakKdf: true })).not.toThrow();
  });

  it.each([
    ['absurd memory', { memoryKiB: 8 * 1024 * 1024 }],
    ['absurd passes', { iterations: 1000 }],
    ['a short salt', { salt: Buffer.alloc(8).toString('base64') }],
    ['less than 8 KiB per lane', { memoryKiB: 64, parallelism: 16 }],
  ])('refuses %s even in test mode', async (_label, cost) => {
    expect(await errorCode(() => assertKdfParamsAllowed(salted(cost), { allowWeakKdf: true }))).toBe('WEAK_KDF_PARAMS');
  });

  it('derives 32 bytes that depend on password and salt, and NFC-normalizes the password', async () => {
    const params = salted({});
    const a = await deriveKey('Zoë', params, { allowWeakKdf: true });
    const decomposed = await deriveKey('Zoe\u0308', params, { allowWeakKdf: true });
    const other = await deriveKey('Zoë', salted({}), { allowWeakKdf: true });
    expect(a).toHaveLength(32);
    expect(Buffer.from(a).equals(Buffer.from(decomposed))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(other))).toBe(false);
  });
});

describe('recovery key', () => {
  it('prints 55 characters in 11 dash-separated groups and parses back', () => {
    const { bytes, printable } = generateRecoveryKey();
    expect(printable).toMatch(/^([0-9A-Z]{5}-){10}[0-9A-Z]{5}$/);
    expect(Buffer.from(parseRecoveryKey(printable)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('forgives case, spaces and the I/L/O look-alikes', () => {
    const bytes = new Uint8Array(32).fill(0x11);
    const printable = formatRecoveryKey(bytes);
    const sloppy = printable.toLowerCase().replace(/-/g, ' ').replace(/1/g, 'l').replace(/0/g, 'o');
    expect(Buffer.from(parseRecoveryKey(sloppy)).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each([
    ['a typo', (k: string) => (k[0] === 'A' ? 'B' : 'A') + k.slice(1)],
    ['a missing group', (k: string) => k.slice(6)],
    ['foreign characters', (k: string) => k.replace(/.$/, '!')],
  ])('rejects %s with WRONG_RECOVERY_KEY', async (_label, mangle) => {
    const { printable } = generateRecoveryKey();
    expect(await errorCode(() => parseRecoveryKey(mangle(printable)))).toBe('WRONG_RECOVERY_KEY');
  });
});
