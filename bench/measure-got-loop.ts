import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMeter } from './measure-cpu.js';
import type { LoadShape } from './measure-ingest.js';
import type { Sink } from './sink-server.js';

export interface GotLoopRun {
  readonly round: number;
  readonly inFlight: number;
  /** Events that arrived at the sink in the measured period, per second. */
  readonly deliveredPerSecond: number;
  /** The got process's CPU per event that arrived in the measured period (µs). */
  readonly cpuUsPerEvent: number;
  /** The bench process's CPU (the sink) per event that arrived in the measured period (µs). */
  readonly sinkCpuUsPerEvent: number;
  /** Cores busy in the measured period: the got process, the bench process (the sink), and the whole machine
   * (out of `cores`; other load on a shared machine included). */
  readonly gotCpu: number;
  readonly benchCpu: number;
  readonly machineCpu: number;
  readonly cores: number;
  readonly duplicates: number;
  readonly failed: number;
}

/**
 * One run of the bare got loop (baseline-got.js, a child process like the gateway) against the bench sink: after
 * the warm-up, counts the sink's arrivals and the CPU (the child's, this process's, the machine's) over the
 * measured period.
 */
export async function measureGotLoop(
  round: number,
  benchDir: string,
  sink: Sink,
  inFlight: number,
  shape: LoadShape,
): Promise<GotLoopRun> {
  sink.reset();
  const child = spawn(process.execPath, [join(benchDir, 'baseline-got.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      SINK_URL: sink.url,
      IN_FLIGHT: String(inFlight),
      RUN_MS: String(shape.warmupMs + shape.measureMs),
      TAG: `got-r${round}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const pid = child.pid;
  if (pid === undefined) throw new Error('baseline-got has no pid');
  await sleep(shape.warmupMs);
  const start = performance.now();
  const arrivedBefore = sink.arrivals.size;
  const meter = cpuMeter([pid]);
  meter.start(start);
  await sleep(shape.measureMs);
  const end = performance.now();
  const arrived = sink.arrivals.size - arrivedBefore;
  const cpu = meter.stop(end);
  const perEvent = (cores: number): number =>
    arrived > 0 ? ((cores * (end - start)) / 1000 / arrived) * 1e6 : Number.NaN;
  const code = await exited;
  if (code !== 0) throw new Error(`baseline-got exited with ${code}`);
  const { failed } = JSON.parse(out) as { sent: number; failed: number };
  return {
    round,
    inFlight,
    deliveredPerSecond: (arrived / (end - start)) * 1000,
    cpuUsPerEvent: perEvent(cpu.server),
    sinkCpuUsPerEvent: perEvent(cpu.bench),
    gotCpu: cpu.server,
    benchCpu: cpu.bench,
    machineCpu: cpu.machine,
    cores: cpu.cores,
    duplicates: sink.duplicates,
    failed,
  };
}
