import type { JsonObject } from '../types.js';
import type { TargetPlugin } from './target.js';

/** One checked target of gateway.yaml: its plug-in, its definition and the keys the core owns. */
export interface TargetConfig {
  readonly name: string;
  readonly plugin: TargetPlugin;
  /** The definition with `${VAR}`s resolved (holds secrets: never log it). */
  readonly definition: JsonObject;
  readonly retry: JsonObject | string | undefined;
  /** A cap for the adaptive in-flight limit, or `{ fixed: N }`. */
  readonly concurrency: number | { readonly fixed: number } | undefined;
  readonly rateLimit: { readonly perSecond: number; readonly burst?: number } | undefined;
}

/** The targets of a config in force (`GatewayConfig` is one). */
export interface ConfiguredTargets {
  readonly targets: ReadonlyMap<string, TargetConfig>;
}
