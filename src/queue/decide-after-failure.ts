import type { FailureKind } from '../errors.js';
import { computeRetryDelay } from './compute-retry-delay.js';
import { formatDuration } from './format-duration.js';
import type { RetryPolicy } from './retry-policy.js';

export interface FailedAttempt {
  readonly policy: RetryPolicy;
  /** The attempt that failed: 1 for the first. */
  readonly attempt: number;
  readonly kind: FailureKind;
  readonly retryAfterMs?: number | undefined;
  /** When this round of attempts began: the event's receipt, or its replay. */
  readonly receivedAt: number;
  readonly now: number;
  readonly random: () => number;
}

export type FailureDecision =
  | { readonly action: 'retry'; readonly at: number; readonly delayMs: number }
  | { readonly action: 'dead'; readonly reason: string };

/** What happens to a delivery after a failed attempt: retry at a time, or dead-letter with a reason. */
export function decideAfterFailure(failed: FailedAttempt): FailureDecision {
  const { policy, attempt } = failed;
  if (failed.kind === 'permanent') return { action: 'dead', reason: 'permanent failure' };
  if (attempt >= policy.attempts) {
    return {
      action: 'dead',
      reason:
        policy.attempts === 1
          ? 'failed and the retry policy allows no retries'
          : `gave up after ${attempt} attempts`,
    };
  }
  const delayMs = computeRetryDelay({
    ...policy,
    attempt,
    retryAfterMs: failed.retryAfterMs,
    random: failed.random,
  });
  const at = failed.now + delayMs;
  if (at > failed.receivedAt + policy.maxAgeMs) {
    const asked = failed.retryAfterMs !== undefined && delayMs === Math.ceil(failed.retryAfterMs);
    return {
      action: 'dead',
      reason: asked
        ? `the target asked to wait ${formatDuration(delayMs)}, past the max age of ${formatDuration(policy.maxAgeMs)}`
        : `the next retry would be past the max age of ${formatDuration(policy.maxAgeMs)}`,
    };
  }
  return { action: 'retry', at, delayMs };
}
