import type { Got } from 'got';
import type { Logger } from 'pino';
import type { JsonObject, JsonValue, OutboundMessage } from '../types.js';
import type { EscaperName } from '../templates/escapers.js';
import type { PacerRegistry } from './shared/pacer-registry.js';

// The message a target sends is rendered by templates/, which sits below targets/: its type lives in types.ts.
export type { OutboundMessage, RenderedFields } from '../types.js';

/**
 * The target plug-in contract. A target type (slack, email, http) is one module exporting a `TargetPlugin`; the
 * registry maps the `type` in gateway.yaml to it. Adding a target type is one file and one registry line.
 */

export interface SendContext {
  /** Stable across retries: the receiver's idempotency key. */
  readonly deliveryId: string;
  readonly attempt: number;
  /** 1, plus one per replay; with `attempt` it fences progress writes (see `ProgressService`). */
  readonly round: number;
  /** A shared store's fencing token for the claim (see `Lease.token`); fences progress writes with the above. */
  readonly leaseToken?: number | undefined;
  readonly signal?: AbortSignal;
  /** Tells the worker a step of a multi-step send finished; `ProgressService.save` calls it. */
  readonly stepDone?: () => void;
}

/** What a successful send reports (for logs and the attempt record). */
export interface SendReceipt {
  readonly status?: number;
  readonly detail?: string;
}

export interface Target {
  readonly name: string;
  readonly type: string;
  /**
   * Pure: the exact request(s) this target would make for the message, as JSON. Used by `routes test` (dry run)
   * and by `send`, so the preview and the real send cannot drift apart.
   */
  preview(message: OutboundMessage): JsonValue;
  /**
   * Sends the message. Throws `DeliveryError` (retryable or permanent) on failure; never retries by itself:
   * retries belong to the durable queue.
   */
  send(message: OutboundMessage, ctx: SendContext): Promise<SendReceipt>;
  /** Frees pooled connections; called on shutdown and when a reload removes the target. */
  close(): Promise<void>;
}

/**
 * Durable progress of a send made of several steps (Slack: the parts, then the file), kept in the store so a retry
 * or a restart continues after the last step saved instead of repeating it. Fenced by the attempt's claim: a save
 * from an attempt whose claim was lost writes nothing and throws a retryable `DeliveryError`. Each save also
 * extends the claim and restarts the attempt timeout: both bound one step, not the whole delivery. A replay
 * starts from nothing.
 */
export interface ProgressService {
  /** What an earlier attempt of this delivery (same round) saved, or undefined. */
  load(ctx: SendContext): Promise<JsonValue | undefined>;
  save(ctx: SendContext, progress: JsonValue): Promise<void>;
}

/** What the core hands every plug-in when it builds a target. */
export interface TargetDeps {
  readonly http: Got;
  readonly progress: ProgressService;
  readonly logger: Logger;
  /** Injected clock (ms since epoch), so pacing can be tested with a fake one. */
  readonly now: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Pacers of rate-limited destinations, kept for the gateway's life (they must outlive a reload's targets). */
  readonly pacers: PacerRegistry;
}

/** A problem in the config that a plug-in finds beyond its schema, reported at load with its line. */
export interface TargetProblem {
  /** Below the target definition (`checkDefinition`), or a route message field (`checkRoute`); empty: the route's `to` entry. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface TargetPlugin {
  readonly type: string;
  /** JSON Schema (draft 2020-12 subset ajv supports) for this type's target definition in gateway.yaml. */
  readonly schema: JsonObject;
  /** The message fields a route may template for this type, with the escaper applied to inserted values. */
  readonly fields: Readonly<Record<string, EscaperName>>;
  /**
   * Families of message fields named by a prefix, e.g. `header.` for `header.X-Event`: each field whose name
   * starts with the prefix and whose rest matches `name` is templated with `escaper`.
   */
  readonly fieldPrefixes?: Readonly<Record<string, { readonly escaper: EscaperName; readonly name: RegExp }>>;
  /** Templates used when a route gives none, keyed by field; they should suit any event. */
  readonly defaultTemplates: Readonly<Record<string, string>>;
  /**
   * Problems of a schema-valid definition that a schema cannot express (an address that is not one, a signing
   * secret's form), at paths inside the definition, so `check`
   * refuses a target that could never deliver rather than letting every event it gets die.
   */
  readonly checkDefinition?: (definition: JsonObject) => readonly TargetProblem[];
  /**
   * Problems of one route's message for this target: what the target needs that neither its definition nor the
   * route gives, and static route values that cannot work. `message` holds the route's own templates.
   */
  readonly checkRoute?: (
    definition: JsonObject,
    message: Readonly<Record<string, string>>,
  ) => readonly TargetProblem[];
  /** Builds the target from its (schema-valid, env-interpolated) definition. */
  create(name: string, definition: JsonObject, deps: TargetDeps): Target;
}
