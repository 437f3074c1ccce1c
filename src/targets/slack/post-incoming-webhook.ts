import type { Got } from 'got';
import type { JsonObject } from '../../types.js';
import { classifySlackFailure } from './classify-slack-failure.js';
import { postJson, type PostOptions } from './post-json.js';

/** Posts one message to an incoming webhook; Slack's only success is HTTP 200 with the body `ok`. */
export async function postIncomingWebhook(
  http: Got,
  webhookUrl: string,
  body: JsonObject,
  options: PostOptions,
): Promise<void> {
  const response = await postJson(http, webhookUrl, body, options);
  if (response.status === 200 && response.body.trim() === 'ok') return;
  throw classifySlackFailure({
    kind: 'webhook',
    status: response.status,
    body: response.body,
    retryAfter: response.retryAfter,
  });
}
