import type { Got } from 'got';
import type { JsonObject } from '../../types.js';
import { parseRetryAfter } from '../shared/parse-retry-after.js';
import { firstValue } from '../shared/first-value.js';
import { send, type RequestOptions } from './call-web-api.js';
import { classifySlackFailure } from './classify-slack-failure.js';

/** Slack answers `ok` or a short error code; a few KB is all that is ever read. */
const maxAnswerBytes = 4096;

/** Posts one message to an incoming webhook; Slack's only success is a 2xx whose body is `ok`. */
export async function postIncomingWebhook(
  http: Got,
  webhookUrl: string,
  body: JsonObject,
  options: RequestOptions,
): Promise<void> {
  const response = await send(http, {
    method: 'POST',
    url: webhookUrl,
    // Slack warns about a JSON body without a charset (`missing_charset`).
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    maxBodyBytes: maxAnswerBytes,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  if (response.status >= 200 && response.status < 300 && /^\s*ok\b/.test(response.body)) return;
  throw classifySlackFailure({
    kind: 'webhook',
    status: response.status,
    body: response.truncated ? `${response.body}…` : response.body,
    retryAfterMs: parseRetryAfter(firstValue(response.headers['retry-after']), options.now()),
  });
}
