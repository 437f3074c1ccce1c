import type { ConfiguredTargets } from './configured-target.js';
import type { Target, TargetDeps } from './target.js';

/** Builds one live target per definition in the config. */
export function buildTargets(config: ConfiguredTargets, deps: TargetDeps): ReadonlyMap<string, Target> {
  const targets = new Map<string, Target>();
  for (const [name, target] of config.targets)
    targets.set(name, target.plugin.create(name, target.definition, deps));
  return targets;
}
