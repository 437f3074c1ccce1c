import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayYaml, writeGatewayConfig } from './write-gateway-config.js';

export type ServerKind =
  | 'bare'
  | 'durable'
  | 'gateway'
  | 'gateway-compare'
  | 'gateway-info'
  | 'gateway-memory'
  | 'postgres-bare'
  | 'gateway-postgres'
  | 'gateway-postgres-3';

/** The kinds that need a database: a fresh schema each run, at `LaunchContext.postgresUrl`. */
export const postgresKinds: ReadonlySet<ServerKind> = new Set([
  'postgres-bare',
  'gateway-postgres',
  'gateway-postgres-3',
]);

/**
 * The processes of one kind of server: three gateways on one database for `gateway-postgres-3` (a fleet on this
 * machine, each in its own temp folder and on its own port), one process for every other kind.
 */
export function launchServers(
  kind: ServerKind,
  ctx: LaunchContext,
  options: { parkDeliveries: boolean },
): readonly ServerLaunch[] {
  if (kind !== 'gateway-postgres-3') return [launchServer(kind, ctx, options)];
  return [1, 2, 3].map(() => launchServer('gateway-postgres', ctx, options));
}

/** How to start one server for one run, and what to remove afterwards. */
export interface ServerLaunch {
  readonly script: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly stdoutFile: string;
  /** A file holding the child's logs, for the tail shown when a run fails (undefined: logs not kept). */
  readonly logFile: string | undefined;
  /** A gateway launched with parked deliveries: rewrites its config without the park (apply with SIGHUP). */
  readonly unpark?: () => void;
  remove(): void;
}

export interface LaunchContext {
  readonly repoRoot: string;
  /** The folder of the compiled bench scripts (dist/bench). */
  readonly benchDir: string;
  readonly secret: string;
  readonly sinkUrl: string;
  /** Deliveries in flight to the sink when set; undefined: the gateway's shipped default. */
  readonly targetConcurrency: number | { readonly fixed: number } | undefined;
  /** e.g. ['--cpu-prof', '--cpu-prof-dir=…'] for gateway children. */
  readonly gatewayExecArgv: readonly string[];
  /** A URL whose sessions use the bench's schema (search_path): the PostgreSQL runs. */
  readonly postgresUrl?: string;
  /** Another checkout, built (`BENCH_COMPARE_BUILD`): `gateway-compare` runs its dist/src/main.js. */
  readonly compareBuild?: string;
}

/**
 * The launch of each kind of server, each in a fresh temp folder: the two baselines from dist/bench, the gateway
 * from dist/src/main.js with a generated config (`parkDeliveries` for ingest runs), LOG_LEVEL=warn logging to a
 * file, or for `gateway-info` LOG_LEVEL=info logging to /dev/null. `gateway-compare` is the same SQLite gateway
 * run from the other checkout (its main.js and its config/schemas), with the same generated config: the keys it
 * uses (a plain-number `concurrency`, `rateLimit`, SIGHUP reload) are accepted by builds before the adaptive limit.
 */
export function launchServer(
  kind: ServerKind,
  ctx: LaunchContext,
  options: { parkDeliveries: boolean },
): ServerLaunch {
  const base = inheritedEnv();
  const database = postgresKinds.has(kind) ? { DATABASE_URL: ctx.postgresUrl ?? '' } : {};
  if (kind === 'postgres-bare') {
    return {
      script: join(ctx.benchDir, 'baseline-postgres.js'),
      args: [],
      execArgv: [],
      env: { ...base, ...database, WEBHOOK_SECRET: ctx.secret },
      stdoutFile: '/dev/null',
      logFile: undefined,
      remove: () => undefined,
    };
  }
  if (kind === 'bare' || kind === 'durable') {
    const dir = mkdtempSync(join(tmpdir(), `hookgate-bench-${kind}-`));
    return {
      script: join(ctx.benchDir, `baseline-${kind}.js`),
      args: [],
      execArgv: [],
      env: { ...base, WEBHOOK_SECRET: ctx.secret, DATA_DIR: join(dir, 'data') },
      stdoutFile: '/dev/null',
      logFile: undefined,
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (kind === 'gateway-compare' && ctx.compareBuild === undefined)
    throw new Error('gateway-compare needs BENCH_COMPARE_BUILD');
  const gatewayRoot = kind === 'gateway-compare' ? (ctx.compareBuild ?? ctx.repoRoot) : ctx.repoRoot;
  const configOptions = {
    repoRoot: gatewayRoot,
    secret: ctx.secret,
    sinkUrl: ctx.sinkUrl,
    parkDeliveries: options.parkDeliveries,
    targetConcurrency: ctx.targetConcurrency,
    memoryStore: kind === 'gateway-memory',
    postgresStore: postgresKinds.has(kind),
  };
  const run = writeGatewayConfig(configOptions);
  const info = kind === 'gateway-info';
  const logFile = info ? undefined : join(run.dir, 'gateway.log');
  return {
    script: join(gatewayRoot, 'dist', 'src', 'main.js'),
    args: [run.configFile],
    execArgv: ctx.gatewayExecArgv,
    env: { ...base, ...database, DATA_DIR: run.dataDir, LOG_LEVEL: info ? 'info' : 'warn' },
    stdoutFile: logFile ?? '/dev/null',
    logFile,
    ...(options.parkDeliveries
      ? {
          unpark: () =>
            writeFileSync(run.configFile, gatewayYaml({ ...configOptions, parkDeliveries: false })),
        }
      : {}),
    remove: () => run.remove(),
  };
}

/** The environment a child needs (PATH, HOME, locale), without this shell's gateway or bench settings. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
