import type Router from '@koa/router';
import type { Context } from 'koa';
import { RequestError } from '../errors.js';
import { strictRouter } from '../server/strict-router.js';
import type { ProtectedArea } from '../server/protected-area.js';
import type { ArchiveStore } from '../store/store.js';
import { parseDeliveryStatus, parseEventStatus, parseLimit, parsePurge } from './admin-input.js';
import { deliveryView, eventDetailJson, eventSummaryView } from './admin-views.js';
import { bearerAuth, bearerMatches, refuseBearer } from './bearer-auth.js';

export interface AdminRouterOptions {
  /** The bearer token every admin request must carry (ADMIN_TOKEN). */
  readonly token: string;
  /** Called after a replay put deliveries back in the queue: wake the worker. */
  readonly onReplay?: () => void;
  readonly now?: () => number;
}

/** The admin API as a protected area: the app's guard checks the bearer token on /admin in any spelling. */
export function createAdminArea(store: ArchiveStore, options: AdminRouterOptions): ProtectedArea {
  return {
    name: 'admin',
    prefix: '/admin',
    router: createAdminRouter(store, options),
    authenticate: (ctx) => bearerMatches(ctx.get('authorization') || undefined, options.token),
    refuse: refuseBearer,
  };
}

/**
 * The admin HTTP API under /admin: inspect events and deliveries, replay, purge. Mount it only when a token is
 * configured, through `createAdminArea` so the guard covers it. Every answer is JSON; errors are thrown as
 * `RequestError`s and answered by the app's one error middleware.
 */
export function createAdminRouter(store: ArchiveStore, options: AdminRouterOptions): Router {
  const now = options.now ?? Date.now;
  const router = strictRouter('/admin');
  // Also checked here, so the router is never open even where it is mounted without the guard.
  router.use(bearerAuth(options.token));

  router.get('/events', async (ctx) => {
    const status = parseEventStatus(query(ctx, 'status'));
    const events = await store.listEvents({ status, limit: parseLimit(query(ctx, 'limit')) });
    ctx.body = { events: events.map(eventSummaryView) };
  });

  router.get('/events/:id', async (ctx) => {
    const detail = await store.getEvent(ctx.params.id ?? '');
    if (!detail) throw new RequestError(404, 'not_found', `no event "${ctx.params.id ?? ''}"`);
    // Written from the stored raw body: however deeply the payload nests, nothing re-serialises it.
    ctx.type = 'application/json';
    ctx.body = eventDetailJson(detail);
  });

  router.get('/deliveries', async (ctx) => {
    const status = parseDeliveryStatus(query(ctx, 'status'));
    const target = query(ctx, 'target') || undefined;
    const deliveries = await store.listDeliveries({ status, target, limit: parseLimit(query(ctx, 'limit')) });
    ctx.body = { deliveries: deliveries.map(deliveryView) };
  });

  router.post('/deliveries/:id/replay', async (ctx) => {
    const id = ctx.params.id ?? '';
    const result = await store.replay(id, now());
    if (result.outcome === 'not_found') throw new RequestError(404, 'not_found', `no delivery "${id}"`);
    if (result.outcome === 'in_flight')
      throw new RequestError(409, 'conflict', `delivery "${id}" is being attempted now; try again shortly`);
    options.onReplay?.();
    ctx.body = { delivery: deliveryView(result.delivery) };
  });

  router.post('/targets/:name/replay-dead', async (ctx) => {
    const replayed = await store.replayDead(ctx.params.name ?? '', now());
    if (replayed > 0) options.onReplay?.();
    ctx.body = { replayed };
  });

  router.post('/purge', async (ctx) => {
    const request = parsePurge(query(ctx, 'status'), query(ctx, 'olderThan'), now());
    const purged = await store.purge(request);
    ctx.body = { purged, statuses: request.statuses, olderThanMs: request.olderThanMs };
  });

  return router;
}

function query(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}
