import type { Got } from 'got';
import type { JsonObject } from '../../types.js';
import { sendRequest, type BoundedResponse } from './send-request.js';

export interface JsonPost {
  readonly url: string;
  readonly body: JsonObject;
  readonly headers?: Readonly<Record<string, string>>;
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * One POST of a JSON body with a bounded read of the answer. The charset is always named: Slack warns about a
 * JSON body without one (`missing_charset`), and it costs other receivers nothing.
 */
export function postJson(http: Got, post: JsonPost): Promise<BoundedResponse> {
  return sendRequest(http, {
    method: 'POST',
    url: post.url,
    headers: { 'content-type': 'application/json; charset=utf-8', ...post.headers },
    body: JSON.stringify(post.body),
    maxBodyBytes: post.maxBodyBytes,
    timeoutMs: post.timeoutMs,
    signal: post.signal,
  });
}
