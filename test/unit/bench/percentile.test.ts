import { describe, expect, it } from 'vitest';
import { median, percentile, sortedCopy } from '../../../bench/percentile.js';

describe('percentile', () => {
  const sorted = sortedCopy([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);

  it('sortedCopy sorts numerically, not as strings', () => {
    expect([...sortedCopy([10, 9, 100, 1])]).toEqual([1, 9, 10, 100]);
  });

  it('p50 of 1..10 is the 5th value (nearest rank)', () => {
    expect(percentile(sorted, 50)).toBe(5);
  });

  it('p99 of 1..10 is the largest value', () => {
    expect(percentile(sorted, 99)).toBe(10);
  });

  it('p0 is the smallest and p100 the largest value', () => {
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(10);
  });

  it('p99 of 1..1000 is 990', () => {
    expect(percentile(sortedCopy(Array.from({ length: 1000 }, (_, i) => i + 1)), 99)).toBe(990);
  });

  it('no values gives NaN', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('median', () => {
  it('an odd count gives the middle value', () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  it('an even count gives the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('no values gives NaN', () => {
    expect(median([])).toBeNaN();
  });
});
