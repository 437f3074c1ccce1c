import { signSchema } from '../../signing/sign-config.js';
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
      propertyNames: { pattern: headerName },
      additionalProperties: { type: 'string', pattern: singleLine, description: 'must be one line' },
    },
    body: {
      enum: ['template', 'passthrough'],
      description: 'template (the route\'s "body" field) or passthrough (the received body unchanged)',
    },
    sign: signSchema,
    timeoutMs: { type: 'integer', minimum: 1, maximum: 300_000 },
    followRedirects: { type: 'boolean' },
    contentType: { type: 'string', minLength: 1, pattern: singleLine, description: 'must be one line' },
  },
};
