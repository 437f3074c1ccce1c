import type { JsonObject } from '../../types.js';

const addressList: JsonObject = {
  description:
    'must be an address, a comma-separated list of addresses, or a list of them (each checked at load)',
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
};

/** The JSON Schema of an `email` target in gateway.yaml (draft-07, as ajv's default build reads it). */
export const emailTargetSchema: JsonObject = {
  type: 'object',
  additionalProperties: false,
  description:
    'needs either "url" (smtp://user:pass@host:port) or "host" (with port, secure, auth), not both',
  oneOf: [
    { required: ['url'], properties: { host: false, port: false, secure: false, auth: false } },
    { required: ['host'], properties: { url: false } },
  ],
  properties: {
    // Owned and checked by the core (queue, worker); listed so additionalProperties allows them.
    type: true,
    retry: true,
    concurrency: true,
    rateLimit: true,
    url: {
      type: 'string',
      pattern: '^smtps?://[^\\s]+$',
      description: 'must be an smtp:// or smtps:// URL (smtps: TLS from the start, usually port 465)',
    },
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    secure: { type: 'boolean' },
    requireTLS: { type: 'boolean' },
    ignoreTLS: { type: 'boolean' },
    auth: {
      type: 'object',
      additionalProperties: false,
      required: ['user', 'pass'],
      properties: { user: { type: 'string' }, pass: { type: 'string' } },
    },
    pool: { type: 'boolean' },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 300_000 },
    from: {
      type: 'string',
      minLength: 1,
      description: 'the sender, exactly one address (checked at load); a route may set it instead',
    },
    to: addressList,
    cc: addressList,
    attachTranscript: {
      description: 'must be true/false or { field, filename }',
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            field: { type: 'string', minLength: 1 },
            filename: { type: 'string', pattern: '^[^\\\\/\\r\\n]+$' },
          },
        },
      ],
    },
  },
};
