import { describe, expect, it } from 'vitest';
import { retryPresets } from '../../../src/queue/retry-policy.js';
import { resolveTargetPolicy, targetSettingsProblems } from '../../../src/queue/target-delivery-policy.js';

describe('resolveTargetPolicy', () => {
  it('gives a target without settings the standard retry and a concurrency of 4', () => {
    const { attempts, baseDelayMs, maxDelayMs, maxAgeMs } = retryPresets.standard;
    expect(resolveTargetPolicy(undefined)).toEqual({
      retry: { attempts, baseDelayMs, maxDelayMs, maxAgeMs },
      concurrency: 4,
      rateLimit: undefined,
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
      'concurrency must be a whole number of at least 1',
      'rateLimit.perSecond must be a number above 0',
      'rateLimit.burst must be a whole number of at least 1',
    ]);
    expect(() => resolveTargetPolicy({ retry: 'never' })).toThrow(/unknown retry preset/);
  });
});
