// The one result envelope every channel returns, in the app and over the web test host.
// Stable `code`s come from main/errors.ts; `message` is for people and never holds a secret.
import type { ErrorCode } from '../errors';

/** `fields`: for a refused form, one sentence per field key, shown under each input. */
export type IpcError = { code: ErrorCode; message: string; fields?: Record<string, string> };
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, fields?: Record<string, string>): Result<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
