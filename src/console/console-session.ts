import type { Context } from 'koa';
import { sessionTtlMs } from './session-token.js';

export const sessionCookie = 'hookgate_console';

/** The session cookie's value from the Cookie header, or undefined. */
export function readSessionCookie(ctx: Context): string | undefined {
  for (const part of (ctx.get('cookie') || '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === sessionCookie) return rest.join('=');
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), scoped to /console, and Secure
 * when the request came over HTTPS (as the app's proxy setting reads it).
 */
export function setSessionCookie(ctx: Context, value: string): void {
  const secure = ctx.secure ? '; Secure' : '';
  ctx.set(
    'Set-Cookie',
    `${sessionCookie}=${value}; Path=/console; Max-Age=${sessionTtlMs / 1000}; HttpOnly; SameSite=Strict${secure}`,
  );
}

export function clearSessionCookie(ctx: Context): void {
  const secure = ctx.secure ? '; Secure' : '';
  ctx.set('Set-Cookie', `${sessionCookie}=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict${secure}`);
}

/** Every console answer: nothing but our own files may load, nothing inline runs, no framing, no caching. */
export const consoleSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
