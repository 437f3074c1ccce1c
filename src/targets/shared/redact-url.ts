import { redactionMask } from './redact-secrets.js';

/**
 * A target URL as safe to show in logs, errors, the admin API and previews: any user name or password masked,
 * and the value of every query parameter masked (an `?api_key=…` is as secret as a password), except those named
 * in `shown` (e.g. parameters a route templates from the payload, which are not secrets). Names stay readable.
 */
export function redactUrl(url: string, shown: ReadonlySet<string> = new Set()): string {
  const parsed = parseUrl(url);
  if (!parsed) return redactionMask;
  const credentials = parsed.username !== '' || parsed.password !== '' ? `${redactionMask}@` : '';
  const pairs = [...parsed.searchParams].map(([name, value]) => {
    const key = encodeQueryPart(name);
    if (shown.has(name)) return `${key}=${encodeQueryPart(value)}`;
    return value === '' ? key : `${key}=${redactionMask}`;
  });
  const query = pairs.length > 0 ? `?${pairs.join('&')}` : '';
  return `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname}${query}${parsed.hash}`;
}

/**
 * The parts of a URL that are secrets, as written and percent-decoded, so error texts that echo them (a receiver
 * repeating the URL in its error body) can be scrubbed: credentials and query values. Values shorter than four
 * characters (`v=2`, `x=on`) are flags, not secrets, and masking them would garble unrelated text.
 */
export function secretsOfUrl(url: string): string[] {
  const parsed = parseUrl(url);
  if (!parsed) return [url];
  const written = [parsed.username, parsed.password];
  for (const pair of parsed.search.slice(1).split('&')) {
    const value = pair.slice(pair.indexOf('=') + 1);
    if (pair.includes('=') && value.length >= 4) written.push(value);
  }
  return [...new Set(written.flatMap((part) => [part, decode(part)]))].filter((part) => part !== '');
}

/** `URL.parse` without needing Node 20.18+. */
export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function encodeQueryPart(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}
