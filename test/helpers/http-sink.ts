import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SinkReply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/**
 * A real local HTTP server standing in for Slack or any HTTP target: records every request and answers with
 * `reply` (Slack's incoming-webhook success, `200 ok`, by default). Waiting is event-driven, never a sleep.
 */
export class HttpSink {
  readonly requests: ReceivedRequest[] = [];
  /** May answer later (a promise), to stand for a receiver that hangs. */
  reply: (request: ReceivedRequest) => SinkReply | Promise<SinkReply> = () => ({ status: 200, body: 'ok' });
  private waiters: { count: number; resolve: () => void }[] = [];
  private server: Server | undefined;
  url = '';

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(request);
        void Promise.resolve(this.reply(request)).then((reply) => {
          if (res.destroyed) return;
          res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...reply.headers });
          res.end(reply.body);
        });
        this.waiters = this.waiters.filter((w) => {
          if (this.requests.length >= w.count) w.resolve();
          return this.requests.length < w.count;
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves once `count` requests in all have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 5_000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} requests, got ${this.requests.length}`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  jsonBodies(): unknown[] {
    return this.requests.map((r) => JSON.parse(r.body) as unknown);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
