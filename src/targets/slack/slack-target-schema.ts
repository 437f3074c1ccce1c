import type { JsonObject } from '../../types.js';
import { coreTargetProperties } from '../core-target-keys.js';

const httpUrl = '^https?://\\S+$';

/**
 * A slack target in gateway.yaml: an incoming webhook (`webhookUrl`), or a bot token with its channel
 * (`token` + `channel`, posting with chat.postMessage, threading long detail and uploading it as a file).
 * `type`, `retry`, `concurrency` and `rateLimit` belong to the core, which checks them; they are only let
 * through here. A `description` reads after the key's name in an error ("webhookUrl must be …") and in the
 * configuration reference.
 */
export const slackTargetSchema: JsonObject = {
  type: 'object',
  errorMessage: 'a slack target needs either "webhookUrl", or "token" and "channel" (not both ways)',
  additionalProperties: false,
  properties: {
    ...coreTargetProperties,
    type: { const: 'slack' },
    webhookUrl: {
      description:
        'An incoming webhook URL (https://hooks.slack.com/services/…); or use `token` and `channel`.',
      defaultText: 'required unless `token` is given',
      type: 'string',
      pattern: httpUrl,
      errorMessage: 'must be the incoming webhook URL (https://hooks.slack.com/services/…)',
    },
    token: {
      description:
        'A bot token (xoxb-…) with `chat:write` (and `files:write` for the file): posts with chat.postMessage, and a long detail follows in the thread.',
      defaultText: 'required unless `webhookUrl` is given',
      type: 'string',
      pattern: '^xoxb-\\S+$',
      errorMessage: 'must be a bot token (xoxb-…)',
    },
    channel: {
      description: 'The channel the bot posts to (with `token`), by id (C0123456789) or name.',
      defaultText: 'required with `token`',
      type: 'string',
      minLength: 1,
    },
    apiUrl: {
      description: 'Base URL of the Slack Web API (with `token`); for a proxy or a test server.',
      default: 'https://slack.com/api',
      type: 'string',
      pattern: httpUrl,
      errorMessage: 'must be the base URL of the Slack Web API (default https://slack.com/api)',
    },
    timeoutMs: {
      description: 'Time (ms) one request to Slack may take (one post, or one step of a file upload).',
      default: 10_000,
      type: 'integer',
      minimum: 100,
      maximum: 120_000,
    },
    pace: {
      description:
        "`{ perSecond, burst }`: Slack's pace per channel (about one message a second, short bursts); messages beyond it wait their turn.",
      default: { perSecond: 1, burst: 3 },
      type: 'object',
      additionalProperties: false,
      properties: {
        perSecond: {
          description: 'Messages a second to one channel, once the burst is spent.',
          default: 1,
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 100,
        },
        burst: {
          description: 'Messages that may go to one channel at once.',
          default: 3,
          type: 'integer',
          minimum: 1,
          maximum: 100,
        },
      },
    },
    maxParts: {
      description:
        'The most parts a long detail is split into (with a bot token: replies under the first message); what they cannot hold goes into a file (bot token) or is cut with a "truncated" line.',
      // Ten parts hold about 90,000 characters: an hour-long meeting's transcript (about 60,000) arrives whole, in
      // about ten seconds at Slack's pace of one message a second per channel. Longer ones would flood the channel
      // (545 posts for 4.9 MB) and take minutes: their whole text goes into a file instead, or is cut with a note.
      default: 10,
      type: 'integer',
      minimum: 1,
      maximum: 50,
    },
    long: {
      description:
        'How a `detail` longer than one message is sent: `split` (in up to `maxParts` parts, in order) or `truncate` (one part, as `maxParts: 1`).',
      default: 'split',
      enum: ['split', 'truncate'],
      errorMessage:
        'how a long detail is sent: split (in up to maxParts parts, in order) or truncate (one part)',
    },
    file: {
      description:
        'Bot token only: when the parts cannot hold the detail, upload the whole of it as a text file in the thread (needs the `files:write` scope).',
      default: true,
      type: 'boolean',
    },
    fileName: {
      description: 'The name of that file in Slack.',
      default: 'transcript.txt',
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: '^[^\\\\/\\r\\n]+$',
      errorMessage: 'must be a file name without slashes or line breaks',
    },
  },
  oneOf: [
    {
      required: ['webhookUrl'],
      not: { anyOf: [{ required: ['token'] }, { required: ['channel'] }, { required: ['apiUrl'] }] },
    },
    { required: ['token', 'channel'], not: { required: ['webhookUrl'] } },
  ],
};
