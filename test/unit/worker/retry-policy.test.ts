import { describe, expect, it } from 'vitest';
import { computeRetryDelay } from '../../../src/worker/compute-retry-delay.js';
import { resolveRetryPolicy, retryPresets, retrySpecProblems } from '../../../src/worker/retry-policy.js';

describe('retry policy', () => {
  it('defaults to the standard preset', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({
      attempts: 8,
      baseDelayMs: 5000,
      maxDelayMs: 30 * 60_000,
      maxAgeMs: 24 * 3_600_000,
    });
  });

  it('resolves a preset name, or a preset with values changed', () => {
    expect(resolveRetryPolicy('quick')).toMatchObject({ attempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000 });
    expect(resolveRetryPolicy('none').attempts).toBe(1);
    expect(resolveRetryPolicy({ preset: 'patient', attempts: 5 })).toMatchObject({
      attempts: 5,
      maxDelayMs: 6 * 3_600_000,
    });
    expect(resolveRetryPolicy({ baseDelayMs: 100 })).toMatchObject({ attempts: 8, baseDelayMs: 100 });
  });

  it('names every problem of a bad setting', () => {
    expect(retrySpecProblems('eager')).toEqual([
      'unknown retry preset "eager" (use standard, patient, quick, none)',
    ]);
    expect(retrySpecProblems({ attempts: 0, maxAgeMs: -1, delay: 5 })).toEqual([
      'retry.delay is not a retry setting (use preset, attempts, baseDelayMs, maxDelayMs, maxAgeMs)',
      'retry.attempts must be a whole number of at least 1',
      'retry.maxAgeMs must be a number of milliseconds, 0 or more',
    ]);
    expect(retrySpecProblems(['standard'])).toEqual(['retry must be a preset name or an object']);
    expect(() => resolveRetryPolicy({ preset: 'toString' })).toThrow(TypeError);
  });

  it('gives each preset a sentence', () => {
    for (const preset of Object.values(retryPresets)) expect(preset.description).toMatch(/\w.+\.$/);
  });

  it('patient keeps trying for most of a day on an average jitter draw', () => {
    const policy = retryPresets.patient;
    let elapsed = 0;
    for (let attempt = 1; attempt < policy.attempts; attempt++) {
      elapsed += computeRetryDelay({ ...policy, attempt, random: () => 0.5 });
    }
    expect(elapsed).toBeGreaterThan(12 * 3_600_000);
    expect(elapsed).toBeLessThan(policy.maxAgeMs);
  });
});
