import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../../src/config/gateway-config.js';
import { createApp } from '../../../src/server/create-app.js';
import type { ProtectedArea } from '../../../src/server/protected-area.js';
import { strictRouter } from '../../../src/server/strict-router.js';
import { rawRequest } from '../../helpers/raw-request.js';
import { serveKoa, type ServedApp } from '../../helpers/serve-koa.js';

/** A second area with its own authentication, as the console will be: the guard treats it as it treats /admin. */
function consoleLikeArea(): ProtectedArea {
  const router = strictRouter('/console');
  router.get('/', (ctx) => {
    ctx.body = { page: 'home' };
  });
  router.get('/sessions', (ctx) => {
    ctx.body = { sessions: [] };
  });
  return {
    name: 'console',
    prefix: '/console',
    router,
    authenticate: (ctx) => ctx.get('cookie') === 'session=ok',
    refuse: (ctx) => {
      ctx.status = 401;
      ctx.body = { error: { code: 'unauthorized', message: 'log in first' } };
    },
  };
}

let served: ServedApp;
let base: string;

beforeAll(async () => {
  const config = { sources: new Map() } as unknown as GatewayConfig;
  const app = createApp({
    config: () => config,
    queue: { enqueue: () => Promise.reject(new Error('unused')) },
    logger: pino({ level: 'silent' }),
    now: Date.now,
    isReady: () => true,
    areas: [consoleLikeArea()],
  });
  served = await serveKoa(app);
  base = served.base;
});
afterAll(() => served.close());

describe('guardProtectedAreas in createApp', () => {
  it('lets an authenticated request reach the area', async () => {
    const response = await rawRequest(base, 'GET', '/console/sessions', { cookie: 'session=ok' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ sessions: [] });
  });

  it.each([
    '/console/sessions',
    '/CONSOLE/sessions',
    '/Console/Sessions',
    '/console',
    '/CONSOLE/nothing-here',
  ])('refuses %s without a session, whether or not a route matches', async (path) => {
    const response = await rawRequest(base, 'GET', path);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'unauthorized', message: 'log in first' } });
  });

  it.each(['/console/sessions/', '//console/sessions', '/console%2Fsessions', '/x/../console/sessions'])(
    'refuses the ambiguous spelling %s with 400 before routing',
    async (path) => {
      const response = await rawRequest(base, 'GET', path, { cookie: 'session=ok' });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'bad_request' } });
    },
  );

  it('routes case-sensitively: another case is 404 even with a session', async () => {
    expect((await rawRequest(base, 'GET', '/CONSOLE/sessions', { cookie: 'session=ok' })).status).toBe(404);
    expect((await rawRequest(base, 'GET', '/HEALTHZ')).status).toBe(404);
    expect((await rawRequest(base, 'GET', '/healthz')).status).toBe(200);
  });
});
