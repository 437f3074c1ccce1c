import type Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import type { Context, Next } from 'koa';
import { GatewayError, RequestError } from '../errors.js';
import { strictRouter } from '../server/strict-router.js';
import type { ConsoleData } from './console-data.js';
import { loadConsoleAssets } from './console-assets.js';
import { clearSessionCookie, consoleSecurityHeaders, setSessionCookie } from './console-session.js';
import { readEventsForm } from './read-events-form.js';
import { csrfMatches, csrfTokenOf, issueSession, sameText, sessionKeyOf } from './session-token.js';
import type { SignInLimiter } from './sign-in-limiter.js';
import { deadLettersPage, replayAllConfirmPage } from './views/dead-letters-page.js';
import { eventPage } from './views/event-page.js';
import { eventsPage } from './views/events-page.js';
import { overviewPage } from './views/overview-page.js';
import { routesPage } from './views/routes-page.js';
import { signInPage } from './views/sign-in-page.js';
import { targetsPage } from './views/targets-page.js';

const assets = loadConsoleAssets();
const eventsPerPage = 50;

/** Paths served without a session: the sign-in page and the static files (exact spellings only). */
export function isOpenPath(path: string): boolean {
  if (path === '/console/sign-in') return true;
  return path.startsWith('/console/assets/') && assets.has(path.slice('/console/assets/'.length));
}

export interface ConsoleRouterOptions {
  readonly key: Buffer;
  readonly token: string;
  readonly limiter: SignInLimiter;
  readonly sessionOf: (ctx: Context) => string | undefined;
  readonly now: () => number;
}

/**
 * The console's pages under /console: server-rendered HTML, forms that POST with a CSRF token, and a small JSON
 * API the page script polls. Every value shown is escaped by the views.
 */
export function createConsoleRouter(data: ConsoleData, options: ConsoleRouterOptions): Router {
  const { key } = options;
  const router = strictRouter();
  // The try box takes a payload; forms are otherwise tiny.
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '256kb' });

  router.use(async (ctx: Context, next: Next) => {
    ctx.set(consoleSecurityHeaders);
    // Also checked here, so the router is never open even where it is mounted without the guard.
    if (!isOpenPath(ctx.path)) {
      const session = options.sessionOf(ctx);
      if (session === undefined) throw new RequestError(401, 'unauthorized', 'sign in to the console first');
      ctx.state.consoleSession = session;
    }
    await next();
  });

  const csrfOf = (ctx: Context): string => csrfTokenOf(key, session(ctx));
  const page = (ctx: Context, body: string): void => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = body;
  };
  /** Refuses a state-changing request whose form lacks this session's CSRF token. */
  const checked = async (ctx: Context, next: Next): Promise<void> => {
    const presented = field(ctx, 'csrf');
    if (!csrfMatches(key, session(ctx), presented))
      throw new RequestError(
        403,
        'forbidden',
        'the form is missing its CSRF token or it does not match; reload the page',
      );
    await next();
  };

  router.get('/console/assets/:name', (ctx) => {
    const asset = assets.get(ctx.params.name ?? '');
    if (!asset) throw new RequestError(404, 'not_found', 'no such console file');
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.type = asset.type;
    ctx.body = asset.body;
  });

  router.get('/console/sign-in', (ctx) => page(ctx, signInPage(undefined)));
  router.post('/console/sign-in', forms, (ctx) => {
    const decision = options.limiter.take(ctx.ip);
    if (!decision.allowed) {
      ctx.set('Retry-After', String(decision.retryAfterSec));
      throw new RequestError(429, 'rate_limited', 'too many sign-in attempts; wait and try again');
    }
    // Both sides hashed to equal length first, then compared in constant time.
    if (
      !sameText(
        sessionKeyOf(field(ctx, 'token') ?? '').toString('hex'),
        sessionKeyOf(options.token).toString('hex'),
      )
    ) {
      ctx.status = 401;
      page(ctx, signInPage('That is not the admin token.'));
      return;
    }
    setSessionCookie(ctx, issueSession(key, options.now()).value);
    ctx.redirect('/console');
    ctx.status = 303;
  });
  router.post('/console/sign-out', forms, checked, (ctx) => {
    clearSessionCookie(ctx);
    ctx.redirect('/console/sign-in');
    ctx.status = 303;
  });

  router.get('/console', async (ctx) =>
    page(ctx, overviewPage(await data.overview(options.now()), csrfOf(ctx))),
  );
  router.get('/console/api/overview', async (ctx) => {
    ctx.body = await data.overview(options.now());
  });

  router.get('/console/events', async (ctx) => {
    const form = readEventsForm(queryOf(ctx));
    const result = await data.findEvents(form.filter, form.cursor, eventsPerPage);
    page(ctx, eventsPage(result, form, data.names(), csrfOf(ctx)));
  });
  router.get('/console/api/events', async (ctx) => {
    const form = readEventsForm(queryOf(ctx));
    ctx.body = await data.findEvents(form.filter, form.cursor, eventsPerPage);
  });
  router.get('/console/events/:id', async (ctx) => {
    const view = await data.event(ctx.params.id ?? '');
    if (!view) throw new RequestError(404, 'not_found', 'no such event');
    const notice = ctx.query.replayed === '1' ? 'Replayed: the delivery is queued again.' : undefined;
    page(ctx, eventPage(view, { full: ctx.query.full === '1', csrf: csrfOf(ctx), notice }));
  });

  router.post('/console/deliveries/:id/replay', forms, checked, async (ctx) => {
    const result = await data.replay(ctx.params.id ?? '');
    if (result.outcome === 'not_found') throw new RequestError(404, 'not_found', 'no such delivery');
    if (result.outcome === 'in_flight')
      throw new RequestError(409, 'conflict', 'the delivery is being attempted now; try again shortly');
    const back = field(ctx, 'back');
    const eventPath = `/console/events/${encodeURIComponent(result.delivery.eventId)}`;
    ctx.redirect(
      back === '/console/dead-letters' ? '/console/dead-letters?replayed=1' : `${eventPath}?replayed=1`,
    );
    ctx.status = 303;
  });

  router.get('/console/dead-letters', async (ctx) => {
    const notice =
      ctx.query.replayed !== undefined ? `Replayed ${String(ctx.query.replayed)}: queued again.` : undefined;
    page(ctx, deadLettersPage(await data.deadLetters(1000), csrfOf(ctx), notice));
  });
  router.get('/console/dead-letters/:target/replay-all', async (ctx) => {
    const target = ctx.params.target ?? '';
    const count = (await data.deadLetters(100_000)).filter((d) => d.target === target).length;
    page(ctx, replayAllConfirmPage(target, count, csrfOf(ctx)));
  });
  router.post('/console/dead-letters/:target/replay-all', forms, checked, async (ctx) => {
    const replayed = await data.replayDead(ctx.params.target ?? '');
    ctx.redirect(`/console/dead-letters?replayed=${replayed}`);
    ctx.status = 303;
  });

  router.get('/console/targets', async (ctx) => page(ctx, targetsPage(await data.targets(), csrfOf(ctx))));
  router.get('/console/routes', (ctx) =>
    page(ctx, routesPage(data.routes(), data.names().sources, csrfOf(ctx), undefined)),
  );
  router.post('/console/routes/try', forms, checked, (ctx) => {
    const source = field(ctx, 'source') ?? '';
    const payload = field(ctx, 'payload') ?? '';
    let tried;
    try {
      tried = { source, payload, previews: data.tryEvent(source, Buffer.from(payload, 'utf8')) };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      tried = { source, payload, problem: error.message };
    }
    page(ctx, routesPage(data.routes(), data.names().sources, csrfOf(ctx), tried));
  });

  return router;
}

function session(ctx: Context): string {
  const id: unknown = ctx.state.consoleSession;
  if (typeof id !== 'string') throw new RequestError(401, 'unauthorized', 'sign in to the console first');
  return id;
}

function field(ctx: Context, name: string): string | undefined {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  return typeof value === 'string' ? value : undefined;
}

function queryOf(ctx: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}
