import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Sink {
  /** e.g. http://127.0.0.1:40123/sink */
  readonly url: string;
  /** First arrival of each event id, on `performance.now()`'s clock. */
  readonly arrivals: ReadonlyMap<string, number>;
  /** Arrivals of an id already seen (a redelivery). */
  readonly duplicates: number;
  /** Requests whose body held no event id. */
  readonly unreadable: number;
  /** Forgets everything received so far (between runs). */
  reset(): void;
  close(): Promise<void>;
}

/**
 * The end-to-end delivery target: a node:http server in the bench process that answers 200 at once, is never
 * rate-limited, and records when each event (by the `id` in the passed-through body) arrived.
 */
export async function startSink(): Promise<Sink> {
  let arrivals = new Map<string, number>();
  let duplicates = 0;
  let unreadable = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok');
      const id = eventId(Buffer.concat(chunks).toString('utf8'));
      if (id === undefined) unreadable++;
      else if (arrivals.has(id)) duplicates++;
      else arrivals.set(id, at);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sink`,
    get arrivals() {
      return arrivals;
    },
    get duplicates() {
      return duplicates;
    },
    get unreadable() {
      return unreadable;
    },
    reset() {
      arrivals = new Map();
      duplicates = 0;
      unreadable = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function eventId(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
