import type { JsonObject } from '../../types.js';

const httpUrl = '^https?://\\S+$';

/**
 * A slack target in gateway.yaml: an incoming webhook (`webhookUrl`), or a bot token with its channel
 * (`token` + `channel`, posting with chat.postMessage and threading long detail). `type`, `retry`,
 * `concurrency` and `rateLimit` belong to the core, which checks them; they are only let through here.
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
      description: 'must be a bot token (xoxb-…)',
    },
    channel: { type: 'string', minLength: 1 },
    apiUrl: {
      type: 'string',
      pattern: httpUrl,
      description: 'must be the base URL of the Slack Web API (default https://slack.com/api)',
    },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 120_000 },
    pace: {
      type: 'object',
      additionalProperties: false,
      properties: {
        perSecond: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        burst: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    long: {
      enum: ['split', 'truncate'],
      description: 'how a long detail is sent: split (every part, in order) or truncate (cut, saying so)',
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
