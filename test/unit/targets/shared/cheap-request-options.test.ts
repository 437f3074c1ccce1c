import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { got, type Options } from 'got';
import { afterEach, describe, expect, it } from 'vitest';
import { cheapRequestOptions } from '../../../../src/targets/shared/cheap-request-options.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A local server that answers 200 with the request's method, path and body. */
async function echo(): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => res.end(`${req.method} ${req.url} ${body}`));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('cheapRequestOptions', () => {
  it('sends requests as before, with no cache options left for the native request', async () => {
    const base = await echo();
    const seen: Options['cacheOptions'][] = [];
    const client = got
      .extend({ retry: { limit: 0 } })
      .extend(cheapRequestOptions)
      .extend({ hooks: { beforeRequest: [(options) => void seen.push({ ...options.cacheOptions })] } });
    const response = await client.post(`${base}/sink`, { body: 'hello' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('POST /sink hello');
    // got's default holds four keys set to undefined; emptied, they are not spread into every request's options.
    expect(Object.keys(got.defaults.options.cacheOptions)).toHaveLength(4);
    expect(seen).toEqual([{}]);
  });

  it('keeps the hooks of the client it extends', async () => {
    const base = await echo();
    let called = 0;
    const client = got
      .extend({
        hooks: {
          beforeRequest: [
            () => {
              called++;
            },
          ],
        },
      })
      .extend(cheapRequestOptions);
    await client.get(`${base}/`);
    expect(called).toBe(1);
  });
});
