import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { RequestError } from '../errors.js';

/**
 * The one place errors become HTTP answers: `{ "error": { "code", "message" } }` (plus `details` for schema
 * violations). Request errors show their own message; anything else is a 500 with a generic message, logged.
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
    } catch (error) {
      const requestError = asRequestError(error);
      if (!requestError) logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      const status = requestError?.status ?? 500;
      ctx.status = status;
      ctx.type = 'application/json';
      ctx.body = {
        error: {
          code: requestError?.code ?? 'internal',
          message: requestError?.message ?? 'internal error',
          ...(requestError?.details ? { details: requestError.details } : {}),
        },
      };
    }
  };
}

function asRequestError(error: unknown): RequestError | undefined {
  return error instanceof RequestError ? error : undefined;
}
