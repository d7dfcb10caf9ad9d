// Which address a device connects from, for the per-address limits (relay-limits.ts): the
// socket's remote address, except behind a load balancer the operator names (`--trusted-proxy`),
// whose connections carry the device's address as the last entry of X-Forwarded-For (HAProxy's
// `option forwardfor` appends it). The header is believed only from those addresses: anyone
// else could write any address into it. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) count as
// their IPv4 address.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export const normalizeAddress = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

export function clientAddress(request: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const remote = normalizeAddress(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(remote)) return remote;
  const header = request.headers['x-forwarded-for'];
  const last = (Array.isArray(header) ? header.join(',') : header)?.split(',').at(-1)?.trim();
  return last && isIP(last) ? normalizeAddress(last) : remote;
}
