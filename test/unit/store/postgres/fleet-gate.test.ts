import { describe, expect, it } from 'vitest';
import { decideGate } from '../../../../src/store/postgres/fleet-gate.js';

const fresh = { tokens: null, tokensAt: null, pausedUntil: 0 };

describe('decideGate', () => {
  it('allows no more than the concurrency left across the fleet', () => {
    expect(decideGate({ concurrency: 4 }, fresh, 3, 10, 0)).toEqual({ allowed: 1, tokens: null });
    expect(decideGate({ concurrency: 4 }, fresh, 4, 10, 0).allowed).toBe(0);
    expect(decideGate({ concurrency: 4 }, fresh, 6, 10, 0).allowed).toBe(0);
    expect(decideGate({ concurrency: 4 }, fresh, 0, 2, 0).allowed).toBe(2);
  });

  it('starts a rate-limited target with a full bucket and refills it with time, up to the burst', () => {
    const gate = { concurrency: 100, rateLimit: { perSecond: 2, burst: 3 } };
    expect(decideGate(gate, fresh, 0, 10, 0)).toEqual({ allowed: 3, tokens: 3 });
    const empty = { tokens: 0, tokensAt: 1_000, pausedUntil: 0 };
    expect(decideGate(gate, empty, 0, 10, 1_499)).toMatchObject({ allowed: 0 });
    expect(decideGate(gate, empty, 0, 10, 1_500)).toEqual({ allowed: 1, tokens: 1 });
    expect(decideGate(gate, empty, 0, 10, 60_000)).toEqual({ allowed: 3, tokens: 3 });
  });

  it('allows nothing while the target is paused, and everything due from the pause end', () => {
    const paused = { tokens: null, tokensAt: null, pausedUntil: 5_000 };
    expect(decideGate({ concurrency: 4 }, paused, 0, 4, 4_999).allowed).toBe(0);
    expect(decideGate({ concurrency: 4 }, paused, 0, 4, 5_000).allowed).toBe(4);
  });
});
