// Which messages may answer a code request: addressed to the account (or its alias), sent
// from one of the site's domains, and received after the login was submitted (less a small
// tolerance, because the mail server's clock and ours differ and INTERNALDATE has whole seconds).

import { routeByRecipient } from './alias-generator';
import type { RoutedInboxMessage } from './inbox-message';

export type MessageFilter = {
  accountId?: string;
  alias?: string;
  /** `github.com` also accepts `noreply.github.com`. */
  senderDomains?: readonly string[];
  after: Date;
  clockToleranceMs?: number;
  /** An extra condition from the caller, e.g. "is a forwarded SMS from this number". */
  where?: (message: RoutedInboxMessage) => boolean;
};

export const DEFAULT_CLOCK_TOLERANCE_MS = 2_000;

export function matchesFilter(message: RoutedInboxMessage, filter: MessageFilter): boolean {
  const tolerance = filter.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
  if (message.receivedAt.getTime() < filter.after.getTime() - tolerance) return false;
  if (filter.accountId !== undefined && !message.accountIds.includes(filter.accountId)) return false;
  if (filter.alias !== undefined && routeByRecipient(message, [{ id: 'alias', alias: filter.alias }]).length === 0) return false;
  if (filter.senderDomains && !sentFromDomain(message.from, filter.senderDomains)) return false;
  return filter.where ? filter.where(message) : true;
}

export function sentFromDomain(from: string, domains: readonly string[]): boolean {
  const senderDomain = from.slice(from.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((domain) => {
    const expected = domain.trim().toLowerCase().replace(/^@|\.$/g, '');
    return senderDomain === expected || senderDomain.endsWith(`.${expected}`);
  });
}
