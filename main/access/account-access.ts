// Who may see what of an account: everyone with a role on it sees its inbox and codes; only
// its Owners see backup codes or change its MFA and managed email. On a locally vaulted
// account the person at this vault is its Owner; shared accounts answer from their grants
// (main/sync) once sharing is wired into the services.
import { TesseraError } from '../errors';

export type AccountRole = 'owner' | 'collaborator';

export interface AccountAccess {
  roleOf(accountId: string): AccountRole | null;
  canAccess(accountId: string): boolean;
  /** Throws NOT_PERMITTED unless the person has a role on the account. */
  requireAccess(accountId: string): void;
  /** Throws NOT_PERMITTED unless the person is an Owner of the account. */
  requireOwner(accountId: string): void;
}

export function accountAccess(roleOf: (accountId: string) => AccountRole | null): AccountAccess {
  return {
    roleOf,
    canAccess: (accountId) => roleOf(accountId) !== null,
    requireAccess(accountId) {
      if (roleOf(accountId) === null) throw new TesseraError('NOT_PERMITTED', 'You have no role on this account. Ask one of its Owners to share it with you.');
    },
    requireOwner(accountId) {
      if (roleOf(accountId) !== 'owner') throw new TesseraError('NOT_PERMITTED', 'Only an Owner of this account can do this. Ask one of its Owners.');
    },
  };
}

/** Every account in the local vault is the person's own. */
export const localOwnerAccess: AccountAccess = accountAccess(() => 'owner');
