import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveQueries, ArchivedStore, EventCursor } from '../../src/store/archive-queries.js';
import type { Store } from '../../src/store/store.js';
import type { AcceptedEvent } from '../../src/types.js';

export type ArchiveStoreFactory = () => (Store & ArchivedStore) | Promise<Store & ArchivedStore>;

const t0 = Date.UTC(2025, 0, 1, 12, 0);
const minute = 60_000;

/** What every `ArchiveQueries` must answer, on a fake clock (times are plain numbers passed in). */
export function runArchiveContract(name: string, makeStore: ArchiveStoreFactory): void {
  describe(`${name} archive contract`, () => {
    let store: Store & ArchivedStore;
    let archive: ArchiveQueries;

    beforeEach(async () => {
      store = await makeStore();
      archive = store.archive;
    });
    afterEach(async () => {
      await store.close();
    });

    function event(id: string, receivedAt: number, overrides: Partial<AcceptedEvent> = {}): AcceptedEvent {
      const payload = { type: 'transcript.completed', id };
      return {
        id,
        source: 'connect-it',
        type: 'transcript.completed',
        dedupeKey: id,
        receivedAt,
        payload,
        rawBody: JSON.stringify(payload),
        ...overrides,
      };
    }

    async function add(
      id: string,
      receivedAt: number,
      targets: string[],
      overrides: Partial<AcceptedEvent> = {},
    ) {
      await store.enqueue(
        event(id, receivedAt, overrides),
        targets.map((target, i) => ({ id: `${id}_d${i}`, route: 'r', target })),
      );
    }

    async function attempt(
      target: string,
      now: number,
      result: 'success' | 'retry' | 'dead',
      message?: string,
    ) {
      const [claim] = await store.claimDue({ target, now, limit: 1, leaseMs: minute });
      if (!claim) throw new Error(`nothing due for ${target}`);
      const failed = result !== 'success';
      await store.recordAttempt(
        {
          lease: claim.lease,
          startedAt: now,
          durationMs: 5,
          outcome: result === 'success' ? 'success' : result === 'retry' ? 'retryable' : 'permanent',
          ...(failed ? { error: 'HTTP 500', httpStatus: 500 } : { httpStatus: 200 }),
          ...(message !== undefined ? { message } : {}),
        },
        result === 'success'
          ? { status: 'delivered', at: now + 5 }
          : result === 'retry'
            ? { status: 'pending', at: now + 5, nextAttemptAt: now + minute }
            : { status: 'dead', at: now + 5, reason: 'permanent: HTTP 500' },
      );
      return claim.job.id;
    }

    async function allPages(filter = {}, limit = 2): Promise<string[]> {
      const ids: string[] = [];
      let cursor: EventCursor | undefined;
      do {
        const page = await archive.findEvents(filter, cursor, limit);
        ids.push(...page.events.map((e) => e.id));
        cursor = page.next;
      } while (cursor);
      return ids;
    }

    it('pages events newest first by cursor, ties broken by id, each once', async () => {
      await add('evt_a', t0, []);
      await add('evt_b', t0 + 1, []);
      await add('evt_c', t0 + 1, []);
      await add('evt_d', t0 + 2, []);
      await add('evt_e', t0 - 5, []);
      expect(await allPages()).toEqual(['evt_d', 'evt_c', 'evt_b', 'evt_a', 'evt_e']);
      const first = await archive.findEvents({}, undefined, 5);
      expect(first.next).toBeUndefined();
      const short = await archive.findEvents({}, undefined, 2);
      expect(short.next).toEqual({ receivedAt: t0 + 1, id: 'evt_c' });
    });

    it('filters by source, type, time range, target and status, with counts per delivery status', async () => {
      await add('evt_1', t0, ['slack']);
      await add('evt_2', t0 + 1, ['mail'], { source: 'github', type: 'push' });
      await add('evt_3', t0 + 2, []);
      await add('evt_4', t0 + 3, ['slack', 'mail']);
      await attempt('slack', t0 + 10, 'success');
      await attempt('slack', t0 + 11, 'dead');
      expect(await allPages({ source: 'github' })).toEqual(['evt_2']);
      expect(await allPages({ type: 'push' })).toEqual(['evt_2']);
      expect(await allPages({ from: t0 + 1, to: t0 + 3 })).toEqual(['evt_3', 'evt_2']);
      expect(await allPages({ target: 'mail' })).toEqual(['evt_4', 'evt_2']);
      expect(await allPages({ status: 'delivered' })).toEqual(['evt_1']);
      expect(await allPages({ status: 'dead' })).toEqual(['evt_4']);
      expect(await allPages({ status: 'pending' })).toEqual(['evt_2']);
      expect(await allPages({ status: 'unrouted' })).toEqual(['evt_3']);
      const [four] = (await archive.findEvents({ search: 'evt_4' }, undefined, 10)).events;
      expect(four).toMatchObject({
        id: 'evt_4',
        status: 'dead',
        deliveries: { pending: 1, in_flight: 0, delivered: 0, dead: 1 },
      });
    });

    it('finds an event by its id or by one of its delivery ids', async () => {
      await add('evt_x', t0, ['slack', 'mail']);
      await add('evt_y', t0 + 1, ['slack']);
      expect(await allPages({ search: 'evt_x' })).toEqual(['evt_x']);
      expect(await allPages({ search: 'evt_x_d1' })).toEqual(['evt_x']);
      expect(await allPages({ search: 'nothing' })).toEqual([]);
    });

    it('lists attempts of an event with the message sent and the planned retry', async () => {
      await add('evt_m', t0, ['slack']);
      await attempt('slack', t0 + 10, 'retry', '{"text":"hi"}');
      await attempt('slack', t0 + minute + 10, 'success', '{"text":"hi again"}');
      const attempts = await archive.attemptsOfEvent('evt_m');
      expect(attempts).toMatchObject([
        {
          deliveryId: 'evt_m_d0',
          attempt: 1,
          outcome: 'retryable',
          message: '{"text":"hi"}',
          nextAttemptAt: t0 + 10 + minute,
        },
        {
          deliveryId: 'evt_m_d0',
          attempt: 2,
          outcome: 'success',
          message: '{"text":"hi again"}',
          nextAttemptAt: null,
        },
      ]);
      expect(await archive.attemptsOfEvent('evt_none')).toEqual([]);
    });

    it('counts events and attempt results per minute in the range', async () => {
      await add('evt_1', t0 + 1_000, ['a']);
      await add('evt_2', t0 + 2_000, ['b']);
      await add('evt_3', t0 + minute, ['c']);
      await add('evt_old', t0 - 2 * minute, []);
      await attempt('a', t0 + 3_000, 'success');
      await attempt('b', t0 + minute + 1, 'retry');
      await attempt('c', t0 + minute + 2, 'dead');
      expect(await archive.activity(t0, t0 + 2 * minute)).toEqual([
        { minute: t0, events: 2, delivered: 1, retrying: 0, dead: 0 },
        { minute: t0 + minute, events: 1, delivered: 0, retrying: 1, dead: 1 },
      ]);
    });

    it('summarises receipt-to-delivery latency and the retries waiting per target', async () => {
      await add('evt_1', t0, ['a']);
      await add('evt_2', t0, ['a']);
      await add('evt_3', t0, ['b']);
      await attempt('a', t0 + 10, 'success');
      await attempt('a', t0 + 100, 'success');
      await attempt('b', t0 + 20, 'retry');
      expect(await archive.deliveryLatencies(t0)).toEqual({ count: 2, p50Ms: 15, p99Ms: 105 });
      expect(await archive.deliveryLatencies(t0 + 1_000)).toEqual({ count: 0, p50Ms: null, p99Ms: null });
      expect(await archive.retryWaiting()).toEqual([
        { target: 'b', waiting: 1, nextAttemptAt: t0 + 20 + minute },
      ]);
    });
  });
}
