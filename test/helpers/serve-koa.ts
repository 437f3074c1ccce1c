import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

/** A Koa app served over real HTTP on a free loopback port. */
export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `app` with node:http on 127.0.0.1 (port 0: the kernel picks one) until `close()`. */
export async function serveKoa(app: Koa): Promise<ServedApp> {
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
