// Small helpers over window.tessera: unwrap a result or surface its message to the person.
import type { Result } from '../../main/ipc/result';

export const tessera = () => window.tessera;

export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** For a refused form: one sentence per field key, shown under that field. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ActionError(result.error.code, result.error.message, result.error.fields ?? {});
  return result.value;
}

export function messageOf(error: unknown): string {
  if (error instanceof ActionError) return error.message;
  return 'Something went wrong. Try again.';
}

/** The per-field sentences of a refused form (empty for any other failure). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ActionError ? error.fields : {};
}
