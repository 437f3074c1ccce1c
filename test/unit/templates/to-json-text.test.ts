import { describe, expect, it } from 'vitest';
import { stringifyWithoutRecursion, toJsonText } from '../../../src/templates/to-json-text.js';

/** `depth` arrays, one inside the other, around an object, as `JSON.parse` reads them from a body. */
function nested(depth: number): unknown {
  return JSON.parse(`${'['.repeat(depth)}{"a":"x\\"y","b":[1,null,true,{}],"c":[]}${']'.repeat(depth)}`);
}

describe('toJsonText', () => {
  it('writes what JSON.stringify writes, indented or not', () => {
    const value = { a: 'x"y', n: 1.5, list: [1, null, true, {}, []], deep: { z: undefined, k: 'v' } };
    expect(toJsonText(value)).toBe(JSON.stringify(value));
    expect(toJsonText(value, 2)).toBe(JSON.stringify(value, null, 2));
    expect(toJsonText(undefined)).toBe('');
  });

  it('writes a value nested 100,000 levels deep, where JSON.stringify throws', () => {
    const value = nested(100_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const text = toJsonText(value);
    expect(text).toBe(
      `${'['.repeat(100_000)}{"a":"x\\"y","b":[1,null,true,{}],"c":[]}${']'.repeat(100_000)}`,
    );
  });

  it('writes the same text as JSON.stringify by its own loop, indented or not', () => {
    const value = {
      a: 'x"y',
      list: [1, null, true, {}, [], undefined, Infinity],
      deep: { z: undefined, k: 'v' },
    };
    for (const space of [0, 2, 4]) {
      expect(stringifyWithoutRecursion(value, space)).toBe(JSON.stringify(value, null, space));
      expect(stringifyWithoutRecursion(nested(4), space)).toBe(JSON.stringify(nested(4), null, space));
    }
    expect(stringifyWithoutRecursion('a')).toBe('"a"');
  });
});
