import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendJson } from './receive-signed.js';

/**
 * The shell both baselines share: POST /webhook goes to `handle`, GET /readyz answers 200, anything else 404;
 * PORT from the environment, 127.0.0.1 only; SIGTERM closes the server, runs `onStop` and exits 0.
 */
export function serveBaseline(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onStop: () => void = () => undefined,
): void {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/webhook') {
      handle(req, res).catch((error: unknown) => {
        process.stderr.write(`baseline: ${String(error)}\n`);
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal' } });
      });
    } else if (req.method === 'GET' && req.url === '/readyz') {
      sendJson(res, 200, { ready: true });
    } else {
      sendJson(res, 404, { error: { code: 'not_found', message: 'not found' } });
    }
  });
  // Same bounds as the gateway's server, so connection handling costs the same.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    onStop();
    process.exit(0);
  });
}
