import type { ValidateFunction } from 'ajv';
import type { VerificationScheme } from '../verify/verification-scheme.js';
import type { TargetPlugin } from '../targets/target.js';
import type { CompiledTemplate } from '../templates/template-engine.js';
import type { Filter } from '../routing/filter.js';
import type { JsonObject } from '../types.js';

/** The checked, compiled form of gateway.yaml that the running gateway uses. Built only by `loadConfig`. */
export interface GatewayConfig {
  readonly file: string;
  readonly server: ServerConfig;
  readonly sources: ReadonlyMap<string, SourceConfig>;
  readonly targets: ReadonlyMap<string, TargetConfig>;
  readonly routes: readonly RouteConfig[];
}

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
  readonly store: 'sqlite' | 'memory';
  readonly durability: 'process' | 'power';
  readonly dedupeWindowMs: number;
  readonly retentionMs: number;
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
  readonly scheme: VerificationScheme;
  readonly secrets: readonly string[];
  /** Accepted event types, each with its compiled JSON Schema (or none). */
  readonly events: ReadonlyMap<string, ValidateFunction | null>;
  /** Dotted payload path of the sender's event id; the raw body's hash when absent. */
  readonly dedupeKey: string | undefined;
  readonly dedupeWindowMs: number;
  /** Event types never treated as duplicates. */
  readonly dedupeSkip: ReadonlySet<string>;
}

export interface TargetConfig {
  readonly name: string;
  readonly plugin: TargetPlugin;
  /** The definition with `${VAR}`s resolved (holds secrets: never log it). */
  readonly definition: JsonObject;
  readonly retry: JsonObject | string | undefined;
  readonly concurrency: number | undefined;
  readonly rateLimit: { readonly perSecond: number; readonly burst?: number } | undefined;
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
