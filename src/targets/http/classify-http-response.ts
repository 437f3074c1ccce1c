import type { FailureKind } from '../../delivery-outcome.js';
import { failureKindOf, type DeliveryErrorCode } from '../../errors.js';
import { errorCode, isTimeout } from '../shared/error-code.js';
import { networkFailureCode } from '../shared/network-failure-code.js';
import { parseRetryAfter } from '../shared/parse-retry-after.js';

export type HttpOutcome = { readonly ok: true } | HttpFailure;

export interface HttpFailure {
  readonly ok: false;
  readonly code: DeliveryErrorCode;
  readonly kind: FailureKind;
  readonly reason: string;
  readonly retryAfterMs?: number;
}

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
  if (status === 410) return failed('gone', 'the receiver answered 410 Gone: stop sending');
  if (slowDown.has(status) || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    const code = status === 408 ? 'timeout' : status === 429 ? 'rate_limited' : 'http_5xx';
    const outcome = failed(code, `the receiver answered ${status}`);
    return retryAfterMs === undefined ? outcome : { ...outcome, retryAfterMs };
  }
  if (status >= 300 && status < 400) {
    return failed('redirect', `the receiver answered ${status} (a redirect, not followed)`);
  }
  return failed('http_4xx', `the receiver answered ${status}`);
}

function failed(code: DeliveryErrorCode, reason: string): HttpFailure {
  return { ok: false, code, kind: failureKindOf(code), reason };
}

/** Pure: a request that got no response (refused, reset, DNS, TLS, timeout) is retried unless it is malformed. */
export function classifyRequestError(error: unknown): {
  readonly code: DeliveryErrorCode;
  readonly kind: FailureKind;
  readonly reason: string;
} {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const reason = `the request failed${code && !message.includes(code) ? ` (${code})` : ''}: ${message}`;
  const failure = networkFailureCode(code, isTimeout(error));
  return { code: failure, kind: failureKindOf(failure), reason };
}
