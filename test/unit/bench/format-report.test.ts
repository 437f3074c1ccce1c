import { describe, expect, it } from 'vitest';
import { readSettings } from '../../../bench/bench-settings.js';
import { formatReport } from '../../../bench/format-report.js';
import type { EndToEndRun } from '../../../bench/measure-end-to-end.js';
import type { GotLoopRun } from '../../../bench/measure-got-loop.js';
import type { IngestRun } from '../../../bench/measure-ingest.js';
import type { ServerKind } from '../../../bench/server-launches.js';
import { summarize } from '../../../bench/summarize.js';

function ingestRun(server: ServerKind, rps: number, machineCpu: number): IngestRun {
  return {
    server,
    round: 1,
    rps,
    p50Ms: 2,
    p99Ms: 9,
    ok: rps * 6,
    sent: rps * 6,
    failures: {},
    firstFailure: undefined,
    startupMs: 300,
    idleRssBytes: 100 * 1024 * 1024,
    peakRssBytes: 150 * 1024 * 1024,
    serverCpu: 1,
    benchCpu: 0.8,
    machineCpu,
    cores: 2,
    signedLate: 0,
  };
}

function burst(server: ServerKind, deliveredPerSecond: number, cpuUsPerDelivered: number): EndToEndRun {
  return {
    server,
    round: 1,
    mode: 'burst',
    ratePerSecond: undefined,
    deliveredPerSecond,
    ingestRps: deliveredPerSecond,
    ingestP50Ms: 10,
    p50Ms: 20,
    p99Ms: 90,
    measuredEvents: 100,
    undelivered: 0,
    drainMs: 0,
    duplicates: 0,
    peakRssBytes: 170 * 1024 * 1024,
    serverCpu: 1.3,
    benchCpu: 0.6,
    machineCpu: 1.97,
    cores: 2,
    benchCpuUsPerDelivered: 300,
    cpuUsPerDelivered,
    unreadable: 0,
  };
}

const got: GotLoopRun = {
  round: 1,
  inFlight: 32,
  deliveredPerSecond: 3000,
  cpuUsPerEvent: 350,
  sinkCpuUsPerEvent: 200,
  gotCpu: 1.05,
  benchCpu: 0.6,
  machineCpu: 1.99,
  cores: 2,
  duplicates: 0,
  failed: 0,
};

describe('formatReport', () => {
  const settings = readSettings({ BENCH_ROUNDS: '1' });
  const summary = summarize(
    [
      ingestRun('durable', 6000, 1.96),
      ingestRun('gateway', 5000, 1.91),
      ingestRun('gateway-compare', 4000, 1.9),
    ],
    [burst('gateway', 1800, 750), burst('gateway-compare', 500, 1500)],
    [got],
    [],
    'abc1234',
  );
  const report = formatReport(summary, settings, 'bench/results/latest.json');

  it('has a machine column: cores busy on the whole machine out of its cores', () => {
    expect(report).toMatch(/ machine /);
    expect(report).toMatch(/^gateway \(full ingest path\) .* 1\.91\/2 /m);
  });

  it('gives the got loop and the burst their sink and machine figures, and the cpu budget they allow', () => {
    expect(report).toContain('350 us cpu/event in got + 200 in the sink');
    expect(report).toContain('machine 1.99/2');
    expect(report).toContain('750 us cpu/delivered event (+ 300 in the load generator and sink)');
    // 2 cores: 2e6 / (350 + 200) = 3636 events/s; 2e6 / (750 + 300) = 1905 delivered/s, 0.63 x 3000, 0.52 x 3636.
    expect(report).toContain('the got loop costs 550 us/event (got + sink), at most 3636 events/s');
    expect(report).toContain('the burst costs 1050 us/delivered event');
    expect(report).toContain(
      "at most 1905 delivered/s = 0.63 x the got loop's measured rate, 0.52 x its ceiling",
    );
  });

  it('labels the other build by its commit and gives before/after ratios', () => {
    expect(report).toMatch(/^gateway at abc1234 /m);
    expect(report).toContain('before/after: this build against build abc1234');
    expect(report).toContain('750 vs 1500 us cpu/delivered event, ingest + delivery (0.50 x)');
    expect(report).toContain('1800 vs 500 delivered/s (3.60 x)');
    expect(report).toContain('MET     CPU per delivered event in the burst halved from build abc1234');
  });
});
