import type { ClassifiedFailure } from './classify-failure.js';
import type { LoadSignal } from './adaptive-limit.js';

/**
 * What an attempt's outcome says about the target's load: a success is `ok`; 408, 429 and 5xx, and a retryable
 * failure without any answer (timeout, refused, reset) are `overload`; any other failure (a 4xx, a message the
 * target rejected before sending) says nothing about load.
 */
export function loadSignalOf(failure: ClassifiedFailure | undefined): LoadSignal {
  if (!failure) return 'ok';
  const status = failure.httpStatus;
  if (status === undefined) return failure.kind === 'retryable' ? 'overload' : 'neutral';
  return status === 408 || status === 429 || status >= 500 ? 'overload' : 'neutral';
}
