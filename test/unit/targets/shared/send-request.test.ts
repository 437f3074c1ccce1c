import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { got } from 'got';
import { afterEach, describe, expect, it } from 'vitest';
import { sendRequest } from '../../../../src/targets/shared/send-request.js';

const megabyte = 1024 * 1024;

/** A real local server; `answer` writes the response. Reports how many body bytes it got out before the client left. */
async function serve(answer: (res: ServerResponse, sent: { bytes: number }) => void) {
  const sent = { bytes: 0, closed: Promise.resolve() };
  let closed: () => void = () => {};
  sent.closed = new Promise<void>((resolve) => (closed = resolve));
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.on('close', closed);
      answer(res, sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, sent };
}

/** Streams `total` bytes, respecting back-pressure, so `sent` counts what the client really took. */
function stream(total: number) {
  return (res: ServerResponse, sent: { bytes: number }): void => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = (): void => {
      while (sent.bytes < total && !res.destroyed) {
        sent.bytes += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const http = got.extend({});
const request = (url: string, maxBodyBytes: number) =>
  sendRequest(http, { method: 'POST', url, headers: {}, body: '{}', maxBodyBytes, timeoutMs: 10_000 });

describe('sendRequest', () => {
  it('reads a small answer whole', async () => {
    const { url } = await serve((res) => res.writeHead(201, { 'retry-after': '3' }).end('created ✓'));
    const response = await request(url, 4096);
    expect(response).toMatchObject({ status: 201, body: 'created ✓', truncated: false });
    expect(response.headers['retry-after']).toBe('3');
  });

  it('stops reading a 256 MB answer after the bound and closes the connection', async () => {
    const { url, sent } = await serve(stream(256 * megabyte));
    const response = await request(url, 4096);
    expect(response.status).toBe(200);
    expect(response.truncated).toBe(true);
    expect(response.body).toBe('a'.repeat(4096));
    expect(response.bytesRead).toBeLessThan(megabyte);
    await sent.closed;
    // What left the server before it saw the close: socket buffers, not the answer.
    expect(sent.bytes).toBeLessThan(32 * megabyte);
  });

  it('keeps whole characters of a body cut at the bound, marking a cut one as U+FFFD', async () => {
    const { url } = await serve((res) => res.end('é'.repeat(10)));
    const response = await request(url, 5);
    expect(response.body).toBe('éé\ufffd');
  });

  it('with a bound of 0 reads nothing at all', async () => {
    const { url } = await serve(stream(8 * megabyte));
    const response = await request(url, 0);
    expect(response).toMatchObject({ status: 200, body: '', truncated: true });
  });
});
