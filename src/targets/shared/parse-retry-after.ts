/**
 * `Retry-After` (RFC 9110 §10.2.3) as milliseconds from now: either delay-seconds or an HTTP date. Unreadable
 * values give undefined (the queue's own backoff applies); a date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form names its month; without this, V8's lenient Date.parse reads "-5" as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
