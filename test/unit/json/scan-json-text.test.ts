import { describe, expect, it } from 'vitest';
import { scanJsonText } from '../../../src/json/scan-json-text.js';

function valueAt(text: string, path: string): string | undefined {
  return scanJsonText(text, { maxDepth: 128, path: path.split('.') }).valueText;
}

describe('scanJsonText', () => {
  it('returns the exact source text of a value, quotes and all', () => {
    expect(valueAt('{"id":"evt_1","n":2}', 'id')).toBe('"evt_1"');
    expect(valueAt('{"id": 5 }', 'id')).toBe('5');
    expect(valueAt('{"id":"5"}', 'id')).toBe('"5"');
  });

  it('keeps every digit of integers beyond 2^53, which JSON.parse would round', () => {
    expect(valueAt('{"id":9007199254740993}', 'id')).toBe('9007199254740993');
    expect(valueAt('{"id":12345678901234567890}', 'id')).toBe('12345678901234567890');
    expect(valueAt('{"id":1.50e3}', 'id')).toBe('1.50e3');
  });

  it('follows a dotted path through objects and array indexes', () => {
    const text = '{"data":{"items":[{"id":1},{"id":"b","x":[1,{"y":2}]}]},"id":0}';
    expect(valueAt(text, 'data.items.1.id')).toBe('"b"');
    expect(valueAt(text, 'data.items.0.id')).toBe('1');
    expect(valueAt(text, 'data.items.2.id')).toBeUndefined();
    expect(valueAt(text, 'data.missing')).toBeUndefined();
    expect(valueAt(text, 'id.deeper')).toBeUndefined();
  });

  it('returns a container value whole', () => {
    expect(valueAt('{"id":{"a":[1,"}"]}}', 'id')).toBe('{"a":[1,"}"]}');
  });

  it('takes the last of repeated keys, as JSON.parse does', () => {
    expect(valueAt('{"id":1,"id":2}', 'id')).toBe('2');
    expect(valueAt('{"data":{"id":1},"data":{"x":2}}', 'data.id')).toBeUndefined();
    expect(JSON.parse('{"data":{"id":1},"data":{"x":2}}')).toEqual({ data: { x: 2 } });
  });

  it('is not fooled by quotes, brackets and escapes inside strings', () => {
    const text = '{"a":"x\\"}{[\\\\","id":"q\\"\\\\","b":"]"}';
    expect(JSON.parse(text)).toMatchObject({ id: 'q"\\' });
    expect(valueAt(text, 'id')).toBe('"q\\"\\\\"');
  });

  it('matches keys written with escapes as JSON.parse reads them', () => {
    expect(valueAt('{"\\u0069d":7}', 'id')).toBe('7');
  });

  it('handles whitespace of every JSON kind around tokens', () => {
    expect(valueAt(' \n{\t"data" :\r\n { "id" : "a" } } ', 'data.id')).toBe('"a"');
  });

  it('reports nesting deeper than the limit, and accepts exactly the limit', () => {
    const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(scanJsonText(nested(128), { maxDepth: 128 }).tooDeep).toBe(false);
    expect(scanJsonText(nested(129), { maxDepth: 128 }).tooDeep).toBe(true);
    expect(scanJsonText(`{"a":${nested(200)}}`, { maxDepth: 128, path: ['id'] }).tooDeep).toBe(true);
    expect(scanJsonText(`{"id":${nested(200)}}`, { maxDepth: 128, path: ['id'] }).tooDeep).toBe(true);
  });

  it('counts depth inside strings as nothing', () => {
    expect(scanJsonText(`{"a":"${'['.repeat(500)}"}`, { maxDepth: 4 }).tooDeep).toBe(false);
  });

  it('gives no value for malformed text, leaving the error to JSON.parse', () => {
    for (const text of ['{"id":', '{"id" 1}', '{"a":"unterminated', '{id:1}', '[', '']) {
      expect(scanJsonText(text, { maxDepth: 128, path: ['id'] })).toEqual({
        tooDeep: false,
        valueText: undefined,
      });
    }
  });
});
