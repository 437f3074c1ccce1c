import { describe, expect, it } from 'vitest';
import { decideAfterFailure, type FailedAttempt } from '../../../src/worker/decide-after-failure.js';
import { retryPresets } from '../../../src/worker/retry-policy.js';

const t0 = Date.UTC(2025, 0, 1);
const hour = 3_600_000;
const failed: FailedAttempt = {
  policy: retryPresets.standard,
  attempt: 1,
  kind: 'retryable',
  receivedAt: t0,
  now: t0 + 100,
  random: () => 0.5,
};

describe('decideAfterFailure', () => {
  it('schedules a retryable failure after the jittered backoff', () => {
    expect(decideAfterFailure(failed)).toEqual({
      outcome: 'retry',
      nextAttemptAt: t0 + 100 + 2500,
      delayMs: 2500,
    });
    expect(decideAfterFailure({ ...failed, attempt: 3 })).toEqual({
      outcome: 'retry',
      nextAttemptAt: t0 + 100 + 10_000,
      delayMs: 10_000,
    });
  });

  it('dead-letters a permanent failure at once, whatever attempts are left', () => {
    expect(decideAfterFailure({ ...failed, kind: 'permanent' })).toEqual({
      outcome: 'dead',
      kind: 'permanent',
      reason: 'permanent failure',
    });
  });

  it('dead-letters when the attempts are used up', () => {
    expect(decideAfterFailure({ ...failed, attempt: 7 }).outcome).toBe('retry');
    expect(decideAfterFailure({ ...failed, attempt: 8 })).toEqual({
      outcome: 'dead',
      kind: 'retryable',
      reason: 'gave up after 8 attempts',
    });
    expect(decideAfterFailure({ ...failed, policy: retryPresets.none })).toEqual({
      outcome: 'dead',
      kind: 'retryable',
      reason: 'failed and the retry policy allows no retries',
    });
  });

  it('honours Retry-After', () => {
    expect(decideAfterFailure({ ...failed, retryAfterMs: 60_000 })).toEqual({
      outcome: 'retry',
      nextAttemptAt: t0 + 100 + 60_000,
      delayMs: 60_000,
    });
  });

  it('dead-letters instead of retrying past the max age, counted from receipt', () => {
    const late = { ...failed, now: t0 + 24 * hour - 1000, attempt: 3 };
    expect(decideAfterFailure(late)).toEqual({
      outcome: 'dead',
      kind: 'retryable',
      reason: 'the next retry would be past the max age of 1d',
    });
    expect(decideAfterFailure({ ...failed, retryAfterMs: 25 * hour })).toEqual({
      outcome: 'dead',
      kind: 'retryable',
      reason: 'the target asked to wait 1d 1h, past the max age of 1d',
    });
  });
});
