import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../../src/metrics/gateway-metrics.js';
import { promLint } from '../../helpers/prom-lint.js';

/** The whole /metrics text with a sample in every gateway metric. */
async function exposition(): Promise<string> {
  const metrics = new GatewayMetrics({
    countQueue: async () => ({ crm: { queued: 2, dead: 1 } }),
    acceptedTypes: () => new Set(['test.completed']),
  });
  metrics.recordIngest({
    source: 'connect-it',
    type: 'test.completed',
    outcome: 'accepted',
    status: 200,
    durationMs: 3,
  });
  metrics.recordDelivery({ target: 'crm', outcome: 'delivered', durationMs: 40, endToEndMs: 90 });
  metrics.recordReload('applied');
  metrics.recordDroppedConnection('public');
  return metrics.registry.metrics();
}

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;

describe('the /metrics names', () => {
  it("follow promtool's rules (checked here without promtool)", async () => {
    expect(promLint(await exposition())).toEqual([]);
  });

  it.runIf(promtool)('pass `promtool check metrics` (when promtool is installed)', async () => {
    // promtool exits non-zero and prints each problem when there is any.
    expect(
      execFileSync('promtool', ['check', 'metrics'], { input: await exposition(), encoding: 'utf8' }),
    ).toBe('');
  });
});

describe('promLint', () => {
  it('finds what promtool finds', () => {
    const text = [
      '# HELP app_active_handles_total Handles.',
      '# TYPE app_active_handles_total gauge',
      'app_active_handles_total 3',
      '# TYPE app_requests counter',
      'app_requests{methodName="GET"} 1',
      '# HELP app_latency_milliseconds Latency.',
      '# TYPE app_latency_milliseconds gauge',
      'app_latency_milliseconds{le="1"} 2',
    ].join('\n');
    expect(promLint(text)).toEqual([
      'app_active_handles_total: non-counter metrics should not have "_total" suffix',
      'app_requests: no help text',
      'app_requests: counter metrics should have "_total" suffix',
      "app_requests: label names should be written in 'snake_case' not 'camelCase' (methodName)",
      'app_latency_milliseconds: non-histogram metrics should not have "le" label',
      'app_latency_milliseconds: use base unit "seconds" instead of "milliseconds"',
    ]);
  });
});
