import { describe, expect, it } from 'vitest';
import { checkTarget, ratio } from '../../../bench/verdicts.js';

describe('ratio', () => {
  it('divides', () => {
    expect(ratio(900, 1000)).toBe(0.9);
  });

  it('is NaN against zero or a missing figure', () => {
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
    expect(ratio(1, Number.NaN)).toBeNaN();
  });
});

describe('checkTarget', () => {
  it('>= is met on the bound itself', () => {
    expect(checkTarget('ingest', 0.9, '>=', 0.9).verdict).toBe('met');
    expect(checkTarget('ingest', 0.89, '>=', 0.9).verdict).toBe('missed');
  });

  it('< is missed on the bound itself', () => {
    expect(checkTarget('memory', 199.9, '<', 200).verdict).toBe('met');
    expect(checkTarget('memory', 200, '<', 200).verdict).toBe('missed');
  });

  it('a missing figure is unknown, not met or missed', () => {
    expect(checkTarget('ingest', Number.NaN, '>=', 0.9).verdict).toBe('unknown');
  });
});
