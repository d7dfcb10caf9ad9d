// Accounts shared with this person as a Collaborator, from the roles saved when the vault
// last synced (main/sharing/shared-accounts.ts): backups and exports leave them out. Role
// checks themselves live in the services (createVaultServices answers saved roles too).
import type { Vault } from '../vault';

/** Accounts shared with this person as a Collaborator: left out of backups and exports. */
export async function collaboratorAccountIds(vault: Vault): Promise<Set<string>> {
  const { receivedRoles } = await import('../sharing/shared-accounts');
  return new Set([...receivedRoles(vault.sync)].flatMap(([id, role]) => (role === 'collaborator' ? [id] : [])));
}
