import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from 'pino';
import type { GatewayConfig, SourceConfig } from '../config/gateway-config.js';
import { RequestError } from '../errors.js';
import { ingestWebhook, type IngestDeps } from '../ingest/ingest-webhook.js';
import { errorMiddleware } from './error-middleware.js';

export interface AppDeps extends IngestDeps {
  readonly logger: Logger;
  /** True once config is loaded and the store is usable, false while shutting down. */
  readonly isReady: () => boolean;
  /** Extra routers (metrics, admin) mounted beside the health endpoints. */
  readonly routers?: readonly Router[];
}

/**
 * The HTTP surface: health endpoints and any extra routers through @koa/router, and the webhook paths of the
 * current config through one dispatcher, so a config reload changes sources without rebuilding the app.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  // Errors are answered by errorMiddleware; Koa's own handler would log them a second time.
  app.silent = true;
  app.use(errorMiddleware(deps.logger));

  app.use(async (ctx, next) => {
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
  });

  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', (ctx) => {
    const ready = deps.isReady();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not ready' };
  });
  for (const extra of [router, ...(deps.routers ?? [])]) {
    app.use(extra.routes());
    // Sets 405 with its Allow header; the error middleware then gives it the JSON body.
    app.use(extra.allowedMethods());
  }
  return app;
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
