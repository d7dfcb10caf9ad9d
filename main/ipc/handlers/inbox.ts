// Handlers for inbox.*: thin calls into the InboxService. The mailbox password and the
// Twilio token go in and are never part of an answer (the status carries public settings).
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

type InboxChannel =
  | 'inbox.status' | 'inbox.connect' | 'inbox.setTwilio' | 'inbox.disconnect' | 'inbox.alias' | 'inbox.useManagedEmail' | 'inbox.useManagedPhone'
  | 'inbox.list' | 'inbox.get';

export function inboxHandlers({ inbox, vault }: Services): HandlerSlice<InboxChannel> {
  return {
    'inbox.status': () => inbox.status(),
    'inbox.connect': ({ username, password, twilio, ...config }) =>
      inbox.connect({ config, credentials: { username, password }, ...(twilio ? { twilio } : {}) }),
    'inbox.setTwilio': ({ twilio }) => inbox.setTwilio(twilio),
    'inbox.disconnect': () => inbox.disconnect(),
    'inbox.alias': ({ id }) => {
      const alias = inbox.aliasFor(id);
      return {
        alias,
        inUse: vault.unlocked().accounts.get(id).managedEmail === alias,
        sms: inbox.smsRoute(id),
        teamNumbers: inbox.status().settings?.twilio?.phoneNumbers ?? [],
      };
    },
    'inbox.useManagedEmail': ({ id }) => ({ alias: inbox.useManagedEmail(id) }),
    'inbox.useManagedPhone': ({ id, phoneNumber }) => ({ phoneNumber: inbox.useManagedPhone(id, phoneNumber) }),
    'inbox.list': ({ id, limit }) => ({ messages: id === undefined ? inbox.listTeam(limit) : inbox.listForAccount(id, limit) }),
    'inbox.get': ({ messageId }) => inbox.message(messageId),
  };
}
