// Accounts shared with the person as a Collaborator, as the live sharing service sees them:
// an import never updates them; a backup and an export leave them out (their passwords are
// not the person's to keep).
import type { Services } from '../../services';

export function collaboratorAccountIds({ vault, sharing }: Pick<Services, 'vault' | 'sharing'>): Set<string> {
  return new Set(vault.unlocked().accounts.list().flatMap((entry) => (entry.status === 'ok' && sharing.roleOf(entry.id) === 'collaborator' ? [entry.id] : [])));
}
