import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { scheduleRetention } from '../../../src/store/schedule-retention.js';
import { FakeTime, settle } from '../worker/fake-time.js';

const hour = 3_600_000;
const t0 = Date.UTC(2025, 0, 1);

describe('scheduleRetention', () => {
  it('deletes delivered events past the retention age, at start and then every interval', async () => {
    const time = new FakeTime(t0);
    const store = createMemoryStore();
    const deliver = async (id: string, receivedAt: number) => {
      await store.enqueue(
        { id, source: 's', type: 't', dedupeKey: id, receivedAt, payload: {}, rawBody: '{}' },
        [{ id: `${id}_d`, route: 'r', target: 'x' }],
      );
      const [claim] = await store.claimDue({ target: 'x', now: receivedAt, limit: 1, leaseMs: 1000 });
      await store.recordAttempt(
        { lease: claim!.lease, startedAt: receivedAt, durationMs: 1, outcome: 'success' },
        { status: 'delivered', at: receivedAt },
      );
    };
    await deliver('old', t0 - 49 * hour);
    await deliver('young', t0 - hour);
    await store.enqueue(
      {
        id: 'waiting',
        source: 's',
        type: 't',
        dedupeKey: 'w',
        receivedAt: t0 - 50 * hour,
        payload: {},
        rawBody: '{}',
      },
      [{ id: 'waiting_d', route: 'r', target: 'y' }],
    );
    const retention = scheduleRetention(
      store,
      () => 48 * hour,
      () => time.now(),
      pino({ level: 'silent' }),
      {
        timers: time,
      },
    );
    await settle();
    expect(await store.getEvent('old')).toBeUndefined();
    expect(await store.getEvent('young')).toBeDefined();
    await time.advance(47 * hour);
    expect(await store.getEvent('young')).toBeDefined();
    await time.advance(hour);
    expect(await store.getEvent('young')).toBeUndefined();
    expect(await store.getEvent('waiting')).toBeDefined();
    retention.stop();
    expect(time.timerCount()).toBe(0);
  });
});
