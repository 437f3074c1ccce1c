import type { GatewayConfig } from '../config/gateway-config.js';
import { policyForTarget } from '../worker/policy-for-target.js';
import type { TargetDeliveryPolicy } from '../worker/target-delivery-policy.js';
import { buildTargets } from '../targets/build-targets.js';
import type { Target, TargetDeps } from '../targets/target.js';

/**
 * Everything a request or a delivery reads from the config in force, built together from one loaded config and
 * frozen: a reload builds the next snapshot whole and swaps it in one step, so nothing ever sees the routes of one
 * config with the targets of another. Long-lived state that must outlive a reload (pooled connections are closed
 * with the old targets; pacers and delivery progress are not) comes in through `TargetDeps`, never from here.
 */
export interface RuntimeSnapshot {
  readonly config: GatewayConfig;
  readonly targets: ReadonlyMap<string, Target>;
  /** The delivery policy of a target; a target no longer configured gets the defaults. */
  readonly policyFor: (target: string) => TargetDeliveryPolicy;
  /** Every event type some source accepts: the only types that may become metric labels. */
  readonly acceptedTypes: ReadonlySet<string>;
  /** How long the same (source, dedupe key) counts as a duplicate: the source's window, else the server's. */
  readonly dedupeWindowMs: (source: string) => number;
  /** When this config was put in force (`deps.now()` as it was built). */
  readonly loadedAt: number;
}

/** Builds the targets of `config` (throws as `buildTargets` does) and freezes the whole. */
export function buildRuntimeSnapshot(config: GatewayConfig, deps: TargetDeps): RuntimeSnapshot {
  const policyFor = (target: string): TargetDeliveryPolicy => policyForTarget(config, target);
  const targets = buildTargets(config, deps, (target) => policyFor(target).concurrency);
  return Object.freeze({
    config,
    targets,
    policyFor,
    acceptedTypes: new Set([...config.sources.values()].flatMap((source) => [...source.events.keys()])),
    dedupeWindowMs: (source: string) =>
      config.sources.get(source)?.dedupeWindowMs ?? config.server.dedupeWindowMs,
    loadedAt: deps.now(),
  });
}
