import { describe, expect, it } from 'vitest';
import {
  allowedInFlight,
  initialLimitState,
  limitSettings,
  nextLimitState,
  type LimitSettings,
  type LimitState,
  type LoadSignal,
} from '../../../src/worker/adaptive-limit.js';

/**
 * A scripted target on a fake clock: each step sends `allowedInFlight` attempts at once, they all answer after
 * the scripted round trip with the scripted signal, and the clock moves on by that round trip.
 */
function drive(
  settings: LimitSettings,
  script: readonly { readonly rounds: number; readonly rttMs: number; readonly signal: LoadSignal }[],
  start: LimitState = initialLimitState(settings),
): { state: LimitState; trace: number[] } {
  let state = start;
  let now = 0;
  const trace: number[] = [];
  for (const { rounds, rttMs, signal } of script) {
    for (let round = 0; round < rounds; round++) {
      const inFlight = allowedInFlight(state, settings);
      now += rttMs;
      for (let i = 0; i < inFlight; i++) {
        state = nextLimitState(state, { signal, rttMs, inFlight, at: now }, settings);
      }
      trace.push(allowedInFlight(state, settings));
    }
  }
  return { state, trace };
}

describe('adaptive in-flight limit', () => {
  const settings = limitSettings(32);

  it('starts small and grows to the cap while the target answers 2xx at a steady latency', () => {
    expect(allowedInFlight(initialLimitState(settings), settings)).toBe(4);
    const { trace } = drive(settings, [{ rounds: 10, rttMs: 5, signal: 'ok' }]);
    expect(trace[0]).toBe(8);
    expect(trace.at(-1)).toBe(32);
    // Never above the cap, and never shrinking on a healthy target.
    expect(Math.max(...trace)).toBe(32);
    for (let i = 1; i < trace.length; i++) expect(trace[i]).toBeGreaterThanOrEqual(trace[i - 1]!);
  });

  it('a cap below the start value starts at the cap', () => {
    const two = limitSettings(2);
    expect(allowedInFlight(initialLimitState(two), two)).toBe(2);
    expect(drive(two, [{ rounds: 5, rttMs: 5, signal: 'ok' }]).trace).toEqual([2, 2, 2, 2, 2]);
  });

  it('shrinks on a 429 burst, at most once per round trip, then recovers', () => {
    const grown = drive(settings, [{ rounds: 10, rttMs: 20, signal: 'ok' }]).state;
    const { trace } = drive(
      settings,
      [
        { rounds: 5, rttMs: 20, signal: 'overload' },
        { rounds: 10, rttMs: 20, signal: 'ok' },
      ],
      grown,
    );
    // 32 answers of 429 in one round trip count once: 32 × 0.9 = 28.8, not 32 × 0.9^32.
    expect(trace.slice(0, 5)).toEqual([28, 25, 23, 20, 18]);
    expect(trace.at(-1)).toBe(32);
  });

  it('shrinks when the latency steps up, then follows the new latency as usual and grows again', () => {
    const grown = drive(settings, [{ rounds: 10, rttMs: 10, signal: 'ok' }]).state;
    const { trace } = drive(settings, [{ rounds: 60, rttMs: 200, signal: 'ok' }], grown);
    expect(trace[0]).toBeLessThan(32);
    const lowest = Math.min(...trace);
    expect(lowest).toBeLessThan(20);
    // Once the baseline has drifted up to the new latency, the limit climbs back to the cap.
    expect(trace.at(-1)).toBe(32);
  });

  it('does not shrink for jitter within the slack (a local target going from 1 ms to 20 ms)', () => {
    const grown = drive(settings, [{ rounds: 10, rttMs: 1, signal: 'ok' }]).state;
    expect(drive(settings, [{ rounds: 5, rttMs: 20, signal: 'ok' }], grown).trace).toEqual([
      32, 32, 32, 32, 32,
    ]);
  });

  it('timeouts shrink it to the minimum of 1, not below, and a 2xx grows it again', () => {
    const grown = drive(settings, [{ rounds: 10, rttMs: 50, signal: 'ok' }]).state;
    // Timed-out attempts took 10 s each, but the limit shrinks once per usual round trip (50 ms), not per 10 s.
    let state = grown;
    for (let i = 1; i <= 60; i++) {
      state = nextLimitState(
        state,
        { signal: 'overload', rttMs: 10_000, inFlight: 32, at: 1_000_000 + i * 60 },
        settings,
      );
    }
    expect(allowedInFlight(state, settings)).toBe(1);
    expect(state.limit).toBeGreaterThanOrEqual(1);
    const { trace } = drive(settings, [{ rounds: 8, rttMs: 50, signal: 'ok' }], {
      ...state,
      lastDecreaseAt: 0,
    });
    expect(trace).toEqual([2, 4, 8, 16, 32, 32, 32, 32]);
  });

  it('a neutral answer (400) changes nothing', () => {
    const state = initialLimitState(settings);
    expect(nextLimitState(state, { signal: 'neutral', rttMs: 5, inFlight: 4, at: 1 }, settings)).toBe(state);
  });

  it('does not grow while the limit is not used (an idle target learns nothing)', () => {
    let state = initialLimitState(settings);
    for (let at = 1; at <= 50; at++)
      state = nextLimitState(state, { signal: 'ok', rttMs: 5, inFlight: 1, at }, settings);
    expect(allowedInFlight(state, settings)).toBe(4);
  });

  it('a lower cap after a reload applies at once', () => {
    const grown = drive(settings, [{ rounds: 10, rttMs: 5, signal: 'ok' }]).state;
    const eight = limitSettings(8);
    expect(allowedInFlight(grown, eight)).toBe(8);
    const next = nextLimitState(grown, { signal: 'overload', rttMs: 5, inFlight: 8, at: 10_000 }, eight);
    expect(allowedInFlight(next, eight)).toBe(7);
  });
});
