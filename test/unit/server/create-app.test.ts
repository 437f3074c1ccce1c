import { resolve } from 'node:path';
import Router from '@koa/router';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../../../src/config/gateway-config.js';
import { loadConfigText } from '../../../src/config/load-config.js';
import type { DeliveryQueue } from '../../../src/store/delivery-queue.js';
import { createApp } from '../../../src/server/create-app.js';
import { stubPlugins } from '../../helpers/stub-plugin.js';
import { serveKoa, type ServedApp } from '../../helpers/serve-koa.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

function configWithPath(path: string): GatewayConfig {
  return loadConfigText(
    'gateway.yaml',
    [
      'sources:',
      '  shop:',
      `    path: ${path}`,
      '    verify: { scheme: connect-it, secrets: [s3cret] }',
      '    events: { order.created: null }',
      'targets:',
      '  chat: { type: stub }',
      'routes:',
      '  - name: orders',
      '    events: order.created',
      '    to: chat',
      '',
    ].join('\n'),
    { env: {}, plugins: stubPlugins, baseDir: repoRoot },
  );
}

let config: GatewayConfig;
let ready: boolean;
const enqueue = vi.fn<DeliveryQueue['enqueue']>();
let served: ServedApp;
let base: string;

beforeAll(async () => {
  const extra = new Router();
  extra.get('/extra', (ctx) => {
    ctx.body = { extra: true };
  });
  const app = createApp({
    config: () => config,
    queue: { enqueue },
    logger: pino({ level: 'silent' }),
    now: () => Date.UTC(2025, 0, 1),
    isReady: () => ready,
    routers: [extra],
  });
  served = await serveKoa(app);
  base = served.base;
});

afterAll(async () => {
  await served.close();
});

beforeEach(() => {
  config = configWithPath('/hooks/shop');
  ready = true;
  enqueue.mockReset();
});

async function call(method: string, path: string, body?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
  });
  return {
    status: response.status,
    allow: response.headers.get('allow'),
    type: response.headers.get('content-type'),
    body: await response.json(),
  };
}

describe('createApp', () => {
  it('answers GET /healthz with 200', async () => {
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers /readyz 200 while ready and 503 once not ready', async () => {
    expect(await call('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    ready = false;
    expect(await call('GET', '/readyz')).toMatchObject({ status: 503, body: { status: 'not ready' } });
    ready = true;
    expect((await call('GET', '/readyz')).status).toBe(200);
  });

  it('answers POST /healthz with 405 and the JSON error body', async () => {
    const response = await call('POST', '/healthz', '{}');
    expect(response.status).toBe(405);
    expect(response.type).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      error: { code: 'method_not_allowed', message: 'POST is not allowed here' },
    });
  });

  it('names the allowed methods in the Allow header of a 405 from a router, as RFC 9110 requires', async () => {
    expect((await call('POST', '/healthz', '{}')).allow).toBe('HEAD, GET');
    expect((await call('DELETE', '/extra')).allow).toBe('HEAD, GET');
  });

  it('mounts the extra routers beside the health endpoints, with the same 405 answer', async () => {
    expect(await call('GET', '/extra')).toMatchObject({ status: 200, body: { extra: true } });
    expect(await call('DELETE', '/extra')).toMatchObject({
      status: 405,
      body: { error: { code: 'method_not_allowed' } },
    });
  });

  it('answers an unknown path with 404 not_found as JSON', async () => {
    expect(await call('GET', '/nope')).toEqual(
      expect.objectContaining({
        status: 404,
        body: { error: { code: 'not_found', message: 'no route for GET /nope' } },
      }),
    );
  });

  it('answers a GET on a webhook path with 405, Allow: POST, without reading it as a webhook', async () => {
    const response = await call('GET', '/hooks/shop');
    expect(response).toMatchObject({
      status: 405,
      allow: 'POST',
      body: { error: { code: 'method_not_allowed' } },
    });
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('sends a POST on a webhook path to ingest (an unsigned one is refused there)', async () => {
    const response = await call('POST', '/hooks/shop', '{"type":"order.created"}');
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'signature_missing' } } });
  });

  it('follows the webhook paths of the config in force, so a reload moves them without a new app', async () => {
    config = configWithPath('/hooks/shop-v2');

    expect((await call('POST', '/hooks/shop', '{}')).status).toBe(404);
    expect(await call('POST', '/hooks/shop-v2', '{}')).toMatchObject({
      status: 401,
      body: { error: { code: 'signature_missing' } },
    });
  });
});
