import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../src/targets/shared/parse-retry-after.js';

const now = Date.UTC(2026, 10, 28, 16, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 16:02:00 GMT', now)).toBe(120_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 15:00:00 GMT', now)).toBe(0);
  });

  it('gives undefined for a missing, negative, fractional or unreadable value', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('later', now)).toBeUndefined();
  });
});
