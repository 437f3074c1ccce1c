import { GatewayError, RequestError, StoreError, type GatewayErrorCode } from './errors.js';
import { describeError } from './worker/describe-error.js';

/** Seconds a sender is asked to wait when the store cannot take the event now (disk full, busy, shutting down). */
export const storeRetryAfterSeconds = 30;

/**
 * Any failure as the gateway reports it. The one path from an error to its readers: the HTTP error middleware
 * answers with `http`, ingest logs and counts `code`, the CLI and the startup print `message` (and `details`),
 * the logs carry `code` and `message`. Secrets never reach it: gateway errors are written without them, and the
 * text of anything else goes through `describeError`, which masks URLs' paths and known token shapes.
 */
export interface ErrorReport {
  /** The most precise stable code: what the caller was told, else the error's own, else `internal` (a bug). */
  readonly code: GatewayErrorCode;
  /** For an operator (CLI, startup, logs): the error's own message; a config's problem list keeps its lines. */
  readonly message: string;
  /** A schema violation's problems, one per path. */
  readonly details: readonly unknown[] | undefined;
  /** True for a failure the gateway knows (a `GatewayError`); false for a bug, which is logged with its stack. */
  readonly known: boolean;
  /** True when the HTTP caller was told all there is (a refused request): nothing for the log. */
  readonly told: boolean;
  readonly http: HttpAnswer;
}

/** What an HTTP caller is told: a refused request as it is, a transient store failure as 503, else a bare 500. */
export interface HttpAnswer {
  readonly status: number;
  readonly code: GatewayErrorCode;
  readonly message: string;
  readonly details?: readonly unknown[];
  readonly retryAfterSeconds?: number;
}

const internal: HttpAnswer = { status: 500, code: 'internal', message: 'internal error' };

export function reportError(error: unknown): ErrorReport {
  const known = error instanceof GatewayError;
  const http = httpAnswerOf(error);
  const details = error instanceof RequestError ? error.details : undefined;
  return {
    code: http !== internal ? http.code : known ? error.code : 'internal',
    message: known ? error.message : describeError(error),
    details,
    known,
    told: error instanceof RequestError,
    http,
  };
}

function httpAnswerOf(error: unknown): HttpAnswer {
  if (error instanceof RequestError) {
    const { status, code, message, details } = error;
    return details ? { status, code, message, details } : { status, code, message };
  }
  if (error instanceof StoreError && error.transient) {
    return {
      status: 503,
      code: 'store_unavailable',
      message: 'the store is unavailable right now; nothing was changed, try again later',
      retryAfterSeconds: storeRetryAfterSeconds,
    };
  }
  return internal;
}

/** The report as lines for a terminal: the message, then each detail indented (`  path message`). */
export function reportLines(report: ErrorReport): string[] {
  const lines = [report.message];
  for (const detail of report.details ?? []) lines.push(`  ${detailText(detail)}`);
  return lines;
}

function detailText(detail: unknown): string {
  if (detail !== null && typeof detail === 'object' && 'path' in detail && 'message' in detail) {
    return `${String(detail.path)} ${String(detail.message)}`;
  }
  return JSON.stringify(detail);
}
