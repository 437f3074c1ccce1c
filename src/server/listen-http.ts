import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** How long and how many inbound connections may live; every one is bounded, none may wait forever. */
export interface ConnectionLimits {
  /** Concurrent connections; further ones are closed as they arrive. */
  readonly maxConnections: number;
  /** A connection on which nothing moves for this long is closed (also one that never sends a byte). */
  readonly idleTimeoutMs: number;
  /** A request's headers must be complete this long after it started (a slow trickle is no way around it). */
  readonly headersTimeoutMs: number;
  /** A whole request, body included, must arrive within this long. */
  readonly requestTimeoutMs: number;
}

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
  readonly limits: ConnectionLimits;
  /** Called when a connection is refused because `maxConnections` are open. */
  readonly onDrop?: () => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A node:http server with the limits applied, listening; rejects when the port cannot be bound. */
export async function listenHttp(handler: Handler, options: ListenOptions): Promise<Server> {
  const { limits } = options;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: Math.min(5_000, limits.idleTimeoutMs),
      // Node checks the two timeouts above on this interval (30 s by default, which would stretch them).
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
    handler,
  );
  // Socket inactivity: the one timeout that also covers a connection which never sends anything.
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  if (options.onDrop) server.on('drop', options.onDrop);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Stops accepting, lets requests in flight finish for up to `boundMs`, then cuts what is left. */
export async function closeHttp(server: Server, boundMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), boundMs);
  await closed;
  clearTimeout(timer);
}
