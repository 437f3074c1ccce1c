import got from 'got';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { GatewayConfig, TargetConfig } from '../../../src/config/gateway-config.js';
import { buildTargets } from '../../../src/targets/build-targets.js';
import { cheapRequestOptions } from '../../../src/targets/shared/cheap-request-options.js';
import { createPacerRegistry } from '../../../src/targets/shared/pacer-registry.js';
import type { Target, TargetDeps, TargetPlugin } from '../../../src/targets/target.js';

function plugin(type: string, seen: TargetDeps[]): TargetPlugin {
  return {
    type,
    schema: {},
    fields: {},
    create(name: string, _definition: unknown, deps: TargetDeps): Target {
      seen.push(deps);
      return {
        name,
        type,
        preview: () => null,
        send: () => Promise.resolve({ status: 200 }),
        close: () => Promise.resolve(),
      };
    },
  } as unknown as TargetPlugin;
}

function configWith(targets: Partial<TargetConfig>[]): GatewayConfig {
  return {
    targets: new Map(
      targets.map((t) => [t.name!, { definition: {}, retry: undefined, ...t } as TargetConfig]),
    ),
  } as unknown as GatewayConfig;
}

describe('buildTargets', () => {
  const deps: TargetDeps = {
    http: got.extend({ retry: { limit: 0 } }),
    logger: pino({ level: 'silent' }),
    now: Date.now,
    sleep: () => Promise.resolve(),
    progress: { load: () => Promise.resolve(undefined), save: () => Promise.resolve() },
    pacers: createPacerRegistry(),
  };

  it('hands non-http targets the shared deps (one client, one pacer registry)', () => {
    const seen: TargetDeps[] = [];
    const slack = plugin('slack', seen);
    buildTargets(
      configWith([
        { name: 'a', plugin: slack },
        { name: 'b', plugin: slack },
      ]),
      deps,
      () => 3,
    );
    // One deps object for both, the caller's but for a client extended with the cheaper request options.
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toEqual({ ...deps, http: seen[0]?.http });
    expect(seen[0]?.pacers).toBe(deps.pacers);
    expect(seen[0]?.http.defaults.options.hooks.beforeRequest).toEqual(
      cheapRequestOptions.hooks?.beforeRequest,
    );
  });

  it('gives an http target its own client, with a pool closed when the target closes', async () => {
    const seen: TargetDeps[] = [];
    const targets = buildTargets(
      configWith([{ name: 'api', plugin: plugin('http', seen), concurrency: 5 }]),
      deps,
      (name) => (name === 'api' ? 5 : 1),
    );
    expect(seen[0]).not.toBe(deps);
    expect(seen[0]?.http).not.toBe(deps.http);
    const agent = (seen[0]?.http.defaults.options.agent as { http?: { maxSockets: number; destroy(): void } })
      .http;
    expect(agent?.maxSockets).toBe(5);
    expect(seen[0]?.http.defaults.options.hooks.beforeRequest).toEqual(
      cheapRequestOptions.hooks?.beforeRequest,
    );
    const destroy = vi.spyOn(agent!, 'destroy');
    await targets.get('api')?.close();
    expect(destroy).toHaveBeenCalled();
  });
});
