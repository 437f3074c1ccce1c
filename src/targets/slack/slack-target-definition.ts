// Generated from the slack plug-in's schema (slack-target-schema.ts) by `npm run docs` (scripts/config-types.ts); do not edit.
/* eslint-disable @typescript-eslint/no-redundant-type-constituents */

export type SlackTargetDefinition = {
  type?: 'slack';
  retry?: unknown;
  concurrency?: unknown;
  rateLimit?: unknown;
  /**
   * An incoming webhook URL (https://hooks.slack.com/services/…); or use `token` and `channel`.
   */
  webhookUrl?: string;
  /**
   * A bot token (xoxb-…) with `chat:write` (and `files:write` for the file): posts with chat.postMessage, and a long detail follows in the thread.
   */
  token?: string;
  /**
   * The channel the bot posts to (with `token`), by id (C0123456789) or name.
   */
  channel?: string;
  /**
   * Base URL of the Slack Web API (with `token`); for a proxy or a test server.
   */
  apiUrl?: string;
  /**
   * Time (ms) one request to Slack may take (one post, or one step of a file upload).
   */
  timeoutMs?: number;
  /**
   * `{ perSecond, burst }`: Slack's pace per channel (about one message a second, short bursts); messages beyond it wait their turn.
   */
  pace?: {
    /**
     * Messages a second to one channel, once the burst is spent.
     */
    perSecond?: number;
    /**
     * Messages that may go to one channel at once.
     */
    burst?: number;
  };
  /**
   * The most parts a long detail is split into (with a bot token: replies under the first message); what they cannot hold goes into a file (bot token) or is cut with a "truncated" line.
   */
  maxParts?: number;
  /**
   * How a `detail` longer than one message is sent: `split` (in up to `maxParts` parts, in order) or `truncate` (one part, as `maxParts: 1`).
   */
  long?: 'split' | 'truncate';
  /**
   * Bot token only: when the parts cannot hold the detail, upload the whole of it as a text file in the thread (needs the `files:write` scope).
   */
  file?: boolean;
  /**
   * The name of that file in Slack.
   */
  fileName?: string;
} & {
  [k: string]: unknown | undefined;
};

/** The schema's `default`s: what a key is when the file leaves it out. */
export const slackTargetDefaults = {
  apiUrl: 'https://slack.com/api',
  timeoutMs: 10000,
  pace: { perSecond: 1, burst: 3 },
  maxParts: 10,
  long: 'split',
  file: true,
  fileName: 'transcript.txt',
} as const;
