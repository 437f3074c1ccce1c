import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { readSettings } from './bench-settings.js';
import { formatReport } from './format-report.js';
import { makeSignedEvents, type SignedEventPool } from './make-signed-events.js';
import { measureEndToEnd, type EndToEndMode, type EndToEndRun } from './measure-end-to-end.js';
import { measureDrain, type DrainRun } from './measure-drain.js';
import { measureGotLoop, type GotLoopRun } from './measure-got-loop.js';
import { measureIngest, type IngestRun, type LoadShape } from './measure-ingest.js';
import { benchSchema, type BenchSchema } from './bench-schema.js';
import { launchServers, postgresKinds, type LaunchContext, type ServerKind } from './server-launches.js';
import { startSink } from './sink-server.js';
import { summarize } from './summarize.js';

/**
 * `npm run bench`: the gateway's ingest path against a bare and a durable node:http receiver (rounds interleaved,
 * one server at a time), end-to-end delivery to a local sink, memory and start-up; prints a table and writes
 * bench/results/latest.json. See bench-settings.ts for the environment variables.
 */
const settings = readSettings(process.env);
const benchDir = import.meta.dirname;
const repoRoot = findRepoRoot(benchDir);
const resultsDir = join(repoRoot, 'bench', 'results');
const resultsFile = join(resultsDir, 'latest.json');
mkdirSync(resultsDir, { recursive: true });

const bodyBytes = 13_000;
const secret = randomBytes(24).toString('hex');
const shape: LoadShape = {
  concurrency: settings.concurrency,
  warmupMs: settings.warmupMs,
  measureMs: settings.measureMs,
};
const sink = await startSink();
// The PostgreSQL runs need the machine's database (BENCH_DATABASE_URL, default the local `test`); without it
// they are left out and the report says so.
const schema: BenchSchema | undefined = await benchSchema(
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
).catch((error: unknown) => {
  progress(`PostgreSQL runs left out: ${(error as Error).message}`);
  return undefined;
});
const compare = settings.compareBuild === undefined ? undefined : compareBuildOf(settings.compareBuild);
const loadavgAtStart = loadavg();
const profileDir = join(resultsDir, 'profiles');
const ctx: LaunchContext = {
  repoRoot,
  benchDir,
  secret,
  sinkUrl: sink.url,
  targetConcurrency: settings.targetConcurrency,
  gatewayExecArgv: settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  ...(schema ? { postgresUrl: schema.url } : {}),
  ...(compare ? { compareBuild: compare.root } : {}),
};

// Requests per second each kind of run reached at most so far: sizes the next pre-signed pool. A noisy machine
// can double a server's rate between rounds, so the pool holds 3x that (at least 5 000 rps, at most 30 000 rps).
const bestRate = new Map<string, number>();
const runSeconds = (settings.warmupMs + settings.measureMs) / 1000;
function poolFor(key: string, tag: string): SignedEventPool {
  const best = bestRate.get(key);
  const guess = best === undefined ? 20_000 : Math.min(30_000, Math.max(5_000, best * 3));
  const count = Math.ceil(guess * runSeconds) + settings.concurrency * 2;
  return makeSignedEvents({ secret, tag, count, bodyBytes });
}
function learnRate(key: string, sent: number): void {
  bestRate.set(key, Math.max(bestRate.get(key) ?? 0, sent / runSeconds));
}

const ingest: IngestRun[] = [];
const endToEnd: EndToEndRun[] = [];
const gotRuns: GotLoopRun[] = [];
const drainRuns: DrainRun[] = [];
const failedRuns: string[] = [];

async function ingestRun(kind: ServerKind, round: number): Promise<void> {
  const pool = poolFor(kind, `${kind}-r${round}`);
  try {
    // Each PostgreSQL run starts on empty tables, as each SQLite run starts on an empty file.
    if (postgresKinds.has(kind)) await schema?.reset();
    const launches = launchServers(kind, ctx, { parkDeliveries: true });
    const { load, ...run } = await measureIngest(kind, round, launches, pool, shape);
    learnRate(kind, load.sent);
    ingest.push(run);
    progress(
      `round ${round} ${kind}: ${run.rps.toFixed(0)} rps, p50 ${run.p50Ms.toFixed(2)} ms, p99 ${run.p99Ms.toFixed(2)} ms, ` +
        `start ${run.startupMs.toFixed(0)} ms, cpu ${run.serverCpu.toFixed(2)}/${run.benchCpu.toFixed(2)}, machine ${run.machineCpu.toFixed(2)}/${run.cores}, rss ${mb(run.idleRssBytes)} -> ${mb(run.peakRssBytes)} MB` +
        (run.signedLate > 0 ? `, ${run.signedLate} signed late` : ''),
    );
    if (run.firstFailure !== undefined) {
      progress(`  failures ${JSON.stringify(run.failures)}; first: ${run.firstFailure}`);
    }
  } catch (error) {
    failedRuns.push(`${kind} round ${round}`);
    progress(`round ${round} ${kind}: FAILED ${(error as Error).message}`);
  }
}

async function endToEndRun(round: number, mode: EndToEndMode, server: ServerKind = 'gateway'): Promise<void> {
  const pool = poolFor(`e2e-${server}`, `e2e-${server}-${mode}-r${round}`);
  // Half of the best ingest rate the gateway reached so far (parked deliveries): the sender at half capacity.
  const ingestCapacity = bestRate.get(server);
  const paced = mode === 'half' && ingestCapacity !== undefined ? ingestCapacity / 2 : undefined;
  try {
    if (postgresKinds.has(server)) await schema?.reset();
    const run = await measureEndToEnd(
      server,
      round,
      mode,
      launchServers(server, mode === 'fixed4' ? { ...ctx, targetConcurrency: { fixed: 4 } } : ctx, {
        parkDeliveries: false,
      }),
      pool,
      { ...shape, ratePerSecond: paced },
      sink,
    );
    learnRate(`e2e-${server}`, pool.taken);
    endToEnd.push(run);
    progress(
      `round ${round} end-to-end ${server === 'gateway' ? '' : `${server} `}${mode}: ${run.deliveredPerSecond.toFixed(0)} delivered/s (ingest ${run.ingestRps.toFixed(0)} rps, p50 ${run.ingestP50Ms.toFixed(1)} ms), ` +
        `p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms, drain ${run.drainMs.toFixed(0)} ms, ` +
        `cpu ${run.serverCpu.toFixed(2)}/${run.benchCpu.toFixed(2)}, machine ${run.machineCpu.toFixed(2)}/${run.cores}, ${run.cpuUsPerDelivered.toFixed(0)} us/delivered, ` +
        `rss ${mb(run.peakRssBytes)} MB, ${run.undelivered} undelivered, ${run.duplicates} duplicates, ${run.unreadable} unreadable`,
    );
  } catch (error) {
    failedRuns.push(`end-to-end ${server} ${mode} round ${round}`);
    progress(`round ${round} end-to-end ${server} ${mode}: FAILED ${(error as Error).message}`);
  }
}

async function drainRun(round: number, server: ServerKind = 'gateway'): Promise<void> {
  const pool = poolFor(server, `drain-${server}-r${round}`);
  try {
    const run = await measureDrain(
      server,
      round,
      launchServers(server, ctx, { parkDeliveries: true }),
      pool,
      shape,
      sink,
    );
    drainRuns.push(run);
    progress(
      `round ${round} drain${server === 'gateway' ? '' : ` ${server}`}: ${run.backlog} queued, ${run.deliveredPerSecond.toFixed(0)} delivered/s over ` +
        `${run.drainMs.toFixed(0)} ms, ${run.cpuUsPerDelivered.toFixed(0)} us/delivered, machine ${run.machineCpu.toFixed(2)}/${run.cores}, ` +
        `rss ${mb(run.peakRssBytes)} MB, ${run.undelivered} undelivered, ${run.duplicates} duplicates`,
    );
  } catch (error) {
    failedRuns.push(`drain ${server} round ${round}`);
    progress(`round ${round} drain ${server}: FAILED ${(error as Error).message}`);
  }
}

async function gotLoopRun(round: number): Promise<void> {
  try {
    const run = await measureGotLoop(round, benchDir, sink, settings.gotInFlight, shape);
    gotRuns.push(run);
    progress(
      `round ${round} bare got loop (${run.inFlight} in flight): ${run.deliveredPerSecond.toFixed(0)} delivered/s, ` +
        `${run.cpuUsPerEvent.toFixed(0)} us cpu/event (+ ${run.sinkCpuUsPerEvent.toFixed(0)} sink), cpu ` +
        `${run.gotCpu.toFixed(2)}/${run.benchCpu.toFixed(2)}, machine ${run.machineCpu.toFixed(2)}/${run.cores}, ` +
        `${run.duplicates} duplicates, ${run.failed} failed`,
    );
  } catch (error) {
    failedRuns.push(`got loop round ${round}`);
    progress(`round ${round} got loop: FAILED ${(error as Error).message}`);
  }
}

try {
  const sqlite = settings.only !== 'postgres';
  const postgres = settings.only !== 'sqlite' && schema !== undefined;
  const kinds: readonly ServerKind[] = [
    ...(sqlite ? (['bare', 'durable', 'gateway', 'gateway-memory'] as const) : []),
    ...(sqlite && compare ? (['gateway-compare'] as const) : []),
    ...(postgres ? (['postgres-bare', 'gateway-postgres', 'gateway-postgres-3'] as const) : []),
  ];
  for (let round = 1; round <= settings.rounds; round++) {
    // Rotating the order spreads slow drift of a noisy machine over all servers instead of one.
    for (let i = 0; i < kinds.length; i++) await ingestRun(kinds[(i + round - 1) % kinds.length]!, round);
    if (sqlite) {
      if (settings.infoLogRun && round === Math.ceil(settings.rounds / 2))
        await ingestRun('gateway-info', round);
      await gotLoopRun(round);
      // With another build, its drain and burst run beside this build's, which goes first in odd rounds.
      const builds: readonly ServerKind[] = !compare
        ? ['gateway']
        : round % 2 === 1
          ? ['gateway', 'gateway-compare']
          : ['gateway-compare', 'gateway'];
      for (const server of builds) await drainRun(round, server);
      for (const server of builds) await endToEndRun(round, 'burst', server);
      await endToEndRun(round, 'half');
      if (settings.fixedBaseline) await endToEndRun(round, 'fixed4');
    }
    if (postgres) {
      await endToEndRun(round, 'burst', 'gateway-postgres');
      await endToEndRun(round, 'burst', 'gateway-postgres-3');
    }
  }
} finally {
  await sink.close();
  await schema?.drop();
}

const summary = summarize(ingest, endToEnd, gotRuns, drainRuns, compare?.label);
writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        loadavgAtStart,
        loadavg: loadavg(),
      },
      settings,
      ...(compare ? { compareBuild: compare } : {}),
      bodyBytes,
      summary,
      runs: { ingest, endToEnd, gotLoop: gotRuns, drain: drainRuns },
      failedRuns,
    },
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    2,
  )}\n`,
);
process.stdout.write(`\n${formatReport(summary, settings, relative(process.cwd(), resultsFile))}\n`);
process.stdout.write(
  `load average (1/5/15 min): at the start ${loadavgAtStart.map((v) => v.toFixed(2)).join(' ')}, ` +
    `at the end ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}\n`,
);
if (settings.cpuProfile) process.stdout.write(`cpu profiles: ${relative(process.cwd(), profileDir)}\n`);
if (failedRuns.length > 0) {
  process.stdout.write(`failed runs: ${failedRuns.join(', ')}\n`);
  process.exitCode = 1;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(0);
}

/** The other build to run beside this one: its checkout, and its commit as the label of its rows. */
function compareBuildOf(path: string): { readonly root: string; readonly label: string } {
  const root = resolve(path);
  if (!existsSync(join(root, 'dist', 'src', 'main.js')))
    throw new Error(
      `BENCH_COMPARE_BUILD: no dist/src/main.js in ${root} (npm ci && npm run build there first)`,
    );
  let label = root;
  try {
    label = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: its path names it.
  }
  return { root, label };
}

function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${from}`);
    dir = parent;
  }
  return dir;
}
