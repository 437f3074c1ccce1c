import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/token-bucket.js';

describe('TokenBucket.reserve', () => {
  it('reserves past an empty bucket, each caller one slot further, and takes an unused slot back', () => {
    const bucket = new TokenBucket(2, 1, 0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(500);
    expect(bucket.reserve(0)).toBe(1000);
    bucket.giveBack();
    expect(bucket.reserve(0)).toBe(1000);
  });
});

describe('TokenBucket.resized', () => {
  it('keeps what was spent, never more than the new burst', () => {
    const bucket = new TokenBucket(1, 5, 0);
    expect(bucket.take(0, 4)).toBe(true);
    const slower = bucket.resized(1, 3, 0);
    expect(slower.available(0)).toBe(1);
    expect(new TokenBucket(1, 5, 0).resized(1, 2, 0).available(0)).toBe(2);
  });
});

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
