export interface RetryDelayInput {
  /** The attempt that just failed: 1 for the first. */
  readonly attempt: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long the target asked us to wait (e.g. Retry-After on a 429), if it did. */
  readonly retryAfterMs?: number | undefined;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform pick in [0, min(cap, base · 2^(attempt-1))), so clients that
 * failed together do not retry together. The target's own request to wait is a floor the cap does not lower:
 * we never come back sooner than it asked (Slack may disable apps that keep posting after a 429).
 */
export function computeRetryDelay(input: RetryDelayInput): number {
  const exponent = Math.max(0, Math.floor(input.attempt) - 1);
  const ceiling = Math.min(input.maxDelayMs, input.baseDelayMs * 2 ** exponent);
  const jittered = Math.floor(clampUnit(input.random()) * Math.max(0, ceiling));
  const asked =
    input.retryAfterMs !== undefined && Number.isFinite(input.retryAfterMs) ? input.retryAfterMs : 0;
  return Math.max(jittered, Math.ceil(Math.max(0, asked)));
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
