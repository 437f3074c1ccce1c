/** How a target's failed deliveries are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included; 1 means no retries. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** The cap of the backoff (a target's Retry-After may ask for longer, and is honoured). */
  readonly maxDelayMs: number;
  /** No retry is scheduled later than this after the event's receipt (or its replay). */
  readonly maxAgeMs: number;
}

export type RetryPresetName = 'standard' | 'patient' | 'quick' | 'none';

export interface RetryPreset extends RetryPolicy {
  readonly description: string;
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

export const retryPresets: Readonly<Record<RetryPresetName, RetryPreset>> = {
  standard: {
    description:
      'The default: 8 attempts backing off from 5 s (full jitter, at most ~10 min in all), riding out restarts ' +
      'and short outages; a Retry-After is honoured for up to a day.',
    attempts: 8,
    baseDelayMs: 5 * second,
    maxDelayMs: 30 * minute,
    maxAgeMs: 24 * hour,
  },
  patient: {
    description:
      'Like Standard Webhooks and Svix: up to 18 attempts backing off from seconds to 6 h, for about a day; for ' +
      'receivers that may be down for maintenance and still want every event.',
    attempts: 18,
    baseDelayMs: 5 * second,
    maxDelayMs: 6 * hour,
    maxAgeMs: 24 * hour,
  },
  quick: {
    description:
      'For chat notifications that are worthless late: 3 attempts within about 10 s; a Retry-After is honoured ' +
      'for up to 10 min.',
    attempts: 3,
    baseDelayMs: 1 * second,
    maxDelayMs: 10 * second,
    maxAgeMs: 10 * minute,
  },
  none: {
    description:
      'One attempt, no retries: for receivers that must never see a repeat, or that retry themselves.',
    attempts: 1,
    baseDelayMs: 0,
    maxDelayMs: 0,
    maxAgeMs: 24 * hour,
  },
};

export const defaultRetryPreset: RetryPresetName = 'standard';

/** A target's `retry` setting: a preset name, or a preset (default `standard`) with some values changed. */
export type RetrySpec = RetryPresetName | RetryOverrides;

export interface RetryOverrides {
  readonly preset?: RetryPresetName;
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly maxAgeMs?: number;
}

const overrideKeys = ['preset', 'attempts', 'baseDelayMs', 'maxDelayMs', 'maxAgeMs'] as const;

/** Every problem with a `retry` setting from config, as messages; empty when it is usable. */
export function retrySpecProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return isPresetName(value) ? [] : [unknownPreset(value)];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['retry must be a preset name or an object'];
  }
  const problems: string[] = [];
  const spec = value as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!(overrideKeys as readonly string[]).includes(key)) {
      problems.push(`retry.${key} is not a retry setting (use ${overrideKeys.join(', ')})`);
    }
  }
  if (spec.preset !== undefined && !isPresetName(spec.preset)) problems.push(unknownPreset(spec.preset));
  if (spec.attempts !== undefined && !(Number.isInteger(spec.attempts) && (spec.attempts as number) >= 1)) {
    problems.push('retry.attempts must be a whole number of at least 1');
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxAgeMs'] as const) {
    const v = spec[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      problems.push(`retry.${key} must be a number of milliseconds, 0 or more`);
    }
  }
  return problems;
}

/** The policy a `retry` setting means; throws a TypeError naming every problem when it is not usable. */
export function resolveRetryPolicy(value: unknown): RetryPolicy {
  const problems = retrySpecProblems(value);
  if (problems.length > 0) throw new TypeError(problems.join('; '));
  const spec: RetryOverrides =
    typeof value === 'string' ? { preset: value as RetryPresetName } : (value ?? {});
  const { attempts, baseDelayMs, maxDelayMs, maxAgeMs } = retryPresets[spec.preset ?? defaultRetryPreset];
  return {
    attempts: spec.attempts ?? attempts,
    baseDelayMs: spec.baseDelayMs ?? baseDelayMs,
    maxDelayMs: spec.maxDelayMs ?? maxDelayMs,
    maxAgeMs: spec.maxAgeMs ?? maxAgeMs,
  };
}

function isPresetName(value: unknown): value is RetryPresetName {
  return typeof value === 'string' && Object.hasOwn(retryPresets, value);
}

function unknownPreset(value: unknown): string {
  return `unknown retry preset ${JSON.stringify(value)} (use ${Object.keys(retryPresets).join(', ')})`;
}
