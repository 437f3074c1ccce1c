const mask = '[redacted]';

/** Removes every known secret from a text that may be logged or stored (longest first, so none is half-masked). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return [...secrets]
    .filter((secret) => secret !== '')
    .sort((a, b) => b.length - a.length)
    .reduce((result, secret) => result.split(secret).join(mask), text);
}
