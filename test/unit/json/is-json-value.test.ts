import { describe, expect, it } from 'vitest';
import { isJsonObject, isJsonValue } from '../../../src/json/is-json-value.js';

describe('isJsonValue and isJsonObject', () => {
  it('accept what JSON can hold, nested', () => {
    expect(isJsonValue({ a: [1, 'x', null, true, { b: {} }] })).toBe(true);
    expect(isJsonObject({ a: 1 })).toBe(true);
  });

  it('refuse what JSON cannot hold, at any depth, and arrays or primitives as objects', () => {
    expect(isJsonValue({ a: [undefined] })).toBe(false);
    expect(isJsonValue({ a: new Date(0) })).toBe(false);
    expect(isJsonValue(Number.NaN)).toBe(false);
    expect(isJsonValue(() => 1)).toBe(false);
    expect(isJsonObject([1])).toBe(false);
    expect(isJsonObject('x')).toBe(false);
    expect(isJsonObject(new Map())).toBe(false);
  });
});
