import type { Got } from 'got';
import type { JsonObject } from '../../types.js';
import { classifySlackFailure } from './classify-slack-failure.js';

export interface PostOptions {
  readonly timeoutMs: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

export interface SlackResponse {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | undefined;
}

/**
 * One POST of a JSON body, never retried here (retries belong to the durable queue) and never redirected.
 * A request that gets no response throws a classified `DeliveryError` holding only the error code: got's own
 * error carries the URL and headers, which hold the webhook secret or the token, so it is not kept as cause.
 */
export async function postJson(
  http: Got,
  url: string,
  body: JsonObject,
  options: PostOptions,
): Promise<SlackResponse> {
  try {
    const response = await http.post(url, {
      body: JSON.stringify(body),
      // Slack warns about a JSON body without a charset (`missing_charset`).
      headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
      timeout: { request: options.timeoutMs },
      retry: { limit: 0 },
      followRedirect: false,
      throwHttpErrors: false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { status: response.statusCode, body: response.body, retryAfter: response.headers['retry-after'] };
  } catch (error) {
    throw classifySlackFailure({ kind: 'network', code: errorCode(error), timedOut: isTimeout(error) });
  }
}

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}
