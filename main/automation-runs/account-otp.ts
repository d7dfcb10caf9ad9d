// The one-time-code provider of an account for any automated login — verify, open logged in,
// and the logins inside a rotation: the vault's TOTP secret, or a code mailed to the account's
// managed address (when the page says it emailed one, or when there is no TOTP secret).
import type { OtpProvider } from '../../automation/login/credential-provider';
import { generateCode } from '../mfa/index';
import { otpParamsFromStored } from '../mfa/stored-totp';
import type { Account } from '../vault/index';

/**
 * The code-source hook for emailed codes: a provider for one login of the account, waiting
 * for mail that arrives after this call; undefined when no mailbox can serve the account.
 * The managed inbox's `emailCodes(accountId)` (main/inbox-service) has this shape.
 */
export type EmailCodeSource = (accountId: string) => OtpProvider | undefined;

/**
 * A provider for one login, made right before it starts (so mail that arrives after the
 * submit is what answers); undefined when the account has neither TOTP nor a mailbox.
 */
export function accountOtpProvider(account: Pick<Account, 'id' | 'totp'>, emailCodes?: EmailCodeSource): OtpProvider | undefined {
  const totp = account.totp;
  const fromMail = emailCodes?.(account.id);
  if (!totp && !fromMail) return undefined;
  return async (request) => {
    if (fromMail && (!totp || request?.hint === 'email')) return fromMail(request);
    return generateCode(otpParamsFromStored(totp!), Date.now());
  };
}
