// What the relay's HTTP routes (share links, SCIM) share: response headers that keep pages and
// answers out of caches, frames and other origins, and reading a size-limited JSON body.
import type { IncomingMessage } from 'node:http';

/** The whole body must arrive within this time. */
const BODY_TIMEOUT_MS = 10_000;

export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return undefined;
  }
}

/** The body, or undefined when it is larger than `limit` or does not arrive in time. */
export function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      request.destroy();
      resolve(undefined);
    }, BODY_TIMEOUT_MS);
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        clearTimeout(timer);
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      clearTimeout(timer);
      resolve(size > limit ? undefined : new Uint8Array(Buffer.concat(chunks)));
    });
    request.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

