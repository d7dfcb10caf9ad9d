// One step from a parsed mail to what the team sees: which accounts it belongs to (by
// recipient alias), what kind of mail it is, and the code in it when it is a code-bearing mail.

import { routeByRecipient, type AliasedAccount } from './alias-generator';
import { extractCode } from './code-extractor';
import type { InboxMessage, RoutedInboxMessage } from './inbox-message';
import { classifyMessage } from './message-classifier';

export function routeMessage(message: InboxMessage, accounts: readonly AliasedAccount[]): RoutedInboxMessage {
  const category = classifyMessage(message);
  const code = category === 'other' ? undefined : extractCode(message)?.code;
  return {
    ...message,
    accountIds: routeByRecipient(message, accounts),
    category,
    ...(code ? { code } : {}),
  };
}
