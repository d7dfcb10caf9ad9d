// Where to change a site's password: Apple's curated change-password URLs (vendored, MIT) and
// the standard `/.well-known/change-password` address any site may redirect from. Callers
// still check that a well-known URL is real before trusting it; this module only builds it.

import { TesseraError } from '../errors';
import changePasswordUrls from './data/password-manager-resources/change-password-URLs.json' with { type: 'json' };
import { lookupByHost } from './host-lookup';

const CHANGE_PASSWORD_URLS: Readonly<Record<string, string>> = changePasswordUrls;

/** Apple's change-password URL for the host or its nearest listed parent domain. */
export function changePasswordUrlFor(host: string): string | undefined {
  return lookupByHost(CHANGE_PASSWORD_URLS, host)?.value;
}

/** `https://example.com/.well-known/change-password` for any URL or origin of the site. */
export function wellKnownChangePasswordUrl(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TesseraError('INVALID_INPUT', `"${origin.slice(0, 100)}" is not a web address; give the site's origin, e.g. https://example.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TesseraError('INVALID_INPUT', `Only http and https sites have a change-password address, not ${url.protocol}.`);
  }
  return `${url.origin}/.well-known/change-password`;
}
