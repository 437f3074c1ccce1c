import type { FailureKind } from '../../delivery-outcome.js';
import { errorCode } from '../shared/error-code.js';
import { parseRetryAfter } from '../shared/parse-retry-after.js';

export type HttpOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly kind: FailureKind;
      readonly reason: string;
      readonly retryAfterMs?: number;
    };

/** Statuses that mean "slow down and try again later", after Retry-After when the receiver gives one. */
const slowDown = new Set([408, 429, 502, 503, 504]);

/**
 * Pure: what a response status means for the delivery, following the Standard Webhooks sender rules: 2xx is
 * success; 410 means stop sending (permanent); 408, 429 and 5xx are retried; redirects (not followed unless the
 * target allows it) and other 4xx will not get better by retrying, so they are permanent.
 */
export function classifyHttpStatus(
  status: number,
  retryAfter: string | undefined,
  nowMs: number,
): HttpOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 410)
    return { ok: false, kind: 'permanent', reason: 'the receiver answered 410 Gone: stop sending' };
  if (slowDown.has(status) || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    const reason = `the receiver answered ${status}`;
    return retryAfterMs === undefined
      ? { ok: false, kind: 'retryable', reason }
      : { ok: false, kind: 'retryable', reason, retryAfterMs };
  }
  if (status >= 300 && status < 400) {
    return {
      ok: false,
      kind: 'permanent',
      reason: `the receiver answered ${status} (a redirect, not followed)`,
    };
  }
  return { ok: false, kind: 'permanent', reason: `the receiver answered ${status}` };
}

/** Request errors that retrying cannot fix: the request itself is malformed. */
const malformedRequest = new Set([
  'ERR_INVALID_URL',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_UNESCAPED_CHARACTERS',
]);

/** Pure: a request that got no response (refused, reset, DNS, TLS, timeout) is retried unless it is malformed. */
export function classifyRequestError(error: unknown): {
  readonly kind: FailureKind;
  readonly reason: string;
} {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const reason = `the request failed${code && !message.includes(code) ? ` (${code})` : ''}: ${message}`;
  return { kind: code && malformedRequest.has(code) ? 'permanent' : 'retryable', reason };
}
