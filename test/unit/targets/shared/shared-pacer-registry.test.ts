import { describe, expect, it } from 'vitest';
import {
  createSharedPacerRegistry,
  slotAt,
  type PaceSlot,
  type PaceStore,
} from '../../../../src/targets/shared/shared-pacer-registry.js';
import { sleepClock } from '../../../helpers/sleep-clock.js';

/** The store's side in memory, as the PostgreSQL statements do it (one row per key). */
function memoryPaces(): PaceStore & { keys: () => string[] } {
  const rows = new Map<string, { tat: number; heldUntil: number }>();
  return {
    keys: () => [...rows.keys()],
    reservePaceSlot(key, intervalMs, now) {
      const row = rows.get(key) ?? { tat: now, heldUntil: 0 };
      if (row.heldUntil <= now) row.tat = Math.max(row.tat, now) + intervalMs;
      rows.set(key, row);
      return Promise.resolve<PaceSlot>({ ...row });
    },
    returnPaceSlot(key, intervalMs, slot) {
      const row = rows.get(key);
      if (row && row.tat === slot.tat) row.tat -= intervalMs;
      return Promise.resolve();
    },
    holdPace(key, until) {
      const row = rows.get(key) ?? { tat: 0, heldUntil: 0 };
      row.heldUntil = Math.max(row.heldUntil, until);
      rows.set(key, row);
      return Promise.resolve();
    },
  };
}

describe('slotAt', () => {
  it('lets the burst go at once, then one post per interval', () => {
    const pace = { perSecond: 2, burst: 3 };
    // The theoretical arrival time after the 1st..5th reservation at now = 0: 500, 1000, ...
    expect([500, 1_000, 1_500, 2_000, 2_500].map((tat) => slotAt(tat, pace, 0))).toEqual([
      0, 0, 0, 500, 1_000,
    ]);
  });
});

describe('createSharedPacerRegistry', () => {
  it('paces from the store, re-paced by a reload, keyed by a hash of the destination', async () => {
    const clock = sleepClock();
    const { sleeps } = clock;
    const store = memoryPaces();
    const registry = createSharedPacerRegistry(store);
    const key = 'slack-webhook\u0000https://hooks.slack.com/services/T/B/secret';
    const first = registry.pacerFor(key, { perSecond: 1, burst: 1 }, clock);
    expect(await first.take()).toBe(0);
    const again = registry.pacerFor(key, { perSecond: 2, burst: 1 }, clock);
    expect(again).toBe(first);
    expect(await again.take()).toBe(0);
    // The first post moved the channel's time 1 s on; the second waits that out (the new pace counts from then).
    expect(sleeps).toEqual([1_000]);
    expect(store.keys()).toHaveLength(1);
    expect(store.keys()[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns a store failure into a retryable delivery error, never an unpaced post', async () => {
    const failing: PaceStore = {
      reservePaceSlot: () => Promise.reject(new Error('connection refused')),
      returnPaceSlot: () => Promise.resolve(),
      holdPace: () => Promise.reject(new Error('connection refused')),
    };
    const clock = { now: () => 0, sleep: () => Promise.resolve() };
    const pacer = createSharedPacerRegistry(failing).pacerFor('k', { perSecond: 1, burst: 1 }, clock);
    await expect(pacer.take()).rejects.toMatchObject({ name: 'DeliveryError', kind: 'retryable' });
    await expect(pacer.holdFor(1_000)).rejects.toMatchObject({ name: 'DeliveryError', kind: 'retryable' });
  });
});
