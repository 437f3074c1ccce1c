import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/worker/format-duration.js';

describe('formatDuration', () => {
  it('writes durations short, with at most two units', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(330_000)).toBe('5m 30s');
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(90_061_000)).toBe('1d 1h');
  });
});
