/**
 * Why a request path is not in its one canonical spelling, or undefined when it is. A path that two components
 * could read differently (an encoded slash, a dot segment, an empty segment, a trailing slash, an encoded letter)
 * is refused before routing, so an access check on one spelling can never be bypassed by another: there is then
 * exactly one way to write each path the gateway serves. Pure; `path` is the raw, undecoded path (Koa's `ctx.path`).
 */
export function nonCanonicalReason(path: string): string | undefined {
  if (!path.startsWith('/')) return 'it does not start with /';
  if (path.includes('\\')) return 'it contains a backslash';
  if (path === '/') return undefined;
  if (path.endsWith('/')) return 'it ends with /';
  const segments = path.slice(1).split('/');
  if (segments.some((segment) => segment === '')) return 'it contains an empty segment (//)';
  if (segments.some((segment) => segment === '.' || segment === '..'))
    return 'it contains a dot segment (. or ..)';
  for (const match of path.matchAll(/%(..)?/g)) {
    const hex = match[1];
    if (hex === undefined || !/^[0-9A-Fa-f]{2}$/.test(hex)) return 'it contains a malformed %-escape';
    const char = String.fromCharCode(parseInt(hex, 16));
    // RFC 3986 §6.2.2.2: unreserved characters must not be encoded; an encoded / or \ hides a separator.
    if (/^[A-Za-z0-9._~/\\-]$/.test(char)) return `it encodes "${char}" as %${hex}`;
  }
  return undefined;
}

/** True when `path` is `prefix` or lies below it, compared without regard to letter case (ASCII and Unicode). */
export function isUnderPrefix(path: string, prefix: string): boolean {
  const folded = path.toLowerCase();
  const base = prefix.toLowerCase();
  return folded === base || folded.startsWith(`${base}/`);
}
