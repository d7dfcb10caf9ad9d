import { describe, expect, it } from 'vitest';
import { inspectPayload } from '../../../main/ipc/payload-guard';

describe('IPC payload guard', () => {
  it('accepts ordinary plain data', () => {
    expect(inspectPayload({ a: 'x', b: [1, 2, { c: true }], d: null })).toEqual({ ok: true });
  });

  it.each([
    ['__proto__ key (as JSON.parse makes it)', JSON.parse('{"__proto__":{"admin":true}}')],
    ['constructor key', { constructor: { prototype: {} } }],
    ['nested prototype key', { a: [{ prototype: 1 }] }],
  ])('refuses a %s', (_name, payload) => {
    expect(inspectPayload(payload)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('refuses a 50 MB string without copying it', () => {
    expect(inspectPayload({ s: 'x'.repeat(50 * 1024 * 1024) })).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inspectPayload(deep)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('refuses too many values', () => {
    expect(inspectPayload(new Array(60_000).fill(0))).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it.each([
    ['a Date', new Date()],
    ['a Map', new Map()],
    ['a class instance', new (class Evil {})()],
    ['a function', () => 1],
    ['NaN', Number.NaN],
    ['a symbol key', { [Symbol('x')]: 1 }],
    ['a bigint', 10n],
  ])('refuses %s', (_name, payload) => {
    expect(inspectPayload({ value: payload })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
