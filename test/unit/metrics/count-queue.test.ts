import { describe, expect, it } from 'vitest';
import { countQueue } from '../../../src/metrics/count-queue.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { Store } from '../../../src/store/store.js';

const t0 = Date.UTC(2025, 0, 1);

async function enqueue(store: Store, id: string, targets: readonly string[]): Promise<void> {
  await store.enqueue(
    { id, source: 'shop', type: 'order.created', dedupeKey: id, receivedAt: t0, payload: {}, rawBody: '{}' },
    targets.map((target) => ({ id: `${id}~r~${target}`, route: 'r', target })),
  );
}

/** Claims one due delivery of `target` and finishes it as delivered or dead; `undefined` leaves it in flight. */
async function claimOne(store: Store, target: string, finish?: 'delivered' | 'dead'): Promise<void> {
  const [claim] = await store.claimDue({ target, now: t0, limit: 1, leaseMs: 60_000 });
  if (!claim) throw new Error(`nothing due for ${target}`);
  if (finish === 'delivered') {
    await store.recordAttempt(
      { lease: claim.lease, startedAt: t0, durationMs: 5, outcome: 'success' },
      { status: 'delivered', at: t0 },
    );
  } else if (finish === 'dead') {
    await store.recordAttempt(
      { lease: claim.lease, startedAt: t0, durationMs: 5, outcome: 'permanent', error: 'HTTP 404' },
      { status: 'dead', at: t0, reason: 'HTTP 404' },
    );
  }
}

describe('countQueue', () => {
  it('gives no targets for an empty store', async () => {
    expect(await countQueue(createMemoryStore())).toEqual({});
  });

  it('counts pending and in-flight deliveries as queued, and dead letters apart, per target', async () => {
    const store = createMemoryStore();
    for (const id of ['evt_1', 'evt_2', 'evt_3', 'evt_4']) await enqueue(store, id, ['chat', 'mail']);
    await enqueue(store, 'evt_5', ['archive']);
    await claimOne(store, 'chat');
    await claimOne(store, 'chat', 'dead');
    await claimOne(store, 'chat', 'delivered');
    await claimOne(store, 'mail', 'dead');
    await claimOne(store, 'mail', 'dead');
    await claimOne(store, 'archive', 'delivered');

    expect(await countQueue(store)).toEqual({
      chat: { queued: 2, dead: 1 },
      mail: { queued: 2, dead: 2 },
      archive: { queued: 0, dead: 0 },
    });
  });
});
