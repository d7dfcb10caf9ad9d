// The code-source hook for automated logins: wait until a message matching the request
// carries a code, looking at mail that already arrived first. `createOtpProvider` turns it
// into the `() => Promise<string>` the login engine asks after it submits the form.

import { TesseraError } from '../errors';
import type { RoutedInboxMessage } from './inbox-message';
import type { MessageFeed } from './message-feed';
import { matchesFilter, type MessageFilter } from './message-filter';

export type CodeRequest = MessageFilter & { timeoutMs: number; signal?: AbortSignal };
export type FoundCode = { code: string; message: RoutedInboxMessage };

export const DEFAULT_CODE_TIMEOUT_MS = 120_000;

/** How a waiter reads a message: which code it carries and whether it was already used. */
export type CodeReading = {
  codeOf?: (message: RoutedInboxMessage) => string | undefined;
  skip?: (message: RoutedInboxMessage) => boolean;
};

/**
 * Resolves with the code of the newest matching message already received, or else of the
 * first one to arrive. Password-reset mail never answers by
 * default: its code resets a password, it does not complete a login. Rejects with TIMEOUT or
 * CANCELLED.
 */
export function waitForCode(feed: MessageFeed, request: CodeRequest, reading: CodeReading = {}): Promise<FoundCode> {
  const codeOf = reading.codeOf ?? ((message) => (message.category === 'recovery' ? undefined : message.code));
  const answer = (message: RoutedInboxMessage): FoundCode | undefined => {
    if (reading.skip?.(message) || !matchesFilter(message, request)) return undefined;
    const code = codeOf(message);
    return code ? { code, message } : undefined;
  };
  return new Promise<FoundCode>((resolve, reject) => {
    if (request.signal?.aborted) return reject(cancelled());
    // Of the mails already here, the newest: a resent code makes the earlier one stale.
    const already = feed.recent().map(answer).findLast((found) => found !== undefined);
    if (already) return resolve(already);
    const finish = (settle: () => void) => {
      unsubscribe();
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const unsubscribe = feed.subscribe((message) => {
      const found = answer(message);
      if (found) finish(() => resolve(found));
    });
    const timer = setTimeout(
      () => finish(() => reject(new TesseraError('TIMEOUT', `No verification code arrived within ${Math.round(request.timeoutMs / 1000)} s. Check that the site sends mail to the account's alias, then try again.`))),
      request.timeoutMs,
    );
    const onAbort = () => finish(() => reject(cancelled()));
    request.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export type OtpProviderOptions = Omit<CodeRequest, 'after' | 'timeoutMs'> & { after?: Date; timeoutMs?: number };

/**
 * An OtpProvider for the login engine. `after` defaults to the moment the provider is made,
 * so create it just before the login starts. A second call returns the next code, never the
 * one already handed out (the site rejected it or asked again).
 */
export function createOtpProvider(feed: MessageFeed, options: OtpProviderOptions): () => Promise<string> {
  const after = options.after ?? new Date();
  const used = new Set<RoutedInboxMessage>();
  return async () => {
    const found = await waitForCode(
      feed,
      { ...options, after, timeoutMs: options.timeoutMs ?? DEFAULT_CODE_TIMEOUT_MS },
      { skip: (message) => used.has(message) },
    );
    used.add(found.message);
    return found.code;
  };
}

function cancelled(): TesseraError {
  return new TesseraError('CANCELLED', 'Waiting for the verification code was cancelled.');
}
