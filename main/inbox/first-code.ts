// An account's one-time codes may come from more than one place at once (its mailbox alias,
// its managed phone through Twilio or an SMS forward): ask them all, take the first code,
// and cancel the rest. When every source fails, the first failure (a TIMEOUT, usually) is
// the answer.
import { TesseraError } from '../errors';

export type CodeWaiter = (signal: AbortSignal) => Promise<string>;

export async function firstCode(waiters: readonly CodeWaiter[], outer?: AbortSignal): Promise<string> {
  if (waiters.length === 0) throw new TesseraError('INVALID_INPUT', 'This account has no managed email or phone to receive a code.');
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  if (outer?.aborted) controller.abort();
  try {
    return await Promise.any(waiters.map((wait) => wait(controller.signal)));
  } catch (error) {
    throw error instanceof AggregateError ? error.errors[0] : error;
  } finally {
    controller.abort();
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
