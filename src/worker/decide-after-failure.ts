import type { FailedOutcome, FailureKind } from '../delivery-outcome.js';
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

/** What happens to a delivery after a failed attempt: retry at a time, or dead-letter with a reason. */
export function decideAfterFailure(failed: FailedAttempt): FailedOutcome {
  const { policy, attempt, kind } = failed;
  if (kind === 'permanent') return { outcome: 'dead', reason: 'permanent failure', kind };
  if (attempt >= policy.attempts) {
    return {
      outcome: 'dead',
      kind,
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
      outcome: 'dead',
      kind,
      reason: asked
        ? `the target asked to wait ${formatDuration(delayMs)}, past the max age of ${formatDuration(policy.maxAgeMs)}`
        : `the next retry would be past the max age of ${formatDuration(policy.maxAgeMs)}`,
    };
  }
  return { outcome: 'retry', nextAttemptAt: at, delayMs };
}

/** A dead letter's reason says why it stopped and what the last failure was, so it explains itself. */
export function withLastFailure(outcome: FailedOutcome, message: string): FailedOutcome {
  return outcome.outcome === 'dead' ? { ...outcome, reason: `${outcome.reason}: ${message}` } : outcome;
}
