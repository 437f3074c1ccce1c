import Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { GatewayConfig, SourceConfig } from '../config/gateway-config.js';
import { RequestError } from '../errors.js';
import { ingestWebhook, type IngestDeps } from '../ingest/ingest-webhook.js';
import { errorMiddleware } from './error-middleware.js';
import { guardProtectedAreas, type ProtectedArea } from './protected-area.js';
import { refuseAmbiguousPaths } from './refuse-ambiguous-paths.js';
import { strictRouter } from './strict-router.js';

export interface AppDeps extends IngestDeps {
  readonly logger: Logger;
  /** True once config is loaded and the store is usable, false while shutting down. */
  readonly isReady: () => boolean;
  /** Extra open routers (metrics) mounted beside the health endpoints. */
  readonly routers?: readonly Router[];
  /** Areas behind their own authentication (admin), guarded by prefix in any spelling before any routing. */
  readonly areas?: readonly ProtectedArea[];
  /** False for a listener that serves no webhook paths (the separate admin listener). Default true. */
  readonly serveWebhooks?: boolean;
}

/**
 * The HTTP surface: health endpoints and any extra routers through @koa/router, and the webhook paths of the
 * current config through one dispatcher, so a config reload changes sources without rebuilding the app. Before
 * any of them: a path in a non-canonical spelling is refused, and protected areas check their callers.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  // Errors are answered by errorMiddleware; Koa's own handler would log them a second time.
  app.silent = true;
  app.use(errorMiddleware(deps.logger));
  app.use(refuseAmbiguousPaths);
  const areas = deps.areas ?? [];
  app.use(guardProtectedAreas(areas));

  if (deps.serveWebhooks !== false) app.use(dispatchWebhooks(deps));

  const router = strictRouter();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', (ctx) => {
    const ready = deps.isReady();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not ready' };
  });
  for (const extra of [router, ...(deps.routers ?? []), ...areas.map((area) => area.router)]) {
    app.use(extra.routes());
    // Sets 405 with its Allow header; the error middleware then gives it the JSON body.
    app.use(extra.allowedMethods());
  }
  return app;
}

/** POSTs to a source's path go to the ingest pipeline of that source (looked up in the current config). */
function dispatchWebhooks(deps: IngestDeps) {
  return async (ctx: Koa.Context, next: Koa.Next): Promise<void> => {
    const source = sourceByPath(deps.config()).get(ctx.path);
    if (!source) {
      await next();
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.set('Allow', 'POST');
      throw new RequestError(
        405,
        'method_not_allowed',
        `${ctx.method} is not allowed here; webhooks are POSTed`,
      );
    }
    await ingestWebhook(ctx, source, deps);
  };
}

const sourcesByPath = new WeakMap<GatewayConfig, ReadonlyMap<string, SourceConfig>>();

/** The sources of a config keyed by path, built once per config (the lookup runs on every request). */
function sourceByPath(config: GatewayConfig): ReadonlyMap<string, SourceConfig> {
  let byPath = sourcesByPath.get(config);
  if (!byPath) {
    byPath = new Map([...config.sources.values()].map((source) => [source.path, source]));
    sourcesByPath.set(config, byPath);
  }
  return byPath;
}
