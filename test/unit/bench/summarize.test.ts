import { describe, expect, it } from 'vitest';
import type { EndToEndRun } from '../../../bench/measure-end-to-end.js';
import type { DrainRun } from '../../../bench/measure-drain.js';
import type { GotLoopRun } from '../../../bench/measure-got-loop.js';
import type { IngestRun } from '../../../bench/measure-ingest.js';
import type { ServerKind } from '../../../bench/server-launches.js';
import { summarize } from '../../../bench/summarize.js';

const mb = 1024 * 1024;

function ingestRun(server: ServerKind, round: number, rps: number, peakMb = 100): IngestRun {
  return {
    server,
    round,
    rps,
    p50Ms: rps / 1000,
    p99Ms: rps / 100,
    ok: rps * 8,
    sent: rps * 10,
    failures: {},
    firstFailure: undefined,
    startupMs: 300,
    idleRssBytes: 60 * mb,
    peakRssBytes: peakMb * mb,
    serverCpu: 1,
    benchCpu: 0.8,
    machineCpu: 1.9,
    cores: 2,
    signedLate: 0,
  };
}

function e2eRun(
  round: number,
  deliveredPerSecond: number,
  mode: EndToEndRun['mode'] = 'burst',
  server: EndToEndRun['server'] = 'gateway',
): EndToEndRun {
  return {
    server,
    round,
    mode,
    ratePerSecond: mode === 'half' ? 1000 : undefined,
    deliveredPerSecond,
    ingestRps: 2000,
    ingestP50Ms: 4,
    p50Ms: 5,
    p99Ms: 50,
    measuredEvents: 100,
    undelivered: 0,
    drainMs: 0,
    duplicates: 0,
    peakRssBytes: 120 * mb,
    serverCpu: 1,
    benchCpu: 0.9,
    machineCpu: 1.95,
    cores: 2,
    benchCpuUsPerDelivered: 400,
    cpuUsPerDelivered: 1000,
    unreadable: 0,
  };
}

function gotRun(round: number, deliveredPerSecond: number): GotLoopRun {
  return {
    round,
    inFlight: 32,
    deliveredPerSecond,
    cpuUsPerEvent: 500,
    sinkCpuUsPerEvent: 250,
    gotCpu: 1,
    benchCpu: 0.5,
    machineCpu: 1.8,
    cores: 2,
    duplicates: 0,
    failed: 0,
  };
}

function drainRun(
  round: number,
  deliveredPerSecond: number,
  undelivered = 0,
  server: DrainRun['server'] = 'gateway',
): DrainRun {
  return {
    server,
    round,
    backlog: 4000 + round,
    deliveredPerSecond,
    drainMs: 5000,
    cpuUsPerDelivered: 600 + round,
    benchCpu: 0.4,
    machineCpu: 1.5 + round / 10,
    cores: 2,
    undelivered,
    duplicates: 0,
    peakRssBytes: 150 * mb,
  };
}

describe('summarize', () => {
  const ingest = [
    ...[8000, 9000, 10000].map((rps, i) => ingestRun('bare', i + 1, rps)),
    ...[5000, 6000, 4000].map((rps, i) => ingestRun('durable', i + 1, rps)),
    ...[5500, 5400, 5600].map((rps, i) => ingestRun('gateway', i + 1, rps, i === 1 ? 180 : 150)),
  ];

  it('gives each server the median of its rounds and the ratio to the next-simpler server', () => {
    const { rows } = summarize(ingest, []);
    expect(rows.map((row) => [row.server, row.rps, row.ratio?.name, row.ratio?.value])).toEqual([
      ['bare', 9000, undefined, undefined],
      ['durable', 5000, 'durable/bare', 5000 / 9000],
      ['gateway', 5500, 'gateway/durable', 1.1],
    ]);
  });

  it('server CPU per request is the median over rounds of busy cores / rps, in microseconds', () => {
    const gateway = summarize(ingest, []).rows.find((row) => row.server === 'gateway');
    expect(gateway?.cpuUsPerRequest).toBeCloseTo(1e6 / 5500, 6);
  });

  it('memory under load is the largest peak of the gateway runs', () => {
    expect(summarize(ingest, []).memory.peakRssBytes).toBe(180 * mb);
  });

  it('computes the targets from the same run: delivery against the got loop, p50 at half load, no loss', () => {
    const { targets, endToEnd, gotLoop } = summarize(
      ingest,
      [e2eRun(1, 2000), e2eRun(2, 3000), e2eRun(3, 2500), { ...e2eRun(1, 900, 'half'), p50Ms: 1200 }],
      [gotRun(1, 3000), gotRun(2, 4000), gotRun(3, 3500)],
    );
    expect(endToEnd.burst.rounds).toBe(3);
    expect(endToEnd.half.deliveredPerSecond).toBe(900);
    expect(gotLoop).toMatchObject({ rounds: 3, inFlight: 32, deliveredPerSecond: 3500 });
    expect(targets.map((t) => [t.verdict, t.value])).toEqual([
      ['met', 1.1],
      ['missed', 2500 / 3500],
      ['missed', 1200],
      ['met', 180],
      ['met', 0],
    ]);
  });

  it('a duplicate or an undelivered event at the sink misses the no-loss target', () => {
    const { targets } = summarize(ingest, [{ ...e2eRun(1, 2000), duplicates: 1 }], []);
    expect(targets.at(-1)).toMatchObject({ verdict: 'missed', value: 1 });
  });

  it('targets are unknown when the gateway did not run', () => {
    const { targets } = summarize(
      ingest.filter((run) => run.server !== 'gateway'),
      [],
    );
    expect(targets.map((t) => t.verdict)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('sets the PostgreSQL rows (one replica, three) against the bare PostgreSQL receiver, end to end apart', () => {
    const { rows, endToEnd, postgresEndToEnd, targets } = summarize(
      [
        ...ingest,
        ingestRun('postgres-bare', 1, 1000),
        ingestRun('gateway-postgres', 1, 850),
        ingestRun('gateway-postgres-3', 1, 600),
      ],
      [
        e2eRun(1, 2000),
        { ...e2eRun(1, 400, 'burst', 'gateway-postgres'), duplicates: 1 },
        e2eRun(1, 300, 'burst', 'gateway-postgres-3'),
      ],
    );
    expect(rows.slice(-2).map((row) => [row.server, row.ratio?.name, row.ratio?.value])).toEqual([
      ['gateway-postgres', 'gateway-postgres/postgres-bare', 0.85],
      ['gateway-postgres-3', 'gateway-postgres-3/postgres-bare', 0.6],
    ]);
    expect(endToEnd.burst).toMatchObject({ rounds: 1, deliveredPerSecond: 2000 });
    expect(postgresEndToEnd.one).toMatchObject({ rounds: 1, deliveredPerSecond: 400, duplicates: 1 });
    expect(postgresEndToEnd.three).toMatchObject({ rounds: 1, deliveredPerSecond: 300 });
    expect(targets.find((t) => t.name.startsWith('events lost'))?.verdict).toBe('missed');
    expect(targets.at(-1)).toMatchObject({ verdict: 'met', value: 0.85 });
  });

  it('drains a parked backlog: medians of the rounds, the ratio to the got loop of the same run', () => {
    const { drain } = summarize(
      ingest,
      [],
      [gotRun(1, 1000), gotRun(2, 800), gotRun(3, 900)],
      [drainRun(1, 700), drainRun(2, 900), drainRun(3, 810)],
    );
    expect(drain).toEqual({
      rounds: 3,
      backlog: 4002,
      deliveredPerSecond: 810,
      ratioToGotLoop: 0.9,
      cpuUsPerDelivered: 602,
      benchCpu: 0.4,
      machineCpu: 1.7,
      undelivered: 0,
      duplicates: 0,
    });
  });

  it('an event the drain did not deliver misses the no-loss target, even without other end-to-end runs', () => {
    const { targets, drain } = summarize(ingest, [], [gotRun(1, 1000)], [drainRun(1, 700, 2)]);
    expect(drain.undelivered).toBe(2);
    expect(targets.find((t) => t.name.startsWith('events lost'))).toMatchObject({
      verdict: 'missed',
      value: 2,
    });
  });

  it('no drain runs: the drain row is empty and its ratio unknown', () => {
    const { drain } = summarize(ingest, [], [gotRun(1, 1000)]);
    expect(drain.rounds).toBe(0);
    expect(drain.ratioToGotLoop).toBeNaN();
  });

  it('reports how busy the machine was in each row: medians of the rounds, out of its cores', () => {
    const { rows, endToEnd, gotLoop } = summarize(
      ingest,
      [e2eRun(1, 2000), { ...e2eRun(2, 2000), machineCpu: 1.5 }, { ...e2eRun(3, 2000), machineCpu: 1.7 }],
      [gotRun(1, 3000), { ...gotRun(2, 3000), machineCpu: 2 }],
    );
    expect(rows[0]).toMatchObject({ machineCpu: 1.9, cores: 2 });
    expect(endToEnd.burst).toMatchObject({ machineCpu: 1.7, cores: 2, benchCpuUsPerDelivered: 400 });
    expect(gotLoop).toMatchObject({ machineCpu: 1.9, cores: 2, sinkCpuUsPerEvent: 250, gotCpu: 1 });
  });

  it("the cpu budget: what the cores allow at the got loop's and the burst's CPU per event", () => {
    const { cpuBudget } = summarize(ingest, [e2eRun(1, 1500)], [gotRun(1, 2500)]);
    // got loop: 500 + 250 µs per event; burst: 1000 (gateway) + 400 (load generator and sink).
    expect(cpuBudget.cores).toBe(2);
    expect(cpuBudget.gotLoopUsPerEvent).toBe(750);
    expect(cpuBudget.gotLoopCeiling).toBeCloseTo(2e6 / 750, 6);
    expect(cpuBudget.burstUsPerDelivered).toBe(1400);
    expect(cpuBudget.burstCeiling).toBeCloseTo(2e6 / 1400, 6);
    expect(cpuBudget.burstCeilingToGotLoop).toBeCloseTo(2e6 / 1400 / 2500, 6);
    expect(cpuBudget.burstCeilingToGotLoopCeiling).toBeCloseTo(750 / 1400, 9);
  });

  it('sets another build beside this one: its rows apart, ratios this / other, its losses not held to the target', () => {
    const { rows, compare, drain, endToEnd, targets } = summarize(
      [...ingest, ...[5000, 4000, 4500].map((rps, i) => ingestRun('gateway-compare', i + 1, rps))],
      [
        e2eRun(1, 2000),
        { ...e2eRun(1, 500, 'burst', 'gateway-compare'), cpuUsPerDelivered: 2500, undelivered: 3 },
      ],
      [gotRun(1, 3000)],
      [drainRun(1, 900), { ...drainRun(1, 600, 0, 'gateway-compare'), cpuUsPerDelivered: 1202 }],
      'abc1234',
    );
    expect(rows.map((row) => row.server)).toEqual(['bare', 'durable', 'gateway', 'gateway-compare']);
    expect(endToEnd.burst.deliveredPerSecond).toBe(2000);
    expect(drain).toMatchObject({ rounds: 1, deliveredPerSecond: 900 });
    expect(compare?.build).toBe('abc1234');
    expect(compare?.burst).toMatchObject({ rounds: 1, deliveredPerSecond: 500, undelivered: 3 });
    expect(compare?.drain).toMatchObject({ rounds: 1, deliveredPerSecond: 600 });
    expect(compare?.ratios.ingestCpuUsPerRequest).toBeCloseTo(4500 / 5500, 9);
    expect(compare?.ratios).toMatchObject({
      ingestRps: 5500 / 4500,
      burstCpuUsPerDelivered: 0.4,
      burstDeliveredPerSecond: 4,
      drainCpuUsPerDelivered: 601 / 1202,
      drainDeliveredPerSecond: 1.5,
    });
    expect(targets.find((t) => t.name.startsWith('events lost'))).toMatchObject({ verdict: 'met', value: 0 });
    expect(targets.find((t) => t.name.startsWith('CPU per delivered'))).toMatchObject({
      name: 'CPU per delivered event in the burst halved from build abc1234 (abc1234 / this >= 2)',
      verdict: 'met',
      value: 2.5,
    });
  });

  it('without another build there is no before/after and no CPU target', () => {
    const { compare, targets } = summarize(ingest, [e2eRun(1, 2000)], [gotRun(1, 3000)]);
    expect(compare).toBeUndefined();
    expect(targets.some((t) => t.name.startsWith('CPU per delivered'))).toBe(false);
  });
});
