// First line of defence for every IPC payload, before zod sees it: bounded size and depth,
// plain data only, and no prototype-pollution keys. A hostile renderer gets an error code,
// never a crash or an unbounded scan.
import { MAX_PAYLOAD_BYTES } from './contract/limits';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;
const MAX_NODES = 50_000;

export type PayloadVerdict =
  | { ok: true }
  | { ok: false; code: 'PAYLOAD_TOO_LARGE' | 'INVALID_INPUT'; reason: string };

export function inspectPayload(value: unknown, maxBytes = MAX_PAYLOAD_BYTES): PayloadVerdict {
  let bytes = 0;
  let nodes = 0;
  // Iterative walk: a deeply nested payload must not overflow the stack.
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (++nodes > MAX_NODES) return { ok: false, code: 'PAYLOAD_TOO_LARGE', reason: 'too many values' };
    if (depth > MAX_DEPTH) return { ok: false, code: 'INVALID_INPUT', reason: 'nested too deeply' };
    if (v === null || v === undefined || typeof v === 'boolean') {
      bytes += 4;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { ok: false, code: 'INVALID_INPUT', reason: 'numbers must be finite' };
      bytes += 8;
    } else if (typeof v === 'string') {
      bytes += v.length * 2;
    } else if (Array.isArray(v)) {
      bytes += 8;
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
    } else if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        return { ok: false, code: 'INVALID_INPUT', reason: 'only plain objects are accepted' };
      }
      for (const key of Reflect.ownKeys(v)) {
        if (typeof key !== 'string') return { ok: false, code: 'INVALID_INPUT', reason: 'symbol keys are not accepted' };
        if (FORBIDDEN_KEYS.has(key)) return { ok: false, code: 'INVALID_INPUT', reason: `key "${key}" is not accepted` };
        bytes += key.length * 2;
        stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1 });
      }
    } else {
      return { ok: false, code: 'INVALID_INPUT', reason: `values of type ${typeof v} are not accepted` };
    }
    if (bytes > maxBytes) return { ok: false, code: 'PAYLOAD_TOO_LARGE', reason: `payload exceeds ${maxBytes} bytes` };
  }
  return { ok: true };
}
