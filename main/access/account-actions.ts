// The vault's accounts as every interface (the app's IPC handlers, the CLI) reads and changes
// them, with the person's role checked here rather than at each edge: secret values (password,
// TOTP seed, backup codes, history, secret custom fields), changes and deletions are for
// Owners; anyone with a role reads the account, its username and the live TOTP code (a
// Collaborator logs in through automation, which reads the vault in the main process). A
// change of an account is handed to `changed`, which sends it to the account's shared doc.
// A login URL that would send the password unencrypted (http:// to another machine) is saved
// only once the person confirmed it by allowing its origin (INSECURE_LOGIN_URL otherwise).
import { TesseraError } from '../errors';
import type { Account, AccountInput, AccountPatch, PasswordChangeReason, SecretField, Vault, WriteResult } from '../vault';
import type { AccountAccess, AccountRole } from './account-access';
import { unconfirmedInsecureLogin } from '../passwords';

/** INSECURE_LOGIN_URL unless an http:// login URL to another machine was confirmed (its origin allowed). */
function requireConfirmedLogin(urls: readonly string[], allowedOrigins: readonly string[]): void {
  const origin = unconfirmedInsecureLogin(urls, allowedOrigins);
  if (origin) {
    throw new TesseraError('INSECURE_LOGIN_URL', `The login URL ${origin} is not encrypted (http://): the password would cross the network in clear. Use its https:// address, or confirm that Tessera may type the password there.`);
  }
}

export interface AccountActionsOptions {
  vault(): Vault;
  access: AccountAccess;
  /** An Owner changed the account here: its shared docs get the change (WorkspaceActions.accountChanged). */
  changed(accountId: string): void;
  /** A person copied the password or TOTP code, to log in by hand (the "N hours after login" trigger). */
  copiedToLogIn?(accountId: string): void;
}

export class AccountActions {
  constructor(private readonly options: AccountActionsOptions) {}

  /** The person's role on the account; NOT_PERMITTED without one. */
  role(accountId: string): AccountRole {
    this.options.access.requireAccess(accountId);
    return this.options.access.roleOf(accountId) === 'owner' ? 'owner' : 'collaborator';
  }

  /** The account for its view (ITEM_NOT_FOUND first, then NOT_PERMITTED); secrets are left to the caller's view mapping. */
  get(accountId: string): { account: Account; role: AccountRole } {
    const account = this.options.vault().accounts.get(accountId);
    return { account, role: this.role(accountId) };
  }

  create(input: AccountInput): WriteResult {
    requireConfirmedLogin(input.urls ?? [], input.allowedOrigins ?? []);
    return this.options.vault().accounts.create(input);
  }

  update(accountId: string, version: number, patch: AccountPatch): WriteResult {
    this.options.access.requireOwner(accountId);
    if (patch.urls !== undefined || patch.allowedOrigins !== undefined) {
      const current = this.options.vault().accounts.get(accountId);
      requireConfirmedLogin(patch.urls ?? current.urls, patch.allowedOrigins ?? current.allowedOrigins);
    }
    const saved = this.options.vault().accounts.update(accountId, version, patch);
    this.options.changed(accountId);
    return saved;
  }

  delete(accountId: string, version?: number): void {
    this.options.access.requireOwner(accountId);
    this.options.vault().accounts.delete(accountId, version);
  }

  restore(accountId: string): WriteResult {
    this.options.access.requireOwner(accountId);
    return this.options.vault().accounts.restore(accountId);
  }

  /** One secret field's value (audited by the vault). */
  reveal(accountId: string, field: SecretField): string {
    this.options.access.requireOwner(accountId);
    return this.options.vault().accounts.reveal(accountId, field);
  }

  /** The text to put on the clipboard (audited): the username and TOTP code for anyone with a role, secrets for Owners. */
  copyText(accountId: string, field: 'username' | 'totpCode' | SecretField, totpCode: () => string): string {
    const vault = this.options.vault();
    if (field === 'username' || field === 'totpCode') {
      this.options.access.requireAccess(accountId);
      const text = field === 'username' ? vault.accounts.get(accountId).username : totpCode();
      vault.audit.append('account.copy', accountId, { field });
      if (field === 'totpCode') this.options.copiedToLogIn?.(accountId);
      return text;
    }
    this.options.access.requireOwner(accountId);
    const text = vault.accounts.copy(accountId, field);
    if (field === 'password') this.options.copiedToLogIn?.(accountId);
    return text;
  }

  /** When the password changed, and why (no values). */
  history(accountId: string): { changedAt: number; reason: PasswordChangeReason }[] {
    this.options.access.requireAccess(accountId);
    return this.options.vault().accounts.passwordHistory(accountId).map((h) => ({ changedAt: h.replacedAt, reason: h.reason }));
  }

  /** An earlier password (audited). */
  revealHistory(accountId: string, index: number): string {
    this.options.access.requireOwner(accountId);
    const vault = this.options.vault();
    const entry = vault.accounts.passwordHistory(accountId)[index];
    if (!entry) throw new TesseraError('ITEM_NOT_FOUND', 'That password history entry does not exist.');
    vault.audit.append('account.reveal', accountId, { field: 'history', index });
    return entry.password;
  }

  /** Requires a role on the account: for reading what is not secret (its live TOTP code). */
  requireAccess(accountId: string): void {
    this.options.access.requireAccess(accountId);
  }
}
