import { describe, expect, it } from 'vitest';
import { findCut, splitText } from '../../../../src/targets/slack/split-text.js';
import { cutsCleanly, longTranscript } from './long-transcript.js';

describe('splitText', () => {
  it('returns short text as one chunk and empty text as none', () => {
    expect(splitText('hello', 3000)).toEqual(['hello']);
    expect(splitText('', 3000)).toEqual([]);
  });

  it('cuts after a line end when one is in the latter half', () => {
    expect(splitText('first line here\nsecond line', 20)).toEqual(['first line here\n', 'second line']);
  });

  it('cuts after a space when no line end is near', () => {
    expect(splitText('alpha beta gamma delta epsilon', 12)).toEqual([
      'alpha beta ',
      'gamma delta ',
      'epsilon',
    ]);
  });

  it('cuts hard inside a word with no break, between whole characters', () => {
    const chunks = splitText('x'.repeat(25), 10);
    expect(chunks).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('never splits a surrogate pair, a ZWJ emoji or an escape entity', () => {
    const texts = ['𝄞'.repeat(40), '👨‍👩‍👧'.repeat(20), '&amp;&lt;&gt;'.repeat(30), `a${'👋🏽&amp;'.repeat(25)}`];
    for (const text of texts) {
      for (let max = 8; max <= 40; max++) {
        const chunks = splitText(text, max);
        expect(chunks.join('')).toBe(text);
        expect(chunks.every((chunk) => chunk.length <= max && chunk.length > 0)).toBe(true);
        expect(cutsCleanly(chunks)).toBe(true);
      }
    }
  });

  it('splits a 60,000-character transcript within the limit, cleanly, and joins back to the whole', () => {
    const text = longTranscript(60_000);
    expect(text.length).toBeGreaterThanOrEqual(60_000);
    const chunks = splitText(text, 3000);
    expect(chunks.join('')).toBe(text);
    expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= 3000)).toBe(true);
    expect(cutsCleanly(chunks)).toBe(true);
    expect(chunks.filter((chunk) => chunk.endsWith('\n')).length).toBeGreaterThan(chunks.length / 2);
  });
});

describe('findCut', () => {
  it('refuses a limit too small to hold an entity', () => {
    expect(() => findCut('anything at all', 4)).toThrow(RangeError);
  });

  it('takes the whole text when it fits', () => {
    expect(findCut('short', 10)).toBe(5);
  });
});
