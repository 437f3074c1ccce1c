/**
 * The one vocabulary for a delivery and its attempts (as BullMQ's `JobState` is for a job). Targets classify a
 * failure by `FailureKind`; the worker turns every attempt into one `AttemptOutcome`; the stores keep the
 * `DeliveryStatus` it leads to and the attempt's `RecordedOutcome`; logs and metrics report the same outcome.
 * It sits at the bottom of src/ so that targets, the queue and the stores all import it downward.
 */

/** How a target classifies a failure: worth another attempt later, or never going to work. */
export type FailureKind = 'retryable' | 'permanent';

/** What one attempt leads to: the delivery is done, is tried again at a time, or is dead-lettered with a reason. */
export type AttemptOutcome = DeliveredOutcome | FailedOutcome;

export interface DeliveredOutcome {
  readonly outcome: 'delivered';
}

export interface RetryOutcome {
  readonly outcome: 'retry';
  readonly nextAttemptAt: number;
  readonly delayMs: number;
}

export interface DeadOutcome {
  readonly outcome: 'dead';
  readonly reason: string;
  /** `permanent` when the target said so; `retryable` when retries ran out (attempts or max age). */
  readonly kind: FailureKind;
}

/** The outcome of a failed attempt: never `delivered`. */
export type FailedOutcome = RetryOutcome | DeadOutcome;

/** Where a delivery stands. `in_flight` is held by a lease; the others follow from an attempt's outcome. */
export type DeliveryStatus = 'pending' | 'in_flight' | 'delivered' | 'dead';
export const deliveryStatuses: readonly DeliveryStatus[] = ['pending', 'in_flight', 'delivered', 'dead'];

/**
 * What an attempt record keeps (the stores' `outcome` column, the admin API and the console): `success`, or the
 * kind of the failure. Stored values, so they do not change with the outcome's names.
 */
export type RecordedOutcome = 'success' | FailureKind;

/** The state a delivery moves to after an attempt, as a store writes it. */
export type NextState =
  | { readonly status: 'delivered'; readonly at: number }
  | { readonly status: 'pending'; readonly at: number; readonly nextAttemptAt: number }
  | { readonly status: 'dead'; readonly at: number; readonly reason: string };

/** The delivery's next state for an outcome decided at `at`: a retry waits as `pending`. */
export function nextStateOf(outcome: AttemptOutcome, at: number): NextState {
  switch (outcome.outcome) {
    case 'delivered':
      return { status: 'delivered', at };
    case 'retry':
      return { status: 'pending', at, nextAttemptAt: outcome.nextAttemptAt };
    case 'dead':
      return { status: 'dead', at, reason: outcome.reason };
  }
}

/** What the attempt record says of an outcome. */
export function recordedOutcomeOf(outcome: AttemptOutcome): RecordedOutcome {
  switch (outcome.outcome) {
    case 'delivered':
      return 'success';
    case 'retry':
      return 'retryable';
    case 'dead':
      return outcome.kind;
  }
}
