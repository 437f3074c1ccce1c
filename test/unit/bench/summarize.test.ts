import { describe, expect, it } from 'vitest';
import type { EndToEndRun } from '../../../bench/measure-end-to-end.js';
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
    signedLate: 0,
  };
}

function e2eRun(round: number, deliveredPerSecond: number): EndToEndRun {
  return {
    round,
    deliveredPerSecond,
    ingestRps: 2000,
    p50Ms: 5,
    p99Ms: 50,
    measuredEvents: 100,
    undelivered: 0,
    drainMs: 0,
    duplicates: 0,
    peakRssBytes: 120 * mb,
    serverCpu: 1,
    benchCpu: 0.9,
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

  it('computes the three targets from the same run', () => {
    const { targets } = summarize(ingest, [e2eRun(1, 2000), e2eRun(2, 3000), e2eRun(3, 2500)]);
    expect(targets.map((t) => [t.verdict, t.value])).toEqual([
      ['met', 1.1],
      ['missed', 2500 / 5500],
      ['met', 180],
    ]);
  });

  it('targets are unknown when the gateway did not run', () => {
    const { targets } = summarize(
      ingest.filter((run) => run.server !== 'gateway'),
      [],
    );
    expect(targets.map((t) => t.verdict)).toEqual(['unknown', 'unknown', 'unknown']);
  });
});
