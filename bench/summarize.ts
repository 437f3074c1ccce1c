import type { EndToEndMode, EndToEndRun } from './measure-end-to-end.js';
import type { DrainRun } from './measure-drain.js';
import type { GotLoopRun } from './measure-got-loop.js';
import type { IngestRun } from './measure-ingest.js';
import { median } from './percentile.js';
import type { ServerKind } from './server-launches.js';
import { checkTarget, ratio, type TargetCheck } from './verdicts.js';

export interface ServerRow {
  readonly server: ServerKind;
  readonly rounds: number;
  /** Medians over the rounds. */
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly startupMs: number;
  /** Cores busy in the measured period: the server, and the bench process (load generator). */
  readonly serverCpu: number;
  readonly benchCpu: number;
  /** Cores busy on the whole machine while measured (other load included), out of `cores`. */
  readonly machineCpu: number;
  readonly cores: number;
  /** Server CPU time per answered request (µs): less sensitive to a busy machine than requests per second. */
  readonly cpuUsPerRequest: number;
  /** e.g. `durable/bare`, and its value; undefined for the bare receiver. */
  readonly ratio: { readonly name: string; readonly value: number } | undefined;
}

/** Medians over the rounds of one kind of end-to-end run; lost and duplicated events summed over them. */
export interface EndToEndRow {
  readonly rounds: number;
  readonly deliveredPerSecond: number;
  readonly ingestRps: number;
  readonly ingestP50Ms: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerDelivered: number;
  /** Cores busy while measured: the gateway, the bench process (load generator and sink), the whole machine. */
  readonly serverCpu: number;
  readonly benchCpu: number;
  readonly machineCpu: number;
  readonly cores: number;
  /** The bench process's CPU per delivered event while measured (µs). */
  readonly benchCpuUsPerDelivered: number;
  readonly peakRssBytes: number;
  readonly undelivered: number;
  readonly duplicates: number;
}

export interface GotLoopRow {
  readonly rounds: number;
  readonly inFlight: number;
  readonly deliveredPerSecond: number;
  /** The got process's CPU per event (µs). */
  readonly cpuUsPerEvent: number;
  /** The sink's (the bench process's) CPU per event (µs). */
  readonly sinkCpuUsPerEvent: number;
  /** Cores busy while measured: the got process, the bench process (the sink), the whole machine. */
  readonly gotCpu: number;
  readonly benchCpu: number;
  readonly machineCpu: number;
  readonly cores: number;
}

/** Medians over the rounds of draining a parked backlog; lost and duplicated events summed over them. */
export interface DrainRow {
  readonly rounds: number;
  readonly backlog: number;
  readonly deliveredPerSecond: number;
  /** Delivered per second while draining, against the bare got loop of the same run. */
  readonly ratioToGotLoop: number;
  readonly cpuUsPerDelivered: number;
  /** Cores busy while draining: the bench process (the sink), the whole machine. */
  readonly benchCpu: number;
  readonly machineCpu: number;
  readonly undelivered: number;
  readonly duplicates: number;
}

/**
 * What the machine's cores allow: all of them busy for the got loop (got + sink) or the burst (gateway ingest and
 * delivery + load generator and sink) gives at most `cores × 1 s / CPU per event` events per second.
 */
export interface CpuBudget {
  readonly cores: number;
  /** Got process + sink per event (µs), and the rate the cores allow at that cost. */
  readonly gotLoopUsPerEvent: number;
  readonly gotLoopCeiling: number;
  /** Gateway (start to drained, ingest and delivery) + bench process (load generator and sink) per delivered
   * event in the burst (µs), the rate the cores allow at that cost, and that rate against the got loop's. */
  readonly burstUsPerDelivered: number;
  readonly burstCeiling: number;
  readonly burstCeilingToGotLoop: number;
  /** The burst's ceiling against the got loop's: the share of the got loop's rate the burst could reach if both
   * were bound by the machine's cores alone (got loop CPU per event / burst CPU per delivered event). */
  readonly burstCeilingToGotLoopCeiling: number;
}

/** This build against another one (BENCH_COMPARE_BUILD), from the same run; ratios are this build / the other. */
export interface CompareSummary {
  /** The other build's label (its commit). */
  readonly build: string;
  readonly ingest: ServerRow | undefined;
  readonly burst: EndToEndRow;
  readonly drain: DrainRow;
  readonly ratios: {
    readonly ingestCpuUsPerRequest: number;
    readonly ingestRps: number;
    readonly burstCpuUsPerDelivered: number;
    readonly burstDeliveredPerSecond: number;
    readonly drainCpuUsPerDelivered: number;
    readonly drainDeliveredPerSecond: number;
  };
}

export interface Summary {
  readonly rows: readonly ServerRow[];
  /** The SQLite gateway's end-to-end runs. */
  readonly endToEnd: Readonly<Record<EndToEndMode, EndToEndRow>>;
  /** The burst on PostgreSQL: one replica, and three on one database. */
  readonly postgresEndToEnd: {
    readonly one: EndToEndRow;
    readonly three: EndToEndRow;
  };
  readonly gotLoop: GotLoopRow;
  /** The SQLite gateway draining a backlog queued while its target was parked. */
  readonly drain: DrainRow;
  readonly cpuBudget: CpuBudget;
  /** Present when another build ran beside this one. */
  readonly compare: CompareSummary | undefined;
  readonly memory: {
    /** Median over the gateway's ingest runs of its RSS once ready. */
    readonly idleRssBytes: number;
    /** Largest RSS sampled in any gateway ingest run. */
    readonly peakRssBytes: number;
  };
  readonly targets: readonly TargetCheck[];
}

const order: readonly ServerKind[] = [
  'bare',
  'durable',
  'gateway',
  'gateway-compare',
  'gateway-info',
  'gateway-memory',
  'postgres-bare',
  'gateway-postgres',
  'gateway-postgres-3',
];
const ratioAgainst: Readonly<Record<ServerKind, ServerKind | undefined>> = {
  bare: undefined,
  durable: 'bare',
  gateway: 'durable',
  'gateway-compare': 'durable',
  'gateway-info': 'durable',
  'gateway-memory': 'gateway',
  'postgres-bare': 'bare',
  'gateway-postgres': 'postgres-bare',
  'gateway-postgres-3': 'postgres-bare',
};
const megabyte = 1024 * 1024;

/** Pure: medians per server, the ratios, and the three targets as measured in this run. */
export function summarize(
  ingest: readonly IngestRun[],
  endToEnd: readonly EndToEndRun[],
  gotRuns: readonly GotLoopRun[] = [],
  allDrainRuns: readonly DrainRun[] = [],
  compareBuild?: string,
): Summary {
  const drainRuns = allDrainRuns.filter((run) => run.server !== 'gateway-compare');
  const of = (server: ServerKind): readonly IngestRun[] => ingest.filter((run) => run.server === server);
  const rps = (server: ServerKind): number => medianBy(of(server), (run) => run.rps);

  const rows = order
    .filter((server) => of(server).length > 0)
    .map((server): ServerRow => {
      const against = ratioAgainst[server];
      return {
        server,
        rounds: of(server).length,
        rps: rps(server),
        p50Ms: medianBy(of(server), (run) => run.p50Ms),
        p99Ms: medianBy(of(server), (run) => run.p99Ms),
        startupMs: medianBy(of(server), (run) => run.startupMs),
        serverCpu: medianBy(of(server), (run) => run.serverCpu),
        benchCpu: medianBy(of(server), (run) => run.benchCpu),
        machineCpu: medianBy(of(server), (run) => run.machineCpu),
        cores: medianBy(of(server), (run) => run.cores),
        cpuUsPerRequest: medianBy(of(server), (run) => (run.serverCpu / run.rps) * 1e6),
        ratio: against && { name: `${server}/${against}`, value: ratio(rps(server), rps(against)) },
      };
    });

  const gatewayRuns = of('gateway');
  const peaks = gatewayRuns.map((run) => run.peakRssBytes).filter(Number.isFinite);
  const memory = {
    idleRssBytes: medianBy(gatewayRuns, (run) => run.idleRssBytes),
    peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : Number.NaN,
  };
  const onSqlite = endToEnd.filter((run) => run.server === 'gateway');
  const e2e = {
    burst: endToEndRow(onSqlite.filter((run) => run.mode === 'burst')),
    half: endToEndRow(onSqlite.filter((run) => run.mode === 'half')),
    fixed4: endToEndRow(onSqlite.filter((run) => run.mode === 'fixed4')),
  };
  const postgresEndToEnd = {
    one: endToEndRow(endToEnd.filter((run) => run.server === 'gateway-postgres')),
    three: endToEndRow(endToEnd.filter((run) => run.server === 'gateway-postgres-3')),
  };
  const gotLoop: GotLoopRow = {
    rounds: gotRuns.length,
    inFlight: gotRuns[0]?.inFlight ?? Number.NaN,
    deliveredPerSecond: medianBy(gotRuns, (run) => run.deliveredPerSecond),
    cpuUsPerEvent: medianBy(gotRuns, (run) => run.cpuUsPerEvent),
    sinkCpuUsPerEvent: medianBy(gotRuns, (run) => run.sinkCpuUsPerEvent),
    gotCpu: medianBy(gotRuns, (run) => run.gotCpu),
    benchCpu: medianBy(gotRuns, (run) => run.benchCpu),
    machineCpu: medianBy(gotRuns, (run) => run.machineCpu),
    cores: medianBy(gotRuns, (run) => run.cores),
  };
  const drain = drainRow(drainRuns, gotLoop);
  const cpuBudget = budget(gotLoop, e2e.burst);
  const compare =
    compareBuild === undefined
      ? undefined
      : compareSummary(
          compareBuild,
          rows,
          endToEnd.filter((run) => run.server === 'gateway-compare' && run.mode === 'burst'),
          allDrainRuns.filter((run) => run.server === 'gateway-compare'),
          gotLoop,
          e2e.burst,
          drain,
        );
  // At the shipped defaults: the ingest runs and the burst and half-capacity runs (not the old-default baseline).
  const underLoadMb =
    Math.max(
      ...[memory.peakRssBytes, e2e.burst.peakRssBytes, e2e.half.peakRssBytes].filter(Number.isFinite),
    ) / megabyte;
  // Counted only when an end-to-end run happened: no runs prove nothing about loss.
  // This build's runs only: the other build's are reported beside it, not held to the target.
  const ownEndToEnd = endToEnd.filter((run) => run.server !== 'gateway-compare');
  const lostOrDuplicated =
    ownEndToEnd.length + drainRuns.length === 0
      ? Number.NaN
      : ownEndToEnd.reduce((sum, run) => sum + run.undelivered + run.duplicates, 0) +
        drain.undelivered +
        drain.duplicates;
  const targets = [
    checkTarget('ingest >= 0.9 x durable baseline', ratio(rps('gateway'), rps('durable')), '>=', 0.9),
    checkTarget(
      'delivered/s under burst >= 0.8 x bare got loop',
      ratio(e2e.burst.deliveredPerSecond, gotLoop.deliveredPerSecond),
      '>=',
      0.8,
    ),
    checkTarget('send -> arrive p50 at half ingest capacity < 1000 ms', e2e.half.p50Ms, '<', 1000),
    checkTarget('memory under load at shipped defaults < 200 MB', underLoadMb, '<', 200),
    checkTarget('events lost or duplicated at the sink = 0', lostOrDuplicated, '<', 1),
    ...(compare
      ? [
          // Halved: the other build's CPU per delivered event at least twice this build's.
          checkTarget(
            `CPU per delivered event in the burst halved from build ${compare.build} (${compare.build} / this >= 2)`,
            ratio(compare.burst.cpuUsPerDelivered, e2e.burst.cpuUsPerDelivered),
            '>=',
            2,
          ),
        ]
      : []),
    ...(of('gateway-postgres').length > 0
      ? [
          checkTarget(
            'postgres ingest >= 0.8 x postgres baseline',
            ratio(rps('gateway-postgres'), rps('postgres-bare')),
            '>=',
            0.8,
          ),
        ]
      : []),
  ];
  return { rows, endToEnd: e2e, postgresEndToEnd, gotLoop, drain, cpuBudget, compare, memory, targets };
}

function drainRow(runs: readonly DrainRun[], gotLoop: GotLoopRow): DrainRow {
  const drainedPerSecond = medianBy(runs, (run) => run.deliveredPerSecond);
  return {
    rounds: runs.length,
    backlog: medianBy(runs, (run) => run.backlog),
    deliveredPerSecond: drainedPerSecond,
    ratioToGotLoop: ratio(drainedPerSecond, gotLoop.deliveredPerSecond),
    cpuUsPerDelivered: medianBy(runs, (run) => run.cpuUsPerDelivered),
    benchCpu: medianBy(runs, (run) => run.benchCpu),
    machineCpu: medianBy(runs, (run) => run.machineCpu),
    undelivered: runs.reduce((sum, run) => sum + run.undelivered, 0),
    duplicates: runs.reduce((sum, run) => sum + run.duplicates, 0),
  };
}

/** Pure: the rates the machine's cores allow at the got loop's and the burst's CPU per event. */
export function budget(gotLoop: GotLoopRow, burst: EndToEndRow): CpuBudget {
  const cores = Number.isFinite(gotLoop.cores) ? gotLoop.cores : burst.cores;
  const gotLoopUsPerEvent = gotLoop.cpuUsPerEvent + gotLoop.sinkCpuUsPerEvent;
  const burstUsPerDelivered = burst.cpuUsPerDelivered + burst.benchCpuUsPerDelivered;
  const ceiling = (usPerEvent: number): number => (usPerEvent > 0 ? (cores * 1e6) / usPerEvent : Number.NaN);
  return {
    cores,
    gotLoopUsPerEvent,
    gotLoopCeiling: ceiling(gotLoopUsPerEvent),
    burstUsPerDelivered,
    burstCeiling: ceiling(burstUsPerDelivered),
    burstCeilingToGotLoop: ratio(ceiling(burstUsPerDelivered), gotLoop.deliveredPerSecond),
    burstCeilingToGotLoopCeiling: ratio(gotLoopUsPerEvent, burstUsPerDelivered),
  };
}

function compareSummary(
  build: string,
  rows: readonly ServerRow[],
  burstRuns: readonly EndToEndRun[],
  drainRuns: readonly DrainRun[],
  gotLoop: GotLoopRow,
  burst: EndToEndRow,
  drain: DrainRow,
): CompareSummary {
  const ingest = rows.find((row) => row.server === 'gateway-compare');
  const current = rows.find((row) => row.server === 'gateway');
  const other = { burst: endToEndRow(burstRuns), drain: drainRow(drainRuns, gotLoop) };
  return {
    build,
    ingest,
    ...other,
    ratios: {
      ingestCpuUsPerRequest: ratio(
        current?.cpuUsPerRequest ?? Number.NaN,
        ingest?.cpuUsPerRequest ?? Number.NaN,
      ),
      ingestRps: ratio(current?.rps ?? Number.NaN, ingest?.rps ?? Number.NaN),
      burstCpuUsPerDelivered: ratio(burst.cpuUsPerDelivered, other.burst.cpuUsPerDelivered),
      burstDeliveredPerSecond: ratio(burst.deliveredPerSecond, other.burst.deliveredPerSecond),
      drainCpuUsPerDelivered: ratio(drain.cpuUsPerDelivered, other.drain.cpuUsPerDelivered),
      drainDeliveredPerSecond: ratio(drain.deliveredPerSecond, other.drain.deliveredPerSecond),
    },
  };
}

function endToEndRow(runs: readonly EndToEndRun[]): EndToEndRow {
  const peaks = runs.map((run) => run.peakRssBytes).filter(Number.isFinite);
  return {
    rounds: runs.length,
    deliveredPerSecond: medianBy(runs, (run) => run.deliveredPerSecond),
    ingestRps: medianBy(runs, (run) => run.ingestRps),
    ingestP50Ms: medianBy(runs, (run) => run.ingestP50Ms),
    p50Ms: medianBy(runs, (run) => run.p50Ms),
    p99Ms: medianBy(runs, (run) => run.p99Ms),
    cpuUsPerDelivered: medianBy(runs, (run) => run.cpuUsPerDelivered),
    serverCpu: medianBy(runs, (run) => run.serverCpu),
    benchCpu: medianBy(runs, (run) => run.benchCpu),
    machineCpu: medianBy(runs, (run) => run.machineCpu),
    cores: medianBy(runs, (run) => run.cores),
    benchCpuUsPerDelivered: medianBy(runs, (run) => run.benchCpuUsPerDelivered),
    peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : Number.NaN,
    undelivered: runs.reduce((sum, run) => sum + run.undelivered, 0),
    duplicates: runs.reduce((sum, run) => sum + run.duplicates, 0),
  };
}

/** Median of the finite values `pick` reads (a run that failed reports NaN and is left out). */
export function medianBy<T>(items: readonly T[], pick: (item: T) => number): number {
  return median(items.map(pick).filter(Number.isFinite));
}
