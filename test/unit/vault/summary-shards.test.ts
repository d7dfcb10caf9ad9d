// Sealed summary shards: what goes in comes back out, equal lists and strings within a
// shard share one frozen copy (100k summaries stay in memory after unlock), and shards
// written before summaries carried a password fingerprint (13-element tuples) still open.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../main/vault/account-record';
import { encodeAad, seal } from '../../../main/crypto/aead';
import { openShard, sealShard } from '../../../main/vault/summary-shards';

const key = new Uint8Array(randomBytes(32));
const VAULT = 'vault-1';

function summary(id: string, overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id,
    version: 1,
    name: `Account ${id}`,
    username: 'ops@example.org',
    urls: ['https://example.org/login'],
    hosts: ['example.org'],
    tags: ['ops', 'vendor'],
    hasPassword: true,
    passwordFingerprint: `fp-${id}`,
    hasTotp: false,
    managedEmail: '',
    managedPhone: '',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
    deletedAt: null,
    ...overrides,
  };
}

describe('summary shards', () => {
  it('open to the summaries they were sealed with', () => {
    const entries = [summary('a'), summary('b', { tags: [], urls: [], hosts: [], passwordScore: 3, deletedAt: 5 }), summary('c', { hasPassword: false, hasTotp: true })];
    const opened = openShard(key, VAULT, 7, 2, sealShard(key, VAULT, 7, 2, entries));
    expect([...opened!.values()]).toEqual(entries);
  });

  it('share one frozen copy of equal lists and strings', () => {
    const opened = openShard(key, VAULT, 0, 1, sealShard(key, VAULT, 0, 1, [summary('a'), summary('b'), summary('c', { tags: ['ops'] })]))!;
    const [a, b, c] = [opened.get('a')!, opened.get('b')!, opened.get('c')!];
    expect(a.tags).toBe(b.tags);
    expect(a.hosts).toBe(b.hosts);
    expect(c.tags).not.toBe(a.tags);
    expect(c.tags[0]).toBe(a.tags[0]);
    expect(Object.isFrozen(a.tags)).toBe(true);
    expect(() => (a.tags as string[]).push('x')).toThrow(TypeError);
    expect(b.tags).toEqual(['ops', 'vendor']);
  });

  it('keep lists apart whose joined text is equal', () => {
    const opened = openShard(key, VAULT, 0, 1, sealShard(key, VAULT, 0, 1, [summary('a', { tags: ['x\ny'] }), summary('b', { tags: ['x', 'y'] })]))!;
    expect(opened.get('a')!.tags).toEqual(['x\ny']);
    expect(opened.get('b')!.tags).toEqual(['x', 'y']);
  });

  it('open shards written before summaries carried a password fingerprint', () => {
    const old = [['id-1', 3, 'Old', 'bob', ['https://old.example'], ['old.example'], ['legacy'], 1, '', '', 10, 20, null]];
    const blob = seal(key, new TextEncoder().encode(JSON.stringify(old)), encodeAad('summary-shard', VAULT, 4, 9));
    const opened = openShard(key, VAULT, 4, 9, blob)!;
    expect(opened.get('id-1')).toEqual({
      id: 'id-1',
      version: 3,
      name: 'Old',
      username: 'bob',
      urls: ['https://old.example'],
      hosts: ['old.example'],
      tags: ['legacy'],
      hasPassword: true,
      hasTotp: false,
      managedEmail: '',
      managedPhone: '',
      createdAt: 10,
      updatedAt: 20,
      deletedAt: null,
    });
  });

  it('refuse a shard opened as another shard or generation', () => {
    const blob = sealShard(key, VAULT, 1, 1, [summary('a')]);
    expect(openShard(key, VAULT, 2, 1, blob)).toBeNull();
    expect(openShard(key, VAULT, 1, 2, blob)).toBeNull();
  });
});
