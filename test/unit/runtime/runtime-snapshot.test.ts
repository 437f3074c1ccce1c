import { describe, expect, it } from 'vitest';
import { got } from 'got';
import { pino } from 'pino';
import { loadConfigText } from '../../../src/config/load-config.js';
import { buildRuntimeSnapshot } from '../../../src/runtime/runtime-snapshot.js';
import { createPacerRegistry } from '../../../src/targets/shared/pacer-registry.js';
import { MemoryProgress } from '../../helpers/memory-progress.js';

const yaml = `
sources:
  main: { verify: { preset: github, secrets: [s] }, events: { push:, 'issues.*': } }
targets:
  hook: { type: http, url: "https://example.test/in", retry: quick, concurrency: 2 }
routes:
  - { name: r, events: push, to: hook }
`;

const deps = {
  http: got,
  progress: new MemoryProgress(),
  logger: pino({ level: 'silent' }),
  now: () => 0,
  sleep: () => Promise.resolve(),
  pacers: createPacerRegistry(),
};

describe('buildRuntimeSnapshot', () => {
  it('holds the config, its built targets, their policies and the accepted types, frozen', async () => {
    const config = loadConfigText('gateway.yaml', yaml, { env: {} });
    const snapshot = buildRuntimeSnapshot(config, deps);
    expect(snapshot.config).toBe(config);
    expect([...snapshot.targets.keys()]).toEqual(['hook']);
    expect(snapshot.policyFor('hook').concurrency).toBe(2);
    expect(snapshot.policyFor('gone').concurrency).toBe(snapshot.policyFor('other').concurrency);
    expect([...snapshot.acceptedTypes]).toEqual(['push', 'issues.*']);
    expect(Object.isFrozen(snapshot)).toBe(true);
    await Promise.all([...snapshot.targets.values()].map((target) => target.close()));
  });
});
