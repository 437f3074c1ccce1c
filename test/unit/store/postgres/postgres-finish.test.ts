import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../../src/store/postgres/postgres-schema.js';
import { PostgresStore } from '../../../../src/store/postgres/postgres-store.js';
import type { AcceptedEvent } from '../../../../src/types.js';
import { createTestSchema, type TestSchema } from '../../../helpers/postgres-schema.js';

const t0 = Date.UTC(2025, 0, 1);

function event(n: number): AcceptedEvent {
  return {
    id: `evt_${n}`,
    source: 's',
    type: 't',
    dedupeKey: `k${n}`,
    receivedAt: t0,
    payload: {},
    rawBody: '{}',
  };
}

describe('finished attempts on PostgreSQL', () => {
  const cleanup: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setUp(): Promise<{
    store: PostgresStore;
    schema: TestSchema;
    heard: string[];
    next: () => Promise<void>;
  }> {
    const schema = await createTestSchema();
    cleanup.push(() => schema.drop());
    const pool = new pg.Pool({ connectionString: schema.url, max: 2 });
    await migratePostgres(pool);
    // Its own payload, so other tests' wake-ups on the same database are told apart.
    const replicaId = `finish-test-${randomUUID()}`;
    const store = new PostgresStore(pool, { replicaId });
    cleanup.push(() => store.close());
    const listener = new pg.Client({ connectionString: schema.url });
    await listener.connect();
    cleanup.push(() => listener.end());
    const heard: string[] = [];
    let waiter: (() => void) | undefined;
    listener.on('notification', (message) => {
      if (message.payload !== replicaId) return;
      heard.push(message.payload);
      waiter?.();
    });
    await listener.query('LISTEN hookgate_work');
    const next = (): Promise<void> => new Promise<void>((resolve) => (waiter = resolve));
    return { store, schema, heard, next };
  }

  it('writes a group of results in one statement, each fenced by its own lease', async () => {
    const { store } = await setUp();
    for (const n of [1, 2, 3]) await store.enqueue(event(n), [{ id: `d${n}`, route: 'r', target: 'crm' }]);
    const claims = await store.claimDue({ target: 'crm', now: t0, limit: 3, leaseMs: 1_000 });
    expect(claims).toHaveLength(3);
    const [a, b, c] = claims;
    if (!a || !b || !c) throw new Error('three claims expected');
    const stale = { ...b.lease, token: (b.lease.token ?? 0) + 1 };
    const results = await Promise.all([
      store.recordAttempt(
        { lease: a.lease, startedAt: t0, durationMs: 1, outcome: 'success', httpStatus: 200 },
        { status: 'delivered', at: t0 + 1 },
      ),
      store.recordAttempt(
        { lease: stale, startedAt: t0, durationMs: 1, outcome: 'success' },
        { status: 'delivered', at: t0 + 1 },
      ),
      store.recordAttempt(
        {
          lease: c.lease,
          startedAt: t0,
          durationMs: 1,
          outcome: 'retryable',
          httpStatus: 429,
          pauseTargetUntil: t0 + 9_000,
        },
        { status: 'pending', at: t0 + 1, nextAttemptAt: t0 + 9_000 },
      ),
    ]);
    expect(results).toEqual(['recorded', 'stale', 'recorded']);
    expect(await store.countByTargetAndStatus()).toEqual([
      { target: 'crm', status: 'pending', count: 1 },
      { target: 'crm', status: 'in_flight', count: 1 },
      { target: 'crm', status: 'delivered', count: 1 },
    ]);
    // Paused by the 429 until t0 + 9 s, past the in-flight lease (this pool reads bigint as text: no type parsers).
    expect((await store.dueTargets()).map((due) => String(due.dueAt))).toEqual([String(t0 + 9_000)]);
    const detail = await store.getEvent('evt_3');
    expect(detail?.deliveries[0]?.attempts).toMatchObject([{ attempt: 1, httpStatus: 429 }]);
  });

  it('wakes the other replicas when a result frees a slot while work of its target waits, and not otherwise', async () => {
    const { store, heard, next } = await setUp();
    const enqueued = next();
    // One group commit, so one statement and one wake-up: two in a row owe a second one at the end of the
    // wake-up window, which a slow machine heard only after `heard` was cleared below.
    await Promise.all(
      [1, 2].map((n) => store.enqueue(event(n), [{ id: `d${n}`, route: 'r', target: 'crm' }])),
    );
    await enqueued;
    const [first] = await store.claimDue({
      target: 'crm',
      now: t0,
      limit: 1,
      leaseMs: 60_000,
      gate: { concurrency: 1 },
    });
    if (!first) throw new Error('nothing claimed');
    heard.length = 0;
    const woken = next();
    await store.recordAttempt(
      { lease: first.lease, startedAt: t0, durationMs: 1, outcome: 'success' },
      { status: 'delivered', at: t0 + 1 },
    );
    await woken;
    expect(heard).toHaveLength(1);
    // The last one: nothing waits behind it, so its result wakes nobody; the next enqueue's wake-up is the next heard.
    const [second] = await store.claimDue({
      target: 'crm',
      now: t0 + 2,
      limit: 1,
      leaseMs: 60_000,
      gate: { concurrency: 1 },
    });
    if (!second) throw new Error('nothing claimed');
    await store.recordAttempt(
      { lease: second.lease, startedAt: t0 + 2, durationMs: 1, outcome: 'success' },
      { status: 'delivered', at: t0 + 3 },
    );
    const again = next();
    await store.enqueue(event(3), [{ id: 'd3', route: 'r', target: 'crm' }]);
    await again;
    expect(heard).toHaveLength(2);
  });
});
