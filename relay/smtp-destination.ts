// Where the relay may send a workspace's link codes. An Owner or Admin names their own SMTP
// server; without care that would let any workspace make the relay open connections into its
// own network (its loopback, its LAN, a cloud metadata address). So by default the relay sends
// only to the usual SMTP ports on public addresses, checked when the settings arrive and again
// at each send (the name may resolve elsewhere by then), and connects to the address it
// checked, with the name kept for the certificate. An operator whose mail server sits on its
// own network allows private addresses (`relay serve --smtp-private-hosts`).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export const SMTP_PORTS: readonly number[] = [25, 465, 587, 2525];

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96]] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address (v4, v6 or v4-mapped v6) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class SmtpDestinationError extends Error {}

/**
 * The address to connect to for `host:port`: the first it resolves to, when every address it
 * resolves to is public and the port is an SMTP port. Throws SmtpDestinationError otherwise.
 */
export async function publicSmtpAddress(host: string, port: number): Promise<string> {
  if (!SMTP_PORTS.includes(port)) throw new SmtpDestinationError(`This relay sends mail only to SMTP ports (${SMTP_PORTS.join(', ')}).`);
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new SmtpDestinationError(`The relay cannot resolve ${host}.`);
  }
  if (!addresses.length || !addresses.every((a) => isPublicAddress(a.address))) {
    throw new SmtpDestinationError(`${host} is not a public address; this relay sends mail only to public SMTP servers (its operator can allow private ones).`);
  }
  return addresses[0]!.address;
}
