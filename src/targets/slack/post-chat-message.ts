import type { Got } from 'got';
import type { JsonObject } from '../../types.js';
import { DeliveryError } from '../../errors.js';
import { classifySlackFailure } from './classify-slack-failure.js';
import { postJson, type PostOptions } from './post-json.js';

/**
 * Posts one message with chat.postMessage and returns its `ts` (the thread key for replies). Slack reports
 * errors as HTTP 200 with `ok: false`, so `ok` is always checked.
 */
export async function postChatMessage(
  http: Got,
  endpoint: string,
  token: string,
  body: JsonObject,
  options: PostOptions,
): Promise<string> {
  const response = await postJson(http, endpoint, body, {
    ...options,
    headers: { ...options.headers, authorization: `Bearer ${token}` },
  });
  const answer = parseAnswer(response.body);
  if (response.status === 200 && answer?.ok === true) {
    if (typeof answer.ts === 'string') return answer.ts;
    throw new DeliveryError('permanent', 'Slack chat.postMessage answered ok without the message ts', {
      status: response.status,
    });
  }
  throw classifySlackFailure({
    kind: 'api',
    status: response.status,
    error: typeof answer?.error === 'string' ? answer.error : undefined,
    retryAfter: response.retryAfter,
  });
}

function parseAnswer(text: string): { ok?: unknown; ts?: unknown; error?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
