import { performance } from 'node:perf_hooks';
import type { SignedEventPool } from './make-signed-events.js';
import { cpuMeter, readCpuSecondsOf, type CpuReading } from './measure-cpu.js';
import { waitForDrain } from './measure-end-to-end.js';
import { measureIngest, type LoadShape } from './measure-ingest.js';
import type { ServerKind, ServerLaunch } from './server-launches.js';
import type { Sink } from './sink-server.js';

export interface DrainRun {
  readonly server: ServerKind;
  readonly round: number;
  /** Events accepted while the target was parked: the backlog the gateway then drains. */
  readonly backlog: number;
  /** Events that arrived at the sink after the reload, per second from the reload to the last arrival. */
  readonly deliveredPerSecond: number;
  readonly drainMs: number;
  /** Gateway CPU from the reload to the end of the drain, per event that arrived meanwhile (µs): delivery only. */
  readonly cpuUsPerDelivered: number;
  /** Cores busy from the reload to the end of the drain wait (the last arrival and up to 3 quiet seconds): the bench process (the sink), and the whole machine (out
   * of `cores`, other load included). */
  readonly benchCpu: number;
  readonly machineCpu: number;
  readonly cores: number;
  /** Accepted events that had not arrived when the drain wait ended. */
  readonly undelivered: number;
  readonly duplicates: number;
  readonly peakRssBytes: number;
}

/**
 * Drain a backlog: the gateway ingests under the closed-loop load with its target parked (1 delivery/s), then
 * its config is rewritten without the rate limit and reloaded (SIGHUP), and the sink times how fast the queued
 * events arrive. Delivery alone, against the same sink as the bare got loop; no ingest competes for the CPU.
 */
export async function measureDrain(
  server: ServerKind,
  round: number,
  launches: readonly ServerLaunch[],
  pool: SignedEventPool,
  shape: LoadShape,
  sink: Sink,
): Promise<DrainRun> {
  sink.reset();
  const sent = new Set<string>();
  let pids: readonly number[] = [];
  let drained = Number.NaN;
  let drainMs = Number.NaN;
  let cpuSeconds = Number.NaN;
  let cpu: CpuReading = { server: Number.NaN, bench: Number.NaN, machine: Number.NaN, cores: Number.NaN };
  const run = await measureIngest(server, round, launches, pool, shape, {
    onReady: (ready) => (pids = ready),
    onSend: (id) => sent.add(id),
    afterLoad: async () => {
      const before = sink.arrivals.size;
      const meter = cpuMeter(pids);
      const cpuBefore = readCpuSecondsOf(pids);
      for (const launch of launches) launch.unpark?.();
      const reloadedAt = performance.now();
      meter.start(reloadedAt);
      for (const pid of pids) process.kill(pid, 'SIGHUP');
      drainMs = (await waitForDrain(sink, sent.size, reloadedAt)) - reloadedAt;
      cpuSeconds = readCpuSecondsOf(pids) - cpuBefore;
      cpu = meter.stop(performance.now());
      drained = sink.arrivals.size - before;
    },
  });
  let undelivered = 0;
  for (const id of sent) if (!sink.arrivals.has(id)) undelivered++;
  return {
    server,
    round,
    backlog: run.ok,
    deliveredPerSecond: drainMs > 0 ? (drained / drainMs) * 1000 : Number.NaN,
    drainMs,
    cpuUsPerDelivered: drained > 0 ? (cpuSeconds / drained) * 1e6 : Number.NaN,
    benchCpu: cpu.bench,
    machineCpu: cpu.machine,
    cores: cpu.cores,
    // Requests the gateway refused (none expected) were never queued: only accepted ones count as lost.
    undelivered: Math.max(0, undelivered - (run.sent - run.ok)),
    duplicates: sink.duplicates,
    peakRssBytes: run.peakRssBytes,
  };
}
