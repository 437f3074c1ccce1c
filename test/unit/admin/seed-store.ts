import type { Store } from '../../../src/store/store.js';
import type { AcceptedEvent, JsonObject } from '../../../src/types.js';

export const t0 = Date.UTC(2025, 0, 1, 12);

/**
 * evt_a: delivered to slack; evt_b: dead at slack (2 attempts) and pending for mail; evt_c: in flight to slack;
 * evt_d: unrouted.
 */
export async function seedStore(store: Store): Promise<void> {
  const event = (id: string, receivedAt: number) => {
    const payload = { type: 'transcript.completed', data: { headline: `headline of ${id}` } };
    return {
      id,
      source: 'connect-it',
      type: 'transcript.completed',
      dedupeKey: id,
      receivedAt,
      payload,
      rawBody: JSON.stringify(payload),
    };
  };
  await store.enqueue(event('evt_a', t0), [{ id: 'dlv_a1', route: 'to-slack', target: 'slack' }]);
  await store.enqueue(event('evt_b', t0 + 1000), [
    { id: 'dlv_b1', route: 'to-slack', target: 'slack' },
    { id: 'dlv_b2', route: 'to-mail', target: 'mail' },
  ]);
  const [a] = await store.claimDue({ target: 'slack', now: t0 + 2000, limit: 1, leaseMs: 60_000 });
  await store.recordAttempt(
    { lease: a!.lease, startedAt: t0 + 2000, durationMs: 120, outcome: 'success', httpStatus: 200 },
    { status: 'delivered', at: t0 + 2120 },
  );
  const [b] = await store.claimDue({ target: 'slack', now: t0 + 3000, limit: 1, leaseMs: 60_000 });
  await store.recordAttempt(
    {
      lease: b!.lease,
      startedAt: t0 + 3000,
      durationMs: 80,
      outcome: 'retryable',
      httpStatus: 503,
      error: 'HTTP 503',
    },
    { status: 'pending', at: t0 + 3080, nextAttemptAt: t0 + 5000 },
  );
  const [b2] = await store.claimDue({ target: 'slack', now: t0 + 5000, limit: 1, leaseMs: 60_000 });
  await store.recordAttempt(
    {
      lease: b2!.lease,
      startedAt: t0 + 5000,
      durationMs: 40,
      outcome: 'permanent',
      httpStatus: 404,
      error: 'HTTP 404 channel_not_found',
    },
    { status: 'dead', at: t0 + 5040, reason: 'permanent failure' },
  );
  await store.enqueue(event('evt_c', t0 + 6000), [{ id: 'dlv_c1', route: 'to-slack', target: 'slack' }]);
  await store.claimDue({ target: 'slack', now: t0 + 7000, limit: 1, leaseMs: 60_000 });
  await store.enqueue(event('evt_d', t0 + 8000), []);
}

/** An accepted event whose payload nests `depth` arrays deep: JSON.parse reads it, JSON.stringify overflows. */
export function deepEvent(depth = 100_000): AcceptedEvent {
  const rawBody = `{"type":"deep.event","data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  return {
    id: 'evt_deep',
    source: 'connect-it',
    type: 'deep.event',
    dedupeKey: 'deep',
    receivedAt: t0,
    payload: JSON.parse(rawBody) as JsonObject,
    rawBody,
  };
}
