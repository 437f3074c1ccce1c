import { describe, expect, it } from 'vitest';
import type { GatewayConfig, TargetConfig } from '../../../src/config/gateway-config.js';
import { policyForTarget } from '../../../src/worker/policy-for-target.js';

function configWith(targets: Partial<TargetConfig>[]): GatewayConfig {
  return { targets: new Map(targets.map((t) => [t.name!, t as TargetConfig])) } as unknown as GatewayConfig;
}

describe('policyForTarget', () => {
  it("resolves a configured target's retry, concurrency and rate limit", () => {
    const config = configWith([
      { name: 'slack', retry: 'quick', concurrency: 1, rateLimit: { perSecond: 1 } },
    ]);
    expect(policyForTarget(config, 'slack')).toMatchObject({
      retry: { attempts: 3 },
      concurrency: 1,
      rateLimit: { perSecond: 1 },
    });
    expect(policyForTarget(config, 'slack')).toBe(policyForTarget(config, 'slack'));
  });

  it('gives a target that is no longer configured the defaults', () => {
    expect(policyForTarget(configWith([]), 'gone')).toMatchObject({
      retry: { attempts: 8 },
      concurrency: 32,
    });
  });
});
