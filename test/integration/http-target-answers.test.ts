import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventDetail } from '../../src/store/store.js';
import { postSigned } from '../helpers/sign.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../helpers/wait-until.js';

const secret = 'http-answers-secret';
const megabyte = 1024 * 1024;

/** A receiver on a real socket; `answer` writes the response and may count what got out before the client left. */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const servers: Server[] = [];
let running: TestGateway | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const config = (url: string, message = '') => `
sources:
  connect-it:
    path: /webhook
    verify: { scheme: connect-it, secrets: ["\${WEBHOOK_SECRET}"] }
    events:
      test.completed:
targets:
  receiver:
    type: http
    url: "${url}"
    timeoutMs: 60000
    retry: none
routes:
  - name: all
    events: test.completed
    to: receiver
${message}`;

async function deliverOne(payload: Record<string, unknown> = { n: 1 }): Promise<EventDetail> {
  const gateway = running!.gateway;
  const response = await postSigned(`${gateway.url}/webhook`, { type: 'test.completed', ...payload }, secret);
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: string };
  return waitUntil(
    'the delivery to finish',
    async () => {
      const detail = await gateway.store.getEvent(id);
      const status = detail?.deliveries[0]?.delivery.status;
      return status === 'delivered' || status === 'dead' ? detail : undefined;
    },
    30_000,
  );
}

describe('http target: what receivers answer', () => {
  it('a 200 with a 256 MB body is a success, read no further than classification needs', async () => {
    let written = 0;
    let closed: () => void = () => {};
    const gone = new Promise<void>((resolve) => (closed = resolve));
    const url = await receiver((_req, res) => {
      res.on('close', closed);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x7a);
      const pump = (): void => {
        while (written < 256 * megabyte && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    running = await startTestGateway({ yaml: config(`${url}/hook`), env: { WEBHOOK_SECRET: secret } });
    const detail = await deliverOne();
    expect(detail.deliveries[0]?.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(detail.deliveries[0]?.attempts[0]).toMatchObject({ outcome: 'success', httpStatus: 200 });
    await gone;
    // What left the receiver before the gateway hung up: socket buffers, not the 256 MB.
    expect(written).toBeLessThan(32 * megabyte);
  });

  it('a query secret the receiver echoes back is in no recorded error, nor is the URL’s value', async () => {
    const key = 'live-key-4f1d0c2b9a';
    const url = await receiver((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: `key ${key} is revoked`, url: `http://${req.headers.host}${req.url}` }),
      );
    });
    running = await startTestGateway({
      yaml: config(`${url}/hook?api_key=${key}&team=ops`),
      env: { WEBHOOK_SECRET: secret },
    });
    const detail = await deliverOne();
    const { delivery, attempts } = detail.deliveries[0]!;
    expect(delivery.status).toBe('dead');
    const recorded = JSON.stringify({ delivery, attempts });
    expect(recorded).not.toContain(key);
    expect(attempts[0]?.error).toContain('the receiver answered 401');
    expect(attempts[0]?.error).toContain('key [redacted] is revoked');
  });

  it('header values with an em dash, an emoji or 200,000 characters are delivered, encoded and bounded', async () => {
    let headers: IncomingMessage['headers'] = {};
    const url = await receiver((req, res) => {
      headers = req.headers;
      res.end('ok');
    });
    const message = `    message:
      header.X-Title: '{{ event.title }}'
      header.X-Notes: '{{ event.notes }}'`;
    running = await startTestGateway({
      yaml: config(`${url}/hook`, message),
      env: { WEBHOOK_SECRET: secret },
    });
    const detail = await deliverOne({ title: 'Q3 review — 🎉', notes: 'n'.repeat(200_000) });
    expect(detail.deliveries[0]?.delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(headers['x-title']).toBe("UTF-8''Q3%20review%20%E2%80%94%20%F0%9F%8E%89");
    expect(decodeURIComponent(String(headers['x-title']).slice("UTF-8''".length))).toBe('Q3 review — 🎉');
    expect(headers['x-notes']).toBe('n'.repeat(4096));
  });
});
