// What the browser extension may ask inside a sealed session (protocol/browser-requests.ts),
// checked here and not trusted from the extension: every request is validated (INVALID_INPUT),
// roles come from the person's access (a Collaborator's password goes only to `fill`, never to
// the popup's lists), and secrets are handed out only for a frame whose origin AND whose top
// page's origin are the account's (the automation's own rule, automation/login/origin-guard.ts):
// a lookalike host or a cross-origin frame gets ORIGIN_MISMATCH naming both hosts, an http://
// page only what its account explicitly allows. Each fill is audited. Captured logins are
// compared with the stored accounts of the site, saved or updated on request (the old
// password goes to the history), and a person's successful login counts for milestone 1 and
// the after-login rotation trigger.
import { z } from 'zod';
import type { BrowserAccount, BrowserRequest, BrowserResults, CaptureOffer } from '../../protocol/browser-requests';
import { originAllowed, originPolicy } from '../../automation/login/origin-guard';
import type { AccountActions } from '../access/account-actions';
import type { AccountAccess } from '../access/account-access';
import { TesseraError } from '../errors';
import { generateCode, otpParamsFromStored, type OtpParams } from '../mfa';
import { isInsecureWebUrl, originHost, webOriginOf } from '../passwords';
import type { Account, AccountSummary, Vault } from '../vault';

const MAX_RESULTS = 50;
const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/);
const origin = z.string().min(1).max(2048);
const text = z.string().max(1000);
const secret = z.string().max(10_000);
const target = { topOrigin: origin, frameOrigin: origin };

const RequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('status') }),
  z.strictObject({ op: z.literal('accounts'), pageUrl: z.string().max(8192).nullable(), query: z.string().max(200) }),
  z.strictObject({ op: z.literal('fill'), accountId: id, ...target }),
  z.strictObject({ op: z.literal('code'), accountId: id, source: z.enum(['totp', 'email']), ...target }),
  z.strictObject({ op: z.literal('copy-totp'), accountId: id }),
  z.strictObject({ op: z.literal('capture'), origin, username: text, password: secret, kind: z.enum(['login', 'change']), newPassword: secret.optional() }),
  z.strictObject({ op: z.literal('save'), origin, username: text, password: secret.min(1), accountId: id.optional() }),
  z.strictObject({ op: z.literal('logged-in'), accountId: id, origin }),
  z.strictObject({ op: z.literal('open'), accountId: id.optional() }),
]);

/** A request's id: what its answer carries back. */
export const RequestIdSchema = z.number().int().min(0).max(2 ** 31);

export interface BridgeOperationsOptions {
  vault(): Vault;
  access: AccountAccess;
  /** Saves and updates with roles checked and shared docs told (services.accounts). */
  accounts: AccountActions;
  /** Records a login a person made in their browser (LoginService.recordPersonLogin). */
  recordPersonLogin(accountId: string): void;
  /** The after-login rotation trigger (rotation.scheduler.onPersonLogin). */
  onPersonLogin(accountId: string): void;
  /** The newest code mailed (or texted) to the account's managed address (InboxService.code). */
  emailCode(accountId: string): Promise<string>;
  /** A TOTP code for an OTP field, never one already typed (UsedTotpSteps.code); default: the current one. */
  totpCode?(accountId: string, params: OtpParams): Promise<string>;
  /** Shows the account (or the app) in Tessera's window. */
  openAccount(accountId: string | null): void;
  now?: () => number;
}

/**
 * Whether the account's secrets may go to `pageOrigin`: one of its login URLs' origins (or
 * that host moved to https), or an origin it allows. The rule is origin-guard's: an http://
 * login URL to another machine counts only once its origin was allowed (a person confirmed it).
 */
export function accountAllowsOrigin(account: Pick<Account, 'urls' | 'allowedOrigins'>, pageOrigin: string): boolean {
  const allowed = account.allowedOrigins.flatMap((o) => webOriginOf(o) ?? []);
  if (allowed.includes(pageOrigin)) return true;
  for (const url of account.urls) {
    let policy;
    try {
      policy = originPolicy(url.includes('://') ? url : `https://${url}`, allowed);
    } catch {
      continue; // not a URL, or an http:// login to another machine nobody confirmed
    }
    if (originAllowed(policy, pageOrigin)) return true;
  }
  return false;
}

function accountHost(account: Pick<Account, 'urls' | 'allowedOrigins' | 'name'>): string {
  const first = account.urls[0] ?? account.allowedOrigins[0];
  if (!first) return account.name;
  return originHost(first.includes('://') ? first : `https://${first}`);
}

function mismatch(account: Account, where: string, originText: string): TesseraError {
  const host = accountHost(account);
  const other = webOriginOf(originText) === null ? 'an opaque (sandboxed) frame' : originHost(originText);
  return new TesseraError(
    'ORIGIN_MISMATCH',
    `The ${where} is on ${other}, not on the account's site ${host}: nothing was filled. ` +
      `If ${other} really is where "${account.name}" logs in, an Owner can allow it in the account (allowed origins).`,
    { accountHost: host, fieldHost: other },
  );
}

/** Throws unless `originText` may receive the account's secrets (http:// needs the account's confirmation). */
function requireAccountOrigin(account: Account, originText: string, where: string): string {
  const page = webOriginOf(originText);
  const loginOrigins = account.urls.flatMap((url) => webOriginOf(url) ?? []);
  // The account's own http:// login page, never confirmed: say so rather than "another site".
  if (page !== null && isInsecureWebUrl(page) && loginOrigins.includes(page) && !accountAllowsOrigin(account, page)) {
    throw new TesseraError(
      'INSECURE_LOGIN_URL',
      `${originHost(page)} is not encrypted (http://): the password would cross the network in clear. An Owner can confirm http for "${account.name}" in the account (allowed origins).`,
      { accountHost: accountHost(account) },
    );
  }
  if (page === null || !accountAllowsOrigin(account, page)) throw mismatch(account, where, originText);
  return page;
}

function sameUsername(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export class BridgeOperations {
  constructor(private readonly options: BridgeOperationsOptions) {}

  private get vault(): Vault {
    return this.options.vault();
  }

  /** Validates one request and runs it; TesseraError with a stable code for anything refused. */
  async handle(input: unknown): Promise<unknown> {
    const parsed = RequestSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TesseraError('INVALID_INPUT', `The browser sent a request Tessera does not accept (${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}).`);
    }
    return this.run(parsed.data);
  }

  private async run(request: BrowserRequest): Promise<BrowserResults[BrowserRequest['op']]> {
    switch (request.op) {
      case 'status':
        void this.vault; // VAULT_LOCKED when locked
        return { unlocked: true };
      case 'accounts':
        return { accounts: this.accounts(request.pageUrl, request.query) };
      case 'fill':
        return this.fill(request.accountId, request.topOrigin, request.frameOrigin);
      case 'code':
        return { code: await this.code(request.accountId, request.source, request.topOrigin, request.frameOrigin) };
      case 'copy-totp':
        return { code: this.copyTotp(request.accountId) };
      case 'capture':
        return this.capture(request);
      case 'save':
        return { accountId: this.save(request) };
      case 'logged-in':
        this.loggedIn(request.accountId, request.origin);
        return {};
      case 'open':
        if (request.accountId !== undefined) this.live(request.accountId);
        this.options.openAccount(request.accountId ?? null);
        return {};
    }
  }

  /** A live account the person holds a role on (ITEM_NOT_FOUND, NOT_PERMITTED, INVALID_INPUT for the trash). */
  private live(accountId: string): Account {
    const account = this.vault.accounts.get(accountId);
    this.options.access.requireAccess(accountId);
    if (account.deletedAt !== null) throw new TesseraError('INVALID_INPUT', `"${account.name}" is in the trash. Restore it in Tessera first.`);
    return account;
  }

  private view(summary: AccountSummary, matchesPage: boolean): BrowserAccount | null {
    const role = this.options.access.roleOf(summary.id);
    if (role === null) return null;
    return { id: summary.id, name: summary.name, username: summary.username, role, hasPassword: summary.hasPassword, hasTotp: summary.hasTotp, urls: summary.urls, matchesPage };
  }

  /**
   * Live accounts of `pageOrigin`: those with a login URL on its host, checked against each
   * one's full record (allowed origins included). An account reachable only through an allowed
   * origin on another host is not listed here (the popup's search finds it; fill checks it).
   */
  private accountsOf(pageOrigin: string): Account[] {
    // Summaries list hosts without "www." (vault hostOf); the full record decides.
    const host = new URL(pageOrigin).hostname.replace(/^www\./, '');
    const vault = this.vault;
    return vault.accounts
      .list()
      .flatMap((entry) => (entry.status === 'ok' && entry.hosts.includes(host) && this.options.access.canAccess(entry.id) ? [entry] : []))
      .map((summary) => vault.accounts.get(summary.id))
      .filter((account) => accountAllowsOrigin(account, pageOrigin));
  }

  private accounts(pageUrl: string | null, query: string): BrowserAccount[] {
    const vault = this.vault;
    const page = pageUrl === null ? null : webOriginOf(pageUrl);
    const matching = page === null ? [] : this.accountsOf(page).map((a) => a.id);
    const summaries = new Map(vault.accounts.list().flatMap((e) => (e.status === 'ok' ? [[e.id, e] as const] : [])));
    const first = matching.flatMap((accountId) => {
      const summary = summaries.get(accountId);
      const item = summary ? this.view(summary, true) : null;
      return item ? [item] : [];
    });
    const rest = (query.trim() === '' ? [...summaries.values()] : vault.accounts.search(query.trim(), MAX_RESULTS + first.length))
      .filter((s) => !matching.includes(s.id))
      .flatMap((s) => this.view(s, false) ?? [])
      .slice(0, MAX_RESULTS);
    return [...first, ...rest];
  }

  /** Both the frame and the top document must be the account's; the frame is named first. */
  private checkTarget(account: Account, topOrigin: string, frameOrigin: string): string {
    const frame = requireAccountOrigin(account, frameOrigin, 'form');
    requireAccountOrigin(account, topOrigin, 'page around the form');
    return frame;
  }

  private currentTotp(account: Account): string | null {
    return account.totp ? generateCode(otpParamsFromStored(account.totp), (this.options.now ?? Date.now)()) : null;
  }

  private fill(accountId: string, topOrigin: string, frameOrigin: string): BrowserResults['fill'] {
    const account = this.live(accountId);
    const frame = this.checkTarget(account, topOrigin, frameOrigin);
    this.vault.audit.append('account.fill', accountId, { origin: frame, ...(topOrigin !== frameOrigin ? { topOrigin } : {}), by: 'browser extension' });
    return { username: account.username, password: account.password === '' ? null : account.password, totp: this.currentTotp(account) };
  }

  private async code(accountId: string, source: 'totp' | 'email', topOrigin: string, frameOrigin: string): Promise<string> {
    const account = this.live(accountId);
    const frame = this.checkTarget(account, topOrigin, frameOrigin);
    let code: string;
    if (source === 'totp') {
      if (!account.totp) throw new TesseraError('INVALID_INPUT', `"${account.name}" has no TOTP set up in Tessera.`);
      const params = otpParamsFromStored(account.totp);
      code = this.options.totpCode ? await this.options.totpCode(accountId, params) : generateCode(params, (this.options.now ?? Date.now)());
    } else {
      code = await this.options.emailCode(accountId);
    }
    this.vault.audit.append('account.fill', accountId, { origin: frame, field: source === 'totp' ? 'totpCode' : 'emailCode', by: 'browser extension' });
    return code;
  }

  private copyTotp(accountId: string): string {
    const account = this.live(accountId);
    const code = this.currentTotp(account);
    if (code === null) throw new TesseraError('INVALID_INPUT', `"${account.name}" has no TOTP set up in Tessera.`);
    // The same check and audit as the app's copy (anyone with a role; the after-login trigger).
    return this.options.accounts.copyText(accountId, 'totpCode', () => code);
  }

  private recordLogin(account: Account): void {
    this.options.recordPersonLogin(account.id);
    this.options.onPersonLogin(account.id);
  }

  private capture(request: Extract<BrowserRequest, { op: 'capture' }>): CaptureOffer {
    const page = webOriginOf(request.origin);
    if (page === null) throw new TesseraError('INVALID_INPUT', 'A login can be saved only for an http(s) page.');
    if (request.password === '') return { offer: 'none' };
    const candidates = this.accountsOf(page);
    const isOwner = (account: Account) => this.options.access.roleOf(account.id) === 'owner';
    if (request.kind === 'change') {
      const next = request.newPassword;
      if (!next) throw new TesseraError('INVALID_INPUT', 'A password change needs the new password.');
      const match = candidates.find((a) => a.password === request.password) ?? candidates.find((a) => sameUsername(a.username, request.username));
      if (!match) return { offer: 'save' };
      if (match.password === next || !isOwner(match)) return { offer: 'none' };
      return { offer: 'update', accountId: match.id, accountName: match.name };
    }
    const sameUser = candidates.filter((a) => sameUsername(a.username, request.username));
    if (sameUser.length === 0) return { offer: 'save' };
    const known = sameUser.find((a) => a.password === request.password);
    if (known) {
      this.recordLogin(known);
      return { offer: 'logged-in', accountId: known.id, accountName: known.name };
    }
    const owned = sameUser.find(isOwner);
    return owned ? { offer: 'update', accountId: owned.id, accountName: owned.name } : { offer: 'none' };
  }

  private save(request: Extract<BrowserRequest, { op: 'save' }>): string {
    const page = webOriginOf(request.origin);
    if (page === null) throw new TesseraError('INVALID_INPUT', 'A login can be saved only for an http(s) page.');
    if (request.accountId !== undefined) {
      const account = this.live(request.accountId);
      this.options.access.requireOwner(account.id);
      requireAccountOrigin(account, page, 'page');
      // The old password goes to the history (AccountService.update).
      this.options.accounts.update(account.id, account.version, { password: request.password });
      return account.id;
    }
    return this.options.accounts.create({ name: new URL(page).hostname, username: request.username, password: request.password, urls: [`${page}/`] }).id;
  }

  private loggedIn(accountId: string, originText: string): void {
    const account = this.live(accountId);
    requireAccountOrigin(account, originText, 'page');
    this.recordLogin(account);
  }
}
