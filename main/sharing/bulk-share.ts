// Sharing accounts with one member, team or partner in one pass: the account page's single
// share, the account list's bulk share (`sharing.shareMany`) and `tessera share ID...` all come
// here. Everything is checked before anything changes: this person must be an Owner of every
// account and every account must exist, else the whole list is refused with how many failed
// (NOT_PERMITTED, ITEM_NOT_FOUND) and nothing is shared; the grant itself must be allowed
// (SyncPeer.assertGrantable). Then, in one synchronous turn, each account without a doc in the
// workspace gets one (its name, username, URL, secrets and newest stored inbox messages), the
// grant is written and the item key sealed to the principal's devices (one key agreement per
// device for the whole pass: key-sealing.ts): one envelope per doc and one for the team
// directory, however many accounts. The caller saves the workspace once
// (WorkspaceActions.shareMany), and the live SyncClient publishes what the turn wrote.
import { isTesseraError, TesseraError } from '../errors';
import type { Account, Vault } from '../vault';
import type { AccountAccess } from '../access/account-access';
import { effectiveAccountRole, sealingBatch, type AccountRole, type ItemKey, type Principal, type SharedAccountDoc, type SyncPeer } from '../sync';
import { accountDocIndex } from './account-doc-index';
import { publishAccount } from './shared-accounts';
import { seedSharedInbox } from './shared-inbox';

/** What one pass will do, once every check passed: docs to start (with the account read for them) and docs to grant on. */
export interface SharePlan {
  accountIds: string[];
  principal: Principal;
  role: AccountRole;
  /** Accounts shared in this workspace for the first time: their doc is started from the vault's account. */
  start: Account[];
  /** Accounts whose doc this person already owns. */
  grant: Map<string, SharedAccountDoc>;
}

export interface ShareResult {
  /** Each account's doc, in the order the accounts were given. */
  docIds: string[];
  /** How many accounts were shared in this workspace for the first time (their doc started). */
  started: number;
}

const accountsWord = (n: number) => (n === 1 ? 'account' : 'accounts');

/**
 * Refuses the whole list unless this person is an Owner of every account (as the services
 * answer roles: shared accounts from their docs, a local one is the person's own). One
 * account gets AccountAccess's own message; several say how many are not theirs.
 */
export function requireOwnerOfAll(access: AccountAccess, accountIds: readonly string[]): void {
  if (accountIds.length === 1) {
    access.requireOwner(accountIds[0]!);
    return;
  }
  const refused = accountIds.filter((id) => access.roleOf(id) !== 'owner').length;
  if (refused) throw notOwner(refused, accountIds.length);
}

function notOwner(refused: number, total: number): TesseraError {
  return new TesseraError(
    'NOT_PERMITTED',
    `You are not an Owner of ${refused} of these ${total} ${accountsWord(total)}, so none was shared. Only an Owner can share an account: leave ${refused === 1 ? 'it' : 'those'} out, or ask ${refused === 1 ? 'its' : 'their'} Owners.`,
    { notPermitted: refused, accounts: total },
  );
}

/** The ids once each, in the order given; INVALID_INPUT for none. */
export function distinctAccountIds(accountIds: readonly string[]): string[] {
  const ids = [...new Set(accountIds)];
  if (!ids.length) throw new TesseraError('INVALID_INPUT', 'Choose at least one account to share.');
  return ids;
}

/**
 * Checks a share of `accountIds` (distinct, Owner of each: requireOwnerOfAll) in this peer's
 * workspace and reads what starting their docs needs. Nothing is written.
 */
export function planShare(peer: SyncPeer, vault: Vault, accountIds: readonly string[], principal: Principal, role: AccountRole): SharePlan {
  peer.assertGrantable(principal, role);
  const index = accountDocIndex(peer);
  const state = peer.workspace.state;
  const plan: SharePlan = { accountIds: [...accountIds], principal, role, start: [], grant: new Map() };
  let notOwned = 0;
  const missing: string[] = [];
  for (const accountId of accountIds) {
    const doc = index.get(accountId);
    if (doc) {
      // The doc's grants decide in this workspace (SyncPeer.share refuses a non-Owner).
      if (effectiveAccountRole(doc, peer.memberId, state) === 'owner') plan.grant.set(accountId, doc);
      else notOwned++;
      continue;
    }
    try {
      plan.start.push(vault.accounts.get(accountId));
    } catch (error) {
      if (accountIds.length === 1 || !isTesseraError(error) || error.code !== 'ITEM_NOT_FOUND') throw error;
      missing.push(accountId);
    }
  }
  if (notOwned) {
    if (accountIds.length === 1) throw new TesseraError('NOT_PERMITTED', 'Only an Owner of this account can change who it is shared with.');
    throw notOwner(notOwned, accountIds.length);
  }
  if (missing.length) {
    throw new TesseraError('ITEM_NOT_FOUND', `${missing.length} of these ${accountIds.length} accounts no longer exist, so none was shared. Reload the list and choose again.`, { missing: missing.length, accounts: accountIds.length });
  }
  return plan;
}

/**
 * Carries out a checked plan in one turn. Docs are started first: SyncPeer.createAccount
 * refuses (NOT_PERMITTED) a Login-Only member or Guest before writing anything, so that
 * refusal too leaves every account as it was. The team directory lists every new doc in one
 * transaction (one update, not one per account), and each new doc gets its fields, inbox and
 * grant in one.
 */
export function applyShare(peer: SyncPeer, vault: Vault, plan: SharePlan): ShareResult {
  const docs = new Map(plan.grant);
  const share = (doc: SharedAccountDoc, keys?: readonly ItemKey[]) => peer.share(doc.docId, plan.principal, plan.role, keys);
  // Which accounts have stored messages to seed the doc's inbox with: one query instead of one per account.
  const withMessages = plan.start.length ? vault.inbox.deliveries() : new Map();
  // One sealing batch: each device's item-key boxes share one key agreement (key-sealing.ts).
  sealingBatch(() => peer.team.doc.doc.transact(() => {
    for (const account of plan.start) {
      // A new doc's item key is the one just made: the grant seals it without opening it again.
      docs.set(account.id, publishAccount(peer, account, (doc, keys) => {
        if (withMessages.has(account.id)) seedSharedInbox(vault, peer, doc, account.id);
        share(doc, keys);
      }));
    }
    for (const doc of plan.grant.values()) share(doc);
  }));
  return { docIds: plan.accountIds.map((accountId) => docs.get(accountId)!.docId), started: plan.start.length };
}
