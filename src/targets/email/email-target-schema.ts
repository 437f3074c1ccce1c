import type { JsonObject } from '../../types.js';
import { coreTargetProperties } from '../core-target-keys.js';

const addressList: JsonObject = {
  errorMessage:
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
  errorMessage:
    'needs either "url" (smtp://user:pass@host:port) or "host" (with port, secure, auth), not both',
  oneOf: [
    { required: ['url'], properties: { host: false, port: false, secure: false, auth: false } },
    { required: ['host'], properties: { url: false } },
  ],
  properties: {
    ...coreTargetProperties,
    url: {
      description:
        'The SMTP server as `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start, usually port 465); or use `host`, `port`, `secure`, `auth`.',
      defaultText: 'required unless `host` is given',
      type: 'string',
      pattern: '^smtps?://[^\\s]+$',
      errorMessage: 'must be an smtp:// or smtps:// URL (smtps: TLS from the start, usually port 465)',
    },
    host: {
      description: 'The SMTP server name (instead of `url`).',
      defaultText: 'required unless `url` is given',
      type: 'string',
      minLength: 1,
    },
    port: {
      description: 'SMTP port (with `host`).',
      defaultText: '465 when `secure`, else 587',
      type: 'integer',
      minimum: 1,
      maximum: 65535,
    },
    secure: {
      description:
        'TLS from the first byte (with `host`); otherwise STARTTLS is used when the server offers it.',
      defaultText: '`true` on port 465',
      type: 'boolean',
    },
    requireTLS: {
      description: 'Refuse to send unless the connection upgrades with STARTTLS.',
      default: false,
      type: 'boolean',
    },
    ignoreTLS: {
      description: 'Never upgrade with STARTTLS, even when the server offers it (local test servers only).',
      default: false,
      type: 'boolean',
    },
    auth: {
      description: '`{ user, pass }` for SMTP authentication (with `host`).',
      defaultText: 'none',
      type: 'object',
      additionalProperties: false,
      required: ['user', 'pass'],
      properties: { user: { type: 'string' }, pass: { type: 'string' } },
    },
    pool: {
      description: 'Keep SMTP connections open and reuse them (closed on shutdown and reload).',
      default: true,
      type: 'boolean',
    },
    timeoutMs: {
      description: 'Time (ms) for connecting, the greeting and each SMTP command.',
      default: 15_000,
      type: 'integer',
      minimum: 1,
      maximum: 300_000,
    },
    from: {
      description:
        'Default sender: exactly one address, e.g. `Transcripts <transcripts@example.com>` (checked at load); a route may set `from`.',
      defaultText: 'the route must give it',
      type: 'string',
      minLength: 1,
    },
    to: {
      description:
        'Default recipients: an address, a comma-separated list or a list (checked at load); a route may set `to`.',
      defaultText: 'the route must give it',
      ...addressList,
    },
    cc: { description: 'Default copy recipients, as `to`.', defaultText: 'none', ...addressList },
    attachTranscript: {
      description:
        'Attach a payload field as a text file: `true` (`data.text` as `transcript.txt`) or `{ field, filename }`.',
      default: false,
      errorMessage: 'must be true/false or { field, filename }',
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
