/** What the worker reports after each recorded attempt, for metrics and other observers. */
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

export interface DeliveredResult extends DeliveryResultBase {
  readonly outcome: 'delivered';
  /** From the event's receipt to its delivery here, retries included. */
  readonly latencyMs: number;
}

export interface RetryResult extends DeliveryResultBase {
  readonly outcome: 'retry';
  readonly error: string;
  readonly nextAttemptAt: number;
  readonly delayMs: number;
}

export interface DeadResult extends DeliveryResultBase {
  readonly outcome: 'dead';
  readonly error: string;
  readonly reason: string;
  /** True when the target classified the failure as permanent (not retries running out). */
  readonly permanent: boolean;
}
