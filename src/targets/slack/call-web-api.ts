import type { Got } from 'got';
import type { JsonObject } from '../../types.js';
import { errorCode, isTimeout } from '../shared/error-code.js';
import { parseRetryAfter } from '../shared/parse-retry-after.js';
import { sendRequest, type BoundedResponse } from '../shared/send-request.js';
import { classifySlackFailure } from './classify-slack-failure.js';
import { firstValue } from '../shared/first-value.js';

/**
 * The most of a Web API answer read. chat.postMessage echoes the message it posted: this target's largest (10,000
 * units of block text plus a 3,000-unit fallback, each unit up to six bytes as a JSON `\\u` escape) answers in
 * under 100 KB. Anything past this is not read; `ok`, `ts` and `channel` lead Slack's answers.
 */
export const maxApiAnswerBytes = 256 * 1024;

export interface RequestOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** For reading an HTTP-date `Retry-After`. */
  readonly now: () => number;
}

export interface WebApiCall {
  readonly apiUrl: string;
  readonly token: string;
  /** e.g. `chat.postMessage`. */
  readonly method: string;
  /** JSON, or form fields for the methods that take only those (files.getUploadURLExternal). */
  readonly body: JsonObject | URLSearchParams;
}

/**
 * Calls one Web API method with the bot token and returns its answer when it says `ok: true`. Slack reports
 * errors as HTTP 200 with `ok: false`, so `ok` decides, whatever the status; a failure is thrown classified.
 * The error never holds the token or the URL.
 */
export async function callWebApi(http: Got, call: WebApiCall, options: RequestOptions): Promise<JsonObject> {
  const form = call.body instanceof URLSearchParams;
  const response = await send(http, {
    method: 'POST',
    url: `${call.apiUrl}/${call.method}`,
    headers: {
      authorization: `Bearer ${call.token}`,
      // Slack warns about a JSON body without a charset (`missing_charset`).
      'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
    },
    body: form ? call.body.toString() : JSON.stringify(call.body),
    maxBodyBytes: maxApiAnswerBytes,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  const answer = readAnswer(response);
  if (answer?.ok === true) return answer;
  throw classifySlackFailure({
    kind: 'api',
    method: call.method,
    status: response.status,
    error: typeof answer?.error === 'string' ? answer.error : undefined,
    retryAfterMs: parseRetryAfter(firstValue(response.headers['retry-after']), options.now()),
  });
}

/** Any request to Slack: a failure without a response is thrown classified, holding only its error code. */
export async function send(http: Got, request: Parameters<typeof sendRequest>[1]): Promise<BoundedResponse> {
  try {
    return await sendRequest(http, request);
  } catch (error) {
    // got's own error carries the URL and headers (the webhook secret, the token): it is not kept as cause.
    throw classifySlackFailure({ kind: 'network', code: errorCode(error), timedOut: isTimeout(error) });
  }
}

/**
 * The answer as JSON. One cut at the bound is read for its leading fields only: Slack writes `ok` first, then
 * `channel` and `ts`, before the echoed message.
 */
function readAnswer(response: BoundedResponse): JsonObject | undefined {
  if (!response.truncated) {
    try {
      const value: unknown = JSON.parse(response.body);
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as JsonObject)
        : undefined;
    } catch {
      return undefined;
    }
  }
  const ok = /^\s*\{\s*"ok"\s*:\s*(true|false)/.exec(response.body);
  if (!ok) return undefined;
  const answer: JsonObject = { ok: ok[1] === 'true' };
  for (const key of ['ts', 'channel', 'error', 'file_id', 'upload_url']) {
    const found = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(response.body);
    if (found?.[1] !== undefined) answer[key] = JSON.parse(`"${found[1]}"`) as string;
  }
  return answer;
}
