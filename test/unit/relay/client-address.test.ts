// Which address the relay's per-address limits count (relay/client-address.ts): the socket's,
// unless it is a trusted proxy's, whose X-Forwarded-For last entry (the one the proxy appended)
// names the device; anything that is not an IP address there is ignored.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../relay/client-address';

const request = (remoteAddress: string, forwardedFor?: string | string[]) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;
const proxy = new Set(['10.0.0.5']);

describe('client address', () => {
  it("believes X-Forwarded-For's last entry from a trusted proxy only", () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.9'), proxy)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.5', '1.2.3.4, 203.0.113.9'), proxy)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.5', ['1.2.3.4', '2001:db8::1']), proxy)).toBe('2001:db8::1');
    expect(clientAddress(request('198.51.100.7', '203.0.113.9'), proxy)).toBe('198.51.100.7');
  });

  it('falls back to the socket address without a usable header, and reads IPv4-mapped addresses as IPv4', () => {
    expect(clientAddress(request('10.0.0.5'), proxy)).toBe('10.0.0.5');
    expect(clientAddress(request('10.0.0.5', 'not-an-address'), proxy)).toBe('10.0.0.5');
    expect(clientAddress(request('::ffff:10.0.0.5', '::ffff:203.0.113.9'), proxy)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:198.51.100.7'), new Set())).toBe('198.51.100.7');
  });
});
