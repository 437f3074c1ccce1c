// Generated from the http plug-in's schema (http-target-schema.ts) by `npm run docs` (scripts/config-types.ts); do not edit.

export interface HttpTargetDefinition {
  type?: unknown;
  retry?: unknown;
  concurrency?: unknown;
  rateLimit?: unknown;
  /**
   * The URL to send to (http:// or https://); a route adds query parameters with `query.<name>`.
   */
  url: string;
  /**
   * The request method.
   */
  method?: 'POST' | 'PUT' | 'PATCH';
  /**
   * Static request headers; a route adds templated ones with `header.<Name>`. A value beyond printable ASCII is sent RFC 8187-encoded (`UTF-8''…`); every value is cut to 4,096 bytes.
   */
  headers?: {
    [k: string]: string | undefined;
  };
  /**
   * `template`: always the route's `body` template. `passthrough`: always the received body, byte for byte. Unset: the template when the route gives one, else the received body.
   */
  body?: 'template' | 'passthrough';
  /**
   * Sign each request as a sender does, so the receiver can verify it: `{ scheme, secret }` with any scheme of the presets table (`scheme: hmac` also takes `algorithm`, `header`, `encoding`, `prefix`, `signed`, `timestamp`).
   */
  sign?: {
    scheme:
      | 'connect-it'
      | 'github'
      | 'gitlab'
      | 'stripe'
      | 'slack'
      | 'shopify'
      | 'standard-webhooks'
      | 'svix'
      | 'linear'
      | 'zoom'
      | 'paddle'
      | 'typeform'
      | 'twilio'
      | 'hmac'
      | 'bearer'
      | 'basic';
    secret: string;
    algorithm?: 'sha1' | 'sha256' | 'sha512';
    header?: string;
    encoding?: 'hex' | 'base64';
    prefix?: string;
    signed?: string;
    timestamp?: {
      header: string;
      unit?: 's' | 'ms';
    };
  };
  /**
   * Time (ms) one request may take, connecting included.
   */
  timeoutMs?: number;
  /**
   * Follow 3xx redirects.
   */
  followRedirects?: boolean;
  /**
   * Content-Type of the request body.
   */
  contentType?: string;
}

/** The schema's `default`s: what a key is when the file leaves it out. */
export const httpTargetDefaults = {
  method: 'POST',
  timeoutMs: 15000,
  followRedirects: false,
  contentType: 'application/json',
} as const;
