// The CLI's command groups: the top-level commands each commands/ module registers, in the order
// `tessera --help` lists them. A command line that names one of them registers that group alone
// (building every group's commander objects was a measurable part of each start); help, no
// command or an unknown one registers every group (commander then lists them all and suggests
// the closest name). The modules themselves load with the program, as one chunk: loading each
// group on demand made `tessera --help` read twenty files. command-groups.test.ts checks that
// each group registers exactly the names listed here.
import type { Command } from 'commander';
import { registerAccountCommands } from './commands/account-commands';
import { registerAgentCommand } from './commands/agent-command';
import { registerAuditCommand } from './commands/audit-command';
import { registerBackupCommands } from './commands/backup-commands';
import { registerBrowserCommand } from './commands/browser-command';
import { registerBrowsersCommands } from './commands/browsers-command';
import { registerDeviceCommands } from './commands/device-commands';
import { registerImportCommand } from './commands/import-command';
import { registerInboxCommands } from './commands/inbox-commands';
import { registerLevelCommand } from './commands/level-command';
import { registerLinkCommands } from './commands/link-commands';
import { registerLoginCommands } from './commands/login';
import { registerMfaCommands } from './commands/mfa-commands';
import { registerPartnerCommands } from './commands/partner-commands';
import { registerPolicyCommands } from './commands/policy-commands';
import { registerRotateCommands } from './commands/rotate';
import { registerSharingCommands } from './commands/sharing-commands';
import { registerTotpCommand } from './commands/totp-command';
import { registerVaultCommands } from './commands/vault-commands';

export type RegisterCommands = (program: Command) => void;

export interface CommandGroup {
  names: readonly string[];
  register: RegisterCommands;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['init', 'unlock-check', 'passwd', 'recover'], register: registerVaultCommands },
  { names: ['account'], register: registerAccountCommands },
  { names: ['totp'], register: registerTotpCommand },
  { names: ['mfa'], register: registerMfaCommands },
  { names: ['inbox'], register: registerInboxCommands },
  { names: ['audit'], register: registerAuditCommand },
  { names: ['backup', 'restore', 'export'], register: registerBackupCommands },
  { names: ['import'], register: registerImportCommand },
  { names: ['rotate', 'logout', 'reconcile', 'jobs', 'approve'], register: registerRotateCommands },
  { names: ['agent'], register: registerAgentCommand },
  { names: ['login'], register: registerLoginCommands },
  { names: ['browser'], register: registerBrowserCommand },
  { names: ['browsers'], register: registerBrowsersCommands },
  { names: ['policy'], register: registerPolicyCommands },
  { names: ['workspace', 'share', 'unshare', 'sync', 'relay'], register: registerSharingCommands },
  { names: ['partner'], register: registerPartnerCommands },
  { names: ['link'], register: registerLinkCommands },
  { names: ['device'], register: registerDeviceCommands },
  { names: ['level'], register: registerLevelCommand },
];

/** The groups to register for a command line whose command word is `command`: its own, else all. */
export function commandGroupsFor(command: string | undefined): readonly CommandGroup[] {
  const named = command === undefined ? undefined : COMMAND_GROUPS.find((group) => group.names.includes(command));
  return named ? [named] : COMMAND_GROUPS;
}
