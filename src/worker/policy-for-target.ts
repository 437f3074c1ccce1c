import type { ConfiguredTargets, TargetConfig } from '../targets/configured-target.js';
import { resolveTargetPolicy, type TargetDeliveryPolicy } from './target-delivery-policy.js';

// Keyed by the config's own target objects: a reload brings new ones, so the cache never goes stale.
const resolved = new WeakMap<TargetConfig, TargetDeliveryPolicy>();
const defaults = resolveTargetPolicy(undefined);

/** The delivery policy of a target in the config in force; a target no longer configured gets the defaults. */
export function policyForTarget(config: ConfiguredTargets, target: string): TargetDeliveryPolicy {
  const settings = config.targets.get(target);
  if (!settings) return defaults;
  let policy = resolved.get(settings);
  if (!policy) {
    policy = resolveTargetPolicy(settings);
    resolved.set(settings, policy);
  }
  return policy;
}
