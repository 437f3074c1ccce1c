import { describe, expect, it } from 'vitest';
import { findCut } from '../../../../src/targets/slack/find-cut.js';

describe('findCut', () => {
  it('refuses a limit too small to hold an entity', () => {
    expect(() => findCut('anything at all', 4)).toThrow(RangeError);
  });

  it('takes the whole text when it fits', () => {
    expect(findCut('short', 10)).toBe(5);
  });

  it('cuts after a line end when one is in the latter half, else after a space', () => {
    expect(findCut('first line here\nsecond line', 20)).toBe(16);
    expect(findCut('alpha beta gamma delta epsilon', 12)).toBe(11);
  });

  it('cuts hard inside a word with no break, never inside a surrogate pair or an entity', () => {
    expect(findCut('x'.repeat(25), 10)).toBe(10);
    expect(findCut('𝄞'.repeat(10), 9)).toBe(8);
    expect(findCut('abcde&amp;fgh', 8)).toBe(5);
  });
});
