import { got } from 'got';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/config/load-config.js';
import { LiveRuntime } from '../../../src/runtime/live-runtime.js';
import { buildRuntimeSnapshot } from '../../../src/runtime/runtime-snapshot.js';
import { createPacerRegistry } from '../../../src/targets/shared/pacer-registry.js';
import { MemoryProgress } from '../../helpers/memory-progress.js';

function snapshotOf(yaml: string, at: number) {
  const deps = {
    http: got,
    progress: new MemoryProgress(),
    logger: pino({ level: 'silent' }),
    now: () => at,
    sleep: () => Promise.resolve(),
    pacers: createPacerRegistry(),
  };
  return buildRuntimeSnapshot(loadConfigText('gateway.yaml', yaml, { env: {} }), deps);
}

const first = `
server: { dedupeWindow: 1h, retention: 7d }
sources:
  main: { verify: { preset: github, secrets: [s] }, events: { push: } }
targets:
  hook: { type: http, url: "https://example.test/in", concurrency: 2 }
routes:
  - { name: r, events: push, to: hook }
`;
const second = `
server: { dedupeWindow: 2h, retention: 1d }
sources:
  main: { verify: { preset: github, secrets: [s] }, dedupe: { window: 5m }, events: { issues: } }
targets:
  hook: { type: http, url: "https://example.test/in", concurrency: 5 }
routes:
  - { name: r, events: issues, to: hook }
`;

describe('LiveRuntime', () => {
  it('refuses to be read before a snapshot is installed', () => {
    const runtime = new LiveRuntime();
    expect(() => runtime.config()).toThrow(/not started/);
  });

  it('hands out readers that follow each swap, all from the same snapshot', async () => {
    const runtime = new LiveRuntime();
    const a = snapshotOf(first, 10);
    const b = snapshotOf(second, 20);
    const { config, acceptedTypes, policyFor, dedupeWindowMs, retentionMs, loadedAt, current } = runtime;
    runtime.swap(a);
    expect(current()).toBe(a);
    expect(config()).toBe(a.config);
    expect([...acceptedTypes()]).toEqual(['push']);
    expect(policyFor('hook').concurrency).toBe(2);
    expect(dedupeWindowMs('main')).toBe(60 * 60 * 1000);
    expect(retentionMs()).toBe(7 * 24 * 60 * 60 * 1000);
    expect(loadedAt()).toBe(10);

    runtime.swap(b);
    expect(current()).toBe(b);
    expect(config()).toBe(b.config);
    expect([...acceptedTypes()]).toEqual(['issues']);
    expect(policyFor('hook').concurrency).toBe(5);
    expect(dedupeWindowMs('main')).toBe(5 * 60 * 1000);
    expect(dedupeWindowMs('unknown')).toBe(2 * 60 * 60 * 1000);
    expect(retentionMs()).toBe(24 * 60 * 60 * 1000);
    expect(loadedAt()).toBe(20);
    await Promise.all([...a.targets.values(), ...b.targets.values()].map((target) => target.close()));
  });
});
