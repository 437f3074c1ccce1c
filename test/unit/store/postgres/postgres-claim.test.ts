import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedStore } from '../../../../src/store/store-drivers.js';
import type { TargetGate } from '../../../../src/store/store.js';
import { createTestSchema, type TestSchema, openTestPostgres } from '../../../helpers/postgres-schema.js';

const t0 = Date.UTC(2025, 0, 1);

/** The gate's decision, made inside `hookgate_claim` with the target's row locked: what one claim may start. */
describe('hookgate_claim: the fleet-wide gate', () => {
  const schemas: TestSchema[] = [];
  const opened: OpenedStore[] = [];
  let schema: TestSchema;
  let handle: OpenedStore;
  let seq = 0;

  afterAll(async () => {
    for (const h of opened.splice(0)) await h.close();
    for (const s of schemas.splice(0)) await s.drop();
  });

  beforeEach(async () => {
    schema = await createTestSchema();
    schemas.push(schema);
    handle = await openTestPostgres(schema.url);
    opened.push(handle);
    for (let i = 0; i < 10; i++) {
      seq++;
      const id = `evt_${seq}`;
      await handle.store.enqueue(
        { id, source: 's', type: 't', dedupeKey: id, receivedAt: t0, payload: {}, rawBody: '{}' },
        [{ id: `${id}_d0`, route: 'r', target: 'crm' }],
      );
    }
  });

  async function setTarget(
    tokens: number | null,
    tokensAt: number | null,
    pausedUntil: number,
  ): Promise<void> {
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO targets (name, tokens, tokens_at, paused_until) VALUES ('crm', $1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET tokens = $1, tokens_at = $2, paused_until = $3`,
        [tokens, tokensAt, pausedUntil],
      );
    } finally {
      await client.end();
    }
  }

  const claim = async (gate: TargetGate, now: number, limit = 10): Promise<number> =>
    (await handle.store.claimDue({ target: 'crm', now, limit, leaseMs: 60_000, gate })).length;

  it('allows no more than the concurrency left across the fleet, and no more than asked', async () => {
    expect(await claim({ concurrency: 4 }, t0, 2)).toBe(2);
    expect(await claim({ concurrency: 4 }, t0)).toBe(2);
    expect(await claim({ concurrency: 4 }, t0)).toBe(0);
    // Leases that ran out no longer count.
    expect(await claim({ concurrency: 4 }, t0 + 60_000)).toBe(4);
  });

  it('starts a rate-limited target with a full bucket and refills it with time, up to the burst', async () => {
    const gate = { concurrency: 100, rateLimit: { perSecond: 2, burst: 3 } };
    expect(await claim(gate, t0)).toBe(3);
    expect(await claim(gate, t0 + 499)).toBe(0);
    expect(await claim(gate, t0 + 500)).toBe(1);
    await setTarget(0, t0 + 1_000, 0);
    expect(await claim(gate, t0 + 1_499)).toBe(0);
    expect(await claim(gate, t0 + 1_500)).toBe(1);
    expect(await claim(gate, t0 + 60_000)).toBe(3);
  });

  it('allows nothing while the target is paused, and everything due from the pause end', async () => {
    await setTarget(null, null, t0 + 5_000);
    expect(await claim({ concurrency: 4 }, t0 + 4_999)).toBe(0);
    expect(await claim({ concurrency: 4 }, t0 + 5_000)).toBe(4);
  });

  it('takes the oldest due first and hands back each claim with its event', async () => {
    const claims = await handle.store.claimDue({ target: 'crm', now: t0, limit: 3, leaseMs: 1_000 });
    expect(claims.map((c) => c.job.event.id)).toEqual([0, 1, 2].map((i) => `evt_${seq - 9 + i}`));
    expect(claims[0]).toMatchObject({
      leaseUntil: t0 + 1_000,
      job: { attempt: 1, event: { rawBody: '{}' } },
    });
  });
});
