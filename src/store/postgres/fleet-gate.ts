import type { TargetGate } from '../store.js';

/** A target's row as the fleet keeps it: the token bucket and the pause from a Retry-After. */
export interface TargetGateState {
  readonly tokens: number | null;
  readonly tokensAt: number | null;
  readonly pausedUntil: number;
}

export interface GateDecision {
  /** How many deliveries of the target this claim may start. */
  readonly allowed: number;
  /** The bucket before this claim took its share (null: the target has no rate limit). */
  readonly tokens: number | null;
}

/**
 * How many deliveries one claim may start, given what the whole fleet has in flight for the target now and the
 * target's shared state: none while paused, no more than the concurrency left, no more than whole tokens. A pure
 * decision: the claim holds the target's row locked while it makes it and writes the result back.
 */
export function decideGate(
  gate: TargetGate,
  state: TargetGateState,
  inFlight: number,
  wanted: number,
  now: number,
): GateDecision {
  const tokens = refill(gate, state, now);
  if (state.pausedUntil > now) return { allowed: 0, tokens };
  const slots = gate.concurrency - inFlight;
  const byRate = tokens === null ? slots : Math.floor(tokens);
  return { allowed: Math.max(0, Math.min(wanted, slots, byRate)), tokens };
}

function refill(gate: TargetGate, state: TargetGateState, now: number): number | null {
  const rate = gate.rateLimit;
  if (!rate) return null;
  if (state.tokens === null || state.tokensAt === null) return rate.burst;
  const elapsed = Math.max(0, now - state.tokensAt) / 1000;
  return Math.min(rate.burst, state.tokens + elapsed * rate.perSecond);
}
