// Web origins as Tessera stores and compares them: "https://Login.Example.com:443/x" →
// "https://login.example.com" (scheme, host and a non-default port), http(s) only; and which
// http:// addresses stay on this machine (loopback), where no password crosses a network.
import { TesseraError } from '../errors';

/** The origin of an http(s) URL or origin text; INVALID_INPUT for anything else. */
export function normalizeOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new TesseraError('INVALID_INPUT', `"${text}" is not an origin. Write it as https://host (with :port when it is not the default).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TesseraError('INVALID_INPUT', `"${text}" is not a web origin. Write it as https://host.`);
  }
  return url.origin;
}

/** The origin of an http(s) URL or origin text; null for anything else (an opaque "null" frame, about:, file:). */
export function webOriginOf(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    return normalizeOrigin(text);
  } catch {
    return null;
  }
}

/** "host[:port]" of an origin or URL, for messages; the text itself when it is not a URL. */
export function originHost(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** http:// to anything but this machine: what is typed there crosses the network in clear. */
export function isInsecureWebUrl(urlText: string): boolean {
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

/**
 * The origin of an account's login URL (its first) when that is http:// to another machine and
 * not among the origins the account allows; null when the password may be typed there. Adding
 * that origin to the allowed ones is how a person confirms it (the app's checkbox, --allow-http).
 */
export function unconfirmedInsecureLogin(urls: readonly string[], allowedOrigins: readonly string[]): string | null {
  const loginUrl = urls[0]?.trim();
  if (!loginUrl || !isInsecureWebUrl(loginUrl)) return null;
  const origin = normalizeOrigin(loginUrl);
  return allowedOrigins.some((allowed) => normalizeOrigin(allowed) === origin) ? null : origin;
}
