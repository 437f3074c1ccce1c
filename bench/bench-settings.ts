import { defaultConcurrency } from '../src/worker/target-delivery-policy.js';

export interface BenchSettings {
  readonly quick: boolean;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly rounds: number;
  readonly concurrency: number;
  /** The end-to-end runs' http target `concurrency`; undefined: left out of the config (the shipped default). */
  readonly targetConcurrency: number | undefined;
  /** Requests in flight in the bare got loop: by default the gateway's default per-target cap. */
  readonly gotInFlight: number;
  /** One extra gateway ingest run at LOG_LEVEL=info with its logs written to /dev/null. */
  readonly infoLogRun: boolean;
  /** One more end-to-end burst per round with the target at `concurrency: { fixed: 4 }` (the old default). */
  readonly fixedBaseline: boolean;
  /** Run the gateway children under `node --cpu-prof`, profiles in bench/results/profiles/. */
  readonly cpuProfile: boolean;
  /** Which stores' runs: `sqlite` (the default store, its baselines, memory and the got loop), `postgres`, or both. */
  readonly only: BenchGroup | undefined;
  /**
   * Another checkout of hookgate, built (BENCH_COMPARE_BUILD): its gateway runs the SQLite ingest, burst and drain
   * rows too, interleaved with this build's, for before/after figures from one run.
   */
  readonly compareBuild: string | undefined;
}

export type BenchGroup = 'sqlite' | 'postgres';

/**
 * Settings from the environment: BENCH_SECONDS (measured seconds per run, default 8), BENCH_WARMUP_SECONDS
 * (default 2), BENCH_ROUNDS (default 3), BENCH_CONCURRENCY (connections, default 32), BENCH_TARGET_CONCURRENCY
 * (default: unset, the shipped default), BENCH_GOT_IN_FLIGHT (default: the default per-target cap), BENCH_INFO_LOGS=0 to skip the info-logging run, BENCH_FIXED_BASELINE=0 to skip the
 * end-to-end run at the old fixed default (4 in flight), BENCH_CPU_PROF=1, BENCH_ONLY=sqlite|postgres (one group
 * of runs, to keep an iteration short), BENCH_COMPARE_BUILD=<path of another built checkout> (its gateway
 * beside this one in the SQLite rows), and BENCH_QUICK=1 for a smoke
 * run of a few seconds (one short round, no info-logging run) that the other variables still override.
 */
export function readSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  return {
    quick,
    warmupMs: seconds(env, 'BENCH_WARMUP_SECONDS', quick ? 0.3 : 2, 0) * 1000,
    measureMs: seconds(env, 'BENCH_SECONDS', quick ? 1 : 8, 0.1) * 1000,
    rounds: count(env, 'BENCH_ROUNDS', quick ? 1 : 3, 50),
    concurrency: count(env, 'BENCH_CONCURRENCY', 32, 1024),
    targetConcurrency:
      env.BENCH_TARGET_CONCURRENCY === undefined || env.BENCH_TARGET_CONCURRENCY === ''
        ? undefined
        : count(env, 'BENCH_TARGET_CONCURRENCY', 1, 256),
    gotInFlight: count(env, 'BENCH_GOT_IN_FLIGHT', defaultConcurrency, 256),
    infoLogRun: env.BENCH_INFO_LOGS === undefined ? !quick : env.BENCH_INFO_LOGS !== '0',
    fixedBaseline: env.BENCH_FIXED_BASELINE === undefined ? !quick : env.BENCH_FIXED_BASELINE !== '0',
    cpuProfile: env.BENCH_CPU_PROF === '1',
    only: group(env.BENCH_ONLY),
    compareBuild:
      env.BENCH_COMPARE_BUILD === undefined || env.BENCH_COMPARE_BUILD === ''
        ? undefined
        : env.BENCH_COMPARE_BUILD,
  };
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > 600) {
    throw new Error(`${name} must be ${min}..600 seconds, got ${raw}`);
  }
  return value;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name} must be 1..${max}, got ${raw}`);
  return value;
}

function group(raw: string | undefined): BenchGroup | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'sqlite' || raw === 'postgres') return raw;
  throw new Error(`BENCH_ONLY must be sqlite or postgres, got ${raw}`);
}
