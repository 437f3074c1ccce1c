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
  readonly peakRssBytes: number;
  readonly undelivered: number;
  readonly duplicates: number;
}

export interface GotLoopRow {
  readonly rounds: number;
  readonly inFlight: number;
  readonly deliveredPerSecond: number;
  readonly cpuUsPerEvent: number;
}

/** Medians over the rounds of draining a parked backlog; lost and duplicated events summed over them. */
export interface DrainRow {
  readonly rounds: number;
  readonly backlog: number;
  readonly deliveredPerSecond: number;
  /** Delivered per second while draining, against the bare got loop of the same run. */
  readonly ratioToGotLoop: number;
  readonly cpuUsPerDelivered: number;
  readonly undelivered: number;
  readonly duplicates: number;
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
  drainRuns: readonly DrainRun[] = [],
): Summary {
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
  };
  const drainedPerSecond = medianBy(drainRuns, (run) => run.deliveredPerSecond);
  const drain: DrainRow = {
    rounds: drainRuns.length,
    backlog: medianBy(drainRuns, (run) => run.backlog),
    deliveredPerSecond: drainedPerSecond,
    ratioToGotLoop: ratio(drainedPerSecond, gotLoop.deliveredPerSecond),
    cpuUsPerDelivered: medianBy(drainRuns, (run) => run.cpuUsPerDelivered),
    undelivered: drainRuns.reduce((sum, run) => sum + run.undelivered, 0),
    duplicates: drainRuns.reduce((sum, run) => sum + run.duplicates, 0),
  };
  // At the shipped defaults: the ingest runs and the burst and half-capacity runs (not the old-default baseline).
  const underLoadMb =
    Math.max(
      ...[memory.peakRssBytes, e2e.burst.peakRssBytes, e2e.half.peakRssBytes].filter(Number.isFinite),
    ) / megabyte;
  // Counted only when an end-to-end run happened: no runs prove nothing about loss.
  const lostOrDuplicated =
    endToEnd.length + drainRuns.length === 0
      ? Number.NaN
      : endToEnd.reduce((sum, run) => sum + run.undelivered + run.duplicates, 0) +
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
  return { rows, endToEnd: e2e, postgresEndToEnd, gotLoop, drain, memory, targets };
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
    peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : Number.NaN,
    undelivered: runs.reduce((sum, run) => sum + run.undelivered, 0),
    duplicates: runs.reduce((sum, run) => sum + run.duplicates, 0),
  };
}

/** Median of the finite values `pick` reads (a run that failed reports NaN and is left out). */
export function medianBy<T>(items: readonly T[], pick: (item: T) => number): number {
  return median(items.map(pick).filter(Number.isFinite));
}
