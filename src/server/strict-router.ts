import Router from '@koa/router';

/**
 * Every router of the gateway matches paths exactly: case-sensitive and without an optional trailing slash, so
 * each route has one spelling (see canonical-path.ts), and the protected-area guard sees the path the router sees.
 */
export function strictRouter(prefix?: string): Router {
  return new Router({ sensitive: true, strict: true, ...(prefix === undefined ? {} : { prefix }) });
}
