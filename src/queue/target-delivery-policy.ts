import { resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';

export interface RateLimit {
  readonly perSecond: number;
  /** Attempts that may start at once after a quiet spell; default: perSecond rounded up (at least 1). */
  readonly burst?: number;
}

/** How the worker treats one target's deliveries. */
export interface TargetDeliveryPolicy {
  readonly retry: RetryPolicy;
  /** Attempts in flight at once for this target. */
  readonly concurrency: number;
  readonly rateLimit?: RateLimit | undefined;
}

/** The delivery settings of a target in gateway.yaml (all optional). */
export interface TargetDeliverySettings {
  readonly retry?: unknown;
  readonly concurrency?: number | undefined;
  readonly rateLimit?: RateLimit | undefined;
}

export const defaultConcurrency = 4;

/** A target's policy from its settings; unknown or removed targets get the defaults. Throws on invalid values. */
export function resolveTargetPolicy(settings: TargetDeliverySettings | undefined): TargetDeliveryPolicy {
  const problems = targetSettingsProblems(settings);
  if (problems.length > 0) throw new TypeError(problems.join('; '));
  return {
    retry: resolveRetryPolicy(settings?.retry),
    concurrency: settings?.concurrency ?? defaultConcurrency,
    rateLimit: settings?.rateLimit,
  };
}

/** Every problem with a target's delivery settings, for the config loader to report with their place. */
export function targetSettingsProblems(settings: TargetDeliverySettings | undefined): string[] {
  if (!settings) return [];
  const { concurrency, rateLimit } = settings;
  const problems: string[] = [];
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    problems.push('concurrency must be a whole number of at least 1');
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
