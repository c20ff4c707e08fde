import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Starts `server` on `host`:`port` (0 = a free port) and keeps its open sockets in `sockets`, so
 * stop() can end kept-alive and hanging connections at once. Shared by the SSM endpoint and the S3 gate.
 */
export async function listenTracked(server: Server, host: string, port: number, sockets: Set<Socket>): Promise<number> {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
