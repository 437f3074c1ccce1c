import type { DeliveryErrorCode } from '../../errors.js';

/** Node's and got's codes for a request malformed before it left: retrying cannot fix it. */
const malformedRequest = new Set([
  'ERR_INVALID_URL',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_UNESCAPED_CHARACTERS',
]);

const timedOut = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * Pure: the delivery code of a request that got no answer, from its Node/got/nodemailer error code. Shared by
 * every target so that the same failure has the same code whichever target met it.
 */
export function networkFailureCode(code: string | undefined, isTimeout = false): DeliveryErrorCode {
  if (isTimeout || (code !== undefined && timedOut.has(code))) return 'timeout';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code !== undefined && malformedRequest.has(code)) return 'invalid_request';
  return 'network_error';
}
