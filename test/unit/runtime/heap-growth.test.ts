import { describe, expect, it } from 'vitest';
import { heapGrowingPercent, heapGrowthFlag } from '../../../src/runtime/heap-growth.js';

describe('heapGrowthFlag', () => {
  it('limits the heap growth by default', () => {
    expect(heapGrowthFlag([], undefined)).toBe(`--heap-growing-percent=${heapGrowingPercent}`);
    expect(heapGrowthFlag(['--cpu-prof'], '--max-old-space-size=512')).toBe('--heap-growing-percent=100');
  });

  it('leaves a value given on the command line or in NODE_OPTIONS, in either spelling', () => {
    expect(heapGrowthFlag(['--heap-growing-percent=300'], undefined)).toBeUndefined();
    expect(heapGrowthFlag(['--heap_growing_percent=300'], undefined)).toBeUndefined();
    expect(heapGrowthFlag([], '--max-old-space-size=512 --heap-growing-percent=50')).toBeUndefined();
  });
});
