import type { DeadOutcome, DeliveredOutcome, RetryOutcome } from '../delivery-outcome.js';

/** What the worker reports after each recorded attempt, for metrics and other observers: the attempt's outcome. */
export type DeliveryResult = DeliveredResult | RetryResult | DeadResult;

interface DeliveryResultBase {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly target: string;
  readonly route: string;
  readonly attempt: number;
  /** How long the attempt took. */
  readonly durationMs: number;
  readonly httpStatus: number | undefined;
}

export interface DeliveredResult extends DeliveryResultBase, DeliveredOutcome {
  /** From the event's receipt to its delivery here, retries included. */
  readonly latencyMs: number;
}

export interface RetryResult extends DeliveryResultBase, RetryOutcome {
  readonly error: string;
}

export interface DeadResult extends DeliveryResultBase, DeadOutcome {
  readonly error: string;
}
