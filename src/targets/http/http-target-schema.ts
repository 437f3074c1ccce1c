import { signSchema } from '../../signing/sign-config.js';
import type { JsonObject } from '../../types.js';
import { coreTargetProperties } from '../core-target-keys.js';

const singleLine = '^[^\\r\\n]*$';
// RFC 9110 token characters: anything else in a header name is rejected by Node's http client anyway.
const headerName = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

/** The JSON Schema of an `http` target in gateway.yaml (draft-07, as ajv's default build reads it). */
export const httpTargetSchema: JsonObject = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    ...coreTargetProperties,
    url: {
      description:
        'The URL to send to (http:// or https://); a route adds query parameters with `query.<name>`.',
      type: 'string',
      pattern: '^https?://[^\\s]+$',
      errorMessage: 'must be an http:// or https:// URL without spaces',
    },
    method: { description: 'The request method.', default: 'POST', enum: ['POST', 'PUT', 'PATCH'] },
    headers: {
      description:
        "Static request headers; a route adds templated ones with `header.<Name>`. A value beyond printable ASCII is sent RFC 8187-encoded (`UTF-8''…`); every value is cut to 4,096 bytes.",
      defaultText: 'none',
      type: 'object',
      propertyNames: { pattern: headerName },
      additionalProperties: { type: 'string', pattern: singleLine, errorMessage: 'must be one line' },
    },
    body: {
      description:
        "`template`: always the route's `body` template. `passthrough`: always the received body, byte for byte. Unset: the template when the route gives one, else the received body.",
      defaultText: 'the template if the route has one, else passthrough',
      enum: ['template', 'passthrough'],
      errorMessage: 'template (the route\'s "body" field) or passthrough (the received body unchanged)',
    },
    sign: signSchema,
    timeoutMs: {
      description: 'Time (ms) one request may take, connecting included.',
      default: 15_000,
      type: 'integer',
      minimum: 1,
      maximum: 300_000,
    },
    followRedirects: { description: 'Follow 3xx redirects.', default: false, type: 'boolean' },
    contentType: {
      description: 'Content-Type of the request body.',
      default: 'application/json',
      type: 'string',
      minLength: 1,
      pattern: singleLine,
      errorMessage: 'must be one line',
    },
  },
};
