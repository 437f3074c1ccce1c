import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedEventPool } from './make-signed-events.js';
import { readCpuSecondsOf } from './measure-cpu.js';
import { measureIngest, type LoadShape } from './measure-ingest.js';
import { percentile, sortedCopy } from './percentile.js';
import type { ServerKind, ServerLaunch } from './server-launches.js';
import type { Sink } from './sink-server.js';

/**
 * `burst`: closed-loop load (the sustained burst); `half`: paced at half the gateway's ingest rate; `fixed4`: the
 * burst with the target at `concurrency: { fixed: 4 }`, the default before the adaptive limit (a baseline).
 */
export type EndToEndMode = 'burst' | 'half' | 'fixed4';

export interface EndToEndRun {
  /** `gateway` (SQLite), `gateway-postgres` (one replica) or `gateway-postgres-3` (three on one database). */
  readonly server: ServerKind;
  readonly round: number;
  readonly mode: EndToEndMode;
  /** The paced rate (requests/s) of a `half` run. */
  readonly ratePerSecond: number | undefined;
  /** Events that arrived at the sink during the measured period, per second. */
  readonly deliveredPerSecond: number;
  /** The gateway's ingest rate in the same run (while it was also delivering). */
  readonly ingestRps: number;
  /** The sender's answer time (ms) meanwhile: fair sharing means it stays low while delivery keeps pace. */
  readonly ingestP50Ms: number;
  /** Send (load generator) → arrival at the sink, for events sent during the measured period. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly measuredEvents: number;
  /** Of those, how many had not arrived when the drain wait ended. */
  readonly undelivered: number;
  /** How long after the load stopped the sink still received the backlog. */
  readonly drainMs: number;
  readonly duplicates: number;
  readonly peakRssBytes: number;
  /** Cores busy in the measured period: the gateway, and the bench process (load generator and sink). */
  readonly serverCpu: number;
  readonly benchCpu: number;
  /** Cores busy on the whole machine in the measured period, out of `cores` (other load included). */
  readonly machineCpu: number;
  readonly cores: number;
  /** The bench process's CPU (load generator and sink) in the measured period per event that arrived at the sink
   * meanwhile (µs): what the got loop's sink costs too, plus sending the events in. */
  readonly benchCpuUsPerDelivered: number;
  /** Gateway CPU from its start to the end of the drain, per event that arrived at the sink (µs): ingest and
   * delivery together. */
  readonly cpuUsPerDelivered: number;
  /** Sink requests whose body held no event id (should be 0). */
  readonly unreadable: number;
}

/** The drain wait ends when nothing arrived for this long, or at the cap. */
const drainQuietMs = 3_000;
const drainCapMs = 120_000;

/**
 * One end-to-end run: the gateway delivers at full speed to the sink (the target is not parked) while the load
 * generator drives it; then waits (bounded) for the backlog to drain, and reads received → delivered latency per
 * event id from the load generator's send times and the sink's arrival times, both on `performance.now()`.
 */
export async function measureEndToEnd(
  server: ServerKind,
  round: number,
  mode: EndToEndMode,
  launches: readonly ServerLaunch[],
  pool: SignedEventPool,
  shape: LoadShape,
  sink: Sink,
): Promise<EndToEndRun> {
  sink.reset();
  const sentAt = new Map<string, number>();
  let drainMs = Number.NaN;
  let pids: readonly number[] = [];
  let cpuAtReady = Number.NaN;
  let cpuAfterDrain = Number.NaN;
  const run = await measureIngest(server, round, launches, pool, shape, {
    onReady: (readyPids) => {
      pids = readyPids;
      cpuAtReady = readCpuSecondsOf(pids);
    },
    onSend: (id, at) => sentAt.set(id, at),
    afterLoad: async () => {
      const loadEnded = performance.now();
      drainMs = (await waitForDrain(sink, sentAt.size, loadEnded)) - loadEnded;
      cpuAfterDrain = readCpuSecondsOf(pids);
    },
  });
  const { measureStart, measureEnd } = run.load;
  let delivered = 0;
  for (const at of sink.arrivals.values()) if (at >= measureStart && at < measureEnd) delivered++;
  const latencies: number[] = [];
  let undelivered = 0;
  for (const [id, sent] of sentAt) {
    if (sent < measureStart || sent >= measureEnd) continue;
    const arrived = sink.arrivals.get(id);
    if (arrived === undefined) undelivered++;
    else latencies.push(arrived - sent);
  }
  const sorted = sortedCopy(latencies);
  return {
    server,
    round,
    mode,
    ratePerSecond: shape.ratePerSecond,
    deliveredPerSecond: (delivered / (measureEnd - measureStart)) * 1000,
    ingestRps: run.rps,
    ingestP50Ms: run.p50Ms,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    measuredEvents: latencies.length + undelivered,
    undelivered,
    drainMs,
    duplicates: sink.duplicates,
    peakRssBytes: run.peakRssBytes,
    serverCpu: run.serverCpu,
    benchCpu: run.benchCpu,
    machineCpu: run.machineCpu,
    cores: run.cores,
    benchCpuUsPerDelivered:
      delivered > 0 ? ((run.benchCpu * (measureEnd - measureStart)) / 1000 / delivered) * 1e6 : Number.NaN,
    cpuUsPerDelivered:
      sink.arrivals.size > 0 ? ((cpuAfterDrain - cpuAtReady) / sink.arrivals.size) * 1e6 : Number.NaN,
    unreadable: sink.unreadable,
  };
}

/** Resolves with the time of the last arrival once all `expected` arrived or arrivals stopped. */
export async function waitForDrain(sink: Sink, expected: number, since: number): Promise<number> {
  let seen = sink.arrivals.size;
  let lastChange = since;
  while (sink.arrivals.size < expected && performance.now() - since < drainCapMs) {
    await sleep(50);
    const now = performance.now();
    if (sink.arrivals.size !== seen) {
      seen = sink.arrivals.size;
      lastChange = now;
    } else if (now - lastChange > drainQuietMs) {
      break;
    }
  }
  let last = since;
  for (const at of sink.arrivals.values()) if (at > last) last = at;
  return last;
}
