// The CLI's command groups: the top-level commands each commands/ module registers, in the order
// `tessera --help` lists them, each module loaded only when needed. A command line that names
// one of them loads and registers that group alone; help, no command or an unknown one loads
// every group (commander then lists them all and suggests the closest name).
// command-groups.test.ts checks that each group registers exactly the names listed here.
import type { Command } from 'commander';

export type RegisterCommands = (program: Command) => void;

export interface CommandGroup {
  names: readonly string[];
  load(): Promise<RegisterCommands>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['init', 'unlock-check', 'passwd', 'recover'], load: async () => (await import('./commands/vault-commands')).registerVaultCommands },
  { names: ['account'], load: async () => (await import('./commands/account-commands')).registerAccountCommands },
  { names: ['totp'], load: async () => (await import('./commands/totp-command')).registerTotpCommand },
  { names: ['mfa'], load: async () => (await import('./commands/mfa-commands')).registerMfaCommands },
  { names: ['inbox'], load: async () => (await import('./commands/inbox-commands')).registerInboxCommands },
  { names: ['audit'], load: async () => (await import('./commands/audit-command')).registerAuditCommand },
  { names: ['backup', 'restore', 'export'], load: async () => (await import('./commands/backup-commands')).registerBackupCommands },
  { names: ['import'], load: async () => (await import('./commands/import-command')).registerImportCommand },
  { names: ['rotate', 'logout', 'reconcile', 'jobs', 'approve'], load: async () => (await import('./commands/rotate')).registerRotateCommands },
  { names: ['agent'], load: async () => (await import('./commands/agent-command')).registerAgentCommand },
  { names: ['login'], load: async () => (await import('./commands/login')).registerLoginCommands },
  { names: ['browser'], load: async () => (await import('./commands/browser-command')).registerBrowserCommand },
  { names: ['browsers'], load: async () => (await import('./commands/browsers-command')).registerBrowsersCommands },
  { names: ['policy'], load: async () => (await import('./commands/policy-commands')).registerPolicyCommands },
  { names: ['workspace', 'share', 'unshare', 'sync', 'relay'], load: async () => (await import('./commands/sharing-commands')).registerSharingCommands },
  { names: ['partner'], load: async () => (await import('./commands/partner-commands')).registerPartnerCommands },
  { names: ['link'], load: async () => (await import('./commands/link-commands')).registerLinkCommands },
  { names: ['device'], load: async () => (await import('./commands/device-commands')).registerDeviceCommands },
  { names: ['level'], load: async () => (await import('./commands/level-command')).registerLevelCommand },
];

/** The register functions for a command line whose command word is `command`: its group, else all. */
export async function commandGroupsFor(command: string | undefined): Promise<RegisterCommands[]> {
  const named = command === undefined ? undefined : COMMAND_GROUPS.find((group) => group.names.includes(command));
  return Promise.all((named ? [named] : COMMAND_GROUPS).map((group) => group.load()));
}
