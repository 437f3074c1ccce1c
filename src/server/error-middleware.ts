import { Stream } from 'node:stream';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { RequestError } from '../errors.js';
import { reportError } from '../report-error.js';

/**
 * The one place errors become HTTP answers: `{ "error": { "code", "message" } }` (plus `details` for schema
 * violations), as `reportError` words them. Request errors show their own message; a transient store failure is
 * 503 `store_unavailable` with Retry-After, so the sender tries again; anything else is a 500 with a generic
 * message, logged. JSON bodies are
 * serialised here, inside the try, so even a body that cannot be serialised is answered through this path.
 */
export function errorMiddleware(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new RequestError(404, 'not_found', `no route for ${ctx.method} ${ctx.path}`);
      }
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) {
        throw new RequestError(405, 'method_not_allowed', `${ctx.method} is not allowed here`);
      }
      serialiseJsonBody(ctx);
    } catch (error) {
      const report = reportError(error);
      if (!report.told) {
        logger.error({ err: error, code: report.code, method: ctx.method, path: ctx.path }, 'request failed');
      }
      const { status, retryAfterSeconds, ...answer } = report.http;
      if (retryAfterSeconds !== undefined) ctx.set('Retry-After', String(retryAfterSeconds));
      ctx.status = status;
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ error: answer });
    }
  };
}

/** What Koa would do after the middleware returned, done here where a failure is still caught. */
function serialiseJsonBody(ctx: Context): void {
  const body: unknown = ctx.body;
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body) || body instanceof Stream) return;
  const text = JSON.stringify(body);
  ctx.type = 'application/json';
  ctx.body = text;
}
