import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../../src/signing/constant-time-equal.js';

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    expect(constantTimeEqual('a1b2c3', 'a1b2c3')).toBe(true);
  });

  it('is false for strings of the same length that differ', () => {
    expect(constantTimeEqual('a1b2c3', 'a1b2c4')).toBe(false);
  });

  it('is false, without throwing, for strings of unequal lengths', () => {
    expect(constantTimeEqual('a1b2c3', 'a1b2c')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });

  it('compares bytes, so equal character counts with unequal byte lengths are false', () => {
    expect(constantTimeEqual('é', 'e')).toBe(false);
  });
});
