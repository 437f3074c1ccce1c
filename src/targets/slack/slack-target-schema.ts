import type { JsonObject } from '../../types.js';

const httpUrl = '^https?://\\S+$';

/**
 * A slack target in gateway.yaml: an incoming webhook (`webhookUrl`), or a bot token with its channel
 * (`token` + `channel`, posting with chat.postMessage and threading long detail). `type`, `retry`,
 * `concurrency` and `rateLimit` belong to the core, which checks them; they are only let through here.
 */
export const slackTargetSchema: JsonObject = {
  type: 'object',
  errorMessage: 'a slack target needs either "webhookUrl", or "token" and "channel" (not both ways)',
  additionalProperties: false,
  properties: {
    type: { const: 'slack' },
    retry: {},
    concurrency: {},
    rateLimit: {},
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
        'A bot token (xoxb-…) with `chat:write`: posts with chat.postMessage, and a long detail follows in the thread.',
      defaultText: 'required unless `webhookUrl` is given',
      type: 'string',
      pattern: '^xoxb-\\S+$',
      errorMessage: 'must be a bot token (xoxb-…)',
    },
    channel: {
      description: 'The channel id (C0123456789) the bot posts to (with `token`).',
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
      description: 'Time (ms) one request to Slack may take.',
      default: 10_000,
      type: 'integer',
      minimum: 100,
      maximum: 120_000,
    },
    pace: {
      description: "`{ perSecond, burst }`: Slack's pace per channel; messages beyond it wait their turn.",
      default: { perSecond: 1, burst: 3 },
      type: 'object',
      additionalProperties: false,
      properties: {
        perSecond: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        burst: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    long: {
      description:
        'How a `detail` longer than one message is sent: `split` (every part, in order) or `truncate` (cut, saying so).',
      default: 'split',
      enum: ['split', 'truncate'],
      errorMessage: 'how a long detail is sent: split (every part, in order) or truncate (cut, saying so)',
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
