import type { FailureKind } from '../delivery-outcome.js';
import { DeliveryError, failureKindOf, type DeliveryErrorCode } from '../errors.js';
import { describeError } from './describe-error.js';

export interface ClassifiedFailure {
  readonly code: DeliveryErrorCode;
  readonly kind: FailureKind;
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;
  /** Safe to log and store. */
  readonly message: string;
}

/**
 * The target's own classification decides (`DeliveryError.code`); anything else thrown (a bug, a network error
 * a target did not wrap) is `unknown`, retryable, since retrying a delivery is safer than losing it.
 */
export function classifyFailure(error: unknown): ClassifiedFailure {
  if (error instanceof DeliveryError) {
    return {
      code: error.code,
      kind: error.kind,
      retryAfterMs: error.retryAfterMs,
      httpStatus: error.status,
      message: describeError(error),
    };
  }
  return {
    code: 'unknown',
    kind: failureKindOf('unknown'),
    retryAfterMs: undefined,
    httpStatus: undefined,
    message: describeError(error),
  };
}
