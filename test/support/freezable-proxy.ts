// A TCP forwarder (between the inbox and Dovecot, or a device and a relay) that can go silent: connections stay open but
// nothing passes either way, which is how a NAT timeout or a dead Wi-Fi kills an IDLE without
// a word. Connections opened after the freeze pass normally.
import { connect, createServer, type Server, type Socket } from 'node:net';

export type FreezableProxy = { port: number; freeze(): void; close(): Promise<void> };

export async function startFreezableProxy(targetPort: number): Promise<FreezableProxy> {
  const pairs: [Socket, Socket][] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    client.pipe(upstream);
    upstream.pipe(client);
    for (const socket of [client, upstream]) socket.on('error', () => {});
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    freeze() {
      for (const [client, upstream] of pairs.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        // Keep them referenced and open until close(): the peer sees no FIN, no RST, nothing.
        frozen.push(client, upstream);
      }
    },
    async close() {
      for (const socket of [...frozen, ...pairs.flat()]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const frozen: Socket[] = [];
