import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad, type LoadResult } from './load-generator.js';
import type { SignedEventPool } from './make-signed-events.js';
import { cpuMeter, type CpuReading } from './measure-cpu.js';
import { readRssBytes, sampleRss } from './measure-rss.js';
import { percentile, sortedCopy } from './percentile.js';
import type { ServerKind, ServerLaunch } from './server-launches.js';
import { freePort, spawnServer, type SpawnedServer } from './spawn-server.js';

export interface LoadShape {
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Paced load: at most this many requests per second (see load-generator.ts). */
  readonly ratePerSecond?: number | undefined;
}

export interface IngestRun {
  readonly server: ServerKind;
  readonly round: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly sent: number;
  readonly failures: Readonly<Record<string, number>>;
  readonly firstFailure: string | undefined;
  /** The slowest server's start when there are several (replicas started at once). */
  readonly startupMs: number;
  /** Summed over the servers when there are several. */
  readonly idleRssBytes: number;
  /** Largest RSS sampled every 100 ms from the start of the warm-up to the end of the run (each server's peak,
   * summed when there are several). */
  readonly peakRssBytes: number;
  /** CPU used in the measured period, in cores (1 = one core busy): the server, and this process (the load
   * generator, and the sink in the end-to-end run). On a 2-core machine both near 1 means the box is full. */
  readonly serverCpu: number;
  readonly benchCpu: number;
  /** Cores busy on the whole machine in the measured period (/proc/stat), out of `cores`: the server, the bench
   * process, and whatever else ran meanwhile (other benchmarks on a shared machine). */
  readonly machineCpu: number;
  readonly cores: number;
  /** Events that had to be signed during the run because the pre-signed pool ran out. */
  readonly signedLate: number;
}

/** How long a fresh server may settle before its idle RSS is read. */
const idleSettleMs = 500;

export interface IngestHooks {
  /** The servers are up (their process ids), before the load starts. */
  readonly onReady?: (pids: readonly number[]) => void;
  readonly onSend?: (id: string, at: number) => void;
  /** Runs after the load while the server is still up (the end-to-end run waits for the sink to drain here). */
  readonly afterLoad?: () => Promise<void>;
}

/**
 * One ingest run: start the servers (one, or several replicas at once), read their idle RSS, drive them with the
 * load generator (round-robin over them) while sampling their RSS, stop them and remove their temp folders.
 */
export async function measureIngest(
  server: ServerKind,
  round: number,
  launches: readonly ServerLaunch[],
  pool: SignedEventPool,
  shape: LoadShape,
  hooks: IngestHooks = {},
): Promise<IngestRun & { readonly load: LoadResult }> {
  const spawned: SpawnedServer[] = [];
  try {
    const starting = await Promise.allSettled(
      launches.map(async (launch) => spawnServer({ ...launch, port: await freePort() })),
    );
    for (const start of starting) if (start.status === 'fulfilled') spawned.push(start.value);
    const failed = starting.find((start) => start.status === 'rejected');
    if (failed) throw failed.reason;
    const servers = spawned;
    const pids = servers.map((s) => s.pid);
    await sleep(idleSettleMs);
    const idleRssBytes = sum(pids.map(readRssBytes));
    hooks.onReady?.(pids);
    const samplers = pids.map((pid) => sampleRss(pid));
    const stopSamplers = (): number => sum(samplers.map((sampler) => sampler.stop()));
    const meter = cpuMeter(pids);
    let cpu: CpuReading = { server: Number.NaN, bench: Number.NaN, machine: Number.NaN, cores: Number.NaN };
    const load = await runLoad({
      urls: servers.map((s) => `${s.baseUrl}/webhook`),
      pool,
      ...shape,
      ...(hooks.onSend ? { onSend: hooks.onSend } : {}),
      onMeasure: (phase, at) => {
        if (phase === 'start') meter.start(at);
        else cpu = meter.stop(at);
      },
    }).catch((error: unknown) => {
      stopSamplers();
      throw error;
    });
    await hooks.afterLoad?.();
    const peakRssBytes = stopSamplers();
    const sorted = sortedCopy(load.latenciesMs);
    return {
      server,
      round,
      rps: load.rps,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      ok: load.ok,
      sent: load.sent,
      failures: load.failures,
      firstFailure: withLogTail(load.firstFailure, launches[0]?.logFile),
      startupMs: Math.max(...servers.map((s) => s.startupMs)),
      idleRssBytes,
      peakRssBytes,
      serverCpu: cpu.server,
      benchCpu: cpu.bench,
      machineCpu: cpu.machine,
      cores: cpu.cores,
      signedLate: pool.signedLate,
      load,
    };
  } finally {
    // A replica that failed to start leaves the others running: stop every one that came up.
    await Promise.allSettled(spawned.map((child) => child.stop()));
    for (const launch of launches) launch.remove();
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function withLogTail(failure: string | undefined, logFile: string | undefined): string | undefined {
  if (failure === undefined || logFile === undefined) return failure;
  try {
    return `${failure}\n--- gateway log tail ---\n${readFileSync(logFile, 'utf8').slice(-1500)}`;
  } catch {
    return failure;
  }
}
