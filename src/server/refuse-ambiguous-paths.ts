import type { Context, Next } from 'koa';
import { RequestError } from '../errors.js';
import { nonCanonicalReason } from '../canonical-path.js';

/**
 * Paths already found canonical. The check is a pure function of the path, and a gateway serves a handful of
 * paths (its webhooks, health, metrics) again and again: a hit skips the split and regex work of the check.
 * Bounded, since senders choose paths: when full it starts over.
 */
const canonicalPaths = new Set<string>();
const maxCanonicalPaths = 256;

/** Koa middleware: a path in anything but its canonical spelling is answered 400 before any routing. */
export async function refuseAmbiguousPaths(ctx: Context, next: Next): Promise<void> {
  const path = ctx.path;
  if (!canonicalPaths.has(path)) {
    // The one address people type with a trailing slash (the README's console URL): sent to its canonical spelling.
    if (path === '/console/' && ctx.method === 'GET') {
      ctx.redirect('/console');
      ctx.status = 308;
      return;
    }
    const reason = nonCanonicalReason(path);
    if (reason !== undefined)
      throw new RequestError(400, 'bad_request', `the request path is not in canonical form: ${reason}`);
    if (canonicalPaths.size >= maxCanonicalPaths) canonicalPaths.clear();
    canonicalPaths.add(path);
  }
  await next();
}
