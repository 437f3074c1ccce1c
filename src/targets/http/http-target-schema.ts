import type { JsonObject } from '../../types.js';

const singleLine = '^[^\\r\\n]*$';
// RFC 9110 token characters: anything else in a header name is rejected by Node's http client anyway.
const headerName = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

/** The JSON Schema of an `http` target in gateway.yaml (draft-07, as ajv's default build reads it). */
export const httpTargetSchema: JsonObject = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    // Owned and checked by the core (queue, worker); listed so additionalProperties allows them.
    type: true,
    retry: true,
    concurrency: true,
    rateLimit: true,
    url: {
      type: 'string',
      pattern: '^https?://[^\\s]+$',
      description: 'must be an http:// or https:// URL without spaces',
    },
    method: { enum: ['POST', 'PUT', 'PATCH'] },
    headers: {
      type: 'object',
      description:
        "static headers; a value beyond printable ASCII is sent RFC 8187-encoded (UTF-8''…), every value cut to 4,096 bytes",
      propertyNames: { pattern: headerName },
      additionalProperties: { type: 'string', pattern: singleLine, description: 'must be one line' },
    },
    body: {
      enum: ['template', 'passthrough'],
      description: 'template (the route\'s "body" field) or passthrough (the received body unchanged)',
    },
    sign: {
      description:
        'needs scheme "standard-webhooks" with a whsec_… secret, or scheme "connect-it" with a secret',
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['scheme', 'secret'],
          properties: {
            scheme: { const: 'standard-webhooks' },
            secret: { type: 'string', pattern: '^(whsec_)?[A-Za-z0-9+/]+={0,2}$' },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['scheme', 'secret'],
          properties: {
            scheme: { const: 'connect-it' },
            secret: { type: 'string', minLength: 1 },
          },
        },
      ],
    },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 300_000 },
    followRedirects: { type: 'boolean' },
    contentType: { type: 'string', minLength: 1, pattern: singleLine, description: 'must be one line' },
  },
};
