/**
 * The in-flight limit of one target, learnt from its answers (additive increase, multiplicative decrease, as in
 * Netflix's concurrency-limits AIMD, with a latency signal like its gradient limiters): it starts small, grows by
 * one per answer while the target answers 2xx without getting slower and the limit is actually used, and shrinks
 * by `backoff` on overload (429, 5xx, timeouts, no answer) or on latency rising well above the target's usual.
 * At most one decrease per round trip: the answers of one overloaded window count once, not once each.
 * Pure: every decision takes the state and one observed answer and returns the next state.
 */

/** What one finished attempt says about the target's load. */
export type LoadSignal =
  /** A 2xx answer. */
  | 'ok'
  /** 429, 5xx, a timeout or no answer at all: the target (or the way to it) is overloaded. */
  | 'overload'
  /** An answer that says nothing about load (another 4xx): the limit stays. */
  | 'neutral';

export interface LimitSample {
  readonly signal: LoadSignal;
  /** Attempt start → answer. */
  readonly rttMs: number;
  /** Attempts to this target in flight when this one started (itself included). */
  readonly inFlight: number;
  /** When the answer came (the clock the worker uses). */
  readonly at: number;
}

export interface LimitSettings {
  /** The cap from config (`concurrency`). */
  readonly max: number;
  readonly min: number;
  readonly initial: number;
  /** Multiplier on overload or rising latency. */
  readonly backoff: number;
  /** Latency counts as rising above `tolerance` × the usual round trip… */
  readonly tolerance: number;
  /** …and at least this many ms above it (a local target's 1 ms → 3 ms is noise, not load). */
  readonly slackMs: number;
  /** How fast the usual round trip follows slower answers (0..1 per answer); faster ones are taken at once. */
  readonly baselineDrift: number;
}

export interface LimitState {
  /** Fractional; the worker sends `allowedInFlight(state)` at once. */
  readonly limit: number;
  /** The target's usual round trip (ms); undefined until the first 2xx. */
  readonly baselineMs: number | undefined;
  /** When the limit last shrank; further decreases wait a round trip. */
  readonly lastDecreaseAt: number;
}

export const defaultLimitSettings: Omit<LimitSettings, 'max'> = {
  min: 1,
  initial: 4,
  backoff: 0.9,
  tolerance: 2,
  slackMs: 50,
  baselineDrift: 0.005,
};

export function limitSettings(max: number): LimitSettings {
  return { ...defaultLimitSettings, max, initial: Math.min(defaultLimitSettings.initial, max) };
}

export function initialLimitState(settings: LimitSettings): LimitState {
  return { limit: settings.initial, baselineMs: undefined, lastDecreaseAt: Number.NEGATIVE_INFINITY };
}

/** Attempts that may be in flight at once now: a whole number within [min, max]. */
export function allowedInFlight(state: LimitState, settings: LimitSettings): number {
  return clamp(Math.floor(state.limit), settings.min, settings.max);
}

/** The state after one answer. */
export function nextLimitState(state: LimitState, sample: LimitSample, settings: LimitSettings): LimitState {
  // A cap lowered by a config reload applies at once.
  const current: LimitState = state.limit > settings.max ? { ...state, limit: settings.max } : state;
  if (sample.signal === 'neutral') return current;
  if (sample.signal === 'overload') return decrease(current, sample, settings);

  const baselineMs = nextBaseline(current.baselineMs, sample.rttMs, settings);
  const usual = current.baselineMs ?? sample.rttMs;
  const rising = sample.rttMs > usual * settings.tolerance && sample.rttMs - usual > settings.slackMs;
  if (rising) return { ...decrease(current, sample, settings), baselineMs };
  // Growth only while the limit is being used: an idle target's limit says nothing about what it can take.
  const used = sample.inFlight * 2 >= current.limit;
  const limit = used ? Math.min(settings.max, current.limit + 1) : current.limit;
  return { ...current, limit, baselineMs };
}

function decrease(state: LimitState, sample: LimitSample, settings: LimitSettings): LimitState {
  // One round trip of the target as usual (a timed-out attempt's own 60 s would freeze the limit that long).
  const windowMs = Math.min(sample.rttMs, state.baselineMs ?? sample.rttMs);
  if (sample.at - state.lastDecreaseAt < windowMs) return state;
  return {
    ...state,
    limit: Math.max(settings.min, state.limit * settings.backoff),
    lastDecreaseAt: sample.at,
  };
}

function nextBaseline(baselineMs: number | undefined, rttMs: number, settings: LimitSettings): number {
  if (baselineMs === undefined || rttMs < baselineMs) return rttMs;
  return baselineMs + (rttMs - baselineMs) * settings.baselineDrift;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
