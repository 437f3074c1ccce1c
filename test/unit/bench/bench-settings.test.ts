import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../bench/bench-settings.js';

describe('readSettings', () => {
  it('defaults to 3 rounds of 2 s warm-up and 8 s measured over 32 connections', () => {
    expect(readSettings({})).toMatchObject({
      quick: false,
      warmupMs: 2000,
      measureMs: 8000,
      rounds: 3,
      concurrency: 32,
      infoLogRun: true,
      fixedBaseline: true,
      targetConcurrency: undefined,
      gotInFlight: 32,
    });
  });

  it('BENCH_QUICK=1 makes one short round without the info-logging run', () => {
    const settings = readSettings({ BENCH_QUICK: '1' });
    expect(settings.rounds).toBe(1);
    expect(settings.warmupMs + settings.measureMs).toBeLessThanOrEqual(2000);
    expect(settings.infoLogRun).toBe(false);
    expect(settings.fixedBaseline).toBe(false);
  });

  it('BENCH_SECONDS, BENCH_ROUNDS and BENCH_CONCURRENCY override, also in quick mode', () => {
    const settings = readSettings({
      BENCH_QUICK: '1',
      BENCH_SECONDS: '3',
      BENCH_ROUNDS: '2',
      BENCH_CONCURRENCY: '8',
    });
    expect(settings).toMatchObject({ measureMs: 3000, rounds: 2, concurrency: 8 });
  });

  it('BENCH_ONLY picks one group of runs: sqlite or postgres; by default both', () => {
    expect(readSettings({}).only).toBeUndefined();
    expect(readSettings({ BENCH_ONLY: 'postgres' }).only).toBe('postgres');
    expect(readSettings({ BENCH_ONLY: 'sqlite' }).only).toBe('sqlite');
    expect(() => readSettings({ BENCH_ONLY: 'mysql' })).toThrow(/BENCH_ONLY/);
  });

  it('BENCH_COMPARE_BUILD names another checkout to run beside this one; unset or empty, none', () => {
    expect(readSettings({}).compareBuild).toBeUndefined();
    expect(readSettings({ BENCH_COMPARE_BUILD: '' }).compareBuild).toBeUndefined();
    expect(readSettings({ BENCH_COMPARE_BUILD: '/work/wt/before' }).compareBuild).toBe('/work/wt/before');
  });

  it('rejects values that would not end or make no sense', () => {
    expect(() => readSettings({ BENCH_SECONDS: '0' })).toThrow(/BENCH_SECONDS/);
    expect(() => readSettings({ BENCH_SECONDS: '1e9' })).toThrow(/BENCH_SECONDS/);
    expect(() => readSettings({ BENCH_ROUNDS: '1.5' })).toThrow(/BENCH_ROUNDS/);
    expect(() => readSettings({ BENCH_CONCURRENCY: 'many' })).toThrow(/BENCH_CONCURRENCY/);
  });
});
