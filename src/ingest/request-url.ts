import type { Context } from 'koa';

/**
 * The URL the sender called, for schemes that sign it (Twilio): `verify.url` when configured (behind a proxy that
 * rewrites paths, set it), else rebuilt from the Host header, the scheme a proxy names in X-Forwarded-Proto and
 * the path with its query. Trusting these headers is safe here: they only choose what a signature must cover.
 */
export function requestUrl(ctx: Context, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl;
  const forwarded = ctx.get('x-forwarded-proto').split(',')[0]?.trim().toLowerCase();
  const protocol = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  return `${protocol}://${ctx.get('host')}${ctx.originalUrl}`;
}
