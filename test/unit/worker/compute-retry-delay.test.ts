import { describe, expect, it } from 'vitest';
import { computeRetryDelay } from '../../../src/worker/compute-retry-delay.js';

const base = { baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('computeRetryDelay', () => {
  it('picks uniformly below min(cap, base * 2^(attempt-1)): full jitter', () => {
    expect(computeRetryDelay({ ...base, attempt: 1, random: () => 0 })).toBe(0);
    expect(computeRetryDelay({ ...base, attempt: 1, random: () => 0.999_999 })).toBe(999);
    expect(computeRetryDelay({ ...base, attempt: 3, random: () => 0.5 })).toBe(2000);
    expect(computeRetryDelay({ ...base, attempt: 4, random: () => 0.25 })).toBe(2000);
  });

  it('stays within [0, ceiling) for every attempt and random value', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const ceiling = Math.min(60_000, 1000 * 2 ** (attempt - 1));
      for (const r of [0, 0.1, 0.5, 0.9, 0.999_999]) {
        const delay = computeRetryDelay({ ...base, attempt, random: () => r });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('caps the backoff, even for huge attempt numbers', () => {
    expect(computeRetryDelay({ ...base, attempt: 2000, random: () => 0.5 })).toBe(30_000);
  });

  it('never comes back sooner than Retry-After, even above the cap', () => {
    expect(computeRetryDelay({ ...base, attempt: 1, retryAfterMs: 30_000, random: () => 0.5 })).toBe(30_000);
    expect(computeRetryDelay({ ...base, attempt: 1, retryAfterMs: 120_000, random: () => 0.5 })).toBe(
      120_000,
    );
    expect(computeRetryDelay({ ...base, attempt: 8, retryAfterMs: 10, random: () => 0.5 })).toBe(30_000);
  });

  it('ignores nonsense from the random source or Retry-After', () => {
    expect(computeRetryDelay({ ...base, attempt: 2, random: () => Number.NaN })).toBe(0);
    expect(computeRetryDelay({ ...base, attempt: 2, random: () => 7 })).toBe(2000);
    expect(computeRetryDelay({ ...base, attempt: 2, retryAfterMs: -5, random: () => 0 })).toBe(0);
    expect(computeRetryDelay({ ...base, attempt: 2, retryAfterMs: Number.NaN, random: () => 0 })).toBe(0);
  });
});
