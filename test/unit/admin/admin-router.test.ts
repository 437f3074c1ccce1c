import Koa from 'koa';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAdminRouter } from '../../../src/admin/admin-router.js';
import { bearerMatches } from '../../../src/admin/bearer-auth.js';
import { errorMiddleware } from '../../../src/server/error-middleware.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { Store } from '../../../src/store/store.js';
import { deepEvent, seedStore, t0 } from './seed-store.js';
import { serveKoa, type ServedApp } from '../../helpers/serve-koa.js';

const token = 'admin-token-0123456789';
let served: ServedApp;
let base: string;
let store: Store;
let onReplay: ReturnType<typeof vi.fn<() => void>>;

beforeEach(async () => {
  store = createMemoryStore();
  await seedStore(store);
  onReplay = vi.fn<() => void>();
  const app = new Koa();
  app.silent = true;
  // The router throws its errors; the app's one error middleware answers them.
  app.use(errorMiddleware(pino({ level: 'silent' })));
  app.use(createAdminRouter(store, { token, onReplay, now: () => t0 + 10 * 3_600_000 }).routes());
  served = await serveKoa(app);
  base = served.base;
});

afterEach(async () => {
  await served.close();
  await store.close();
});

async function call(method: string, path: string, auth: string | null = `Bearer ${token}`) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: auth === null ? {} : { authorization: auth },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('admin router', () => {
  it.each([
    ['no header', null],
    ['a wrong token', 'Bearer nope'],
    ['a longer token', `Bearer ${token}x`],
    ['another scheme', `Basic ${token}`],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 with a JSON error for %s', async (_, auth) => {
    const response = await call('GET', '/admin/events', auth);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: 'unauthorized', message: 'a valid admin bearer token is required' },
    });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('lists events newest first, filtered by status and limited', async () => {
    const all = await call('GET', '/admin/events');
    expect(all.status).toBe(200);
    expect((all.body.events as { id: string; status: string }[]).map((e) => [e.id, e.status])).toEqual([
      ['evt_d', 'unrouted'],
      ['evt_c', 'pending'],
      ['evt_b', 'dead'],
      ['evt_a', 'delivered'],
    ]);
    expect((await call('GET', '/admin/events?status=dead')).body.events).toMatchObject([
      { id: 'evt_b', receivedAt: new Date(t0 + 1000).toISOString(), deliveries: { dead: 1, pending: 1 } },
    ]);
    expect((await call('GET', '/admin/events?limit=1')).body.events).toHaveLength(1);
  });

  it('rejects bad filters with 400', async () => {
    expect(await call('GET', '/admin/events?status=lost')).toEqual(
      expect.objectContaining({
        status: 400,
        body: {
          error: { code: 'bad_request', message: 'status must be one of pending, delivered, dead, unrouted' },
        },
      }),
    );
    expect((await call('GET', '/admin/deliveries?limit=0')).status).toBe(400);
    expect((await call('POST', '/admin/purge?olderThan=soon')).status).toBe(400);
  });

  it('shows one event with its deliveries and their attempts', async () => {
    const { status, body } = await call('GET', '/admin/events/evt_b');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      event: { id: 'evt_b', source: 'connect-it', payload: { data: { headline: 'headline of evt_b' } } },
      deliveries: [
        {
          id: 'dlv_b1',
          status: 'dead',
          deadReason: 'permanent failure',
          history: [
            {
              attempt: 1,
              outcome: 'retryable',
              httpStatus: 503,
              durationMs: 80,
              startedAt: new Date(t0 + 3000).toISOString(),
            },
            { attempt: 2, outcome: 'permanent', httpStatus: 404, error: 'HTTP 404 channel_not_found' },
          ],
        },
        { id: 'dlv_b2', status: 'pending', history: [] },
      ],
    });
    expect(body.event).not.toHaveProperty('rawBody');
  });

  it('shows an event nested deeper than JSON.stringify can go, as JSON, from its raw body', async () => {
    const event = deepEvent();
    await store.enqueue(event, []);
    const response = await fetch(`${base}/admin/events/evt_deep`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(text).toContain(`"payload":${event.rawBody}`);
    const body = JSON.parse(text) as { event: { id: string; type: string }; deliveries: unknown[] };
    expect(body.event).toMatchObject({ id: 'evt_deep', type: 'deep.event' });
    expect(body.deliveries).toEqual([]);
  });

  it('answers 404 for an unknown event or delivery', async () => {
    expect(await call('GET', '/admin/events/evt_zzz')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: 'no event "evt_zzz"' } },
    });
    expect((await call('POST', '/admin/deliveries/dlv_zzz/replay')).status).toBe(404);
    expect(onReplay).not.toHaveBeenCalled();
  });

  it('lists deliveries by status and target', async () => {
    const { body } = await call('GET', '/admin/deliveries?status=dead&target=slack');
    expect(body.deliveries).toMatchObject([
      { id: 'dlv_b1', target: 'slack', attempts: 2, lastError: 'HTTP 404 channel_not_found' },
    ]);
    expect((await call('GET', '/admin/deliveries?target=mail')).body.deliveries).toMatchObject([
      { id: 'dlv_b2' },
    ]);
  });

  it('replays a delivery and wakes the worker; refuses one in flight with 409', async () => {
    const replayed = await call('POST', '/admin/deliveries/dlv_b1/replay');
    expect(replayed).toMatchObject({
      status: 200,
      body: { delivery: { id: 'dlv_b1', status: 'pending', round: 2, attempts: 0 } },
    });
    expect(onReplay).toHaveBeenCalledTimes(1);
    expect(await call('POST', '/admin/deliveries/dlv_c1/replay')).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict' } },
    });
  });

  it('replays every dead delivery of a target', async () => {
    expect((await call('POST', '/admin/targets/slack/replay-dead')).body).toEqual({ replayed: 1 });
    expect((await call('POST', '/admin/targets/slack/replay-dead')).body).toEqual({ replayed: 0 });
    expect(onReplay).toHaveBeenCalledTimes(1);
  });

  it('purges by status and age', async () => {
    const { status, body } = await call('POST', '/admin/purge?status=dead,delivered&olderThan=1h');
    expect(status).toBe(200);
    expect(body).toEqual({
      purged: { deliveries: 2, events: 2 },
      statuses: ['dead', 'delivered'],
      olderThanMs: 3_600_000,
    });
    expect((await call('GET', '/admin/events/evt_a')).status).toBe(404);
    expect((await call('GET', '/admin/events/evt_b')).body.deliveries).toMatchObject([{ id: 'dlv_b2' }]);
  });
});

describe('bearerMatches', () => {
  it('accepts only the exact token after Bearer', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
  });

  it('refuses to build a router without a token', () => {
    expect(() => createAdminRouter(createMemoryStore(), { token: '' })).toThrow(/must not be empty/);
  });
});
