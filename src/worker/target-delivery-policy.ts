import { resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';

export interface RateLimit {
  readonly perSecond: number;
  /** Attempts that may start at once after a quiet spell; default: perSecond rounded up (at least 1). */
  readonly burst?: number;
}

/** How the worker treats one target's deliveries. */
export interface TargetDeliveryPolicy {
  readonly retry: RetryPolicy;
  /** Attempts in flight at once for this target: the cap of the adaptive limit, or the fixed count. */
  readonly concurrency: number;
  /** true (the default): the in-flight limit is learnt from the target's answers, up to `concurrency`. */
  readonly adaptive: boolean;
  readonly rateLimit?: RateLimit | undefined;
}

/** The delivery settings of a target in gateway.yaml (all optional). */
export interface TargetDeliverySettings {
  readonly retry?: unknown;
  /** A cap for the adaptive limit, or `{ fixed: N }` for exactly N in flight. */
  readonly concurrency?: ConcurrencySetting | undefined;
  readonly rateLimit?: RateLimit | undefined;
}

export type ConcurrencySetting = number | { readonly fixed: number };

/** The default cap of the adaptive limit (it starts at 4 and grows while the target keeps up). */
export const defaultConcurrency = 32;

/** A target's policy from its settings; unknown or removed targets get the defaults. Throws on invalid values. */
export function resolveTargetPolicy(settings: TargetDeliverySettings | undefined): TargetDeliveryPolicy {
  const problems = targetSettingsProblems(settings);
  if (problems.length > 0) throw new TypeError(problems.join('; '));
  const concurrency = settings?.concurrency;
  const fixed = typeof concurrency === 'object';
  return {
    retry: resolveRetryPolicy(settings?.retry),
    concurrency: fixed ? concurrency.fixed : (concurrency ?? defaultConcurrency),
    adaptive: !fixed,
    rateLimit: settings?.rateLimit,
  };
}

/** Every problem with a target's delivery settings, for the config loader to report with their place. */
export function targetSettingsProblems(settings: TargetDeliverySettings | undefined): string[] {
  if (!settings) return [];
  const { concurrency, rateLimit } = settings;
  const problems: string[] = [];
  const count = typeof concurrency === 'object' ? concurrency.fixed : concurrency;
  if (concurrency !== undefined && !(Number.isInteger(count) && (count ?? 0) >= 1)) {
    problems.push('concurrency must be a whole number of at least 1, or { fixed: N }');
  }
  if (rateLimit !== undefined) {
    if (!(
      typeof rateLimit.perSecond === 'number' &&
      rateLimit.perSecond > 0 &&
      Number.isFinite(rateLimit.perSecond)
    )) {
      problems.push('rateLimit.perSecond must be a number above 0');
    }
    if (rateLimit.burst !== undefined && !(Number.isInteger(rateLimit.burst) && rateLimit.burst >= 1)) {
      problems.push('rateLimit.burst must be a whole number of at least 1');
    }
  }
  return problems;
}

export function burstOf(rateLimit: RateLimit): number {
  return rateLimit.burst ?? Math.max(1, Math.ceil(rateLimit.perSecond));
}
