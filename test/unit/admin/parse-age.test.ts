import { describe, expect, it } from 'vitest';
import { parseAge } from '../../../src/admin/parse-age.js';

describe('parseAge', () => {
  it.each([
    ['500ms', 500],
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['1w', 604_800_000],
    ['1.5h', 5_400_000],
    ['0', 0],
    ['250', 250],
    [' 2 D ', 172_800_000],
    ['10MS', 10],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseAge(text)).toBe(ms);
  });

  it('rounds a fraction of a millisecond to whole milliseconds', () => {
    expect(parseAge('1.6ms')).toBe(2);
    expect(parseAge('0.0004s')).toBe(0);
  });

  it.each(['', '   ', 'h', '7days', '1y', '-1d', '1e3', '1,5h', '.5h', '7d ago', '1h30m'])(
    'gives undefined for %j',
    (text) => {
      expect(parseAge(text)).toBeUndefined();
    },
  );
});
