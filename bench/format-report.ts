import type { BenchSettings } from './bench-settings.js';
import type { ServerKind } from './server-launches.js';
import type { Summary } from './summarize.js';
import { ratio } from './verdicts.js';

const labels: Readonly<Record<ServerKind, string>> = {
  bare: 'bare node:http (verify+parse)',
  durable: 'durable (+ SQLite group commit)',
  gateway: 'gateway (full ingest path)',
  'gateway-compare': 'gateway, the other build',
  'gateway-info': 'gateway, info logs > /dev/null',
  'gateway-memory': 'gateway without durable enqueue',
  'postgres-bare': 'bare + grouped PostgreSQL INSERT',
  'gateway-postgres': 'gateway, store: postgres (1 replica)',
  'gateway-postgres-3': 'gateway, store: postgres (3 replicas)',
};

/** Pure: the compact table and the end-to-end, memory, start-up and target lines. */
export function formatReport(summary: Summary, settings: BenchSettings, resultsFile: string): string {
  const header = [
    pad('server', 40),
    lpad('rps', 8),
    lpad('p50 ms', 8),
    lpad('p99 ms', 8),
    lpad('start ms', 9),
    lpad('cpu srv/gen', 12),
    lpad('machine', 9),
    lpad('us cpu/req', 11),
    '  ratio',
  ];
  const lines = [
    `hookgate bench: ${settings.rounds} round(s) x (${seconds(settings.warmupMs)} warm-up + ${seconds(settings.measureMs)} ` +
      `measured), ${settings.concurrency} keep-alive connections, closed loop, ~13 KB signed transcript.completed; ` +
      'medians of rounds; gateway LOG_LEVEL=warn unless marked; cpu = cores busy while measured (server/bench process), ' +
      'machine = cores busy on the whole machine meanwhile (/proc/stat, other load included) / cores, us cpu/req = server CPU per request',
    header.join(''),
  ];
  for (const row of summary.rows) {
    lines.push(
      [
        pad(
          `${label(row.server, summary)}${row.rounds === settings.rounds ? '' : ` (${row.rounds} run)`}`,
          40,
        ),
        lpad(fixed(row.rps, 0), 8),
        lpad(fixed(row.p50Ms, 2), 8),
        lpad(fixed(row.p99Ms, 2), 8),
        lpad(fixed(row.startupMs, 0), 9),
        lpad(`${fixed(row.serverCpu, 2)}/${fixed(row.benchCpu, 2)}`, 12),
        lpad(busy(row.machineCpu, row.cores), 9),
        lpad(fixed(row.cpuUsPerRequest, 0), 11),
        row.ratio ? `  ${row.ratio.name} ${fixed(row.ratio.value, 2)}` : '  -',
      ].join(''),
    );
  }
  const { burst, half, fixed4 } = summary.endToEnd;
  const got = summary.gotLoop;
  const target =
    settings.targetConcurrency === undefined
      ? 'shipped defaults'
      : `concurrency ${settings.targetConcurrency}`;
  lines.push(
    `delivery to the sink (gateway at ${target}):`,
    `  bare got loop, ${fixed(got.inFlight, 0)} in flight: ${fixed(got.deliveredPerSecond, 0)} events/s, ` +
      `${fixed(got.cpuUsPerEvent, 0)} us cpu/event in got + ${fixed(got.sinkCpuUsPerEvent, 0)} in the sink (bench ` +
      `process); cores busy: got ${fixed(got.gotCpu, 2)}, sink ${fixed(got.benchCpu, 2)}, machine ${busy(got.machineCpu, got.cores)}`,
    `  gateway, burst (closed loop): ${fixed(burst.deliveredPerSecond, 0)} delivered/s ` +
      `(${fixed(ratio(burst.deliveredPerSecond, got.deliveredPerSecond), 2)} x got loop) while ingest answered ` +
      `${fixed(burst.ingestRps, 0)} rps (p50 ${fixed(burst.ingestP50Ms, 1)} ms); send -> arrive p50 ${fixed(burst.p50Ms, 1)} ms, p99 ${fixed(burst.p99Ms, 1)} ms; ` +
      `${fixed(burst.cpuUsPerDelivered, 0)} us cpu/delivered event (+ ${fixed(burst.benchCpuUsPerDelivered, 0)} in the ` +
      `load generator and sink); cores busy: gateway ${fixed(burst.serverCpu, 2)}, bench ${fixed(burst.benchCpu, 2)}, ` +
      `machine ${busy(burst.machineCpu, burst.cores)}; peak RSS ${mb(burst.peakRssBytes)} MB`,
    `  gateway, paced at half ingest capacity (${fixed(half.ingestRps, 0)} rps): ${fixed(half.deliveredPerSecond, 0)} ` +
      `delivered/s; send -> arrive p50 ${fixed(half.p50Ms, 1)} ms, p99 ${fixed(half.p99Ms, 1)} ms; ` +
      `${fixed(half.cpuUsPerDelivered, 0)} us cpu/delivered event; machine ${busy(half.machineCpu, half.cores)}`,
    ...(fixed4.rounds > 0
      ? [
          `  gateway, burst at the old default (concurrency { fixed: 4 }): ${fixed(fixed4.deliveredPerSecond, 0)} ` +
            `delivered/s (${fixed(ratio(fixed4.deliveredPerSecond, got.deliveredPerSecond), 2)} x got loop; shipped ` +
            `defaults ${fixed(ratio(burst.deliveredPerSecond, fixed4.deliveredPerSecond), 2)} x this) while ingest ` +
            `answered ${fixed(fixed4.ingestRps, 0)} rps; send -> arrive p50 ${fixed(fixed4.p50Ms, 1)} ms; ` +
            `${fixed(fixed4.cpuUsPerDelivered, 0)} us cpu/delivered event; machine ${busy(fixed4.machineCpu, fixed4.cores)}; ` +
            `peak RSS ${mb(fixed4.peakRssBytes)} MB`,
        ]
      : []),
    ...drainLines(summary),
    ...budgetLines(summary),
    `  at the sink: ${burst.undelivered + half.undelivered + fixed4.undelivered + summary.drain.undelivered} ` +
      `measured event(s) undelivered after the drain wait, ` +
      `${burst.duplicates + half.duplicates + fixed4.duplicates + summary.drain.duplicates} duplicate(s)`,
    ...postgresLines(summary),
    ...compareLines(summary),
    `memory: gateway RSS idle ${mb(summary.memory.idleRssBytes)} MB, under load peak ${mb(summary.memory.peakRssBytes)} MB`,
    'targets:',
  );
  for (const target of summary.targets) {
    const value = target.name.startsWith('memory')
      ? `${fixed(target.value, 0)} MB`
      : target.name.includes('p50')
        ? `${fixed(target.value, 1)} ms`
        : fixed(target.value, 2);
    lines.push(`  ${target.verdict.toUpperCase().padEnd(7)} ${target.name} (measured ${value})`);
  }
  lines.push(`results: ${resultsFile}`);
  return lines.join('\n');
}

/** Draining a parked backlog, against the got loop: delivery alone, no ingest beside it. */
function drainLines(summary: Summary): string[] {
  const { drain } = summary;
  if (drain.rounds === 0) return [];
  return [
    `  gateway, drain a parked backlog of ${fixed(drain.backlog, 0)} events after a reload: ` +
      `${fixed(drain.deliveredPerSecond, 0)} delivered/s (${fixed(drain.ratioToGotLoop, 2)} x got loop); ` +
      `${fixed(drain.cpuUsPerDelivered, 0)} us cpu/delivered event (delivery only); machine ` +
      `${busy(drain.machineCpu, summary.cpuBudget.cores)} while draining`,
  ];
}

/** The arithmetic of the delivery target: what the machine's cores allow at the got loop's and the burst's cost. */
function budgetLines(summary: Summary): string[] {
  const b = summary.cpuBudget;
  if (!Number.isFinite(b.gotLoopUsPerEvent) && !Number.isFinite(b.burstUsPerDelivered)) return [];
  return [
    `  cpu budget on ${fixed(b.cores, 0)} cores: the got loop costs ${fixed(b.gotLoopUsPerEvent, 0)} us/event (got + sink), ` +
      `at most ${fixed(b.gotLoopCeiling, 0)} events/s with every core busy; the burst costs ` +
      `${fixed(b.burstUsPerDelivered, 0)} us/delivered event (gateway + load generator and sink), at most ` +
      `${fixed(b.burstCeiling, 0)} delivered/s = ${fixed(b.burstCeilingToGotLoop, 2)} x the got loop's measured rate, ` +
      `${fixed(b.burstCeilingToGotLoopCeiling, 2)} x its ceiling`,
  ];
}

/** This build against BENCH_COMPARE_BUILD's, from the same run: ratios are this build / the other. */
function compareLines(summary: Summary): string[] {
  const c = summary.compare;
  if (c === undefined) return [];
  const current = summary.rows.find((row) => row.server === 'gateway');
  const { burst } = summary.endToEnd;
  const { drain } = summary;
  return [
    `before/after: this build against build ${c.build} (ratios this / ${c.build}):`,
    `  ingest: ${fixed(current?.rps ?? Number.NaN, 0)} vs ${fixed(c.ingest?.rps ?? Number.NaN, 0)} rps ` +
      `(${fixed(c.ratios.ingestRps, 2)} x); ${fixed(current?.cpuUsPerRequest ?? Number.NaN, 0)} vs ` +
      `${fixed(c.ingest?.cpuUsPerRequest ?? Number.NaN, 0)} us cpu/req (${fixed(c.ratios.ingestCpuUsPerRequest, 2)} x)`,
    `  burst: ${fixed(burst.deliveredPerSecond, 0)} vs ${fixed(c.burst.deliveredPerSecond, 0)} delivered/s ` +
      `(${fixed(c.ratios.burstDeliveredPerSecond, 2)} x), ingest ${fixed(burst.ingestRps, 0)} vs ` +
      `${fixed(c.burst.ingestRps, 0)} rps; ${fixed(burst.cpuUsPerDelivered, 0)} vs ${fixed(c.burst.cpuUsPerDelivered, 0)} ` +
      `us cpu/delivered event, ingest + delivery (${fixed(c.ratios.burstCpuUsPerDelivered, 2)} x); send -> arrive p50 ` +
      `${fixed(burst.p50Ms, 1)} vs ${fixed(c.burst.p50Ms, 1)} ms; machine ${busy(burst.machineCpu, burst.cores)} vs ` +
      `${busy(c.burst.machineCpu, c.burst.cores)}; ${c.burst.undelivered} undelivered, ${c.burst.duplicates} duplicate(s) in ${c.build}`,
    ...(c.drain.rounds > 0
      ? [
          `  drain: ${fixed(drain.deliveredPerSecond, 0)} vs ${fixed(c.drain.deliveredPerSecond, 0)} delivered/s ` +
            `(${fixed(c.ratios.drainDeliveredPerSecond, 2)} x) over backlogs of ${fixed(drain.backlog, 0)} and ` +
            `${fixed(c.drain.backlog, 0)}; ${fixed(drain.cpuUsPerDelivered, 0)} vs ${fixed(c.drain.cpuUsPerDelivered, 0)} ` +
            `us cpu/delivered event, delivery only (${fixed(c.ratios.drainCpuUsPerDelivered, 2)} x); ` +
            `${c.drain.undelivered} undelivered, ${c.drain.duplicates} duplicate(s) in ${c.build}`,
        ]
      : []),
  ];
}

function label(server: ServerKind, summary: Summary): string {
  return server === 'gateway-compare' && summary.compare
    ? `gateway at ${summary.compare.build}`
    : labels[server];
}

/** e.g. `1.93/2`: cores busy out of the machine's cores. */
function busy(cores: number, of: number): string {
  return `${fixed(cores, 2)}/${fixed(of, 0)}`;
}

/** The burst on PostgreSQL (one replica, three), each against the bare PostgreSQL receiver's ingest rate. */
function postgresLines(summary: Summary): string[] {
  const { one, three } = summary.postgresEndToEnd;
  if (one.rounds + three.rounds === 0) return [];
  const baseline = summary.rows.find((row) => row.server === 'postgres-bare')?.rps ?? Number.NaN;
  const line = (name: string, row: typeof one): string =>
    `  ${name}, burst: ${fixed(row.deliveredPerSecond, 0)} delivered/s ` +
    `(${fixed(ratio(row.deliveredPerSecond, baseline), 2)} x the PostgreSQL baseline's ingest) while ingest answered ` +
    `${fixed(row.ingestRps, 0)} rps (${fixed(ratio(row.ingestRps, baseline), 2)} x; p50 ${fixed(row.ingestP50Ms, 1)} ms); ` +
    `send -> arrive p50 ${fixed(row.p50Ms, 1)} ms, p99 ${fixed(row.p99Ms, 1)} ms; ` +
    `${fixed(row.cpuUsPerDelivered, 0)} us cpu/delivered event; ${row.undelivered} undelivered, ${row.duplicates} duplicate(s)`;
  return [
    'delivery to the sink on PostgreSQL (shipped defaults):',
    ...(one.rounds > 0 ? [line('1 replica', one)] : []),
    ...(three.rounds > 0 ? [line('3 replicas', three)] : []),
  ];
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function mb(bytes: number): string {
  return fixed(bytes / (1024 * 1024), 0);
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function lpad(text: string, width: number): string {
  return text.padStart(width);
}
