const mask = '[redacted]';

/** The URL as safe to show: any user name or password replaced by a mask. */
export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return mask;
  if (parsed.username === '' && parsed.password === '') return parsed.href;
  return `${parsed.protocol}//${mask}@${parsed.host}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** Removes every known secret from a text that may be logged or stored (longest first, so none is half-masked). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return [...secrets]
    .filter((secret) => secret !== '')
    .sort((a, b) => b.length - a.length)
    .reduce((result, secret) => result.split(secret).join(mask), text);
}

/** `URL.parse` without needing Node 20.18+. */
export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
