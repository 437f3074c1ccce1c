import type { Context, Next } from 'koa';
import { RequestError } from '../errors.js';
import { nonCanonicalReason } from '../canonical-path.js';

/** Koa middleware: a path in anything but its canonical spelling is answered 400 before any routing. */
export async function refuseAmbiguousPaths(ctx: Context, next: Next): Promise<void> {
  const reason = nonCanonicalReason(ctx.path);
  if (reason !== undefined)
    throw new RequestError(400, 'bad_request', `the request path is not in canonical form: ${reason}`);
  await next();
}
