import { Stream } from 'node:stream';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { RequestError, requestErrorOf } from '../errors.js';

/** Seconds a sender is asked to wait when the store cannot take the event now (disk full, busy, shutting down). */
export const storeRetryAfterSeconds = 30;

/**
 * The one place errors become HTTP answers: `{ "error": { "code", "message" } }` (plus `details` for schema
 * violations). Request errors show their own message; a transient store failure is 503 `store_unavailable` with
 * Retry-After, so the sender tries again; anything else is a 500 with a generic message, logged. JSON bodies are
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
      const requestError = requestErrorOf(error);
      if (!(error instanceof RequestError))
        logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      if (requestError?.code === 'store_unavailable') ctx.set('Retry-After', String(storeRetryAfterSeconds));
      ctx.status = requestError?.status ?? 500;
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({
        error: {
          code: requestError?.code ?? 'internal',
          message: requestError?.message ?? 'internal error',
          ...(requestError?.details ? { details: requestError.details } : {}),
        },
      });
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
