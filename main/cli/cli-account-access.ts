// Who the person is on each account, for the CLI: their own accounts are theirs (Owner); an
// account that arrived through a workspace answers with the role saved when it was last
// synced (main/sharing/shared-accounts.ts). A Collaborator's CLI refuses every secret value,
// edit and deletion of such an account, as the app's IPC handlers do.
import { accountAccess, type AccountAccess } from '../access/account-access';
import { receivedRoles } from '../sharing/shared-accounts';
import type { Vault } from '../vault';

export function cliAccountAccess(vault: Vault): AccountAccess {
  return accountAccess((accountId) => receivedRoles(vault.sync).get(accountId) ?? 'owner');
}

/** Accounts shared with this person as a Collaborator: left out of backups and exports. */
export function collaboratorAccountIds(vault: Vault): Set<string> {
  return new Set([...receivedRoles(vault.sync)].flatMap(([id, role]) => (role === 'collaborator' ? [id] : [])));
}
