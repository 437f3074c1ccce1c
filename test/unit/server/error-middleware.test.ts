import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestError, StoreError } from '../../../src/errors.js';
import { errorMiddleware } from '../../../src/server/error-middleware.js';

const secretText = 'SQLITE_CANTOPEN: /var/lib/hookgate/data/store.db password=hunter2';

/** Log lines written by the middleware, as parsed JSON. */
const logged: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
);

function createTestApp(): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(errorMiddleware(logger));
  app.use(async (ctx, next) => {
    switch (ctx.path) {
      case '/ok':
        ctx.body = { status: 'ok' };
        return;
      case '/unauthorized':
        throw new RequestError(401, 'signature_invalid', 'the signature does not match');
      case '/too-large':
        throw new RequestError(413, 'payload_too_large', 'the body is larger than the limit of 10 bytes');
      case '/schema':
        throw new RequestError(
          422,
          'schema_violation',
          'the transcript.completed payload does not match its schema',
          {
            details: [{ path: '/data/headline', message: 'must be string' }],
          },
        );
      case '/crash':
        throw new Error(secretText);
      case '/crash-later':
        await Promise.resolve();
        throw new TypeError(secretText);
      case '/unserialisable': {
        // A body the serialiser cannot write (here a cycle; a payload nested deeper than the stack fails alike).
        const body: Record<string, unknown> = { ok: true };
        body.self = body;
        ctx.body = body;
        return;
      }
      case '/disk-full':
        throw new StoreError('store operation failed: database or disk is full', {
          cause: Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
          transient: true,
        });
      case '/store-bug':
        throw new StoreError('delivery d1 has no event');
      default:
        await next();
    }
  });
  return app;
}

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  const handle = createTestApp().callback();
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  logged.length = 0;
});

async function get(
  path: string,
): Promise<{ status: number; contentType: string | null; retryAfter: string | null; body: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, { method: path === '/unmatched-post' ? 'POST' : 'GET' });
  const body: unknown = await response.json();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    body,
  };
}

describe('errorMiddleware', () => {
  it('answers a body that cannot be serialised as JSON 500, through the one error path', async () => {
    expect(await get('/unserialisable')).toMatchObject({
      status: 500,
      contentType: 'application/json; charset=utf-8',
      body: { error: { code: 'internal', message: 'internal error' } },
    });
    expect(logged[0]).toMatchObject({ msg: 'request failed', path: '/unserialisable' });
  });

  it('answers a transient store failure (disk full) 503 store_unavailable with Retry-After, and logs it', async () => {
    expect(await get('/disk-full')).toMatchObject({
      status: 503,
      retryAfter: '30',
      body: {
        error: {
          code: 'store_unavailable',
          message: 'the store is unavailable right now; nothing was changed, try again later',
        },
      },
    });
    expect(logged[0]).toMatchObject({ level: 50, msg: 'request failed', path: '/disk-full' });
  });

  it('answers any other store failure 500 without Retry-After', async () => {
    expect(await get('/store-bug')).toMatchObject({
      status: 500,
      retryAfter: null,
      body: { error: { code: 'internal' } },
    });
  });

  it('lets a successful response through untouched', async () => {
    expect(await get('/ok')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers a RequestError with its status and { error: { code, message } }', async () => {
    const response = await get('/unauthorized');
    expect(response.status).toBe(401);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      error: { code: 'signature_invalid', message: 'the signature does not match' },
    });
  });

  it('answers a 413 RequestError with 413', async () => {
    expect(await get('/too-large')).toMatchObject({
      status: 413,
      body: {
        error: { code: 'payload_too_large', message: 'the body is larger than the limit of 10 bytes' },
      },
    });
  });

  it('includes the details of a 422 schema violation', async () => {
    const response = await get('/schema');
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      error: {
        code: 'schema_violation',
        message: 'the transcript.completed payload does not match its schema',
        details: [{ path: '/data/headline', message: 'must be string' }],
      },
    });
  });

  it('does not log request errors', async () => {
    await get('/unauthorized');
    expect(logged).toEqual([]);
  });

  it('answers any other error with 500 internal and a generic message', async () => {
    const response = await get('/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
  });

  it('does not leak the error text of an unknown error', async () => {
    for (const path of ['/crash', '/crash-later']) {
      const response = await fetch(`${baseUrl}${path}`);
      const text = await response.text();
      expect(text).not.toContain('SQLITE_CANTOPEN');
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('TypeError');
    }
  });

  it('logs an unknown error with the request it failed', async () => {
    await get('/crash');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, msg: 'request failed', method: 'GET', path: '/crash' });
    expect(JSON.stringify(logged[0])).toContain('SQLITE_CANTOPEN');
  });

  it('answers an unmatched request with 404 not_found as JSON', async () => {
    const response = await get('/nowhere');
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'no route for GET /nowhere' } });
  });

  it('names the method in the 404 message', async () => {
    expect(await get('/unmatched-post')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: 'no route for POST /unmatched-post' } },
    });
  });
});
