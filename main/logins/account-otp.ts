// The one-time-code provider of an account for any automated login — verify, open logged in,
// and the logins inside a rotation: the vault's TOTP secret, or a code mailed to the account's
// managed address (when the page says it emailed one, or when there is no TOTP secret).
// Logins in quick succession (a rotation logs in with the old password, then with the new
// one) can share a `UsedTotpSteps`, so no code is typed twice: many sites refuse a reused one.
import type { OtpProvider } from '../../automation/login/credential-provider';
import { generateCode, otpParamsFromStored, type OtpParams } from '../mfa';
import type { Account } from '../vault';

/**
 * The code-source hook for emailed codes: a provider for one login of the account, waiting
 * for mail that arrives after this call; undefined when no mailbox can serve the account.
 * The managed inbox's `emailCodes(accountId)` (main/inbox) has this shape.
 */
export type EmailCodeSource = (accountId: string) => OtpProvider | undefined;

/**
 * A provider for one login, made right before it starts (so mail that arrives after the
 * submit is what answers); undefined when the account has neither TOTP nor a mailbox.
 */
export function accountOtpProvider(account: Pick<Account, 'id' | 'totp'>, emailCodes?: EmailCodeSource, usedSteps?: UsedTotpSteps): OtpProvider | undefined {
  const totp = account.totp;
  const fromMail = emailCodes?.(account.id);
  if (!totp && !fromMail) return undefined;
  return async (request) => {
    if (fromMail && (!totp || request?.hint === 'email')) return fromMail(request);
    const params = otpParamsFromStored(totp!);
    return usedSteps ? usedSteps.code(account.id, params) : generateCode(params, Date.now());
  };
}

/** The last time step whose code was typed, per account; a second code waits for the next step. */
export class UsedTotpSteps {
  private readonly steps = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async code(accountId: string, params: OtpParams): Promise<string> {
    if (params.type === 'hotp') return generateCode(params, this.now());
    const periodMs = params.period * 1000;
    let now = this.now();
    if (this.steps.get(accountId) === Math.floor(now / periodMs)) {
      // A little past the boundary, so the site's clock is in the new step too.
      await this.sleep((Math.floor(now / periodMs) + 1) * periodMs - now + 250);
      now = this.now();
    }
    this.steps.set(accountId, Math.floor(now / periodMs));
    return generateCode(params, now);
  }

  /** Records a step whose code was typed elsewhere in this process (MFA enrolment), so the next code waits for a new one. */
  markUsed(accountId: string, params: OtpParams, atMs: number = this.now()): void {
    if (params.type === 'hotp') return;
    const step = Math.floor(atMs / (params.period * 1000));
    if (step > (this.steps.get(accountId) ?? -Infinity)) this.steps.set(accountId, step);
  }
}
