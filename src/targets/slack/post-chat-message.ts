import type { Got } from 'got';
import { DeliveryError } from '../../errors.js';
import type { JsonObject } from '../../types.js';
import { callWebApi, type RequestOptions } from './call-web-api.js';

/** Where a posted message stands: its `ts` (the thread key for replies) and its channel's ID. */
export interface PostedMessage {
  readonly ts: string;
  /** The channel's ID, which files.completeUploadExternal needs even when the target names the channel. */
  readonly channel: string | undefined;
}

/** Posts one message with chat.postMessage. */
export async function postChatMessage(
  http: Got,
  api: { readonly apiUrl: string; readonly token: string },
  body: JsonObject,
  options: RequestOptions,
): Promise<PostedMessage> {
  const answer = await callWebApi(http, { ...api, method: 'chat.postMessage', body }, options);
  if (typeof answer.ts !== 'string') {
    throw new DeliveryError(
      'unexpected_answer',
      'Slack chat.postMessage answered ok without the message ts',
      {
        status: 200,
      },
    );
  }
  return { ts: answer.ts, channel: typeof answer.channel === 'string' ? answer.channel : undefined };
}
