import { DeliveryError, type DeliveryErrorCode } from '../../errors.js';
import { networkFailureCode } from '../shared/network-failure-code.js';

/** What went wrong with one post, as seen on the wire; carries no URL or token. */
export type SlackFailure =
  | {
      /** An incoming webhook answered other than `200 ok`. */
      readonly kind: 'webhook';
      readonly status: number;
      readonly body: string;
      /** `Retry-After`, read (shared/parse-retry-after.ts). */
      readonly retryAfterMs: number | undefined;
    }
  | {
      /** A Web API method answered `ok: false` (or a status without a usable body: `error` undefined). */
      readonly kind: 'api';
      /** e.g. `chat.postMessage`, `files.completeUploadExternal`. */
      readonly method: string;
      readonly status: number;
      readonly error: string | undefined;
      readonly retryAfterMs: number | undefined;
    }
  | {
      /** The upload URL files.getUploadURLExternal gave refused the file's bytes. */
      readonly kind: 'upload';
      readonly status: number;
    }
  | {
      /** No response: refused, reset, DNS, TLS, timeout or aborted. */
      readonly kind: 'network';
      readonly code: string | undefined;
      readonly timedOut: boolean;
    };

/** chat.postMessage errors that say "try again later" rather than "this request is wrong". */
const transientApiErrors = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Slack's errors that say the token or webhook is not (or no longer) accepted. */
const authErrors = new Set([
  'invalid_auth',
  'not_authed',
  'invalid_token',
  'token_revoked',
  'account_inactive',
]);

/** What a user can do about the permanent errors they are most likely to meet. */
const hints: Readonly<Record<string, string>> = {
  not_in_channel: 'invite the app to the channel',
  channel_not_found: 'check the channel (for a bot token: its ID, and that the app can see it)',
  is_archived: 'the channel is archived',
  channel_is_archived: 'the channel is archived',
  invalid_auth: 'check the token',
  invalid_token: 'the webhook was revoked or its app removed; create a new one',
  token_revoked: 'the token was revoked',
  missing_scope: 'the app needs the chat:write scope, and files:write to upload the file',
  file_uploads_disabled: 'an admin turned file uploads off: set file: false on the target',
  file_upload_size_restricted: 'an admin restricted file sizes: set file: false on the target',
  no_service: 'the webhook was disabled or removed; create a new one',
  action_prohibited: 'an admin restricted posting to this channel',
};

/**
 * Pure: turns a failed post into a `DeliveryError`. Retried: 429 (after `Retry-After`), 5xx, Slack's
 * transient API errors and network failures. Everything else (4xx, other `ok: false` errors) would fail the
 * same way again, so it is permanent: unknown errors included, since Slack warns against retrying blindly.
 */
export function classifySlackFailure(failure: SlackFailure): DeliveryError {
  if (failure.kind === 'network') {
    const what = failure.timedOut ? 'timed out' : `failed (${failure.code ?? 'network error'})`;
    return new DeliveryError(networkFailureCode(failure.code, failure.timedOut), `Slack request ${what}`);
  }
  if (failure.kind === 'upload') {
    // The next attempt asks for a new upload URL, so whatever refused this one may well not happen again.
    const message = `Slack's upload URL answered ${failure.status} to the file`;
    return new DeliveryError('target_unavailable', message, { status: failure.status });
  }
  const code = slackErrorCode(failure.kind === 'webhook' ? failure.body : (failure.error ?? ''));
  const where = failure.kind === 'webhook' ? 'Slack incoming webhook' : `Slack ${failure.method}`;
  const hint = code !== undefined ? hints[code] : undefined;
  const message = `${where} answered ${failure.status}${code !== undefined ? ` ${code}` : ''}${hint ? ` (${hint})` : ''}`;
  const status = failure.status;
  const rateLimited = status === 429 || code === 'ratelimited' || code === 'rate_limited';
  if (rateLimited) {
    const { retryAfterMs } = failure;
    return new DeliveryError(
      'rate_limited',
      message,
      retryAfterMs === undefined ? { status } : { status, retryAfterMs },
    );
  }
  return new DeliveryError(slackFailureCode(status, code), message, { status });
}

function slackFailureCode(status: number, code: string | undefined): DeliveryErrorCode {
  if (code !== undefined && transientApiErrors.has(code)) return 'target_unavailable';
  if (status >= 500) return 'http_5xx';
  if (code !== undefined && authErrors.has(code)) return 'auth_failed';
  return 'rejected_by_target';
}

/** Slack sends a bare snake_case code; anything else (a proxy's HTML page, say) is not repeated in logs. */
function slackErrorCode(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  return /^[a-z0-9_]{1,64}$/i.test(trimmed) ? trimmed : `(unexpected body, ${trimmed.length} characters)`;
}
