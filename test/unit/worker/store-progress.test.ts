import { describe, expect, it } from 'vitest';
import { createStoreProgress } from '../../../src/worker/store-progress.js';
import { DeliveryError } from '../../../src/errors.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const t0 = Date.UTC(2026, 0, 1);

async function claimed() {
  const store = createMemoryStore();
  const payload = { type: 't' };
  await store.enqueue(
    { id: 'evt_1', source: 's', type: 't', dedupeKey: 'k', receivedAt: t0, payload, rawBody: '{"type":"t"}' },
    [{ id: 'dlv_1', route: 'r', target: 'slack' }],
  );
  const [claim] = await store.claimDue({ target: 'slack', now: t0, limit: 1, leaseMs: 1000 });
  return { store, claim: claim! };
}

describe('createStoreProgress', () => {
  it('saves JSON progress for the attempt, extends its claim by the lease and reports the step', async () => {
    const { store, claim } = await claimed();
    let now = t0 + 500;
    const progress = createStoreProgress(store, { leaseMs: 90_000, now: () => now });
    const steps: number[] = [];
    const ctx = { deliveryId: 'dlv_1', attempt: 1, round: 1, stepDone: () => steps.push(now) };
    expect(await progress.load(ctx)).toBeUndefined();
    await progress.save(ctx, { posted: 1, threadTs: '1.2' });
    now += 100;
    await progress.save(ctx, { posted: 2, threadTs: '1.2' });
    expect(await progress.load(ctx)).toEqual({ posted: 2, threadTs: '1.2' });
    expect(steps).toEqual([t0 + 500, t0 + 600]);
    expect(await store.dueTargets()).toEqual([{ target: 'slack', dueAt: t0 + 600 + 90_000 }]);
    expect(await store.loadProgress(claim.lease)).toBe('{"posted":2,"threadTs":"1.2"}');
  });

  it('refuses to save for an attempt whose claim was lost, with a retryable error and no step', async () => {
    const { store } = await claimed();
    const progress = createStoreProgress(store, { leaseMs: 1000, now: () => t0 });
    let steps = 0;
    const stale = { deliveryId: 'dlv_1', attempt: 7, round: 1, stepDone: () => steps++ };
    const error: unknown = await progress.save(stale, { posted: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'retryable' });
    expect(steps).toBe(0);
  });

  it('reads unreadable stored progress as none, so the send starts over', async () => {
    const { store, claim } = await claimed();
    await store.saveProgress(claim.lease, '{not json', t0 + 1000);
    const progress = createStoreProgress(store, { leaseMs: 1000, now: () => t0 });
    expect(await progress.load({ deliveryId: 'dlv_1', attempt: 1, round: 1 })).toBeUndefined();
  });
});
