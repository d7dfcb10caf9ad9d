// The channel and event names as plain data, for the preload and the web test host shim,
// which must not bundle zod or the schemas. The type checks below fail the build when this
// list and the contract disagree.
import type { ChannelName, EventName } from './index';

export const CHANNEL_NAMES = [
  'audit.forAccount',
  'audit.verify',
  'app.info',
  'app.openExternal',
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.recover',
  'vault.lock',
  'vault.changePassword',
  'vault.setTimeouts',
  'accounts.list',
  'accounts.get',
  'accounts.create',
  'accounts.update',
  'accounts.delete',
  'accounts.restore',
  'accounts.reveal',
  'accounts.copy',
  'accounts.history',
  'accounts.revealHistory',
  'accounts.totp',
  'milestones.forAccount',
  'milestones.levels',
  'dashboard.overview',
  'settings.get',
  'settings.update',
  'launcher.showInMain',
  'launcher.hide',
  'rotation.rotate',
  'rotation.rotateMany',
  'rotation.status',
  'rotation.resolve',
  'rotation.jobs',
  'rotation.decide',
  'policies.list',
  'policies.preview',
  'policies.add',
  'policies.update',
  'policies.remove',
  'automation.verify',
  'automation.open',
  'automation.cancel',
  'automation.runs',
  'automation.run',
  'automation.screenshot',
  'automation.removeProfile',
  'inbox.status',
  'inbox.connect',
  'inbox.disconnect',
  'inbox.alias',
  'inbox.useManagedEmail',
  'inbox.list',
  'inbox.get',
  'mfa.status',
  'mfa.importText',
  'mfa.importQr',
  'mfa.backupCodes',
  'mfa.usePending',
  'mfa.discardPending',
  'mfa.enable',
  'mfa.cancel',
  'mfa.screenshot',
] as const satisfies readonly ChannelName[];

export const EVENT_NAMES = ['app.notice', 'vault.locked', 'settings.changed', 'launcher.showInMain', 'launcher.hide', 'automation.progress', 'inbox.state', 'inbox.message', 'mfa.progress', 'rotation.progress', 'rotation.result', 'rotation.approvalNeeded'] as const satisfies readonly EventName[];

type Missing<All, Listed> = Exclude<All, Listed>;
// If a channel is added to the contract but not here, this line stops compiling.
const channelsComplete: [Missing<ChannelName, (typeof CHANNEL_NAMES)[number]>] extends [never] ? true : never = true;
const eventsComplete: [Missing<EventName, (typeof EVENT_NAMES)[number]>] extends [never] ? true : never = true;
void channelsComplete;
void eventsComplete;
