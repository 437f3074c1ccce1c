import type { Context } from 'koa';
import type { ProtectedArea } from '../server/protected-area.js';
import type { ConsoleData } from './console-data.js';
import { consoleSecurityHeaders, readSessionCookie } from './console-session.js';
import { createConsoleRouter, isOpenPath } from './console-router.js';
import { sessionKeyOf, verifySession } from './session-token.js';
import { createSignInLimiter } from './sign-in-limiter.js';

export interface ConsoleOptions {
  /** ADMIN_TOKEN: the console is mounted only when it is set. */
  readonly token: string;
  readonly now: () => number;
}

/**
 * The operator console as a protected area: the guard lets in the sign-in page and the static files, and for the
 * rest a valid session cookie. Refused: pages redirect to sign-in, the JSON API answers 401.
 */
export function createConsoleArea(data: ConsoleData, options: ConsoleOptions): ProtectedArea {
  if (options.token.length === 0) throw new TypeError('the admin token must not be empty');
  const key = sessionKeyOf(options.token);
  const limiter = createSignInLimiter(options.now);
  const sessionOf = (ctx: Context): string | undefined =>
    verifySession(key, readSessionCookie(ctx), options.now());
  return {
    name: 'console',
    prefix: '/console',
    router: createConsoleRouter(data, { key, token: options.token, limiter, sessionOf, now: options.now }),
    authenticate: (ctx) => isOpenPath(ctx.path) || sessionOf(ctx) !== undefined,
    refuse: refuseConsole,
  };
}

export function refuseConsole(ctx: Context): void {
  ctx.set(consoleSecurityHeaders);
  if (ctx.path.startsWith('/console/api/') || ctx.method !== 'GET') {
    ctx.status = 401;
    ctx.body = { error: { code: 'unauthorized', message: 'sign in to the console first' } };
    return;
  }
  ctx.redirect('/console/sign-in');
  ctx.status = 303;
}
