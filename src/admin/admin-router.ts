import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { RequestError } from '../errors.js';
import type { Store } from '../store/store.js';
import { parseDeliveryStatus, parseEventStatus, parseLimit, parsePurge } from './admin-input.js';
import { deliveryView, eventDetailView, eventSummaryView } from './admin-views.js';
import { bearerAuth } from './bearer-auth.js';

export interface AdminRouterOptions {
  /** The bearer token every admin request must carry (ADMIN_TOKEN). */
  readonly token: string;
  /** Called after a replay put deliveries back in the queue: wake the worker. */
  readonly onReplay?: () => void;
  readonly now?: () => number;
}

/**
 * The admin HTTP API under /admin: inspect events and deliveries, replay, purge. Mount it only when a token is
 * configured. Every answer is JSON; errors are `{ error: { code, message } }`.
 */
export function createAdminRouter(store: Store, options: AdminRouterOptions): Router {
  const now = options.now ?? Date.now;
  const router = new Router({ prefix: '/admin' });
  router.use(bearerAuth(options.token));
  router.use(answerErrors);

  router.get('/events', async (ctx) => {
    const status = parseEventStatus(query(ctx, 'status'));
    const events = await store.listEvents({ status, limit: parseLimit(query(ctx, 'limit')) });
    ctx.body = { events: events.map(eventSummaryView) };
  });

  router.get('/events/:id', async (ctx) => {
    const detail = await store.getEvent(ctx.params.id ?? '');
    if (!detail) throw new RequestError(404, 'not_found', `no event "${ctx.params.id ?? ''}"`);
    ctx.body = eventDetailView(detail);
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
    if (result.outcome === 'in_flight') {
      ctx.status = 409;
      ctx.body = {
        error: { code: 'conflict', message: `delivery "${id}" is being attempted now; try again shortly` },
      };
      return;
    }
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

/** Answers the errors this API expects itself, in the app's JSON shape, whatever middleware surrounds it. */
async function answerErrors(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    // Anything else (a failing store) goes on to the app's error middleware, which logs it and answers 500.
    if (!(error instanceof RequestError)) throw error;
    ctx.status = error.status;
    ctx.body = { error: { code: error.code, message: error.message } };
  }
}
