import type { GatewayConfig } from '../config/gateway-config.js';
import { resolveTargetPolicy } from '../queue/target-delivery-policy.js';
import { createTargetAgents } from './shared/target-agents.js';
import type { Target, TargetDeps } from './target.js';

/**
 * Builds one live target per definition in the config. An http target gets its own keep-alive pool sized to its
 * in-flight cap (`concurrency`), closed with the target. The other types keep the shared deps object itself:
 * Slack keys its channel pacers by it, so targets rebuilt by a reload, or two on one channel, share one pace.
 */
export function buildTargets(config: GatewayConfig, deps: TargetDeps): ReadonlyMap<string, Target> {
  const targets = new Map<string, Target>();
  for (const [name, target] of config.targets) {
    if (target.plugin.type !== 'http') {
      targets.set(name, target.plugin.create(name, target.definition, deps));
      continue;
    }
    const agents = createTargetAgents(resolveTargetPolicy(target).concurrency);
    const built = target.plugin.create(name, target.definition, {
      ...deps,
      http: deps.http.extend({ agent: agents.agent }),
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
