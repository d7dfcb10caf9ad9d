// Turns what a person typed (ID|NAME) into one account: an exact id, else the one account
// whose name matches case-insensitively; several or none is an error that lists the
// candidates, so the person can retry with an id (exit 4 either way).
import { TesseraError } from '../errors';
import type { AccountService, AccountSummary } from '../vault';

/** 'live' for show/edit/rm/totp; 'trash' for restore. An exact id matches in either. */
export type AccountScope = 'live' | 'trash';

export function describeAccount(summary: Pick<AccountSummary, 'id' | 'name' | 'username' | 'hosts'>): string {
  const where = [summary.username, summary.hosts[0]].filter(Boolean).join(' @ ');
  return `${summary.id}  ${summary.name}${where ? `  (${where})` : ''}`;
}

export function resolveAccount(accounts: AccountService, ref: string, scope: AccountScope = 'live'): AccountSummary {
  const all = accounts.list({ deleted: 'include' });
  const byId = all.find((entry) => entry.id === ref);
  if (byId !== undefined) {
    if (byId.status === 'corrupt') throw new TesseraError('ITEM_CORRUPT', `Account ${ref} is damaged (${byId.reason}). Restore it from a backup.`, { itemId: ref });
    return byId;
  }
  const wanted = ref.trim().toLowerCase();
  const inScope = all.flatMap((entry) => (entry.status === 'ok' && (entry.deletedAt === null) === (scope === 'live') ? [entry] : []));
  const named = inScope.filter((summary) => summary.name.toLowerCase() === wanted);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new TesseraError(
      'INVALID_INPUT',
      `${named.length} accounts are named "${ref}". Use one of their ids:\n${named.map((s) => `  ${describeAccount(s)}`).join('\n')}`,
    );
  }
  const where = scope === 'live' ? '' : ' in the trash';
  const similar = scope === 'live' ? accounts.search(ref, 5) : inScope.filter((s) => s.name.toLowerCase().includes(wanted)).slice(0, 5);
  const hint = similar.length > 0
    ? ` Close matches:\n${similar.map((s) => `  ${describeAccount(s)}`).join('\n')}`
    : ` List them with \`tessera account list${scope === 'trash' ? ' --deleted' : ''}\`.`;
  throw new TesseraError('ITEM_NOT_FOUND', `No account${where} has the id or name "${ref}".${hint}`);
}
