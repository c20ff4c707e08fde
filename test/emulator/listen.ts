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

/**
 * The control routes the SSM endpoint and the S3 gate share: read or clear the request log, read or
 * clear the faults. Answers with `json` and returns true when `route` ("METHOD /path") is one of them.
 */
export function sharedControlRoute(route: string, log: unknown[], faults: { snapshot(): unknown; clear(): void }, json: (status: number, value: unknown) => void): boolean {
  switch (route) {
    case 'GET /__control/log':
      json(200, log);
      return true;
    case 'DELETE /__control/log':
      log.length = 0;
      json(200, { ok: true });
      return true;
    case 'GET /__control/faults':
      json(200, faults.snapshot());
      return true;
    case 'DELETE /__control/faults':
      faults.clear();
      json(200, { ok: true });
      return true;
    default:
      return false;
  }
}
