import type { ValidateFunction } from 'ajv';
import type { SignatureScheme, Verifier } from '../signing/signature-scheme.js';
import type { BodyFormat, EventIdSpec, EventTypeSpec, Handshake } from '../sources/source-presets.js';
import type { TargetConfig } from '../targets/configured-target.js';
import type { CompiledTemplate } from '../templates/template-engine.js';
import type { Filter } from '../routing/filter.js';

export type { TargetConfig } from '../targets/configured-target.js';

/** The checked, compiled form of gateway.yaml that the running gateway uses. Built only by `loadConfig`. */
export interface GatewayConfig {
  readonly file: string;
  readonly server: ServerConfig;
  readonly sources: ReadonlyMap<string, SourceConfig>;
  readonly targets: ReadonlyMap<string, TargetConfig>;
  readonly routes: readonly RouteConfig[];
}

export type StoreKind = 'sqlite' | 'postgres' | 'memory';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** A second listener for /metrics and /admin (then not served on `port`); absent: all on one port. */
  readonly admin?: { readonly port: number; readonly host: string };
  readonly bodyLimitBytes: number;
  /** Absolute. */
  readonly dataDir: string;
  /** Absolute: the folder `schema:` paths resolve against and must stay inside. */
  readonly schemaDir: string;
  readonly shutdownTimeoutMs: number;
  readonly store: StoreKind;
  /** `store: postgres` only. Holds a password: never log it (see `redactDatabaseUrl`). */
  readonly databaseUrl: string | undefined;
  readonly databasePool: number;
  readonly durability: 'process' | 'power';
  readonly dedupeWindowMs: number;
  readonly retentionMs: number;
  /** How long a claim is leased; the attempt timeout is half of it, at most 60 s. */
  readonly deliveryLeaseMs: number;
  readonly watchConfig: boolean;
  readonly connections: {
    /** Undefined: derived from the process's open-file limit at start. */
    readonly maxConnections: number | undefined;
    readonly idleTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
  };
}

export interface SourceConfig {
  readonly name: string;
  readonly path: string;
  /** The preset or generic scheme `verify` names (its signature headers are never logged). */
  readonly scheme: SignatureScheme;
  /** The scheme with this source's secrets, keys decoded once. */
  readonly verifier: Verifier;
  /** The verify secrets (a handshake such as Zoom's answers with one). Never log them. */
  readonly secrets: readonly string[];
  /** `verify.url`: the public URL the sender calls, for schemes that sign it (Twilio). */
  readonly publicUrl: string | undefined;
  /** Body formats this source accepts: JSON, and form-encoded where its sender uses it. */
  readonly accept: ReadonlySet<BodyFormat>;
  readonly eventType: EventTypeSpec;
  /** Where the sender's event id is (the dedupe key); the raw body's hash when absent. */
  readonly eventId: EventIdSpec;
  readonly handshake: Handshake | undefined;
  /** A form field holding the JSON event itself (Slack interactivity). */
  readonly formPayload: string | undefined;
  /** Accepted event types (exact, or globs such as `invoice.*`), each with its compiled JSON Schema (or none). */
  readonly events: ReadonlyMap<string, ValidateFunction | null>;
  /** The glob keys of `events`, in the order written. */
  readonly eventPatterns: readonly EventPattern[];
  readonly dedupeWindowMs: number;
  /** Event types never treated as duplicates. */
  readonly dedupeSkip: ReadonlySet<string>;
}

export interface EventPattern {
  readonly pattern: string;
  readonly matches: (type: string) => boolean;
  readonly validate: ValidateFunction | null;
}

export interface RouteConfig {
  readonly name: string;
  readonly source: string;
  readonly events: readonly string[];
  readonly matchesType: (type: string) => boolean;
  readonly filter: Filter | undefined;
  readonly to: readonly string[];
  /** Per target name: the compiled template of each message field that target type uses. */
  readonly templates: ReadonlyMap<string, ReadonlyMap<string, CompiledTemplate>>;
}
