import { describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../../../src/targets/slack/channel-pacer.js';

/** A clock that only moves when told to, or when someone sleeps on it; records every sleep. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new Error('aborted');
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('ChannelPacer', () => {
  it('lets a burst through at once, then one post per 1/perSecond', async () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ perSecond: 1, burst: 3 }, clock);
    for (let i = 0; i < 5; i++) await pacer.take();
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('refills over time, never beyond the burst', async () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ perSecond: 2, burst: 2 }, clock);
    await pacer.take();
    await pacer.take();
    clock.advance(60_000);
    await pacer.take();
    await pacer.take();
    await pacer.take();
    expect(clock.sleeps).toEqual([500]);
  });

  it('queues concurrent callers one slot apart', async () => {
    const clock = {
      now: () => 0,
      sleeps: [] as number[],
      sleep: async (ms: number) => void clock.sleeps.push(ms),
    };
    const pacer = new ChannelPacer({ perSecond: 1, burst: 1 }, clock);
    await Promise.all([pacer.take(), pacer.take(), pacer.take()]);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('gives the slot back when the wait is aborted', async () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ perSecond: 1, burst: 1 }, clock);
    await pacer.take();
    const controller = new AbortController();
    controller.abort();
    await expect(pacer.take(controller.signal)).rejects.toThrow('aborted');
    await pacer.take();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('holds the channel for a Retry-After', () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ perSecond: 1, burst: 3 }, clock);
    expect(pacer.heldForMs()).toBe(0);
    pacer.holdFor(7000);
    clock.advance(2000);
    expect(pacer.heldForMs()).toBe(5000);
    clock.advance(5000);
    expect(pacer.heldForMs()).toBe(0);
  });

  it('applies a new pace without refilling the bucket', async () => {
    const clock = fakeClock();
    const pacer = new ChannelPacer({ perSecond: 1, burst: 5 }, clock);
    await pacer.take();
    pacer.configure({ perSecond: 4, burst: 1 });
    await pacer.take();
    await pacer.take();
    expect(clock.sleeps).toEqual([250]);
  });
});
