import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { isUnderPrefix } from '../canonical-path.js';

/**
 * A part of the HTTP surface behind its own authentication (the admin API; the console later). The guard, not
 * the area's router, decides who gets in, and it decides on the path prefix in any letter case, before any router
 * runs: a router that matched a spelling the guard did not foresee could otherwise serve it unauthenticated.
 */
export interface ProtectedArea {
  /** A short name for logs and tests, e.g. "admin". */
  readonly name: string;
  /** The path prefix, e.g. "/admin": every path equal to it or below it, in any case, is guarded. */
  readonly prefix: string;
  /** The routes of the area; mounted by the app after the guard. */
  readonly router: Router;
  /** True when the request may enter. */
  authenticate(ctx: Context): boolean | Promise<boolean>;
  /** Answers a request that may not enter (status, body, challenge header). */
  refuse(ctx: Context): void;
}

/** Koa middleware: requests under a protected prefix go on only when that area authenticates them. */
export function guardProtectedAreas(areas: readonly ProtectedArea[]) {
  return async function guard(ctx: Context, next: Next): Promise<void> {
    const area = areas.find((candidate) => isUnderPrefix(ctx.path, candidate.prefix));
    if (area && !(await area.authenticate(ctx))) {
      area.refuse(ctx);
      return;
    }
    await next();
  };
}
