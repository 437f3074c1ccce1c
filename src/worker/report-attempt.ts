import type { Logger } from 'pino';
import { recordedOutcomeOf, type AttemptOutcome } from '../delivery-outcome.js';
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
  readonly outcome: AttemptOutcome;
  readonly retry: RetryPolicy;
}

/**
 * One log line per attempt, plus one per dead-lettering with its reason. Ids, names, numbers and the (already
 * sanitised) error only: never the payload or the target's settings.
 */
export function logAttempt(logger: Logger, facts: AttemptFacts): void {
  const { job, outcome } = facts;
  // A delivered attempt logs at info, which the shipped level (warn) leaves out: no line built for nothing.
  if (outcome.outcome === 'delivered' && !logger.isLevelEnabled('info')) return;
  const line = {
    deliveryId: job.id,
    eventId: job.eventId,
    target: job.target,
    route: job.route,
    attempt: facts.attempt,
    outcome: recordedOutcomeOf(outcome),
    code: facts.failure?.code,
    durationMs: facts.durationMs,
    status: facts.httpStatus,
    error: facts.failure?.message,
  };
  if (outcome.outcome === 'delivered') {
    logger.info(line, 'delivery attempt');
  } else if (outcome.outcome === 'retry') {
    logger.warn(
      { ...line, nextAttemptAt: new Date(outcome.nextAttemptAt).toISOString() },
      'delivery attempt',
    );
  } else {
    logger.warn(line, 'delivery attempt');
  }
  if (outcome.outcome === 'dead') {
    const policy = `${facts.retry.attempts} attempts, max age ${formatDuration(facts.retry.maxAgeMs)}`;
    logger.error({ ...line, reason: outcome.reason, policy }, 'delivery dead-lettered');
  }
}

/** The same attempt for observers such as metrics. */
export function deliveryResultOf(facts: AttemptFacts): DeliveryResult {
  const { job, failure, outcome } = facts;
  // The hot case as one literal: object spreads take a slower path in V8 and this runs for every delivery.
  if (outcome.outcome === 'delivered') {
    return {
      deliveryId: job.id,
      eventId: job.eventId,
      target: job.target,
      route: job.route,
      attempt: facts.attempt,
      durationMs: facts.durationMs,
      httpStatus: facts.httpStatus,
      outcome: 'delivered',
      latencyMs: facts.finishedAt - job.event.receivedAt,
    };
  }
  const base = {
    deliveryId: job.id,
    eventId: job.eventId,
    target: job.target,
    route: job.route,
    attempt: facts.attempt,
    durationMs: facts.durationMs,
    httpStatus: facts.httpStatus,
  };
  return { ...base, ...outcome, error: failure?.message ?? '' };
}
