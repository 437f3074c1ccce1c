// Generated from config/gateway.schema.json by `npm run docs` (scripts/config-types.ts); do not edit.
/* eslint-disable @typescript-eslint/no-redundant-type-constituents, @typescript-eslint/no-empty-object-type */

export type Duration = number | string;

/**
 * The whole configuration of a gateway: where it listens and keeps its store, what it receives, where it sends it. Every `description` here is documentation (the README's configuration reference is generated from it); `errorMessage` is the wording of a config error.
 */
export interface GatewayFile {
  /**
   * Where the gateway listens, where it keeps its store, and its limits.
   */
  server?: {
    /**
     * Port of the webhook listener (0 picks a free one).
     */
    port?: number;
    /**
     * Address to listen on.
     */
    host?: string;
    /**
     * A second listener for `/metrics` and `/admin`, which are then no longer served on `port`. Unset: everything on `port`.
     */
    adminPort?: number;
    /**
     * Address of the `adminPort` listener, e.g. `127.0.0.1` to keep it to the machine.
     */
    adminHost?: string;
    /**
     * Largest request body accepted; larger ones are answered 413.
     */
    bodyLimit?: number | string;
    /**
     * Inbound connections open at once (per listener); more are closed as they arrive. The default keeps half of the process's open-file limit free for outbound deliveries and the store.
     */
    maxConnections?: number;
    /**
     * A connection on which nothing moves for this long is closed, including one that never sends a byte.
     */
    idleTimeout?: number | string;
    /**
     * A request's headers must be complete this long after it began.
     */
    headersTimeout?: number | string;
    /**
     * A whole request, body included, must arrive within this long.
     */
    requestTimeout?: number | string;
    /**
     * Folder of the SQLite store (`hookgate.db`); relative to the config file's folder. One gateway process at a time may use it.
     */
    dataDir?: string;
    /**
     * Folder that `schema:` paths are relative to and must stay inside; relative to the config file's folder.
     */
    schemaDir?: string;
    /**
     * `sqlite`: durable, one process per data folder. `postgres`: durable, any number of replicas share one database (fleet mode; needs `databaseUrl`). `memory`: SQLite in RAM, lost on restart (for tests and benchmarks).
     */
    store?: 'sqlite' | 'postgres' | 'memory';
    /**
     * The PostgreSQL connection URL for `store: postgres`, e.g. `${DATABASE_URL}`; its password is never logged.
     */
    databaseUrl?: string;
    /**
     * At most this many PostgreSQL connections per replica (one more is held for wake-ups when LISTEN is available).
     */
    databasePool?: number;
    /**
     * `process`: a commit survives a killed process (SQLite WAL). `power`: fsync on every commit (grouped under load), survives power loss.
     */
    durability?: 'process' | 'power';
    /**
     * The same event arriving again within this window is answered 200 and sends nothing; a source may set its own.
     */
    dedupeWindow?: number | string;
    /**
     * How long a delivery attempt holds its claim; a process that dies or hangs loses it after this long and another takes the delivery over. An attempt is aborted after half of it (at most 60s).
     */
    deliveryLease?: number | string;
    /**
     * Delivered events older than this are removed (hourly).
     */
    retention?: number | string;
    /**
     * On SIGTERM/SIGINT, how long (ms) requests and deliveries in flight may finish; the rest stay queued.
     */
    shutdownTimeoutMs?: number;
    /**
     * Reload when the config file changes (SIGHUP always reloads).
     */
    watchConfig?: boolean;
  };
  /**
   * Webhook endpoints, keyed by name: one per sender.
   */
  sources: {
    [k: string]: SourceDefinition | undefined;
  };
  /**
   * Named destinations, keyed by name; `type` picks the plug-in (its own keys are listed per type).
   */
  targets: {
    [k: string]: TargetDefinition | undefined;
  };
  /**
   * Which events go to which targets, with which message.
   */
  routes: RouteDefinition[];
}
/**
 * One webhook endpoint of one sender.
 */
export interface SourceDefinition {
  /**
   * The path webhooks are POSTed to: `/`-separated segments of letters, digits, `_ . ~ -`; not under `/admin`, `/console`, `/metrics`, `/healthz` or `/readyz`.
   */
  path?: string;
  /**
   * How requests are authenticated: a provider preset (or a generic scheme) and its secrets. `preset` and `scheme` name the same thing; write one.
   */
  verify: {
    /**
     * The sender's scheme: connect-it, github, gitlab, stripe, slack, shopify, standard-webhooks, svix, linear, zoom, paddle, typeform, twilio, hmac, bearer, basic. Same list as "scheme".
     */
    preset?: string;
    /**
     * Same as `preset` (the older spelling; `scheme: hmac` reads best for the generic HMAC).
     */
    scheme?: string;
    /**
     * Secrets (or public keys, tokens, user:password) tried in turn: rotate by adding the new one, then removing the old. Each is checked against the scheme at load.
     *
     * @minItems 1
     */
    secrets: [string, ...string[]];
    /**
     * How old (and, where the provider's library refuses them, how far ahead) a signed timestamp may be; older requests get 401 signature_expired. Default: the preset's (Stripe, Slack, Zoom, Standard Webhooks, Svix 5m; Linear 1m; Paddle 5s).
     */
    tolerance?: number | string;
    /**
     * The public URL the sender calls, for schemes that sign it (twilio, hmac with {url}). Default: rebuilt from the Host and X-Forwarded-Proto headers and the path.
     */
    url?: string;
    /**
     * scheme hmac: the hash.
     */
    algorithm?: 'sha1' | 'sha256' | 'sha512';
    /**
     * scheme hmac: the header that carries the signature.
     */
    header?: string;
    /**
     * scheme hmac: how the signature is written.
     */
    encoding?: 'hex' | 'base64';
    /**
     * scheme hmac: text before the signature in the header, e.g. sha256=.
     */
    prefix?: string;
    /**
     * scheme hmac: what is signed: {body} (required, once), {timestamp}, {header.<name>}, {method}, {url} and literal text.
     */
    signed?: string;
    /**
     * scheme hmac: where the signed timestamp is; it must appear in "signed".
     */
    timestamp?: {
      /**
       * The header that carries it.
       */
      header: string;
      /**
       * Seconds or milliseconds since the epoch.
       */
      unit?: 's' | 'ms';
      /**
       * How far from now it may be, either way.
       */
      tolerance?: number | string;
    };
  };
  /**
   * Accepted event types, exact or a glob (invoice.*, *), each with an optional JSON Schema file (relative to the config file). Other types get 400.
   */
  events: {
    [k: string]:
      | null
      | {
          schema?: string;
        }
      | undefined;
  };
  /**
   * De-duplication: the same event id within the window is answered 200 "duplicate" and sends nothing.
   */
  dedupe?: {
    /**
     * Deprecated spelling of eventId: { path: … } (still accepted; write one of the two).
     */
    key?: string;
    /**
     * How long an event id is remembered (overrides `server.dedupeWindow` for this source).
     */
    window?: number | string;
    /**
     * Event types never treated as duplicates, e.g. `[test.completed]`: a test button that always sends the same body then works more than once a day.
     */
    skip?: string[];
  };
  /**
   * Where the event type is. Default: the preset's (body field "type" for connect-it, stripe, standard-webhooks, hmac…; X-GitHub-Event plus .action for github).
   */
  eventType?: {
    [k: string]: unknown | undefined;
  } & {
    /**
     * A request header.
     */
    header?: string;
    /**
     * A dotted path in the body (data.kind, items.0.type).
     */
    path?: string;
    /**
     * A fixed type, for senders that name none.
     */
    value?: string;
    /**
     * A body field appended after a dot when present (GitHub's action: pull_request.opened).
     */
    suffix?: string;
  };
  /**
   * Where the sender's event id is: the de-duplication key, compared as its exact JSON text (5 and "5" differ; big numbers keep every digit). Default: the preset's (body field "id" for connect-it, stripe, hmac…; X-GitHub-Delivery, webhook-id…); none found means the SHA-256 of the raw body.
   */
  eventId?: {
    [k: string]: unknown | undefined;
  } & {
    /**
     * A request header.
     */
    header?: string;
    /**
     * A dotted path in the body.
     */
    path?: string;
  };
  /**
   * Body formats accepted: json, and form (application/x-www-form-urlencoded, parsed to an object of fields). Default: the preset's (twilio form and json, slack json and form, others json).
   *
   * @minItems 1
   */
  accept?: ['json' | 'form', ...('json' | 'form')[]];
}
export interface TargetDefinition {
  /**
   * `slack`, `email` or `http`.
   */
  type: string;
  /**
   * A preset (`standard`, `patient`, `quick`, `none`) or `{ preset, attempts, baseDelay, maxDelay, maxAge }`.
   */
  retry?:
    | string
    | {
        preset?: string;
        attempts?: number;
        baseDelay?: Duration;
        maxDelay?: Duration;
        maxAge?: Duration;
      };
  /**
   * The most deliveries in flight to this target at once: the limit starts at 4 and adapts to the target's answers and latency (see Delivery). `{ fixed: N }`: always N.
   */
  concurrency?:
    | number
    | {
        fixed: number;
      };
  /**
   * `{ perSecond, burst }`: deliveries started per second to this target, with bursts up to `burst`.
   */
  rateLimit?: {
    perSecond: number;
    burst?: number;
  };
  [k: string]: unknown | undefined;
}
export interface RouteDefinition {
  /**
   * Unique name, used in logs, metrics and the delivery id.
   */
  name: string;
  /**
   * Source name; may be left out when there is only one source.
   */
  source?: string;
  /**
   * Event type or list of them: exact, or a glob such as `transcript.*` or `*`.
   */
  events: string | [string, ...string[]];
  filter?: FilterDefinition;
  /**
   * Target name or list of them.
   */
  to: string | [string, ...string[]];
  /**
   * Liquid templates of the message fields of the targets (e.g. `title`, `text`, `detail` for Slack); a field left out uses the target type's default.
   */
  message?: {
    [k: string]: string | undefined;
  };
}
/**
 * A condition on payload fields that must hold (see Routes and filters).
 */
export interface FilterDefinition {}

/** The schema's `default`s: what a key is when the file leaves it out. */
export const serverDefaults = {
  port: 3221,
  host: '0.0.0.0',
  bodyLimit: '5mb',
  idleTimeout: '10s',
  headersTimeout: '10s',
  requestTimeout: '30s',
  dataDir: './data',
  schemaDir: '.',
  store: 'sqlite',
  databasePool: 4,
  durability: 'process',
  dedupeWindow: '24h',
  deliveryLease: '2m',
  retention: '7d',
  shutdownTimeoutMs: 10000,
  watchConfig: false,
} as const;

/** The schema's `default`s: what a key is when the file leaves it out. */
export const sourceDefaults = {
  path: '/webhook',
  verify: {
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: '',
    signed: '{body}',
    timestamp: { unit: 's', tolerance: '5m' },
  },
  dedupe: { skip: [] },
} as const;

/** The schema's `default`s: what a key is when the file leaves it out. */
export const targetDefaults = { retry: 'standard', concurrency: 32 } as const;
