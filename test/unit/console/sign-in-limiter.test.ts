import { describe, expect, it } from 'vitest';
import { createSignInLimiter, defaultSignInLimits } from '../../../src/console/sign-in-limiter.js';

function fakeClock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('sign-in limiter', () => {
  it('allows a burst of 10 per address, then 5 a minute, with Retry-After', () => {
    const clock = fakeClock();
    const limiter = createSignInLimiter(clock.now);
    for (let i = 0; i < 10; i++) expect(limiter.take('1.2.3.4')).toEqual({ allowed: true });
    expect(limiter.take('1.2.3.4')).toEqual({ allowed: false, retryAfterSec: 12 });
    // Another address is not held up by the first.
    expect(limiter.take('5.6.7.8')).toEqual({ allowed: true });
    clock.advance(12_000);
    expect(limiter.take('1.2.3.4')).toEqual({ allowed: true });
    expect(limiter.take('1.2.3.4').allowed).toBe(false);
  });

  it('caps all addresses together', () => {
    const clock = fakeClock();
    const limiter = createSignInLimiter(clock.now, {
      ...defaultSignInLimits,
      globalBurst: 3,
      globalPerMinute: 60,
    });
    expect(['a', 'b', 'c'].map((a) => limiter.take(a).allowed)).toEqual([true, true, true]);
    expect(limiter.take('d')).toEqual({ allowed: false, retryAfterSec: 1 });
    clock.advance(1_000);
    expect(limiter.take('d').allowed).toBe(true);
  });

  it('remembers a bounded number of addresses, forgetting the least recently seen', () => {
    const clock = fakeClock();
    const limiter = createSignInLimiter(clock.now, {
      ...defaultSignInLimits,
      perAddressBurst: 1,
      maxAddresses: 2,
    });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    limiter.take('b');
    limiter.take('c');
    // "a" was forgotten: it starts with a full burst again (the global cap still bounds the total).
    expect(limiter.take('a').allowed).toBe(true);
  });
});
