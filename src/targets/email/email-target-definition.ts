// Generated from the email plug-in's schema (email-target-schema.ts) by `npm run docs` (scripts/config-types.ts); do not edit.

export type EmailTargetDefinition = {
  type?: unknown;
  retry?: unknown;
  concurrency?: unknown;
  rateLimit?: unknown;
  /**
   * The SMTP server as `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start, usually port 465); or use `host`, `port`, `secure`, `auth`.
   */
  url?: string;
  /**
   * The SMTP server name (instead of `url`).
   */
  host?: string;
  /**
   * SMTP port (with `host`).
   */
  port?: number;
  /**
   * TLS from the first byte (with `host`); otherwise STARTTLS is used when the server offers it.
   */
  secure?: boolean;
  /**
   * Refuse to send unless the connection upgrades with STARTTLS.
   */
  requireTLS?: boolean;
  /**
   * Never upgrade with STARTTLS, even when the server offers it (local test servers only).
   */
  ignoreTLS?: boolean;
  /**
   * `{ user, pass }` for SMTP authentication (with `host`).
   */
  auth?: {
    user: string;
    pass: string;
  };
  /**
   * Keep SMTP connections open and reuse them (closed on shutdown and reload).
   */
  pool?: boolean;
  /**
   * Time (ms) for connecting, the greeting and each SMTP command.
   */
  timeoutMs?: number;
  /**
   * Default sender: exactly one address, e.g. `Transcripts <transcripts@example.com>` (checked at load); a route may set `from`.
   */
  from?: string;
  /**
   * Default recipients: an address, a comma-separated list or a list (checked at load); a route may set `to`.
   */
  to?: string | [string, ...string[]];
  /**
   * Default copy recipients, as `to`.
   */
  cc?: string | [string, ...string[]];
  /**
   * Attach a payload field as a text file: `true` (`data.text` as `transcript.txt`) or `{ field, filename }`.
   */
  attachTranscript?:
    | boolean
    | {
        field?: string;
        filename?: string;
      };
} & (
  | {
      host?: never;
      port?: never;
      secure?: never;
      auth?: never;
    }
  | {
      url?: never;
    }
);

/** The schema's `default`s: what a key is when the file leaves it out. */
export const emailTargetDefaults = {
  requireTLS: false,
  ignoreTLS: false,
  pool: true,
  timeoutMs: 15000,
  attachTranscript: false,
} as const;
