import type { JsonObject } from '../../types.js';
import type { OutboundMessage } from '../target.js';
import { buildSlackMessages } from './build-slack-messages.js';
import type { SlackTargetConfig } from './read-slack-target.js';

/** One post `send` makes, in order. */
export interface SlackPost {
  readonly body: JsonObject;
  /** Goes into the thread of the first post: `send` puts that post's `ts` in `thread_ts`. */
  readonly threadReply: boolean;
}

/** Stands for the first post's `ts` in previews; `send` replaces it with the real one. */
export const parentTsPlaceholder = '<ts of the first message>';
const redactedWebhook = '<redacted slack webhook>';

/** Pure: the posts for one message. `send` and `preview` both start here, so they cannot drift apart. */
export function planSlackPosts(config: SlackTargetConfig, message: OutboundMessage): SlackPost[] {
  const { destination } = config;
  const messages = buildSlackMessages(message.fields, {
    long: config.long,
    threaded: destination.mode === 'bot',
    eventType: message.eventType,
  });
  return messages.map(({ text, blocks, threadReply }) => {
    const body: JsonObject =
      destination.mode === 'bot'
        ? { channel: destination.channel, text, blocks: [...blocks] }
        : { text, blocks: [...blocks] };
    if (threadReply) body.thread_ts = parentTsPlaceholder;
    return { body, threadReply };
  });
}

/** Pure: the preview of the posts: method, where (never the webhook URL, a secret) and the exact body. */
export function previewSlackPosts(config: SlackTargetConfig, posts: readonly SlackPost[]): JsonObject[] {
  const { destination } = config;
  const url = destination.mode === 'webhook' ? redactedWebhook : destination.endpoint;
  return posts.map((post) => {
    const preview: JsonObject = { method: 'POST', url, body: post.body };
    if (post.threadReply) preview.replyTo = 'first message';
    return preview;
  });
}
