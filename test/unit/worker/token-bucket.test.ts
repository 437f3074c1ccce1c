import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/worker/token-bucket.js';

describe('TokenBucket', () => {
  it('starts full, then refills at its rate up to the burst', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect(bucket.available(0)).toBe(3);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.nextTokenAt(0)).toBe(500);
    expect(bucket.available(499)).toBe(0);
    expect(bucket.available(500)).toBe(1);
    expect(bucket.available(60_000)).toBe(3);
  });

  it('handles rates below one per second', () => {
    const bucket = new TokenBucket(0.5, 1, 0);
    expect(bucket.take(0)).toBe(true);
    expect(bucket.nextTokenAt(1000)).toBe(2000);
  });

  it('refuses a rate that cannot work', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
  });
});
