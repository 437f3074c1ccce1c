const maxLength = 500;

/**
 * The text of a failure as it may be logged and stored. Targets should keep secrets out of their messages;
 * this is the second line of defence, because a Slack webhook URL or a bearer token in an error from some HTTP
 * library is a credential: URLs keep only their origin, known token shapes are masked.
 */
export function describeError(error: unknown): string {
  const raw = error instanceof Error ? error.message || error.name : String(error);
  const text = raw
    .replace(
      /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@'"<>]*@)?([^\s/?#'"<>]+)[^\s'"<>]*/gi,
      (_, scheme: string, host: string) => `${scheme}${host}/…`,
    )
    .replace(/\b(bearer|basic)\s+[^\s,;]+/gi, '$1 [redacted]')
    .replace(/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox?-[redacted]')
    .replace(/\bwhsec_[A-Za-z0-9+/=]+/g, 'whsec_[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
