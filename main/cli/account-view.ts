// How an account is shown: every field a person typed, with secrets masked unless they
// were revealed (through accounts.reveal, which audits each one). Used for `account show`
// in both the human text and the --json value.
import type { Account, SecretField } from '../vault';
import { TRASH_RETENTION_MS } from '../vault/trash-retention';

export type RevealedSecrets = Partial<Record<SecretField, string>>;

/** The secret fields this account actually has, for `--reveal`. */
export function secretFieldsOf(account: Account): SecretField[] {
  return [
    ...(account.password !== '' ? (['password'] as const) : []),
    ...(account.totp !== null ? (['totpSecret'] as const) : []),
    ...(account.notes !== '' ? (['notes'] as const) : []),
    ...(account.backupCodes.length > 0 ? (['backupCodes'] as const) : []),
    ...account.customFields.filter((f) => f.secret).map((f) => `custom:${f.name}` as const),
  ];
}

/** Null in place of a secret that was not revealed. */
export function accountJson(account: Account, revealed: RevealedSecrets, passwordHistory: number) {
  const { totp } = account;
  return {
    id: account.id,
    version: account.version,
    name: account.name,
    urls: account.urls,
    username: account.username,
    hasPassword: account.password !== '',
    password: revealed.password ?? null,
    totp: totp === null ? null : { type: totp.type, issuer: totp.issuer, label: totp.label, algorithm: totp.algorithm, digits: totp.digits, period: totp.period, secret: revealed.totpSecret ?? null },
    notes: account.notes === '' ? '' : (revealed.notes ?? null),
    tags: account.tags,
    customFields: account.customFields.map((f) => ({ name: f.name, secret: f.secret, value: f.secret ? (revealed[`custom:${f.name}`] ?? null) : f.value })),
    managedEmail: account.managedEmail,
    managedPhone: account.managedPhone,
    allowedOrigins: account.allowedOrigins,
    backupCodes: account.backupCodes.length === 0 ? [] : (revealed.backupCodes?.split('\n') ?? null),
    passwordHistory,
    createdAt: new Date(account.createdAt).toISOString(),
    updatedAt: new Date(account.updatedAt).toISOString(),
    deletedAt: account.deletedAt === null ? null : new Date(account.deletedAt).toISOString(),
  };
}

const HIDDEN = '•••••••• (hidden; add --reveal to show)';

export function accountText(view: ReturnType<typeof accountJson>): string {
  const rows: [string, string][] = [
    ['Name', view.name],
    ['ID', view.id],
    ['Username', view.username],
    ['URLs', view.urls.join(', ')],
    ['Password', view.hasPassword ? (view.password ?? HIDDEN) : '(none)'],
  ];
  if (view.passwordHistory > 0) rows.push(['History', `${view.passwordHistory} previous password${view.passwordHistory === 1 ? '' : 's'}`]);
  if (view.totp !== null) {
    const t = view.totp;
    rows.push(['TOTP', `${[t.issuer, t.label].filter(Boolean).join(': ') || t.type} (${t.digits} digits, ${t.period} s; code: tessera totp ${view.id})`]);
    if (t.secret !== null) rows.push(['TOTP secret', t.secret]);
  }
  if (view.tags.length > 0) rows.push(['Tags', view.tags.join(', ')]);
  if (view.notes !== '') rows.push(['Notes', view.notes ?? HIDDEN]);
  for (const field of view.customFields) rows.push([field.name, field.value ?? HIDDEN]);
  if (view.managedEmail) rows.push(['Managed email', view.managedEmail]);
  if (view.managedPhone) rows.push(['Managed phone', view.managedPhone]);
  if (view.allowedOrigins.length > 0) rows.push(['Password also typed on', view.allowedOrigins.join(', ')]);
  if (view.backupCodes !== null && view.backupCodes.length > 0) rows.push(['Backup codes', view.backupCodes.join(' ')]);
  if (view.backupCodes === null) rows.push(['Backup codes', HIDDEN]);
  rows.push(['Created', view.createdAt], ['Updated', view.updatedAt]);
  if (view.deletedAt !== null) {
    const until = new Date(Date.parse(view.deletedAt) + TRASH_RETENTION_MS).toISOString();
    rows.push(['Deleted', `${view.deletedAt} (in the trash; restorable until ${until})`]);
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n');
}
