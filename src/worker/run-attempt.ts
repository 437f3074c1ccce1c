import type { Logger } from 'pino';
import type { Clock, Timers } from '../clock.js';
import { nextStateOf, recordedOutcomeOf, type AttemptOutcome } from '../delivery-outcome.js';
import type { DeliverFn } from '../store/delivery-queue.js';
import type { ClaimedDelivery, LeaseStore } from '../store/store.js';
import type { SendReceipt } from '../targets/target.js';
import { nextLimitState } from './adaptive-limit.js';
import { classifyFailure, type ClassifiedFailure } from './classify-failure.js';
import { decideAfterFailure, withLastFailure } from './decide-after-failure.js';
import { deliverWithTimeout } from './deliver-with-timeout.js';
import type { DeliveryLane } from './delivery-lane.js';
import type { DeliveryResult } from './delivery-result.js';
import { loadSignalOf } from './load-signal.js';
import { deliveryResultOf, logAttempt } from './report-attempt.js';
import type { TargetDeliveryPolicy } from './target-delivery-policy.js';

/** One claimed delivery being attempted. */
export interface RunningAttempt {
  readonly claim: ClaimedDelivery;
  readonly lane: DeliveryLane;
  /** Attempts of this target in flight when this one started, itself included (the limiter's usage signal). */
  readonly inFlightAtStart: number;
  readonly controller: AbortController;
  /** Set by stop(): the claim went back to the store, whatever the attempt still does is ignored. */
  released: boolean;
  /** Set once the attempt no longer counts against its lane's in-flight limit (see `AttemptDeps.freeSlot`). */
  slotFreed: boolean;
  done?: Promise<void>;
}

/** What an attempt uses of the worker. */
export interface AttemptDeps {
  readonly store: Pick<LeaseStore, 'recordAttempt'>;
  readonly deliver: DeliverFn;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly random: () => number;
  readonly attemptTimeoutMs: number;
  readonly logger: Logger;
  /** The target's policy in force when the attempt ends (a reload may have changed it meanwhile). */
  readonly policy: (target: string) => TargetDeliveryPolicy;
  /** Tells observers (metrics) of a recorded attempt. */
  readonly emit: (result: DeliveryResult) => void;
  /** The target has answered: the attempt's lane slot may take the next delivery while the result is recorded. */
  readonly freeSlot: (run: RunningAttempt) => void;
}

/**
 * Sends one claimed delivery and records how it went: the lane's adaptive limit learns from it, a failure is
 * classified and decided (retry when, or dead), and the attempt, the message sent and the delivery's next state
 * are recorded together. A result the store finds stale (the delivery was claimed again meanwhile) is dropped.
 */
export async function runAttempt(run: RunningAttempt, deps: AttemptDeps): Promise<void> {
  const { job, lease } = run.claim;
  const startedAt = deps.clock.now();
  let receipt: SendReceipt | undefined;
  let failure: ClassifiedFailure | undefined;
  let message: string | undefined;
  try {
    receipt = await deliverWithTimeout(
      deps.deliver,
      job,
      run.controller,
      deps.timers,
      deps.attemptTimeoutMs,
      (sent) => (message = sent),
    );
  } catch (error) {
    failure = classifyFailure(error);
  }
  if (run.released) return;
  const finishedAt = deps.clock.now();
  const durationMs = finishedAt - startedAt;
  const policy = deps.policy(job.target);
  run.lane.limit = nextLimitState(
    run.lane.limit,
    { signal: loadSignalOf(failure), rttMs: durationMs, inFlight: run.inFlightAtStart, at: finishedAt },
    run.lane.limitSettings,
  );
  const outcome: AttemptOutcome = failure
    ? withLastFailure(
        decideAfterFailure({
          policy: policy.retry,
          attempt: lease.attempt,
          kind: failure.kind,
          retryAfterMs: failure.retryAfterMs,
          receivedAt: run.claim.roundStartedAt,
          now: finishedAt,
          random: deps.random,
        }),
        failure.message,
      )
    : { outcome: 'delivered' };
  const httpStatus = failure ? failure.httpStatus : receipt?.status;
  const pauseTargetUntil =
    failure?.retryAfterMs !== undefined ? finishedAt + failure.retryAfterMs : undefined;
  // The request is over, so the next claim need not wait for this record's commit (a turn of the event loop later
  // under load), unless the answer paused the target: the pause must be stored before anything more is sent.
  if (pauseTargetUntil === undefined) deps.freeSlot(run);
  const recorded = await deps.store.recordAttempt(
    {
      lease,
      startedAt,
      durationMs,
      outcome: recordedOutcomeOf(outcome),
      httpStatus,
      error: failure?.message,
      pauseTargetUntil,
      message,
    },
    nextStateOf(outcome, finishedAt),
  );
  const facts = {
    job,
    attempt: lease.attempt,
    durationMs,
    finishedAt,
    httpStatus,
    failure,
    outcome,
    retry: policy.retry,
  };
  if (recorded === 'stale') {
    deps.logger.warn(
      {
        deliveryId: job.id,
        target: job.target,
        attempt: lease.attempt,
        outcome: recordedOutcomeOf(outcome),
      },
      'delivery attempt result dropped: the delivery was claimed again meanwhile',
    );
    return;
  }
  logAttempt(deps.logger, facts);
  deps.emit(deliveryResultOf(facts));
}
