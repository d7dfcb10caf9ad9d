// Small helpers over window.tessera: unwrap a result or surface its message to the person.
import type { Result } from '../../main/ipc/result';

export const tessera = () => window.tessera;

export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ActionError(result.error.code, result.error.message);
  return result.value;
}

export function messageOf(error: unknown): string {
  if (error instanceof ActionError) return error.message;
  return 'Something went wrong. Try again.';
}
