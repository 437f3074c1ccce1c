import { describe, expect, it } from 'vitest';
import { retryPresets } from '../../../src/worker/retry-policy.js';
import { resolveTargetPolicy, targetSettingsProblems } from '../../../src/worker/target-delivery-policy.js';

describe('resolveTargetPolicy', () => {
  it('gives a target without settings the standard retry and an adaptive limit capped at 32', () => {
    const { attempts, baseDelayMs, maxDelayMs, maxAgeMs } = retryPresets.standard;
    expect(resolveTargetPolicy(undefined)).toEqual({
      retry: { attempts, baseDelayMs, maxDelayMs, maxAgeMs },
      concurrency: 32,
      adaptive: true,
      rateLimit: undefined,
    });
  });

  it('a number is the cap of the adaptive limit; { fixed: N } sends exactly N at once', () => {
    expect(resolveTargetPolicy({ concurrency: 8 })).toMatchObject({ concurrency: 8, adaptive: true });
    expect(resolveTargetPolicy({ concurrency: { fixed: 3 } })).toMatchObject({
      concurrency: 3,
      adaptive: false,
    });
  });

  it('applies the retry preset, concurrency and rate limit of a target', () => {
    const policy = resolveTargetPolicy({
      retry: 'quick',
      concurrency: 1,
      rateLimit: { perSecond: 1, burst: 3 },
    });
    expect(policy).toMatchObject({
      retry: { attempts: 3 },
      concurrency: 1,
      rateLimit: { perSecond: 1, burst: 3 },
    });
  });

  it('reports every bad setting', () => {
    expect(targetSettingsProblems({ concurrency: 0, rateLimit: { perSecond: 0, burst: 0.5 } })).toEqual([
      'concurrency must be a whole number of at least 1, or { fixed: N }',
      'rateLimit.perSecond must be a number above 0',
      'rateLimit.burst must be a whole number of at least 1',
    ]);
    expect(targetSettingsProblems({ concurrency: { fixed: 1.5 } })).toEqual([
      'concurrency must be a whole number of at least 1, or { fixed: N }',
    ]);
    expect(() => resolveTargetPolicy({ retry: 'never' })).toThrow(/unknown retry preset/);
  });
});
