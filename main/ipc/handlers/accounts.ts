// Handlers for the accounts.* channels: map vault records to the contract's views (no
// secret values except through reveal/copy, which the vault audits), accept otpauth://
// URIs for TOTP, and put copied secrets on the clipboard with auto-clear.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import type { AccountListItem, AccountView } from '../contract/accounts';
import type { Account, AccountSummary, SecretField, TotpInput } from '../../vault';
import { TRASH_RETENTION_MS } from '../../vault';
import { generateCode, otpParamsFromStored, remainingSeconds, storedFromOtpauthUri } from '../../mfa';
import { TesseraError } from '../../errors';

type AccountsChannel =
  | 'accounts.list' | 'accounts.get' | 'accounts.create' | 'accounts.update' | 'accounts.delete'
  | 'accounts.restore' | 'accounts.reveal' | 'accounts.copy' | 'accounts.history'
  | 'accounts.revealHistory' | 'accounts.totp';

function itemOf(summary: AccountSummary, sharedRole: AccountListItem['sharedRole'] | null | undefined): AccountListItem {
  return {
    ...(sharedRole ? { sharedRole } : {}),
    id: summary.id,
    version: summary.version,
    name: summary.name,
    username: summary.username,
    hosts: summary.hosts,
    tags: summary.tags,
    hasPassword: summary.hasPassword,
    hasTotp: summary.hasTotp,
    updatedAt: summary.updatedAt,
    deletedAt: summary.deletedAt,
  };
}

function accountView(account: Account, role: AccountView['role']): AccountView {
  const totp = account.totp;
  return {
    id: account.id,
    version: account.version,
    name: account.name,
    urls: account.urls,
    allowedOrigins: account.allowedOrigins,
    username: account.username,
    hasPassword: account.password.length > 0,
    totp: totp
      ? { type: totp.type, algorithm: totp.algorithm, digits: totp.digits, period: totp.period, issuer: totp.issuer, label: totp.label }
      : null,
    notes: account.notes,
    tags: account.tags,
    customFields: account.customFields.map((f) => ({ name: f.name, value: f.secret ? null : f.value, secret: f.secret })),
    managedEmail: account.managedEmail,
    managedPhone: account.managedPhone,
    codesBy: account.codesBy,
    backupCodeCount: account.backupCodes.length,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    deletedAt: account.deletedAt,
    role,
  };
}

/** The contract accepts TOTP as fields or as an otpauth:// URI; the vault stores fields. */
function totpForVault(totp: string | TotpInput | null | undefined): TotpInput | null | undefined {
  return typeof totp === 'string' ? storedFromOtpauthUri(totp) : totp;
}

function withTotp<T extends { totp?: string | TotpInput | null | undefined }>(fields: T) {
  const { totp, ...rest } = fields;
  return totp === undefined ? rest : { ...rest, totp: totpForVault(totp) ?? null };
}

export function accountsHandlers({ vault, sharing, accounts: actions }: Services): HandlerSlice<AccountsChannel> {
  // Who may read and change what is checked by the AccountActions service (main/access).
  const totpNow = (id: string) => {
    const account = vault.unlocked().accounts.get(id);
    if (!account.totp) throw new TesseraError('INVALID_INPUT', `${account.name} has no TOTP set up. Add a TOTP secret first.`);
    const params = otpParamsFromStored(account.totp);
    const now = Date.now();
    return {
      code: generateCode(params, now),
      remainingSeconds: remainingSeconds(params, now),
      period: params.type === 'hotp' ? null : params.period,
    };
  };

  return {
    'accounts.list': ({ query, deleted = 'exclude', limit }) => {
      vault.purgeExpiredTrashOnce();
      const shared = sharing.sharedRoles();
      const listItem = (summary: AccountSummary) => itemOf(summary, shared.get(summary.id));
      const accounts = vault.unlocked().accounts;
      const q = query?.trim() ?? '';
      // Search-as-you-type answers from the index alone: listing every account first costs
      // far more than the search at 10k. Damaged items are reported by the plain list.
      if (q && deleted === 'exclude') {
        const found = accounts.search(q, Math.min(limit ?? 200, 200)).map(listItem);
        return { accounts: found, corrupt: [], total: found.length };
      }
      const entries = accounts.list({ deleted });
      const corrupt = entries.flatMap((e) => (e.status === 'corrupt' ? [{ id: e.id, reason: e.reason }] : []));
      // Search covers live accounts; the short trash list is filtered by name here.
      const lower = q.toLowerCase();
      const matching = entries.filter((e): e is Extract<typeof e, { status: 'ok' }> => e.status === 'ok' && (!q || e.name.toLowerCase().includes(lower)));
      // Only the rows sent are mapped: a first screenful costs no more than its rows.
      return { accounts: (limit === undefined ? matching : matching.slice(0, limit)).map(listItem), corrupt, total: matching.length };
    },
    'accounts.get': ({ id }) => {
      const { account, role } = actions.get(id);
      return accountView(account, role);
    },
    'accounts.create': (input) => {
      const saved = actions.create(withTotp(input));
      return { id: saved.id, version: saved.version, duplicates: saved.duplicates };
    },
    'accounts.update': ({ id, version, patch }) => {
      const saved = actions.update(id, version, withTotp(patch));
      return { id: saved.id, version: saved.version, duplicates: saved.duplicates };
    },
    'accounts.delete': ({ id }) => {
      actions.delete(id);
      return { id, restorableUntil: Date.now() + TRASH_RETENTION_MS };
    },
    'accounts.restore': ({ id }) => {
      const saved = actions.restore(id);
      return { id: saved.id, version: saved.version, duplicates: saved.duplicates };
    },
    // The schema admits only these names and custom:<name>, which is SecretField's shape.
    'accounts.reveal': ({ id, field }) => ({ value: actions.reveal(id, field as SecretField) }),
    'accounts.copy': ({ id, field }) => {
      const text = actions.copyText(id, field as 'username' | 'totpCode' | SecretField, () => totpNow(id).code);
      return { clearsInSeconds: vault.copySecret(text) };
    },
    'accounts.history': ({ id }) => actions.history(id).map((h, index) => ({ index, ...h })),
    'accounts.revealHistory': ({ id, index }) => ({ value: actions.revealHistory(id, index) }),
    'accounts.totp': ({ id }) => {
      actions.requireAccess(id);
      return totpNow(id);
    },
  };
}
