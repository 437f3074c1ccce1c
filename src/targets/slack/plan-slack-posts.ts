import { readDeferred } from '../../templates/deferred-escape.js';
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

/** The whole detail as a file in the thread of the first post (bot token mode, when the posts leave some out). */
export interface PlannedFile {
  readonly name: string;
  readonly title: string;
  readonly text: string;
}

export interface SlackPlan {
  readonly posts: readonly SlackPost[];
  readonly file: PlannedFile | undefined;
}

/** Stands for the first post's `ts` in previews; `send` replaces it with the real one. */
export const parentTsPlaceholder = '<ts of the first message>';
const redactedWebhook = '<redacted slack webhook>';
/** Slack shows a file's title above it; a long one is cut. */
const maxFileTitle = 250;

/** Pure: what `send` does for one message. `send` and `preview` both start here, so they cannot drift apart. */
export function planSlackPosts(config: SlackTargetConfig, message: OutboundMessage): SlackPlan {
  const { destination } = config;
  const layout = buildSlackMessages(message.fields, {
    threaded: destination.mode === 'bot',
    maxParts: config.maxParts,
    eventType: message.eventType,
    leftOut: config.file ? { kind: 'file', fileName: config.file.name } : { kind: 'cut' },
  });
  const posts = layout.messages.map(({ text, blocks, threadReply }) => {
    const body: JsonObject =
      destination.mode === 'bot'
        ? { channel: destination.channel, text, blocks: [...blocks] }
        : { text, blocks: [...blocks] };
    if (threadReply) body.thread_ts = parentTsPlaceholder;
    return { body, threadReply };
  });
  const file =
    config.file && layout.leftOutCharacters > 0
      ? { name: config.file.name, title: fileTitle(message), text: layout.detail }
      : undefined;
  return { posts, file };
}

/** Pure: the preview: method, where (never the webhook URL, a secret), the exact bodies, then the upload. */
export function previewSlackPosts(config: SlackTargetConfig, plan: SlackPlan): JsonObject[] {
  const { destination } = config;
  const url = destination.mode === 'webhook' ? redactedWebhook : `${destination.apiUrl}/chat.postMessage`;
  const previews = plan.posts.map((post) => {
    const preview: JsonObject = { method: 'POST', url, body: post.body };
    if (post.threadReply) preview.replyTo = 'first message';
    return preview;
  });
  if (plan.file && destination.mode === 'bot') {
    const { name, title, text } = plan.file;
    const bytes = Buffer.byteLength(text, 'utf8');
    previews.push(
      {
        method: 'POST',
        url: `${destination.apiUrl}/files.getUploadURLExternal`,
        body: { filename: name, length: bytes },
      },
      {
        method: 'POST',
        url: '<upload_url from Slack>',
        body: `<the whole detail as text/plain, ${bytes} bytes>`,
      },
      {
        method: 'POST',
        url: `${destination.apiUrl}/files.completeUploadExternal`,
        body: {
          files: [{ id: '<file_id from Slack>', title }],
          channel_id: '<channel ID of the first message>',
          thread_ts: parentTsPlaceholder,
        },
      },
    );
  }
  return previews;
}

/** The title as plain text (a file title is not mrkdwn), one line; the event type when there is none. */
function fileTitle(message: OutboundMessage): string {
  const title = readDeferred((message.fields.title ?? '').slice(0, maxFileTitle * 4)).text;
  const line = title.replace(/\s+/g, ' ').trim();
  return Array.from(line || message.eventType)
    .slice(0, maxFileTitle)
    .join('');
}
