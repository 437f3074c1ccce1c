import type { FailureKind } from './delivery-outcome.js';

/**
 * The one error family of the gateway. Every error carries a stable string `code`; `reportError`
 * (report-error.ts) turns any of them into what the HTTP caller, the CLI, the startup message and the logs say,
 * and the delivery worker derives retry or dead from a `DeliveryError`'s code. Messages never contain secrets or
 * expected signature values.
 */
export type RequestErrorCode =
  | 'signature_missing'
  | 'signature_invalid'
  | 'signature_expired'
  | 'invalid_json'
  | 'json_too_deep'
  | 'event_type_missing'
  | 'event_type_not_accepted'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unsupported_charset'
  | 'schema_violation'
  | 'not_found'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'not_ready'
  | 'conflict'
  | 'store_unavailable'
  | 'bad_request';

/**
 * Why a delivery attempt failed, one stable code per cause, and what each means for the queue: a `retryable`
 * code is tried again (after Retry-After when the target gave one), a `permanent` one is dead-lettered. Callers,
 * logs and tests branch on the code, never on message text.
 */
const failureKinds = {
  /** No answer in time: the attempt's own timeout, the request's, or a 408. */
  timeout: 'retryable',
  connection_refused: 'retryable',
  /** Reset, DNS, TLS or another failure without an answer. */
  network_error: 'retryable',
  /** 429, Slack's `ratelimited`, or a channel paused after one. */
  rate_limited: 'retryable',
  http_5xx: 'retryable',
  /** The target says "not now" in its own words: an SMTP 4yz reply, Slack's `internal_error`, a refused upload. */
  target_unavailable: 'retryable',
  /** The delivery was claimed again meanwhile: this attempt stops, the new claim carries on. */
  lease_lost: 'retryable',
  cancelled: 'retryable',
  /** Anything not recognised: retrying a delivery is safer than losing it, and the retry budget bounds it. */
  unknown: 'retryable',
  /** A 4xx other than 408, 410 and 429. */
  http_4xx: 'permanent',
  /** 410 Gone: stop sending. */
  gone: 'permanent',
  /** A redirect the target does not allow following. */
  redirect: 'permanent',
  /** The target refused this message in its own words: a Slack error, an SMTP 5yz reply. */
  rejected_by_target: 'permanent',
  /** Credentials the target does not accept. */
  auth_failed: 'permanent',
  /** A request malformed before it left (an invalid URL or header). */
  invalid_request: 'permanent',
  /** The message cannot be built: a template that fails, a field the target needs missing. */
  invalid_message: 'permanent',
  /** The delivery's route or target is no longer in the config. */
  not_configured: 'permanent',
  /** The target answered success without what the next step needs. */
  unexpected_answer: 'permanent',
} as const satisfies Record<string, FailureKind>;

export type DeliveryErrorCode = keyof typeof failureKinds;

/** Whether a delivery failing with `code` is worth another attempt. */
export function failureKindOf(code: DeliveryErrorCode): FailureKind {
  return failureKinds[code];
}

export type GatewayErrorCode =
  RequestErrorCode | DeliveryErrorCode | 'config_invalid' | 'store_failed' | 'internal';

export class GatewayError extends Error {
  override name = 'GatewayError';
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A rejected HTTP request: 4xx/5xx with a message that is safe to show the caller. */
export class RequestError extends GatewayError {
  override name = 'RequestError';
  readonly status: number;
  readonly details: readonly unknown[] | undefined;

  constructor(
    status: number,
    code: RequestErrorCode,
    message: string,
    options?: { cause?: unknown; details?: readonly unknown[] },
  ) {
    super(code, message, options);
    this.status = status;
    this.details = options?.details;
  }
}

/** One problem in a config file, with the place it stands. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export class ConfigError extends GatewayError {
  override name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super('config_invalid', formatProblems(problems));
    this.problems = problems;
  }
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  return `${problems.length} config error${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

/**
 * A failed delivery attempt, classified by the target that saw it with one of the delivery codes. The queue
 * retries `retryable` codes (after `retryAfterMs` when the target asked for a pause, e.g. Slack's 429 Retry-After)
 * and dead-letters `permanent` ones.
 */
export class DeliveryError extends GatewayError {
  override name = 'DeliveryError';
  declare readonly code: DeliveryErrorCode;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    code: DeliveryErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number; status?: number },
  ) {
    super(code, message, options);
    this.retryAfterMs = options?.retryAfterMs;
    this.status = options?.status;
  }

  get kind(): FailureKind {
    return failureKindOf(this.code);
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}

/**
 * A store operation that failed. `transient` marks failures that say nothing about the request and may pass by
 * themselves (disk full, database busy or locked, an I/O error, the store closing for shutdown): a sender should
 * try again later, so the HTTP answer is 503 with Retry-After rather than a 500.
 */
export class StoreError extends GatewayError {
  override name = 'StoreError';
  readonly transient: boolean;
  constructor(message: string, options?: { cause?: unknown; transient?: boolean }) {
    super('store_failed', message, options);
    this.transient = options?.transient ?? false;
  }
}
