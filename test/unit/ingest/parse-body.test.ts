import { describe, expect, it } from 'vitest';
import { maxJsonDepth, parseBody } from '../../../src/ingest/parse-body.js';

describe('parseBody', () => {
  it('parses a JSON object and keeps its text for reading ids', () => {
    expect(parseBody('{"type":"a","n":1}', 'json')).toEqual({
      payload: { type: 'a', n: 1 },
      json: '{"type":"a","n":1}',
    });
  });

  it.each([
    ['not JSON', '{"type":', 'invalid_json'],
    ['an array', '[1]', 'invalid_json'],
    ['a string', '"x"', 'invalid_json'],
  ])('refuses %s with 400 %s', (_what, text, code) => {
    expect(() => parseBody(text, 'json')).toThrow(expect.objectContaining({ status: 400, code }));
  });

  it(`refuses nesting deeper than ${maxJsonDepth} levels with 400 json_too_deep, and accepts ${maxJsonDepth}`, () => {
    const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(() => parseBody(nested(maxJsonDepth), 'json')).not.toThrow();
    expect(() => parseBody(nested(maxJsonDepth + 1), 'json')).toThrow(
      expect.objectContaining({ status: 400, code: 'json_too_deep' }),
    );
  });

  it('parses form fields: one value a string, repeated ones a list, escapes decoded as UTF-8', () => {
    const { payload, json } = parseBody('Body=caf%C3%A9+au+lait&To=%2B1&Media=a&Media=b&Empty=', 'form');
    expect(payload).toEqual({ Body: 'café au lait', To: '+1', Media: ['a', 'b'], Empty: '' });
    expect(json).toBeUndefined();
  });

  it('keeps a form field named __proto__ a plain field', () => {
    const { payload } = parseBody('__proto__=x&constructor=y', 'form');
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(Object.keys(payload)).toEqual(['__proto__', 'constructor']);
  });

  it('takes the event from a form field holding JSON (Slack interactivity), depth-checked', () => {
    const payload = encodeURIComponent('{"type":"block_actions","trigger_id":"1.2.3"}');
    expect(parseBody(`payload=${payload}`, 'form', 'payload')).toEqual({
      payload: { type: 'block_actions', trigger_id: '1.2.3' },
      json: '{"type":"block_actions","trigger_id":"1.2.3"}',
    });
    const deep = encodeURIComponent(`{"a":${'['.repeat(200)}${']'.repeat(200)}}`);
    expect(() => parseBody(`payload=${deep}`, 'form', 'payload')).toThrow(
      expect.objectContaining({ code: 'json_too_deep' }),
    );
  });
});
