import type { ConfiguredTargets } from './configured-target.js';
import { cheapRequestOptions } from './shared/cheap-request-options.js';
import { createTargetAgents } from './shared/target-agents.js';
import type { Target, TargetDeps } from './target.js';

/**
 * Builds one live target per definition in the config. An http target gets its own keep-alive pool sized to its
 * in-flight cap (`inFlightCap`, from the delivery policy the caller owns), closed with the target. The other types
 * share the process-wide client: Slack's pace per channel comes from `deps.pacers`, not from the pool.
 */
export function buildTargets(
  config: ConfiguredTargets,
  deps: TargetDeps,
  inFlightCap: (target: string) => number,
): ReadonlyMap<string, Target> {
  const targets = new Map<string, Target>();
  // Every target's requests go through this client (see cheap-request-options.ts).
  const shared: TargetDeps = { ...deps, http: deps.http.extend(cheapRequestOptions) };
  for (const [name, target] of config.targets) {
    if (target.plugin.type !== 'http') {
      targets.set(name, target.plugin.create(name, target.definition, shared));
      continue;
    }
    const agents = createTargetAgents(inFlightCap(name));
    const built = target.plugin.create(name, target.definition, {
      ...shared,
      http: shared.http.extend({ agent: agents.agent }),
    });
    targets.set(name, {
      name: built.name,
      type: built.type,
      preview: (message) => built.preview(message),
      send: (message, ctx) => built.send(message, ctx),
      async close() {
        try {
          await built.close();
        } finally {
          agents.destroy();
        }
      },
    });
  }
  return targets;
}
