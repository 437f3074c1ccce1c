import type { FailureKind } from '../delivery-outcome.js';
import { DeliveryError } from '../errors.js';
import { describeError } from './describe-error.js';

export interface ClassifiedFailure {
  readonly kind: FailureKind;
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;
  /** Safe to log and store. */
  readonly message: string;
}

/**
 * The target's own classification decides (`DeliveryError.kind`); anything else thrown (a bug, a network error
 * a target did not wrap) is retryable, since retrying a delivery is safer than losing it.
 */
export function classifyFailure(error: unknown): ClassifiedFailure {
  if (error instanceof DeliveryError) {
    return {
      kind: error.kind,
      retryAfterMs: error.retryAfterMs,
      httpStatus: error.status,
      message: describeError(error),
    };
  }
  return { kind: 'retryable', retryAfterMs: undefined, httpStatus: undefined, message: describeError(error) };
}
