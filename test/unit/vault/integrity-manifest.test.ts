// The sealed manifest (main/vault/integrity-manifest.ts): it opens to exactly what was sealed,
// and anything else under the same key and binding — a wrong shape, a wrong shard count, another
// vault's binding, another key — opens to null, the vault's signal for a damaged or rolled-back file.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeAad, sealJson } from '../../../main/crypto/aead';
import { emptyManifest, openManifest, sealManifest } from '../../../main/vault/integrity-manifest';

const KEY = randomBytes(32);
const VAULT = 'vault-1';
const SHARDS = 4;
const good = { counter: 7, shardGenerations: [0, 3, 1, 9], auditSeq: 12, auditHash: 'ab'.repeat(32) };
const sealedAs = (value: unknown) => sealJson(KEY, value, encodeAad('manifest', VAULT));

describe('openManifest', () => {
  it('opens what sealManifest sealed, and an empty one', () => {
    expect(openManifest(KEY, VAULT, SHARDS, sealManifest(KEY, VAULT, good))).toEqual(good);
    expect(openManifest(KEY, VAULT, SHARDS, sealManifest(KEY, VAULT, emptyManifest(SHARDS)))).toEqual(emptyManifest(SHARDS));
  });

  it('carries only the four fields', () => {
    expect(openManifest(KEY, VAULT, SHARDS, sealedAs({ ...good, extra: 'x' }))).toEqual(good);
  });

  it('is null for another key, another vault, or another shard count', () => {
    const blob = sealManifest(KEY, VAULT, good);
    expect(openManifest(randomBytes(32), VAULT, SHARDS, blob)).toBeNull();
    expect(openManifest(KEY, 'vault-2', SHARDS, blob)).toBeNull();
    expect(openManifest(KEY, VAULT, SHARDS + 1, blob)).toBeNull();
  });

  it.each([
    ['not an object', 'manifest'],
    ['null', null],
    ['a negative counter', { ...good, counter: -1 }],
    ['a fractional counter', { ...good, counter: 1.5 }],
    ['a counter beyond safe integers', { ...good, counter: 2 ** 53 }],
    ['a counter as text', { ...good, counter: '7' }],
    ['a negative generation', { ...good, shardGenerations: [0, -3, 1, 9] }],
    ['a generation as text', { ...good, shardGenerations: [0, '3', 1, 9] }],
    ['generations not an array', { ...good, shardGenerations: { length: 4 } }],
    ['a missing audit sequence', { counter: 7, shardGenerations: good.shardGenerations, auditHash: good.auditHash }],
    ['an audit hash that is not text', { ...good, auditHash: 5 }],
  ])('is null for a sealed value with %s', (_what, value) => {
    expect(openManifest(KEY, VAULT, SHARDS, sealedAs(value))).toBeNull();
  });
});
