import type { JsonObject } from '../../types.js';
import { slackDefaults } from './read-slack-target.js';

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
  description: 'a slack target needs either "webhookUrl", or "token" and "channel" (not both ways)',
  additionalProperties: false,
  properties: {
    type: { const: 'slack' },
    retry: {},
    concurrency: {},
    rateLimit: {},
    webhookUrl: {
      type: 'string',
      pattern: httpUrl,
      description: 'must be the incoming webhook URL (https://hooks.slack.com/services/…)',
    },
    token: {
      type: 'string',
      pattern: '^xoxb-\\S+$',
      description:
        'must be a bot token (xoxb-…); its app needs the chat:write scope, and files:write for the file',
    },
    channel: {
      type: 'string',
      minLength: 1,
      description: 'the channel to post to, by ID (C0123456789) or name; bot token only',
    },
    apiUrl: {
      type: 'string',
      pattern: httpUrl,
      default: slackDefaults.apiUrl,
      description: 'must be the base URL of the Slack Web API (default https://slack.com/api)',
    },
    timeoutMs: {
      type: 'integer',
      minimum: 100,
      maximum: 120_000,
      default: slackDefaults.timeoutMs,
      description: 'milliseconds each request to Slack may take (one post, one step of a file upload)',
    },
    pace: {
      type: 'object',
      additionalProperties: false,
      default: slackDefaults.pace,
      description: 'posts per channel: Slack allows about one message a second, with short bursts',
      properties: {
        perSecond: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 100,
          default: slackDefaults.pace.perSecond,
          description: 'messages a second to one channel, once the burst is spent',
        },
        burst: {
          type: 'integer',
          minimum: 1,
          maximum: 100,
          default: slackDefaults.pace.burst,
          description: 'messages that may go to one channel at once',
        },
      },
    },
    maxParts: {
      type: 'integer',
      minimum: 1,
      maximum: 50,
      default: slackDefaults.maxParts,
      description:
        'the most parts a long detail is split into (with a bot token: replies under the first message); what they cannot hold goes into a file (bot token) or is cut with a "truncated" line',
    },
    long: {
      enum: ['split', 'truncate'],
      default: 'split',
      description:
        'how a long detail is sent: split (in up to maxParts parts, in order) or truncate (one part, as maxParts: 1)',
    },
    file: {
      type: 'boolean',
      default: slackDefaults.file,
      description:
        'bot token only: when the parts cannot hold the detail, upload the whole of it as a text file in the thread (needs the files:write scope)',
    },
    fileName: {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: '^[^\\\\/\\r\\n]+$',
      default: slackDefaults.fileName,
      description: 'must be a file name without slashes or line breaks: the name of that file in Slack',
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
