import type { EndToEndRun } from './measure-end-to-end.js';
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

export interface Summary {
  readonly rows: readonly ServerRow[];
  readonly endToEnd: {
    readonly rounds: number;
    readonly deliveredPerSecond: number;
    readonly ingestRps: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly undelivered: number;
  };
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
];
const ratioAgainst: Readonly<Record<ServerKind, ServerKind | undefined>> = {
  bare: undefined,
  durable: 'bare',
  gateway: 'durable',
  'gateway-info': 'durable',
  'gateway-memory': 'gateway',
  'postgres-bare': 'bare',
  'gateway-postgres': 'postgres-bare',
};
const megabyte = 1024 * 1024;

/** Pure: medians per server, the ratios, and the three targets as measured in this run. */
export function summarize(ingest: readonly IngestRun[], endToEnd: readonly EndToEndRun[]): Summary {
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
  const e2e = {
    rounds: endToEnd.length,
    deliveredPerSecond: medianBy(endToEnd, (run) => run.deliveredPerSecond),
    ingestRps: medianBy(endToEnd, (run) => run.ingestRps),
    p50Ms: medianBy(endToEnd, (run) => run.p50Ms),
    p99Ms: medianBy(endToEnd, (run) => run.p99Ms),
    undelivered: endToEnd.reduce((sum, run) => sum + run.undelivered, 0),
  };
  const targets = [
    checkTarget('ingest >= 0.9 x durable baseline', ratio(rps('gateway'), rps('durable')), '>=', 0.9),
    checkTarget('end-to-end >= 0.5 x ingest rate', ratio(e2e.deliveredPerSecond, rps('gateway')), '>=', 0.5),
    checkTarget('memory under load < 200 MB', memory.peakRssBytes / megabyte, '<', 200),
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
  return { rows, endToEnd: e2e, memory, targets };
}

/** Median of the finite values `pick` reads (a run that failed reports NaN and is left out). */
export function medianBy<T>(items: readonly T[], pick: (item: T) => number): number {
  return median(items.map(pick).filter(Number.isFinite));
}
