import type { Logger } from 'pino';
import type { NextState } from '../store/store.js';
import type { DeliveryJob } from '../types.js';
import type { ClassifiedFailure } from './classify-failure.js';
import type { DeliveryResult } from './delivery-result.js';
import { formatDuration } from './format-duration.js';
import type { RetryPolicy } from './retry-policy.js';

/** One recorded attempt, as the worker saw it. */
export interface AttemptFacts {
  readonly job: DeliveryJob;
  readonly attempt: number;
  readonly durationMs: number;
  readonly finishedAt: number;
  readonly httpStatus: number | undefined;
  /** Undefined when the attempt succeeded. */
  readonly failure: ClassifiedFailure | undefined;
  readonly next: NextState;
  readonly retry: RetryPolicy;
}

/**
 * One log line per attempt, plus one per dead-lettering with its reason. Ids, names, numbers and the (already
 * sanitised) error only: never the payload or the target's settings.
 */
export function logAttempt(logger: Logger, facts: AttemptFacts): void {
  const { job, failure, next } = facts;
  const line = {
    deliveryId: job.id,
    eventId: job.eventId,
    target: job.target,
    route: job.route,
    attempt: facts.attempt,
    outcome: failure ? failure.kind : 'success',
    durationMs: facts.durationMs,
    status: facts.httpStatus,
    error: failure?.message,
  };
  if (!failure) {
    logger.info(line, 'delivery attempt');
  } else if (next.status === 'pending') {
    logger.warn({ ...line, nextAttemptAt: new Date(next.nextAttemptAt).toISOString() }, 'delivery attempt');
  } else {
    logger.warn(line, 'delivery attempt');
  }
  if (next.status === 'dead') {
    const policy = `${facts.retry.attempts} attempts, max age ${formatDuration(facts.retry.maxAgeMs)}`;
    logger.error({ ...line, reason: next.reason, policy }, 'delivery dead-lettered');
  }
}

/** The same attempt for observers such as metrics. */
export function deliveryResultOf(facts: AttemptFacts): DeliveryResult {
  const { job, failure, next } = facts;
  const base = {
    deliveryId: job.id,
    eventId: job.eventId,
    target: job.target,
    route: job.route,
    attempt: facts.attempt,
    durationMs: facts.durationMs,
    httpStatus: facts.httpStatus,
  };
  const error = failure?.message ?? '';
  switch (next.status) {
    case 'pending':
      return {
        ...base,
        outcome: 'retry',
        error,
        nextAttemptAt: next.nextAttemptAt,
        delayMs: next.nextAttemptAt - facts.finishedAt,
      };
    case 'dead':
      return {
        ...base,
        outcome: 'dead',
        error,
        reason: next.reason,
        permanent: failure?.kind === 'permanent',
      };
    case 'delivered':
      return { ...base, outcome: 'delivered', latencyMs: facts.finishedAt - job.event.receivedAt };
  }
}
