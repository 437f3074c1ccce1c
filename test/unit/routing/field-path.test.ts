import { describe, expect, it } from 'vitest';
import { readField } from '../../../src/routing/field-path.js';
import type { JsonObject } from '../../../src/types.js';

const payload: JsonObject = {
  type: 'transcript.completed',
  data: { user: { id: 731, last_name: null }, tags: ['planning', 'gateway'], items: [{ name: 'first' }] },
};

describe('readField', () => {
  it('reads a nested value by dotted path', () => {
    expect(readField(payload, 'data.user.id')).toBe(731);
  });

  it('reads array elements by index', () => {
    expect(readField(payload, 'data.tags.1')).toBe('gateway');
    expect(readField(payload, 'data.items.0.name')).toBe('first');
  });

  it('returns null for a field that is present and null', () => {
    expect(readField(payload, 'data.user.last_name')).toBeNull();
  });

  it('returns undefined for a missing field or a path through a scalar', () => {
    expect(readField(payload, 'data.user.email')).toBeUndefined();
    expect(readField(payload, 'type.length')).toBeUndefined();
    expect(readField(payload, 'data.tags.5')).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(readField(payload, 'constructor')).toBeUndefined();
    expect(readField(payload, '__proto__')).toBeUndefined();
    expect(readField(payload, 'data.tags.length')).toBeUndefined();
  });
});
