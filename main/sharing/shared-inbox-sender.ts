// The composition's hook from the inbox to sync: a message the inbox stored for the first time
// is copied into the doc of each account it is routed to, in every live workspace that shares
// that account (shared-inbox.ts seals it), and the workspace is saved and sent soon.
import type { RoutedInboxMessage } from '../inbox';
import type { Logger } from '../logger';
import { isTesseraError } from '../errors';
import { sharedDocFor } from './shared-accounts';
import { shareInboxMessages } from './shared-inbox';
import type { SyncController } from './sync-controller';

export function shareStoredMessage(sync: Pick<SyncController, 'workspaces' | 'changed'>, message: RoutedInboxMessage, log: Logger): void {
  for (const live of sync.workspaces()) {
    for (const accountId of message.accountIds) {
      try {
        const doc = sharedDocFor(live.peer, accountId);
        if (doc && shareInboxMessages(live.peer, doc, [message])) sync.changed(live.workspaceId);
      } catch (error) {
        // The message is stored locally either way; only the team's copy is missing.
        log.warn('sharing: could not share an inbox message', { workspaceId: live.workspaceId, code: isTesseraError(error) ? error.code : 'INTERNAL' });
      }
    }
  }
}
