import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';

/**
 * True when the Authorization header carries `Bearer <token>`. Both sides are hashed first so the comparison
 * is constant-time and of equal length whatever was sent: neither the token's content nor its length leaks.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  const presented = match?.[1] ?? '';
  const ok = timingSafeEqual(digest(presented), digest(token));
  return ok && presented.length > 0;
}

/** Koa middleware answering 401 with the JSON error body unless the request carries the bearer token. */
export function bearerAuth(token: string) {
  if (token.length === 0) throw new TypeError('the admin token must not be empty');
  return async function requireBearer(ctx: Context, next: Next): Promise<void> {
    if (!bearerMatches(ctx.get('authorization') || undefined, token)) {
      refuseBearer(ctx);
      return;
    }
    await next();
  };
}

/** The 401 answer with its challenge, in the app's JSON error shape. */
export function refuseBearer(ctx: Context): void {
  ctx.status = 401;
  ctx.set('WWW-Authenticate', 'Bearer realm="hookgate admin"');
  ctx.body = { error: { code: 'unauthorized', message: 'a valid admin bearer token is required' } };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
