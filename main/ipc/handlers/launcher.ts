// Handlers for launcher.*: they only announce what the launcher asked for; main/app shows
// or hides the windows and the main window's renderer selects the account.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

export function launcherHandlers({ vault, events }: Services): HandlerSlice<'launcher.showInMain' | 'launcher.hide'> {
  return {
    'launcher.showInMain': ({ accountId }) => {
      // Refuses unknown ids (ITEM_NOT_FOUND) and a locked vault before any window moves.
      if (accountId !== undefined) vault.unlocked().accounts.get(accountId);
      events.emit('launcher.showInMain', { accountId: accountId ?? null });
      return { shown: true as const };
    },
    'launcher.hide': () => {
      events.emit('launcher.hide', {});
      return { hidden: true as const };
    },
  };
}
