import { describe, expect, it } from 'vitest';
import { firstHeader } from '../../../src/signing/first-header.js';

describe('firstHeader', () => {
  it('returns a single value as it is', () => {
    expect(firstHeader({ 'x-hub-signature-256': 'sha256=abc' }, 'x-hub-signature-256')).toBe('sha256=abc');
  });

  it('returns the first of repeated values', () => {
    expect(firstHeader({ 'set-cookie': ['a=1', 'b=2'] }, 'set-cookie')).toBe('a=1');
  });

  it('returns undefined for an absent header', () => {
    expect(firstHeader({}, 'x-connect-it-token')).toBeUndefined();
  });
});
