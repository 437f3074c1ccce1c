import type { Context, Next } from 'koa';
import { RequestError } from '../errors.js';
import { nonCanonicalReason } from '../canonical-path.js';

/** Koa middleware: a path in anything but its canonical spelling is answered 400 before any routing. */
export async function refuseAmbiguousPaths(ctx: Context, next: Next): Promise<void> {
  // The one address people type with a trailing slash (the README's console URL): sent to its canonical spelling.
  if (ctx.path === '/console/' && ctx.method === 'GET') {
    ctx.redirect('/console');
    ctx.status = 308;
    return;
  }
  const reason = nonCanonicalReason(ctx.path);
  if (reason !== undefined)
    throw new RequestError(400, 'bad_request', `the request path is not in canonical form: ${reason}`);
  await next();
}
