// The address an automated login starts from: an account's first URL, with https:// assumed
// when the person typed a bare host. Every flow that opens the site (logins, MFA enrolment,
// rotation) asks this one function, so they all start from the same page.
import { TesseraError } from '../errors';

/** The login URL of an account: its first URL, with https:// when no scheme was typed. */
export function loginUrlOf(account: { readonly urls: readonly string[]; readonly name: string }): string {
  const first = account.urls[0]?.trim();
  if (!first) throw new TesseraError('INVALID_INPUT', `"${account.name}" has no website address. Add its login URL, then verify again.`);
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(first) ? first : `https://${first}`;
  try {
    return new URL(url).href;
  } catch {
    throw new TesseraError('INVALID_INPUT', `"${account.name}" has a website address that is not a URL (${first}). Correct it, then verify again.`);
  }
}
