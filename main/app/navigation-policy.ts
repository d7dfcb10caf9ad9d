// Pure decisions behind the navigation guards: which URLs a Tessera web contents may
// navigate to (only the app's own origins), so they can be tested without Electron.
import { originOf } from '../ipc/sender-guard';

export function isAppUrl(url: string, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = originOf(url);
  return origin !== null && allowedOrigins.has(origin);
}

/** The scheme of a URL for logs: never the full URL, which may carry tokens. */
export function schemeForLog(url: string): string {
  const colon = url.indexOf(':');
  return colon > 0 && colon < 20 ? url.slice(0, colon) : 'unknown';
}
