import { describe, expect, it } from 'vitest';
import { machineBusyCores, parseProcStat } from '../../../bench/machine-cpu.js';

const stat = (cpu: string): string =>
  `${cpu}\ncpu0 10 0 10 80 0 0 0 0 0 0\ncpu1 10 0 10 80 0 0 0 0 0 0\nintr 12345 0 0\nctxt 999\n`;

describe('parseProcStat', () => {
  it('counts user, nice, system, irq, softirq and steal as busy; idle and iowait as idle', () => {
    expect(parseProcStat(stat('cpu  100 5 50 800 20 3 7 1 0 0'))).toEqual({
      busy: 100 + 5 + 50 + 3 + 7 + 1,
      total: 100 + 5 + 50 + 800 + 20 + 3 + 7 + 1,
    });
  });

  it('leaves out guest time, which the kernel already counts in user and nice', () => {
    expect(parseProcStat(stat('cpu  100 0 0 100 0 0 0 0 40 10'))).toEqual({ busy: 100, total: 200 });
  });

  it('reads the aggregate line, not the per-core lines, wherever it is', () => {
    expect(parseProcStat('cpu0 1 1 1 1\ncpu 4 0 0 6\n')).toEqual({ busy: 4, total: 10 });
  });

  it('accepts an older kernel line with fewer fields', () => {
    expect(parseProcStat('cpu 4 0 2 6\n')).toEqual({ busy: 6, total: 12 });
  });

  it('is undefined without an aggregate line or with a field that is not a number', () => {
    expect(parseProcStat('cpu0 1 2 3 4\nintr 5\n')).toBeUndefined();
    expect(parseProcStat('cpu 1 x 3 4\n')).toBeUndefined();
    expect(parseProcStat('cpu 1 2\n')).toBeUndefined();
    expect(parseProcStat('')).toBeUndefined();
  });
});

describe('machineBusyCores', () => {
  it('is the busy share of the ticks that passed, in cores', () => {
    expect(machineBusyCores({ busy: 1000, total: 4000 }, { busy: 1150, total: 4200 }, 2)).toBeCloseTo(1.5, 9);
  });

  it('is the number of cores when every tick was busy, and 0 when none was', () => {
    expect(machineBusyCores({ busy: 0, total: 0 }, { busy: 200, total: 200 }, 2)).toBe(2);
    expect(machineBusyCores({ busy: 50, total: 100 }, { busy: 50, total: 300 }, 4)).toBe(0);
  });

  it('is NaN without two readings or without ticks in between', () => {
    expect(machineBusyCores(undefined, { busy: 1, total: 2 }, 2)).toBeNaN();
    expect(machineBusyCores({ busy: 1, total: 2 }, undefined, 2)).toBeNaN();
    expect(machineBusyCores({ busy: 1, total: 2 }, { busy: 1, total: 2 }, 2)).toBeNaN();
  });
});
