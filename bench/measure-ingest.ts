import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad, type LoadResult } from './load-generator.js';
import type { SignedEventPool } from './make-signed-events.js';
import { cpuMeter } from './measure-cpu.js';
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
  readonly startupMs: number;
  readonly idleRssBytes: number;
  /** Largest RSS sampled every 100 ms from the start of the warm-up to the end of the run. */
  readonly peakRssBytes: number;
  /** CPU used in the measured period, in cores (1 = one core busy): the server, and this process (the load
   * generator, and the sink in the end-to-end run). On a 2-core machine both near 1 means the box is full. */
  readonly serverCpu: number;
  readonly benchCpu: number;
  /** Events that had to be signed during the run because the pre-signed pool ran out. */
  readonly signedLate: number;
}

/** How long a fresh server may settle before its idle RSS is read. */
const idleSettleMs = 500;

export interface IngestHooks {
  /** The server is up (its process id), before the load starts. */
  readonly onReady?: (pid: number) => void;
  readonly onSend?: (id: string, at: number) => void;
  /** Runs after the load while the server is still up (the end-to-end run waits for the sink to drain here). */
  readonly afterLoad?: () => Promise<void>;
}

/**
 * One ingest run: start the server, read its idle RSS, drive it with the load generator while sampling its RSS,
 * stop it and remove its temp folder.
 */
export async function measureIngest(
  server: ServerKind,
  round: number,
  launch: ServerLaunch,
  pool: SignedEventPool,
  shape: LoadShape,
  hooks: IngestHooks = {},
): Promise<IngestRun & { readonly load: LoadResult }> {
  let spawned: SpawnedServer | undefined;
  try {
    spawned = await spawnServer({ ...launch, port: await freePort() });
    await sleep(idleSettleMs);
    const idleRssBytes = readRssBytes(spawned.pid);
    hooks.onReady?.(spawned.pid);
    const sampler = sampleRss(spawned.pid);
    const meter = cpuMeter(spawned.pid);
    let cpu = { server: Number.NaN, bench: Number.NaN };
    const load = await runLoad({
      url: `${spawned.baseUrl}/webhook`,
      pool,
      ...shape,
      ...(hooks.onSend ? { onSend: hooks.onSend } : {}),
      onMeasure: (phase, at) => {
        if (phase === 'start') meter.start(at);
        else cpu = meter.stop(at);
      },
    }).catch((error: unknown) => {
      sampler.stop();
      throw error;
    });
    await hooks.afterLoad?.();
    const peakRssBytes = sampler.stop();
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
      firstFailure: withLogTail(load.firstFailure, launch.logFile),
      startupMs: spawned.startupMs,
      idleRssBytes,
      peakRssBytes,
      serverCpu: cpu.server,
      benchCpu: cpu.bench,
      signedLate: pool.signedLate,
      load,
    };
  } finally {
    await spawned?.stop();
    launch.remove();
  }
}

function withLogTail(failure: string | undefined, logFile: string | undefined): string | undefined {
  if (failure === undefined || logFile === undefined) return failure;
  try {
    return `${failure}\n--- gateway log tail ---\n${readFileSync(logFile, 'utf8').slice(-1500)}`;
  } catch {
    return failure;
  }
}
