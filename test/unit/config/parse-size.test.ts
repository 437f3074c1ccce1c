import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../../src/config/parse-size.js';

describe('parseSize', () => {
  it('reads sizes with a unit', () => {
    expect(parseSize('5mb')).toBe(5 * 1024 * 1024);
    expect(parseSize('512kb')).toBe(512 * 1024);
    expect(parseSize('1gb')).toBe(1024 ** 3);
    expect(parseSize('100b')).toBe(100);
  });

  it('reads a bare number string as bytes', () => {
    expect(parseSize('2048')).toBe(2048);
  });

  it('passes a number through as bytes', () => {
    expect(parseSize(1000)).toBe(1000);
  });

  it('reads fractions, spaces and upper-case units', () => {
    expect(parseSize('1.5kb')).toBe(1536);
    expect(parseSize(' 2 MB ')).toBe(2 * 1024 * 1024);
  });

  it('throws for text that is not a size', () => {
    expect(() => parseSize('five megabytes')).toThrow('not a size: five megabytes');
    expect(() => parseSize('5tb')).toThrow();
  });
});

describe('parseDuration', () => {
  it('reads durations with each unit', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
  });

  it('reads fractions', () => {
    expect(parseDuration('1.5s')).toBe(1500);
  });

  it('passes a number through as milliseconds', () => {
    expect(parseDuration(60_000)).toBe(60_000);
  });

  it('throws for a string without a unit or with an unknown one', () => {
    expect(() => parseDuration('60')).toThrow('not a duration: 60');
    expect(() => parseDuration('2w')).toThrow('not a duration: 2w');
  });
});
